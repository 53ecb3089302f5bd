/*
 * Git history for the repository checks, through libgit2 only: when did a path last
 * change, which version tag is the newest, which large blobs live only in history.
 *
 * Every walk is bounded (MLR_HISTORY_MAX_COMMITS, MLR_HISTORY_MAX_OBJECTS) and says so when
 * it stopped early; a shallow clone simply ends where its history does. Missing objects
 * (partial clones) are skipped, never fatal.
 */
#ifndef MLR_REPO_HISTORY_H
#define MLR_REPO_HISTORY_H

#include <git2.h>

#include "core/oidset.h"
#include "repo/repo.h"

/* First-parent commits one question may walk. */
#define MLR_HISTORY_MAX_COMMITS 20000
/* Trees and blobs one history-wide scan may visit. */
#define MLR_HISTORY_MAX_OBJECTS 3000000

typedef struct mlr_history mlr_history;

/* Opens the history of the linted commit: HEAD for the work tree and the index, the
 * commit of --rev. MLR_ENOTFOUND when there is none (a plain directory, an unborn HEAD,
 * --history, a revision that is not a commit); MLR_EREPO when the repository cannot be
 * opened. */
int mlr_history_open(mlr_history **out, const mlr_repo_ctx *ctx);
void mlr_history_free(mlr_history *h);
git_repository *mlr_history_repo(mlr_history *h);
const git_oid *mlr_history_head(const mlr_history *h);
int64_t mlr_history_head_time(const mlr_history *h);

/* Called for each first-parent commit, newest first (index 0 is the linted commit), with
 * changed[i] telling whether paths[i] differs from the commit's first parent (added or
 * removed counts; for the root commit, "present"). Return false to stop. */
typedef bool (*mlr_history_fn)(void *payload, uint32_t index, const git_commit *commit,
	const bool *changed);

typedef struct {
	uint32_t walked;  /* commits visited */
	bool bounded;     /* stopped at max_commits, not by the callback or the root */
} mlr_walk_stats;

int mlr_history_walk(mlr_history *h, const char *const *paths, size_t n, uint32_t max_commits,
	mlr_history_fn fn, void *payload, mlr_walk_stats *stats);

/* The newest release tag reachable from the linted commit: a name like v1.2, 1.2.3,
 * release-2.0 or v20250625, not a pre-release (rc, alpha, beta, dev). *name is the tag without
 * "refs/tags/" (caller frees); *version points into it past any non-digit prefix.
 * MLR_ENOTFOUND when there is none. */
int mlr_history_latest_release(char **name, const char **version, int64_t *time, mlr_history *h);

/* A blob at or over a size threshold, found in history. */
typedef struct {
	git_oid id;
	uint64_t size;
	char *path;     /* one path it had */
	git_oid commit; /* a commit that holds it */
} mlr_history_blob;

typedef mlr_array(mlr_history_blob) mlr_history_blob_array;

/* Turns libgit2's object cache on or off. It is a process-wide switch: flip it only while
 * no other thread reads Git objects. A scan that reads each tree once gains nothing from
 * the cache and pays for it: up to 40 MB of parsed trees on huggingface/diffusers, and CPU,
 * as its eviction rescans the table from the start. */
void mlr_history_object_cache(bool on);

/* Every blob of at least min_size bytes reachable from any ref or the linted commit, except
 * those in skip (the linted tree's blobs). Each blob once, sorted by size (largest first),
 * at most max_results. It reads each tree once: run it with the object cache off. */
int mlr_history_large_blobs(mlr_history_blob_array *out, mlr_history *h, uint64_t min_size,
	const mlr_oidset *skip, size_t max_results, mlr_walk_stats *stats);
void mlr_history_blobs_dispose(mlr_history_blob_array *blobs);

#endif
