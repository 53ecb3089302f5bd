/*
 * MLR322 direct-forward-call: `model.forward(x)` instead of `model(x)` in PyTorch code.
 * A C check only for its gate: the file must use PyTorch or a library built on it, since
 * NumPy networks written from scratch and turtle graphics call `.forward()` legitimately.
 */
#include "engine/engine.h"

#include <ctype.h>
#include <string.h>

#include "rules/checks/pycall.h"
#include "rules/checks/pyscan.h"

static const char *const torch_modules[] = { "torch", "lightning", "pytorch_lightning", "transformers",
	"diffusers", "timm", "accelerate", "peft", "torchvision", "torchaudio", NULL };

/* super().forward(x) and Base.forward(self, x) call a parent's implementation on purpose. */
static bool is_parent_call(const mlr_py *py, TSNode recv)
{
	mlr_py_type_id t = mlr_py_type(recv);
	if (t == MLR_PY_T_CALL) {
		TSNode fn = mlr_py_child(recv, MLR_PY_F_FUNCTION);
		return !ts_node_is_null(fn) && mlr_py_text_eq(py, fn, "super");
	}
	TSNode last = recv;
	if (t == MLR_PY_T_ATTRIBUTE)
		last = mlr_py_child(recv, MLR_PY_F_ATTRIBUTE);
	else if (t != MLR_PY_T_IDENTIFIER)
		return false;
	if (ts_node_is_null(last))
		return false;
	size_t len;
	const char *s = mlr_py_text(py, last, &len);
	return len && isupper((unsigned char)s[0]);
}

/* `orig_forward`, `function_reference.forward`, `hook.forward`: hook and wrapper machinery
 * that holds a saved forward and must call it directly. */
static bool names_a_function(const mlr_py *py, TSNode recv)
{
	static const char *const words[] = { "func", "fn", "orig", "hook", "ref", "wrapped", "impl", NULL };
	TSNode last = recv;
	if (mlr_py_is(recv, MLR_PY_T_ATTRIBUTE))
		last = mlr_py_child(recv, MLR_PY_F_ATTRIBUTE);
	if (ts_node_is_null(last) || !mlr_py_is(last, MLR_PY_T_IDENTIFIER))
		return false;
	size_t len;
	const char *t = mlr_py_text(py, last, &len);
	for (size_t i = 0; words[i]; i++)
		if (memmem(t, len, words[i], strlen(words[i])))
			return true;
	return false;
}

/* Inside a custom __call__, forward is the implementation being dispatched to. */
static bool inside_call_dunder(const mlr_py *py, TSNode n)
{
	TSNode fn = mlr_pyscan_enclosing_function(py, n);
	if (ts_node_is_null(fn))
		return false;
	TSNode name = mlr_py_child(fn, MLR_PY_F_NAME);
	return !ts_node_is_null(name) && mlr_py_text_eq(py, name, "__call__");
}

typedef struct {
	mlr_file_ctx *ctx;
	const mlr_rule *rule;
} forward_state;

static void visit_call(const mlr_py *py, uint32_t at, void *payload)
{
	forward_state *st = payload;
	/* a method call's resolved name ends in the method's name */
	size_t clen;
	const char *callee = mlr_py_callee_name_at(py, at, &clen);
	if (callee && strcmp(mlr_pyscan_last(callee), "forward"))
		return;
	TSNode call = mlr_py_node(py, at);
	TSNode fn = mlr_py_field_at(py, at, MLR_PY_F_FUNCTION);
	if (ts_node_is_null(fn) || !mlr_py_is(fn, MLR_PY_T_ATTRIBUTE))
		return;
	TSNode attr = mlr_py_child(fn, MLR_PY_F_ATTRIBUTE);
	TSNode recv = mlr_py_child(fn, MLR_PY_F_OBJECT);
	if (ts_node_is_null(attr) || ts_node_is_null(recv) || !mlr_py_text_eq(py, attr, "forward"))
		return;
	if (is_parent_call(py, recv) || inside_call_dunder(py, call) || mlr_py_text_eq(py, recv, "self") ||
	    names_a_function(py, recv))
		return;
	size_t len;
	const char *t = mlr_py_text(py, recv, &len);
	int n = (int)(len > 60 ? 60 : len);
	mlr_emit_node(st->ctx, st->rule, call, false,
		"%.*s.forward(...) skips the module's hooks; call %.*s(...) instead", n, t, n, t);
}

void mlr_check_direct_forward_call(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	const mlr_py *py = ctx->py;
	bool torch = false;
	for (size_t i = 0; py && !torch && torch_modules[i]; i++)
		torch = mlr_py_imports(py, torch_modules[i]);
	if (!torch)
		return;
	forward_state st = { ctx, rule };
	mlr_py_each_at(py, "call", visit_call, &st);
}
