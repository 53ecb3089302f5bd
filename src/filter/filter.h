/*
 * The config's filter stage of a run (the pipeline's "filters" step, before sorting and
 * scoring): rule selection, per-path excludes and ignores, severity overrides, KPI
 * targets, and the rule statuses of custom rules. Inline suppressions happen earlier, in
 * the workers (src/engine/suppress.c); a baseline later, on the finished result
 * (src/filter/baseline.h).
 */
#ifndef MLR_FILTER_FILTER_H
#define MLR_FILTER_FILTER_H

#include "engine/engine.h"

/* Applies opts->config (nothing when NULL) to a run's findings, KPIs and rule statuses.
 * *rules grows by the config's custom rules, assessed when Python was seen. A rule the
 * config turns off is reported as not assessed, so it costs no points. */
int mlr_filter_apply(const mlr_options *opts, mlr_finding_array *findings, mlr_kpi_array *kpis,
	mlr_rule_status **rules, size_t *rule_count, bool saw_python);

/* The profile a run scores with: opts->profile, else the config's, else the default.
 * MLR_EUSAGE for an unknown name. */
int mlr_filter_profile(const mlr_profile **out, const mlr_options *opts);

#endif
