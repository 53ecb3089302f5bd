/* MLR903 unnoted-artifact-change: PR mode, a model artifact added, replaced or removed
 * with no CHANGELOG or model card change. */
#include "diff/summary.h"

#include "core/hash.h"

void mlr_check_unnoted_artifact_change(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	const mlr_change *change = ctx->opts->change;
	if (!change)
		return;
	mlr_change_summary s;
	mlr_change_summarize(&s, ctx);
	if (!s.artifacts || !mlr_change_has_note_target(&s))
		return;
	ctx->assessed = true;
	if (s.card || s.changelog)
		return;
	mlr_buf where = MLR_BUF_INIT;
	mlr_change_note_where(&where, &s);
	for (size_t i = 0; i < change->entries.len; i++) {
		const mlr_change_entry *e = &change->entries.items[i];
		if (e->kind != MLR_KIND_MODEL)
			continue;
		const char *verb = e->status == MLR_CHANGE_ADDED ? "adds"
			: e->status == MLR_CHANGE_DELETED ? "deletes"
			: e->status == MLR_CHANGE_RENAMED ? "moves" : "replaces";
		mlr_emit(ctx->findings, rule, e->path, 0, 0, mlr_hash_str(MLR_HASH_SEED, verb), false,
			"this change %s a model artifact with no note in %s: record which model this is, what it was trained on and how it evaluated",
			verb, mlr_buf_cstr(&where));
	}
	mlr_buf_dispose(&where);
}
