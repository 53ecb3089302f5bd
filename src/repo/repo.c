#include "repo/repo.h"

#include <string.h>
#include <strings.h>

#include "core/error.h"
#include "core/hash.h"

/* The file set is sorted by path (mlr_source_open): binary search for exact lookups. */
const mlr_file *mlr_repo_find(const mlr_repo_ctx *ctx, const char *path)
{
	size_t lo = 0, hi = ctx->files->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ctx->files->items[mid].path, path);
		if (!c)
			return &ctx->files->items[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const mlr_file *mlr_repo_find_ci(const mlr_repo_ctx *ctx, const char *path)
{
	const mlr_file *exact = mlr_repo_find(ctx, path);
	if (exact)
		return exact;
	for (size_t i = 0; i < ctx->files->len; i++)
		if (!strcasecmp(ctx->files->items[i].path, path))
			return &ctx->files->items[i];
	return NULL;
}

int mlr_repo_read(char **data, size_t *len, bool *truncated, mlr_repo_ctx *ctx,
	const mlr_file *f, uint64_t limit)
{
	bool trunc = false;
	*data = NULL;
	*len = 0;
	int error = mlr_source_read(data, len, &trunc, ctx->reader, f, limit ? limit : MLR_REPO_READ_LIMIT);
	if (error < 0)
		return error;
	if (mlr_bytes_look_binary(*data, *len)) {
		free(*data);
		*data = NULL;
		*len = 0;
		return mlr_error_set(MLR_EIO, "%s: binary content", f->path);
	}
	if (truncated)
		*truncated = trunc;
	return 0;
}

bool mlr_repo_is_snapshot(const mlr_repo_ctx *ctx)
{
	return ctx->opts->source != MLR_SOURCE_HISTORY &&
	       strcmp(mlr_source_describe(ctx->source), "history") != 0;
}

bool mlr_repo_has_python(const mlr_repo_ctx *ctx)
{
	for (size_t i = 0; i < ctx->files->len; i++) {
		mlr_file_kind k = ctx->files->items[i].kind;
		if (k == MLR_KIND_PYTHON || k == MLR_KIND_NOTEBOOK)
			return true;
	}
	return false;
}

bool mlr_repo_any_fact(const mlr_repo_ctx *ctx, uint32_t flags)
{
	for (size_t i = 0; i < ctx->files->len; i++)
		if ((ctx->facts[i].flags & flags) == flags)
			return true;
	return false;
}

bool mlr_repo_committed(const mlr_repo_ctx *ctx, const mlr_file *f)
{
	return f->has_oid || !mlr_source_gitdir(ctx->source);
}

const char *mlr_path_base(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

size_t mlr_path_dirlen(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? (size_t)(s - path) : 0;
}

bool mlr_path_under(const char *path, const char *dir, size_t dirlen)
{
	if (dirlen == 0)
		return true;
	return !strncmp(path, dir, dirlen) && path[dirlen] == '/';
}

bool mlr_path_has_dir(const char *path, const char *name)
{
	size_t nl = strlen(name);
	for (const char *p = path;;) {
		const char *slash = strchr(p, '/');
		if (!slash)
			return false; /* the last component is the file itself */
		if ((size_t)(slash - p) == nl && !strncasecmp(p, name, nl))
			return true;
		p = slash + 1;
	}
}

bool mlr_path_ext_in(const char *path, const char *const *exts)
{
	size_t n = strlen(path);
	for (size_t i = 0; exts[i]; i++) {
		size_t el = strlen(exts[i]);
		if (n > el && !strcasecmp(path + n - el, exts[i]))
			return true;
	}
	return false;
}

/* Iterative with one backtrack point: linear in practice, never exponential. */
bool mlr_name_match(const char *pattern, const char *name)
{
	const char *p = pattern, *n = name, *star_p = NULL, *star_n = NULL;
	while (*n) {
		if (*p == '*') {
			star_p = ++p;
			star_n = n;
			continue;
		}
		if (*p == '[') {
			const char *q = p + 1;
			bool neg = *q == '!' || *q == '^';
			if (neg)
				q++;
			bool hit = false;
			for (bool first = true; *q && (first || *q != ']'); first = false, q++) {
				if (q[1] == '-' && q[2] && q[2] != ']') {
					hit |= *n >= q[0] && *n <= q[2];
					q += 2;
				} else {
					hit |= *n == *q;
				}
			}
			if (*q == ']' && hit != neg) {
				p = q + 1;
				n++;
				continue;
			}
		} else if (*p == '?' || *p == *n) {
			p++;
			n++;
			continue;
		}
		if (!star_p)
			return false;
		p = star_p;
		n = ++star_n;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

const char *mlr_memcasemem(const char *hay, size_t len, const char *needle)
{
	size_t nl = strlen(needle);
	if (nl == 0)
		return hay;
	for (size_t i = 0; i + nl <= len; i++)
		if (!strncasecmp(hay + i, needle, nl))
			return hay + i;
	return NULL;
}

uint32_t mlr_line_of(const char *data, size_t offset)
{
	uint32_t line = 1;
	for (size_t i = 0; i < offset; i++)
		if (data[i] == '\n')
			line++;
	return line;
}

uint64_t mlr_repo_hash(const char *s)
{
	return mlr_hash_str(MLR_HASH_SEED, s);
}
