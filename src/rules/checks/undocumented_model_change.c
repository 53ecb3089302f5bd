/* MLR902 undocumented-model-change: PR mode, model code changed, no model card or
 * CHANGELOG change. One finding for the whole change: the note is one note. */
#include "diff/summary.h"

#define NAMED_PATHS 3

void mlr_check_undocumented_model_change(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	const mlr_change *change = ctx->opts->change;
	if (!change)
		return;
	mlr_change_summary s;
	mlr_change_summarize(&s, ctx);
	if (!s.model_code || !mlr_change_has_note_target(&s))
		return;
	ctx->assessed = true;
	if (s.card || s.changelog)
		return;
	mlr_buf paths = MLR_BUF_INIT, where = MLR_BUF_INIT;
	size_t named = 0;
	for (size_t i = 0; i < change->entries.len && named < NAMED_PATHS; i++) {
		const mlr_change_entry *e = &change->entries.items[i];
		if (!mlr_change_is_model_code(e, ctx, NULL))
			continue;
		mlr_buf_printf(&paths, "%s%s", named ? ", " : "", e->path);
		named++;
	}
	if (s.model_code > named)
		mlr_buf_printf(&paths, " and %zu more", s.model_code - named);
	mlr_change_note_where(&where, &s);
	mlr_emit(ctx->findings, rule, NULL, 0, 0, 0, false,
		"this change edits model code (%s) but not %s: say there what changes in the model's behaviour, data or evaluation",
		mlr_buf_cstr(&paths), mlr_buf_cstr(&where));
	mlr_buf_dispose(&paths);
	mlr_buf_dispose(&where);
}
