/*
 * MLR603 untyped-request-body: an HTTP inference endpoint that accepts its body without a
 * schema. Three shapes:
 *
 *  - a FastAPI / Litestar / BentoML endpoint parameter typed `dict`, `Dict[...]`, `Any`
 *    or `list[dict]` (or `= Body(...)` with no type): the framework validates nothing;
 *  - a handler that reads the raw JSON (`await request.json()`, Flask's
 *    `request.get_json()` / `request.json`, `json.loads(event["body"])` in a Lambda
 *    handler) and never validates it in the same function;
 *  - a BentoML `input=JSON()` descriptor without `pydantic_model=`.
 *
 * Validation is a schema call in the same function (`Model.model_validate`, `parse_obj`,
 * `schema.load`, `jsonschema.validate`, `Model(**data)`) or a validating decorator
 * (flask-pydantic's `@validate`, webargs' `@use_args`, `@expects_json`, ...).
 */
#include "engine/engine.h"

#include <ctype.h>
#include <string.h>

#include "rules/checks/pyscan.h"

static const char *const web_modules[] = {
	"fastapi", "flask", "starlette", "quart", "sanic", "aiohttp.web", "tornado.web", "falcon",
	"litestar", "bentoml", "ray.serve", "connexion", "kserve", "litserve", NULL
};

typedef struct {
	mlr_file_ctx *ctx;
	const mlr_rule *rule;
	bool lambda;         /* the file defines an AWS Lambda handler */
} body_state;

static const char *last_of(const mlr_py *py, TSNode n, mlr_buf *buf)
{
	mlr_buf raw = MLR_BUF_INIT;
	buf->len = 0;
	if (mlr_py_dotted(&raw, py, n))
		mlr_py_resolve(buf, py, mlr_buf_cstr(&raw), raw.len);
	mlr_buf_dispose(&raw);
	return mlr_pyscan_last(mlr_buf_cstr(buf));
}

/* The decorators of def, as their call or name nodes. */
static uint32_t decorators(const mlr_py *py, TSNode def, TSNode *out, uint32_t max)
{
	TSNode p = mlr_py_parent(py, def);
	uint32_t n = 0;
	if (ts_node_is_null(p) || !mlr_py_is(p, MLR_PY_T_DECORATED_DEFINITION))
		return 0;
	uint32_t count = ts_node_named_child_count(p);
	for (uint32_t i = 0; i < count && n < max; i++) {
		TSNode d = ts_node_named_child(p, i);
		if (mlr_py_is(d, MLR_PY_T_DECORATOR) && ts_node_named_child_count(d))
			out[n++] = ts_node_named_child(d, 0);
	}
	return n;
}

/* A route that takes a body (`@app.post`, `@router.put`, `@app.api_route(..., methods=["POST"])`)
 * or a BentoML API. */
static bool is_body_endpoint(const mlr_py *py, TSNode def)
{
	TSNode decs[8];
	uint32_t n = decorators(py, def, decs, 8);
	bool hit = false;
	mlr_buf buf = MLR_BUF_INIT;
	for (uint32_t i = 0; i < n && !hit; i++) {
		TSNode d = decs[i];
		bool call = mlr_py_is(d, MLR_PY_T_CALL);
		const char *last = last_of(py, call ? mlr_py_child(d, MLR_PY_F_FUNCTION) : d, &buf);
		if (!strcmp(last, "post") || !strcmp(last, "put") || !strcmp(last, "patch"))
			hit = call;
		else if (!strcmp(last, "api") && (!strncmp(mlr_buf_cstr(&buf), "bentoml", 7) || call))
			hit = true;
		else if (call && (!strcmp(last, "api_route") || !strcmp(last, "route"))) {
			TSNode m = mlr_py_kwarg(py, d, "methods");
			size_t len = 0;
			const char *t = ts_node_is_null(m) ? "" : mlr_py_text(py, m, &len);
			hit = !ts_node_is_null(m) && (memmem(t, len, "POST", 4) || memmem(t, len, "PUT", 3) ||
			                               memmem(t, len, "PATCH", 5));
		}
	}
	mlr_buf_dispose(&buf);
	return hit;
}

/* `dict`, `Dict[str, Any]`, `typing.Any`, `list[dict]`, `Optional[dict]` */
static bool is_untyped_type(const mlr_py *py, TSNode type)
{
	size_t len;
	const char *t = mlr_py_text(py, type, &len);
	static const char *const shapes[] = {
		"dict", "Dict", "Any", "typing.Any", "typing.Dict", "object", "Json", "list[dict]",
		"List[dict]", "List[Dict]", "list[Dict]", "Optional[dict]", "Optional[Dict]", NULL
	};
	for (size_t i = 0; shapes[i]; i++) {
		size_t sl = strlen(shapes[i]);
		if (len == sl && !memcmp(t, shapes[i], sl))
			return true;
		/* Dict[str, Any], dict[str, float], typing.Dict[...] */
		if (len > sl && !memcmp(t, shapes[i], sl) && t[sl] == '[' && strstr(shapes[i], "ict"))
			return true;
	}
	return false;
}

static void check_parameters(body_state *st, TSNode def)
{
	const mlr_py *py = st->ctx->py;
	TSNode params = mlr_py_child(def, MLR_PY_F_PARAMETERS);
	uint32_t count = ts_node_is_null(params) ? 0 : ts_node_named_child_count(params);
	for (uint32_t i = 0; i < count; i++) {
		TSNode p = ts_node_named_child(params, i);
		mlr_py_type_id t = mlr_py_type(p);
		TSNode type = mlr_py_child(p, MLR_PY_F_TYPE);
		TSNode name = mlr_py_child(p, MLR_PY_F_NAME);
		if (ts_node_is_null(name) && ts_node_named_child_count(p))
			name = ts_node_named_child(p, 0);
		if (t == MLR_PY_T_TYPED_PARAMETER || t == MLR_PY_T_TYPED_DEFAULT_PARAMETER) {
			if (ts_node_is_null(type) || !is_untyped_type(py, type))
				continue;
		} else if (t == MLR_PY_T_DEFAULT_PARAMETER) {
			/* `payload=Body(...)` with no annotation */
			TSNode v = mlr_py_child(p, MLR_PY_F_VALUE);
			mlr_buf buf = MLR_BUF_INIT;
			bool body = !ts_node_is_null(v) && mlr_py_is(v, MLR_PY_T_CALL) &&
			            !strcmp(last_of(py, mlr_py_child(v, MLR_PY_F_FUNCTION), &buf), "Body");
			mlr_buf_dispose(&buf);
			if (!body)
				continue;
		} else {
			continue;
		}
		size_t nl, tl = 0;
		const char *n = mlr_py_text(py, name, &nl);
		const char *ty = ts_node_is_null(type) ? "Body()" : mlr_py_text(py, type, &tl);
		if (ts_node_is_null(type))
			tl = 6;
		mlr_emit_node(st->ctx, st->rule, p, false,
			"endpoint body `%.*s: %.*s` is untyped: any JSON is accepted and reaches the model unvalidated; declare a pydantic model",
			(int)(nl > 40 ? 40 : nl), n, (int)(tl > 40 ? 40 : tl), ty);
	}
}

/* A name that stands for the incoming request in this function. */
static bool is_request_like(const body_state *st, TSNode def, TSNode n)
{
	const mlr_py *py = st->ctx->py;
	if (!mlr_py_is(n, MLR_PY_T_IDENTIFIER))
		return false;
	static const char *const names[] = {
		"request", "req", "http_request", "raw_request", "starlette_request", NULL
	};
	for (size_t i = 0; names[i]; i++)
		if (mlr_py_text_eq(py, n, names[i]))
			return true;
	if (st->lambda && mlr_py_text_eq(py, n, "event"))
		return true;
	/* a parameter annotated `: Request` */
	TSNode params = mlr_py_child(def, MLR_PY_F_PARAMETERS);
	uint32_t count = ts_node_is_null(params) ? 0 : ts_node_named_child_count(params);
	for (uint32_t i = 0; i < count; i++) {
		TSNode p = ts_node_named_child(params, i);
		if (!mlr_py_is(p, MLR_PY_T_TYPED_PARAMETER) || !ts_node_named_child_count(p))
			continue;
		TSNode type = mlr_py_child(p, MLR_PY_F_TYPE);
		size_t tl, nl, il;
		const char *t = mlr_py_text(py, type, &tl);
		const char *pn = mlr_py_text(py, ts_node_named_child(p, 0), &nl);
		const char *id = mlr_py_text(py, n, &il);
		if (nl == il && !memcmp(pn, id, nl) && tl >= 7 && !memcmp(t + tl - 7, "Request", 7))
			return true;
	}
	return false;
}

typedef struct {
	body_state *st;
	TSNode def;
	TSNode read;
	bool validated;
} read_scan;

static bool is_validation_call(const mlr_py *py, TSNode call)
{
	static const char *const names[] = {
		"model_validate", "model_validate_json", "parse_obj", "parse_raw", "parse_obj_as", "validate",
		"validate_python", "validate_json", "TypeAdapter", NULL
	};
	size_t nlen;
	const char *n = mlr_py_callee_name(py, call, &nlen);
	bool hit = false;
	if (n) {
		const char *last = mlr_pyscan_last(n);
		size_t ll = strlen(last);
		for (size_t i = 0; names[i] && !hit; i++)
			hit = !strcmp(last, names[i]);
		hit |= !strncmp(n, "jsonschema.", 11) || !strncmp(n, "pydantic.", 9) || !strncmp(n, "marshmallow.", 12);
		/* `schema.load(data)` (marshmallow), not json/joblib/pickle loading */
		hit |= !strcmp(last, "load") && strncmp(n, "json.", 5) && strncmp(n, "joblib.", 7) &&
		       strncmp(n, "pickle.", 7) && strncmp(n, "torch.", 6) && strncmp(n, "yaml.", 5);
		/* `PredictRequest(**payload)`, `Features(**data)`: a class built from the body */
		if (!hit && ll && isupper((unsigned char)last[0])) {
			TSNode args = mlr_py_child(call, MLR_PY_F_ARGUMENTS);
			uint32_t count = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
			for (uint32_t i = 0; i < count && !hit; i++)
				hit = mlr_py_is(ts_node_named_child(args, i), MLR_PY_T_DICTIONARY_SPLAT);
		}
	}
	return hit;
}

/* `request.json()`, `request.get_json()`, `request.json`, `json.loads(<request...>)` */
static bool is_raw_read(read_scan *rs, TSNode n)
{
	const mlr_py *py = rs->st->ctx->py;
	mlr_py_type_id t = mlr_py_type(n);
	if (t == MLR_PY_T_ATTRIBUTE) {
		TSNode obj = mlr_py_child(n, MLR_PY_F_OBJECT);
		TSNode attr = mlr_py_child(n, MLR_PY_F_ATTRIBUTE);
		if (!is_request_like(rs->st, rs->def, obj))
			return false;
		return mlr_py_text_eq(py, attr, "json") || mlr_py_text_eq(py, attr, "get_json");
	}
	if (t != MLR_PY_T_CALL)
		return false;
	/* `request.json()`, `await request.json()`: report the call, not its callee */
	TSNode fn = mlr_py_child(n, MLR_PY_F_FUNCTION);
	if (!ts_node_is_null(fn) && mlr_py_is(fn, MLR_PY_T_ATTRIBUTE) && is_raw_read(rs, fn))
		return true;
	size_t nlen;
	const char *name = mlr_py_callee_name(py, n, &nlen);
	bool hit = false;
	if (name && !strcmp(name, "json.loads")) {
		/* json.loads(request.data), json.loads(await request.body()), json.loads(event["body"]) */
		TSNode arg = mlr_py_positional(n, 0);
		for (int i = 0; i < 8 && !ts_node_is_null(arg) && !hit; i++) {
			mlr_py_type_id at = mlr_py_type(arg);
			if (is_request_like(rs->st, rs->def, arg))
				hit = true;
			else if (at == MLR_PY_T_AWAIT || at == MLR_PY_T_PARENTHESIZED_EXPRESSION)
				arg = ts_node_named_child(arg, 0);
			else if (at == MLR_PY_T_SUBSCRIPT)
				arg = mlr_py_child(arg, MLR_PY_F_VALUE);
			else if (at == MLR_PY_T_ATTRIBUTE)
				arg = mlr_py_child(arg, MLR_PY_F_OBJECT);
			else if (at == MLR_PY_T_CALL) {
				TSNode inner = mlr_py_child(arg, MLR_PY_F_FUNCTION);
				arg = !ts_node_is_null(inner) && mlr_py_is(inner, MLR_PY_T_ATTRIBUTE)
					? mlr_py_child(inner, MLR_PY_F_OBJECT) : (TSNode){ 0 };
			} else
				break;
		}
	}
	return hit;
}

static bool scan_reads(const mlr_py *py, TSNode n, void *payload)
{
	read_scan *rs = payload;
	mlr_py_type_id t = mlr_py_type(n);
	if (t == MLR_PY_T_FUNCTION_DEFINITION || t == MLR_PY_T_LAMBDA)
		return ts_node_eq(n, rs->def); /* nested functions are scanned on their own */
	if (t == MLR_PY_T_CALL && is_validation_call(py, n))
		rs->validated = true;
	if (ts_node_is_null(rs->read) && is_raw_read(rs, n)) {
		rs->read = n;
		return false;
	}
	return true;
}

static bool has_validating_decorator(const mlr_py *py, TSNode def)
{
	static const char *const names[] = {
		"validate", "use_args", "use_kwargs", "arguments", "expects_json", "expect", "input",
		"validate_request", "validate_json", "accepts", NULL
	};
	TSNode decs[8];
	uint32_t n = decorators(py, def, decs, 8);
	mlr_buf buf = MLR_BUF_INIT;
	bool hit = false;
	for (uint32_t i = 0; i < n && !hit; i++) {
		TSNode d = decs[i];
		if (mlr_py_is(d, MLR_PY_T_CALL))
			d = mlr_py_child(d, MLR_PY_F_FUNCTION);
		const char *last = last_of(py, d, &buf);
		for (size_t k = 0; names[k] && !hit; k++)
			hit = !strcmp(last, names[k]);
	}
	mlr_buf_dispose(&buf);
	return hit;
}

static void visit_function(const mlr_py *py, TSNode def, void *payload)
{
	body_state *st = payload;
	if (is_body_endpoint(py, def))
		check_parameters(st, def);
	read_scan rs = { .st = st, .def = def };
	mlr_pyscan_walk(py, def, scan_reads, &rs);
	if (ts_node_is_null(rs.read) || rs.validated || has_validating_decorator(py, def))
		return;
	size_t len;
	const char *t = mlr_py_text(py, rs.read, &len);
	const char *nl = memchr(t, '\n', len);
	if (nl)
		len = (size_t)(nl - t);
	mlr_emit_node(st->ctx, st->rule, rs.read, false,
		"`%.*s` reads the request body as raw JSON and nothing validates it: parse it into a pydantic model (or a schema) first",
		(int)(len > 50 ? 50 : len), t);
}

/* `@svc.api(input=JSON(), ...)`: BentoML's JSON descriptor without a model. */
static void visit_call(const mlr_py *py, TSNode call, void *payload)
{
	body_state *st = payload;
	TSNode parent = mlr_py_parent(py, call);
	if (ts_node_is_null(parent) || !mlr_py_is(parent, MLR_PY_T_KEYWORD_ARGUMENT) ||
	    !mlr_py_text_eq(py, mlr_py_child(parent, MLR_PY_F_NAME), "input"))
		return;
	size_t nlen;
	const char *name = mlr_py_callee_name(py, call, &nlen);
	if (name && !strcmp(name, "bentoml.io.JSON") &&
	    ts_node_is_null(mlr_py_kwarg(py, call, "pydantic_model")))
		mlr_emit_node(st->ctx, st->rule, call, false,
			"BentoML `JSON()` input without `pydantic_model=`: any JSON is accepted and reaches the model unvalidated");
}

void mlr_check_untyped_request_body(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	const mlr_py *py = ctx->py;
	if (mlr_pyscan_is_test_code(ctx->file->path, ctx->facts->flags) || ctx->nb)
		return;
	bool lambda = mlr_pyscan_defines_lambda_handler(py);
	if (!lambda && !mlr_pyscan_imports_any(py, web_modules))
		return;
	body_state st = { ctx, rule, lambda };
	static const mlr_py_visitor visitors[] = {
		{ "function_definition", visit_function },
		{ "call", visit_call },
		{ NULL, NULL }
	};
	mlr_py_visit(py, visitors, &st);
}
