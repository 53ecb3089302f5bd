/* MLR402 model-card-front-matter-invalid: a model card's YAML front matter does not parse. */
#include "repo/modelcard.h"

void mlr_check_model_card_front_matter(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_model_card_array cards = { 0 };
	if (!mlr_repo_is_snapshot(ctx) || mlr_model_cards_load(&cards, ctx) < 0)
		goto cleanup;
	for (size_t i = 0; i < cards.len; i++) {
		const mlr_model_card *card = &cards.items[i];
		mlr_yaml y;
		int rc = mlr_model_card_front(&y, card);
		if (rc == 1)
			continue;
		ctx->assessed = true;
		if (rc == MLR_ECONFIG) {
			mlr_emit(ctx->findings, rule, card->file->path, mlr_model_card_line(card, y.err_line),
				y.err_col, mlr_repo_hash(y.err), false,
				"model-card front matter is not valid YAML: %s; the Hub and every metadata reader ignore it",
				y.err);
		} else if (rc == 0 && mlr_yaml_root(&y) && mlr_yaml_root(&y)->type != YAML_MAPPING_NODE) {
			mlr_emit(ctx->findings, rule, card->file->path, mlr_model_card_line(card, 1), 1, 1, false,
				"model-card front matter is YAML but not a mapping of keys (license:, datasets:, ...)");
		}
		mlr_yaml_dispose(&y);
	}
cleanup:
	mlr_model_cards_dispose(&cards);
}
