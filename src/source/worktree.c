#include "source/source_int.h"
#include "source/untracked.h"

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

static bool time_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Is the index entry's blob id the id of the file on disk? Git's answer (read-cache.c):
 * the stat data the index recorded still matches, and the entry is not racily clean — a
 * file modified in the same timestamp tick as the index was written can match its old
 * stat data, so a file not older than the index is checked by content, never trusted.
 * An entry git "smudged" (size 0 for a racily clean file) matches only the empty blob. */
static bool stat_matches(const git_index_entry *e, const struct stat *st,
	const struct timespec *index_mtime)
{
	static const git_oid empty_blob = { { 0xe6, 0x9d, 0xe2, 0x9b, 0xb2, 0xd1, 0xd6, 0x43, 0x4b, 0x8b,
		0x29, 0xae, 0x77, 0x5a, 0xd8, 0xc2, 0xe4, 0x8c, 0x53, 0x91 } };
	if (!e || !index_mtime || (e->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD))
		return false;
	if (e->file_size != (uint32_t)st->st_size || e->ino != (uint32_t)st->st_ino ||
	    e->mtime.seconds != (int32_t)st->st_mtim.tv_sec ||
	    e->mtime.nanoseconds != (uint32_t)st->st_mtim.tv_nsec ||
	    e->ctime.seconds != (int32_t)st->st_ctim.tv_sec ||
	    e->ctime.nanoseconds != (uint32_t)st->st_ctim.tv_nsec)
		return false;
	if (e->file_size == 0 && !git_oid_equal(&e->id, &empty_blob))
		return false;
	return time_before(&st->st_mtim, index_mtime);
}

/* Adds path if it is a regular file on disk; symlinks, submodules and other oddities
 * become notes, a vanished file is skipped silently. e is the index entry of a tracked
 * file (NULL for an untracked one); index_mtime is NULL when no entry may be trusted. */
static int add_disk_file(mlr_source *src, mlr_buf *full, const char *path,
	const git_index_entry *e, const struct timespec *index_mtime, mlr_note_array *notes)
{
	struct stat st;
	size_t rootlen = full->len;
	uint32_t index_mode = e ? e->mode : 0;
	/* a conflicted path has no one blob id: no hint at all */
	const unsigned char *oid = e && git_index_entry_stage(e) == 0 ? e->id.id : NULL;

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
	size_t before = src->files.len;
	int error = mlr_source__add_file(src, path, oid, true, (uint64_t)st.st_size, mode);
	if (error == 0 && src->files.len > before)
		src->files.items[src->files.len - 1].oid_current = oid && stat_matches(e, &st, index_mtime);
	return error;
}

static bool same_stat(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static int list_tracked(mlr_source *src, git_index *index, const struct timespec *index_mtime,
	mlr_buf *full, mlr_note_array *notes)
{
	const char *last = NULL;
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
		int error = add_disk_file(src, full, e->path, e, index_mtime, notes);
		if (error < 0)
			return error;
	}
	return 0;
}

/* --files: the paths asked for, looked up rather than listed, so that a pre-commit run costs
 * the same in a repository of a hundred files or of a hundred thousand (the index is still
 * read whole: libgit2 has no other way). */
static int list_only(mlr_source *src, git_repository *repo, git_index *index,
	const struct timespec *index_mtime, mlr_buf *full, mlr_note_array *notes)
{
	for (size_t i = 0; i < src->only_count; i++) {
		const char *p = src->only[i];
		size_t pos;
		if (!src->include_vendored && mlr_path_is_vendored(p))
			continue;
		const git_index_entry *e = git_index_find(&pos, index, p) == 0 ? git_index_get_byindex(index, pos) : NULL;
		int ignored = 0;
		/* an untracked path counts unless ignored, as in the full listing */
		if (!e && git_ignore_path_is_ignored(&ignored, repo, p) == 0 && ignored)
			continue;
		int error = add_disk_file(src, full, p, e, index_mtime, notes);
		if (error < 0)
			return error;
	}
	return 0;
}

typedef struct {
	mlr_source *src;
	mlr_buf *full;
	mlr_note_array *notes;
} untracked_ctx;

static int add_untracked(void *payload, const char *path, bool nested_repo)
{
	untracked_ctx *u = payload;
	if (nested_repo)
		return mlr_source__add_note(u->notes, path, "nested repository: not linted");
	return add_disk_file(u->src, u->full, path, NULL, NULL, u->notes);
}

int mlr_source__list_worktree(mlr_source *src, git_repository *repo, mlr_note_array *notes)
{
	int error;
	git_index *index = NULL;
	mlr_buf full = MLR_BUF_INIT, index_path = MLR_BUF_INIT;
	struct stat before, after;

	mlr_buf_puts(&full, src->root);
	mlr_buf_putc(&full, '/');
	/* The index file's time decides which entries are racily clean. Stat it before and
	 * after reading: an index rewritten meanwhile vouches for no entry (the files are
	 * hashed). */
	mlr_buf_printf(&index_path, "%sindex", git_repository_path(repo));
	if (full.oom || index_path.oom) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	bool stat_ok = stat(index_path.ptr, &before) == 0;
	if (git_repository_index(&index, repo) < 0) {
		error = mlr_source__git_error(MLR_EREPO, "cannot read the index");
		goto cleanup;
	}
	stat_ok = stat_ok && stat(index_path.ptr, &after) == 0 && same_stat(&before, &after);
	if (src->only) {
		error = list_only(src, repo, index, stat_ok ? &after.st_mtim : NULL, &full, notes);
		goto cleanup;
	}
	if ((error = list_tracked(src, index, stat_ok ? &after.st_mtim : NULL, &full, notes)) < 0)
		goto cleanup;
	untracked_ctx u = { src, &full, notes };
	error = mlr_source__walk_untracked(repo, index, src->root, src->include_vendored, add_untracked, &u);

cleanup:
	git_index_free(index);
	mlr_buf_dispose(&full);
	mlr_buf_dispose(&index_path);
	return error;
}
