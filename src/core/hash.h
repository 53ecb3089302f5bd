#ifndef MLR_CORE_HASH_H
#define MLR_CORE_HASH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a, 64 bit: fingerprints and hash tables, never security. */
#define MLR_HASH_SEED 0xcbf29ce484222325ULL

static inline uint64_t mlr_hash_bytes(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static inline uint64_t mlr_hash_str(uint64_t h, const char *s)
{
	for (; s && *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	/* a separator, so ("ab","c") and ("a","bc") differ */
	h ^= 0xff;
	h *= 0x100000001b3ULL;
	return h;
}

#endif
