/* What the change rules ask of a change set, computed the same way for each of them. */
#ifndef MLR_DIFF_SUMMARY_H
#define MLR_DIFF_SUMMARY_H

#include "diff/change.h"
#include "engine/engine.h"

typedef struct {
	bool tests;     /* a test was added, edited, renamed or deleted */
	bool eval;      /* evaluation code too */
	bool card;      /* the model card (by name, or a README with model-card front matter) */
	bool changelog; /* a CHANGELOG, NEWS or changelog.d/ entry */
	size_t model_code; /* changed paths that are training, model or feature code */
	size_t artifacts;  /* changed model artifacts (.pt, .onnx, .safetensors, ...) */
	const char *card_path; /* a model card of the after-tree, to name in messages; or NULL */
	const char *changelog_path; /* a changelog of the after-tree; or NULL */
	bool has_tests; /* the after-tree has a test suite to extend */
} mlr_change_summary;

void mlr_change_summarize(mlr_change_summary *out, const mlr_repo_ctx *ctx);

/* The note rules (MLR902-904) ask to keep a changelog or model card current: they are
 * assessed only where the repository has one (MLR401 and MLR410 ask for one otherwise). */
static inline bool mlr_change_has_note_target(const mlr_change_summary *s)
{
	return s->card_path || s->changelog_path;
}

/* True when e is training, model or feature code. *what says how we know, for messages:
 * "training code (fits a model at line 38)", "serving code", "model code". */
bool mlr_change_is_model_code(const mlr_change_entry *e, const mlr_repo_ctx *ctx, mlr_buf *what);

/* Where a note belongs, for messages: "CHANGELOG.md or docs/model_card.md", naming the
 * card the repository has. */
void mlr_change_note_where(mlr_buf *out, const mlr_change_summary *s);

#endif
