/* The subset of .gitignore that the plain-directory walker honours (see ignore.c). */
#ifndef MLR_SOURCE_IGNORE_H
#define MLR_SOURCE_IGNORE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct mlr_ignore mlr_ignore;

/* Parses .gitignore text (need not be NUL-terminated). */
int mlr_ignore_parse(mlr_ignore **out, const char *text, size_t len);
/* Loads <rootfd>/.gitignore; a missing file gives an empty rule set. */
int mlr_ignore_load(mlr_ignore **out, int rootfd);
/* path is relative to the root, '/'-separated; is_dir says whether it names a directory. */
bool mlr_ignore_match(const mlr_ignore *ig, const char *path, bool is_dir);
void mlr_ignore_free(mlr_ignore *ig);

#endif
