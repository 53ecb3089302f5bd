/*
 * Two questions the Python-pack checks (MLR2xx/MLR3xx) ask of a syntax tree, next to the
 * walks and path predicates of pyscan.h: what a call resolves to, and where a scope starts.
 */
#ifndef MLR_RULES_CHECKS_PYCALL_H
#define MLR_RULES_CHECKS_PYCALL_H

#include <stdbool.h>

#include "python/py.h"

/* A function, lambda or class: code in it does not run where it is written. */
bool mlr_node_is_scope(TSNode n);

/* Is the call's callee, resolved through the imports, one of names (NULL-terminated;
 * "mod.*" and "*.attr" patterns as in the #resolves-to? query predicate)? */
bool mlr_callee_in(const mlr_py *py, TSNode call, const char *const *names);

/* The same for the call at position `at` of py->nodes (an mlr_py_each_at visitor's). */
bool mlr_callee_in_at(const mlr_py *py, uint32_t at, const char *const *names);

/* The same for a name in hand (mlr_py_callee_name): a check that tries several lists
 * looks the callee up once. False for a NULL name. */
bool mlr_name_in(const char *name, size_t len, const char *const *names);

/* Does the dotted name or attribute chain n resolve to exactly `want`? */
bool mlr_resolves_to(const mlr_py *py, TSNode n, const char *want);

#endif
