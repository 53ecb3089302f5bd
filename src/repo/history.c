#include "repo/history.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/error.h"

/* Tree depth a path or a history scan descends; deeper trees are not real projects. */
#define MAX_TREE_DEPTH 64
/* Release tags considered, newest first, before giving up on reachability checks. */
#define MAX_TAGS_CHECKED 32

struct mlr_history {
	git_repository *repo;
	git_commit *head;
	bool inited;
};

static int git_fail(int code, const char *what)
{
	const git_error *e = git_error_last();
	int rc = mlr_error_set(code, "%s: %s", what, e && e->message ? e->message : "unknown error");
	git_error_clear();
	return rc;
}

int mlr_history_open(mlr_history **out, const mlr_repo_ctx *ctx)
{
	int error;
	git_oid id;
	const char *gitdir = mlr_source_gitdir(ctx->source);
	const char *what = mlr_source_describe(ctx->source);
	mlr_history *h = NULL;

	*out = NULL;
	if (!gitdir || !mlr_repo_is_snapshot(ctx) || !strcmp(what, "rev HEAD (unborn)"))
		return mlr_error_set(MLR_ENOTFOUND, "no Git history for this source");
	if (!(h = calloc(1, sizeof(*h))))
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	if (git_libgit2_init() < 0) {
		error = git_fail(MLR_EREPO, "cannot initialise libgit2");
		goto cleanup;
	}
	h->inited = true;
	if (git_repository_open(&h->repo, gitdir) < 0) {
		error = git_fail(MLR_EREPO, "cannot open the repository");
		goto cleanup;
	}
	if (!strncmp(what, "rev ", 4)) {
		if (git_oid_fromstr(&id, what + 4) < 0) {
			error = git_fail(MLR_ENOTFOUND, "the linted revision is not a commit");
			goto cleanup;
		}
	} else if (git_reference_name_to_id(&id, h->repo, "HEAD") < 0) {
		error = git_fail(MLR_ENOTFOUND, "HEAD has no commit");
		goto cleanup;
	}
	if (git_commit_lookup(&h->head, h->repo, &id) < 0) {
		error = git_fail(MLR_ENOTFOUND, "the linted revision is not a commit");
		goto cleanup;
	}
	*out = h;
	h = NULL;
	error = 0;

cleanup:
	mlr_history_free(h);
	return error;
}

void mlr_history_free(mlr_history *h)
{
	if (!h)
		return;
	git_commit_free(h->head);
	git_repository_free(h->repo);
	if (h->inited)
		git_libgit2_shutdown();
	free(h);
}

git_repository *mlr_history_repo(mlr_history *h)
{
	return h->repo;
}

const git_oid *mlr_history_head(const mlr_history *h)
{
	return git_commit_id(h->head);
}

int64_t mlr_history_head_time(const mlr_history *h)
{
	return (int64_t)git_commit_time(h->head);
}

/* ------------------------------------------------------------------ path changes */

/* Whether path names different entries in trees a and b (either may be NULL: an empty
 * tree). Descends both trees together and stops at the first equal subtree, so a commit
 * that did not touch a path's top-level directory costs one lookup. */
static bool path_changed(git_repository *repo, git_tree *a, git_tree *b, const char *path)
{
	char name[256];
	git_tree *ta = a, *tb = b;
	bool changed = false;
	int depth = 0;

	for (const char *p = path;; depth++) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || n >= sizeof(name) || depth >= MAX_TREE_DEPTH)
			break;
		memcpy(name, p, n);
		name[n] = '\0';
		const git_tree_entry *ea = ta ? git_tree_entry_byname(ta, name) : NULL;
		const git_tree_entry *eb = tb ? git_tree_entry_byname(tb, name) : NULL;
		if (!ea && !eb)
			break;
		if (ea && eb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)))
			break;
		if (!slash) {
			changed = true;
			break;
		}
		git_tree *na = NULL, *nb = NULL;
		if (ea && git_tree_entry_type(ea) == GIT_OBJECT_TREE && git_tree_lookup(&na, repo, git_tree_entry_id(ea)) < 0)
			na = NULL;
		if (eb && git_tree_entry_type(eb) == GIT_OBJECT_TREE && git_tree_lookup(&nb, repo, git_tree_entry_id(eb)) < 0)
			nb = NULL;
		if (ta != a)
			git_tree_free(ta);
		if (tb != b)
			git_tree_free(tb);
		ta = na;
		tb = nb;
		if (!ta && !tb) {
			/* a file became a directory or the other way round, or an object is missing */
			changed = true;
			break;
		}
		p = slash + 1;
	}
	if (ta != a)
		git_tree_free(ta);
	if (tb != b)
		git_tree_free(tb);
	git_error_clear();
	return changed;
}

int mlr_history_walk(mlr_history *h, const char *const *paths, size_t n, uint32_t max_commits,
	mlr_history_fn fn, void *payload, mlr_walk_stats *stats)
{
	int error = 0;
	bool *changed = calloc(n ? n : 1, sizeof(bool));
	git_commit *c = NULL;
	mlr_walk_stats st = { 0, false };

	if (!changed)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	if (git_commit_dup(&c, h->head) < 0) {
		error = git_fail(MLR_EREPO, "cannot read the linted commit");
		goto cleanup;
	}
	for (uint32_t index = 0; c; index++) {
		if (index >= max_commits) {
			st.bounded = true;
			break;
		}
		git_tree *tree = NULL, *ptree = NULL;
		git_commit *parent = NULL;
		if (git_commit_tree(&tree, c) < 0)
			tree = NULL;
		/* a shallow clone's boundary commit has parents that are not there */
		if (git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) == 0 &&
		    git_commit_tree(&ptree, parent) < 0)
			ptree = NULL;
		for (size_t i = 0; i < n; i++)
			changed[i] = tree ? path_changed(h->repo, tree, ptree, paths[i]) : false;
		git_tree_free(tree);
		git_tree_free(ptree);
		st.walked++;
		bool go_on = fn(payload, index, c, changed);
		git_commit_free(c);
		c = parent;
		if (!go_on)
			break;
	}
	git_error_clear();

cleanup:
	git_commit_free(c);
	free(changed);
	if (stats)
		*stats = st;
	return error;
}

/* ------------------------------------------------------------------ release tags */

/* "v1.2.3", "1.2", "release-2.0", "model-v3.1", "v20250625": a version after a non-digit
 * prefix, made of digits and dots (or a date), followed by nothing that marks a
 * pre-release. */
static const char *release_version(const char *name)
{
	const char *v = name;
	while (*v && !isdigit((unsigned char)*v))
		v++;
	if (!*v || v - name > 16)
		return NULL;
	const char *p = v;
	int dots = 0;
	while (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))) {
		dots += *p == '.';
		p++;
	}
	/* "v1.2" and date releases ("v20250625"), not build numbers or single digits */
	if (dots == 0 && p - v < 6)
		return NULL;
	static const char *const pre[] = { "rc", "a", "b", "alpha", "beta", "dev", "pre", "preview", NULL };
	const char *rest = p;
	while (*rest == '-' || *rest == '.' || *rest == '_')
		rest++;
	for (size_t i = 0; pre[i]; i++) {
		size_t pl = strlen(pre[i]);
		if (!strncasecmp(rest, pre[i], pl) && (rest[pl] == '\0' || isdigit((unsigned char)rest[pl])))
			return NULL;
	}
	return v;
}

typedef struct {
	char *name;
	git_oid commit;
	int64_t time;
} tag_item;

static int cmp_tag_time(const void *a, const void *b)
{
	const tag_item *x = a, *y = b;
	if (x->time != y->time)
		return x->time > y->time ? -1 : 1;
	return strcmp(x->name, y->name);
}

int mlr_history_latest_release(char **name, const char **version, int64_t *time, mlr_history *h)
{
	int error = 0;
	git_strarray tags = { 0 };
	mlr_array(tag_item) items = { 0 };

	*name = NULL;
	*version = NULL;
	*time = 0;
	if (git_tag_list(&tags, h->repo) < 0) {
		error = git_fail(MLR_EREPO, "cannot list tags");
		goto cleanup;
	}
	for (size_t i = 0; i < tags.count; i++) {
		if (!release_version(tags.strings[i]))
			continue;
		mlr_buf ref = MLR_BUF_INIT;
		git_object *obj = NULL, *peeled = NULL;
		mlr_buf_printf(&ref, "refs/tags/%s", tags.strings[i]);
		if (!ref.oom && git_revparse_single(&obj, h->repo, ref.ptr) == 0 &&
		    git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) == 0) {
			tag_item it = { mlr_strdup(tags.strings[i]), *git_object_id(peeled),
				(int64_t)git_commit_time((git_commit *)peeled) };
			if (!it.name || mlr_array_push(&items, it) < 0) {
				free(it.name);
				error = mlr_error_set(MLR_ENOMEM, "out of memory");
			}
		}
		git_object_free(peeled);
		git_object_free(obj);
		mlr_buf_dispose(&ref);
		git_error_clear();
		if (error < 0)
			goto cleanup;
	}
	if (items.len > 1)
		qsort(items.items, items.len, sizeof(tag_item), cmp_tag_time);
	error = mlr_error_set(MLR_ENOTFOUND, "no release tag");
	for (size_t i = 0; i < items.len && i < MAX_TAGS_CHECKED; i++) {
		const git_oid *head = git_commit_id(h->head);
		if (!git_oid_equal(head, &items.items[i].commit) &&
		    git_graph_descendant_of(h->repo, head, &items.items[i].commit) != 1)
			continue;
		*name = items.items[i].name;
		items.items[i].name = NULL;
		*version = release_version(*name);
		*time = items.items[i].time;
		error = 0;
		break;
	}
	git_error_clear();

cleanup:
	for (size_t i = 0; i < items.len; i++)
		free(items.items[i].name);
	mlr_array_delete(&items);
	git_strarray_dispose(&tags);
	return error;
}

/* ------------------------------------------------------------------ large blobs */

void mlr_history_object_cache(bool on)
{
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, on ? 1 : 0);
}

typedef struct {
	git_repository *repo;
	git_odb *odb;
	uint64_t min_size;
	const mlr_oidset *skip;
	mlr_oidset trees, blobs;
	size_t objects;
	bool bounded;
	mlr_buf path;
	const git_oid *commit;
	mlr_history_blob_array *out;
} blob_scan;

static int scan_tree(blob_scan *s, const git_oid *tree_id, int depth)
{
	int error = 0;
	git_tree *tree = NULL;
	if (depth > MAX_TREE_DEPTH)
		return 0;
	int added = mlr_oidset_add(&s->trees, tree_id->id);
	if (added <= 0)
		return added; /* seen: every blob under it was seen too */
	if (++s->objects > MLR_HISTORY_MAX_OBJECTS) {
		s->bounded = true;
		return 0;
	}
	if (git_tree_lookup(&tree, s->repo, tree_id) < 0) {
		git_error_clear();
		return 0; /* missing in a partial clone */
	}
	size_t base = s->path.len;
	for (size_t i = 0, n = git_tree_entrycount(tree); i < n && !s->bounded; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		git_object_t type = git_tree_entry_type(e);
		const git_oid *id = git_tree_entry_id(e);
		if (type != GIT_OBJECT_TREE && type != GIT_OBJECT_BLOB)
			continue; /* submodules */
		s->path.len = base;
		if (s->path.ptr)
			s->path.ptr[base] = '\0';
		if (base)
			mlr_buf_putc(&s->path, '/');
		mlr_buf_puts(&s->path, git_tree_entry_name(e));
		if (s->path.oom) {
			error = mlr_error_set(MLR_ENOMEM, "out of memory");
			break;
		}
		if (type == GIT_OBJECT_TREE) {
			if ((error = scan_tree(s, id, depth + 1)) < 0)
				break;
			continue;
		}
		int fresh = mlr_oidset_add(&s->blobs, id->id);
		if (fresh < 0) {
			error = fresh;
			break;
		}
		if (!fresh || (s->skip && mlr_oidset_has(s->skip, id->id)))
			continue;
		if (++s->objects > MLR_HISTORY_MAX_OBJECTS) {
			s->bounded = true;
			break;
		}
		size_t size = 0;
		git_object_t otype;
		if (git_odb_read_header(&size, &otype, s->odb, id) < 0) {
			git_error_clear();
			continue;
		}
		if ((uint64_t)size < s->min_size)
			continue;
		mlr_history_blob b = { *id, (uint64_t)size, mlr_strdup(s->path.ptr), *s->commit };
		if (!b.path || mlr_array_push(s->out, b) < 0) {
			free(b.path);
			error = mlr_error_set(MLR_ENOMEM, "out of memory");
			break;
		}
	}
	s->path.len = base;
	if (s->path.ptr)
		s->path.ptr[base] = '\0';
	git_tree_free(tree);
	return error;
}

static int cmp_blob_size(const void *a, const void *b)
{
	const mlr_history_blob *x = a, *y = b;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return strcmp(x->path, y->path);
}

int mlr_history_large_blobs(mlr_history_blob_array *out, mlr_history *h, uint64_t min_size,
	const mlr_oidset *skip, size_t max_results, mlr_walk_stats *stats)
{
	int error = 0;
	git_revwalk *walk = NULL;
	git_oid id;
	blob_scan s = { h->repo, NULL, min_size, skip, { 0 }, { 0 }, 0, false, MLR_BUF_INIT, NULL, out };
	mlr_walk_stats st = { 0, false };

	if (git_repository_odb(&s.odb, h->repo) < 0) {
		error = git_fail(MLR_EREPO, "cannot open the object database");
		goto cleanup;
	}
	if (git_revwalk_new(&walk, h->repo) < 0 || git_revwalk_push(walk, git_commit_id(h->head)) < 0) {
		error = git_fail(MLR_EREPO, "cannot walk the history");
		goto cleanup;
	}
	/* every ref: branches, remotes, tags; refs that do not lead to a commit are skipped */
	if (git_revwalk_push_glob(walk, "refs/*") < 0)
		git_error_clear();
	while (!s.bounded && git_revwalk_next(&id, walk) == 0) {
		if (st.walked >= MLR_HISTORY_MAX_COMMITS) {
			st.bounded = true;
			break;
		}
		git_commit *c = NULL;
		if (git_commit_lookup(&c, h->repo, &id) < 0) {
			git_error_clear();
			continue;
		}
		st.walked++;
		s.commit = &id;
		error = scan_tree(&s, git_commit_tree_id(c), 0);
		git_commit_free(c);
		if (error < 0)
			goto cleanup;
	}
	git_error_clear();
	st.bounded |= s.bounded;
	if (out->len > 1)
		qsort(out->items, out->len, sizeof(mlr_history_blob), cmp_blob_size);
	while (out->len > max_results)
		free(out->items[--out->len].path);

cleanup:
	git_revwalk_free(walk);
	git_odb_free(s.odb);
	mlr_oidset_dispose(&s.trees);
	mlr_oidset_dispose(&s.blobs);
	mlr_buf_dispose(&s.path);
	if (stats)
		*stats = st;
	return error;
}

void mlr_history_blobs_dispose(mlr_history_blob_array *blobs)
{
	if (!blobs)
		return;
	for (size_t i = 0; i < blobs->len; i++)
		free(blobs->items[i].path);
	mlr_array_delete(blobs);
}
