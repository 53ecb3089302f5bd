/* Private to src/source: the source object and the helpers its walkers share. */
#ifndef MLR_SOURCE_INT_H
#define MLR_SOURCE_INT_H

#include "source/source.h"

#include <git2.h>

struct mlr_source {
	mlr_file_array files;
	char *describe;
	char *root;   /* work tree or directory (no trailing '/'), git dir when bare */
	char *gitdir; /* NULL for a plain directory */
	bool include_vendored;
	char **only;       /* --files: the only paths to list, sorted; NULL lists everything */
	size_t only_count;
	bool git_inited;
};

/* Appends a file; the kind comes from its path. oid may be NULL. */
int mlr_source__add_file(mlr_source *src, const char *path, const unsigned char *oid,
	bool from_worktree, uint64_t size, uint32_t mode);
/* False when --files names paths and path is not one of them: the walker skips it. */
bool mlr_source__wanted(const mlr_source *src, const char *path);
/* Appends a note to notes (which may be NULL: the note is dropped). */
int mlr_source__add_note(mlr_note_array *notes, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Notes symlinks and submodules; returns 1 when mode is one of them (the caller skips
 * the entry), 0 for an ordinary blob, or a negative error. */
int mlr_source__note_special(mlr_note_array *notes, const char *path, uint32_t mode);
/* Describes the last libgit2 error once: "<what>: <libgit2 message>". */
int mlr_source__git_error(int code, const char *what);
/* Blob size from the object header, without inflating the blob; 0 when it is missing. */
uint64_t mlr_source__blob_size(git_odb *odb, const git_oid *oid);
bool mlr_source__dirname_is_vendored(const char *name, size_t len);

int mlr_source__list_worktree(mlr_source *src, git_repository *repo, mlr_note_array *notes);
/* rev NULL lists HEAD, where an unborn HEAD is an empty file set, not an error. */
int mlr_source__list_rev(mlr_source *src, git_repository *repo, const char *rev,
	mlr_note_array *notes);
int mlr_source__list_staged(mlr_source *src, git_repository *repo, mlr_note_array *notes);
int mlr_source__list_dir(mlr_source *src, mlr_note_array *notes);
/* Every unique blob reachable from any ref, with the commit that introduced it. */
int mlr_source__list_history(mlr_source *src, git_repository *repo, mlr_note_array *notes);

#endif
