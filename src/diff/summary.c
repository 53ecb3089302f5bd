/*
 * The change rules' shared reading of a change set: tests touched, evaluation touched,
 * documentation touched, and which changed files are model code. Facts come from the
 * after-tree's analysis (a file that fits a model is training code whatever its name);
 * a deleted file has no facts, so its name decides.
 */
#include "diff/summary.h"

#include <stdlib.h>
#include <string.h>

static int file_cmp(const void *key, const void *item)
{
	return strcmp((const char *)key, ((const mlr_file *)item)->path);
}

static const mlr_file_facts *facts_of(const mlr_repo_ctx *ctx, const char *path)
{
	if (!ctx->files->len)
		return NULL;
	const mlr_file *f = bsearch(path, ctx->files->items, ctx->files->len, sizeof(mlr_file), file_cmp);
	return f ? &ctx->facts[f - ctx->files->items] : NULL;
}

bool mlr_change_is_model_code(const mlr_change_entry *e, const mlr_repo_ctx *ctx, mlr_buf *what)
{
	if (e->kind != MLR_KIND_PYTHON && e->kind != MLR_KIND_NOTEBOOK)
		return false;
	if (mlr_path_is_test(e->path) || mlr_path_is_eval(e->path) || !e->code_changed)
		return false;
	const mlr_file_facts *ff = e->status == MLR_CHANGE_DELETED ? NULL : facts_of(ctx, e->path);
	uint32_t fl = ff ? ff->flags : 0;
	if (what)
		what->len = 0;
	if (fl & MLR_FACT_TRAINS) {
		if (what && ff->train_line)
			mlr_buf_printf(what, "training code (%s at line %u)",
				ff->train_call ? ff->train_call : "trains a model", ff->train_line);
		else if (what)
			mlr_buf_puts(what, "training code");
		return true;
	}
	if (fl & MLR_FACT_SERVES) {
		if (what)
			mlr_buf_puts(what, "serving code");
		return true;
	}
	if (!mlr_path_is_model_code_name(e->path))
		return false;
	if (what)
		mlr_buf_puts(what, "model or feature code");
	return true;
}

void mlr_change_summarize(mlr_change_summary *out, const mlr_repo_ctx *ctx)
{
	memset(out, 0, sizeof(*out));
	const mlr_change *change = ctx->opts->change;
	for (size_t i = 0; change && i < change->entries.len; i++) {
		const mlr_change_entry *e = &change->entries.items[i];
		const mlr_file_facts *ff = e->status == MLR_CHANGE_DELETED ? NULL : facts_of(ctx, e->path);
		out->tests |= mlr_path_is_test(e->path) || mlr_path_is_test(e->old_path);
		out->eval |= mlr_path_is_eval(e->path) &&
			(e->kind == MLR_KIND_PYTHON || e->kind == MLR_KIND_NOTEBOOK);
		out->card |= mlr_path_is_model_card(e->path) || (ff && (ff->flags & MLR_FACT_MODEL_CARD));
		out->changelog |= mlr_path_is_changelog(e->path);
		if (e->kind == MLR_KIND_MODEL)
			out->artifacts++;
		else if (mlr_change_is_model_code(e, ctx, NULL))
			out->model_code++;
	}
	for (size_t i = 0; i < ctx->files->len; i++) {
		const char *path = ctx->files->items[i].path;
		if (!out->card_path && ((ctx->facts[i].flags & MLR_FACT_MODEL_CARD) || mlr_path_is_model_card(path)))
			out->card_path = path;
		if (!out->changelog_path && mlr_path_is_changelog(path))
			out->changelog_path = path;
		/* a test suite, not evaluation scripts: nanoGPT's config/eval_gpt2.py is a config */
		out->has_tests |= (ctx->facts[i].flags & (MLR_FACT_TEST_FILE | MLR_FACT_HAS_TESTS)) ||
			(mlr_path_is_test(path) && ctx->files->items[i].kind == MLR_KIND_PYTHON);
	}
}

void mlr_change_note_where(mlr_buf *out, const mlr_change_summary *s)
{
	if (s->changelog_path && s->card_path)
		mlr_buf_printf(out, "%s or %s", s->changelog_path, s->card_path);
	else
		mlr_buf_puts(out, s->changelog_path ? s->changelog_path : s->card_path);
}
