#include "source/source_int.h"

#include "core/error.h"

#include <string.h>

/* The index as it would be committed: content comes from the object database by each
 * entry's blob id, never from the working file. */
int mlr_source__list_staged(mlr_source *src, git_repository *repo, mlr_note_array *notes)
{
	int error;
	git_index *index = NULL;
	git_odb *odb = NULL;
	const char *last_conflict = NULL;

	if (git_repository_index(&index, repo) < 0) {
		error = mlr_source__git_error(MLR_EREPO, "cannot read the index");
		goto cleanup;
	}
	if (git_repository_odb(&odb, repo) < 0) {
		error = mlr_source__git_error(MLR_EREPO, "cannot open the object database");
		goto cleanup;
	}
	size_t n = git_index_entrycount(index);
	for (size_t i = 0; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(index, i);
		/* --files first: a bsearch, where the vendored test compares every path */
		if (!e || !mlr_source__wanted(src, e->path) ||
		    (!src->include_vendored && mlr_path_is_vendored(e->path)))
			continue;
		if (git_index_entry_stage(e) != 0) {
			if (last_conflict && strcmp(last_conflict, e->path) == 0)
				continue;
			last_conflict = e->path;
			error = mlr_source__add_note(notes, e->path, "merge conflict: not linted");
			if (error < 0)
				goto cleanup;
			continue;
		}
		if ((error = mlr_source__note_special(notes, e->path, e->mode)) != 0) {
			if (error < 0)
				goto cleanup;
			continue;
		}
		error = mlr_source__add_file(src, e->path, e->id.id, false,
			mlr_source__blob_size(odb, &e->id), e->mode);
		if (error < 0)
			goto cleanup;
	}
	error = 0;

cleanup:
	git_odb_free(odb);
	git_index_free(index);
	return error;
}
