/* A set of Git object ids (open addressing; ids are already uniformly distributed). */
#ifndef MLR_CORE_OIDSET_H
#define MLR_CORE_OIDSET_H

#include <stdbool.h>
#include <stddef.h>

/* A history scan keeps millions of ids, so a slot is the id alone: the all-zero id (never
 * a real object's, but accepted) marks an empty slot and is kept in has_zero. */
typedef struct {
	unsigned char (*slots)[20];
	size_t cap; /* a power of two, or 0 */
	size_t len; /* ids in slots, has_zero aside */
	bool has_zero;
} mlr_oidset;

/* Adds id: 1 when it was new, 0 when already present, MLR_ENOMEM. */
int mlr_oidset_add(mlr_oidset *set, const unsigned char id[20]);
bool mlr_oidset_has(const mlr_oidset *set, const unsigned char id[20]);
/* Ids held. */
size_t mlr_oidset_count(const mlr_oidset *set);
void mlr_oidset_dispose(mlr_oidset *set);

#endif
