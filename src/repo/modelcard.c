#include "repo/modelcard.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/error.h"

static bool ends_md(const char *base)
{
	size_t n = strlen(base);
	return (n > 3 && !strcasecmp(base + n - 3, ".md")) || (n > 9 && !strcasecmp(base + n - 9, ".markdown"));
}

bool mlr_model_card_name(const char *path)
{
	const char *base = mlr_path_base(path);
	if (!ends_md(base) || mlr_memcasemem(base, strlen(base), "template"))
		return false;
	size_t bl = strlen(base);
	if (mlr_memcasemem(base, bl, "model_card") || mlr_memcasemem(base, bl, "model-card") ||
	    mlr_memcasemem(base, bl, "modelcard"))
		return true;
	return mlr_path_has_dir(path, "model_cards") || mlr_path_has_dir(path, "model-cards") ||
	       mlr_path_has_dir(path, "modelcards");
}

void mlr_model_cards_dispose(mlr_model_card_array *cards)
{
	if (!cards)
		return;
	for (size_t i = 0; i < cards->len; i++) {
		mlr_md_dispose(&cards->items[i].md);
		free(cards->items[i].data);
	}
	mlr_array_delete(cards);
}

int mlr_model_cards_load(mlr_model_card_array *out, mlr_repo_ctx *ctx)
{
	for (size_t i = 0; i < ctx->files->len && out->len < MLR_MAX_MODEL_CARDS; i++) {
		const mlr_file *f = &ctx->files->items[i];
		const char *base = mlr_path_base(f->path);
		bool by_fact = (ctx->facts[i].flags & MLR_FACT_MODEL_CARD) && ends_md(base) &&
			!mlr_memcasemem(base, strlen(base), "template");
		if (!by_fact && !mlr_model_card_name(f->path))
			continue;
		mlr_model_card card = { f, NULL, 0, { 0 } };
		if (mlr_repo_read(&card.data, &card.len, NULL, ctx, f, 0) < 0)
			continue;
		int error = mlr_md_parse(&card.md, card.data, card.len, false);
		if (error < 0 || mlr_array_push(out, card) < 0) {
			if (error == 0)
				mlr_md_dispose(&card.md);
			free(card.data);
			return mlr_error_set(MLR_ENOMEM, "out of memory");
		}
	}
	return 0;
}

static const char *const section_labels[MLR_CARD__SECTIONS] = {
	[MLR_CARD_INTENDED_USE] = "intended use",
	[MLR_CARD_OUT_OF_SCOPE] = "out-of-scope use",
	[MLR_CARD_TRAINING_DATA] = "training data",
	[MLR_CARD_EVALUATION] = "evaluation data and metrics",
	[MLR_CARD_LIMITATIONS] = "limitations, bias and risks",
	[MLR_CARD_HOW_TO_USE] = "how to use",
};

const char *mlr_card_section_label(mlr_card_section s)
{
	return (unsigned)s < MLR_CARD__SECTIONS ? section_labels[s] : "?";
}

/* Heading variants, matched at a word start of the cleaned title. */
static const char *const h_intended[] = { "intended use", "intended purpose", "uses", "use case",
	"direct use", "primary use", "primary intended", "model use", "purpose", "applications", NULL };
static const char *const h_scope[] = { "out-of-scope", "out of scope", "misuse", "not intended",
	"unintended use", "prohibited use", "limitations of use", NULL };
static const char *const h_training[] = { "training data", "training dataset", "training set",
	"train data", "training details", "training procedure", "pretraining data", "pre-training data",
	"fine-tuning data", "finetuning data", "data sources", NULL };
static const char *const h_eval[] = { "evaluation", "eval", "results", "performance", "metrics",
	"benchmark", "testing data", "accuracy", "validation", NULL };
static const char *const h_limits[] = { "limitation", "bias", "risk", "ethic", "caveat",
	"known issue", "fairness", "safety", "harm", NULL };
static const char *const h_howto[] = { "how to use", "how to get started", "usage", "getting started",
	"get started", "quickstart", "quick start", "example", "inference", "how to run", "using the model",
	"use the model", "loading the model", "served", "serving", "api", "predict", NULL };

/* Phrases that answer out-of-scope use without a heading of their own. */
static const char *const p_scope[] = { "out-of-scope", "out of scope", "not intended for",
	"not intended to", "should not be used", "must not be used", "not be used for",
	"not suitable for", "do not use", NULL };

/* A bare "Data" or "Datasets" heading is training data unless it says it is for evaluation. */
static bool training_heading(const char *t)
{
	for (size_t i = 0; h_training[i]; i++)
		if (mlr_md_title_has(t, h_training[i]))
			return true;
	if (!mlr_md_title_has(t, "data"))
		return false;
	return !mlr_md_title_has(t, "eval") && !mlr_md_title_has(t, "test") &&
	       !mlr_md_title_has(t, "valid") && !mlr_md_title_has(t, "benchmark") &&
	       !mlr_md_title_has(t, "metadata");
}

static bool title_matches(const char *t, mlr_card_section s)
{
	static const char *const *const lists[MLR_CARD__SECTIONS] = {
		[MLR_CARD_INTENDED_USE] = h_intended, [MLR_CARD_OUT_OF_SCOPE] = h_scope,
		[MLR_CARD_TRAINING_DATA] = h_training, [MLR_CARD_EVALUATION] = h_eval,
		[MLR_CARD_LIMITATIONS] = h_limits, [MLR_CARD_HOW_TO_USE] = h_howto,
	};
	if (s == MLR_CARD_TRAINING_DATA)
		return training_heading(t);
	/* "Out-of-scope use" is not the intended-use section */
	if (s == MLR_CARD_INTENDED_USE && title_matches(t, MLR_CARD_OUT_OF_SCOPE))
		return false;
	for (size_t i = 0; lists[s][i]; i++)
		if (mlr_md_title_has(t, lists[s][i]))
			return true;
	return false;
}

/* Real text on a line: a letter or digit outside HTML comments and template filler. */
static bool line_has_text(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t plen = 0;
		const char *ph = mlr_placeholder_find(s + i, n - i, &plen);
		size_t stop = ph ? (size_t)(ph - s) : n;
		while (i < stop) {
			if (i + 4 <= n && !memcmp(s + i, "<!--", 4)) {
				const char *end = memmem(s + i + 4, n - i - 4, "-->", 3);
				i = end ? (size_t)(end - s) + 3 : n;
				continue;
			}
			if (isalnum((unsigned char)s[i]))
				return true;
			i++;
		}
		/* a comment may have swallowed the placeholder: then look again from i */
		if (ph && i == stop)
			i = stop + plen;
	}
	return false;
}

static bool line_has_number(const char *s, size_t n)
{
	bool table = n > 0 && (s[0] == '|' || memchr(s, '|', n));
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			continue;
		size_t j = i;
		while (j < n && isdigit((unsigned char)s[j]))
			j++;
		if (j + 1 < n && s[j] == '.' && isdigit((unsigned char)s[j + 1]))
			return true;
		size_t k = j;
		while (k < n && s[k] == ' ')
			k++;
		if (k < n && s[k] == '%')
			return true;
		if (table)
			return true;
		i = j;
	}
	return false;
}

static bool section_filled(const mlr_md *md, const mlr_md_heading *h, bool need_number)
{
	bool text = false, number = false;
	for (uint32_t l = h->line + 1; l < h->end && l < md->lines.len; l++) {
		const mlr_md_line *ln = &md->lines.items[l];
		if (ln->flags & (MLR_MD_HEADING | MLR_MD_COMMENT | MLR_MD_BLANK | MLR_MD_FENCE | MLR_MD_FRONT))
			continue;
		const char *s = md->data + ln->off;
		if (line_has_text(s, ln->len)) {
			text = true;
			if (!need_number || line_has_number(s, ln->len))
				number = true;
		}
		if (text && number)
			return true;
	}
	return false;
}

/* A phrase in the card's prose (headings, code, comments and front matter excluded: a
 * heading "Out-of-Scope Use" over template filler answers nothing). */
static bool body_has_phrase(const mlr_md *md, const char *const *phrases)
{
	for (size_t l = 0; l < md->lines.len; l++) {
		const mlr_md_line *ln = &md->lines.items[l];
		if (ln->flags & (MLR_MD_CODE | MLR_MD_COMMENT | MLR_MD_FRONT | MLR_MD_HEADING))
			continue;
		for (size_t i = 0; phrases[i]; i++)
			if (mlr_memcasemem(md->data + ln->off, ln->len, phrases[i]))
				return true;
	}
	return false;
}

uint32_t mlr_model_card_sections(const mlr_model_card *card, bool has_metric_values)
{
	const mlr_md *md = &card->md;
	uint32_t found = 0;
	for (int s = 0; s < MLR_CARD__SECTIONS; s++) {
		for (size_t h = 0; h < md->headings.len; h++) {
			const mlr_md_heading *hd = &md->headings.items[h];
			if (!title_matches(hd->title, (mlr_card_section)s))
				continue;
			bool number = s == MLR_CARD_EVALUATION && !has_metric_values;
			if (section_filled(md, hd, number)) {
				found |= 1u << s;
				break;
			}
		}
	}
	if (!(found & (1u << MLR_CARD_OUT_OF_SCOPE)) && body_has_phrase(md, p_scope))
		found |= 1u << MLR_CARD_OUT_OF_SCOPE;
	return found;
}

static bool word_at(const char *s, size_t n, size_t i, const char *w)
{
	size_t wl = strlen(w);
	if (i + wl > n || memcmp(s + i, w, wl))
		return false;
	if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_'))
		return false;
	return i + wl == n || !(isalnum((unsigned char)s[i + wl]) || s[i + wl] == '_');
}

const char *mlr_placeholder_find(const char *s, size_t n, size_t *mlen)
{
	static const char *const phrases[] = { "[more information needed]", "more information needed",
		"[needs more information]", "needs more information", "lorem ipsum", NULL };
	static const char *const words[] = { "TODO", "TBD", "FIXME", NULL };
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '[' || c == 'm' || c == 'M' || c == 'n' || c == 'N' || c == 'l' || c == 'L') {
			for (size_t k = 0; phrases[k]; k++) {
				size_t pl = strlen(phrases[k]);
				if (i + pl <= n && !strncasecmp(s + i, phrases[k], pl)) {
					*mlen = pl;
					return s + i;
				}
			}
		}
		if (c == '{' && i + 1 < n && s[i + 1] == '{') {
			/* a bounded look-ahead: "{{{{..." must not make a line quadratic */
			size_t window = n - i - 2 < 256 ? n - i - 2 : 256;
			const char *end = memmem(s + i + 2, window, "}}", 2);
			if (end) {
				*mlen = (size_t)(end - (s + i)) + 2;
				return s + i;
			}
		}
		if (c == 'T' || c == 'F')
			for (size_t k = 0; words[k]; k++)
				if (word_at(s, n, i, words[k])) {
					*mlen = strlen(words[k]);
					return s + i;
				}
	}
	return NULL;
}

bool mlr_model_card_mentions_finetune(const mlr_model_card *card)
{
	static const char *const phrases[] = { "fine-tuned", "finetuned", "fine tuned", "fine-tuning of",
		"fine-tune of", NULL };
	return body_has_phrase(&card->md, phrases);
}

int mlr_model_card_front(mlr_yaml *y, const mlr_model_card *card)
{
	if (!card->md.has_front_matter)
		return 1;
	if (!card->md.front_matter_closed) {
		memset(y, 0, sizeof(*y));
		y->err_line = 1;
		y->err_col = 1;
		snprintf(y->err, sizeof(y->err), "front matter opened with --- is never closed");
		return MLR_ECONFIG;
	}
	return mlr_yaml_load(y, card->md.data + card->md.fm_off, card->md.fm_len);
}

uint32_t mlr_model_card_line(const mlr_model_card *card, uint32_t yaml_line)
{
	if (!card->md.front_matter_closed)
		return 1;
	return card->md.fm_line + (yaml_line ? yaml_line - 1 : 0);
}

bool mlr_front_matter_not_model(mlr_yaml *y)
{
	static const char *const keys[] = { "sdk", "app_file", "task_categories", "size_categories",
		"dataset_info", "configs", "annotations_creators", "source_datasets", NULL };
	yaml_node_t *root = mlr_yaml_root(y);
	for (size_t i = 0; keys[i]; i++)
		if (mlr_yaml_get(y, root, keys[i]))
			return true;
	return false;
}

bool mlr_model_index_has_values(mlr_yaml *y)
{
	yaml_node_t *mi = mlr_yaml_get(y, mlr_yaml_root(y), "model-index");
	for (size_t m = 0; m < mlr_yaml_len(mi) && m < 64; m++) {
		yaml_node_t *results = mlr_yaml_get(y, mlr_yaml_item(y, mi, m), "results");
		for (size_t r = 0; r < mlr_yaml_len(results) && r < 64; r++) {
			yaml_node_t *metrics = mlr_yaml_get(y, mlr_yaml_item(y, results, r), "metrics");
			for (size_t k = 0; k < mlr_yaml_len(metrics) && k < 64; k++) {
				const char *v = mlr_yaml_str(mlr_yaml_get(y, mlr_yaml_item(y, metrics, k), "value"));
				if (v && *v)
					return true;
			}
		}
	}
	return false;
}
