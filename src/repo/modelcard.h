/*
 * Model cards: where teams keep them, and what a card answers.
 *
 * A card is a Markdown file named like one (MODEL_CARD.md, model-card.md, bert_model_card.md,
 * anything under model_cards/), or a README whose front matter carries Hugging Face
 * model-card keys (the engine's markdown facts). Templates are not cards.
 *
 * The sections follow Mitchell et al., "Model Cards for Model Reporting", and the Hugging
 * Face template, with the heading variants teams use.
 */
#ifndef MLR_REPO_MODELCARD_H
#define MLR_REPO_MODELCARD_H

#include "repo/markdown.h"
#include "repo/repo.h"
#include "repo/yaml.h"

/* Cards past this many are not read: a repository of thousands of model directories is
 * judged on its first ones. */
#define MLR_MAX_MODEL_CARDS 200

typedef struct {
	const mlr_file *file;
	char *data;
	size_t len;
	mlr_md md;
} mlr_model_card;

typedef mlr_array(mlr_model_card) mlr_model_card_array;

/* Whether a path names a model card by itself (without looking at its content). */
bool mlr_model_card_name(const char *path);
/* Reads every model card of the repository, in path order. Unreadable files are skipped. */
int mlr_model_cards_load(mlr_model_card_array *out, mlr_repo_ctx *ctx);
void mlr_model_cards_dispose(mlr_model_card_array *cards);

typedef enum {
	MLR_CARD_INTENDED_USE = 0,
	MLR_CARD_OUT_OF_SCOPE,
	MLR_CARD_TRAINING_DATA,
	MLR_CARD_EVALUATION,
	MLR_CARD_LIMITATIONS,
	MLR_CARD_HOW_TO_USE,
	MLR_CARD__SECTIONS
} mlr_card_section;

const char *mlr_card_section_label(mlr_card_section s);
/* Bit (1 << section) set for every section the card answers with real content: a heading
 * variant with text under it that is not template filler; evaluation needs a number
 * (in its section or as a model-index metric value, has_metric_values). */
uint32_t mlr_model_card_sections(const mlr_model_card *card, bool has_metric_values);

/* Unfilled template text in s[0..n): the placeholder's start, its length in *mlen, or
 * NULL. "[More Information Needed]", "{{ ... }}", TODO, TBD, FIXME, lorem ipsum. */
const char *mlr_placeholder_find(const char *s, size_t n, size_t *mlen);

/* The card says the model is fine-tuned from another ("fine-tuned version of", "finetuned
 * from", ...). */
bool mlr_model_card_mentions_finetune(const mlr_model_card *card);

/* Loads the card's YAML front matter into y: 0 (the root may be NULL when it is empty),
 * 1 when the card has no front matter (y untouched), MLR_ECONFIG when it is not valid YAML
 * (y->err_line relative to the front matter; see mlr_model_card_line), MLR_ENOMEM. */
int mlr_model_card_front(mlr_yaml *y, const mlr_model_card *card);
/* The 1-based line of the card for a 1-based line of its front matter. */
uint32_t mlr_model_card_line(const mlr_model_card *card, uint32_t yaml_line);
/* Front matter of a Hugging Face dataset card or Space, not a model card. */
bool mlr_front_matter_not_model(mlr_yaml *y);
/* model-index has at least one metric with a value. */
bool mlr_model_index_has_values(mlr_yaml *y);

#endif
