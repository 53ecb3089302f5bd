/* A set of Git object ids (open addressing; ids are already uniformly distributed). */
#ifndef MLR_REPO_OIDSET_H
#define MLR_REPO_OIDSET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	unsigned char (*slots)[20];
	bool *used;
	size_t cap; /* a power of two */
	size_t len;
} mlr_oidset;

/* Adds id: 1 when it was new, 0 when already present, MLR_ENOMEM. */
int mlr_oidset_add(mlr_oidset *set, const unsigned char id[20]);
bool mlr_oidset_has(const mlr_oidset *set, const unsigned char id[20]);
void mlr_oidset_dispose(mlr_oidset *set);

#endif
