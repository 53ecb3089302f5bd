/*
 * MLR305 conflicting-determinism: a file asks for deterministic kernels and, on the same
 * path, turns on a setting that makes them nondeterministic again (cudnn.benchmark, a
 * Lightning Trainer's benchmark=True). Settings in different branches of one `if` (the
 * usual `if args.deterministic: ... else: cudnn.benchmark = True`) or in different
 * functions do not conflict.
 */
#include "engine/engine.h"

#include <string.h>

#include "core/buf.h"
#include "rules/checks/pycall.h"
#include "rules/checks/pyscan.h"

typedef mlr_array(TSNode) node_array;

typedef struct {
	node_array asks;  /* settings that ask for determinism */
	node_array fast;  /* settings that undo it */
	node_array resets; /* settings that turn either off again */
} determinism_state;

static bool is_true(TSNode n)
{
	return !ts_node_is_null(n) && mlr_py_is(n, MLR_PY_T_TRUE);
}

static bool is_false(TSNode n)
{
	return !ts_node_is_null(n) && mlr_py_is(n, MLR_PY_T_FALSE);
}

static void visit_assignment(const mlr_py *py, uint32_t at, void *payload)
{
	determinism_state *st = payload;
	TSNode n = mlr_py_node(py, at);
	TSNode right = mlr_py_field_at(py, at, MLR_PY_F_RIGHT);
	if (!(is_true(right) || is_false(right)))
		return;
	TSNode left = mlr_py_field_at(py, at, MLR_PY_F_LEFT);
	if (ts_node_is_null(left))
		return;
	bool det = mlr_resolves_to(py, left, "torch.backends.cudnn.deterministic");
	bool bench = !det && mlr_resolves_to(py, left, "torch.backends.cudnn.benchmark");
	if (!det && !bench)
		return;
	/* deterministic = False or benchmark = False ends a conflict that started earlier */
	(void)mlr_array_push(is_false(right) ? &st->resets : det ? &st->asks : &st->fast, n);
}

static void visit_call(const mlr_py *py, uint32_t at, void *payload)
{
	determinism_state *st = payload;
	TSNode call = mlr_py_node(py, at);
	static const char *const use_det[] = { "torch.use_deterministic_algorithms", NULL };
	static const char *const op_det[] = { "tensorflow.config.experimental.enable_op_determinism",
		"tensorflow.config.enable_op_determinism", "keras.config.enable_op_determinism", NULL };
	static const char *const trainers[] = { "*.Trainer", "*.Fabric", NULL };
	size_t len = 0;
	const char *callee = mlr_py_callee_name_at(py, at, &len);
	if (!callee)
		return;
	if (mlr_name_in(callee, len, use_det)) {
		TSNode mode = mlr_py_kwarg(py, call, "mode");
		if (ts_node_is_null(mode))
			mode = mlr_py_positional(call, 0);
		if (is_true(mode))
			(void)mlr_array_push(&st->asks, call);
		else if (is_false(mode))
			(void)mlr_array_push(&st->resets, call);
	} else if (mlr_name_in(callee, len, op_det)) {
		(void)mlr_array_push(&st->asks, call);
	} else if (mlr_name_in(callee, len, trainers)) {
		TSNode det = mlr_py_kwarg(py, call, "deterministic");
		TSNode bench = mlr_py_kwarg(py, call, "benchmark");
		if (is_true(det) || (!ts_node_is_null(det) && mlr_py_text_eq(py, det, "\"warn\"")))
			(void)mlr_array_push(&st->asks, mlr_py_parent(py, det));
		if (is_true(bench))
			(void)mlr_array_push(&st->fast, mlr_py_parent(py, bench));
	}
}

/* Do a and b run on different branches of one `if`/`try`/conditional expression? */
static bool exclusive(const mlr_py *py, TSNode a, TSNode b)
{
	node_array up = { 0 };
	bool result = false;
	for (TSNode p = a; !ts_node_is_null(p); p = mlr_py_parent(py, p))
		if (mlr_array_push(&up, p) < 0)
			goto cleanup;
	TSNode below_b = b;
	for (TSNode p = b; !ts_node_is_null(p); below_b = p, p = mlr_py_parent(py, p)) {
		for (size_t i = 1; i < up.len; i++) {
			if (!ts_node_eq(up.items[i], p))
				continue;
			mlr_py_type_id t = mlr_py_type(p);
			bool branching = t == MLR_PY_T_IF_STATEMENT || t == MLR_PY_T_CONDITIONAL_EXPRESSION ||
			                 t == MLR_PY_T_TRY_STATEMENT || t == MLR_PY_T_MATCH_STATEMENT;
			result = branching && !ts_node_eq(up.items[i - 1], below_b);
			goto cleanup;
		}
	}
cleanup:
	mlr_array_delete(&up);
	return result;
}

static bool same_scope(const mlr_py *py, TSNode a, TSNode b)
{
	TSNode fa = mlr_pyscan_enclosing_function(py, a), fb = mlr_pyscan_enclosing_function(py, b);
	if (ts_node_is_null(fa) || ts_node_is_null(fb))
		return ts_node_is_null(fa) && ts_node_is_null(fb);
	return ts_node_eq(fa, fb);
}

/* `use_deterministic_algorithms(False)` or `benchmark = False` between the two, in the
 * same scope: the code switches from one mode to the other (a test saving and restoring
 * global state does this). */
static bool reset_between(const mlr_py *py, const determinism_state *st, TSNode a, TSNode b)
{
	uint32_t lo = ts_node_start_byte(a), hi = ts_node_start_byte(b);
	if (lo > hi) {
		uint32_t t = lo;
		lo = hi;
		hi = t;
	}
	for (size_t i = 0; i < st->resets.len; i++) {
		TSNode r = st->resets.items[i];
		uint32_t at = ts_node_start_byte(r);
		if (at > lo && at < hi && same_scope(py, r, a))
			return true;
	}
	return false;
}

void mlr_check_conflicting_determinism(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	const mlr_py *py = ctx->py;
	if (!py || !(mlr_py_imports(py, "torch") || mlr_py_imports(py, "lightning") ||
	             mlr_py_imports(py, "pytorch_lightning")))
		return;
	determinism_state st = { { 0 }, { 0 }, { 0 } };
	static const mlr_py_visitor_at visitors[] = {
		{ "assignment", visit_assignment },
		{ "call", visit_call },
		{ NULL, NULL }
	};
	mlr_py_visit_at(py, visitors, &st);
	for (size_t f = 0; f < st.fast.len; f++) {
		for (size_t a = 0; a < st.asks.len; a++) {
			TSNode fast = st.fast.items[f], ask = st.asks.items[a];
			if (!same_scope(py, fast, ask) || exclusive(py, fast, ask) || reset_between(py, &st, fast, ask))
				continue;
			size_t flen, alen;
			const char *ft = mlr_py_text(py, fast, &flen), *at = mlr_py_text(py, ask, &alen);
			mlr_emit_node(ctx, rule, fast, false,
				"`%.*s` lets cuDNN pick kernels by timing, undoing `%.*s` (line %u)",
				(int)(flen > 60 ? 60 : flen), ft, (int)(alen > 60 ? 60 : alen), at,
				ts_node_start_point(ask).row + 1);
			break;
		}
	}
	mlr_array_delete(&st.asks);
	mlr_array_delete(&st.fast);
	mlr_array_delete(&st.resets);
}
