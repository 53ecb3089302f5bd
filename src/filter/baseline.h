/*
 * Baselines: adopt mlready on an old repository and fail only on what is new.
 *
 *   --write-baseline FILE   records the findings of this run
 *   --baseline FILE         drops the findings recorded there
 *
 * A baseline is JSON (docs/baseline.md): a version and, per finding, its rule id, path
 * and fingerprint — a hash of the rule, the path and the matched content that survives
 * line moves. No message, line or matched text is stored, so a baseline of a repository
 * with leaked credentials holds no credential, not even a redacted one. Matching counts:
 * a fingerprint recorded twice absorbs two findings, and a third copy is new.
 */
#ifndef MLR_FILTER_BASELINE_H
#define MLR_FILTER_BASELINE_H

#include "mlready.h"

#define MLR_BASELINE_VERSION 1

typedef struct mlr_baseline mlr_baseline;

/* Writes the findings of result to path (through a temporary file, renamed). Returns 0,
 * or MLR_EIO naming the file. */
int mlr_baseline_write(const mlr_result *result, const char *path);

/* Reads a baseline. A file that cannot be read or is not a baseline is MLR_ECONFIG with
 * the file, and the line and column where JSON parsing failed. */
int mlr_baseline_load(mlr_baseline **out, const char *path);
void mlr_baseline_free(mlr_baseline *baseline);

/* Number of findings recorded. */
size_t mlr_baseline_count(const mlr_baseline *baseline);

/* Removes from result the findings the baseline holds and returns how many. The score is
 * left as it was: the caller recomputes it (mlr_score_compute_profile). */
size_t mlr_baseline_apply(const mlr_baseline *baseline, mlr_result *result);

#endif
