/*
 * The readiness score: private helpers shared by the engine and the reporters.
 * The formula itself lives in score.c and is documented in docs/scoring.md.
 */
#ifndef MLR_SCORE_SCORE_H
#define MLR_SCORE_SCORE_H

#include "mlready.h"

/* The overall score a blocking finding cannot rise above. */
#define MLR_SCORE_CAP 40.0

/* Frees what mlr_score_compute allocated (the per-category losses) and leaves the
 * score zeroed. Accepts NULL. */
void mlr_score_dispose(mlr_score *score);

/* Rounds to one decimal place, half away from zero: what every report shows. */
double mlr_score_round1(double value);

/* False when no category could be assessed: the overall score then means nothing
 * and reports show it as n/a (null in JSON). */
bool mlr_score_assessable(const mlr_score *score);

/* The target a KPI must reach under profile (NULL: the default), 0..1: the rule's
 * target scaled by the profile for the rule's category, capped at 1. */
double mlr_score_kpi_target(const mlr_profile *profile, const mlr_kpi *kpi);

/* The KPI that sets rule's loss under profile (the one furthest below its target), or
 * NULL when the rule reported none with a non-zero denominator. */
const mlr_kpi *mlr_score_worst_kpi(const mlr_result *result, const mlr_profile *profile,
	const mlr_rule *rule);

#endif
