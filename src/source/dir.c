#include "source/source_int.h"

#include "core/buf.h"
#include "core/error.h"
#include "source/ignore.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * A plain directory: readdir + fstatat(AT_SYMLINK_NOFOLLOW) and openat(O_NOFOLLOW), so no
 * symlink is ever followed and a swapped-in symlink cannot lead the walk out of the root.
 * `.git` is skipped wherever it appears; the top-level .gitignore is honoured (ignore.c).
 */

/* Each level holds one directory fd open; this stays far below any fd limit. */
#define DIR_MAX_DEPTH 128

typedef struct {
	mlr_source *src;
	mlr_note_array *notes;
	mlr_ignore *ignore;
	mlr_buf path; /* relative path of the directory being walked, '/'-terminated or empty */
} dir_walk;

static int walk(dir_walk *w, int dirfd, int depth);

static int visit(dir_walk *w, int dirfd, const char *name, int depth)
{
	struct stat st;
	size_t base = w->path.len;
	int error = 0;

	mlr_buf_puts(&w->path, name);
	if (w->path.oom)
		return mlr_error_set(MLR_ENOMEM, "out of memory walking the directory");
	const char *rel = w->path.ptr;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno != ENOENT)
			error = mlr_source__add_note(w->notes, rel, "cannot stat: %s", strerror(errno));
		goto cleanup;
	}
	bool is_dir = S_ISDIR(st.st_mode);
	if (mlr_ignore_match(w->ignore, rel, is_dir))
		goto cleanup;
	if (S_ISLNK(st.st_mode)) {
		error = mlr_source__note_special(w->notes, rel, GIT_FILEMODE_LINK);
		goto cleanup;
	}
	if (is_dir) {
		if (!w->src->include_vendored && mlr_source__dirname_is_vendored(name, strlen(name)))
			goto cleanup;
		if (depth >= DIR_MAX_DEPTH) {
			error = mlr_source__add_note(w->notes, rel, "directory nested too deep: not walked");
			goto cleanup;
		}
		int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			error = mlr_source__add_note(w->notes, rel, "cannot open directory: %s",
				strerror(errno));
			goto cleanup;
		}
		mlr_buf_putc(&w->path, '/');
		error = walk(w, fd, depth + 1); /* walk closes fd */
		goto cleanup;
	}
	if (!S_ISREG(st.st_mode)) {
		error = mlr_source__add_note(w->notes, rel, "not a regular file: skipped");
		goto cleanup;
	}
	error = mlr_source__add_file(w->src, rel, NULL, true, (uint64_t)st.st_size,
		(st.st_mode & 0111) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB);

cleanup:
	w->path.len = base;
	if (w->path.ptr)
		w->path.ptr[base] = '\0';
	return error < 0 ? error : 0;
}

static int walk(dir_walk *w, int dirfd, int depth)
{
	int error = 0;
	DIR *d = fdopendir(dirfd);

	if (!d) {
		error = mlr_source__add_note(w->notes, w->path.len ? mlr_buf_cstr(&w->path) : ".",
			"cannot read directory: %s", strerror(errno));
		close(dirfd);
		return error;
	}
	struct dirent *de;
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		const char *name = de->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strcmp(name, ".git") == 0)
			continue;
		if ((error = visit(w, dirfd, name, depth)) < 0)
			goto cleanup;
		errno = 0;
	}
	if (errno != 0)
		error = mlr_source__add_note(w->notes, w->path.len ? mlr_buf_cstr(&w->path) : ".",
			"directory listing cut short: %s", strerror(errno));

cleanup:
	closedir(d);
	return error;
}

int mlr_source__list_dir(mlr_source *src, mlr_note_array *notes)
{
	int error;
	dir_walk w = { src, notes, NULL, MLR_BUF_INIT };

	int fd = open(src->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return mlr_error_set(MLR_EIO, "%s: %s", src->root, strerror(errno));
	if ((error = mlr_ignore_load(&w.ignore, fd)) < 0) {
		close(fd);
		goto cleanup;
	}
	error = walk(&w, fd, 0);

cleanup:
	mlr_ignore_free(w.ignore);
	mlr_buf_dispose(&w.path);
	return error;
}
