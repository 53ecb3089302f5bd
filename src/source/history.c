#include "source/source_int.h"

#include "core/buf.h"
#include "core/oidset.h"
#include "core/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * --history: every unique blob reachable from any ref (and HEAD), each listed once.
 *
 * Commits are walked oldest first (topological, then by time, reversed), so the first
 * time a blob is met is in the commit that introduced it: that commit and the path the
 * blob had there are what a finding reports. Trees are deduplicated too: a tree already
 * walked holds only blobs already listed, so each commit costs only the trees it changed
 * and the walk is proportional to the unique objects, not to commits times files.
 * No tree is kept once walked; what stays in memory is one oid per unique object.
 *
 * Symlinks (a path, not content) and submodules (another repository's commit) are
 * skipped silently: at every commit they would repeat the same note.
 */

/* ------------------------------------------------------------------ progress */

/* One line on stderr, rewritten in place at most every 100 ms, erased at the end: only
 * when stderr is a terminal, so logs and pipes never see it. */
typedef struct {
	bool on;
	bool shown;
	struct timespec last;
} progress;

static void progress_update(progress *p, size_t commits, size_t blobs, bool force)
{
	struct timespec now;
	if (!p->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (now.tv_sec - p->last.tv_sec) * 1000 + (now.tv_nsec - p->last.tv_nsec) / 1000000;
	if (!force && p->shown && ms < 100)
		return;
	p->last = now;
	p->shown = true;
	fprintf(stderr, "\rhistory: %zu commits walked, %zu unique blobs", commits, blobs);
	fflush(stderr);
}

static void progress_end(progress *p)
{
	if (p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}

/* ------------------------------------------------------------------ the walk */

typedef struct {
	mlr_source *src;
	git_odb *odb;
	mlr_oidset seen;     /* trees and blobs already listed or walked */
	mlr_buf path;
	char commit[GIT_OID_HEXSZ + 1];
	int64_t commit_time;
	size_t blobs;
	int error;
} walk_ctx;

static int walk_cb(const char *root, const git_tree_entry *entry, void *payload)
{
	walk_ctx *ctx = payload;
	const char *name = git_tree_entry_name(entry);
	git_object_t type = git_tree_entry_type(entry);
	git_filemode_t mode = git_tree_entry_filemode(entry);
	const git_oid *oid = git_tree_entry_id(entry);
	int added;

	/* submodules (commits) and symlinks: see the top of the file */
	if (type == GIT_OBJECT_COMMIT || mode == GIT_FILEMODE_LINK)
		return 0;
	if (type == GIT_OBJECT_TREE) {
		/* a vendored tree is not marked seen: the same tree elsewhere must still be walked */
		if (!ctx->src->include_vendored && mlr_source__dirname_is_vendored(name, strlen(name)))
			return 1;
		if ((added = mlr_oidset_add(&ctx->seen, oid->id)) < 0)
			goto oom;
		return added ? 0 : 1; /* 1 skips a tree walked before */
	}
	if (type != GIT_OBJECT_BLOB)
		return 0;
	if ((added = mlr_oidset_add(&ctx->seen, oid->id)) < 0)
		goto oom;
	if (!added)
		return 0;

	ctx->path.len = 0;
	mlr_buf_puts(&ctx->path, root);
	mlr_buf_puts(&ctx->path, name);
	if (ctx->path.oom)
		goto oom;
	int error = mlr_source__add_file(ctx->src, ctx->path.ptr, oid->id, false,
		mlr_source__blob_size(ctx->odb, oid), (uint32_t)mode);
	if (error < 0) {
		ctx->error = error;
		return -1;
	}
	mlr_file *f = &ctx->src->files.items[ctx->src->files.len - 1];
	f->commit = mlr_strdup(ctx->commit);
	f->commit_time = ctx->commit_time;
	if (!f->commit)
		goto oom;
	ctx->blobs++;
	return 0;

oom:
	ctx->error = mlr_error_set(MLR_ENOMEM, "out of memory walking the history");
	return -1;
}

static int walk_commit(walk_ctx *ctx, git_repository *repo, const git_oid *id)
{
	int error;
	git_commit *commit = NULL;
	git_tree *tree = NULL;

	if (git_commit_lookup(&commit, repo, id) < 0 || git_commit_tree(&tree, commit) < 0) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), id);
		mlr_buf what = MLR_BUF_INIT;
		mlr_buf_printf(&what, "cannot read commit %s", hex);
		error = mlr_source__git_error(MLR_EREPO, mlr_buf_cstr(&what));
		mlr_buf_dispose(&what);
		goto cleanup;
	}
	int added = mlr_oidset_add(&ctx->seen, git_tree_id(tree)->id);
	if (added <= 0) {
		/* an unchanged tree (a merge that took one side, an empty commit) adds nothing */
		error = added < 0 ? mlr_error_set(MLR_ENOMEM, "out of memory walking the history") : 0;
		goto cleanup;
	}
	git_oid_tostr(ctx->commit, sizeof(ctx->commit), id);
	ctx->commit_time = (int64_t)git_commit_time(commit);
	error = git_tree_walk(tree, GIT_TREEWALK_PRE, walk_cb, ctx);
	if (ctx->error < 0)
		error = ctx->error;
	else if (error < 0)
		error = mlr_source__git_error(MLR_EREPO, "cannot walk a tree of the history");

cleanup:
	git_tree_free(tree);
	git_commit_free(commit);
	return error;
}

/* HEAD's blobs with their paths, sorted by oid: membership for in_head, and the path
 * a blob has now. */
typedef struct {
	unsigned char oid[GIT_OID_RAWSZ];
	char *path;
	bool vendored;
} head_blob;

typedef struct {
	mlr_array(head_blob) blobs;
	mlr_buf path;
	int error;
} head_ctx;

static int head_cb(const char *root, const git_tree_entry *entry, void *payload)
{
	head_ctx *ctx = payload;
	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB ||
	    git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK)
		return 0;
	ctx->path.len = 0;
	mlr_buf_puts(&ctx->path, root);
	mlr_buf_puts(&ctx->path, git_tree_entry_name(entry));
	head_blob b;
	memcpy(b.oid, git_tree_entry_id(entry)->id, GIT_OID_RAWSZ);
	b.path = ctx->path.oom ? NULL : mlr_strdup(ctx->path.ptr);
	b.vendored = b.path && mlr_path_is_vendored(b.path);
	if (!b.path || mlr_array_push(&ctx->blobs, b) < 0) {
		free(b.path);
		ctx->error = mlr_error_set(MLR_ENOMEM, "out of memory reading HEAD's tree");
		return -1;
	}
	return 0;
}

static int head_blob_cmp(const void *a, const void *b)
{
	const head_blob *x = a, *y = b;
	int c = memcmp(x->oid, y->oid, GIT_OID_RAWSZ);
	return c ? c : strcmp(x->path, y->path);
}

/*
 * HEAD's tree; NULL when HEAD is unborn (an empty repository, an orphan branch). A HEAD
 * that cannot be read is a repository error: the findings say whether each secret is
 * still at HEAD, and the walk would silently leave HEAD's own commits out.
 */
static int head_tree(git_tree **out, git_repository *repo)
{
	int error = 0;
	git_oid id;
	git_object *head = NULL;

	*out = NULL;
	int unborn = git_repository_head_unborn(repo);
	if (unborn < 0 || (unborn == 0 && git_reference_name_to_id(&id, repo, "HEAD") < 0))
		return mlr_source__git_error(MLR_EREPO, "cannot read HEAD");
	if (unborn == 1)
		return 0;
	/* not git_revparse_single: libgit2 1.5 leaks its parse state when the object is missing */
	if (git_object_lookup(&head, repo, &id, GIT_OBJECT_ANY) < 0 ||
	    git_object_peel((git_object **)out, head, GIT_OBJECT_TREE) < 0)
		error = mlr_source__git_error(MLR_EREPO, "cannot read the commit HEAD names");
	git_object_free(head);
	return error;
}

/*
 * Marks the files whose blob is in HEAD's tree (tree NULL, an unborn HEAD: none is), and
 * names such a file by a path it has at HEAD: a blob renamed since it was introduced is
 * reported where it is now, still dated by the commit that introduced it.
 */
static int mark_in_head(mlr_source *src, git_tree *tree)
{
	int error;
	head_ctx ctx = { { 0 }, MLR_BUF_INIT, 0 };

	if (!tree)
		return 0;
	error = git_tree_walk(tree, GIT_TREEWALK_PRE, head_cb, &ctx);
	if (ctx.error < 0) {
		error = ctx.error;
		goto cleanup;
	}
	if (error < 0) {
		error = mlr_source__git_error(MLR_EREPO, "cannot walk HEAD's tree");
		goto cleanup;
	}
	if (ctx.blobs.len > 1)
		qsort(ctx.blobs.items, ctx.blobs.len, sizeof(head_blob), head_blob_cmp);

	for (size_t i = 0; i < src->files.len; i++) {
		mlr_file *f = &src->files.items[i];
		head_blob key;
		memcpy(key.oid, f->oid, GIT_OID_RAWSZ);
		/* the first entry with this oid: paths of one blob are adjacent, sorted */
		size_t lo = 0, hi = ctx.blobs.len;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (memcmp(ctx.blobs.items[mid].oid, key.oid, GIT_OID_RAWSZ) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		const char *now = NULL;
		for (size_t j = lo; j < ctx.blobs.len &&
		     !memcmp(ctx.blobs.items[j].oid, key.oid, GIT_OID_RAWSZ); j++) {
			const head_blob *b = &ctx.blobs.items[j];
			f->in_head = true;
			if (!strcmp(b->path, f->path)) {
				now = NULL;
				break;
			}
			if (!now && (src->include_vendored || !b->vendored))
				now = b->path;
		}
		if (now) {
			char *p = mlr_strdup(now);
			if (!p) {
				error = mlr_error_set(MLR_ENOMEM, "out of memory reading HEAD's tree");
				goto cleanup;
			}
			free(f->path);
			f->path = p;
			f->kind = mlr_file_kind_of_path(p);
		}
	}
	error = 0;

cleanup:
	for (size_t i = 0; i < ctx.blobs.len; i++)
		free(ctx.blobs.items[i].path);
	mlr_array_delete(&ctx.blobs);
	mlr_buf_dispose(&ctx.path);
	return error;
}

/* A shallow clone stops at its grafts: say where, so nobody reads "no secrets" as "no
 * secrets ever". libgit2 has no API for the shallow roots; .git/shallow lists them. */
static int note_shallow(git_repository *repo, mlr_note_array *notes)
{
	char first[GIT_OID_HEXSZ + 1] = "";
	size_t roots = 0;
	mlr_buf path = MLR_BUF_INIT;
	mlr_buf msg = MLR_BUF_INIT;
	char line[128];

	if (git_repository_is_shallow(repo) != 1)
		return 0;
	mlr_buf_printf(&path, "%sshallow", git_repository_path(repo));
	FILE *f = path.oom ? NULL : fopen(path.ptr, "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (strlen(line) < GIT_OID_HEXSZ)
			continue;
		if (!roots++)
			memcpy(first, line, GIT_OID_HEXSZ);
	}
	if (f)
		fclose(f);
	mlr_buf_dispose(&path);

	if (roots == 0)
		mlr_buf_puts(&msg, "shallow clone: history before the shallow boundary is not scanned");
	else
		mlr_buf_printf(&msg, "shallow clone: history before %.12s%s is not scanned", first,
			roots > 1 ? " (and other shallow roots)" : "");
	mlr_note n = { NULL, mlr_buf_detach(&msg) };
	if (!n.message || mlr_array_push(notes, n) < 0) {
		free(n.message);
		return mlr_error_set(MLR_ENOMEM, "out of memory adding a note");
	}
	return 0;
}

/* Commits walked with one repository handle before it is reopened (see the walk). */
#define WALK_REOPEN 256

typedef mlr_array(git_oid) commit_list;

typedef struct {
	git_oid id;
	int64_t time;
} dated_commit;

static int dated_cmp(const void *pa, const void *pb)
{
	const dated_commit *a = pa, *b = pb;
	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	return git_oid_cmp(&a->id, &b->id);
}

/* Pushes the commit a ref (or HEAD) leads to; refs to trees and blobs lead nowhere. */
static int push_ref_commit(commit_list *todo, git_repository *repo, const char *name)
{
	git_object *obj = NULL, *commit = NULL;
	int error = 0;
	if (git_revparse_single(&obj, repo, name) == 0 && git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0 &&
	    mlr_array_push(todo, *git_object_id(commit)) < 0)
		error = mlr_error_set(MLR_ENOMEM, "out of memory listing commits");
	git_error_clear();
	git_object_free(commit);
	git_object_free(obj);
	return error;
}

/* A shallow clone: the commits reachable from the refs and HEAD whose objects are there,
 * oldest first by committer time. libgit2 before 1.7 does not honour shallow grafts: its
 * walk fails on the boundary's missing parents before it yields anything. */
static int list_shallow(commit_list *out, git_repository *repo)
{
	int error = 0;
	git_strarray refs = { 0 };
	commit_list todo = { 0 };
	mlr_array(dated_commit) found = { 0 };
	mlr_oidset seen = { 0 };

	if (git_reference_list(&refs, repo) < 0) {
		error = mlr_source__git_error(MLR_EREPO, "cannot list the refs");
		goto cleanup;
	}
	for (size_t i = 0; i < refs.count && !error; i++)
		error = push_ref_commit(&todo, repo, refs.strings[i]);
	if (error || (error = push_ref_commit(&todo, repo, "HEAD")) < 0)
		goto cleanup;
	while (todo.len) {
		git_oid id = todo.items[--todo.len];
		git_commit *c = NULL;
		int added = mlr_oidset_add(&seen, id.id);
		if (added < 0) {
			error = mlr_error_set(MLR_ENOMEM, "out of memory listing commits");
			goto cleanup;
		}
		if (!added)
			continue;
		if (git_commit_lookup(&c, repo, &id) < 0) {
			git_error_clear(); /* past the shallow boundary */
			continue;
		}
		dated_commit d = { id, (int64_t)git_commit_time(c) };
		bool oom = mlr_array_push(&found, d) < 0;
		for (unsigned p = 0; !oom && p < git_commit_parentcount(c); p++)
			oom = mlr_array_push(&todo, *git_commit_parent_id(c, p)) < 0;
		git_commit_free(c);
		if (oom) {
			error = mlr_error_set(MLR_ENOMEM, "out of memory listing commits");
			goto cleanup;
		}
	}
	if (found.len > 1)
		qsort(found.items, found.len, sizeof(dated_commit), dated_cmp);
	if (mlr_array_reserve(out, found.len) < 0) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory listing commits");
		goto cleanup;
	}
	for (size_t i = 0; i < found.len; i++)
		out->items[out->len++] = found.items[i].id;

cleanup:
	git_strarray_dispose(&refs);
	mlr_array_delete(&todo);
	mlr_array_delete(&found);
	mlr_oidset_dispose(&seen);
	return error;
}

/* The commits to scan, oldest first. */
static int list_commits(commit_list *out, git_repository *repo)
{
	int error;
	git_revwalk *walk = NULL;
	git_oid id;

	if (git_repository_is_shallow(repo) == 1)
		return list_shallow(out, repo);
	if (git_revwalk_new(&walk, repo) < 0) {
		error = mlr_source__git_error(MLR_EREPO, "cannot start the history walk");
		goto cleanup;
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE);
	/* refs that point at trees or blobs are skipped by push_glob; an unborn HEAD only
	 * means there is nothing more to push (an unreadable one was refused by head_tree) */
	if (git_revwalk_push_glob(walk, "*") < 0) {
		error = mlr_source__git_error(MLR_EREPO, "cannot list the refs");
		goto cleanup;
	}
	if (git_revwalk_push_head(walk) < 0)
		git_error_clear();
	while ((error = git_revwalk_next(&id, walk)) == 0)
		if (mlr_array_push(out, id) < 0) {
			error = mlr_error_set(MLR_ENOMEM, "out of memory listing commits");
			goto cleanup;
		}
	if (error != GIT_ITEROVER) {
		error = mlr_source__git_error(MLR_EREPO, "cannot walk the history");
		goto cleanup;
	}
	error = 0;

cleanup:
	git_revwalk_free(walk);
	return error;
}

int mlr_source__list_history(mlr_source *src, git_repository *repo, mlr_note_array *notes)
{
	int error;
	commit_list commits = { 0 };
	git_repository *walk_repo = NULL;
	git_tree *head = NULL;
	size_t unreadable = 0;
	char *first_problem = NULL;
	walk_ctx ctx;
	progress prog = { 0 };

	memset(&ctx, 0, sizeof(ctx));
	ctx.src = src;
	prog.on = isatty(STDERR_FILENO) == 1;

	if ((error = head_tree(&head, repo)) < 0)
		goto cleanup;
	if (notes && (error = note_shallow(repo, notes)) < 0)
		goto cleanup;
	if (git_repository_odb(&ctx.odb, repo) < 0) {
		error = mlr_source__git_error(MLR_EREPO, "cannot start the history walk");
		goto cleanup;
	}
	/* Every unique blob is about to be read once: re-hashing each one to verify its id
	 * was a fifth of the run, and git itself does not verify objects it reads. zlib's
	 * checksum still catches a corrupt object. The switch is process-wide: --history is
	 * the whole run. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	if ((error = list_commits(&commits, repo)) < 0)
		goto cleanup;
	for (size_t i = 0; i < commits.len; i++) {
		/* libgit2 caches every tree it parses, and nothing here is read twice: a fresh
		 * handle every few hundred commits keeps memory flat (a process-wide switch
		 * would change caching for every other repository of the process too) */
		if (i % WALK_REOPEN == 0) {
			git_repository_free(walk_repo);
			walk_repo = NULL;
			if (git_repository_open(&walk_repo, git_repository_path(repo)) < 0) {
				error = mlr_source__git_error(MLR_EREPO, "cannot reopen the repository");
				goto cleanup;
			}
		}
		if ((error = walk_commit(&ctx, walk_repo, &commits.items[i])) < 0) {
			if (error != MLR_EREPO)
				goto cleanup;
			/* a commit or tree missing from a partial or damaged clone: the rest of the
			 * history is still worth scanning; one note says what was not */
			if (!unreadable++)
				first_problem = mlr_strdup(mlr_error_last());
			error = 0;
		}
		progress_update(&prog, i + 1, ctx.blobs, false);
	}
	progress_update(&prog, commits.len, ctx.blobs, true);
	if (unreadable && notes) {
		mlr_buf msg = MLR_BUF_INIT;
		mlr_buf_printf(&msg, "%zu commit%s not scanned (%s)", unreadable, unreadable == 1 ? "" : "s",
			first_problem ? first_problem : "unreadable");
		mlr_note n = { NULL, mlr_buf_detach(&msg) };
		if (!n.message || mlr_array_push(notes, n) < 0) {
			free(n.message);
			error = mlr_error_set(MLR_ENOMEM, "out of memory adding a note");
			goto cleanup;
		}
	}
	error = mark_in_head(src, head);

cleanup:
	progress_end(&prog);
	git_tree_free(head);
	free(first_problem);
	git_repository_free(walk_repo);
	mlr_array_delete(&commits);
	git_odb_free(ctx.odb);
	mlr_oidset_dispose(&ctx.seen);
	mlr_buf_dispose(&ctx.path);
	return error;
}
