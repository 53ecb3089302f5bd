/* PR mode: which findings of the after-tree the change introduced. */
#ifndef MLR_DIFF_MATCH_H
#define MLR_DIFF_MATCH_H

#include "mlready.h"
#include "diff/change.h"

/* Drops from after every finding the base already had, counted in
 * after->preexisting_count. A finding is old when the base has one with the same rule,
 * path and fingerprint (the fingerprint hashes the matched content, not the line, so a
 * moved line stays old); in a renamed file, one with the same rule and message at the old
 * path. Matching is one-to-one: a second copy of an old secret is new. Change rules
 * (MLR9xx) always stay. change may be NULL (no renames known). */
int mlr_diff_keep_new(mlr_result *after, const mlr_result *base, const mlr_change *change);

#endif
