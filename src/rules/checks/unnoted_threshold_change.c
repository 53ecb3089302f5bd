/* MLR904 unnoted-threshold-change: PR mode, a threshold or hyperparameter literal changed
 * with no CHANGELOG or model card change. */
#include "diff/summary.h"

#include "core/hash.h"

void mlr_check_unnoted_threshold_change(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	const mlr_change *change = ctx->opts->change;
	if (!change || !change->values.len)
		return;
	mlr_change_summary s;
	mlr_change_summarize(&s, ctx);
	if (!mlr_change_has_note_target(&s))
		return;
	ctx->assessed = true;
	if (s.card || s.changelog)
		return;
	mlr_buf where = MLR_BUF_INIT;
	mlr_change_note_where(&where, &s);
	for (size_t i = 0; i < change->values.len; i++) {
		const mlr_change_value *v = &change->values.items[i];
		uint64_t h = mlr_hash_str(mlr_hash_str(mlr_hash_str(MLR_HASH_SEED, v->key), v->old_value), v->new_value);
		mlr_emit(ctx->findings, rule, v->path, v->line, v->line ? 1 : 0, h, false,
			"%s changes from %s to %s with no note in %s: record the new value, why, and the evaluation behind it",
			v->key, v->old_value, v->new_value, mlr_buf_cstr(&where));
	}
	mlr_buf_dispose(&where);
}
