/*
 * The survey behind every scaffold: one pass over the file set the linter would see,
 * parsing Python and notebook code with tree-sitter (imports resolved, as the rules do)
 * and reading a few well-known files (LICENSE, requirements). Nothing is executed.
 */
#include "scaffold/scaffold.h"

#include "core/error.h"
#include "engine/engine.h"
#include "notebook/notebook.h"
#include "python/py.h"
#include "source/source.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define LIST_MAX 24                /* items kept per list: a card names the main ones */
#define READ_LIMIT (1u << 20)      /* bytes of a source file read */
#define PARSE_TIMEOUT_US (2u * 1000u * 1000u)

static void str_add(mlr_str_array *a, const char *s, size_t len)
{
	if (!len || a->len >= LIST_MAX)
		return;
	for (size_t i = 0; i < a->len; i++)
		if (strlen(a->items[i]) == len && !memcmp(a->items[i], s, len))
			return;
	char *copy = mlr_strndup(s, len);
	if (copy && mlr_array_push(a, copy) < 0)
		free(copy);
}

static void str_adds(mlr_str_array *a, const char *s)
{
	str_add(a, s, strlen(s));
}

static void str_dispose(mlr_str_array *a)
{
	for (size_t i = 0; i < a->len; i++)
		free(a->items[i]);
	mlr_array_delete(a);
}

void mlr_survey_dispose(mlr_survey *s)
{
	if (!s)
		return;
	mlr_str_array *lists[] = { &s->frameworks, &s->trackers, &s->datasets, &s->metrics,
		&s->base_models, &s->train_files, &s->serve_files, &s->artifacts,
		&s->artifact_patterns, &s->packages };
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		str_dispose(lists[i]);
	char **strs[] = { &s->root, &s->name, &s->library, &s->license, &s->license_file,
		&s->tests_dir, &s->notebooks_dir, &s->data_dir, &s->requirements,
		&s->dev_requirements, &s->model_card };
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
}

/* Module prefix → what a card calls it; library: the Hub's library_name. */
static const struct {
	const char *module, *name, *library;
} frameworks[] = {
	{ "transformers", "Transformers", "transformers" },
	{ "diffusers", "Diffusers", "diffusers" },
	{ "sentence_transformers", "Sentence Transformers", "sentence-transformers" },
	{ "peft", "PEFT", "peft" },
	{ "torch", "PyTorch", NULL },
	{ "pytorch_lightning", "PyTorch Lightning", NULL },
	{ "lightning", "PyTorch Lightning", NULL },
	{ "tensorflow", "TensorFlow", NULL },
	{ "keras", "Keras", "keras" },
	{ "jax", "JAX", NULL },
	{ "flax", "Flax", NULL },
	{ "sklearn", "scikit-learn", "sklearn" },
	{ "xgboost", "XGBoost", NULL },
	{ "lightgbm", "LightGBM", NULL },
	{ "catboost", "CatBoost", NULL },
	{ "statsmodels", "statsmodels", NULL },
	{ "timm", "timm", "timm" },
	{ "ultralytics", "Ultralytics YOLO", "ultralytics" },
	{ "spacy", "spaCy", "spacy" },
	{ "fastai", "fastai", "fastai" },
	{ "prophet", "Prophet", NULL },
};

static const struct {
	const char *module, *name;
} trackers[] = {
	{ "mlflow", "MLflow" }, { "wandb", "Weights & Biases" },
	{ "torch.utils.tensorboard", "TensorBoard" }, { "tensorboardX", "TensorBoard" },
	{ "tensorboard", "TensorBoard" }, { "comet_ml", "Comet" }, { "neptune", "Neptune" },
	{ "clearml", "ClearML" }, { "dvclive", "DVCLive" }, { "aim", "Aim" },
	{ "trackio", "Trackio" }, { "swanlab", "SwanLab" },
};

typedef struct {
	mlr_survey *s;
	const mlr_py *py;
	mlr_buf callee;
	bool tensorboard;
	bool lightning;
} call_ctx;

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

/* A literal that reads like a name, not a sentence or a format string. */
static bool name_like(const char *v, size_t n)
{
	if (!n || n > 80)
		return false;
	for (size_t i = 0; i < n; i++)
		if (isspace((unsigned char)v[i]) || v[i] == '{' || v[i] == '%' || v[i] == '"' ||
			v[i] == '\'' || v[i] == '\\' || (unsigned char)v[i] < 0x20)
			return false;
	return true;
}

static bool first_string(const mlr_py *py, TSNode call, const char **v, size_t *n)
{
	TSNode a = mlr_py_positional(call, 0);
	return !ts_node_is_null(a) && mlr_py_string_value(py, a, v, n) && name_like(*v, *n);
}

/* wandb.log({"val/acc": acc, "loss": loss}): the keys of a dict literal argument. */
static void dict_keys(call_ctx *c, TSNode call)
{
	TSNode a = mlr_py_positional(call, 0);
	if (ts_node_is_null(a) || !mlr_py_is(a, MLR_PY_T_DICTIONARY))
		return;
	uint32_t n = ts_node_named_child_count(a);
	for (uint32_t i = 0; i < n; i++) {
		TSNode pair = ts_node_named_child(a, i);
		if (!mlr_py_is(pair, MLR_PY_T_PAIR))
			continue;
		TSNode key = mlr_py_child(pair, MLR_PY_F_KEY);
		const char *v;
		size_t len;
		if (!ts_node_is_null(key) && mlr_py_string_value(c->py, key, &v, &len) && name_like(v, len))
			str_add(&c->s->metrics, v, len);
	}
}

/* sklearn.metrics.f1_score → f1; roc_auc_score → roc_auc. Reports, matrices, curves and
 * scorer factories are not a metric a card can give a value for. */
static void add_metric_function(mlr_survey *s, const char *fn)
{
	size_t n = strlen(fn);
	if (ends_with(fn, "_report") || ends_with(fn, "_matrix") || ends_with(fn, "_curve") ||
		strstr(fn, "scorer") || !strcmp(fn, "check_scoring"))
		return;
	if (n > 6 && ends_with(fn, "_score"))
		n -= 6;
	if (n && islower((unsigned char)fn[0]))
		str_add(&s->metrics, fn, n);
}

static void lowercase_metric(mlr_survey *s, const char *fn)
{
	char buf[64];
	size_t n = 0;
	for (; fn[n] && n + 1 < sizeof(buf); n++)
		buf[n] = (char)tolower((unsigned char)fn[n]);
	str_add(&s->metrics, buf, n);
}

static void on_call(const mlr_py *py, TSNode call, void *payload)
{
	call_ctx *c = payload;
	mlr_survey *s = c->s;
	if (!mlr_py_callee(&c->callee, py, call))
		return;
	const char *name = mlr_buf_cstr(&c->callee);
	const char *last = strrchr(name, '.');
	last = last ? last + 1 : name;
	const char *v;
	size_t n;
	char label[160];

	if (!strcmp(name, "datasets.load_dataset") || !strcmp(name, "tensorflow_datasets.load")) {
		if (first_string(py, call, &v, &n))
			str_add(&s->datasets, v, n);
	} else if (starts_with(name, "pandas.read_") || starts_with(name, "polars.read_") ||
		   starts_with(name, "polars.scan_")) {
		if (first_string(py, call, &v, &n))
			str_add(&s->datasets, v, n);
	} else if (starts_with(name, "sklearn.datasets.") &&
		   (starts_with(last, "load_") || starts_with(last, "fetch_"))) {
		const char *ds = last + 5 + (last[0] == 'f');
		if (!strcmp(last, "fetch_openml") && first_string(py, call, &v, &n))
			snprintf(label, sizeof(label), "%.*s (OpenML)", (int)n, v);
		else
			snprintf(label, sizeof(label), "%s (scikit-learn)", ds);
		str_adds(&s->datasets, label);
	} else if (starts_with(name, "torchvision.datasets.") && isupper((unsigned char)last[0])) {
		snprintf(label, sizeof(label), "%s (torchvision)", last);
		str_adds(&s->datasets, label);
	} else if ((starts_with(name, "keras.datasets.") || starts_with(name, "tensorflow.keras.datasets.")) &&
		   !strcmp(last, "load_data")) {
		const char *ds = strstr(name, "datasets.") + 9;
		const char *dot = strchr(ds, '.');
		snprintf(label, sizeof(label), "%.*s (Keras)", (int)(dot ? dot - ds : 0), ds);
		str_adds(&s->datasets, label);
	} else if (starts_with(name, "sklearn.metrics.")) {
		add_metric_function(s, last);
	} else if (starts_with(name, "torchmetrics.") && isupper((unsigned char)last[0])) {
		lowercase_metric(s, last);
	} else if (!strcmp(name, "evaluate.load") || !strcmp(name, "mlflow.log_metric") ||
		   ((c->tensorboard && !strcmp(last, "add_scalar")) || (c->lightning && !strcmp(name, "self.log")))) {
		if (first_string(py, call, &v, &n))
			str_add(&s->metrics, v, n);
	} else if (!strcmp(name, "mlflow.log_metrics") || !strcmp(name, "wandb.log")) {
		dict_keys(c, call);
	} else if (!strcmp(last, "from_pretrained") &&
		   (starts_with(name, "transformers.") || starts_with(name, "diffusers.") ||
		    starts_with(name, "peft.") || starts_with(name, "sentence_transformers."))) {
		/* a Hub id, not a local directory: the base model of a fine-tune */
		if (first_string(py, call, &v, &n) && v[0] != '.' && v[0] != '/' && !memchr(v, ':', n))
			str_add(&s->base_models, v, n);
	}
}

static void survey_python(mlr_survey *s, const mlr_py *py, const char *path)
{
	for (size_t i = 0; i < sizeof(frameworks) / sizeof(frameworks[0]); i++)
		if (mlr_py_imports(py, frameworks[i].module)) {
			str_adds(&s->frameworks, frameworks[i].name);
			if (frameworks[i].library && !s->library)
				s->library = mlr_strdup(frameworks[i].library);
		}
	for (size_t i = 0; i < sizeof(trackers) / sizeof(trackers[0]); i++)
		if (mlr_py_imports(py, trackers[i].module))
			str_adds(&s->trackers, trackers[i].name);

	mlr_file_facts facts = { 0 };
	mlr_py_facts(&facts, py, path);
	if (facts.flags & (MLR_FACT_TEST_FILE | MLR_FACT_HAS_TESTS)) {
		s->has_tests = true;
		s->pytest |= mlr_py_imports(py, "pytest") || (facts.flags & MLR_FACT_TEST_FILE);
	} else {
		if (facts.flags & MLR_FACT_TRAINS)
			str_adds(&s->train_files, path);
		if (facts.flags & MLR_FACT_SERVES)
			str_adds(&s->serve_files, path);
		call_ctx c = { s, py, MLR_BUF_INIT, mlr_py_imports(py, "torch.utils.tensorboard") ||
			mlr_py_imports(py, "tensorboardX"),
			mlr_py_imports(py, "pytorch_lightning") || mlr_py_imports(py, "lightning") };
		mlr_py_each(py, "call", on_call, &c);
		mlr_buf_dispose(&c.callee);
	}
	mlr_file_facts_dispose(&facts);
}

/* LICENSE text → SPDX id, by the phrases each license is recognised by. */
static const char *license_id(const char *t)
{
	if (strcasestr(t, "Apache License") && strstr(t, "2.0"))
		return "Apache-2.0";
	if (strcasestr(t, "Permission is hereby granted, free of charge") || strstr(t, "MIT License"))
		return "MIT";
	if (strcasestr(t, "GNU LESSER GENERAL PUBLIC"))
		return strstr(t, "Version 2.1") ? "LGPL-2.1" : "LGPL-3.0";
	if (strcasestr(t, "GNU AFFERO GENERAL PUBLIC"))
		return "AGPL-3.0";
	if (strcasestr(t, "GNU GENERAL PUBLIC LICENSE"))
		return strstr(t, "Version 2") ? "GPL-2.0" : "GPL-3.0";
	if (strcasestr(t, "Mozilla Public License") && strstr(t, "2.0"))
		return "MPL-2.0";
	if (strcasestr(t, "Redistribution and use in source and binary forms"))
		return strcasestr(t, "Neither the name") || strcasestr(t, "names of its contributors")
			? "BSD-3-Clause" : "BSD-2-Clause";
	if (strcasestr(t, "Attribution-NonCommercial"))
		return "CC-BY-NC-4.0";
	if (strcasestr(t, "Creative Commons Attribution 4.0") || strcasestr(t, "Attribution 4.0 International"))
		return "CC-BY-4.0";
	if (strcasestr(t, "This is free and unencumbered software"))
		return "Unlicense";
	return NULL;
}

static bool is_license_name(const char *path)
{
	if (strchr(path, '/'))
		return false;
	return !strcasecmp(path, "LICENSE") || !strcasecmp(path, "LICENSE.md") ||
		!strcasecmp(path, "LICENSE.txt") || !strcasecmp(path, "LICENCE") ||
		!strcasecmp(path, "COPYING") || !strcasecmp(path, "LICENSE.rst");
}

/* Top-level directory of path, or NULL for a file at the root. */
static size_t top_dir_len(const char *path)
{
	const char *slash = strchr(path, '/');
	return slash ? (size_t)(slash - path) : 0;
}

static bool is_source_dir(const char *dir, size_t n)
{
	static const char *const skip[] = { "tests", "test", "docs", "doc", "examples", "scripts",
		"notebooks", "benchmarks", "tools", "utils", ".github", NULL };
	for (size_t i = 0; skip[i]; i++)
		if (strlen(skip[i]) == n && !strncmp(dir, skip[i], n))
			return false;
	return dir[0] != '.';
}

typedef struct {
	mlr_survey *s;
	mlr_source_reader *reader;
	mlr_py_parser *parser;
} walk_state;

static void read_license(walk_state *w, const mlr_file *f)
{
	char *data = NULL;
	size_t len;
	bool truncated;
	if (mlr_source_read(&data, &len, &truncated, w->reader, f, 16384) < 0)
		return;
	const char *id = license_id(data);
	if (id && !w->s->license) {
		w->s->license = mlr_strdup(id);
		w->s->license_file = mlr_strdup(f->path);
	}
	free(data);
}

/* pyproject.toml's `license = "MIT"` or `license = { text = "MIT" }`, when there is no
 * LICENSE file to read. */
static void read_pyproject_license(walk_state *w, const mlr_file *f)
{
	char *data = NULL;
	size_t len;
	bool truncated;
	if (w->s->license || mlr_source_read(&data, &len, &truncated, w->reader, f, 65536) < 0)
		return;
	for (char *line = data; line && *line;) {
		char *eol = strchr(line, '\n');
		if (eol)
			*eol = '\0';
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!strncmp(p, "license", 7) && (p[7] == ' ' || p[7] == '=')) {
			char *q = strchr(p, '"');
			char *e = q ? strchr(q + 1, '"') : NULL;
			if (e && e - q - 1 > 0 && e - q - 1 < 40) {
				w->s->license = mlr_strndup(q + 1, (size_t)(e - q - 1));
				w->s->license_file = mlr_strdup(f->path);
			}
			break;
		}
		line = eol ? eol + 1 : NULL;
	}
	free(data);
}

static void survey_code(walk_state *w, const mlr_file *f)
{
	char *data = NULL;
	size_t len;
	bool truncated;
	mlr_notebook nb;
	bool is_nb = f->kind == MLR_KIND_NOTEBOOK;
	if (w->s->python_files >= MLR_SURVEY_MAX_FILES) {
		w->s->truncated = true;
		return;
	}
	if (mlr_source_read(&data, &len, &truncated, w->reader, f, READ_LIMIT) < 0 || truncated) {
		free(data);
		return;
	}
	w->s->python_files++;
	const char *code = data;
	size_t code_len = len;
	if (is_nb) {
		if (mlr_notebook_parse(&nb, data, len) < 0) {
			free(data);
			return;
		}
		code = mlr_buf_cstr(&nb.python);
		code_len = nb.python.len;
	}
	mlr_py py;
	if (mlr_py_parse(&py, w->parser, code, code_len) == 0) {
		survey_python(w->s, &py, f->path);
		mlr_py_dispose(&py);
	}
	if (is_nb)
		mlr_notebook_dispose(&nb);
	free(data);
}

static void note_layout(walk_state *w, const mlr_file *f)
{
	mlr_survey *s = w->s;
	const char *p = f->path;
	size_t top = top_dir_len(p);
	if (!s->tests_dir && top && (!strncmp(p, "tests/", 6) || !strncmp(p, "test/", 5)))
		s->tests_dir = mlr_strndup(p, top);
	if (!s->data_dir && top && !strncmp(p, "data/", 5))
		s->data_dir = mlr_strdup("data");
	if (!strcmp(p, "pyproject.toml"))
		s->pyproject = true;
	else if (!strcmp(p, "setup.py"))
		s->setup_py = true;
	else if (!strcmp(p, "environment.yml") || !strcmp(p, "environment.yaml"))
		s->environment_yml = true;
	else if (!strcmp(p, "requirements.txt") && !s->requirements)
		s->requirements = mlr_strdup(p);
	else if ((!strcmp(p, "requirements-dev.txt") || !strcmp(p, "requirements_dev.txt") ||
		  !strcmp(p, "requirements-test.txt") || !strcmp(p, "dev-requirements.txt")) &&
		 !s->dev_requirements)
		s->dev_requirements = mlr_strdup(p);
	else if (!strcmp(p, ".pre-commit-config.yaml"))
		s->has_precommit = true;
	else if (!strcmp(p, ".gitattributes"))
		s->has_gitattributes = true;
	else if (!strcmp(p, ".mlready.yml"))
		s->has_config = true;
	if (!strncmp(p, ".github/workflows/", 18) || !strcmp(p, ".gitlab-ci.yml"))
		s->has_ci = true;
	/* a package at the top (dir/__init__.py), or a src/ layout */
	if (f->kind == MLR_KIND_PYTHON && top && is_source_dir(p, top) &&
		(!strncmp(p, "src/", 4) || !strcmp(p + top, "/__init__.py")))
		str_add(&s->packages, p, top);
	if (f->kind == MLR_KIND_NOTEBOOK && s->notebooks++ == 0) {
		/* the first notebook's directory: where exploration lives */
		const char *end = strrchr(p, '/');
		s->notebooks_dir = mlr_strndup(p, end ? (size_t)(end - p) : 0);
	}
	if (f->kind == MLR_KIND_MODEL) {
		str_adds(&s->artifacts, p);
		const char *dot = strrchr(p, '.');
		const char *slash = strrchr(p, '/');
		if (dot && (!slash || dot > slash) && dot[1]) {
			char pat[64];
			snprintf(pat, sizeof(pat), "*%s", dot);
			for (char *c = pat; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			str_adds(&s->artifact_patterns, pat);
		}
	}
}

int mlr_survey_run(mlr_survey *out, const char *path)
{
	int error;
	mlr_source *src = NULL;
	walk_state w = { out, NULL, NULL };
	mlr_options opts;

	memset(out, 0, sizeof(*out));
	mlr_options_init(&opts);
	opts.path = path && *path ? path : ".";
	if ((error = mlr_source_open(&src, &opts, NULL)) < 0)
		goto cleanup;
	if ((error = mlr_source_reader_new(&w.reader, src)) < 0 ||
		(error = mlr_py_parser_new(&w.parser, PARSE_TIMEOUT_US)) < 0)
		goto cleanup;
	out->root = mlr_strdup(mlr_source_root(src));
	out->git = mlr_source_gitdir(src) != NULL;
	const char *slash = out->root ? strrchr(out->root, '/') : NULL;
	out->name = mlr_strdup(slash && slash[1] ? slash + 1 : "model");
	if (!out->root || !out->name) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	const mlr_file_array *files = mlr_source_files(src);
	for (size_t i = 0; i < files->len; i++) {
		const mlr_file *f = &files->items[i];
		note_layout(&w, f);
		if (is_license_name(f->path))
			read_license(&w, f);
		else if (f->kind == MLR_KIND_PYTHON || f->kind == MLR_KIND_NOTEBOOK)
			survey_code(&w, f);
		else if (!out->model_card && f->kind == MLR_KIND_MARKDOWN) {
			const char *b = strrchr(f->path, '/');
			b = b ? b + 1 : f->path;
			if (!strncasecmp(b, "model_card", 10) || !strncasecmp(b, "model-card", 10) ||
				!strncasecmp(b, "modelcard", 9))
				out->model_card = mlr_strdup(f->path);
		}
	}
	for (size_t i = 0; i < files->len; i++)
		if (!strcmp(files->items[i].path, "pyproject.toml"))
			read_pyproject_license(&w, &files->items[i]);
	error = 0;

cleanup:
	mlr_py_parser_delete(w.parser);
	mlr_source_reader_free(w.reader);
	mlr_source_free(src);
	if (error < 0)
		mlr_survey_dispose(out);
	return error;
}
