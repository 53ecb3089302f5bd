/*
 * A tiny typed dynamic array. Declare with `typedef mlr_array(T) my_array;`, start it
 * zeroed, grow it with mlr_array_push, release it with mlr_array_delete. Pushing can fail
 * only on allocation failure; callers check the return value.
 */
#ifndef MLR_CORE_ARRAY_H
#define MLR_CORE_ARRAY_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define mlr_array(T) struct { T *items; size_t len; size_t cap; }

/* Grows a to hold at least `need` items. Returns 0 or -1 on allocation failure. */
static inline int mlr_array__grow(void **items, size_t *cap, size_t need, size_t item_size)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > ((size_t)-1) / 2 / item_size)
			return -1;
		ncap *= 2;
	}
	void *n = realloc(*items, ncap * item_size);
	if (!n)
		return -1;
	*items = n;
	*cap = ncap;
	return 0;
}

#define mlr_array_reserve(a, n) \
	mlr_array__grow((void **)&(a)->items, &(a)->cap, (n), sizeof(*(a)->items))

/* Evaluates to 0 on success, -1 on allocation failure. */
#define mlr_array_push(a, v) \
	(mlr_array_reserve((a), (a)->len + 1) ? -1 : ((a)->items[(a)->len++] = (v), 0))

#define mlr_array_delete(a) \
	do { free((a)->items); (a)->items = NULL; (a)->len = (a)->cap = 0; } while (0)

#endif
