/*
 * MLR207 hf-unpinned-revision: a Hugging Face Hub download of a repository named in the
 * code, without revision= pinned to a commit. Silent when the id is not a literal (the pin
 * belongs where the id is chosen), when the revision is chosen at run time, when the call
 * forwards **kwargs, and in test code, which pulls tiny fixture repositories by design.
 */
#include "engine/engine.h"

#include <string.h>

#include "rules/checks/hfhub.h"
#include "rules/checks/pycall.h"
#include "rules/checks/pyscan.h"

/* Dataset builders that ship with `datasets` and read local files. */
static const char *const builders[] = { "json", "csv", "parquet", "text", "arrow", "pandas",
	"imagefolder", "audiofolder", "videofolder", "webdataset", "sql", "generator", "xml", "folder",
	NULL };

static const struct {
	const char *callee;
	const char *repo_kwarg; /* keyword that names the repository, or NULL */
	bool positional;        /* the repository may be the first positional argument */
} downloads[] = {
	{ "datasets.load_dataset", "path", true },
	{ "huggingface_hub.hf_hub_download", "repo_id", true },
	{ "huggingface_hub.snapshot_download", "repo_id", true },
	{ "sentence_transformers.SentenceTransformer", "model_name_or_path", true },
	{ "sentence_transformers.CrossEncoder", "model_name", true },
	{ "transformers.pipeline", "model", false },
	{ NULL, NULL, false }
};

/* The repository id if `node` is a string literal that names one. */
static bool repo_literal(const mlr_py *py, TSNode node, const char **id, size_t *len)
{
	return !ts_node_is_null(node) && mlr_py_string_value(py, node, id, len) && mlr_hf_is_repo_id(*id, *len);
}

typedef struct {
	mlr_file_ctx *ctx;
	const mlr_rule *rule;
} hub_state;

static void report(hub_state *st, TSNode call, const char *id, size_t idlen)
{
	TSNode fn = mlr_py_child(call, MLR_PY_F_FUNCTION);
	size_t len;
	const char *t = mlr_py_text(st->ctx->py, fn, &len);
	mlr_emit_node(st->ctx, st->rule, call, false,
		"%.*s(\"%.*s\") downloads from the Hugging Face Hub without revision= pinned to a commit",
		(int)(len > 60 ? 60 : len), t, (int)(idlen > 80 ? 80 : idlen), id);
}

static void visit_call(const mlr_py *py, uint32_t at, void *payload)
{
	hub_state *st = payload;
	TSNode call = mlr_py_node(py, at);
	size_t clen = 0;
	const char *callee = mlr_py_callee_name_at(py, at, &clen);
	/* A method call's resolved name ends in the method's name: only `*.from_pretrained`
	 * (or a call without a name) can be one. */
	bool maybe_pretrained = !callee || !strcmp(mlr_pyscan_last(callee), "from_pretrained");
	TSNode fn = maybe_pretrained ? mlr_py_field_at(py, at, MLR_PY_F_FUNCTION) : (TSNode){ 0 };
	if (maybe_pretrained && ts_node_is_null(fn))
		return;
	const char *id;
	size_t len;
	if (maybe_pretrained && mlr_py_is(fn, MLR_PY_T_ATTRIBUTE)) {
		TSNode attr = mlr_py_child(fn, MLR_PY_F_ATTRIBUTE);
		if (!ts_node_is_null(attr) && mlr_py_text_eq(py, attr, "from_pretrained")) {
			TSNode repo = mlr_py_positional(call, 0);
			if (ts_node_is_null(repo))
				repo = mlr_py_kwarg(py, call, "pretrained_model_name_or_path");
			if (repo_literal(py, repo, &id, &len) && !mlr_hf_revision_handled(py, call))
				report(st, call, id, len);
			return;
		}
	}
	for (size_t i = 0; callee && downloads[i].callee; i++) {
		const char *const one[] = { downloads[i].callee, NULL };
		if (!mlr_name_in(callee, clen, one))
			continue;
		TSNode repo = downloads[i].positional ? mlr_py_positional(call, 0) : (TSNode){ 0 };
		if (ts_node_is_null(repo))
			repo = mlr_py_kwarg(py, call, downloads[i].repo_kwarg);
		if (!repo_literal(py, repo, &id, &len) || mlr_hf_revision_handled(py, call))
			return;
		for (size_t b = 0; builders[b]; b++)
			if (strlen(builders[b]) == len && !memcmp(builders[b], id, len))
				return;
		report(st, call, id, len);
		return;
	}
}

void mlr_check_hf_unpinned_revision(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	if (!ctx->py || mlr_pyscan_is_test_code(ctx->file->path, ctx->facts->flags))
		return;
	hub_state st = { ctx, rule };
	mlr_py_each_at(ctx->py, "call", visit_call, &st);
}
