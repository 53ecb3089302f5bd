/*
 * What a Python file tells the data-quality, testing and serving rules: does it read
 * tabular data, validate data, define preprocessing / feature / inference functions (and
 * which top-level names a test could import from it), create a web app, register a
 * health route, export metrics or traces. One walk over the tree; callees are resolved
 * through the file's imports.
 */
#include "engine/engine.h"
#include "facts/names.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Libraries whose only purpose is checking data against a schema or expectations. */
static const char *const validation_modules[] = {
	"pandera", "great_expectations", "tensorflow_data_validation", "deepchecks", "evidently",
	"pandas_schema", "frictionless", "soda", "whylogs", "dataframely", "patito", "pointblank",
	NULL
};

/* Record-level schema libraries: data validation, except in a web service, where they
 * describe the request, not the data the pipeline reads. */
static const char *const record_schema_modules[] = {
	"pydantic", "jsonschema", "fastjsonschema", "marshmallow", "cerberus", "voluptuous", NULL
};

static const char *const web_modules[] = {
	"fastapi", "flask", "starlette", "quart", "sanic", "aiohttp", "tornado", "falcon", "litestar",
	"bentoml", "ray.serve", "connexion", "kserve", "litserve", "django", NULL
};

/* Metrics, tracing and model-monitoring clients. */
static const char *const instrumentation_modules[] = {
	"prometheus_client", "prometheus_fastapi_instrumentator", "starlette_exporter",
	"starlette_prometheus", "prometheus_flask_exporter", "aioprometheus", "prometheus_async",
	"opentelemetry", "opencensus", "ddtrace", "datadog", "sentry_sdk", "newrelic", "elasticapm",
	"statsd", "aws_xray_sdk", "logfire", "langfuse", "langsmith", "evidently", "whylogs",
	"nannyml", "arize", "fiddler", "beeline", NULL
};

/* Health-check extensions: they register the route themselves. */
static const char *const health_modules[] = {
	"fastapi_health", "healthcheck", "flask_healthz", "py_healthcheck", NULL
};

/* Constructors of a web application a team deploys and operates itself. */
static const char *const app_calls[] = {
	"fastapi.FastAPI", "flask.Flask", "quart.Quart", "starlette.applications.Starlette",
	"sanic.Sanic", "aiohttp.web.Application", "litestar.Litestar", "falcon.App",
	"falcon.asgi.App", "falcon.API", "tornado.web.Application", "connexion.App",
	"connexion.FlaskApp", "connexion.AsyncApp", "bottle.Bottle", NULL
};

/* Serving platforms that expose health and metrics endpoints for the apps they host. */
static const char *const managed_platforms[] = {
	"bentoml", "ray.serve", "kserve", "mlserver", "litserve", NULL
};

/* Tabular readers, by resolved-name prefix. */
static const char *const read_prefixes[] = {
	"pandas.read_", "polars.read_", "polars.scan_", "dask.dataframe.read_", "modin.pandas.read_",
	"cudf.read_", "pyspark.pandas.read_", "databricks.koalas.read_", "pyarrow.parquet.read_",
	"pyarrow.csv.read_", "pyarrow.feather.read_", "duckdb.read_", "ray.data.read_", NULL
};

static const char *const read_calls[] = { "numpy.loadtxt", "numpy.genfromtxt", NULL };

/* `spark.read.<format>(...)` */
static const char *const spark_formats[] = {
	"csv", "parquet", "json", "table", "orc", "jdbc", "load", "text", NULL
};

static bool in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (s[0] == list[i][0] && !strcmp(s, list[i]))
			return true;
	return false;
}

static bool has_prefix(const char *s, const char *const *prefixes)
{
	for (size_t i = 0; prefixes[i]; i++)
		if (s[0] == prefixes[i][0] && !strncmp(s, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* `from ray import serve` imports "ray.serve" too: look at the bindings as well. */
static bool imports_any(const mlr_py *py, const char *const *modules)
{
	for (size_t i = 0; modules[i]; i++) {
		size_t ml = strlen(modules[i]);
		if (mlr_py_imports(py, modules[i]))
			return true;
		for (size_t a = 0; a < py->aliases.len; a++) {
			const char *t = py->aliases.items[a].target;
			if (!strncmp(t, modules[i], ml) && (t[ml] == '\0' || t[ml] == '.'))
				return true;
		}
	}
	return false;
}

static bool is_data_read(const char *name)
{
	if (has_prefix(name, read_prefixes) || in_list(name, read_calls))
		return true;
	const char *last = mlr_facts_last_segment(name);
	/* a reader object on a session, `spark.read.parquet(...)`, not a bare `read.csv` */
	return last - name > 6 && !strncmp(last - 6, ".read.", 6) && in_list(last, spark_formats);
}

/* Names of functions whose job is shaping data for a model or producing predictions. */
static bool is_ml_function_name(const char *s, size_t n)
{
	static const char *const verbs[] = {
		"predict", "preprocess", "postprocess", "featurize", "featurise", "transform", NULL
	};
	static const char *const feature_verbs[] = {
		"build", "make", "extract", "compute", "engineer", "create", "generate", "prepare", NULL
	};
	/* "infer" and "inference" alone are too common a word (`infer_dtype`) */
	static const char *const exact[] = {
		"feature_engineering", "clean_data", "prepare_data", "infer", "infer_batch", "batch_infer",
		"inference", "run_inference", "batch_inference", "do_inference", NULL
	};
	if (n == 0 || n >= 96 || s[0] == '_' || (n > 3 && !memcmp(s, "on_", 3)))
		return false; /* private helpers are tested through the public function; on_* are hooks */
	char name[96];
	memcpy(name, s, n);
	name[n] = '\0';
	for (char *c = name; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (in_list(name, exact))
		return true;
	bool verb = false;
	for (char *save = NULL, *tok = strtok_r(name, "_", &save); tok; tok = strtok_r(NULL, "_", &save)) {
		if (in_list(tok, verbs))
			return true;
		if (in_list(tok, feature_verbs))
			verb = true;
		else if (verb && (!strcmp(tok, "features") || !strcmp(tok, "feature")))
			return true;
	}
	return false;
}

/* A route path that answers a probe: "/health", "/healthz", "/v1/readyz", "/ping". */
static bool is_health_path(const char *s, size_t n)
{
	static const char *const names[] = {
		"live", "livez", "liveness", "ready", "readyz", "readiness", "ping", "alive", "heartbeat",
		NULL
	};
	if (n == 0 || s[0] != '/')
		return false;
	size_t segments = 0;
	bool status = false;
	for (size_t i = 0; i < n;) {
		while (i < n && s[i] == '/')
			i++;
		size_t start = i;
		while (i < n && s[i] != '/')
			i++;
		size_t len = i - start;
		if (!len)
			continue;
		segments++;
		char seg[32];
		if (len >= sizeof(seg))
			continue;
		for (size_t k = 0; k < len; k++)
			seg[k] = (char)tolower((unsigned char)s[start + k]);
		seg[len] = '\0';
		if (!strncmp(seg, "health", 6) || in_list(seg, names))
			return true;
		status |= !strcmp(seg, "status");
	}
	/* "/status" alone is a probe; "/jobs/{id}/status" is not */
	return status && segments == 1;
}

static bool is_health_name(const char *s, size_t n)
{
	static const char *const names[] = {
		"ping", "liveness", "readiness", "live", "ready", "livez", "readyz", "alive", "heartbeat",
		NULL
	};
	char name[32];
	if (n >= sizeof(name))
		return false;
	for (size_t k = 0; k < n; k++)
		name[k] = (char)tolower((unsigned char)s[k]);
	name[n] = '\0';
	return strstr(name, "health") || in_list(name, names);
}

/* Calls and decorators that register a route, by their last segment. */
static bool is_route_registration(const char *last)
{
	static const char *const names[] = {
		"get", "head", "route", "api_route", "add_api_route", "add_url_rule", "add_route",
		"add_get", "add_head", "Route", "APIRoute", NULL
	};
	return in_list(last, names);
}

/* `assert set(df.columns) == ...`, `df["x"].isna().any()`: code that looks at the schema. */
static bool text_mentions_schema_check(const char *t, size_t len)
{
	/* One pass instead of a memmem per needle: each needle starts with a '.' or ends with
	 * a '(' preceded by one of these names. */
	static const char *const after_dot[] = {
		"columns", "dtypes", "is_unique", "duplicated(", "between(", NULL
	};
	static const char *const before_paren[] = { "isna", "isnull", "notna", "notnull", NULL };
	for (size_t i = 0; i < len; i++) {
		const char *const *list = NULL;
		/* the letter next to the '.' or '(' rules most of them out */
		if (t[i] == '.' && i + 1 < len && strchr("cdib", t[i + 1]) && t[i + 1])
			list = after_dot;
		else if (t[i] == '(' && i > 0 && (t[i - 1] == 'a' || t[i - 1] == 'l'))
			list = before_paren;
		for (size_t k = 0; list && list[k]; k++) {
			size_t n = strlen(list[k]);
			if (list == after_dot ? (len - i - 1 >= n && !memcmp(t + i + 1, list[k], n))
			                      : (i >= n && !memcmp(t + i - n, list[k], n)))
				return true;
		}
	}
	return false;
}

static bool mentions_schema_check(const mlr_py *py, TSNode cond)
{
	size_t len;
	const char *t = mlr_py_text(py, cond, &len);
	return text_mentions_schema_check(t, len);
}

typedef struct {
	mlr_file_facts *facts;
	mlr_array(char *) names; /* top-level functions and classes */
	bool test_code;          /* asserts here check code on fixtures, not production data */
	bool schema_text;        /* the file mentions a schema check somewhere */
	bool oom;
} quality_state;

static void add_name(quality_state *st, const char *s, size_t n)
{
	char *h = mlr_strndup(s, n);
	if (!h || mlr_array_push(&st->names, h) < 0) {
		free(h);
		st->oom = true;
	}
}

static void set_first(uint32_t *line, char **what, TSNode at, const char *name, size_t n)
{
	uint32_t l = ts_node_start_point(at).row + 1;
	if (*line && *line <= l)
		return;
	char *s = mlr_strndup(name, n);
	if (!s)
		return;
	free(*what);
	*what = s;
	*line = l;
}

static void visit_call(const mlr_py *py, uint32_t at, void *payload)
{
	quality_state *st = payload;
	mlr_file_facts *facts = st->facts;
	TSNode call = mlr_py_node(py, at);
	size_t nlen;
	const char *n = mlr_py_callee_name_at(py, at, &nlen);
	if (!n)
		return;
	if (is_data_read(n)) {
		facts->flags |= MLR_FACT_LOADS_DATA;
		set_first(&facts->load_line, &facts->load_call, call, n, nlen);
	}
	if (in_list(n, app_calls)) {
		facts->flags |= MLR_FACT_WEB_APP;
		set_first(&facts->app_line, &facts->app_call, call, n, nlen);
	}
	if (is_route_registration(mlr_facts_last_segment(n))) {
		TSNode path = mlr_py_positional(call, 0);
		if (ts_node_is_null(path))
			path = mlr_py_kwarg(py, call, "path");
		if (ts_node_is_null(path))
			path = mlr_py_kwarg(py, call, "rule");
		const char *v;
		size_t vlen;
		if (!ts_node_is_null(path) && mlr_py_string_value(py, path, &v, &vlen) && is_health_path(v, vlen))
			facts->flags |= MLR_FACT_HEALTH_ROUTE;
	}
}

/* `@app.get("/something") def healthcheck(): ...` */
static void visit_decorated(const mlr_py *py, uint32_t at, void *payload)
{
	quality_state *st = payload;
	TSNode n = mlr_py_node(py, at);
	TSNode def = mlr_py_child(n, MLR_PY_F_DEFINITION);
	if (ts_node_is_null(def) || !mlr_py_is(def, MLR_PY_T_FUNCTION_DEFINITION))
		return;
	TSNode fname = mlr_py_child(def, MLR_PY_F_NAME);
	size_t flen;
	const char *ftext = mlr_py_text(py, fname, &flen);
	if (!is_health_name(ftext, flen))
		return;
	uint32_t count = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < count; i++) {
		TSNode d = ts_node_named_child(n, i);
		if (!mlr_py_is(d, MLR_PY_T_DECORATOR) || ts_node_named_child_count(d) == 0)
			continue;
		TSNode call = ts_node_named_child(d, 0);
		if (!mlr_py_is(call, MLR_PY_T_CALL))
			continue;
		size_t nlen;
		const char *name = mlr_py_callee_name(py, call, &nlen);
		if (name && is_route_registration(mlr_facts_last_segment(name)))
			st->facts->flags |= MLR_FACT_HEALTH_ROUTE;
	}
}

/* The node a definition stands in its parent's body as (itself, or its decorated form). */
static TSNode statement_of(const mlr_py *py, TSNode def)
{
	TSNode p = mlr_py_parent(py, def);
	if (!ts_node_is_null(p) && mlr_py_is(p, MLR_PY_T_DECORATED_DEFINITION))
		return p;
	return def;
}

static bool is_module_level(const mlr_py *py, TSNode def)
{
	TSNode p = mlr_py_parent(py, statement_of(py, def));
	return !ts_node_is_null(p) && mlr_py_is(p, MLR_PY_T_MODULE);
}

static bool is_method_of_top_class(const mlr_py *py, TSNode fn)
{
	TSNode block = mlr_py_parent(py, statement_of(py, fn));
	TSNode cls = ts_node_is_null(block) ? block : mlr_py_parent(py, block);
	return !ts_node_is_null(cls) && mlr_py_is(cls, MLR_PY_T_CLASS_DEFINITION) && is_module_level(py, cls);
}

typedef struct {
	bool raises;
} raise_scan;

static bool find_raise(const mlr_py *py, uint32_t at, void *payload)
{
	raise_scan *rs = payload;
	if (py->types[at] == MLR_PY_T_RAISE_STATEMENT)
		rs->raises = true;
	return !rs->raises;
}

/* A function that looks at the schema and raises: `missing = REQUIRED - set(df.columns)`
 * ... `raise ValueError(...)`. Only functions at the top (or methods of top-level
 * classes), so that nested definitions are not scanned over and over. */
static void check_validating_function(const mlr_py *py, TSNode fn, quality_state *st)
{
	if ((st->facts->flags & MLR_FACT_VALIDATES_DATA) || !st->schema_text)
		return;
	TSNode body = mlr_py_child(fn, MLR_PY_F_BODY);
	if (ts_node_is_null(body) || !mentions_schema_check(py, body))
		return;
	raise_scan rs = { false };
	uint32_t at = mlr_py_index(py, body);
	if (at == MLR_PY_NO_INDEX)
		return;
	/* past the first raise, find_raise skips every subtree left */
	mlr_py_walk(py, at, find_raise, &rs);
	if (rs.raises)
		st->facts->flags |= MLR_FACT_VALIDATES_DATA;
}

/* A body with nothing to test: a docstring, `pass`, `...`, a bare `raise` of "implement
 * me" (NotImplementedError or a framework's own), `return None`: abstract methods and
 * hook declarations. */
static bool is_stub(const mlr_py *py, TSNode fn)
{
	TSNode body = mlr_py_child(fn, MLR_PY_F_BODY);
	uint32_t count = ts_node_is_null(body) ? 0 : ts_node_named_child_count(body);
	for (uint32_t i = 0; i < count; i++) {
		TSNode s = ts_node_named_child(body, i);
		mlr_py_type_id t = mlr_py_type(s);
		size_t len;
		const char *text = mlr_py_text(py, s, &len);
		if (t == MLR_PY_T_PASS_STATEMENT || t == MLR_PY_T_COMMENT ||
		    t == MLR_PY_T_RAISE_STATEMENT ||
		    (t == MLR_PY_T_RETURN_STATEMENT && (len == 6 || (len == 11 && !memcmp(text + 7, "None", 4)))))
			continue;
		if (t == MLR_PY_T_EXPRESSION_STATEMENT && ts_node_named_child_count(s) == 1) {
			mlr_py_type_id et = mlr_py_type(ts_node_named_child(s, 0));
			if (et == MLR_PY_T_STRING || et == MLR_PY_T_ELLIPSIS)
				continue;
		}
		return false;
	}
	return true;
}

static void visit_function(const mlr_py *py, uint32_t at, void *payload)
{
	quality_state *st = payload;
	TSNode fn = mlr_py_node(py, at);
	TSNode name = mlr_py_child(fn, MLR_PY_F_NAME);
	size_t len;
	const char *t = mlr_py_text(py, name, &len);
	bool top = is_module_level(py, fn);
	if (top)
		add_name(st, t, len);
	if (!st->test_code && (top || is_method_of_top_class(py, fn)))
		check_validating_function(py, fn, st);
	if (!is_ml_function_name(t, len) || is_stub(py, fn))
		return;
	if (!top && !is_method_of_top_class(py, fn))
		return; /* nested helpers do not count */
	st->facts->flags |= MLR_FACT_ML_FUNCTIONS;
	set_first(&st->facts->ml_line, &st->facts->ml_function, fn, t, len);
}

static void visit_class(const mlr_py *py, uint32_t at, void *payload)
{
	TSNode cls = mlr_py_node(py, at);
	if (!is_module_level(py, cls))
		return;
	size_t len;
	const char *t = mlr_py_text(py, mlr_py_child(cls, MLR_PY_F_NAME), &len);
	add_name(payload, t, len);
}

static void visit_assert(const mlr_py *py, uint32_t at, void *payload)
{
	quality_state *st = payload;
	TSNode n = mlr_py_node(py, at);
	if (!st->test_code && mentions_schema_check(py, n))
		st->facts->flags |= MLR_FACT_VALIDATES_DATA;
}

static bool is_test_code(const mlr_file_facts *facts, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	return (facts->flags & MLR_FACT_TEST_FILE) || !strcmp(base, "conftest.py") || mlr_facts_has_dir(path, "tests") ||
	       mlr_facts_has_dir(path, "test") || mlr_facts_has_dir(path, "testing");
}

void mlr_quality_facts(mlr_file_facts *facts, const mlr_py *py, const char *path)
{
	quality_state st = { .facts = facts, .test_code = is_test_code(facts, path),
		.schema_text = text_mentions_schema_check(py->src, py->len) };
	if (imports_any(py, validation_modules) ||
	    (imports_any(py, record_schema_modules) && !imports_any(py, web_modules)))
		facts->flags |= MLR_FACT_VALIDATES_DATA;
	if (imports_any(py, instrumentation_modules))
		facts->flags |= MLR_FACT_INSTRUMENTED;
	if (imports_any(py, health_modules))
		facts->flags |= MLR_FACT_HEALTH_ROUTE;

	static const mlr_py_visitor_at visitors[] = {
		{ "call", visit_call },
		{ "decorated_definition", visit_decorated },
		{ "function_definition", visit_function },
		{ "class_definition", visit_class },
		{ "assert_statement", visit_assert },
		{ NULL, NULL }
	};
	mlr_py_visit_at(py, visitors, &st);

	/* An app mounted on a serving platform (`@serve.ingress(app)`, `bentoml.mount_asgi_app`)
	 * gets the platform's probes and metrics: it is not one the team operates alone. */
	if ((facts->flags & MLR_FACT_WEB_APP) && imports_any(py, managed_platforms)) {
		facts->flags &= ~(uint32_t)MLR_FACT_WEB_APP;
		facts->app_line = 0;
	}
	if (st.oom || !(facts->flags & MLR_FACT_ML_FUNCTIONS)) {
		/* a partial list would make a tested module look untested */
		if (st.oom)
			facts->flags &= ~(uint32_t)MLR_FACT_ML_FUNCTIONS;
		for (size_t i = 0; i < st.names.len; i++)
			free(st.names.items[i]);
		mlr_array_delete(&st.names);
		return;
	}
	facts->ml_names = st.names.items;
	facts->ml_name_count = st.names.len;
}

void mlr_quality_facts_dispose(mlr_file_facts *facts)
{
	if (!facts)
		return;
	for (size_t i = 0; i < facts->ml_name_count; i++)
		free(facts->ml_names[i]);
	free(facts->ml_names);
	free(facts->load_call);
	free(facts->ml_function);
	free(facts->app_call);
	facts->ml_names = NULL;
	facts->ml_name_count = 0;
	facts->load_call = facts->ml_function = facts->app_call = NULL;
}
