/* MLR411 license-missing: no licence file and no licence in model-card metadata. */
#include "repo/docs.h"
#include "repo/modelcard.h"

static bool card_license(mlr_repo_ctx *ctx)
{
	mlr_model_card_array cards = { 0 };
	bool found = false;
	if (mlr_model_cards_load(&cards, ctx) < 0)
		return false;
	for (size_t i = 0; i < cards.len && !found; i++) {
		mlr_yaml y;
		if (mlr_model_card_front(&y, &cards.items[i]) != 0)
			continue;
		found = mlr_yaml_str(mlr_yaml_get(&y, mlr_yaml_root(&y), "license")) != NULL;
		mlr_yaml_dispose(&y);
	}
	mlr_model_cards_dispose(&cards);
	return found;
}

void mlr_check_license_missing(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	if (!mlr_repo_is_snapshot(ctx) || ctx->files->len == 0)
		return;
	ctx->assessed = true;
	if (!mlr_docs_license(ctx) && !card_license(ctx))
		mlr_emit(ctx->findings, rule, NULL, 0, 0, 0, false,
			"no LICENSE file: without one nobody may legally reuse the code or the model, and the terms of the "
			"data and base models it builds on are not stated");
}
