/*
 * MLR601 print-in-serving: print() in a serving or pipeline module (FastAPI, Flask,
 * BentoML, Ray Serve, KServe, Lambda handlers, Airflow/Prefect/Dagster/Kubeflow jobs...).
 * A `__main__` block is a command line, not the service: prints there stay silent.
 */
#include "engine/engine.h"

#include <string.h>

#include "rules/checks/pyscan.h"

typedef struct {
	mlr_file_ctx *ctx;
	const mlr_rule *rule;
	const char *kind;
} print_state;

static void visit_call(const mlr_py *py, uint32_t at, void *payload)
{
	print_state *st = payload;
	TSNode call = mlr_py_node(py, at);
	size_t len;
	const char *name = mlr_py_callee_name_at(py, at, &len);
	if (name && (!strcmp(name, "print") || !strcmp(name, "rich.print")) && !mlr_pyscan_in_main_guard(py, call))
		mlr_emit_node(st->ctx, st->rule, call, false,
			"print() in %s code: use logging so the message has a level and a timestamp and reaches the log pipeline",
			st->kind);
}

void mlr_check_print_in_serving(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	if (mlr_pyscan_is_test_code(ctx->file->path, ctx->facts->flags) || ctx->nb)
		return;
	print_state st = { ctx, rule, mlr_pyscan_service_kind(ctx->py) };
	if (!st.kind)
		return;
	mlr_py_each_at(ctx->py, "call", visit_call, &st);
}
