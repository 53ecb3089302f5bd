/*
 * PR mode: lint the tree after the change and the merge base, keep what is new.
 *
 * The base is the merge base, not the tip of the base branch: a PR must not be blamed
 * (or credited) for what landed on main after it branched. Both sides go through
 * mlr_lint unchanged, so a finding means the same thing on either side, and the caller's
 * hook filters and scores both alike before they are compared.
 */
#include "diff/change.h"
#include "diff/match.h"

#include "core/buf.h"
#include "core/error.h"
#include "score/score.h"

#include <string.h>

/* Where a shallow clone is the likely cause, say how to fix it. */
#define SHALLOW_HINT "in a shallow clone (CI), fetch the history: actions/checkout with fetch-depth: 0, or git fetch --unshallow"

static int git_fail(int code, const char *fmt, const char *arg)
{
	const git_error *e = git_error_last();
	mlr_buf what = MLR_BUF_INIT;
	mlr_buf_printf(&what, fmt, arg);
	int rc = mlr_error_set(code, "%s: %s", mlr_buf_cstr(&what),
		e && e->message ? e->message : "libgit2 error");
	mlr_buf_dispose(&what);
	return rc;
}

static int peel_commit(git_commit **out, git_repository *repo, const char *spec, const char *role)
{
	git_object *obj = NULL;
	int error;
	if (git_revparse_single(&obj, repo, spec) < 0) {
		bool shallow = git_repository_is_shallow(repo) == 1;
		error = mlr_error_set(MLR_EUSAGE, "%s revision '%s' not found%s%s", role, spec,
			shallow ? "; " : "", shallow ? SHALLOW_HINT : "");
		goto cleanup;
	}
	if (git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT) < 0) {
		error = mlr_error_set(MLR_EUSAGE, "%s revision '%s' does not name a commit", role, spec);
		goto cleanup;
	}
	error = 0;

cleanup:
	git_object_free(obj);
	git_error_clear();
	return error;
}

static void record_base(mlr_result *after, const mlr_result *base, const char *base_hex,
	size_t changed)
{
	after->has_base = true;
	memcpy(after->base_commit, base_hex, sizeof(after->base_commit));
	after->base_commit[sizeof(after->base_commit) - 1] = '\0';
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
	bool inited = false;
	git_repository *repo = NULL;
	git_commit *after_commit = NULL, *base_commit = NULL, *merge_commit = NULL;
	git_tree *after_tree = NULL, *base_tree = NULL;
	mlr_change *change = NULL;
	mlr_result *after = NULL, *base = NULL;
	char base_hex[GIT_OID_HEXSZ + 1];

	*out = NULL;
	if (!opts->base || !*opts->base) {
		error = mlr_error_set(MLR_EUSAGE, "--base needs a revision");
		goto cleanup;
	}
	if (opts->source == MLR_SOURCE_HISTORY || opts->source == MLR_SOURCE_DIR) {
		error = mlr_error_set(MLR_EUSAGE, "--base compares two trees of a Git repository: it cannot be combined with %s",
			opts->source == MLR_SOURCE_HISTORY ? "--history" : "--no-git");
		goto cleanup;
	}
	if (git_libgit2_init() < 0) {
		error = git_fail(MLR_EREPO, "%s", "cannot initialise libgit2");
		goto cleanup;
	}
	inited = true;
	const char *path = opts->path && *opts->path ? opts->path : ".";
	if ((error = git_repository_open_ext(&repo, path, 0, NULL)) < 0) {
		error = error == GIT_ENOTFOUND
			? mlr_error_set(MLR_EREPO, "%s: not inside a Git repository (--base compares commits)", path)
			: git_fail(MLR_EREPO, "cannot open the repository at %s", path);
		goto cleanup;
	}
	bool bare = git_repository_is_bare(repo) == 1;
	if (opts->source == MLR_SOURCE_WORKTREE && bare) {
		error = mlr_error_set(MLR_EREPO, "%s is a bare repository: it has no working tree (use --rev)", path);
		goto cleanup;
	}
	bool after_is_rev = opts->source == MLR_SOURCE_REV || (opts->source == MLR_SOURCE_AUTO && bare);
	const char *after_spec = opts->source == MLR_SOURCE_REV ? opts->rev : "HEAD";
	if (!after_spec || !*after_spec) {
		error = mlr_error_set(MLR_EUSAGE, "--rev needs a revision");
		goto cleanup;
	}
	if (git_repository_head_unborn(repo) == 1 && opts->source != MLR_SOURCE_REV) {
		error = mlr_error_set(MLR_EUSAGE, "HEAD has no commit yet: there is nothing to compare with '%s'", opts->base);
		goto cleanup;
	}
	if ((error = peel_commit(&after_commit, repo, after_spec, "the")) < 0 ||
		(error = peel_commit(&base_commit, repo, opts->base, "--base")) < 0)
		goto cleanup;

	git_oid merge_base;
	if ((error = git_merge_base(&merge_base, repo, git_commit_id(after_commit),
		     git_commit_id(base_commit))) < 0) {
		bool shallow = git_repository_is_shallow(repo) == 1;
		error = error == GIT_ENOTFOUND
			? mlr_error_set(MLR_EUSAGE, "'%s' and %s have no common ancestor%s%s", opts->base,
				  after_spec, shallow ? "; " : "", shallow ? SHALLOW_HINT : "")
			: git_fail(MLR_EREPO, "cannot find the merge base with '%s'", opts->base);
		goto cleanup;
	}
	git_oid_tostr(base_hex, sizeof(base_hex), &merge_base);
	if (git_commit_lookup(&merge_commit, repo, &merge_base) < 0 ||
		git_commit_tree(&base_tree, merge_commit) < 0 ||
		(after_is_rev && git_commit_tree(&after_tree, after_commit) < 0)) {
		error = git_fail(MLR_EREPO, "cannot read the tree of %s", base_hex);
		goto cleanup;
	}
	if ((error = mlr_change_compute(&change, repo, base_tree, after_tree, opts)) < 0)
		goto cleanup;

	mlr_options after_opts = *opts;
	after_opts.change = change;
	if (after_is_rev && opts->source != MLR_SOURCE_REV) {
		after_opts.source = MLR_SOURCE_REV;
		after_opts.rev = "HEAD";
	}
	if ((error = mlr_lint(&after, &after_opts)) < 0 ||
		(prepare && (error = prepare(after, payload)) < 0))
		goto cleanup;

	mlr_options base_opts = *opts;
	base_opts.source = MLR_SOURCE_REV;
	base_opts.rev = base_hex;
	base_opts.change = NULL;
	if ((error = mlr_lint(&base, &base_opts)) < 0 ||
		(prepare && (error = prepare(base, payload)) < 0))
		goto cleanup;

	record_base(after, base, base_hex, change->entries.len);
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
	git_commit_free(merge_commit);
	git_commit_free(base_commit);
	git_commit_free(after_commit);
	git_repository_free(repo);
	if (inited)
		git_libgit2_shutdown();
	return error;
}
