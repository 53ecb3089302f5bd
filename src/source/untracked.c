#include "source/untracked.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"

/*
 * The untracked files of a work tree, as `git status --untracked-files=all` lists them,
 * found without git_status_list_new: status also compares every tracked file with the
 * index, which costs an lstat per file by full path — on huggingface/diffusers 13 ms of a
 * warm run's budget, spent again on what the tracked listing has just examined. Here a
 * tracked file costs a readdir entry and a binary search in the index; only what is not
 * tracked is checked against the ignore rules (libgit2's, so .gitignore files at every
 * level, .git/info/exclude and core.excludesFile all count).
 *
 * Git's rules kept: a directory holding no tracked file is skipped whole when it is
 * ignored (nothing inside can be re-included), reported as a nested repository when it
 * holds a .git, walked otherwise; a gitlink (submodule) is never entered; sockets, FIFOs
 * and devices are not files; `.git` is never entered. Every directory is opened with
 * O_NOFOLLOW relative to its parent, so a symlink never leads the walk out of the tree.
 */

/* Each level holds one directory fd open; this stays far below any fd limit. */
#define MAX_DEPTH 128

typedef struct {
	git_repository *repo;
	git_index *index;
	bool include_vendored;
	mlr_untracked_fn fn;
	void *payload;
	mlr_buf path; /* the directory being walked, relative, '/'-terminated or empty */
} walker;

static bool is_tracked(walker *w, const char *path)
{
	return git_index_find(NULL, w->index, path) == 0;
}

static bool has_tracked_below(walker *w, const char *dir_slash)
{
	return git_index_find_prefix(NULL, w->index, dir_slash) == 0;
}

static bool is_ignored(walker *w, const char *path)
{
	int ignored = 0;
	if (git_ignore_path_is_ignored(&ignored, w->repo, path) < 0) {
		git_error_clear();
		return false; /* as status would: an unreadable ignore file ignores nothing */
	}
	return ignored != 0;
}

static int walk(walker *w, int dirfd, int depth);

static int visit_dir(walker *w, int dirfd, const char *name, int depth)
{
	if (!w->include_vendored && mlr_source__dirname_is_vendored(name, strlen(name)))
		return 0;
	if (is_tracked(w, w->path.ptr))
		return 0; /* a gitlink: a submodule's work tree is not this repository's */
	mlr_buf_putc(&w->path, '/');
	if (w->path.oom)
		return mlr_error_set(MLR_ENOMEM, "out of memory listing untracked files");
	bool tracked_below = has_tracked_below(w, w->path.ptr);
	w->path.ptr[--w->path.len] = '\0';
	if (!tracked_below && is_ignored(w, w->path.ptr))
		return 0;
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0; /* vanished, or not ours to read: status would not list it either */
	if (!tracked_below && faccessat(fd, ".git", F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
		close(fd);
		return w->fn(w->payload, w->path.ptr, true);
	}
	if (depth >= MAX_DEPTH) {
		close(fd);
		return 0;
	}
	mlr_buf_putc(&w->path, '/');
	return walk(w, fd, depth + 1); /* walk closes fd */
}

static int visit(walker *w, int dirfd, const char *name, unsigned char type, int depth)
{
	size_t base = w->path.len;
	int error = 0;

	mlr_buf_puts(&w->path, name);
	if (w->path.oom)
		return mlr_error_set(MLR_ENOMEM, "out of memory listing untracked files");
	if (type == DT_UNKNOWN) {
		struct stat st;
		if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			goto cleanup;
		type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : S_ISLNK(st.st_mode) ? DT_LNK : DT_FIFO;
	}
	if (type == DT_DIR)
		error = visit_dir(w, dirfd, name, depth);
	else if ((type == DT_REG || type == DT_LNK) && !is_tracked(w, w->path.ptr) && !is_ignored(w, w->path.ptr))
		error = w->fn(w->payload, w->path.ptr, false);

cleanup:
	w->path.len = base;
	if (w->path.ptr)
		w->path.ptr[base] = '\0';
	return error < 0 ? error : 0;
}

static int walk(walker *w, int dirfd, int depth)
{
	int error = 0;
	DIR *d = fdopendir(dirfd);
	if (!d) {
		close(dirfd);
		return 0;
	}
	for (struct dirent *de; (de = readdir(d)) != NULL;) {
		const char *name = de->d_name;
		if (!strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, ".git"))
			continue;
		if ((error = visit(w, dirfd, name, de->d_type, depth)) < 0)
			break;
	}
	closedir(d);
	return error;
}

int mlr_source__walk_untracked(git_repository *repo, git_index *index, const char *root,
	bool include_vendored, mlr_untracked_fn fn, void *payload)
{
	walker w = { repo, index, include_vendored, fn, payload, MLR_BUF_INIT };
	mlr_buf_puts(&w.path, "");
	if (w.path.oom)
		return mlr_error_set(MLR_ENOMEM, "out of memory listing untracked files");
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		mlr_buf_dispose(&w.path);
		return mlr_error_set(MLR_EREPO, "cannot list untracked files: %s: %s", root, strerror(errno));
	}
	int error = walk(&w, fd, 0);
	mlr_buf_dispose(&w.path);
	return error;
}
