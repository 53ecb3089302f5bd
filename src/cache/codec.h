/*
 * The cache's binary encoding: little-endian integers and length-prefixed strings written
 * to an mlr_buf, read back with a cursor that never reads past its end. A cache file is
 * untrusted input (another version, a crash, a disk error): every read is bounds-checked
 * and a short or malformed record only sets `bad`, which the caller treats as a miss.
 */
#ifndef MLR_CACHE_CODEC_H
#define MLR_CACHE_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* A string length that stands for NULL (as opposed to ""). */
#define MLR_CODEC_NULL UINT32_MAX

void mlr_codec_u8(mlr_buf *b, uint8_t v);
void mlr_codec_u32(mlr_buf *b, uint32_t v);
void mlr_codec_u64(mlr_buf *b, uint64_t v);
void mlr_codec_f64(mlr_buf *b, double v);
void mlr_codec_bytes(mlr_buf *b, const void *data, size_t len);
/* A length, then the bytes; NULL is written as its own marker and read back as NULL. */
void mlr_codec_str(mlr_buf *b, const char *s);
void mlr_codec_strn(mlr_buf *b, const char *s, size_t len);

typedef struct {
	const unsigned char *p;
	const unsigned char *end;
	bool bad; /* a read ran past the end or met an impossible value */
} mlr_reader;

static inline void mlr_reader_init(mlr_reader *r, const void *data, size_t len)
{
	r->p = data;
	r->end = r->p + len;
	r->bad = false;
}

static inline size_t mlr_reader_left(const mlr_reader *r)
{
	return (size_t)(r->end - r->p);
}

uint8_t mlr_read_u8(mlr_reader *r);
uint32_t mlr_read_u32(mlr_reader *r);
uint64_t mlr_read_u64(mlr_reader *r);
double mlr_read_f64(mlr_reader *r);
/* A pointer to the next len bytes (NULL and bad when there are fewer). */
const void *mlr_read_bytes(mlr_reader *r, size_t len);
/* A string as a view into the buffer (not NUL-terminated): its bytes and *len; NULL with
 * *is_null for a NULL string, NULL with bad set when it runs past the end. */
const char *mlr_read_view(mlr_reader *r, size_t *len, bool *is_null);
/* A fresh copy (caller frees); NULL for a NULL string or on failure (then bad, or *oom). */
char *mlr_read_str(mlr_reader *r, bool *oom);

#endif
