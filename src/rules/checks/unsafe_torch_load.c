/*
 * MLR203 unsafe-torch-load: torch.load (and load_state_dict_from_url) that may unpickle
 * arbitrary objects: weights_only missing, False or None. A weights_only value computed at
 * run time is the caller's decision (a wrapper forwarding its own parameter) and stays
 * silent. Test code is left alone: tests load the checkpoints they just saved.
 */
#include "engine/engine.h"

#include <string.h>

#include "rules/checks/pycall.h"
#include "rules/checks/pyscan.h"

static const char *const torch_loads[] = { "torch.load", "torch.serialization.load",
	"torch.hub.load_state_dict_from_url", "torch.utils.model_zoo.load_url", NULL };

typedef struct {
	mlr_file_ctx *ctx;
	const mlr_rule *rule;
} torch_load_state;

static void visit_call(const mlr_py *py, uint32_t at, void *payload)
{
	torch_load_state *st = payload;
	if (!mlr_callee_in_at(py, at, torch_loads))
		return;
	TSNode call = mlr_py_node(py, at);
	TSNode v = mlr_py_kwarg(py, call, "weights_only");
	const char *why;
	if (ts_node_is_null(v))
		why = "without weights_only=True";
	else if (mlr_py_is(v, MLR_PY_T_FALSE))
		why = "with weights_only=False";
	else if (mlr_py_is(v, MLR_PY_T_NONE))
		why = "with weights_only=None";
	else
		return;
	TSNode fn = mlr_py_child(call, MLR_PY_F_FUNCTION);
	size_t len;
	const char *t = mlr_py_text(py, fn, &len);
	mlr_emit_node(st->ctx, st->rule, call, false,
		"%.*s() %s unpickles the checkpoint: a crafted file runs code as it loads",
		(int)(len > 60 ? 60 : len), t, why);
}

void mlr_check_unsafe_torch_load(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	if (!ctx->py || mlr_pyscan_is_test_code(ctx->file->path, ctx->facts->flags))
		return;
	torch_load_state st = { ctx, rule };
	mlr_py_each_at(ctx->py, "call", visit_call, &st);
}
