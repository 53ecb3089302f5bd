/* MLR405 model-card-incomplete: a model card that does not answer the questions of a
 * model card (intended and out-of-scope use, training data, evaluation with numbers,
 * limitations, how to use). Reports the share of sections answered as a KPI. */
#include "repo/modelcard.h"

#include "core/buf.h"

void mlr_check_model_card_incomplete(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_model_card_array cards = { 0 };
	uint32_t answered = 0, expected = 0;
	if (!mlr_repo_is_snapshot(ctx) || mlr_model_cards_load(&cards, ctx) < 0)
		goto cleanup;
	for (size_t i = 0; i < cards.len; i++) {
		const mlr_model_card *card = &cards.items[i];
		bool values = false;
		mlr_yaml y;
		int rc = mlr_model_card_front(&y, card);
		if (rc == 0) {
			bool other = mlr_yaml_root(&y) && mlr_front_matter_not_model(&y);
			values = mlr_model_index_has_values(&y);
			mlr_yaml_dispose(&y);
			if (other)
				continue;
		}
		uint32_t found = mlr_model_card_sections(card, values);
		mlr_buf missing = MLR_BUF_INIT;
		size_t n = 0;
		for (int s = 0; s < MLR_CARD__SECTIONS; s++) {
			expected++;
			if (found & (1u << s)) {
				answered++;
				continue;
			}
			mlr_buf_printf(&missing, "%s%s", n++ ? ", " : "", mlr_card_section_label((mlr_card_section)s));
		}
		if (n)
			mlr_emit(ctx->findings, rule, card->file->path, 0, 0, mlr_repo_hash(mlr_buf_cstr(&missing)), false,
				"model card answers %d of %d sections; missing or unfilled: %s", MLR_CARD__SECTIONS - (int)n,
				MLR_CARD__SECTIONS, mlr_buf_cstr(&missing));
		mlr_buf_dispose(&missing);
	}
	if (expected) {
		ctx->assessed = true;
		mlr_kpi_add(ctx->kpis, rule, "model_card_sections", "model-card sections answered", answered,
			expected, 1.0);
	}
cleanup:
	mlr_model_cards_dispose(&cards);
}
