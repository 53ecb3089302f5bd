/* The work tree's untracked, not ignored files (untracked.c). Private to src/source. */
#ifndef MLR_SOURCE_UNTRACKED_H
#define MLR_SOURCE_UNTRACKED_H

#include "source/source_int.h"

/* Called for each untracked file (symlinks included) and each untracked directory that
 * holds a repository of its own (nested_repo, the path without a trailing '/'). */
typedef int (*mlr_untracked_fn)(void *payload, const char *path, bool nested_repo);

/* Walks the work tree at root against index. Returns 0, or the first negative value fn
 * returned, or MLR_ENOMEM / MLR_EREPO. Paths come in directory order, not sorted. */
int mlr_source__walk_untracked(git_repository *repo, git_index *index, const char *root,
	bool include_vendored, mlr_untracked_fn fn, void *payload);

#endif
