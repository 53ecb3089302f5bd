/*
 * The early repository checks: those whose rules say `needs-facts: false` read the file
 * list and the Git history but no file's analysis, so they need not wait for it. They run
 * on a thread of their own while the workers analyze the files (MLR813's walk over every
 * tree of the history is the longest), or inline before them with -j 1.
 */
#ifndef MLR_ENGINE_EARLY_H
#define MLR_ENGINE_EARLY_H

#include "cache/cache.h"

typedef struct mlr_early mlr_early;

/* Starts the early checks of the enabled rules. cache may be NULL; on a cache hit they are
 * restored inline, which takes no thread. opts, src, files and cache must outlive
 * mlr_early_finish. Returns 0, or a negative code with *out NULL. */
int mlr_early_start(mlr_early **out, const mlr_options *opts, const mlr_source *src, const mlr_file_array *files,
	mlr_cache *cache, bool threaded);

/* Waits for the checks, then moves what they gave onto the run's arrays. Returns 0, or
 * MLR_ENOMEM. Safe on NULL. */
int mlr_early_finish(mlr_early *early, mlr_finding_array *findings, mlr_kpi_array *kpis, mlr_note_array *notes);

/* Whether an early check assessed the rule; false for a rule that is not an early check. */
bool mlr_early_assessed(const mlr_early *early, const mlr_rule *rule);

/* Joins the thread if it still runs. Safe on NULL. */
void mlr_early_free(mlr_early *early);

#endif
