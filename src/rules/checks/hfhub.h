/*
 * What MLR206 and MLR207 agree on about Hugging Face Hub calls: which strings name a Hub
 * repository, and when a call's revision is pinned (or chosen by its caller).
 */
#ifndef MLR_RULES_CHECKS_HFHUB_H
#define MLR_RULES_CHECKS_HFHUB_H

#include <stdbool.h>
#include <stddef.h>

#include "python/py.h"

/* "org/name" or "name": letters, digits, '_', '.', '-', one optional '/'. Local paths start
 * with '.', '/' or '~', or have more than one '/'. */
bool mlr_hf_is_repo_id(const char *s, size_t n);

/* revision= is a commit (7 to 40 hex digits), or chosen at run time (not a literal, not
 * None), or may come in through **kwargs. */
bool mlr_hf_revision_handled(const mlr_py *py, TSNode call);

#endif
