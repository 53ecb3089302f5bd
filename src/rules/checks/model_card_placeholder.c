/* MLR406 model-card-placeholder: unfilled template text in a model card. */
#include "repo/modelcard.h"

#include "core/hash.h"

void mlr_check_model_card_placeholder(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_model_card_array cards = { 0 };
	if (!mlr_repo_is_snapshot(ctx) || mlr_model_cards_load(&cards, ctx) < 0)
		goto cleanup;
	for (size_t i = 0; i < cards.len; i++) {
		const mlr_md *md = &cards.items[i].md;
		ctx->assessed = true;
		for (size_t l = 0; l < md->lines.len; l++) {
			const mlr_md_line *ln = &md->lines.items[l];
			if (ln->flags & (MLR_MD_CODE | MLR_MD_FENCE | MLR_MD_COMMENT))
				continue;
			const char *s = md->data + ln->off;
			size_t n = ln->len, mlen;
			/* guidance in an inline HTML comment is not shown: look past it */
			for (size_t off = 0; off < n;) {
				const char *ph = mlr_placeholder_find(s + off, n - off, &mlen);
				if (!ph)
					break;
				const char *open = NULL;
				for (const char *p = s; (p = memmem(p, (size_t)(ph - p), "<!--", 4)); p += 4)
					open = p;
				const char *close = open ? memmem(open, n - (size_t)(open - s), "-->", 3) : NULL;
				if (open && (!close || close > ph)) {
					off = close ? (size_t)(close - s) + 3 : n;
					continue;
				}
				int shown = mlen > 40 ? 40 : (int)mlen;
				mlr_emit(ctx->findings, rule, cards.items[i].file->path, (uint32_t)l + 1,
					(uint32_t)(ph - s) + 1, mlr_hash_bytes(MLR_HASH_SEED, s, n), false,
					"unfilled template text \"%.*s%s\" in the model card", shown, ph, mlen > 40 ? "..." : "");
				break;
			}
		}
	}
cleanup:
	mlr_model_cards_dispose(&cards);
}
