#include "core/oidset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "mlready.h"

static const unsigned char zero_id[20];

static bool is_zero(const unsigned char id[20])
{
	return !memcmp(id, zero_id, 20);
}

static size_t slot_of(const unsigned char id[20], size_t cap)
{
	uint64_t h;
	memcpy(&h, id, sizeof(h));
	return (size_t)h & (cap - 1);
}

/* The slot holding id, or the empty slot where it would go. */
static size_t probe(unsigned char (*slots)[20], size_t cap, const unsigned char id[20])
{
	size_t s = slot_of(id, cap);
	while (!is_zero(slots[s]) && memcmp(slots[s], id, 20))
		s = (s + 1) & (cap - 1);
	return s;
}

static int grow(mlr_oidset *set)
{
	size_t ncap = set->cap ? set->cap * 2 : 1024;
	unsigned char(*slots)[20] = ncap <= SIZE_MAX / 20 ? calloc(ncap, 20) : NULL;
	if (!slots)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	for (size_t i = 0; i < set->cap; i++)
		if (!is_zero(set->slots[i]))
			memcpy(slots[probe(slots, ncap, set->slots[i])], set->slots[i], 20);
	free(set->slots);
	set->slots = slots;
	set->cap = ncap;
	return 0;
}

int mlr_oidset_add(mlr_oidset *set, const unsigned char id[20])
{
	if (is_zero(id)) {
		bool fresh = !set->has_zero;
		set->has_zero = true;
		return fresh;
	}
	/* linear probing over uniform ids stays short up to three quarters full, and the
	 * set's bytes are what a large history costs */
	if ((set->len + 1) * 4 > set->cap * 3 && grow(set) < 0)
		return MLR_ENOMEM;
	size_t s = probe(set->slots, set->cap, id);
	if (!is_zero(set->slots[s]))
		return 0;
	memcpy(set->slots[s], id, 20);
	set->len++;
	return 1;
}

bool mlr_oidset_has(const mlr_oidset *set, const unsigned char id[20])
{
	if (is_zero(id))
		return set->has_zero;
	if (!set->cap)
		return false;
	return !is_zero(set->slots[probe(set->slots, set->cap, id)]);
}

size_t mlr_oidset_count(const mlr_oidset *set)
{
	return set->len + set->has_zero;
}

void mlr_oidset_dispose(mlr_oidset *set)
{
	if (!set)
		return;
	free(set->slots);
	memset(set, 0, sizeof(*set));
}
