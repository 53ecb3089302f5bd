/*
 * MLR304 tracker-run-without-logging: a training entry point starts an experiment-tracker
 * run (mlflow.start_run, wandb.init, ...) but logs no parameters, or no metrics, to it.
 * MLR301 asks whether a training script touches a tracker at all; this asks whether the
 * run it starts records what a run is for. One walk classifies every call and assignment;
 * a run object handed to another function (`train(model, run)`) may be logged to there,
 * so such a file is left alone.
 */
#include "engine/engine.h"

#include <string.h>

#include "core/buf.h"
#include "rules/checks/pycall.h"
#include "rules/checks/pyscan.h"

static const struct {
	const char *call;
	const char *tracker;
	bool logs_params; /* starting the run already records the configuration */
} starters[] = {
	{ "mlflow.start_run", "mlflow", false },
	{ "wandb.init", "wandb", false },
	{ "neptune.init_run", "neptune", false },
	{ "neptune.init", "neptune", false },
	{ "neptune.new.init_run", "neptune", false },
	{ "comet_ml.Experiment", "comet_ml", false },
	{ "comet_ml.OfflineExperiment", "comet_ml", false },
	{ "comet_ml.start", "comet_ml", false },
	{ "clearml.Task.init", "clearml", true }, /* captures argparse arguments itself */
	{ "aim.Run", "aim", false },
	{ "dvclive.Live", "dvclive", false },
	{ NULL, NULL, false }
};

static const char *const param_methods[] = { "log_param", "log_params", "log_parameter",
	"log_parameters", "log_hyperparams", "log_hparams", "connect", "connect_configuration",
	"set_parameter", "set_parameters", NULL };
static const char *const metric_methods[] = { "log_metric", "log_metrics", "report_scalar",
	"report_single_value", "track", "log_scalar", NULL };
/* Integrations that log a framework's metrics by themselves. */
static const char *const metric_integrations[] = { "WandbCallback", "WandbMetricsLogger",
	"WandbEvalCallback", "MLflowCallback", "MlflowCallback", "CometCallback", "NeptuneCallback",
	"DVCLiveCallback", "WandbLogger", "MLFlowLogger", "CometLogger", "NeptuneLogger",
	"DVCLiveLogger", "AimLogger", "AimCallback", NULL };

typedef struct {
	mlr_file_ctx *ctx;
	TSNode start;        /* the first run started, or null */
	const char *tracker;
	mlr_array(TSNode) vars; /* names the run object is bound to */
	bool params, metrics, delegated;
} run_state;

static bool in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

/* Is n (a name or attribute chain) one of the run's bindings? */
static bool is_run_var(const run_state *st, TSNode n)
{
	for (size_t i = 0; i < st->vars.len; i++)
		if (mlr_py_same_text(st->ctx->py, st->vars.items[i], n))
			return true;
	return false;
}

/* Does the chain pass through `.config` (params) or `.summary` (metrics)? */
static bool chain_has(const mlr_py *py, TSNode n, const char *attr)
{
	for (int i = 0; i < 32 && !ts_node_is_null(n); i++) {
		mlr_py_type_id t = mlr_py_type(n);
		if (t == MLR_PY_T_ATTRIBUTE) {
			TSNode a = mlr_py_child(n, MLR_PY_F_ATTRIBUTE);
			if (!ts_node_is_null(a) && mlr_py_text_eq(py, a, attr))
				return true;
			n = mlr_py_child(n, MLR_PY_F_OBJECT);
		} else if (t == MLR_PY_T_SUBSCRIPT) {
			n = mlr_py_child(n, MLR_PY_F_VALUE);
		} else {
			break;
		}
	}
	return false;
}

/* Is the chain (`run.config.x`, `run["params/lr"]`, `wandb.summary`) rooted at a run
 * variable or at the tracker module? */
static bool rooted_at_run(const run_state *st, TSNode n)
{
	const mlr_py *py = st->ctx->py;
	for (int depth = 0; depth < 32 && !ts_node_is_null(n); depth++) {
		if (is_run_var(st, n))
			return true;
		mlr_py_type_id t = mlr_py_type(n);
		if (t == MLR_PY_T_ATTRIBUTE)
			n = mlr_py_child(n, MLR_PY_F_OBJECT);
		else if (t == MLR_PY_T_SUBSCRIPT)
			n = mlr_py_child(n, MLR_PY_F_VALUE);
		else if (t == MLR_PY_T_CALL)
			n = mlr_py_child(n, MLR_PY_F_FUNCTION);
		else
			break;
	}
	if (ts_node_is_null(n) || !mlr_py_is(n, MLR_PY_T_IDENTIFIER))
		return false;
	mlr_buf res = MLR_BUF_INIT;
	size_t len;
	const char *t = mlr_py_text(py, n, &len);
	mlr_py_resolve(&res, py, t, len);
	size_t tl = strlen(st->tracker);
	const char *r = mlr_buf_cstr(&res);
	bool hit = !strncmp(r, st->tracker, tl) && (r[tl] == '\0' || r[tl] == '.');
	mlr_buf_dispose(&res);
	return hit;
}

/* `run = wandb.init(...)`, `with mlflow.start_run() as run:`, `self.run = ...` */
static void bind_run(run_state *st, TSNode start)
{
	TSNode p = mlr_py_parent(st->ctx->py, start);
	if (ts_node_is_null(p))
		return;
	mlr_py_type_id t = mlr_py_type(p);
	TSNode target = { 0 };
	if (t == MLR_PY_T_ASSIGNMENT)
		target = mlr_py_child(p, MLR_PY_F_LEFT);
	else if (t == MLR_PY_T_AS_PATTERN) {
		TSNode alias = mlr_py_child(p, MLR_PY_F_ALIAS);
		if (!ts_node_is_null(alias))
			target = ts_node_named_child(alias, 0);
	} else if (t == MLR_PY_T_RETURN_STATEMENT || t == MLR_PY_T_ARGUMENT_LIST ||
	           t == MLR_PY_T_KEYWORD_ARGUMENT) {
		st->delegated = true;
	}
	if (!ts_node_is_null(target))
		(void)mlr_array_push(&st->vars, target);
}

static void find_start(const mlr_py *py, TSNode call, void *payload)
{
	run_state *st = payload;
	if (!ts_node_is_null(st->start))
		return;
	size_t len;
	const char *callee = mlr_py_callee_name(py, call, &len);
	if (callee) {
		for (size_t i = 0; starters[i].call; i++) {
			if (strcmp(callee, starters[i].call))
				continue;
			st->start = call;
			st->tracker = starters[i].tracker;
			st->params |= starters[i].logs_params;
			bind_run(st, call);
			break;
		}
	}
}

static bool non_empty_kwarg(const mlr_py *py, TSNode call, const char *name)
{
	TSNode v = mlr_py_kwarg(py, call, name);
	return !ts_node_is_null(v) && !mlr_py_is(v, MLR_PY_T_NONE) && !mlr_py_text_eq(py, v, "{}") &&
	       !mlr_py_text_eq(py, v, "False");
}

static bool receiver_is_accelerator(const mlr_py *py, TSNode recv)
{
	size_t len;
	const char *t = mlr_py_text(py, recv, &len);
	return memmem(t, len, "accelerator", 11) != NULL;
}

static void classify_call(run_state *st, TSNode call)
{
	const mlr_py *py = st->ctx->py;
	if (ts_node_eq(call, st->start)) {
		st->params |= non_empty_kwarg(py, call, "config");
		st->metrics |= non_empty_kwarg(py, call, "sync_tensorboard");
		return;
	}
	TSNode fn = mlr_py_child(call, MLR_PY_F_FUNCTION);
	if (ts_node_is_null(fn))
		return;
	size_t len;
	const char *callee = mlr_py_callee_name(py, call, &len);
	if (!callee)
		return;
	const char *last = mlr_pyscan_last(callee);
	if (!strcmp(last, "autolog")) {
		st->params = st->metrics = true;
	} else if (in_list(last, metric_integrations)) {
		st->metrics = true;
	} else if (mlr_py_is(fn, MLR_PY_T_ATTRIBUTE)) {
		TSNode recv = mlr_py_child(fn, MLR_PY_F_OBJECT);
		bool ours = rooted_at_run(st, recv);
		if (in_list(last, param_methods) || (ours && !strcmp(last, "update") && chain_has(py, recv, "config")))
			st->params = true;
		else if (in_list(last, metric_methods) || (!strcmp(last, "log") && receiver_is_accelerator(py, recv)) ||
		         (ours && (!strcmp(last, "log") || !strcmp(last, "append") || !strcmp(last, "extend") ||
		                   (!strcmp(last, "update") && chain_has(py, recv, "summary")))))
			st->metrics = true;
	}
	if ((!strcmp(last, "TrainingArguments") || !strcmp(last, "Seq2SeqTrainingArguments")) &&
	    non_empty_kwarg(py, call, "report_to"))
		st->metrics = true;
	/* Accelerate's trackers: init_trackers(name, config=...), Accelerator(log_with=...),
	 * accelerator.log({...}) */
	if (!strcmp(last, "init_trackers") && non_empty_kwarg(py, call, "config"))
		st->params = true;
	if (!strcmp(last, "Accelerator") && non_empty_kwarg(py, call, "log_with"))
		st->metrics = true;
	/* the run object handed to code elsewhere: `train(model, run)` */
	TSNode args = mlr_py_child(call, MLR_PY_F_ARGUMENTS);
	uint32_t n = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
	for (uint32_t i = 0; i < n && !st->delegated; i++) {
		TSNode a = ts_node_named_child(args, i);
		if (mlr_py_is(a, MLR_PY_T_KEYWORD_ARGUMENT))
			a = mlr_py_child(a, MLR_PY_F_VALUE);
		if (!ts_node_is_null(a) && is_run_var(st, a))
			st->delegated = true;
	}
}

/* `wandb.config.lr = 3e-4`, `run["parameters"] = params`, `run.summary["acc"] = acc` */
static void classify_assignment(run_state *st, TSNode n)
{
	const mlr_py *py = st->ctx->py;
	TSNode left = mlr_py_child(n, MLR_PY_F_LEFT);
	if (ts_node_is_null(left) || (!mlr_py_is(left, MLR_PY_T_ATTRIBUTE) && !mlr_py_is(left, MLR_PY_T_SUBSCRIPT)))
		return;
	if (!rooted_at_run(st, left) || is_run_var(st, left))
		return;
	if (chain_has(py, left, "config")) {
		st->params = true;
		return;
	}
	if (chain_has(py, left, "summary")) {
		st->metrics = true;
		return;
	}
	size_t len;
	const char *t = mlr_py_text(py, left, &len);
	if (memmem(t, len, "param", 5) || memmem(t, len, "config", 6) || memmem(t, len, "hparam", 6) ||
	    memmem(t, len, "hyper", 5) || memmem(t, len, "args", 4))
		st->params = true;
	else
		st->metrics = true;
}

static void visit(const mlr_py *py, TSNode n, void *payload)
{
	run_state *st = payload;
	if (mlr_py_is(n, MLR_PY_T_CALL))
		classify_call(st, n);
	else
		classify_assignment(st, n);
}

static void visit_return(const mlr_py *py, TSNode n, void *payload)
{
	run_state *st = payload;
	TSNode v = ts_node_named_child(n, 0);
	if (!ts_node_is_null(v) && is_run_var(st, v))
		st->delegated = true;
}

void mlr_check_tracker_run_without_logging(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	const mlr_py *py = ctx->py;
	if (!py || !(ctx->facts->flags & MLR_FACT_TRAINS))
		return;
	run_state st = { .ctx = ctx };
	mlr_py_each(py, "call", find_start, &st);
	if (ts_node_is_null(st.start))
		goto cleanup;
	static const mlr_py_visitor visitors[] = {
		{ "call", visit },
		{ "assignment", visit },
		{ "augmented_assignment", visit },
		{ "return_statement", visit_return },
		{ NULL, NULL }
	};
	mlr_py_visit(py, visitors, &st);
	if (st.delegated || (st.params && st.metrics))
		goto cleanup;
	const char *missing = !st.params && !st.metrics ? "no parameters and no metrics"
	                      : !st.params             ? "no parameters (hyperparameters, config)"
	                                               : "no metrics";
	mlr_emit_node(ctx, rule, st.start, false, "starts a %s run but logs %s to it", st.tracker, missing);
cleanup:
	mlr_array_delete(&st.vars);
}
