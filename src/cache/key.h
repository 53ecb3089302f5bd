/*
 * What a cached result depends on, as digests (SHA-1, through libgit2's object hashing).
 *
 * The run key names the cache file: the mlready version, a digest of the rule files and
 * the engine's sources taken at build time, the effective configuration (every setting of
 * the loaded .mlready.yml, --select and --ignore included, and the content of every custom
 * rule), and the options that change what one file's analysis gives. Within it, one
 * file's result is found by (path, content id, size, tracked); the repository checks' by
 * the repository key.
 */
#ifndef MLR_CACHE_KEY_H
#define MLR_CACHE_KEY_H

#include "engine/engine.h"

#define MLR_CACHE_KEY_SIZE 20

/* Returns 0, or -1 when it cannot be computed (out of memory): then nothing is cached. */
int mlr_cache_key_run(unsigned char out[MLR_CACHE_KEY_SIZE], const mlr_options *opts);

/* What the repository checks read: the run key, the source, every file's path, kind,
 * mode, size and content id (ids[i] when has_id[i], else the blob id the file holds, else
 * its stat data when that cannot be stale), HEAD, every ref and the shallow and graft
 * files. -1 when a file's identity cannot be pinned down (an untracked file changed within
 * the last second) or the repository cannot be read: the checks then run uncached.
 *
 * With ids NULL, the key of the early checks (those that read no facts): the same, without
 * the files' contents.
 *
 * The files' facts are not hashed: each is what the analysis of that content under the
 * run key gives, so the ids stand for them — provided every analysis of the run finished
 * and gave a repeatable result, which the caller checks (src/cache/cache.c). */
int mlr_cache_key_repo(unsigned char out[MLR_CACHE_KEY_SIZE], const unsigned char run_key[MLR_CACHE_KEY_SIZE],
	const mlr_options *opts, const mlr_source *src, const mlr_file_array *files,
	const unsigned char (*ids)[20], const bool *has_id);

/* The content id of bytes: their Git blob id. */
int mlr_cache_content_id(unsigned char out[20], const char *data, size_t len);

#endif
