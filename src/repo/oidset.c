#include "repo/oidset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "mlready.h"

static size_t slot_of(const unsigned char id[20], size_t cap)
{
	uint64_t h;
	memcpy(&h, id, sizeof(h));
	return (size_t)h & (cap - 1);
}

static int grow(mlr_oidset *set)
{
	size_t ncap = set->cap ? set->cap * 2 : 1024;
	unsigned char(*slots)[20] = calloc(ncap, 20);
	bool *used = calloc(ncap, sizeof(bool));
	if (!slots || !used) {
		free(slots);
		free(used);
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < set->cap; i++) {
		if (!set->used[i])
			continue;
		size_t s = slot_of(set->slots[i], ncap);
		while (used[s])
			s = (s + 1) & (ncap - 1);
		memcpy(slots[s], set->slots[i], 20);
		used[s] = true;
	}
	free(set->slots);
	free(set->used);
	set->slots = slots;
	set->used = used;
	set->cap = ncap;
	return 0;
}

int mlr_oidset_add(mlr_oidset *set, const unsigned char id[20])
{
	/* keep the load under one half so probes stay short */
	if ((set->len + 1) * 2 > set->cap && grow(set) < 0)
		return MLR_ENOMEM;
	size_t s = slot_of(id, set->cap);
	while (set->used[s]) {
		if (!memcmp(set->slots[s], id, 20))
			return 0;
		s = (s + 1) & (set->cap - 1);
	}
	memcpy(set->slots[s], id, 20);
	set->used[s] = true;
	set->len++;
	return 1;
}

bool mlr_oidset_has(const mlr_oidset *set, const unsigned char id[20])
{
	if (!set->cap)
		return false;
	size_t s = slot_of(id, set->cap);
	while (set->used[s]) {
		if (!memcmp(set->slots[s], id, 20))
			return true;
		s = (s + 1) & (set->cap - 1);
	}
	return false;
}

void mlr_oidset_dispose(mlr_oidset *set)
{
	if (!set)
		return;
	free(set->slots);
	free(set->used);
	memset(set, 0, sizeof(*set));
}
