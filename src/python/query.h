/*
 * Query rules: tree-sitter queries over a Python tree, with the predicates the C library
 * leaves to its caller. Supported (a capture @c, strings "s"):
 *
 *   (#eq? @c "s") (#eq? @a @b) (#not-eq? ...)
 *   (#match? @c "pcre2") (#not-match? ...)
 *   (#any-of? @c "s1" "s2" ...) (#not-any-of? ...)
 *   (#resolves-to? @c "torch.load" "numpy.*" "*.fit") (#not-resolves-to? ...)
 *       @c's dotted name resolved through the file's imports, compared exactly, by prefix
 *       ("numpy.*") or by last segments ("*.fit")
 *   (#has-kwarg? @call "name") (#has-kwarg? @call "name" "True") (#not-has-kwarg? ...)
 *
 * The finding is reported at the capture named @finding, or the match's first capture.
 * A compiled set is immutable and shared by all workers; each worker has its own cursor.
 */
#ifndef MLR_PYTHON_QUERY_H
#define MLR_PYTHON_QUERY_H

#include "mlready.h"
#include "python/py.h"

typedef struct mlr_query_set mlr_query_set;

/* The name patterns of #resolves-to?, for C checks too: "numpy.*" matches numpy and
 * below, "*.fit" any name ending in .fit (and "fit"), anything else exactly. */
bool mlr_name_matches(const char *name, size_t nlen, const char *pat, size_t plen);

/* Compiles the queries of every rule in rules[0..n) that has one. A bad query or predicate
 * is MLR_ERULE naming the rule and the offset. */
int mlr_query_set_new(mlr_query_set **out, const mlr_rule *const *rules, size_t n);
void mlr_query_set_delete(mlr_query_set *qs);

/* Compiles one query for one rule (used by the set and by tests). */
typedef struct mlr_query mlr_query;
int mlr_query_new(mlr_query **out, const mlr_rule *rule, const char *source);
void mlr_query_delete(mlr_query *q);

typedef void (*mlr_query_emit_fn)(void *payload, const mlr_rule *rule, TSNode node);

void mlr_query_run(const mlr_query *q, TSQueryCursor *cursor, const mlr_py *py,
	mlr_query_emit_fn emit, void *payload);
/* active: per rule of the set (mlr_query_set_rule order), whether it runs; NULL: all.
 * budget_us (0: none) bounds the run: false when it stopped there, with the matches found
 * so far emitted. */
bool mlr_query_set_run(const mlr_query_set *qs, TSQueryCursor *cursor, const mlr_py *py,
	const bool *active, uint64_t budget_us, mlr_query_emit_fn emit, void *payload);
/* The set's rules, in the order `active` follows. */
size_t mlr_query_set_rule_count(const mlr_query_set *qs);
const mlr_rule *mlr_query_set_rule(const mlr_query_set *qs, size_t i);

#endif
