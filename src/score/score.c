/*
 * The readiness score. Every constant and every step of the formula is here, so a
 * profile or a refinement changes one file; docs/scoring.md explains the same formula
 * with a worked example and must change with it.
 */
#include "score/score.h"

#include "core/array.h"
#include "core/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* How much one finding of a severity counts towards the saturating curve: an error is
 * one full halving of what is left of the rule's weight, a note a quarter of one. */
#define SCORE_FACTOR_ERROR 1.0
#define SCORE_FACTOR_WARNING 0.6
#define SCORE_FACTOR_NOTE 0.25

/* What the analysis found for one rule, before it is turned into points. */
typedef struct {
	const mlr_rule *rule;
	bool counted;       /* assessed, and the first status for this rule */
	uint32_t findings;
	double halvings;    /* Σ severity factors of its findings */
	bool has_kpi;
	double kpi_loss;    /* worst loss fraction over its KPIs, 0..1 */
} rule_tally;

typedef mlr_array(mlr_score_loss) loss_array;

static double severity_factor(mlr_severity sev)
{
	switch (sev) {
	case MLR_SEV_NOTE:
		return SCORE_FACTOR_NOTE;
	case MLR_SEV_WARNING:
		return SCORE_FACTOR_WARNING;
	default:
		return SCORE_FACTOR_ERROR;
	}
}

static double clamp01(double v)
{
	if (!(v > 0.0)) /* also catches NaN */
		return 0.0;
	return v > 1.0 ? 1.0 : v;
}

/* A ratio at or above its target costs nothing; below it, the shortfall relative to the
 * target is the fraction of the weight lost, so 7/9 against a target of 1 loses 2/9. The
 * profile scales the rule's target before it is capped at 1. */
static double kpi_loss_fraction(const mlr_kpi *kpi, double scale)
{
	if (kpi->denominator == 0)
		return 0.0;
	double target = clamp01(clamp01(kpi->target) * scale);
	if (target <= 0.0)
		return 0.0;
	double ratio = clamp01((double)kpi->numerator / (double)kpi->denominator);
	return clamp01(1.0 - ratio / target);
}

/* The first error costs half the weight and each further one half of what is left:
 * monotonic in the number of findings, never more than the weight. */
static double findings_loss_fraction(double halvings)
{
	if (!(halvings > 0.0))
		return 0.0;
	return clamp01(1.0 - pow(0.5, halvings));
}

static double rule_weight(const mlr_rule *rule)
{
	double w = rule ? rule->weight : 0.0;
	return (isfinite(w) && w > 0.0) ? w : 0.0;
}

static rule_tally *tally_find(rule_tally *tallies, size_t count, const mlr_rule *rule, size_t *hint)
{
	if (!rule)
		return NULL;
	/* Findings arrive grouped by file, and a file's findings often share a rule. */
	if (*hint < count && tallies[*hint].rule == rule)
		return tallies[*hint].counted ? &tallies[*hint] : NULL;
	for (size_t i = 0; i < count; i++) {
		if (tallies[i].rule == rule && tallies[i].counted) {
			*hint = i;
			return &tallies[i];
		}
	}
	return NULL;
}

static int loss_compare(const void *a, const void *b)
{
	const mlr_score_loss *x = a, *y = b;
	if (x->points != y->points)
		return x->points > y->points ? -1 : 1;
	const char *xi = x->rule && x->rule->id ? x->rule->id : "";
	const char *yi = y->rule && y->rule->id ? y->rule->id : "";
	return strcmp(xi, yi);
}

static bool status_is_duplicate(const mlr_result *result, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (result->rules[j].rule == result->rules[i].rule)
			return true;
	return false;
}

static double profile_target_scale(const mlr_profile *profile, const mlr_rule *rule)
{
	int cat = (int)rule->category;
	if (cat < MLR_CAT_FIRST || cat > MLR_CAT_LAST)
		return 1.0;
	double scale = profile->target_scale[cat - 1];
	return (isfinite(scale) && scale > 0.0) ? scale : 1.0;
}

static double profile_category_weight(const mlr_profile *profile, int cat)
{
	double w = profile->category_weight[cat - 1];
	return (isfinite(w) && w > 0.0) ? w : 0.0;
}

static int score_tally(rule_tally **out, const mlr_result *result, const mlr_profile *profile)
{
	rule_tally *tallies = NULL;
	size_t hint = 0;
	int error = 0;

	*out = NULL;
	if (result->rule_count == 0)
		goto cleanup;
	tallies = calloc(result->rule_count, sizeof(*tallies));
	if (!tallies) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory while scoring");
		goto cleanup;
	}
	for (size_t i = 0; i < result->rule_count; i++) {
		tallies[i].rule = result->rules[i].rule;
		tallies[i].counted = result->rules[i].assessed && result->rules[i].rule &&
			!status_is_duplicate(result, i);
	}
	for (size_t i = 0; i < result->finding_count; i++) {
		const mlr_finding *f = &result->findings[i];
		rule_tally *t = tally_find(tallies, result->rule_count, f->rule, &hint);
		if (!t)
			continue;
		t->findings++;
		t->halvings += severity_factor(f->severity);
	}
	for (size_t i = 0; i < result->kpi_count; i++) {
		const mlr_kpi *k = &result->kpis[i];
		rule_tally *t = tally_find(tallies, result->rule_count, k->rule, &hint);
		if (!t)
			continue;
		double loss = kpi_loss_fraction(k, profile_target_scale(profile, t->rule));
		if (!t->has_kpi || loss > t->kpi_loss)
			t->kpi_loss = loss;
		t->has_kpi = true;
	}
	*out = tallies;
	tallies = NULL;

cleanup:
	free(tallies);
	return error;
}

static bool category_assessable(mlr_category cat)
{
	/* Change rules (MLR9xx) are assessed only in PR mode, where a change set exists;
	 * otherwise they report themselves not assessed and the category is left out. */
	(void)cat;
	return true;
}

static void score_category(mlr_category_score *cs, const rule_tally *tallies, size_t count)
{
	loss_array losses = { 0 };
	double total_weight = 0.0, total_loss = 0.0;
	bool any = false;

	if (!category_assessable(cs->category))
		goto cleanup;
	for (size_t i = 0; i < count; i++) {
		const rule_tally *t = &tallies[i];
		if (!t->counted || t->rule->category != cs->category)
			continue;
		any = true;
		total_weight += rule_weight(t->rule);
	}
	if (!any)
		goto cleanup;
	cs->assessable = true;
	cs->score = 100.0;
	if (total_weight <= 0.0)
		goto cleanup;

	for (size_t i = 0; i < count; i++) {
		const rule_tally *t = &tallies[i];
		if (!t->counted || t->rule->category != cs->category)
			continue;
		double fraction = t->has_kpi ? t->kpi_loss : findings_loss_fraction(t->halvings);
		double loss = rule_weight(t->rule) * fraction;
		if (!(loss > 0.0))
			continue;
		total_loss += loss;
		/* Points are on the category's 0..100 scale, so the category's score is
		 * exactly 100 minus the sum of its losses' points. */
		mlr_score_loss l = { t->rule, t->findings, 100.0 * loss / total_weight };
		if (mlr_array_push(&losses, l) < 0) {
			/* The score stays right; only the attribution is lost. */
			mlr_error_set(MLR_ENOMEM, "out of memory while scoring");
			mlr_array_delete(&losses);
			break;
		}
	}
	cs->score = 100.0 * (total_weight - total_loss) / total_weight;
	if (cs->score < 0.0)
		cs->score = 0.0;
	if (losses.len > 1)
		qsort(losses.items, losses.len, sizeof(*losses.items), loss_compare);
	cs->losses = losses.items;
	cs->loss_count = losses.len;
	losses.items = NULL;

cleanup:
	mlr_array_delete(&losses);
}

double mlr_score_kpi_target(const mlr_profile *profile, const mlr_kpi *kpi)
{
	if (!kpi)
		return 0.0;
	if (!profile)
		profile = mlr_profiles(NULL);
	double scale = kpi->rule ? profile_target_scale(profile, kpi->rule) : 1.0;
	return clamp01(clamp01(kpi->target) * scale);
}

const mlr_kpi *mlr_score_worst_kpi(const mlr_result *result, const mlr_profile *profile,
	const mlr_rule *rule)
{
	const mlr_kpi *worst = NULL;
	double worst_loss = -1.0;

	if (!result || !rule)
		return NULL;
	if (!profile)
		profile = mlr_profiles(NULL);
	for (size_t i = 0; i < result->kpi_count; i++) {
		const mlr_kpi *k = &result->kpis[i];
		if (k->rule != rule || k->denominator == 0)
			continue;
		double loss = kpi_loss_fraction(k, profile_target_scale(profile, rule));
		if (loss > worst_loss) {
			worst = k;
			worst_loss = loss;
		}
	}
	return worst;
}

void mlr_score_compute(mlr_result *result)
{
	mlr_score_compute_profile(result, NULL);
}

void mlr_score_compute_profile(mlr_result *result, const mlr_profile *profile)
{
	rule_tally *tallies = NULL;
	double sum = 0.0, weights = 0.0;

	if (!result)
		return;
	if (!profile)
		profile = mlr_profiles(NULL);
	mlr_score *score = &result->score;
	mlr_score_dispose(score);
	score->cap = MLR_SCORE_CAP;
	score->profile = profile;
	for (int c = MLR_CAT_FIRST; c <= MLR_CAT_LAST; c++)
		score->categories[c - 1].category = (mlr_category)c;

	/* Out of memory: every category stays not assessable rather than wrongly scored. */
	if (score_tally(&tallies, result, profile) < 0)
		goto cleanup;

	/* A blocking finding caps its own category as well as the overall score: a live key
	 * in the tree must not read as a mostly healthy security category. */
	bool blocked[MLR_CAT_LAST + 1] = { false };
	for (size_t i = 0; i < result->finding_count; i++)
		if (result->findings[i].blocking && result->findings[i].rule &&
		    result->findings[i].rule->category >= MLR_CAT_FIRST &&
		    result->findings[i].rule->category <= MLR_CAT_LAST) {
			blocked[result->findings[i].rule->category] = true;
			score->capped = true;
		}
	for (int c = MLR_CAT_FIRST; c <= MLR_CAT_LAST; c++) {
		mlr_category_score *cs = &score->categories[c - 1];
		score_category(cs, tallies, tallies ? result->rule_count : 0);
		if (cs->assessable && blocked[c] && cs->score > score->cap)
			cs->score = score->cap;
		if (cs->assessable) {
			double w = profile_category_weight(profile, c);
			sum += w * cs->score;
			weights += w;
		}
	}
	/* A profile that weighs every assessable category 0 leaves nothing to average: 0,
	 * so a --min-score gate fails rather than passes. */
	score->overall = weights > 0.0 ? sum / weights : 0.0;

	if (score->capped && score->overall > score->cap)
		score->overall = score->cap;

cleanup:
	free(tallies);
}

void mlr_score_dispose(mlr_score *score)
{
	if (!score)
		return;
	for (size_t i = 0; i < MLR_CAT_LAST; i++)
		free(score->categories[i].losses);
	memset(score, 0, sizeof(*score));
}

double mlr_score_round1(double value)
{
	if (!isfinite(value))
		return 0.0;
	return round(value * 10.0) / 10.0;
}

bool mlr_score_assessable(const mlr_score *score)
{
	if (!score)
		return false;
	for (size_t i = 0; i < MLR_CAT_LAST; i++)
		if (score->categories[i].assessable)
			return true;
	return false;
}
