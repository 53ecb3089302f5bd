/*
 * The analysis cache (docs/cache.md): what each file's analysis gave, and what the
 * repository checks gave, kept in the repository's Git directory so that a run over
 * unchanged content restores results instead of computing them.
 *
 * The engine calls it at four points, each a no-op when the run is not cached (the cache
 * is NULL: --no-cache, --history, a plain directory):
 *
 *   mlr_cache_open            before the workers: compute the run key, read the file
 *   mlr_cache_file_lookup     first thing in a worker's analysis of a file; true when the
 *   mlr_cache_file_store        file's results were restored, else the store at the end
 *                               of that analysis records them
 *   mlr_cache_early_begin     before the workers: the key of the checks that read no facts
 *                               (they run beside the workers)
 *   mlr_cache_repo_begin      before the repository checks: compute the repository key,
 *                               complete the restored files' facts if the checks run
 *   mlr_cache_repo_check        run one check, or restore what it gave
 *   mlr_cache_save            after them: write what this run used and found
 *
 * Restored results are exactly what the analysis would give: the same findings, notes,
 * facts and byte counts, so reports are byte-identical warm or cold. Workers touch only
 * their own file's slots; nothing takes a lock.
 */
#ifndef MLR_CACHE_CACHE_H
#define MLR_CACHE_CACHE_H

#include "engine/analyze.h"

typedef struct mlr_cache mlr_cache;

/* The cache for a run over src's files (which must stay put until mlr_cache_free), or
 * NULL when the run is not cached. Never fails: a cache that cannot be read is empty. */
mlr_cache *mlr_cache_open(const mlr_options *opts, const mlr_source *src, const mlr_file_array *files);
/* Prints the one-line summary when MLREADY_CACHE_DEBUG is set, then frees. */
void mlr_cache_free(mlr_cache *cache);

/* Whether the file at index is restored from the cache (known from the open on): the
 * engine compiles the rules' queries only when a Python file is not. */
bool mlr_cache_restored(const mlr_cache *cache, size_t index);

/* One file's pass through the cache, from lookup to store. */
typedef struct {
	mlr_cache *cache; /* NULL: nothing to store for this file */
	size_t findings;  /* the worker's arrays before the file */
	size_t notes;
	uint64_t bytes, parsed_bytes;
} mlr_cache_probe;

/* Looks the file up by (path, content id, size, tracked). A work-tree file whose index
 * entry cannot be trusted (modified, untracked, racily clean) is read to compute its id:
 * that read is handed back in *data, *len, *truncated for the analysis to use (the caller
 * frees *data). Returns true when the results were restored into the worker and the
 * file's facts (the analysis must then stop). */
bool mlr_cache_file_lookup(mlr_cache_probe *probe, mlr_worker *w, size_t index, char **data,
	size_t *len, bool *truncated);
/* Records what the analysis added since the lookup. */
void mlr_cache_file_store(const mlr_cache_probe *probe, mlr_worker *w, size_t index);

/* Computes the early checks' key (the repository key without the files' contents: they
 * read no facts) and looks it up, before the workers start. True when their results are
 * restored: then they need no thread of their own. */
bool mlr_cache_early_begin(mlr_cache *cache);
/* Computes the repository key (cache/key.h) and looks it up. When the checks are to run,
 * completes the facts of the restored files (only their flags are restored at first: a
 * warm run never reads the rest). Returns 0, or MLR_ENOMEM. */
int mlr_cache_repo_begin(mlr_cache *cache, mlr_file_facts *facts);
/* Runs rule's repository check on ctx — or, on a hit, appends what it gave last time and
 * sets ctx->assessed alike. cache may be NULL. An early check (rule->no_facts) may run on
 * its own thread while the workers and the other checks use the cache. */
void mlr_cache_repo_check(mlr_cache *cache, mlr_repo_ctx *ctx, const mlr_rule *rule);

/* Writes the cache file when the run found anything new: the records it used or made,
 * plus those used by one of the last few saves (MLR_CACHE_KEEP_SAVES); older ones are
 * dropped. A directory that cannot be written leaves the run uncached, silently. */
void mlr_cache_save(mlr_cache *cache);

/* An unused record survives this many saves (a pre-commit run on the index and a run on
 * the work tree each keep the other's results). */
#define MLR_CACHE_KEEP_SAVES 3
/* Cache files of other keys (another config) kept beside the current one. */
#define MLR_CACHE_KEEP_FILES 4

#endif
