#include "source/source_int.h"

#include "core/buf.h"
#include "core/error.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

/*
 * The working tree: tracked files (from the index, content from disk) plus untracked
 * files that are not ignored. lstat never follows a symlink; the reader re-checks every
 * path component when it opens the file.
 */

static uint32_t mode_of_stat(const struct stat *st)
{
	return (st->st_mode & 0111) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
}

/* Adds path if it is a regular file on disk; symlinks, submodules and other oddities
 * become notes, a vanished file is skipped silently. index_mode is 0 for an untracked
 * file. */
static int add_disk_file(mlr_source *src, mlr_buf *full, const char *path,
	const unsigned char *oid, uint32_t index_mode, mlr_note_array *notes)
{
	struct stat st;
	size_t rootlen = full->len;

	if (index_mode == GIT_FILEMODE_LINK || index_mode == GIT_FILEMODE_COMMIT)
		return mlr_source__note_special(notes, path, index_mode) < 0 ? MLR_ENOMEM : 0;

	mlr_buf_puts(full, path);
	if (full->oom)
		return mlr_error_set(MLR_ENOMEM, "out of memory listing %s", path);
	int rc = lstat(full->ptr, &st);
	int saved = errno;
	full->len = rootlen;
	full->ptr[rootlen] = '\0';

	if (rc < 0) {
		if (saved == ENOENT || saved == ENOTDIR)
			return 0;
		return mlr_source__add_note(notes, path, "cannot stat: %s", strerror(saved));
	}
	if (S_ISLNK(st.st_mode))
		return mlr_source__note_special(notes, path, GIT_FILEMODE_LINK) < 0 ? MLR_ENOMEM : 0;
	if (!S_ISREG(st.st_mode))
		return mlr_source__add_note(notes, path, "not a regular file: skipped");

	uint32_t mode = index_mode ? index_mode : mode_of_stat(&st);
	return mlr_source__add_file(src, path, oid, true, (uint64_t)st.st_size, mode);
}

static int list_tracked(mlr_source *src, git_repository *repo, mlr_buf *full,
	mlr_note_array *notes)
{
	int error;
	git_index *index = NULL;
	const char *last = NULL;

	if ((error = git_repository_index(&index, repo)) < 0) {
		error = mlr_source__git_error(MLR_EREPO, "cannot read the index");
		goto cleanup;
	}
	size_t n = git_index_entrycount(index);
	for (size_t i = 0; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(index, i);
		if (!e)
			continue;
		/* a conflicted path has up to three stages; the file on disk is listed once */
		if (last && strcmp(last, e->path) == 0)
			continue;
		last = e->path;
		if (!src->include_vendored && mlr_path_is_vendored(e->path))
			continue;
		/* the oid is only a hint of what is on disk, and no hint at all mid-conflict */
		bool conflicted = git_index_entry_stage(e) != 0;
		error = add_disk_file(src, full, e->path, conflicted ? NULL : e->id.id, e->mode, notes);
		if (error < 0)
			goto cleanup;
	}
	error = 0;

cleanup:
	git_index_free(index);
	return error;
}

static int list_untracked(mlr_source *src, git_repository *repo, mlr_buf *full,
	mlr_note_array *notes)
{
	int error;
	git_status_list *status = NULL;
	git_status_options opts;

	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
	/* no INCLUDE_IGNORED: ignored files stay out */
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (git_status_list_new(&status, repo, &opts) < 0) {
		error = mlr_source__git_error(MLR_EREPO, "cannot list untracked files");
		goto cleanup;
	}

	size_t n = git_status_list_entrycount(status);
	for (size_t i = 0; i < n; i++) {
		const git_status_entry *s = git_status_byindex(status, i);
		if (!s || !(s->status & GIT_STATUS_WT_NEW) || !s->index_to_workdir)
			continue;
		const char *path = s->index_to_workdir->new_file.path;
		if (!path || (!src->include_vendored && mlr_path_is_vendored(path)))
			continue;
		size_t len = strlen(path);
		if (len && path[len - 1] == '/') {
			/* libgit2 stops at an untracked directory only when it is a repository */
			char *dir = mlr_strndup(path, len - 1);
			error = dir ? mlr_source__add_note(notes, dir, "nested repository: not linted")
				    : mlr_error_set(MLR_ENOMEM, "out of memory");
			free(dir);
		} else {
			error = add_disk_file(src, full, path, NULL, 0, notes);
		}
		if (error < 0)
			goto cleanup;
	}
	error = 0;

cleanup:
	git_status_list_free(status);
	return error;
}

int mlr_source__list_worktree(mlr_source *src, git_repository *repo, mlr_note_array *notes)
{
	int error;
	mlr_buf full = MLR_BUF_INIT;

	mlr_buf_puts(&full, src->root);
	mlr_buf_putc(&full, '/');
	if (full.oom) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	if ((error = list_tracked(src, repo, &full, notes)) < 0)
		goto cleanup;
	error = list_untracked(src, repo, &full, notes);

cleanup:
	mlr_buf_dispose(&full);
	return error;
}
