/*
 * Helpers shared by the data-quality, testing and serving checks: subtree walks that never
 * recurse on the C stack (a 3000-deep expression must not overflow it), and the file-level
 * questions several rules ask (is this a serving module, a pipeline job?).
 */
#ifndef MLR_RULES_CHECKS_PYSCAN_H
#define MLR_RULES_CHECKS_PYSCAN_H

#include "engine/engine.h"

/* Visits root and its named descendants in document order; returning false from fn skips
 * the node's children. (A root outside the node list, an anonymous one, is walked with
 * its anonymous descendants too.) */
typedef bool (*mlr_pyscan_fn)(const mlr_py *py, TSNode node, void *payload);
void mlr_pyscan_walk(const mlr_py *py, TSNode root, mlr_pyscan_fn fn, void *payload);

/* True if the file imports module, or a name from it (`from ray import serve` imports
 * "ray.serve"). */
bool mlr_pyscan_imports(const mlr_py *py, const char *module);

/* The first of modules[] the file imports, or NULL. */
const char *mlr_pyscan_imports_any(const mlr_py *py, const char *const *modules);

/* What makes a file production serving or pipeline code: the framework it imports
 * ("fastapi", "airflow"), or "AWS Lambda" for a `lambda_handler`. NULL when it is neither. */
const char *mlr_pyscan_service_kind(const mlr_py *py);

/* Defines an AWS Lambda handler: `lambda_handler`, or `handler(event, context)`. */
bool mlr_pyscan_defines_lambda_handler(const mlr_py *py);

/* The function_definition or lambda enclosing n, or a null node at module level. */
TSNode mlr_pyscan_enclosing_function(const mlr_py *py, TSNode n);

/* The class_definition fn is a method of (through decorators), or a null node. */
TSNode mlr_pyscan_enclosing_class(const mlr_py *py, TSNode fn);

/* Whether the class body defines a method of that name (`forward`, `__init__`). */
bool mlr_pyscan_class_defines(const mlr_py *py, TSNode cls, const char *method);

/* Inside the body of `if __name__ == "__main__":`. */
bool mlr_pyscan_in_main_guard(const mlr_py *py, TSNode n);

/* The last dotted segment of name. */
const char *mlr_pyscan_last(const char *name);

/* Does `path` hold the module named `module` ("pkg.sub" is "pkg/sub.py" or
 * "pkg/sub/__init__.py", at any depth, since src layouts put packages under src/)?
 * Relative imports (".sub") are taken relative to the importing file's directory. */
bool mlr_pyscan_module_is_path(const char *module, const char *importer, const char *path);

/* Which files of the repository each Python file imports (by module path). */
typedef struct {
	size_t **to;   /* to[i][0..count[i]): the files file i imports */
	size_t *count;
	size_t n;
} mlr_pyscan_graph;

/* Returns 0, or MLR_ENOMEM (the graph is then empty, never partial). */
int mlr_pyscan_graph_build(mlr_pyscan_graph *g, const mlr_repo_ctx *ctx);
void mlr_pyscan_graph_dispose(mlr_pyscan_graph *g);
bool mlr_pyscan_graph_edge(const mlr_pyscan_graph *g, size_t from, size_t to);

/* File i or a file near it in the import graph has any of flags: a file i imports (two
 * hops down, through package __init__ files), a file importing i, or a file imported
 * alongside i (`pipeline.py` importing both `load.py` and `schemas.py`). */
bool mlr_pyscan_near(const mlr_repo_ctx *ctx, const mlr_pyscan_graph *g, size_t i, uint32_t flags);
/* The same with a predicate instead of flags. */
typedef bool (*mlr_pyscan_pred)(const mlr_repo_ctx *ctx, size_t i, void *payload);
bool mlr_pyscan_near_by(const mlr_repo_ctx *ctx, const mlr_pyscan_graph *g, size_t i, mlr_pyscan_pred has,
	void *payload);

/* Path predicates. */
bool mlr_pyscan_has_dir(const char *path, const char *dir);
/* A web app the team operates itself (MLR_FACT_WEB_APP), outside tests, docs, examples
 * and notebooks. */
bool mlr_pyscan_is_operated_app(const mlr_repo_ctx *ctx, size_t i);
/* A test module, conftest or a helper under tests/: code that only runs under pytest. */
bool mlr_pyscan_is_test_code(const char *path, uint32_t flags);
bool mlr_pyscan_is_notebook(const char *path);

#endif
