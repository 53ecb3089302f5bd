/*
 * A growable byte buffer that stays NUL-terminated. A failed allocation latches the
 * buffer into an error state (`oom`) so callers can append freely and check once.
 */
#ifndef MLR_CORE_BUF_H
#define MLR_CORE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
	char *ptr;
	size_t len;
	size_t cap;
	bool oom;
} mlr_buf;

#define MLR_BUF_INIT { NULL, 0, 0, false }

void mlr_buf_put(mlr_buf *b, const char *data, size_t len);
void mlr_buf_puts(mlr_buf *b, const char *s);
void mlr_buf_putc(mlr_buf *b, char c);
void mlr_buf_printf(mlr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mlr_buf_vprintf(mlr_buf *b, const char *fmt, va_list ap);
/* Hands the string to the caller (who frees it) and resets b. NULL if b hit oom. */
char *mlr_buf_detach(mlr_buf *b);
void mlr_buf_dispose(mlr_buf *b);
/* "" when empty, never NULL. */
const char *mlr_buf_cstr(const mlr_buf *b);

/* strdup / strndup that return NULL on failure (and accept NULL). */
char *mlr_strdup(const char *s);
char *mlr_strndup(const char *s, size_t n);

#endif
