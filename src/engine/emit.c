#include "engine/engine.h"

#include <stdarg.h>
#include <stdlib.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/hash.h"

void mlr_finding_dispose(mlr_finding *f)
{
	if (!f)
		return;
	free(f->path);
	free(f->message);
	free(f->commit);
	f->path = f->message = f->commit = NULL;
}

void mlr_note_dispose(mlr_note *n)
{
	if (!n)
		return;
	free(n->path);
	free(n->message);
	n->path = n->message = NULL;
}

void mlr_kpi_dispose(mlr_kpi *k)
{
	if (!k)
		return;
	free(k->key);
	free(k->label);
	k->key = k->label = NULL;
}

/* One definition for the three item types: they differ only in how an item is freed. */
#define ITEM_ARRAY_OPS(prefix, array_type, dispose)                              \
	void prefix##_truncate(array_type *a, size_t len)                            \
	{                                                                            \
		for (size_t i = len; i < a->len; i++)                                    \
			dispose(&a->items[i]);                                               \
		if (len < a->len)                                                        \
			a->len = len;                                                        \
	}                                                                            \
	int prefix##_move(array_type *to, array_type *from)                          \
	{                                                                            \
		int error = 0;                                                           \
		for (size_t i = 0; i < from->len; i++)                                   \
			if (mlr_array_push(to, from->items[i]) < 0) {                        \
				error = mlr_error_set(MLR_ENOMEM, "out of memory");              \
				dispose(&from->items[i]);                                        \
			}                                                                    \
		from->len = 0;                                                           \
		return error;                                                            \
	}

ITEM_ARRAY_OPS(mlr_findings, mlr_finding_array, mlr_finding_dispose)
ITEM_ARRAY_OPS(mlr_notes, mlr_note_array, mlr_note_dispose)
ITEM_ARRAY_OPS(mlr_kpis, mlr_kpi_array, mlr_kpi_dispose)

static int emit_v(mlr_finding_array *out, const mlr_rule *rule, const char *path, uint32_t line,
	uint32_t column, uint64_t content_hash, bool blocking, const char *fmt, va_list ap)
{
	mlr_buf msg = MLR_BUF_INIT;
	mlr_buf_vprintf(&msg, fmt, ap);
	mlr_finding f = { 0 };
	f.rule = rule;
	f.severity = rule->severity;
	f.path = path ? mlr_strdup(path) : NULL;
	f.line = line;
	f.column = line ? column : 0;
	f.message = mlr_buf_detach(&msg);
	f.blocking = blocking;
	uint64_t h = mlr_hash_str(MLR_HASH_SEED, rule->id);
	h = mlr_hash_str(h, path ? path : "");
	f.fingerprint = mlr_hash_bytes(h, &content_hash, sizeof(content_hash));
	if (!f.message || (path && !f.path) || mlr_array_push(out, f) < 0) {
		mlr_finding_dispose(&f);
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	return 0;
}

int mlr_emit(mlr_finding_array *out, const mlr_rule *rule, const char *path, uint32_t line,
	uint32_t column, uint64_t content_hash, bool blocking, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = emit_v(out, rule, path, line, column, content_hash, blocking, fmt, ap);
	va_end(ap);
	return rc;
}

int mlr_emit_node(mlr_file_ctx *ctx, const mlr_rule *rule, TSNode node, bool blocking,
	const char *fmt, ...)
{
	TSPoint p = ts_node_start_point(node);
	size_t len;
	const char *text = mlr_py_text(ctx->py, node, &len);
	/* Whitespace-insensitive content hash: re-indenting a block keeps the fingerprint. */
	uint64_t h = MLR_HASH_SEED;
	for (size_t i = 0; i < len && i < 4096; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
			h = mlr_hash_bytes(h, text + i, 1);
	va_list ap;
	va_start(ap, fmt);
	int rc = emit_v(ctx->findings, rule, ctx->file->path, p.row + 1, p.column + 1, h, blocking, fmt, ap);
	va_end(ap);
	return rc;
}

int mlr_kpi_add(mlr_kpi_array *out, const mlr_rule *rule, const char *key, const char *label,
	uint32_t numerator, uint32_t denominator, double target)
{
	mlr_kpi k = { rule, mlr_strdup(key), mlr_strdup(label), numerator, denominator, target };
	if (!k.key || !k.label || mlr_array_push(out, k) < 0) {
		free(k.key);
		free(k.label);
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	return 0;
}

void mlr_repo_note(mlr_repo_ctx *ctx, const char *path, const char *fmt, ...)
{
	if (!ctx->notes)
		return;
	mlr_buf msg = MLR_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	mlr_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	mlr_note n = { path ? mlr_strdup(path) : NULL, mlr_buf_detach(&msg) };
	if ((path && !n.path) || !n.message || mlr_array_push(ctx->notes, n) < 0) {
		free(n.path);
		free(n.message);
	}
}
