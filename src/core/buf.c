#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool buf_grow(mlr_buf *b, size_t extra)
{
	if (b->oom)
		return false;
	if (b->len + extra + 1 <= b->cap)
		return true;
	size_t ncap = b->cap ? b->cap : 64;
	while (ncap < b->len + extra + 1) {
		if (ncap > ((size_t)-1) / 2) {
			b->oom = true;
			return false;
		}
		ncap *= 2;
	}
	char *n = realloc(b->ptr, ncap);
	if (!n) {
		b->oom = true;
		return false;
	}
	b->ptr = n;
	b->cap = ncap;
	return true;
}

void mlr_buf_put(mlr_buf *b, const char *data, size_t len)
{
	if (!buf_grow(b, len))
		return;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void mlr_buf_puts(mlr_buf *b, const char *s)
{
	mlr_buf_put(b, s, strlen(s));
}

void mlr_buf_putc(mlr_buf *b, char c)
{
	mlr_buf_put(b, &c, 1);
}

void mlr_buf_vprintf(mlr_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || !buf_grow(b, (size_t)n))
		return;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void mlr_buf_printf(mlr_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	mlr_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *mlr_buf_detach(mlr_buf *b)
{
	char *s = NULL;
	if (!b->oom)
		s = b->ptr ? b->ptr : mlr_strdup("");
	else
		free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->oom = false;
	return s;
}

void mlr_buf_dispose(mlr_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}

const char *mlr_buf_cstr(const mlr_buf *b)
{
	return b->ptr ? b->ptr : "";
}

char *mlr_strdup(const char *s)
{
	return s ? mlr_strndup(s, strlen(s)) : NULL;
}

char *mlr_strndup(const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *d = malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}
