/*
 * Sources: what is linted. One interface over four walkers — the working tree of a Git
 * repository, a committed tree (--rev), the index (--staged) and a plain directory.
 *
 * mlr_source_open lists the file set once (single-threaded). Workers then each make
 * their own mlr_source_reader: libgit2 objects are never shared across threads.
 */
#ifndef MLR_SOURCE_H
#define MLR_SOURCE_H

#include "mlready.h"
#include "core/array.h"

typedef enum {
	MLR_KIND_PYTHON = 0,
	MLR_KIND_NOTEBOOK,
	MLR_KIND_YAML,
	MLR_KIND_MARKDOWN,
	MLR_KIND_TEXT,     /* any other text-like file: config, shell, .env, txt, toml, json, ... */
	MLR_KIND_DATA,     /* tabular / array data by extension: csv, parquet, npy, ... */
	MLR_KIND_MODEL,    /* serialized model by extension: pt, ckpt, onnx, safetensors, ... */
	MLR_KIND_BINARY,   /* by extension (images, archives, ...); content sniffing happens at read */
	MLR_KIND__COUNT
} mlr_file_kind;

const char *mlr_file_kind_name(mlr_file_kind kind);
/* Classifies by path alone (extension and well-known names). */
mlr_file_kind mlr_file_kind_of_path(const char *path);

typedef struct {
	char *path;             /* repository-relative, '/'-separated, no leading "./" */
	unsigned char oid[20];  /* blob id when known (has_oid) */
	bool has_oid;           /* tracked (work tree), or the blob read (--rev, --staged, --history) */
	/* Work tree: oid is the blob id of the file as it is on disk now, because the index's
	 * stat data matches the file and the entry is not racily clean (as git decides it).
	 * Without it a work-tree file's oid is only what the index last recorded. For blobs
	 * (not from_worktree) oid is always the content's. */
	bool oid_current;
	bool from_worktree;     /* content is read from the file system */
	uint64_t size;          /* bytes; for worktree files, from stat */
	uint32_t mode;          /* git filemode (0100644, 0100755, 0120000 link, 0160000 submodule) */
	mlr_file_kind kind;
	char *commit;           /* history source: the commit (40 hex) that introduced this blob */
	int64_t commit_time;    /* history source: its committer time */
	bool in_head;           /* history source: this blob is also in HEAD's tree */
} mlr_file;

typedef mlr_array(mlr_file) mlr_file_array;
typedef mlr_array(mlr_note) mlr_note_array;

typedef struct mlr_source mlr_source;

/* Opens what opts names and lists its files (sorted by path, regular files only:
 * symlinks and submodules are listed with a note, never followed). Vendored and
 * generated trees (see mlr_path_is_vendored) are skipped unless opts->include_vendored.
 * Problems with single files become notes in *notes; a repository that cannot be
 * opened at all is an error (MLR_EREPO / MLR_EIO / MLR_EUSAGE for a bad --rev). */
int mlr_source_open(mlr_source **out, const mlr_options *opts, mlr_note_array *notes);
void mlr_source_free(mlr_source *src);

const mlr_file_array *mlr_source_files(const mlr_source *src);
/* "worktree", "rev <40-hex>", "staged", "directory" */
const char *mlr_source_describe(const mlr_source *src);
/* The directory shown as the root (work tree, or git dir for a bare repository). */
const char *mlr_source_root(const mlr_source *src);
/* The libgit2 repository path (its .git directory), or NULL for a plain directory. */
const char *mlr_source_gitdir(const mlr_source *src);

typedef struct mlr_source_reader mlr_source_reader;

/* One reader per thread. */
int mlr_source_reader_new(mlr_source_reader **out, const mlr_source *src);
void mlr_source_reader_free(mlr_source_reader *reader);

/* Reads at most `limit` bytes of f into a fresh buffer (*data, NUL-terminated, caller
 * frees). *truncated says whether the file was longer. A missing or unreadable blob is
 * MLR_ENOTFOUND / MLR_EIO with mlr_error_last() saying why: the caller turns it into a
 * note and goes on. */
int mlr_source_read(char **data, size_t *len, bool *truncated, mlr_source_reader *reader,
	const mlr_file *f, uint64_t limit);

/* True for paths inside virtualenvs, node_modules, site-packages, build and cache dirs. */
bool mlr_path_is_vendored(const char *path);

/* Content sniffing: true if the bytes look binary (NUL bytes, or mostly non-text). */
bool mlr_bytes_look_binary(const char *data, size_t len);

#endif
