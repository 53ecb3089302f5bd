/* PR mode: the repository, the commit being linted and its merge base with --base. */
#ifndef MLR_DIFF_BASE_H
#define MLR_DIFF_BASE_H

#include <git2.h>

#include "mlready.h"

typedef struct {
	git_repository *repo;
	git_commit *after;      /* HEAD, or --rev */
	git_commit *merge_base;
	bool after_is_rev;      /* the after-tree is a commit (--rev, or a bare repository) */
	char hex[41];           /* the merge base */
	bool inited;
} mlr_diff_base;

/* Opens the repository containing opts->path and finds the merge base of the linted
 * commit and opts->base. Errors name the revision and, in a shallow clone, how to fetch
 * the history. mlr_diff_base_close releases it, also after a failure. */
int mlr_diff_base_open(mlr_diff_base *out, const mlr_options *opts);
void mlr_diff_base_close(mlr_diff_base *b);

/* Reads path from the merge base's tree (--config-from-base reads .mlready.yml so).
 * MLR_ENOTFOUND when the base has no such file. *data is NUL-terminated; caller frees. */
int mlr_diff_base_read(char **data, size_t *len, const mlr_diff_base *b, const char *path);

#endif
