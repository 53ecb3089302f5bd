/*
 * MLR320 missing-zero-grad: a loop that runs a backward pass and an optimizer step but
 * never clears the gradients. Per loop, over its body (code in nested functions and
 * lambdas runs elsewhere, e.g. an LBFGS closure, and is left out): backward, step and
 * zero_grad calls are noted; a loop with the first two and not the third is reported at
 * its step. An outer loop that zeroes once per epoch does not excuse an inner loop that
 * steps once per batch, because the inner loop is checked on its own. A backward pass of
 * distributed autograd (torch.distributed.autograd) keeps its gradients in a per-iteration
 * context, not in .grad, so its loops have nothing to clear.
 */
#include "engine/engine.h"

#include <ctype.h>
#include <string.h>

#include "core/buf.h"
#include "rules/checks/pycall.h"
#include "rules/checks/pyscan.h"

typedef struct {
	bool backward, zero;
	TSNode step; /* the first optimizer step, or null */
	mlr_array(TSNode) bound; /* names assigned in the loop */
} loop_scan;

static bool contains_ci(const char *s, size_t len, const char *needle)
{
	size_t nl = strlen(needle);
	for (size_t i = 0; i + nl <= len; i++) {
		size_t k = 0;
		while (k < nl && tolower((unsigned char)s[i + k]) == needle[k])
			k++;
		if (k == nl)
			return true;
	}
	return false;
}

/* `optimizer.step()`, `self.opt_g.step()`, `scaler.step(optimizer)`; not
 * `lr_scheduler.step()`, `env.step(action)` or `ema.step()`. */
static bool is_optimizer_step(const mlr_py *py, TSNode fn)
{
	TSNode recv = mlr_py_child(fn, MLR_PY_F_OBJECT);
	if (ts_node_is_null(recv))
		return false;
	size_t len;
	const char *t = mlr_py_text(py, recv, &len);
	if (contains_ci(t, len, "sched"))
		return false;
	return contains_ci(t, len, "opt") || contains_ci(t, len, "scaler");
}

static void note_call(loop_scan *s, const mlr_py *py, uint32_t at)
{
	TSNode call = mlr_py_node(py, at);
	TSNode fn;
	uint32_t fn_at = mlr_py_field_pos(py, at, MLR_PY_F_FUNCTION, &fn);
	if (ts_node_is_null(fn))
		return;
	mlr_buf name = MLR_BUF_INIT;
	if (!(fn_at == MLR_PY_NO_INDEX ? mlr_py_dotted(&name, py, fn) : mlr_py_dotted_at(&name, py, fn_at))) {
		mlr_buf_dispose(&name);
		return;
	}
	const char *n = mlr_buf_cstr(&name);
	const char *last = mlr_pyscan_last(n);
	size_t nlen = name.len;
	if (!strcmp(last, "backward") || !strcmp(last, "manual_backward")) {
		/* dist_autograd.backward(context_id, ...) accumulates into its context, which
		 * each iteration's `with dist_autograd.context()` makes anew: nothing to clear */
		mlr_buf res = MLR_BUF_INIT;
		mlr_py_resolve(&res, py, n, nlen);
		if (strncmp(mlr_buf_cstr(&res), "torch.distributed.autograd.", 27))
			s->backward = true;
		mlr_buf_dispose(&res);
	}
	else if (strstr(last, "zero_grad"))
		s->zero = true;
	/* p.grad.zero_(), p.grad.data.zero_() */
	else if (!strcmp(last, "zero_") && (strstr(n, ".grad.") || (nlen >= 11 && !strcmp(n + nlen - 11, ".grad.zero_"))))
		s->zero = true;
	else if (!strcmp(last, "step") && mlr_py_is(fn, MLR_PY_T_ATTRIBUTE) && is_optimizer_step(py, fn) &&
	         ts_node_is_null(s->step))
		s->step = call;
	mlr_buf_dispose(&name);
}

static bool scan(const mlr_py *py, uint32_t at, void *payload)
{
	loop_scan *s = payload;
	mlr_py_type_id t = py->types[at];
	if (t == MLR_PY_T_FUNCTION_DEFINITION || t == MLR_PY_T_CLASS_DEFINITION || t == MLR_PY_T_LAMBDA)
		return false; /* runs elsewhere */
	if (t == MLR_PY_T_CALL) {
		note_call(s, py, at);
	} else if (t == MLR_PY_T_ASSIGNMENT) {
		TSNode left = mlr_py_field_at(py, at, MLR_PY_F_LEFT);
		if (!ts_node_is_null(left))
			(void)mlr_array_push(&s->bound, left);
		/* p.grad = None */
		TSNode right = mlr_py_field_at(py, at, MLR_PY_F_RIGHT);
		if (!ts_node_is_null(left) && !ts_node_is_null(right) && mlr_py_is(left, MLR_PY_T_ATTRIBUTE) &&
		    mlr_py_is(right, MLR_PY_T_NONE)) {
			TSNode a = mlr_py_child(left, MLR_PY_F_ATTRIBUTE);
			if (!ts_node_is_null(a) && mlr_py_text_eq(py, a, "grad"))
				s->zero = true;
		}
	}
	return true;
}

/* `opt = torch.optim.SGD([x], ...)` inside the loop: a fresh optimizer (and usually fresh
 * leaf tensors) every iteration, as in per-step latent optimization. */
static bool built_in_loop(const mlr_py *py, const loop_scan *s)
{
	TSNode fn = mlr_py_child(s->step, MLR_PY_F_FUNCTION);
	TSNode recv = mlr_py_child(fn, MLR_PY_F_OBJECT);
	if (ts_node_is_null(recv))
		return false;
	for (size_t i = 0; i < s->bound.len; i++)
		if (mlr_py_same_text(py, s->bound.items[i], recv))
			return true;
	return false;
}

typedef struct {
	mlr_file_ctx *ctx;
	const mlr_rule *rule;
} zero_state;

static void visit_loop(const mlr_py *py, uint32_t at, void *payload)
{
	zero_state *st = payload;
	TSNode body;
	uint32_t body_at = mlr_py_field_pos(py, at, MLR_PY_F_BODY, &body);
	if (ts_node_is_null(body) || body_at == MLR_PY_NO_INDEX)
		return;
	loop_scan s = { 0 };
	mlr_py_walk(py, body_at, scan, &s);
	if (s.backward && !ts_node_is_null(s.step) && !s.zero && !built_in_loop(py, &s)) {
		TSNode fn = mlr_py_child(s.step, MLR_PY_F_FUNCTION);
		size_t len;
		const char *t = mlr_py_text(py, fn, &len);
		/* an outer loop around an inner one reports the same step: the engine merges them */
		mlr_emit_node(st->ctx, st->rule, s.step, false,
			"%.*s() in a loop that never clears gradients (no zero_grad()): each step applies the sum of all earlier gradients",
			(int)(len > 60 ? 60 : len), t);
	}
	mlr_array_delete(&s.bound);
}

void mlr_check_missing_zero_grad(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	const mlr_py *py = ctx->py;
	if (!py || !(mlr_py_imports(py, "torch") || mlr_py_imports(py, "lightning") ||
	             mlr_py_imports(py, "pytorch_lightning") || mlr_py_imports(py, "accelerate")))
		return;
	zero_state st = { ctx, rule };
	static const mlr_py_visitor_at visitors[] = {
		{ "for_statement", visit_loop },
		{ "while_statement", visit_loop },
		{ NULL, NULL }
	};
	mlr_py_visit_at(py, visitors, &st);
}
