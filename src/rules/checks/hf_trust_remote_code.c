/*
 * MLR206 hf-trust-remote-code: `trust_remote_code=True` (or a dict carrying it) without a
 * revision pinned to a commit. Silent when the repository is a local path written in the
 * call (the code run is already on disk), when the revision is chosen at run time, and in
 * test code, which exercises the feature against fixture repositories.
 */
#include "engine/engine.h"

#include <string.h>

#include "rules/checks/hfhub.h"
#include "rules/checks/pyscan.h"

typedef struct {
	mlr_file_ctx *ctx;
	const mlr_rule *rule;
} remote_state;

/* from_pretrained("./my-model", ...): a directory, not a Hub repository. */
static bool loads_local_path(const mlr_py *py, TSNode call)
{
	TSNode first = mlr_py_positional(call, 0);
	const char *v;
	size_t len;
	if (ts_node_is_null(first) || !mlr_py_string_value(py, first, &v, &len) || len == 0)
		return false;
	return !mlr_hf_is_repo_id(v, len);
}

static void visit_keyword(const mlr_py *py, TSNode kw, void *payload)
{
	remote_state *st = payload;
	TSNode value = mlr_py_child(kw, MLR_PY_F_VALUE);
	if (!mlr_py_is(value, MLR_PY_T_TRUE))
		return;
	TSNode name = mlr_py_child(kw, MLR_PY_F_NAME);
	if (ts_node_is_null(name) || !mlr_py_text_eq(py, name, "trust_remote_code"))
		return;
	TSNode args = mlr_py_parent(py, kw);
	TSNode call = ts_node_is_null(args) ? args : mlr_py_parent(py, args);
	if (ts_node_is_null(call) || !mlr_py_is(call, MLR_PY_T_CALL))
		return;
	if (mlr_hf_revision_handled(py, call) || loads_local_path(py, call))
		return;
	mlr_emit_node(st->ctx, st->rule, call, false,
		"trust_remote_code=True runs the repository's Python code, and no revision= pins the commit you reviewed");
}

static void visit_pair(const mlr_py *py, TSNode pair, void *payload)
{
	remote_state *st = payload;
	TSNode value = mlr_py_child(pair, MLR_PY_F_VALUE);
	if (!mlr_py_is(value, MLR_PY_T_TRUE))
		return;
	TSNode key = mlr_py_child(pair, MLR_PY_F_KEY);
	const char *k;
	size_t len;
	if (ts_node_is_null(key) || !mlr_py_string_value(py, key, &k, &len) || len != 17 ||
	    memcmp(k, "trust_remote_code", 17))
		return;
	mlr_emit_node(st->ctx, st->rule, pair, false,
		"\"trust_remote_code\": True passed on to a loader runs the repository's Python code; pin revision= to a reviewed commit");
}

void mlr_check_hf_trust_remote_code(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	if (!ctx->py || mlr_pyscan_is_test_code(ctx->file->path, ctx->facts->flags))
		return;
	remote_state st = { ctx, rule };
	static const mlr_py_visitor visitors[] = {
		{ "keyword_argument", visit_keyword },
		{ "pair", visit_pair },
		{ NULL, NULL }
	};
	mlr_py_visit(ctx->py, visitors, &st);
}
