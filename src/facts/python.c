/*
 * What a Python file tells the repository rules: is it a test module, does it train a
 * model, log to an experiment tracker, serve a model. One walk over its calls, with every
 * callee resolved through the file's imports.
 */
#include "engine/engine.h"
#include "facts/names.h"

#include <stdlib.h>
#include <string.h>

/* Libraries whose `.fit(...)` trains a model. */
static const char *const fit_libraries[] = {
	"sklearn", "keras", "tensorflow", "xgboost", "lightgbm", "catboost", "pytorch_lightning",
	"lightning", "statsmodels", "tf_keras", NULL
};

/* Calls that train a model wherever they appear. */
static const char *const train_calls[] = {
	"xgboost.train", "xgboost.cv", "lightgbm.train", "lightgbm.cv", "catboost.train",
	"transformers.Trainer", "transformers.Seq2SeqTrainer", "trl.*", "setfit.Trainer",
	"setfit.SetFitTrainer", "sentence_transformers.SentenceTransformerTrainer",
	"ultralytics.YOLO.train", NULL
};

/* Calls that log parameters or metrics to an experiment tracker. */
static const char *const tracker_calls[] = {
	"mlflow.*", "wandb.*", "neptune.*", "neptune_client.*", "comet_ml.*", "clearml.*",
	"aim.*", "dvclive.*", "tensorboardX.*", "torch.utils.tensorboard.*",
	"tensorflow.summary.*", "tf.summary.*", "keras.callbacks.TensorBoard",
	"tensorflow.keras.callbacks.TensorBoard", "tf_keras.callbacks.TensorBoard",
	"pytorch_lightning.loggers.*", "lightning.pytorch.loggers.*", "lightning.loggers.*",
	"lightning.fabric.loggers.*", "guild.*", "sacred.*", "polyaxon.*", "trackio.*",
	"swanlab.*", NULL
};

static const char *const serving_modules[] = {
	"fastapi", "flask", "bentoml", "ray.serve", "kserve", "litserve", "gradio", "streamlit",
	"starlette", "sanic", "aiohttp.web", "ts.torch_handler", "mlserver", "tornado.web", NULL
};

static bool name_in(const char *name, const char *const *patterns)
{
	size_t nlen = strlen(name);
	for (size_t i = 0; patterns[i]; i++) {
		const char *p = patterns[i];
		/* every pattern names at least a first letter: every call is tested against all */
		if (p[0] != name[0] && p[0] != '*')
			continue;
		size_t pl = strlen(p);
		if (pl >= 2 && p[pl - 1] == '*') {
			if (nlen >= pl - 2 && !strncmp(name, p, pl - 2) && (nlen == pl - 2 || name[pl - 2] == '.'))
				return true;
		} else if (!strcmp(name, p)) {
			return true;
		}
	}
	return false;
}

typedef struct {
	mlr_file_facts *facts;
	const mlr_py *py;
	bool fit_lib;      /* imports a library whose .fit trains */
	bool torch;
	bool lightning;
	bool model_ctor;   /* constructs an estimator or network */
	bool main_guard;   /* `if __name__ == "__main__":` */
	bool top_level_train; /* a training call outside any def or class */
	uint32_t fit_line, backward_line, step_line, train_line;
	char *fit_call;
	char *train_owned;
} facts_state;

static bool at_module_level(const mlr_py *py, TSNode n)
{
	for (TSNode p = mlr_py_parent(py, n); !ts_node_is_null(p); p = mlr_py_parent(py, p)) {
		mlr_py_type_id t = mlr_py_type(p);
		if (t == MLR_PY_T_FUNCTION_DEFINITION || t == MLR_PY_T_CLASS_DEFINITION || t == MLR_PY_T_LAMBDA)
			return false;
	}
	return true;
}

static void note_train(facts_state *st, TSNode call, const char *what)
{
	uint32_t line = ts_node_start_point(call).row + 1;
	if (at_module_level(st->py, call))
		st->top_level_train = true;
	if (!st->train_line || line < st->train_line) {
		st->train_line = line;
		free(st->train_owned);
		st->train_owned = mlr_strdup(what);
	}
}

/* `report_to="wandb"`, `report_to=["mlflow"]`: tracked unless it says "none". */
static bool reports_somewhere(const mlr_py *py, TSNode value)
{
	if (ts_node_is_null(value))
		return false;
	size_t len;
	const char *t = mlr_py_text(py, value, &len);
	/* Whole values only: `report_to=NoneX` is a variable, `["none"]` still says none. */
	static const char *const nowhere[] = { "[]", "()", "None", "\"none\"", "'none'", "[\"none\"]",
		"['none']", NULL };
	for (size_t i = 0; nowhere[i]; i++)
		if (len == strlen(nowhere[i]) && !memcmp(t, nowhere[i], len))
			return false;
	return len > 0;
}

/* A call that builds a model rather than a transformer: `.fit` on a scaler is
 * preprocessing, `.fit` on a classifier is training. */
static bool is_model_ctor(const char *name, const char *last)
{
	static const char *const suffixes[] = { "Classifier", "Regressor", "Regression", "SVC", "SVR",
		"NB", "KMeans", "Clustering", "Forest", "Boost", "Ridge", "Lasso", "ElasticNet",
		"Pipeline", "Sequential", "Model", "Tree", "Neighbors", "Booster", "Net", "Estimator",
		"DBSCAN", "GaussianMixture", "MLP", NULL };
	static const char *const prefixes[] = { "XGB", "LGBM", "CatBoost", NULL };
	if (!strcmp(last, "compile") || !strcmp(last, "make_pipeline"))
		return true;
	/* A Lightning Trainer's .fit runs the training loop, whatever the module is named. */
	if (!strcmp(last, "Trainer") &&
	    (!strncmp(name, "lightning.", 10) || !strncmp(name, "pytorch_lightning.", 18)))
		return true;
	if (last[0] < 'A' || last[0] > 'Z')
		return false;
	size_t ll = strlen(last);
	for (size_t i = 0; suffixes[i]; i++) {
		size_t sl = strlen(suffixes[i]);
		if (ll >= sl && !strcmp(last + ll - sl, suffixes[i]))
			return true;
	}
	for (size_t i = 0; prefixes[i]; i++)
		if (!strncmp(last, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* `optimizer.step()`, `opt.step()`, `scaler.step(optimizer)`: an optimizer moves weights.
 * A sampler's `scheduler.step(noise, t, x)` after a guidance gradient does not train. */
static bool optimizer_step(const mlr_py *py, TSNode call, const char *name)
{
	size_t nl = strlen(name);
	const char *recv_end = name + nl - 5; /* ".step" */
	const char *recv = recv_end;
	while (recv > name && recv[-1] != '.')
		recv--;
	size_t rl = (size_t)(recv_end - recv);
	if (rl && (memmem(recv, rl, "optim", 5) || (rl == 3 && !memcmp(recv, "opt", 3)) ||
	           memmem(recv, rl, "Optim", 5)))
		return true;
	TSNode arg = mlr_py_positional(call, 0);
	if (ts_node_is_null(arg))
		return false;
	size_t al;
	const char *at = mlr_py_text(py, arg, &al);
	return memmem(at, al, "optim", 5) != NULL || (al == 3 && !memcmp(at, "opt", 3));
}

static void visit_call(const mlr_py *py, uint32_t at, void *payload)
{
	facts_state *st = payload;
	TSNode call = mlr_py_node(py, at);
	size_t nlen;
	const char *n = mlr_py_callee_name_at(py, at, &nlen);
	if (!n)
		return;
	const char *last = mlr_facts_last_segment(n);

	if (name_in(n, tracker_calls))
		st->facts->flags |= MLR_FACT_TRACKS;
	if (st->lightning && (!strcmp(n, "self.log") || !strcmp(n, "self.log_dict")))
		st->facts->flags |= MLR_FACT_TRACKS;
	if ((!strcmp(last, "TrainingArguments") || !strcmp(last, "Seq2SeqTrainingArguments") ||
	     !strcmp(last, "SFTConfig")) && reports_somewhere(py, mlr_py_kwarg(py, call, "report_to")))
		st->facts->flags |= MLR_FACT_TRACKS;
	if (!strcmp(last, "Accelerator") && !ts_node_is_null(mlr_py_kwarg(py, call, "log_with")))
		st->facts->flags |= MLR_FACT_TRACKS;
	if (!strcmp(last, "init_trackers"))
		st->facts->flags |= MLR_FACT_TRACKS;

	if (name_in(n, train_calls))
		note_train(st, call, n);
	else if (st->fit_lib && (!strcmp(last, "fit") || !strcmp(last, "fit_generator"))) {
		if (!st->fit_line) {
			st->fit_line = ts_node_start_point(call).row + 1;
			st->fit_call = mlr_strdup(n);
		}
		if (at_module_level(py, call))
			st->top_level_train = true;
	} else if (st->torch && !strcmp(last, "backward")) {
		if (!st->backward_line)
			st->backward_line = ts_node_start_point(call).row + 1;
	} else if (st->torch && !strcmp(last, "step") && optimizer_step(py, call, n)) {
		if (!st->step_line)
			st->step_line = ts_node_start_point(call).row + 1;
		if (at_module_level(py, call))
			st->top_level_train = true;
	}
	if (st->fit_lib && !st->model_ctor && is_model_ctor(n, last))
		st->model_ctor = true;
}

static void visit_function(const mlr_py *py, uint32_t at, void *payload)
{
	facts_state *st = payload;
	TSNode fn = mlr_py_node(py, at);
	TSNode name = mlr_py_child(fn, MLR_PY_F_NAME);
	size_t len;
	const char *t = mlr_py_text(py, name, &len);
	if (len >= 4 && !memcmp(t, "test", 4))
		st->facts->flags |= MLR_FACT_HAS_TESTS;
	/* AWS Lambda and similar handlers serve requests. */
	if ((len == 14 && !memcmp(t, "lambda_handler", 14)))
		st->facts->flags |= MLR_FACT_SERVES;
}

static void visit_if(const mlr_py *py, uint32_t at, void *payload)
{
	facts_state *st = payload;
	TSNode n = mlr_py_node(py, at);
	TSNode cond = mlr_py_child(n, MLR_PY_F_CONDITION);
	size_t len;
	const char *t = mlr_py_text(py, cond, &len);
	if (len < 64 && memmem(t, len, "__name__", 8) && memmem(t, len, "__main__", 8))
		st->main_guard = true;
}

static void visit_class(const mlr_py *py, uint32_t at, void *payload)
{
	facts_state *st = payload;
	TSNode cls = mlr_py_node(py, at);
	TSNode supers = mlr_py_child(cls, MLR_PY_F_SUPERCLASSES);
	if (ts_node_is_null(supers))
		return;
	uint32_t count = ts_node_named_child_count(supers);
	for (uint32_t i = 0; i < count; i++) {
		mlr_buf raw = MLR_BUF_INIT, res = MLR_BUF_INIT;
		if (mlr_py_dotted(&raw, py, ts_node_named_child(supers, i))) {
			mlr_py_resolve(&res, py, mlr_buf_cstr(&raw), raw.len);
			const char *last = mlr_facts_last_segment(mlr_buf_cstr(&res));
			if (!strcmp(last, "TestCase") || !strcmp(last, "IsolatedAsyncioTestCase"))
				st->facts->flags |= MLR_FACT_HAS_TESTS;
		}
		mlr_buf_dispose(&raw);
		mlr_buf_dispose(&res);
	}
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static bool is_test_path(const char *path)
{
	const char *b = base_name(path);
	size_t bl = strlen(b);
	return (!strncmp(b, "test_", 5) && bl > 8) || (bl > 8 && !strcmp(b + bl - 8, "_test.py")) ||
	       !strcmp(b, "tests.py");
}

static bool is_support_module(const char *path)
{
	const char *b = base_name(path);
	return !strcmp(b, "__init__.py") || !strcmp(b, "conftest.py") || !strcmp(b, "setup.py") ||
	       !strcmp(b, "__main__.py") || !strcmp(b, "noxfile.py") || !strcmp(b, "conf.py") ||
	       !strcmp(b, "manage.py");
}

/* Directories whose Python files are not the project's modules. */
static bool in_non_source_dir(const char *path)
{
	static const char *const dirs[] = { "tests", "test", "testing", "docs", "doc", "examples",
		"scripts", "benchmarks", "notebooks", "config", "configs", NULL };
	for (size_t i = 0; dirs[i]; i++)
		if (mlr_facts_has_dir(path, dirs[i]))
			return true;
	return false;
}

/* train.py, train_lora.py, training.py, finetune.py — but not trainer.py, which usually
 * defines a Trainer class for others to run. */
static bool names_training(const char *path)
{
	const char *b = base_name(path);
	if (!strncmp(b, "trainer", 7))
		return false;
	return !strncmp(b, "train", 5) || !strncmp(b, "finetune", 8) || !strncmp(b, "fine_tune", 9);
}

/* Training in test helpers and benchmarks measures the code, it is not an experiment. */
static bool in_test_or_bench(const char *path)
{
	const char *b = base_name(path);
	return mlr_facts_has_dir(path, "tests") || mlr_facts_has_dir(path, "test") || mlr_facts_has_dir(path, "testing") ||
	       mlr_facts_has_dir(path, "benchmarks") || !strncmp(b, "bench", 5) || !strncmp(b, "profile", 7);
}

void mlr_py_facts(mlr_file_facts *facts, const mlr_py *py, const char *path)
{
	facts_state st = { .facts = facts, .py = py };
	for (size_t i = 0; fit_libraries[i]; i++)
		st.fit_lib |= mlr_py_imports(py, fit_libraries[i]);
	st.torch = mlr_py_imports(py, "torch") || mlr_py_imports(py, "accelerate");
	st.lightning = mlr_py_imports(py, "pytorch_lightning") || mlr_py_imports(py, "lightning");
	for (size_t i = 0; serving_modules[i]; i++)
		if (mlr_py_imports(py, serving_modules[i]))
			facts->flags |= MLR_FACT_SERVES;

	static const mlr_py_visitor_at visitors[] = {
		{ "call", visit_call },
		{ "function_definition", visit_function },
		{ "class_definition", visit_class },
		{ "if_statement", visit_if },
		{ NULL, NULL }
	};
	mlr_py_visit_at(py, visitors, &st);

	if (st.fit_line && st.model_ctor && (!st.train_line || st.fit_line < st.train_line)) {
		st.train_line = st.fit_line;
		free(st.train_owned);
		st.train_owned = st.fit_call;
		st.fit_call = NULL;
	}
	free(st.fit_call);
	/* A hand-written PyTorch loop: a backward pass and an optimizer step. */
	if (st.backward_line && st.step_line && !st.train_line) {
		st.train_line = st.backward_line < st.step_line ? st.backward_line : st.step_line;
		st.train_owned = mlr_strdup("loss.backward() / optimizer.step()");
	}
	bool test = is_test_path(path);
	mlr_py_path_facts(facts, path);
	if (!test)
		facts->flags &= ~(uint32_t)MLR_FACT_HAS_TESTS;
	/* A training entry point is something one runs: a script with a main guard or
	 * training code at module level, or a module named for it. Library code that happens
	 * to optimize (a pipeline inverting latents) and test helpers are not. */
	bool entry = st.main_guard || st.top_level_train || names_training(path);
	if (st.train_line && !test && entry && !in_test_or_bench(path)) {
		facts->flags |= MLR_FACT_TRAINS;
		facts->train_line = st.train_line;
		facts->train_call = st.train_owned;
		st.train_owned = NULL;
	}
	if (test)
		facts->flags &= ~(uint32_t)MLR_FACT_SERVES;
	free(st.train_owned);

	mlr_py_import_facts(facts, py);
}

void mlr_py_path_facts(mlr_file_facts *facts, const char *path)
{
	bool test = is_test_path(path);
	if (test)
		facts->flags |= MLR_FACT_TEST_FILE;
	if (!test && !is_support_module(path) && !in_non_source_dir(path))
		facts->flags |= MLR_FACT_SOURCE_MODULE;
}

void mlr_py_import_facts(mlr_file_facts *facts, const mlr_py *py)
{
	/* Modules and imported names both: `from pkg import tracking` may name a module. */
	size_t cap = py->modules.len + py->aliases.len;
	facts->imports = calloc(cap ? cap : 1, sizeof(char *));
	if (facts->imports) {
		for (size_t i = 0; i < py->modules.len; i++)
			if ((facts->imports[facts->import_count] = mlr_strdup(py->modules.items[i])))
				facts->import_count++;
		for (size_t i = 0; i < py->aliases.len; i++)
			if ((facts->imports[facts->import_count] = mlr_strdup(py->aliases.items[i].target)))
				facts->import_count++;
	}
}

void mlr_file_facts_dispose(mlr_file_facts *facts)
{
	if (!facts)
		return;
	for (size_t i = 0; i < facts->import_count; i++)
		free(facts->imports[i]);
	free(facts->imports);
	free(facts->train_call);
	mlr_quality_facts_dispose(facts);
	facts->imports = NULL;
	facts->train_call = NULL;
	facts->import_count = 0;
}
