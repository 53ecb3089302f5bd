/* The readiness score: formula, attribution and determinism, on hand-built results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "mlready.h"
#include "score/score.h"

static const mlr_rule rule_tests = { .id = "MLR101", .name = "missing-tests",
	.category = MLR_CAT_TESTING, .severity = MLR_SEV_ERROR, .weight = 10 };
static const mlr_rule rule_tests2 = { .id = "MLR102", .name = "untested-preprocessing",
	.category = MLR_CAT_TESTING, .severity = MLR_SEV_WARNING, .weight = 10 };
static const mlr_rule rule_secret = { .id = "MLR201", .name = "hardcoded-secret",
	.category = MLR_CAT_SECURITY, .severity = MLR_SEV_ERROR, .weight = 10 };
static const mlr_rule rule_pickle = { .id = "MLR202", .name = "unsafe-pickle",
	.category = MLR_CAT_SECURITY, .severity = MLR_SEV_WARNING, .weight = 10 };
static const mlr_rule rule_pii = { .id = "MLR203", .name = "pii-in-logs",
	.category = MLR_CAT_SECURITY, .severity = MLR_SEV_WARNING, .weight = 10 };
static const mlr_rule rule_track = { .id = "MLR301", .name = "untracked-training",
	.category = MLR_CAT_REPRODUCIBILITY, .severity = MLR_SEV_WARNING, .weight = 10 };
static const mlr_rule rule_seed = { .id = "MLR302", .name = "unseeded-randomness",
	.category = MLR_CAT_REPRODUCIBILITY, .severity = MLR_SEV_WARNING, .weight = 10 };
static const mlr_rule rule_change = { .id = "MLR901", .name = "model-changed-unevaluated",
	.category = MLR_CAT_CHANGE, .severity = MLR_SEV_WARNING, .weight = 10 };

#define EPS 1e-9

static mlr_finding finding(const mlr_rule *rule, mlr_severity sev)
{
	mlr_finding f = { .rule = rule, .severity = sev, .path = "a.py", .line = 1, .column = 1,
		.message = "m" };
	return f;
}

static const mlr_category_score *cat(const mlr_result *r, mlr_category c)
{
	return &r->score.categories[c - 1];
}

static void test_nothing_assessed_is_all_na(void **state)
{
	(void)state;
	mlr_rule_status rules[] = { { &rule_tests, false }, { &rule_secret, false } };
	mlr_finding findings[] = { finding(&rule_secret, MLR_SEV_ERROR) };
	mlr_result r = { .rules = rules, .rule_count = 2, .findings = findings, .finding_count = 1 };

	mlr_score_compute(&r);
	for (int c = MLR_CAT_FIRST; c <= MLR_CAT_LAST; c++) {
		assert_false(cat(&r, (mlr_category)c)->assessable);
		assert_int_equal(cat(&r, (mlr_category)c)->loss_count, 0);
		assert_int_equal(cat(&r, (mlr_category)c)->category, c);
	}
	assert_false(mlr_score_assessable(&r.score));
	assert_true(fabs(r.score.overall) < EPS);
	mlr_score_dispose(&r.score);
}

static void test_empty_result(void **state)
{
	(void)state;
	mlr_result r = { 0 };
	mlr_score_compute(&r);
	assert_false(mlr_score_assessable(&r.score));
	mlr_score_compute(NULL);
	mlr_score_dispose(NULL);
	mlr_score_dispose(&r.score);
}

static void test_kpi_loss(void **state)
{
	(void)state;
	mlr_rule_status rules[] = { { &rule_track, true }, { &rule_seed, true } };
	/* Findings of a KPI rule do not count twice: the KPI alone sets its loss. */
	mlr_finding findings[] = { finding(&rule_track, MLR_SEV_ERROR), finding(&rule_track, MLR_SEV_ERROR) };
	mlr_kpi kpis[] = { { .rule = &rule_track, .key = "tracked", .label = "tracked",
		.numerator = 7, .denominator = 9, .target = 1.0 } };
	mlr_result r = { .rules = rules, .rule_count = 2, .findings = findings, .finding_count = 2,
		.kpis = kpis, .kpi_count = 1 };

	mlr_score_compute(&r);
	const mlr_category_score *cs = cat(&r, MLR_CAT_REPRODUCIBILITY);
	assert_true(cs->assessable);
	/* loss = 10 * (1 - 7/9) over a total weight of 20 */
	assert_true(fabs(cs->score - 100.0 * (20.0 - 10.0 * 2.0 / 9.0) / 20.0) < EPS);
	assert_int_equal(cs->loss_count, 1);
	assert_ptr_equal(cs->losses[0].rule, &rule_track);
	assert_int_equal(cs->losses[0].findings, 2);
	assert_true(fabs(cs->losses[0].points - (100.0 - cs->score)) < EPS);

	/* One slip in a large repository costs little. */
	kpis[0].numerator = 99;
	kpis[0].denominator = 100;
	mlr_score_compute(&r);
	assert_true(cat(&r, MLR_CAT_REPRODUCIBILITY)->score > 99.0);
	assert_true(cat(&r, MLR_CAT_REPRODUCIBILITY)->score < 100.0);

	/* At or above the target: no loss. */
	kpis[0].numerator = 9;
	kpis[0].denominator = 10;
	kpis[0].target = 0.8;
	mlr_score_compute(&r);
	assert_true(fabs(cat(&r, MLR_CAT_REPRODUCIBILITY)->score - 100.0) < EPS);
	assert_int_equal(cat(&r, MLR_CAT_REPRODUCIBILITY)->loss_count, 0);

	/* Nothing to measure: no loss, and the findings are not used instead. */
	kpis[0].numerator = 0;
	kpis[0].denominator = 0;
	mlr_score_compute(&r);
	assert_true(fabs(cat(&r, MLR_CAT_REPRODUCIBILITY)->score - 100.0) < EPS);

	/* A numerator above the denominator (a buggy rule) never earns more than full points. */
	kpis[0].numerator = 50;
	kpis[0].denominator = 10;
	kpis[0].target = 1.0;
	mlr_score_compute(&r);
	assert_true(fabs(cat(&r, MLR_CAT_REPRODUCIBILITY)->score - 100.0) < EPS);

	/* Nothing tracked at all loses the whole weight of the rule. */
	kpis[0].numerator = 0;
	kpis[0].denominator = 4;
	mlr_score_compute(&r);
	assert_true(fabs(cat(&r, MLR_CAT_REPRODUCIBILITY)->score - 50.0) < EPS);
	mlr_score_dispose(&r.score);
}

static void test_saturation(void **state)
{
	(void)state;
	mlr_rule_status rules[] = { { &rule_secret, true } };
	mlr_finding findings[300];
	for (size_t i = 0; i < 300; i++)
		findings[i] = finding(&rule_secret, MLR_SEV_ERROR);
	mlr_result r = { .rules = rules, .rule_count = 1, .findings = findings };
	double previous = 100.0;

	static const double expected[] = { 100.0, 50.0, 25.0, 12.5 };
	for (size_t n = 0; n < 4; n++) {
		r.finding_count = n;
		mlr_score_compute(&r);
		assert_true(fabs(cat(&r, MLR_CAT_SECURITY)->score - expected[n]) < EPS);
	}
	for (size_t n = 1; n <= 300; n += 7) {
		r.finding_count = n;
		mlr_score_compute(&r);
		double s = cat(&r, MLR_CAT_SECURITY)->score;
		assert_true(s >= 0.0);
		assert_true(s <= previous);
		assert_int_equal(cat(&r, MLR_CAT_SECURITY)->losses[0].findings, n);
		previous = s;
	}
	mlr_score_dispose(&r.score);
}

static void test_severity_weighting(void **state)
{
	(void)state;
	mlr_rule_status rules[] = { { &rule_secret, true } };
	mlr_finding findings[1];
	mlr_result r = { .rules = rules, .rule_count = 1, .findings = findings, .finding_count = 1 };
	double scores[3];
	static const mlr_severity sevs[3] = { MLR_SEV_ERROR, MLR_SEV_WARNING, MLR_SEV_NOTE };
	static const double halvings[3] = { 1.0, 0.6, 0.25 };

	for (int i = 0; i < 3; i++) {
		/* The finding's severity counts, not the rule's default. */
		findings[0] = finding(&rule_secret, sevs[i]);
		mlr_score_compute(&r);
		scores[i] = cat(&r, MLR_CAT_SECURITY)->score;
		assert_true(fabs(scores[i] - 100.0 * pow(0.5, halvings[i])) < EPS);
	}
	assert_true(scores[0] < scores[1]);
	assert_true(scores[1] < scores[2]);
	assert_true(scores[2] < 100.0);
	mlr_score_dispose(&r.score);
}

static void test_not_assessed_rule_ignored(void **state)
{
	(void)state;
	mlr_rule_status rules[] = { { &rule_tests, true }, { &rule_tests2, false } };
	mlr_finding findings[] = {
		finding(&rule_tests2, MLR_SEV_ERROR),
		finding(&rule_tests2, MLR_SEV_ERROR),
		finding(&rule_secret, MLR_SEV_ERROR), /* a rule with no status at all */
	};
	mlr_result r = { .rules = rules, .rule_count = 2, .findings = findings, .finding_count = 3 };

	mlr_score_compute(&r);
	assert_true(cat(&r, MLR_CAT_TESTING)->assessable);
	assert_true(fabs(cat(&r, MLR_CAT_TESTING)->score - 100.0) < EPS);
	assert_int_equal(cat(&r, MLR_CAT_TESTING)->loss_count, 0);
	assert_false(cat(&r, MLR_CAT_SECURITY)->assessable);
	assert_true(fabs(r.score.overall - 100.0) < EPS);
	mlr_score_dispose(&r.score);
}

static void test_overall_is_mean_and_change_not_assessable(void **state)
{
	(void)state;
	mlr_rule_status rules[] = { { &rule_tests, true }, { &rule_secret, true }, { &rule_change, true } };
	mlr_finding findings[] = { finding(&rule_secret, MLR_SEV_ERROR), finding(&rule_change, MLR_SEV_ERROR) };
	mlr_result r = { .rules = rules, .rule_count = 3, .findings = findings, .finding_count = 2 };

	mlr_score_compute(&r);
	assert_false(cat(&r, MLR_CAT_CHANGE)->assessable);
	assert_true(fabs(r.score.overall - 75.0) < EPS);
	assert_false(r.score.capped);
	mlr_score_dispose(&r.score);
}

static void test_blocking_caps(void **state)
{
	(void)state;
	mlr_rule_status rules[] = { { &rule_tests, true }, { &rule_secret, true }, { &rule_track, true } };
	mlr_finding findings[] = { finding(&rule_secret, MLR_SEV_NOTE) };
	mlr_result r = { .rules = rules, .rule_count = 3, .findings = findings, .finding_count = 1 };

	mlr_score_compute(&r);
	double uncapped = r.score.overall;
	assert_true(uncapped > 90.0);
	assert_false(r.score.capped);

	findings[0].blocking = true;
	mlr_score_compute(&r);
	assert_true(r.score.capped);
	assert_true(fabs(r.score.cap - MLR_SCORE_CAP) < EPS);
	assert_true(fabs(r.score.overall - MLR_SCORE_CAP) < EPS);
	/* Categories keep their own scores: the cap is on the overall only. */
	assert_true(cat(&r, MLR_CAT_TESTING)->score > 99.0);

	/* Below the cap already: the cap does not raise it. */
	mlr_rule_status one[] = { { &rule_secret, true } };
	mlr_finding many[] = { finding(&rule_secret, MLR_SEV_ERROR), finding(&rule_secret, MLR_SEV_ERROR) };
	many[0].blocking = true;
	mlr_result low = { .rules = one, .rule_count = 1, .findings = many, .finding_count = 2 };
	mlr_score_compute(&low);
	assert_true(low.score.capped);
	assert_true(fabs(low.score.overall - 25.0) < EPS);
	mlr_score_dispose(&low.score);
	mlr_score_dispose(&r.score);
}

static void test_losses_sorted_and_attributable(void **state)
{
	(void)state;
	mlr_rule_status rules[] = { { &rule_secret, true }, { &rule_pickle, true }, { &rule_pii, true } };
	/* MLR203 and MLR202 tie (one warning each); MLR201 costs most (two errors). */
	mlr_finding findings[] = {
		finding(&rule_pii, MLR_SEV_WARNING),
		finding(&rule_secret, MLR_SEV_ERROR),
		finding(&rule_pickle, MLR_SEV_WARNING),
		finding(&rule_secret, MLR_SEV_ERROR),
	};
	mlr_result r = { .rules = rules, .rule_count = 3, .findings = findings, .finding_count = 4 };

	mlr_score_compute(&r);
	const mlr_category_score *cs = cat(&r, MLR_CAT_SECURITY);
	assert_int_equal(cs->loss_count, 3);
	assert_string_equal(cs->losses[0].rule->id, "MLR201");
	assert_int_equal(cs->losses[0].findings, 2);
	assert_string_equal(cs->losses[1].rule->id, "MLR202");
	assert_string_equal(cs->losses[2].rule->id, "MLR203");
	assert_true(cs->losses[0].points > cs->losses[1].points);
	assert_true(fabs(cs->losses[1].points - cs->losses[2].points) < EPS);
	double sum = 0.0;
	for (size_t i = 0; i < cs->loss_count; i++)
		sum += cs->losses[i].points;
	assert_true(fabs(100.0 - sum - cs->score) < EPS);
	/* 2 errors: 10 * 0.75 of a total weight 30 is 25 points. */
	assert_true(fabs(cs->losses[0].points - 25.0) < EPS);
	mlr_score_dispose(&r.score);
}

static void test_deterministic(void **state)
{
	(void)state;
	mlr_rule_status rules[] = { { &rule_tests, true }, { &rule_secret, true }, { &rule_pickle, true },
		{ &rule_track, true }, { &rule_seed, true } };
	mlr_finding findings[] = { finding(&rule_pickle, MLR_SEV_WARNING), finding(&rule_secret, MLR_SEV_ERROR),
		finding(&rule_seed, MLR_SEV_NOTE) };
	mlr_kpi kpis[] = { { .rule = &rule_track, .key = "k", .label = "k", .numerator = 3,
		.denominator = 7, .target = 0.9 } };
	mlr_result a = { .rules = rules, .rule_count = 5, .findings = findings, .finding_count = 3,
		.kpis = kpis, .kpi_count = 1 };
	mlr_result b = a;

	mlr_score_compute(&a);
	mlr_score_compute(&b);
	assert_memory_equal(&a.score.overall, &b.score.overall, sizeof(double));
	for (size_t c = 0; c < MLR_CAT_LAST; c++) {
		const mlr_category_score *x = &a.score.categories[c], *y = &b.score.categories[c];
		assert_int_equal(x->assessable, y->assessable);
		assert_memory_equal(&x->score, &y->score, sizeof(double));
		assert_int_equal(x->loss_count, y->loss_count);
		for (size_t i = 0; i < x->loss_count; i++) {
			assert_ptr_equal(x->losses[i].rule, y->losses[i].rule);
			assert_memory_equal(&x->losses[i].points, &y->losses[i].points, sizeof(double));
		}
	}
	mlr_score_dispose(&a.score);
	mlr_score_dispose(&b.score);
}

static void test_duplicate_status_and_bad_weight(void **state)
{
	(void)state;
	static const mlr_rule weightless = { .id = "MLR103", .name = "w", .category = MLR_CAT_TESTING,
		.weight = -5 };
	/* A rule listed twice weighs once; a negative weight weighs nothing. */
	mlr_rule_status rules[] = { { &rule_tests, true }, { &rule_tests, true }, { &rule_tests2, true },
		{ &weightless, true } };
	mlr_finding findings[] = { finding(&rule_tests, MLR_SEV_ERROR), finding(&weightless, MLR_SEV_ERROR) };
	mlr_result r = { .rules = rules, .rule_count = 4, .findings = findings, .finding_count = 2 };

	mlr_score_compute(&r);
	assert_true(fabs(cat(&r, MLR_CAT_TESTING)->score - 75.0) < EPS);
	assert_int_equal(cat(&r, MLR_CAT_TESTING)->loss_count, 1);

	/* Only weightless rules assessed: assessable, nothing to lose. */
	mlr_rule_status only[] = { { &weightless, true } };
	r.rules = only;
	r.rule_count = 1;
	mlr_score_compute(&r);
	assert_true(cat(&r, MLR_CAT_TESTING)->assessable);
	assert_true(fabs(cat(&r, MLR_CAT_TESTING)->score - 100.0) < EPS);
	mlr_score_dispose(&r.score);
}

static void test_round1(void **state)
{
	(void)state;
	assert_true(fabs(mlr_score_round1(72.25) - 72.3) < EPS);
	assert_true(fabs(mlr_score_round1(-0.25) + 0.3) < EPS);
	assert_true(fabs(mlr_score_round1(88.8888) - 88.9) < EPS);
	assert_true(fabs(mlr_score_round1(0.04) - 0.0) < EPS);
	assert_true(fabs(mlr_score_round1(NAN)) < EPS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_assessed_is_all_na),
		cmocka_unit_test(test_empty_result),
		cmocka_unit_test(test_kpi_loss),
		cmocka_unit_test(test_saturation),
		cmocka_unit_test(test_severity_weighting),
		cmocka_unit_test(test_not_assessed_rule_ignored),
		cmocka_unit_test(test_overall_is_mean_and_change_not_assessable),
		cmocka_unit_test(test_blocking_caps),
		cmocka_unit_test(test_losses_sorted_and_attributable),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_duplicate_status_and_bad_weight),
		cmocka_unit_test(test_round1),
	};
	return cmocka_run_group_tests_name("score", tests, NULL, NULL);
}
