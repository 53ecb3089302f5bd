/*
 * The change set of PR mode, from one libgit2 diff. File names come from the deltas
 * alone; content is read only for the small config-like files whose changed lines may
 * hold a tunable value, so a PR that replaces a 2 GB checkpoint costs a stat, not a read.
 */
#include "diff/change.h"

#include "core/buf.h"
#include "core/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Config-like files larger than this are not searched for changed values. */
#define VALUE_FILE_MAX (1u << 20)
/* Removed assignments remembered per hunk, to pair with the added ones. */
#define HUNK_PAIRS_MAX 64

static int git_fail(int code, const char *what)
{
	const git_error *e = git_error_last();
	return mlr_error_set(code, "%s: %s", what, e && e->message ? e->message : "libgit2 error");
}

static void entry_dispose(mlr_change_entry *e)
{
	free(e->path);
	free(e->old_path);
}

static void value_dispose(mlr_change_value *v)
{
	free(v->path);
	free(v->key);
	free(v->old_value);
	free(v->new_value);
}

void mlr_change_free(mlr_change *change)
{
	if (!change)
		return;
	for (size_t i = 0; i < change->entries.len; i++)
		entry_dispose(&change->entries.items[i]);
	mlr_array_delete(&change->entries);
	for (size_t i = 0; i < change->values.len; i++)
		value_dispose(&change->values.items[i]);
	mlr_array_delete(&change->values);
	free(change);
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const mlr_change_entry *)a)->path, ((const mlr_change_entry *)b)->path);
}

static int value_cmp(const void *pa, const void *pb)
{
	const mlr_change_value *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);
	return c ? c : a->line < b->line ? -1 : a->line > b->line;
}

const mlr_change_entry *mlr_change_find(const mlr_change *change, const char *path)
{
	if (!change || !path || !change->entries.len)
		return NULL;
	mlr_change_entry key = { (char *)path, NULL, MLR_CHANGE_MODIFIED, MLR_KIND_TEXT, true };
	return bsearch(&key, change->entries.items, change->entries.len, sizeof(key), entry_cmp);
}

/* Files whose lines may set a threshold or hyperparameter. */
static bool holds_values(const char *path, mlr_file_kind kind)
{
	static const char *const exts[] = { ".toml", ".json", ".cfg", ".ini", ".conf", ".env",
		".properties", ".jsonnet", ".hcl", NULL };
	if (kind == MLR_KIND_PYTHON || kind == MLR_KIND_YAML)
		return true;
	if (kind != MLR_KIND_TEXT)
		return false;
	size_t n = strlen(path);
	for (size_t i = 0; exts[i]; i++) {
		size_t m = strlen(exts[i]);
		if (n >= m && !strcasecmp(path + n - m, exts[i]))
			return true;
	}
	return false;
}

typedef struct {
	const char *key;
	size_t key_len;
	const char *value;
	size_t value_len;
	bool used;
} removed_value;

static int add_value(mlr_change *change, const char *path, uint32_t line, const char *key,
	size_t key_len, const char *old_value, size_t old_len, const char *new_value, size_t new_len)
{
	mlr_change_value v = { mlr_strdup(path), line, mlr_strndup(key, key_len),
		mlr_strndup(old_value, old_len), mlr_strndup(new_value, new_len) };
	if (!v.path || !v.key || !v.old_value || !v.new_value || mlr_array_push(&change->values, v) < 0) {
		value_dispose(&v);
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	return 0;
}

static bool same_number(const char *a, size_t alen, const char *b, size_t blen)
{
	char x[64], y[64];
	if (alen >= sizeof(x) || blen >= sizeof(y))
		return alen == blen && !memcmp(a, b, alen);
	memcpy(x, a, alen);
	x[alen] = '\0';
	memcpy(y, b, blen);
	y[blen] = '\0';
	/* 1_000 and 1000 are one value; strtod stops at '_', so compare without them */
	for (char *s = x, *d = x;; s++)
		if (*s != '_' && !(*d++ = *s))
			break;
	for (char *s = y, *d = y;; s++)
		if (*s != '_' && !(*d++ = *s))
			break;
	return strtod(x, NULL) == strtod(y, NULL);
}

/* Pairs, within each hunk, an added assignment of a tunable key with a removed one of the
 * same key: that is a changed value. A key that only appears is a new setting, not a
 * change of behaviour this rule can describe. */
static int scan_values(mlr_change *change, git_patch *patch, const char *path)
{
	removed_value removed[HUNK_PAIRS_MAX];
	size_t hunks = git_patch_num_hunks(patch);
	for (size_t h = 0; h < hunks; h++) {
		const git_diff_hunk *hunk;
		size_t lines, nremoved = 0;
		if (git_patch_get_hunk(&hunk, &lines, patch, h) < 0)
			return git_fail(MLR_EREPO, "cannot read a diff hunk");
		for (int pass = 0; pass < 2; pass++) {
			for (size_t l = 0; l < lines; l++) {
				const git_diff_line *dl;
				if (git_patch_get_line_in_hunk(&dl, patch, h, l) < 0)
					return git_fail(MLR_EREPO, "cannot read a diff line");
				char want = pass == 0 ? GIT_DIFF_LINE_DELETION : GIT_DIFF_LINE_ADDITION;
				const char *k, *v;
				size_t kl, vl;
				if (dl->origin != want ||
					!mlr_change_parse_assignment(dl->content, dl->content_len, &k, &kl, &v, &vl) ||
					!mlr_change_key_is_tunable(k, kl))
					continue;
				if (pass == 0) {
					if (nremoved < HUNK_PAIRS_MAX)
						removed[nremoved++] = (removed_value){ k, kl, v, vl, false };
					continue;
				}
				for (size_t r = 0; r < nremoved; r++) {
					removed_value *rv = &removed[r];
					if (rv->used || rv->key_len != kl || memcmp(rv->key, k, kl))
						continue;
					rv->used = true;
					if (same_number(rv->value, rv->value_len, v, vl))
						break;
					int error = add_value(change, path, dl->new_lineno > 0 ? (uint32_t)dl->new_lineno : 0,
						k, kl, rv->value, rv->value_len, v, vl);
					if (error < 0)
						return error;
					break;
				}
			}
		}
	}
	return 0;
}

/* A blob's bytes, at most VALUE_FILE_MAX; NULL when missing or larger. */
static char *read_blob(size_t *len, git_repository *repo, const git_oid *id)
{
	git_blob *blob = NULL;
	char *data = NULL;
	if (git_blob_lookup(&blob, repo, id) < 0) {
		git_error_clear();
		return NULL;
	}
	size_t n = (size_t)git_blob_rawsize(blob);
	if (n <= VALUE_FILE_MAX && (data = malloc(n + 1))) {
		memcpy(data, git_blob_rawcontent(blob), n);
		data[n] = '\0';
		*len = n;
	}
	git_blob_free(blob);
	return data;
}

/* A work-tree file's bytes (never through a symlink), at most VALUE_FILE_MAX. */
static char *read_workdir(size_t *len, git_repository *repo, const char *path)
{
	const char *wd = git_repository_workdir(repo);
	mlr_buf full = MLR_BUF_INIT;
	mlr_buf_printf(&full, "%s%s", wd ? wd : "", path);
	int fd = wd && !full.oom ? open(full.ptr, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
	mlr_buf_dispose(&full);
	if (fd < 0)
		return NULL;
	mlr_buf b = MLR_BUF_INIT;
	char chunk[16384];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0 && b.len <= VALUE_FILE_MAX)
		mlr_buf_put(&b, chunk, (size_t)n);
	close(fd);
	if (n < 0 || b.len > VALUE_FILE_MAX) {
		mlr_buf_dispose(&b);
		return NULL;
	}
	*len = b.len;
	mlr_buf_puts(&b, "");
	return mlr_buf_detach(&b);
}

/* Whether a modified Python file's code changed, or only its comments and docstrings. */
static bool python_code_changed(git_repository *repo, const git_diff_delta *d, bool new_from_workdir)
{
	size_t alen = 0, blen = 0;
	char *a = read_blob(&alen, repo, &d->old_file.id);
	char *b = new_from_workdir ? read_workdir(&blen, repo, d->new_file.path)
				   : read_blob(&blen, repo, &d->new_file.id);
	bool changed = !a || !b || mlr_change_py_code_differs(a, alen, b, blen);
	free(a);
	free(b);
	return changed;
}

static int add_delta(mlr_change *change, git_repository *repo, git_diff *diff, size_t idx,
	const mlr_options *opts, bool new_from_workdir)
{
	const git_diff_delta *d = git_diff_get_delta(diff, idx);
	mlr_change_status status;
	switch (d->status) {
	case GIT_DELTA_ADDED:
	case GIT_DELTA_UNTRACKED:
		status = MLR_CHANGE_ADDED;
		break;
	case GIT_DELTA_DELETED:
		status = MLR_CHANGE_DELETED;
		break;
	case GIT_DELTA_MODIFIED:
	case GIT_DELTA_TYPECHANGE:
	case GIT_DELTA_CONFLICTED:
		status = MLR_CHANGE_MODIFIED;
		break;
	case GIT_DELTA_RENAMED:
	case GIT_DELTA_COPIED:
		status = MLR_CHANGE_RENAMED;
		break;
	default:
		return 0;
	}
	const char *path = status == MLR_CHANGE_DELETED ? d->old_file.path : d->new_file.path;
	const char *old_path = status == MLR_CHANGE_ADDED ? d->new_file.path : d->old_file.path;
	if (!path || !old_path)
		return 0;
	uint16_t mode = status == MLR_CHANGE_DELETED ? d->old_file.mode : d->new_file.mode;
	if (mode == GIT_FILEMODE_COMMIT || (!opts->include_vendored && mlr_path_is_vendored(path)))
		return 0;
	mlr_change_entry e = { mlr_strdup(path), mlr_strdup(old_path), status,
		mlr_file_kind_of_path(path), true };
	if (e.kind == MLR_KIND_PYTHON && (status == MLR_CHANGE_MODIFIED || status == MLR_CHANGE_RENAMED))
		e.code_changed = python_code_changed(repo, d, new_from_workdir);
	if (!e.path || !e.old_path || mlr_array_push(&change->entries, e) < 0) {
		entry_dispose(&e);
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	if (status == MLR_CHANGE_DELETED || status == MLR_CHANGE_ADDED || !holds_values(path, e.kind))
		return 0;
	if (d->new_file.size > VALUE_FILE_MAX || d->old_file.size > VALUE_FILE_MAX)
		return 0;
	git_patch *patch = NULL;
	if (git_patch_from_diff(&patch, diff, idx) < 0)
		return git_fail(MLR_EREPO, "cannot diff a changed file");
	int error = patch ? scan_values(change, patch, path) : 0;
	git_patch_free(patch);
	return error;
}

int mlr_change_compute(mlr_change **out, git_repository *repo, git_tree *base_tree,
	git_tree *after_tree, const mlr_options *opts)
{
	int error;
	git_diff *diff = NULL;
	mlr_change *change = NULL;
	git_diff_options dopts;
	git_diff_find_options fopts;

	*out = NULL;
	git_diff_options_init(&dopts, GIT_DIFF_OPTIONS_VERSION);
	dopts.flags = GIT_DIFF_IGNORE_SUBMODULES;
	dopts.context_lines = 0;
	dopts.max_size = VALUE_FILE_MAX;
	bool workdir = !after_tree && opts->source != MLR_SOURCE_STAGED;
	if (after_tree) {
		error = git_diff_tree_to_tree(&diff, repo, base_tree, after_tree, &dopts);
	} else if (opts->source == MLR_SOURCE_STAGED) {
		error = git_diff_tree_to_index(&diff, repo, base_tree, NULL, &dopts);
	} else {
		dopts.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
		error = git_diff_tree_to_workdir_with_index(&diff, repo, base_tree, &dopts);
	}
	if (error < 0) {
		error = git_fail(MLR_EREPO, "cannot diff against the base");
		goto cleanup;
	}
	git_diff_find_options_init(&fopts, GIT_DIFF_FIND_OPTIONS_VERSION);
	/* untracked files are additions too: a file moved but not yet added is a rename */
	fopts.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_FOR_UNTRACKED;
	if (git_diff_find_similar(diff, &fopts) < 0) {
		error = git_fail(MLR_EREPO, "cannot detect renames");
		goto cleanup;
	}
	if (!(change = calloc(1, sizeof(*change)))) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	size_t n = git_diff_num_deltas(diff);
	for (size_t i = 0; i < n; i++)
		if ((error = add_delta(change, repo, diff, i, opts, workdir)) < 0)
			goto cleanup;
	if (change->entries.len > 1)
		qsort(change->entries.items, change->entries.len, sizeof(mlr_change_entry), entry_cmp);
	if (change->values.len > 1)
		qsort(change->values.items, change->values.len, sizeof(mlr_change_value), value_cmp);
	*out = change;
	change = NULL;
	error = 0;

cleanup:
	mlr_change_free(change);
	git_diff_free(diff);
	return error;
}
