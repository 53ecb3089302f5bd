/*
 * MLR602 swallowed-exception: in inference or pipeline code, a bare `except:` that does
 * not re-raise, or an `except Exception:` / `except BaseException:` whose body only
 * passes, continues or returns None. Specific exceptions (`except KeyError: pass`) are
 * a decision, not a swallow, and stay silent.
 */
#include "engine/engine.h"

#include <string.h>

#include "rules/checks/pyscan.h"

/* Libraries whose presence makes a module model, data or pipeline code. */
static const char *const ml_modules[] = {
	"torch", "tensorflow", "keras", "sklearn", "transformers", "diffusers", "onnxruntime",
	"xgboost", "lightgbm", "catboost", "jax", "pandas", "polars", "pyspark", "tritonclient",
	"vllm", "accelerate", "datasets", "mlflow", "joblib", NULL
};

typedef struct {
	mlr_file_ctx *ctx;
	const mlr_rule *rule;
} swallow_state;

static bool body_swallows(const mlr_py *py, TSNode block)
{
	uint32_t count = ts_node_named_child_count(block);
	bool any = false;
	for (uint32_t i = 0; i < count; i++) {
		TSNode s = ts_node_named_child(block, i);
		mlr_py_type_id t = mlr_py_type(s);
		if (t == MLR_PY_T_COMMENT)
			continue;
		any = true;
		if (t == MLR_PY_T_PASS_STATEMENT || t == MLR_PY_T_CONTINUE_STATEMENT)
			continue;
		if (t == MLR_PY_T_EXPRESSION_STATEMENT && ts_node_named_child_count(s) == 1 &&
		    mlr_py_is(ts_node_named_child(s, 0), MLR_PY_T_ELLIPSIS))
			continue;
		if (t == MLR_PY_T_RETURN_STATEMENT &&
		    (!ts_node_named_child_count(s) || mlr_py_text_eq(py, ts_node_named_child(s, 0), "None")))
			continue;
		return false;
	}
	return any;
}

typedef struct {
	bool raises;
} raise_scan;

static bool find_raise(const mlr_py *py, TSNode n, void *payload)
{
	raise_scan *rs = payload;
	mlr_py_type_id t = mlr_py_type(n);
	(void)py;
	if (t == MLR_PY_T_RAISE_STATEMENT)
		rs->raises = true;
	/* a raise inside a nested function does not leave this handler */
	return !rs->raises && t != MLR_PY_T_FUNCTION_DEFINITION && t != MLR_PY_T_LAMBDA;
}

/* `Exception`, `BaseException`, `(Exception, ...)`, with or without `as e`. */
static bool is_broad(const mlr_py *py, TSNode value)
{
	if (mlr_py_is(value, MLR_PY_T_AS_PATTERN) && ts_node_named_child_count(value))
		value = ts_node_named_child(value, 0);
	if (mlr_py_is(value, MLR_PY_T_TUPLE)) {
		uint32_t count = ts_node_named_child_count(value);
		for (uint32_t i = 0; i < count; i++)
			if (is_broad(py, ts_node_named_child(value, i)))
				return true;
		return false;
	}
	return mlr_py_text_eq(py, value, "Exception") || mlr_py_text_eq(py, value, "BaseException") ||
	       mlr_py_text_eq(py, value, "builtins.Exception");
}

/* A comment in the handler (`except Exception:  # optional, best effort`, or a line
 * above its body) documents a decision; a `# noqa: E722` is that decision already taken.
 * mlready's own directives are not such a comment. */
static bool has_comment(const mlr_py *py, TSNode parent)
{
	uint32_t count = ts_node_named_child_count(parent);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_named_child(parent, i);
		if (!mlr_py_is(c, MLR_PY_T_COMMENT))
			continue;
		size_t len;
		const char *t = mlr_py_text(py, c, &len);
		size_t k = 1;
		while (k < len && t[k] == ' ')
			k++;
		if (len - k < 7 || memcmp(t + k, "mlready", 7))
			return true;
	}
	return false;
}

static bool is_documented(const mlr_py *py, TSNode clause, TSNode block)
{
	return has_comment(py, clause) || has_comment(py, block);
}

static void visit_except(const mlr_py *py, TSNode clause, void *payload)
{
	swallow_state *st = payload;
	TSNode value = mlr_py_child(clause, MLR_PY_F_VALUE);
	TSNode block = { 0 };
	uint32_t count = ts_node_named_child_count(clause);
	for (uint32_t i = 0; i < count; i++)
		if (mlr_py_is(ts_node_named_child(clause, i), MLR_PY_T_BLOCK))
			block = ts_node_named_child(clause, i);
	if (ts_node_is_null(block) || is_documented(py, clause, block))
		return;
	if (ts_node_is_null(value)) {
		raise_scan rs = { false };
		mlr_pyscan_walk(py, block, find_raise, &rs);
		if (!rs.raises)
			mlr_emit_node(st->ctx, st->rule, clause, false,
				body_swallows(py, block)
					? "bare `except:` swallows every error, KeyboardInterrupt and SystemExit included: catch the exceptions you expect and log the rest"
					: "bare `except:` catches everything, KeyboardInterrupt and SystemExit included: catch the exceptions you expect, or `except Exception` and log it");
		return;
	}
	if (is_broad(py, value) && body_swallows(py, block))
		mlr_emit_node(st->ctx, st->rule, clause, false,
			"`except Exception` that does nothing: the failure disappears without a log line or a metric");
}

void mlr_check_swallowed_exception(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	const mlr_py *py = ctx->py;
	uint32_t fl = ctx->facts->flags;
	if (mlr_pyscan_is_test_code(ctx->file->path, fl))
		return;
	bool relevant = (fl & (MLR_FACT_SERVES | MLR_FACT_TRAINS | MLR_FACT_LOADS_DATA | MLR_FACT_ML_FUNCTIONS)) ||
	                mlr_pyscan_service_kind(py) || mlr_pyscan_imports_any(py, ml_modules);
	if (!relevant)
		return;
	swallow_state st = { ctx, rule };
	mlr_py_each(py, "except_clause", visit_except, &st);
}
