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
		const char *t = ts_node_type(s);
		if (!strcmp(t, "comment"))
			continue;
		any = true;
		if (!strcmp(t, "pass_statement") || !strcmp(t, "continue_statement"))
			continue;
		if (!strcmp(t, "expression_statement") && ts_node_named_child_count(s) == 1 &&
		    !strcmp(ts_node_type(ts_node_named_child(s, 0)), "ellipsis"))
			continue;
		if (!strcmp(t, "return_statement") &&
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
	const char *t = ts_node_type(n);
	(void)py;
	if (!strcmp(t, "raise_statement"))
		rs->raises = true;
	/* a raise inside a nested function does not leave this handler */
	return !rs->raises && strcmp(t, "function_definition") && strcmp(t, "lambda");
}

/* `Exception`, `BaseException`, `(Exception, ...)`, with or without `as e`. */
static bool is_broad(const mlr_py *py, TSNode value)
{
	if (!strcmp(ts_node_type(value), "as_pattern") && ts_node_named_child_count(value))
		value = ts_node_named_child(value, 0);
	if (!strcmp(ts_node_type(value), "tuple")) {
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
		if (strcmp(ts_node_type(c), "comment"))
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
	TSNode value = ts_node_child_by_field_name(clause, "value", 5);
	TSNode block = { 0 };
	uint32_t count = ts_node_named_child_count(clause);
	for (uint32_t i = 0; i < count; i++)
		if (!strcmp(ts_node_type(ts_node_named_child(clause, i)), "block"))
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
