/*
 * PR mode: lint the tree after the change and the merge base, keep what is new.
 *
 * Both sides go through mlr_lint unchanged, so a finding means the same thing on either
 * side, and the caller's hook filters and scores both alike before they are compared.
 * The score reported is the after-tree's, computed before the old findings are dropped:
 * the change is judged by the repository it leaves behind.
 */
#include "diff/base.h"
#include "diff/change.h"
#include "diff/match.h"

#include "core/error.h"
#include "score/score.h"

#include <stdlib.h>
#include <string.h>

/* The overall score of r without its change rules: they are marked not assessed for one
 * recomputation, and r's own score is put back untouched. */
static int comparable_overall(mlr_result *r)
{
	bool *was = calloc(r->rule_count ? r->rule_count : 1, sizeof(bool));
	if (!was)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	mlr_score saved = r->score;
	memset(&r->score, 0, sizeof(r->score));
	for (size_t i = 0; i < r->rule_count; i++) {
		was[i] = r->rules[i].assessed;
		if (r->rules[i].rule && r->rules[i].rule->category == MLR_CAT_CHANGE)
			r->rules[i].assessed = false;
	}
	mlr_score_compute_profile(r, saved.profile);
	r->compared_overall = r->score.overall;
	r->compared_assessable = mlr_score_assessable(&r->score);
	mlr_score_dispose(&r->score);
	r->score = saved;
	for (size_t i = 0; i < r->rule_count; i++)
		r->rules[i].assessed = was[i];
	free(was);
	return 0;
}

static void record_base(mlr_result *after, const mlr_result *base, const char *base_hex,
	size_t changed)
{
	after->has_base = true;
	snprintf(after->base_commit, sizeof(after->base_commit), "%s", base_hex);
	after->base_overall = base->score.overall;
	after->base_assessable = mlr_score_assessable(&base->score);
	for (int c = 0; c < MLR_CAT_LAST; c++) {
		after->base_category[c] = base->score.categories[c].score;
		after->base_category_assessable[c] = base->score.categories[c].assessable;
	}
	after->base_finding_count = base->finding_count;
	after->changed_path_count = changed;
}

int mlr_lint_diff(mlr_result **out, const mlr_options *opts, mlr_result_hook prepare,
	void *payload)
{
	int error;
	mlr_diff_base b;
	git_tree *after_tree = NULL, *base_tree = NULL;
	mlr_change *change = NULL;
	mlr_result *after = NULL, *base = NULL;

	*out = NULL;
	if ((error = mlr_diff_base_open(&b, opts)) < 0)
		goto cleanup;
	if (git_commit_tree(&base_tree, b.merge_base) < 0 ||
		(b.after_is_rev && git_commit_tree(&after_tree, b.after) < 0)) {
		const git_error *e = git_error_last();
		error = mlr_error_set(MLR_EREPO, "cannot read a tree to compare: %s",
			e && e->message ? e->message : "libgit2 error");
		goto cleanup;
	}
	if ((error = mlr_change_compute(&change, b.repo, base_tree, after_tree, opts)) < 0)
		goto cleanup;

	mlr_options after_opts = *opts;
	after_opts.change = change;
	if (b.after_is_rev && opts->source != MLR_SOURCE_REV) {
		/* a bare repository: its HEAD, as mlr_lint would pick it */
		after_opts.source = MLR_SOURCE_REV;
		after_opts.rev = "HEAD";
	}
	if ((error = mlr_lint(&after, &after_opts)) < 0 ||
		(prepare && (error = prepare(after, payload)) < 0))
		goto cleanup;

	mlr_options base_opts = *opts;
	base_opts.source = MLR_SOURCE_REV;
	base_opts.rev = b.hex;
	base_opts.change = NULL;
	if ((error = mlr_lint(&base, &base_opts)) < 0 ||
		(prepare && (error = prepare(base, payload)) < 0))
		goto cleanup;

	record_base(after, base, b.hex, change->entries.len);
	if ((error = comparable_overall(after)) < 0)
		goto cleanup;
	if ((error = mlr_diff_keep_new(after, base, change)) < 0)
		goto cleanup;
	*out = after;
	after = NULL;

cleanup:
	mlr_result_free(after);
	mlr_result_free(base);
	mlr_change_free(change);
	git_tree_free(after_tree);
	git_tree_free(base_tree);
	mlr_diff_base_close(&b);
	return error;
}
