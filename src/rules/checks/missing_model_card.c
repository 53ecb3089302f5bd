/* MLR401 missing-model-card: a repository that trains or serves a model has no model card.
 * Reports documented models as a KPI: training and serving entry points with a model card
 * in their directory or above it, over all of them. */
#include "engine/engine.h"
#include "repo/modelcard.h"

/* A card documents the code in its directory and below (a root card documents all). */
static bool documented(const mlr_repo_ctx *ctx, const char *path)
{
	for (size_t i = 0; i < ctx->files->len; i++) {
		const char *card = ctx->files->items[i].path;
		if (!(ctx->facts[i].flags & MLR_FACT_MODEL_CARD) && !mlr_model_card_name(card))
			continue;
		if (mlr_path_under(path, card, mlr_path_dirlen(card)))
			return true;
	}
	return false;
}

void mlr_check_missing_model_card(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	bool trains = false, serves = false, card = false;
	uint32_t models = 0, with_card = 0;
	for (size_t i = 0; i < ctx->files->len; i++) {
		uint32_t fl = ctx->facts[i].flags;
		trains |= (fl & MLR_FACT_TRAINS) != 0;
		serves |= (fl & MLR_FACT_SERVES) != 0;
		/* the facts know README front matter; names like bert_model_card.md are known here */
		card |= (fl & MLR_FACT_MODEL_CARD) != 0 || mlr_model_card_name(ctx->files->items[i].path);
	}
	if (!trains && !serves)
		return; /* no model here: nothing to document */
	ctx->assessed = true;
	for (size_t i = 0; i < ctx->files->len; i++) {
		if (!(ctx->facts[i].flags & (MLR_FACT_TRAINS | MLR_FACT_SERVES)))
			continue;
		models++;
		with_card += documented(ctx, ctx->files->items[i].path);
	}
	mlr_kpi_add(ctx->kpis, rule, "documented_models", "training and serving entry points with a model card",
		with_card, models, 1.0);
	if (!card)
		mlr_emit(ctx->findings, rule, NULL, 0, 0, 0, false,
			"the repository %s a model but has no model card (MODEL_CARD.md, or a README with model-card front matter)",
			trains && serves ? "trains and serves" : trains ? "trains" : "serves");
}
