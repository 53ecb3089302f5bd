#include "source/source_int.h"

#include "core/buf.h"
#include "core/error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool mlr_source__wanted(const mlr_source *src, const char *path)
{
	return !src->only ||
		bsearch(&path, src->only, src->only_count, sizeof(char *), str_cmp) != NULL;
}

/* --files: a sorted copy of the paths, without a leading "./" (pre-commit passes them
 * repository-relative, a user may type ./train.py). */
static int set_only(mlr_source *src, const mlr_options *opts)
{
	if (!opts->only_paths)
		return 0;
	src->only = calloc(opts->only_path_count ? opts->only_path_count : 1, sizeof(char *));
	if (!src->only)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	for (size_t i = 0; i < opts->only_path_count; i++) {
		const char *p = opts->only_paths[i];
		while (p[0] == '.' && p[1] == '/')
			p += 2;
		if (!(src->only[src->only_count++] = mlr_strdup(p)))
			return mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	if (src->only_count > 1)
		qsort(src->only, src->only_count, sizeof(char *), str_cmp);
	return 0;
}

int mlr_source__add_file(mlr_source *src, const char *path, const unsigned char *oid,
	bool from_worktree, uint64_t size, uint32_t mode)
{
	if (!mlr_source__wanted(src, path))
		return 0;
	mlr_file f;
	memset(&f, 0, sizeof(f));
	f.path = mlr_strdup(path);
	if (!f.path)
		return mlr_error_set(MLR_ENOMEM, "out of memory listing %s", path);
	if (oid) {
		memcpy(f.oid, oid, sizeof(f.oid));
		f.has_oid = true;
	}
	f.from_worktree = from_worktree;
	f.size = size;
	f.mode = mode;
	f.kind = mlr_file_kind_of_path(path);
	if (mlr_array_push(&src->files, f) < 0) {
		free(f.path);
		return mlr_error_set(MLR_ENOMEM, "out of memory listing %s", path);
	}
	return 0;
}

int mlr_source__add_note(mlr_note_array *notes, const char *path, const char *fmt, ...)
{
	if (!notes)
		return 0;
	mlr_buf msg = MLR_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	mlr_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	mlr_note n;
	n.message = mlr_buf_detach(&msg);
	n.path = mlr_strdup(path);
	if (!n.message || !n.path || mlr_array_push(notes, n) < 0) {
		free(n.message);
		free(n.path);
		return mlr_error_set(MLR_ENOMEM, "out of memory adding a note");
	}
	return 0;
}

int mlr_source__note_special(mlr_note_array *notes, const char *path, uint32_t mode)
{
	int error;
	if (mode == GIT_FILEMODE_LINK)
		error = mlr_source__add_note(notes, path, "symlink: not followed");
	else if (mode == GIT_FILEMODE_COMMIT)
		error = mlr_source__add_note(notes, path, "submodule: not linted");
	else
		return 0;
	return error < 0 ? error : 1;
}

int mlr_source__git_error(int code, const char *what)
{
	const git_error *e = git_error_last();
	return mlr_error_set(code, "%s: %s", what, e && e->message ? e->message : "libgit2 error");
}

uint64_t mlr_source__blob_size(git_odb *odb, const git_oid *oid)
{
	size_t size = 0;
	git_object_t type;
	if (!odb || git_odb_read_header(&size, &type, odb, oid) < 0)
		return 0;
	return size;
}

static int file_cmp(const void *a, const void *b)
{
	return strcmp(((const mlr_file *)a)->path, ((const mlr_file *)b)->path);
}

/* libgit2 reports directories with a trailing '/'; we show them without one. */
static char *dup_dir(const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	return mlr_strndup(dir, n);
}

static bool has_index_file(const char *gitdir)
{
	struct stat st;
	mlr_buf path = MLR_BUF_INIT;
	mlr_buf_printf(&path, "%sindex", gitdir);
	bool found = !path.oom && stat(path.ptr, &st) == 0 && S_ISREG(st.st_mode);
	mlr_buf_dispose(&path);
	return found;
}

static int open_git(mlr_source *src, git_repository *repo, mlr_source_kind kind,
	const mlr_options *opts, mlr_note_array *notes)
{
	int error;
	bool bare = git_repository_is_bare(repo);
	const char *workdir = git_repository_workdir(repo);

	src->gitdir = mlr_strdup(git_repository_path(repo));
	src->root = dup_dir(bare || !workdir ? git_repository_path(repo) : workdir);
	if (!src->gitdir || !src->root)
		return mlr_error_set(MLR_ENOMEM, "out of memory opening the repository");

	if (kind == MLR_SOURCE_AUTO)
		kind = bare ? MLR_SOURCE_REV : MLR_SOURCE_WORKTREE;
	if (kind == MLR_SOURCE_WORKTREE && bare)
		return mlr_error_set(MLR_EREPO,
			"%s is a bare repository: it has no working tree (use --rev)", src->root);
	/* libgit2 gives a bare repository without an index file an empty one: --staged would
	 * lint nothing and pass. An index file there (made with git --work-tree) is linted. */
	if (kind == MLR_SOURCE_STAGED && bare && !has_index_file(src->gitdir))
		return mlr_error_set(MLR_EUSAGE,
			"%s is a bare repository: it has no index to lint (use --rev)", src->root);

	switch (kind) {
	case MLR_SOURCE_WORKTREE:
		src->describe = mlr_strdup("worktree");
		error = src->describe ? mlr_source__list_worktree(src, repo, notes) : MLR_ENOMEM;
		break;
	case MLR_SOURCE_STAGED:
		src->describe = mlr_strdup("staged");
		error = src->describe ? mlr_source__list_staged(src, repo, notes) : MLR_ENOMEM;
		break;
	case MLR_SOURCE_HISTORY:
		src->describe = mlr_strdup("history");
		error = src->describe ? mlr_source__list_history(src, repo, notes) : MLR_ENOMEM;
		break;
	default:
		/* REV, or AUTO on a bare repository: HEAD, where unborn means empty */
		error = mlr_source__list_rev(src, repo,
			opts->source == MLR_SOURCE_REV ? opts->rev : NULL, notes);
		break;
	}
	if (error == MLR_ENOMEM)
		mlr_error_set(MLR_ENOMEM, "out of memory listing the repository");
	return error;
}

static int open_dir(mlr_source *src, const char *path, mlr_note_array *notes)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return mlr_error_set(errno == ENOENT ? MLR_EUSAGE : MLR_EIO, "%s: %s", path,
			strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return mlr_error_set(MLR_EUSAGE, "%s: not a directory", path);
	src->root = dup_dir(path);
	src->describe = mlr_strdup("directory");
	if (!src->root || !src->describe)
		return mlr_error_set(MLR_ENOMEM, "out of memory opening %s", path);
	return mlr_source__list_dir(src, notes);
}

int mlr_source_open(mlr_source **out, const mlr_options *opts, mlr_note_array *notes)
{
	int error;
	git_repository *repo = NULL;
	mlr_source *src = NULL;
	mlr_options defaults;

	*out = NULL;
	if (!opts) {
		memset(&defaults, 0, sizeof(defaults));
		opts = &defaults;
	}
	const char *path = opts->path && *opts->path ? opts->path : ".";
	mlr_source_kind kind = opts->source;

	if (kind == MLR_SOURCE_REV && (!opts->rev || !*opts->rev)) {
		error = mlr_error_set(MLR_EUSAGE, "--rev needs a revision");
		goto cleanup;
	}
	src = calloc(1, sizeof(*src));
	if (!src) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	src->include_vendored = opts->include_vendored;
	if ((error = set_only(src, opts)) < 0)
		goto cleanup;
	if (git_libgit2_init() < 0) {
		error = mlr_source__git_error(MLR_EREPO, "cannot initialise libgit2");
		goto cleanup;
	}
	src->git_inited = true;
	/* libgit2 keeps up to 256 MiB of parsed objects by default; the history walks of the
	 * repository rules read every tree once and gain nothing from keeping them. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)(16 << 20));
	/* ...and maps pack files in windows of 1 GiB: one window held a whole pack, so no limit
	 * on what is mapped could apply, and MLR813's walk over every tree of a 380 MB pack
	 * kept 180 MB of it resident. 1 MiB windows under a 32 MiB limit bound that, for the
	 * cost of remapping (measured on diffusers: no slower; larger windows remap more).
	 * --history reads every blob of the pack anyway: a higher limit spares it the
	 * remapping. */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)(1 << 20));
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT,
		(size_t)(kind == MLR_SOURCE_HISTORY ? 256 << 20 : 32 << 20));

	if (kind == MLR_SOURCE_DIR) {
		error = open_dir(src, path, notes);
		goto cleanup;
	}

	error = git_repository_open_ext(&repo, path, 0, NULL);
	if (error == GIT_ENOTFOUND && kind == MLR_SOURCE_AUTO) {
		error = open_dir(src, path, notes);
		goto cleanup;
	}
	if (error == GIT_ENOTFOUND) {
		error = mlr_error_set(MLR_EREPO, "%s: not inside a Git repository", path);
		goto cleanup;
	}
	if (error < 0) {
		mlr_buf what = MLR_BUF_INIT;
		mlr_buf_printf(&what, "cannot open the repository at %s", path);
		error = mlr_source__git_error(MLR_EREPO, mlr_buf_cstr(&what));
		mlr_buf_dispose(&what);
		goto cleanup;
	}
	error = open_git(src, repo, kind, opts, notes);

cleanup:
	git_repository_free(repo);
	if (error < 0) {
		mlr_source_free(src);
		return error;
	}
	if (src->files.len > 1)
		qsort(src->files.items, src->files.len, sizeof(mlr_file), file_cmp);
	/* --files: a name that matched nothing is a typo or a deleted file; say so */
	for (size_t i = 0, j = 0; i < src->only_count; i++) {
		if (i && !strcmp(src->only[i], src->only[i - 1]))
			continue;
		while (j < src->files.len && strcmp(src->files.items[j].path, src->only[i]) < 0)
			j++;
		if ((j == src->files.len || strcmp(src->files.items[j].path, src->only[i])) &&
			mlr_source__add_note(notes, src->only[i], "named with --files but not in %s: not linted",
				src->describe ? src->describe : "the source") < 0) {
			mlr_source_free(src);
			return MLR_ENOMEM;
		}
	}
	*out = src;
	return 0;
}

void mlr_source_free(mlr_source *src)
{
	if (!src)
		return;
	for (size_t i = 0; i < src->files.len; i++) {
		free(src->files.items[i].path);
		free(src->files.items[i].commit);
	}
	mlr_array_delete(&src->files);
	for (size_t i = 0; i < src->only_count; i++)
		free(src->only[i]);
	free(src->only);
	free(src->describe);
	free(src->root);
	free(src->gitdir);
	if (src->git_inited)
		git_libgit2_shutdown();
	free(src);
}

const mlr_file_array *mlr_source_files(const mlr_source *src)
{
	return &src->files;
}

const char *mlr_source_describe(const mlr_source *src)
{
	return src->describe;
}

const char *mlr_source_root(const mlr_source *src)
{
	return src->root;
}

const char *mlr_source_gitdir(const mlr_source *src)
{
	return src->gitdir;
}
