#include "cache/codec.h"

#include <stdlib.h>
#include <string.h>

/* Bytes are written one by one, low first: a cache written on one machine reads the same
 * on another, and no read is unaligned. */
void mlr_codec_u8(mlr_buf *b, uint8_t v)
{
	mlr_buf_put(b, (const char *)&v, 1);
}

void mlr_codec_u32(mlr_buf *b, uint32_t v)
{
	unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
		(unsigned char)(v >> 24) };
	mlr_buf_put(b, (const char *)x, sizeof(x));
}

void mlr_codec_u64(mlr_buf *b, uint64_t v)
{
	mlr_codec_u32(b, (uint32_t)v);
	mlr_codec_u32(b, (uint32_t)(v >> 32));
}

void mlr_codec_f64(mlr_buf *b, double v)
{
	uint64_t bits;
	memcpy(&bits, &v, sizeof(bits));
	mlr_codec_u64(b, bits);
}

void mlr_codec_bytes(mlr_buf *b, const void *data, size_t len)
{
	mlr_buf_put(b, data, len);
}

void mlr_codec_strn(mlr_buf *b, const char *s, size_t len)
{
	if (!s) {
		mlr_codec_u32(b, MLR_CODEC_NULL);
		return;
	}
	if (len >= MLR_CODEC_NULL) {
		b->oom = true; /* a 4 GiB message is not cached */
		return;
	}
	mlr_codec_u32(b, (uint32_t)len);
	mlr_buf_put(b, s, len);
}

void mlr_codec_str(mlr_buf *b, const char *s)
{
	mlr_codec_strn(b, s, s ? strlen(s) : 0);
}

const void *mlr_read_bytes(mlr_reader *r, size_t len)
{
	if (r->bad || mlr_reader_left(r) < len) {
		r->bad = true;
		return NULL;
	}
	const void *at = r->p;
	r->p += len;
	return at;
}

uint8_t mlr_read_u8(mlr_reader *r)
{
	const unsigned char *x = mlr_read_bytes(r, 1);
	return x ? x[0] : 0;
}

uint32_t mlr_read_u32(mlr_reader *r)
{
	const unsigned char *x = mlr_read_bytes(r, 4);
	return x ? (uint32_t)x[0] | (uint32_t)x[1] << 8 | (uint32_t)x[2] << 16 | (uint32_t)x[3] << 24 : 0;
}

uint64_t mlr_read_u64(mlr_reader *r)
{
	uint64_t lo = mlr_read_u32(r);
	uint64_t hi = mlr_read_u32(r);
	return lo | hi << 32;
}

double mlr_read_f64(mlr_reader *r)
{
	uint64_t bits = mlr_read_u64(r);
	double v;
	memcpy(&v, &bits, sizeof(v));
	return v;
}

const char *mlr_read_view(mlr_reader *r, size_t *len, bool *is_null)
{
	uint32_t n = mlr_read_u32(r);
	*len = 0;
	*is_null = false;
	if (r->bad)
		return NULL;
	if (n == MLR_CODEC_NULL) {
		*is_null = true;
		return NULL;
	}
	const char *s = mlr_read_bytes(r, n);
	if (s)
		*len = n;
	return s;
}

char *mlr_read_str(mlr_reader *r, bool *oom)
{
	size_t len;
	bool is_null;
	const char *s = mlr_read_view(r, &len, &is_null);
	if (!s)
		return NULL;
	char *copy = malloc(len + 1);
	if (!copy) {
		*oom = true;
		return NULL;
	}
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}
