/*
 * The cache file: one per run key, `<dir>/cache-v<FORMAT>-<key>.bin`.
 *
 *   header   magic "MLRCACHE", format, the full run key, generation, record count,
 *            payload length, payload checksum (64 bytes in all)
 *   payload  records: length, kind, generation, then a file record's path, content id,
 *            size and flags, or a repository record's key; then the encoded body
 *
 * Reading takes the whole file with read(2) (never a mapping another run may truncate)
 * and accepts it only when every header field and the checksum agree; anything else —
 * missing, short, foreign, another format, another key, a record that overruns — reads as
 * an empty cache. Writing goes to a fresh temporary file in the same directory, renamed
 * over the old one: a reader sees the old file or the new, whole, and concurrent writers
 * cost each other only their entries (the last rename wins).
 */
#ifndef MLR_CACHE_STORE_H
#define MLR_CACHE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cache/key.h"

#define MLR_CACHE_MAGIC "MLRCACHE"
/* Bump when the encoding of a record or of the header changes. */
#define MLR_CACHE_FORMAT 1
#define MLR_CACHE_HEADER_SIZE 64
/* A cache file beyond this is not read (nor written). */
#define MLR_CACHE_MAX_BYTES (1024u << 20)

typedef enum { MLR_CACHE_REC_FILE = 1, MLR_CACHE_REC_REPO = 2 } mlr_cache_rec_kind;

/* File records' flags: what about the file, besides its path and bytes, its analysis
 * reads — only whether it is an untracked work-tree file (MLR230 words its finding so).
 * A tracked work-tree file and the same blob read by --rev or --staged share a record. */
enum {
	MLR_CACHE_UNTRACKED = 1u << 0
};

typedef struct {
	uint8_t kind;       /* mlr_cache_rec_kind */
	uint8_t flags;      /* file records */
	uint32_t gen;       /* the save that last used it */
	const char *path;   /* file records; not NUL-terminated: path_len bytes */
	size_t path_len;
	unsigned char id[20]; /* a file's content id, or the repository key */
	uint64_t size;      /* a file's size */
	const unsigned char *body;
	size_t body_len;
	bool used;          /* looked up by this run */
} mlr_cache_rec;

typedef struct {
	unsigned char key[MLR_CACHE_KEY_SIZE];
	uint32_t gen;
	unsigned char *data; /* the file as read: records point into it */
	size_t len;
	mlr_cache_rec *recs;
	size_t count;
	uint32_t *slots;     /* open addressing over file records: index + 1, 0 empty */
	size_t slot_count;
} mlr_cache_store;

/* The file name for a key (no directory): "cache-v1-<40 hex>.bin". */
void mlr_cache_store_name(char out[64], const unsigned char key[MLR_CACHE_KEY_SIZE]);

/* Reads dir/name into *st. Never fails: an unusable file gives an empty store (count 0);
 * *status says which, for diagnostics: "none", "ok", or why it was ignored. Returns -1
 * only when out of memory. */
int mlr_cache_store_read(mlr_cache_store *st, const char *path, const unsigned char key[MLR_CACHE_KEY_SIZE],
	const char **status);
void mlr_cache_store_dispose(mlr_cache_store *st);

/* The file record for (path, id, size, flags), or NULL. */
mlr_cache_rec *mlr_cache_store_find(mlr_cache_store *st, const char *path, const unsigned char id[20],
	uint64_t size, uint8_t flags);
/* The repository record with this key, or NULL. */
mlr_cache_rec *mlr_cache_store_find_repo(mlr_cache_store *st, const unsigned char key[MLR_CACHE_KEY_SIZE]);

/* Writes records to dir/name through a temporary file and a rename. The directory is
 * made if missing. Returns 0, or -1 with errno set (a read-only directory: EACCES, EROFS). */
int mlr_cache_store_write(const char *dir, const char *name, const unsigned char key[MLR_CACHE_KEY_SIZE],
	uint32_t gen, const mlr_cache_rec *const *recs, size_t count);

/* Housekeeping after a write: removes the cache files of other keys beyond the `keep`
 * most recently written, and temporary files a crashed run left over an hour ago. */
void mlr_cache_store_prune_dir(const char *dir, const char *keep_name, size_t keep);

/* The payload checksum (exposed for tests that forge files). */
uint64_t mlr_cache_checksum(const unsigned char *data, size_t len);

#endif
