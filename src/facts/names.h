/*
 * Name and path tests the file-fact extractors (python.c, quality.c) share, and one the
 * checks ask of the facts they left.
 */
#ifndef MLR_FACTS_NAMES_H
#define MLR_FACTS_NAMES_H

#include <stdbool.h>

#include "engine/engine.h"

/* Is dir one of path's directories, matched exactly (unlike mlr_path_has_dir, case
 * counts: "Tests/" is not "tests/")? */
bool mlr_facts_has_dir(const char *path, const char *dir);

/* The last dotted segment of name: "fit" of "model.fit", name itself without a dot. */
const char *mlr_facts_last_segment(const char *name);

/* The file imports mod or a module below it ("torch" matches "torch.nn", not "torchvision"). */
bool mlr_facts_imports(const mlr_file_facts *f, const char *mod);

#endif
