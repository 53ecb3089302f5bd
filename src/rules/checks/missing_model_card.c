/* MLR401 missing-model-card: a repository that trains or serves a model has no model card. */
#include "engine/engine.h"

void mlr_check_missing_model_card(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	bool trains = false, serves = false, card = false;
	for (size_t i = 0; i < ctx->files->len; i++) {
		uint32_t fl = ctx->facts[i].flags;
		trains |= (fl & MLR_FACT_TRAINS) != 0;
		serves |= (fl & MLR_FACT_SERVES) != 0;
		card |= (fl & MLR_FACT_MODEL_CARD) != 0;
	}
	if (!trains && !serves)
		return; /* no model here: nothing to document */
	ctx->assessed = true;
	if (!card)
		mlr_emit(ctx->findings, rule, NULL, 0, 0, 0, false,
			"the repository %s a model but has no model card (MODEL_CARD.md, or a README with model-card front matter)",
			trains && serves ? "trains and serves" : trains ? "trains" : "serves");
}
