#include "source/source_int.h"

#include "core/buf.h"
#include "core/error.h"

#include <string.h>

/* A committed tree, read from the object database: nothing is checked out. */

typedef struct {
	mlr_source *src;
	git_odb *odb;
	mlr_note_array *notes;
	mlr_buf path;
	int error;
} walk_ctx;

static int walk_cb(const char *root, const git_tree_entry *entry, void *payload)
{
	walk_ctx *ctx = payload;
	const char *name = git_tree_entry_name(entry);
	git_filemode_t mode = git_tree_entry_filemode(entry);

	if (git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
		/* 1 skips the subtree */
		return !ctx->src->include_vendored &&
			mlr_source__dirname_is_vendored(name, strlen(name));
	}
	ctx->path.len = 0;
	mlr_buf_puts(&ctx->path, root);
	mlr_buf_puts(&ctx->path, name);
	if (ctx->path.oom) {
		ctx->error = mlr_error_set(MLR_ENOMEM, "out of memory walking the tree");
		return -1;
	}
	const char *path = ctx->path.ptr;
	int special = mlr_source__note_special(ctx->notes, path, (uint32_t)mode);
	if (special != 0) {
		ctx->error = special < 0 ? special : 0;
		return special < 0 ? -1 : 0;
	}
	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB)
		return 0;
	const git_oid *oid = git_tree_entry_id(entry);
	int error = mlr_source__add_file(ctx->src, path, oid->id, false,
		mlr_source__blob_size(ctx->odb, oid), (uint32_t)mode);
	if (error < 0) {
		ctx->error = error;
		return -1;
	}
	return 0;
}

static int resolve(git_tree **tree, char **describe, git_repository *repo, const char *rev)
{
	int error;
	git_object *obj = NULL;
	git_object *commit = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	mlr_buf what = MLR_BUF_INIT;

	const char *spec = rev ? rev : "HEAD";
	/* A name that resolves to nothing is the user's mistake (2); a name that leads to an
	 * object the repository does not have (a ref to a commit lost from a damaged pack),
	 * or one it cannot read, is the repository's (3). libgit2 says GIT_ENOTFOUND for both:
	 * the object database reports the missing object, the revision parser the name. */
	int rc = git_revparse_single(&obj, repo, spec);
	if (rc < 0) {
		const git_error *e = git_error_last();
		bool lost = rc == GIT_ENOTFOUND && e && e->klass == GIT_ERROR_ODB;
		bool usage = !lost && (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC || rc == GIT_EAMBIGUOUS);
		mlr_buf_printf(&what, usage ? "unknown revision '%s'" : "cannot read revision '%s'", spec);
		error = mlr_source__git_error(usage ? MLR_EUSAGE : MLR_EREPO, mlr_buf_cstr(&what));
		goto cleanup;
	}
	if ((rc = git_object_peel((git_object **)tree, obj, GIT_OBJECT_TREE)) < 0) {
		bool usage = rc == GIT_EPEEL || rc == GIT_EINVALIDSPEC;
		mlr_buf_printf(&what, usage ? "revision '%s' does not name a tree" : "cannot read the tree of revision '%s'", spec);
		error = mlr_source__git_error(usage ? MLR_EUSAGE : MLR_EREPO, mlr_buf_cstr(&what));
		goto cleanup;
	}
	/* name the commit when there is one: that is what a user can check out */
	const git_oid *id = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0
		? git_object_id(commit) : git_object_id(obj);
	git_oid_tostr(hex, sizeof(hex), id);
	mlr_buf_printf(&what, "rev %s", hex);
	*describe = mlr_buf_detach(&what);
	error = *describe ? 0 : mlr_error_set(MLR_ENOMEM, "out of memory");
	git_error_clear();

cleanup:
	mlr_buf_dispose(&what);
	git_object_free(commit);
	git_object_free(obj);
	return error;
}

int mlr_source__list_rev(mlr_source *src, git_repository *repo, const char *rev,
	mlr_note_array *notes)
{
	int error;
	git_tree *tree = NULL;
	walk_ctx ctx = { src, NULL, notes, MLR_BUF_INIT, 0 };

	if (!rev && git_repository_head_unborn(repo) == 1) {
		src->describe = mlr_strdup("rev HEAD (unborn)");
		return src->describe ? 0 : mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	if ((error = resolve(&tree, &src->describe, repo, rev)) < 0)
		goto cleanup;
	if (git_repository_odb(&ctx.odb, repo) < 0) {
		error = mlr_source__git_error(MLR_EREPO, "cannot open the object database");
		goto cleanup;
	}
	error = git_tree_walk(tree, GIT_TREEWALK_PRE, walk_cb, &ctx);
	if (ctx.error < 0)
		error = ctx.error;
	else if (error < 0)
		error = mlr_source__git_error(MLR_EREPO, "cannot walk the tree");

cleanup:
	mlr_buf_dispose(&ctx.path);
	git_odb_free(ctx.odb);
	git_tree_free(tree);
	return error;
}
