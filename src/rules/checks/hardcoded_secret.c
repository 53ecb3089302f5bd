/*
 * MLR201 hardcoded-secret. Two passes over one file:
 *  - the byte scanner finds provider-format credentials in any text (and, outside Python,
 *    secret-like names bound to credential-shaped values);
 *  - in Python, the syntax tree finds string literals bound to secret-like names —
 *    assignments, attributes, subscripts, keyword arguments, parameter defaults, dict
 *    entries, comparisons and positional credential sinks — which a text regex cannot
 *    tell apart from `max_tokens = 512`.
 * A literal that holds a provider-format key is reported once, by the scanner.
 */
#include "engine/engine.h"

#include <string.h>

#include "core/hash.h"
#include "secrets/lockfiles.h"
#include "secrets/secrets.h"

typedef struct {
	mlr_file_ctx *ctx;
	const mlr_rule *rule;
	const mlr_secret_hits *hits; /* provider hits in this file, to skip their literals */
} py_state;

static bool overlaps_hit(const py_state *st, TSNode str)
{
	uint32_t s = ts_node_start_byte(str), e = ts_node_end_byte(str);
	for (size_t i = 0; i < st->hits->len; i++) {
		const mlr_secret_hit *h = &st->hits->items[i];
		if (h->offset < e && h->offset + h->length > s)
			return true;
	}
	return false;
}

/* The name a value is bound to: `x`, `obj.x`, `d["x"]`, a keyword, a dict key. */
static bool binding_name(const mlr_py *py, TSNode target, const char **name, size_t *len)
{
	mlr_py_type_id type = mlr_py_type(target);
	if (type == MLR_PY_T_IDENTIFIER) {
		*name = mlr_py_text(py, target, len);
		return true;
	}
	if (type == MLR_PY_T_ATTRIBUTE) {
		TSNode a = mlr_py_child(target, MLR_PY_F_ATTRIBUTE);
		if (ts_node_is_null(a))
			return false;
		*name = mlr_py_text(py, a, len);
		return true;
	}
	if (type == MLR_PY_T_SUBSCRIPT) {
		TSNode k = mlr_py_child(target, MLR_PY_F_SUBSCRIPT);
		return !ts_node_is_null(k) && mlr_py_string_value(py, k, name, len);
	}
	if (type == MLR_PY_T_STRING)
		return mlr_py_string_value(py, target, name, len);
	return false;
}

/* A dict key such as "time_token.mlp.0.weight" is a state-dict path, not a name. */
static bool is_identifier_like(const char *s, size_t n)
{
	if (n == 0 || n > 128)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static void check_binding(py_state *st, const char *name, size_t nlen, TSNode value)
{
	const mlr_py *py = st->ctx->py;
	const char *v;
	size_t vlen;
	if (ts_node_is_null(value) || !mlr_py_string_value(py, value, &v, &vlen))
		return;
	if (!is_identifier_like(name, nlen) || !mlr_secret_scanner_name_is_sensitive(st->ctx->secrets, name, nlen) ||
	    overlaps_hit(st, value))
		return;
	bool plausible = false;
	const mlr_secret_format *fmt = mlr_secret_classify_value(st->ctx->secrets, v, vlen, &plausible);
	if (fmt || !plausible || !mlr_secret_value_fits_name(name, nlen, v, vlen))
		return; /* a provider key is the scanner's; an implausible value is no secret */
	char red[40];
	mlr_redact(red, sizeof(red), v, vlen);
	TSPoint p = ts_node_start_point(value);
	mlr_emit(st->ctx->findings, st->rule, st->ctx->file->path, p.row + 1, p.column + 1,
		mlr_hash_bytes(MLR_HASH_SEED, v, vlen), false, "hardcoded credential bound to `%.*s`: %s",
		(int)(nlen > 64 ? 64 : nlen), name, red);
}

static void visit_assignment(const mlr_py *py, uint32_t at, void *payload)
{
	TSNode right = mlr_py_field_at(py, at, MLR_PY_F_RIGHT);
	/* chained: a = b = "..." parses as a = (b = "..."); the inner one is visited too */
	if (ts_node_is_null(right) || !mlr_py_is(right, MLR_PY_T_STRING))
		return;
	const char *name;
	size_t len;
	if (binding_name(py, mlr_py_field_at(py, at, MLR_PY_F_LEFT), &name, &len))
		check_binding(payload, name, len, right);
}

/* Keywords, dict entries and defaults bind a value to a name; only a string literal value
 * can be a credential (check_binding asks that first), so the name waits until it is one. */
static void visit_keyword(const mlr_py *py, uint32_t at, void *payload)
{
	TSNode value = mlr_py_field_at(py, at, MLR_PY_F_VALUE);
	if (!mlr_py_is(value, MLR_PY_T_STRING))
		return;
	TSNode k = mlr_py_field_at(py, at, MLR_PY_F_NAME);
	size_t len;
	if (!ts_node_is_null(k)) {
		const char *name = mlr_py_text(py, k, &len);
		check_binding(payload, name, len, value);
	}
}

static void visit_pair(const mlr_py *py, uint32_t at, void *payload)
{
	TSNode value = mlr_py_field_at(py, at, MLR_PY_F_VALUE);
	if (!mlr_py_is(value, MLR_PY_T_STRING))
		return;
	const char *name;
	size_t len;
	if (binding_name(py, mlr_py_field_at(py, at, MLR_PY_F_KEY), &name, &len))
		check_binding(payload, name, len, value);
}

/* `token == "..."` compares with the credential; `"..." in token_indices` looks a key up. */
static bool equality(TSNode comparison)
{
	for (uint32_t i = 0, n = ts_node_child_count(comparison); i < n; i++) {
		TSNode c = ts_node_child(comparison, i);
		if (ts_node_is_named(c))
			continue;
		const char *op = ts_node_type(c);
		return !strcmp(op, "==") || !strcmp(op, "!=");
	}
	return false;
}

static void visit_comparison(const mlr_py *py, uint32_t at, void *payload)
{
	TSNode n = mlr_py_node(py, at);
	if (ts_node_named_child_count(n) != 2 || !equality(n))
		return;
	TSNode a = ts_node_named_child(n, 0), b = ts_node_named_child(n, 1);
	const char *name;
	size_t len;
	if (binding_name(py, a, &name, &len) && !mlr_py_is(a, MLR_PY_T_STRING))
		check_binding(payload, name, len, b);
	else if (binding_name(py, b, &name, &len) && !mlr_py_is(b, MLR_PY_T_STRING))
		check_binding(payload, name, len, a);
}

/* Calls that take a credential, positionally or by a keyword whose name alone does not
 * say so (`wandb.login(key=...)`): which argument it is, and what it means. A NULL meaning
 * says the first argument names it (`os.environ.setdefault("HF_TOKEN", "...")`). */
static const struct {
	const char *callee;
	uint32_t arg;
	const char *keyword;
	const char *meaning;
} sinks[] = {
	{ "huggingface_hub.login", 0, "token", "token" },
	{ "wandb.login", 0, "key", "api_key" },
	{ "comet_ml.login", 0, "api_key", "api_key" },
	{ "comet_ml.init", 0, "api_key", "api_key" },
	{ "neptune.init_run", UINT32_MAX, "api_token", "api_token" },
	{ "os.environ.setdefault", 1, NULL, NULL },
	{ "os.putenv", 1, NULL, NULL },
	{ NULL, 0, NULL, NULL }
};

static void visit_call(const mlr_py *py, uint32_t at, void *payload)
{
	TSNode n = mlr_py_node(py, at);
	size_t clen;
	const char *callee = mlr_py_callee_name_at(py, at, &clen);
	for (size_t i = 0; callee && sinks[i].callee; i++) {
		if (strcmp(callee, sinks[i].callee))
			continue;
		TSNode v = sinks[i].arg == UINT32_MAX ? (TSNode){ 0 } : mlr_py_positional(n, sinks[i].arg);
		if (sinks[i].meaning) {
			const char *m = sinks[i].meaning;
			check_binding(payload, m, strlen(m), v);
			if (sinks[i].keyword)
				check_binding(payload, m, strlen(m), mlr_py_kwarg(py, n, sinks[i].keyword));
		} else {
			const char *name;
			size_t len;
			TSNode k = mlr_py_positional(n, 0);
			if (!ts_node_is_null(k) && mlr_py_string_value(py, k, &name, &len))
				check_binding(payload, name, len, v);
		}
	}
}

static void visit_default(const mlr_py *py, uint32_t at, void *payload)
{
	TSNode value = mlr_py_field_at(py, at, MLR_PY_F_VALUE);
	if (!mlr_py_is(value, MLR_PY_T_STRING))
		return;
	TSNode k = mlr_py_field_at(py, at, MLR_PY_F_NAME);
	size_t len;
	if (!ts_node_is_null(k)) {
		const char *name = mlr_py_text(py, k, &len);
		check_binding(payload, name, len, value);
	}
}

void mlr_check_hardcoded_secret(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	mlr_secret_hits hits = { 0 };
	/* Python's names are checked through the syntax tree instead (Python left unparsed, and
	 * in --history a Python blob without a tree, is what the prefilter cleared: the tree
	 * pass would find nothing there, secrets/pyfilter.h); lock files
	 * and minified bundles get the provider formats only (secrets/lockfiles.h). Notebooks
	 * are never "minified": an image output is one long line of base64. */
	bool history_python = ctx->file->commit && ctx->file->kind == MLR_KIND_PYTHON;
	bool generic = ctx->py == NULL && !ctx->skimmed && !history_python && !mlr_secret_path_is_lockfile(ctx->file->path) &&
		!(ctx->file->kind == MLR_KIND_TEXT && mlr_secret_data_is_minified(ctx->data, ctx->len));
	mlr_secret_scanner_set_generic(ctx->secrets, generic);
	if (mlr_secret_scan(&hits, ctx->secrets, ctx->data, ctx->len) < 0)
		goto cleanup;
	for (size_t i = 0; i < hits.len; i++) {
		const mlr_secret_hit *h = &hits.items[i];
		mlr_emit(ctx->findings, rule, ctx->file->path, h->line, h->column, h->hash, h->format->live,
			"hardcoded %s credential (%s): %s", h->format->provider, h->format->id, h->redacted);
	}
	if (ctx->py) {
		static const mlr_py_visitor_at visitors[] = {
			{ "assignment", visit_assignment },
			{ "keyword_argument", visit_keyword },
			{ "pair", visit_pair },
			{ "default_parameter", visit_default },
			{ "typed_default_parameter", visit_default },
			{ "comparison_operator", visit_comparison },
			{ "call", visit_call },
			{ NULL, NULL }
		};
		py_state st = { ctx, rule, &hits };
		mlr_py_visit_at(ctx->py, visitors, &st);
	}
cleanup:
	mlr_array_delete(&hits);
}
