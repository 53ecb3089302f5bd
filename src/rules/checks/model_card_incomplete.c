/* MLR405 model-card-incomplete: a model card that does not answer the questions of a
 * model card (intended and out-of-scope use, training data, evaluation with numbers,
 * limitations, how to use). Reports the share of sections answered as a KPI. */
#include "repo/modelcard.h"

#include "core/buf.h"

#include <stdio.h>
#include <strings.h>

/* A card kept next to a README may leave "how to use" to it: the README in the card's
 * directory, or the root README. */
static bool readme_shows_usage(mlr_repo_ctx *ctx, const mlr_model_card *card)
{
	const char *base = mlr_path_base(card->file->path);
	if (!strncasecmp(base, "readme", 6))
		return false;
	char path[1024];
	size_t dl = mlr_path_dirlen(card->file->path);
	snprintf(path, sizeof(path), "%.*s%sREADME.md", (int)dl, card->file->path, dl ? "/" : "");
	const mlr_file *f = mlr_repo_find_ci(ctx, path);
	if (!f)
		f = mlr_repo_find_ci(ctx, "README.md");
	mlr_model_card readme = { f, NULL, 0, { 0 } };
	bool shows = false;
	if (f && mlr_repo_read(&readme.data, &readme.len, NULL, ctx, f, 0) == 0 &&
	    mlr_md_parse(&readme.md, readme.data, readme.len, false) == 0) {
		shows = mlr_model_card_sections(&readme, false) & (1u << MLR_CARD_HOW_TO_USE);
		mlr_md_dispose(&readme.md);
	}
	free(readme.data);
	return shows;
}

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
		if (!(found & (1u << MLR_CARD_HOW_TO_USE)) && readme_shows_usage(ctx, card))
			found |= 1u << MLR_CARD_HOW_TO_USE;
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
