/*
 * Helpers shared by the repository checks: looking files up in the file set, reading
 * them, and the small path predicates every repository rule needs.
 *
 * The repository is untrusted: every read is bounded (MLR_REPO_READ_LIMIT unless a check
 * asks for less) and binary content is refused, so a check never sees more than it can
 * afford to parse.
 */
#ifndef MLR_REPO_REPO_H
#define MLR_REPO_REPO_H

#include "engine/engine.h"

/* The most a repository check reads of one configuration or document file. */
#define MLR_REPO_READ_LIMIT (1u << 20)

/* The file at exactly this path, or NULL. */
const mlr_file *mlr_repo_find(const mlr_repo_ctx *ctx, const char *path);
/* The same, comparing ASCII case-insensitively ("readme.md" finds "README.md"). */
const mlr_file *mlr_repo_find_ci(const mlr_repo_ctx *ctx, const char *path);

/* Reads at most limit bytes (0: MLR_REPO_READ_LIMIT) of a text file into *data
 * (NUL-terminated, caller frees). MLR_EIO for binary content; other errors as
 * mlr_source_read. *truncated may be NULL. */
int mlr_repo_read(char **data, size_t *len, bool *truncated, mlr_repo_ctx *ctx,
	const mlr_file *f, uint64_t limit);

/* The linted tree is one snapshot (not the --history blob set), so tree-level rules apply. */
bool mlr_repo_is_snapshot(const mlr_repo_ctx *ctx);
/* Whether any file is Python or a notebook. */
bool mlr_repo_has_python(const mlr_repo_ctx *ctx);
/* Facts of any file have all of flags. */
bool mlr_repo_any_fact(const mlr_repo_ctx *ctx, uint32_t flags);
/* Committed (or staged) in Git, rather than an untracked file of the work tree. A plain
 * directory has no Git: every file counts as what would be committed. */
bool mlr_repo_committed(const mlr_repo_ctx *ctx, const mlr_file *f);

/* The last path component. */
const char *mlr_path_base(const char *path);
/* The directory part ("a/b" of "a/b/c.md"), length only: 0 for a top-level file. */
size_t mlr_path_dirlen(const char *path);
/* path lies under dir (dir of length dirlen, no trailing '/'; 0 means the root). */
bool mlr_path_under(const char *path, const char *dir, size_t dirlen);
/* Some directory component of path equals name (ASCII case-insensitively). */
bool mlr_path_has_dir(const char *path, const char *name);
/* path ends in one of exts (".png", ...; NULL-terminated), ASCII case-insensitively,
 * with something before it. */
bool mlr_path_ext_in(const char *path, const char *const *exts);
/* Shell-style match of a name against a pattern with '*', '?' and '[...]'. */
bool mlr_name_match(const char *pattern, const char *name);
/* ASCII case-insensitive search for needle in hay[0..len). */
const char *mlr_memcasemem(const char *hay, size_t len, const char *needle);
/* A 1-based line number of offset in data. */
uint32_t mlr_line_of(const char *data, size_t offset);

/* A content hash for a repository-level finding's fingerprint. */
uint64_t mlr_repo_hash(const char *s);

#endif
