/* MLR220 pii-columns: committed tabular data whose header names personal-data columns.
 * Only the header is read; cell values are never read or printed. */
#include "repo/pii.h"
#include "repo/repo.h"

#include <jansson.h>
#include <strings.h>

#include "core/buf.h"

/* The header line is at most this long; a file whose first line is longer is not a table. */
#define HEADER_LIMIT 16384
/* Columns named in one finding. */
#define MAX_NAMED 6

typedef struct {
	mlr_buf names;
	size_t count;
} found_cols;

static void on_column(void *payload, const char *name, size_t len)
{
	found_cols *fc = payload;
	const char *kind = mlr_pii_column(name, len);
	if (!kind)
		return;
	if (fc->count < MAX_NAMED) {
		/* a header cell is a name the author chose, shown clipped and printable */
		mlr_buf_puts(&fc->names, fc->count ? ", " : "");
		for (size_t i = 0; i < len && i < 40; i++)
			mlr_buf_putc(&fc->names, (name[i] >= 0x20 && name[i] < 0x7f) ? name[i] : '?');
		mlr_buf_printf(&fc->names, " (%s)", kind);
	}
	fc->count++;
}

static bool has_ext(const char *path, const char *ext)
{
	size_t n = strlen(path), e = strlen(ext);
	return n > e && !strcasecmp(path + n - e, ext);
}

static void jsonl_keys(const char *line, size_t len, found_cols *fc)
{
	json_error_t err;
	json_t *obj = json_loadb(line, len, JSON_DECODE_ANY, &err);
	if (json_is_object(obj)) {
		const char *key;
		json_t *v;
		json_object_foreach(obj, key, v)
			on_column(fc, key, strlen(key));
	}
	json_decref(obj);
}

void mlr_check_pii_columns(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	if (!mlr_repo_is_snapshot(ctx))
		return;
	for (size_t i = 0; i < ctx->files->len; i++) {
		const mlr_file *f = &ctx->files->items[i];
		bool csv = has_ext(f->path, ".csv") || has_ext(f->path, ".tsv") || has_ext(f->path, ".psv");
		bool jsonl = has_ext(f->path, ".jsonl") || has_ext(f->path, ".ndjson");
		if ((!csv && !jsonl) || !mlr_repo_committed(ctx, f))
			continue;
		ctx->assessed = true;
		char *data = NULL;
		size_t len = 0;
		bool trunc;
		if (mlr_source_read(&data, &len, &trunc, ctx->reader, f, HEADER_LIMIT) < 0)
			continue;
		const char *nl = memchr(data, '\n', len);
		size_t hl = nl ? (size_t)(nl - data) : len;
		found_cols fc = { MLR_BUF_INIT, 0 };
		if (nl || !trunc) {
			if (csv)
				mlr_csv_header_columns(data, hl, on_column, &fc);
			else
				jsonl_keys(data, hl, &fc);
		}
		if (fc.count)
			mlr_emit(ctx->findings, rule, f->path, 1, 1, mlr_repo_hash(mlr_buf_cstr(&fc.names)), false,
				"committed data has personal-data column%s: %s%s", fc.count == 1 ? "" : "s",
				mlr_buf_cstr(&fc.names), fc.count > MAX_NAMED ? ", ..." : "");
		mlr_buf_dispose(&fc.names);
		free(data);
	}
}
