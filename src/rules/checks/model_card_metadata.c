/* MLR403 model-card-metadata-incomplete: Hugging Face front matter without license,
 * datasets, metrics (or model-index), or base_model for a fine-tuned model. */
#include "repo/modelcard.h"

#include "core/buf.h"
#include "facts/names.h"

/* A key is answered when its value is not empty, null or an empty list. */
static bool answered(mlr_yaml *y, const char *key)
{
	yaml_node_t *v = mlr_yaml_get(y, mlr_yaml_root(y), key);
	if (!v)
		return false;
	if (v->type == YAML_SCALAR_NODE) {
		const char *s = mlr_yaml_str(v);
		return *s && strcmp(s, "~") && strcmp(s, "null") && strcmp(s, "None");
	}
	return mlr_yaml_len(v) > 0;
}

/* Fine-tuning code in the repository: a training file that uses PEFT, TRL or a
 * transformers Trainer starts from a pretrained model. */
static bool trains_from_pretrained(const mlr_repo_ctx *ctx)
{
	static const char *const mods[] = { "peft", "trl", "setfit", "transformers", NULL };
	for (size_t i = 0; i < ctx->files->len; i++) {
		const mlr_file_facts *f = &ctx->facts[i];
		if (!(f->flags & MLR_FACT_TRAINS))
			continue;
		for (size_t m = 0; mods[m]; m++)
			if (mlr_facts_imports(f, mods[m]))
				return true;
	}
	return false;
}

static void list_add(mlr_buf *b, size_t *n, const char *item)
{
	mlr_buf_printf(b, "%s%s", (*n)++ ? ", " : "", item);
}

void mlr_check_model_card_metadata(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_model_card_array cards = { 0 };
	if (!mlr_repo_is_snapshot(ctx) || mlr_model_cards_load(&cards, ctx) < 0)
		goto cleanup;
	bool finetunes = trains_from_pretrained(ctx);
	for (size_t i = 0; i < cards.len; i++) {
		const mlr_model_card *card = &cards.items[i];
		mlr_yaml y;
		if (mlr_model_card_front(&y, card) != 0)
			continue; /* none, or invalid: MLR402's finding */
		if (!mlr_yaml_root(&y) || mlr_yaml_root(&y)->type != YAML_MAPPING_NODE || mlr_front_matter_not_model(&y)) {
			mlr_yaml_dispose(&y);
			continue;
		}
		ctx->assessed = true;
		mlr_buf missing = MLR_BUF_INIT;
		size_t n = 0;
		if (!answered(&y, "license"))
			list_add(&missing, &n, "license");
		if (!answered(&y, "datasets"))
			list_add(&missing, &n, "datasets");
		if (!answered(&y, "metrics") && !answered(&y, "model-index"))
			list_add(&missing, &n, "metrics (or model-index)");
		if ((finetunes || mlr_model_card_mentions_finetune(card)) && !answered(&y, "base_model"))
			list_add(&missing, &n, "base_model (the model is fine-tuned)");
		if (n)
			mlr_emit(ctx->findings, rule, card->file->path, 1, 1, mlr_repo_hash(mlr_buf_cstr(&missing)), false,
				"model-card metadata lacks %s", mlr_buf_cstr(&missing));
		mlr_buf_dispose(&missing);
		mlr_yaml_dispose(&y);
	}
cleanup:
	mlr_model_cards_dispose(&cards);
}
