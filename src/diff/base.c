/*
 * The merge base for PR mode. The base is the merge base, not the tip of --base: a
 * change must not be blamed (or credited) for what landed on main after it branched.
 */
#include "diff/base.h"

#include "core/array.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/oidset.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A shallow clone is the usual reason a base cannot be found: say how to fix it. */
#define SHALLOW_HINT "; in a shallow clone (CI) fetch the history: actions/checkout with fetch-depth: 0, or git fetch --unshallow"

static int git_fail(int code, const char *what, const char *arg)
{
	const git_error *e = git_error_last();
	mlr_buf msg = MLR_BUF_INIT;
	mlr_buf_printf(&msg, what, arg);
	int rc = mlr_error_set(code, "%s: %s", mlr_buf_cstr(&msg),
		e && e->message ? e->message : "libgit2 error");
	mlr_buf_dispose(&msg);
	return rc;
}

static int peel_commit(git_commit **out, git_repository *repo, const char *spec, const char *role)
{
	git_object *obj = NULL;
	int error = 0;
	bool shallow = git_repository_is_shallow(repo) == 1;
	if (git_revparse_single(&obj, repo, spec) < 0)
		error = mlr_error_set(MLR_EUSAGE, "%s '%s' is not a known revision%s", role, spec,
			shallow ? SHALLOW_HINT : "");
	else if (git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT) < 0)
		error = mlr_error_set(MLR_EUSAGE, "%s '%s' does not name a commit", role, spec);
	git_object_free(obj);
	git_error_clear();
	return error;
}

/* libgit2 (like git since 2.35.2) skips a repository owned by another user, so opening
 * one reports "not found". Find such a repository above path to say what to do instead. */
static int not_found(const char *path)
{
	char *dir = realpath(path, NULL);
	struct stat st;
	mlr_buf git = MLR_BUF_INIT;
	int rc = 0;
	for (size_t n = dir ? strlen(dir) : 0; dir && n > 0 && !rc;) {
		git.len = 0;
		mlr_buf_printf(&git, "%.*s/.git", (int)n, dir);
		if (!git.oom && stat(git.ptr, &st) == 0 && st.st_uid != geteuid())
			rc = mlr_error_set(MLR_EREPO,
				"%.*s is a repository owned by another user (uid %u), which libgit2 refuses as git "
				"does: run git config --global --add safe.directory %.*s (the exact path; libgit2 1.5 "
				"ignores '*')", (int)n, dir, (unsigned)st.st_uid, (int)n, dir);
		while (n > 0 && dir[n - 1] != '/')
			n--;
		while (n > 1 && dir[n - 1] == '/')
			n--;
		if (n == 1)
			break;
	}
	mlr_buf_dispose(&git);
	free(dir);
	return rc ? rc : mlr_error_set(MLR_EREPO, "%s: not inside a Git repository (--base compares commits)", path);
}

/* Ancestors walked at most, per side, in a shallow clone. */
#define SHALLOW_WALK_MAX 200000

typedef mlr_array(git_oid) oid_queue;

/* Breadth-first over the ancestors of start that are in the clone. With stop NULL, adds
 * them all to seen; else returns 1 and sets *found at the first one in stop. */
static int walk_ancestors(git_oid *found, git_repository *repo, git_odb *odb, const git_oid *start,
	mlr_oidset *seen, const mlr_oidset *stop)
{
	oid_queue q = { 0 };
	int rc = 0;
	if (mlr_array_push(&q, *start) < 0)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	for (size_t head = 0; head < q.len && head < SHALLOW_WALK_MAX && rc == 0; head++) {
		git_oid id = q.items[head];
		/* past the shallow boundary a parent is named but not there: not an ancestor we have */
		if (!git_odb_exists(odb, &id))
			continue;
		int added = mlr_oidset_add(seen, id.id);
		if (added < 0) {
			rc = mlr_error_set(MLR_ENOMEM, "out of memory");
			break;
		}
		if (!added)
			continue;
		if (stop && mlr_oidset_has(stop, id.id)) {
			*found = id;
			rc = 1;
			break;
		}
		git_commit *c = NULL;
		if (git_commit_lookup(&c, repo, &id) < 0) {
			git_error_clear();
			continue;
		}
		for (unsigned i = 0; i < git_commit_parentcount(c); i++)
			if (mlr_array_push(&q, *git_commit_parent_id(c, i)) < 0) {
				rc = mlr_error_set(MLR_ENOMEM, "out of memory");
				break;
			}
		git_commit_free(c);
	}
	mlr_array_delete(&q);
	return rc;
}

/* The merge base in a shallow clone, where libgit2 1.5's git_merge_base fails (and leaks)
 * at the first missing parent: the nearest ancestor of b, breadth first, that is also an
 * ancestor of a within the history the clone has. 0 found, 1 none, or an error. */
static int shallow_merge_base(git_oid *out, git_repository *repo, const git_oid *a, const git_oid *b)
{
	git_odb *odb = NULL;
	mlr_oidset of_a = { 0 }, of_b = { 0 };
	int rc;
	if (git_repository_odb(&odb, repo) < 0)
		return git_fail(MLR_EREPO, "%s", "cannot open the object database");
	rc = walk_ancestors(out, repo, odb, a, &of_a, NULL);
	if (rc == 0)
		rc = walk_ancestors(out, repo, odb, b, &of_b, &of_a);
	mlr_oidset_dispose(&of_a);
	mlr_oidset_dispose(&of_b);
	git_odb_free(odb);
	return rc == 1 ? 0 : rc < 0 ? rc : 1;
}

int mlr_diff_base_open(mlr_diff_base *b, const mlr_options *opts)
{
	int error;
	git_commit *base = NULL;

	memset(b, 0, sizeof(*b));
	if (!opts->base || !*opts->base)
		return mlr_error_set(MLR_EUSAGE, "--base needs a revision");
	if (opts->source == MLR_SOURCE_HISTORY || opts->source == MLR_SOURCE_DIR)
		return mlr_error_set(MLR_EUSAGE, "--base compares two trees of a Git repository: it cannot be combined with %s",
			opts->source == MLR_SOURCE_HISTORY ? "--history" : "--no-git");
	if (git_libgit2_init() < 0)
		return git_fail(MLR_EREPO, "%s", "cannot initialise libgit2");
	b->inited = true;
	const char *path = opts->path && *opts->path ? opts->path : ".";
	if ((error = git_repository_open_ext(&b->repo, path, 0, NULL)) < 0)
		return error == GIT_ENOTFOUND || error == GIT_EOWNER ? not_found(path)
			: git_fail(MLR_EREPO, "cannot open the repository at %s", path);
	bool bare = git_repository_is_bare(b->repo) == 1;
	if (opts->source == MLR_SOURCE_WORKTREE && bare)
		return mlr_error_set(MLR_EREPO, "%s is a bare repository: it has no working tree (use --rev)", path);
	b->after_is_rev = opts->source == MLR_SOURCE_REV || (opts->source == MLR_SOURCE_AUTO && bare);
	if (opts->source == MLR_SOURCE_REV && (!opts->rev || !*opts->rev))
		return mlr_error_set(MLR_EUSAGE, "--rev needs a revision");
	if (opts->source != MLR_SOURCE_REV && git_repository_head_unborn(b->repo) == 1)
		return mlr_error_set(MLR_EUSAGE, "HEAD has no commit yet: there is nothing to compare with '%s'", opts->base);
	if ((error = peel_commit(&b->after, b->repo, opts->source == MLR_SOURCE_REV ? opts->rev : "HEAD",
		     opts->source == MLR_SOURCE_REV ? "--rev" : "HEAD")) < 0 ||
		(error = peel_commit(&base, b->repo, opts->base, "--base")) < 0)
		goto cleanup;

	git_oid mb;
	if (git_repository_is_shallow(b->repo) == 1) {
		if ((error = shallow_merge_base(&mb, b->repo, git_commit_id(b->after), git_commit_id(base))) < 0)
			goto cleanup;
		if (error == 1) {
			error = mlr_error_set(MLR_EUSAGE, "cannot find the merge base with '%s': the history is cut short%s",
				opts->base, SHALLOW_HINT);
			goto cleanup;
		}
	} else if ((error = git_merge_base(&mb, b->repo, git_commit_id(b->after), git_commit_id(base))) < 0) {
		error = error == GIT_ENOTFOUND
			? mlr_error_set(MLR_EUSAGE, "'%s' and the linted commit have no common ancestor", opts->base)
			: git_fail(MLR_EREPO, "cannot find the merge base with '%s'", opts->base);
		goto cleanup;
	}
	git_oid_tostr(b->hex, sizeof(b->hex), &mb);
	if (git_commit_lookup(&b->merge_base, b->repo, &mb) < 0)
		error = git_fail(MLR_EREPO, "cannot read the merge base %s", b->hex);

cleanup:
	git_commit_free(base);
	return error;
}

void mlr_diff_base_close(mlr_diff_base *b)
{
	if (!b)
		return;
	git_commit_free(b->merge_base);
	git_commit_free(b->after);
	git_repository_free(b->repo);
	if (b->inited)
		git_libgit2_shutdown();
	memset(b, 0, sizeof(*b));
}

int mlr_diff_base_read(char **data, size_t *len, const mlr_diff_base *b, const char *path)
{
	int error = 0;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;

	*data = NULL;
	*len = 0;
	if (git_commit_tree(&tree, b->merge_base) < 0) {
		error = git_fail(MLR_EREPO, "cannot read the tree of %s", b->hex);
		goto cleanup;
	}
	if (git_tree_entry_bypath(&entry, tree, path) < 0 || git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
		git_error_clear();
		error = mlr_error_set(MLR_ENOTFOUND, "the merge base %.12s has no %s", b->hex, path);
		goto cleanup;
	}
	if (git_blob_lookup(&blob, b->repo, git_tree_entry_id(entry)) < 0) {
		error = git_fail(MLR_EREPO, "cannot read %s from the merge base", path);
		goto cleanup;
	}
	size_t n = (size_t)git_blob_rawsize(blob);
	if (!(*data = malloc(n + 1))) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	memcpy(*data, git_blob_rawcontent(blob), n);
	(*data)[n] = '\0';
	*len = n;

cleanup:
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return error;
}
