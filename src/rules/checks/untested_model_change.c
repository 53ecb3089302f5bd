/* MLR901 untested-model-change: PR mode, model code changed, no test or evaluation code. */
#include "diff/summary.h"

#include "core/hash.h"

void mlr_check_untested_model_change(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	const mlr_change *change = ctx->opts->change;
	if (!change)
		return; /* not PR mode: there is no change to judge */
	mlr_change_summary s;
	mlr_change_summarize(&s, ctx);
	/* a repository without tests is MLR101's finding, once, not every change's */
	if (!s.model_code || !s.has_tests)
		return;
	ctx->assessed = true;
	if (s.tests || s.eval)
		return;
	mlr_buf what = MLR_BUF_INIT;
	for (size_t i = 0; i < change->entries.len; i++) {
		const mlr_change_entry *e = &change->entries.items[i];
		if (!mlr_change_is_model_code(e, ctx, &what))
			continue;
		const char *verb = e->status == MLR_CHANGE_ADDED ? "adds"
			: e->status == MLR_CHANGE_DELETED ? "deletes" : "edits";
		mlr_emit(ctx->findings, rule, e->path, 0, 0, mlr_hash_str(MLR_HASH_SEED, "untested"), false,
			"this change %s %s but no test or evaluation code: add or update a test (tests/test_*.py) or the evaluation script that exercises it",
			verb, mlr_buf_cstr(&what));
	}
	mlr_buf_dispose(&what);
}
