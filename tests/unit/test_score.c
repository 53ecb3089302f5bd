/* The readiness score: formula, attribution and determinism, on hand-built results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "mlready.h"
#include "score/mltest.h"
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

/* Change rules report themselves assessed only in PR mode; outside it the category is
 * left out like any other with nothing assessed. */
static void test_overall_is_mean_and_change_only_in_pr_mode(void **state)
{
	(void)state;
	mlr_rule_status rules[] = { { &rule_tests, true }, { &rule_secret, true }, { &rule_change, false } };
	mlr_finding findings[] = { finding(&rule_secret, MLR_SEV_ERROR) };
	mlr_result r = { .rules = rules, .rule_count = 3, .findings = findings, .finding_count = 1 };

	mlr_score_compute(&r);
	assert_false(cat(&r, MLR_CAT_CHANGE)->assessable);
	assert_true(fabs(r.score.overall - 75.0) < EPS);
	assert_false(r.score.capped);

	mlr_finding pr[] = { finding(&rule_secret, MLR_SEV_ERROR), finding(&rule_change, MLR_SEV_ERROR) };
	rules[2].assessed = true;
	r.findings = pr;
	r.finding_count = 2;
	mlr_score_compute(&r);
	assert_true(cat(&r, MLR_CAT_CHANGE)->assessable);
	assert_true(fabs(r.score.overall - 200.0 / 3.0) < EPS);
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
	/* The blocking finding's own category is capped too; the others keep their scores. */
	assert_true(fabs(cat(&r, MLR_CAT_SECURITY)->score - MLR_SCORE_CAP) < EPS);
	assert_true(cat(&r, MLR_CAT_TESTING)->score > 99.0);
	assert_true(cat(&r, MLR_CAT_REPRODUCIBILITY)->score > 99.0);

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

/* ---- profiles ---- */

static void test_profile_find(void **state)
{
	(void)state;
	size_t n = 0;
	const mlr_profile *all = mlr_profiles(&n);
	assert_true(n >= 3);
	assert_string_equal(all[0].name, "default");
	const mlr_profile *p = NULL;
	assert_int_equal(mlr_profile_find(&p, NULL), 0);
	assert_ptr_equal(p, &all[0]);
	assert_int_equal(mlr_profile_find(&p, ""), 0);
	assert_ptr_equal(p, &all[0]);
	assert_int_equal(mlr_profile_find(&p, "Prototype"), 0);
	assert_string_equal(p->name, "prototype");
	assert_int_equal(mlr_profile_find(&p, "production"), 0);
	assert_string_equal(p->name, "production");
	assert_int_equal(mlr_profile_find(&p, "staging"), MLR_EUSAGE);
	assert_null(p);
	assert_non_null(strstr(mlr_error_last(), "staging"));
	assert_int_equal(mlr_profile_find(NULL, "default"), MLR_EUSAGE);
	/* Every built-in profile weighs security, and no weight or scale is negative. */
	for (size_t i = 0; i < n; i++) {
		assert_non_null(all[i].summary);
		assert_true(all[i].category_weight[MLR_CAT_SECURITY - 1] > 0.0);
		for (int c = 0; c < MLR_CAT_LAST; c++) {
			assert_true(all[i].category_weight[c] >= 0.0);
			assert_true(all[i].target_scale[c] > 0.0);
		}
	}
}

/* Profiles change the weights of categories in the overall score and KPI targets, and
 * never which findings count. */
static void test_profile_weights_and_targets(void **state)
{
	(void)state;
	mlr_rule_status rules[] = { { &rule_tests, true }, { &rule_secret, true }, { &rule_track, true } };
	mlr_finding findings[] = { finding(&rule_secret, MLR_SEV_ERROR) };
	mlr_kpi kpis[] = { { .rule = &rule_tests, .key = "tests", .label = "tests", .numerator = 1,
		.denominator = 4, .target = 0.5 } };
	mlr_result r = { .rules = rules, .rule_count = 3, .findings = findings, .finding_count = 1,
		.kpis = kpis, .kpi_count = 1 };
	const mlr_profile *def = NULL, *proto = NULL, *prod = NULL;
	assert_int_equal(mlr_profile_find(&def, "default"), 0);
	assert_int_equal(mlr_profile_find(&proto, "prototype"), 0);
	assert_int_equal(mlr_profile_find(&prod, "production"), 0);

	/* default: testing 1/4 against 0.5 loses half; security one error loses half. */
	mlr_score_compute(&r);
	assert_ptr_equal(r.score.profile, def);
	assert_true(fabs(cat(&r, MLR_CAT_TESTING)->score - 50.0) < EPS);
	assert_true(fabs(cat(&r, MLR_CAT_SECURITY)->score - 50.0) < EPS);
	assert_true(fabs(r.score.overall - (50.0 + 50.0 + 100.0) / 3.0) < EPS);
	double tgt = mlr_score_kpi_target(NULL, &kpis[0]);
	assert_true(fabs(tgt - 0.5) < EPS);

	/* prototype: the testing target is halved to 0.25, which 1/4 meets. */
	mlr_score_compute_profile(&r, proto);
	assert_ptr_equal(r.score.profile, proto);
	assert_true(fabs(cat(&r, MLR_CAT_TESTING)->score - 100.0) < EPS);
	assert_true(fabs(mlr_score_kpi_target(proto, &kpis[0]) - 0.25) < EPS);
	double w_t = proto->category_weight[MLR_CAT_TESTING - 1], w_s = proto->category_weight[MLR_CAT_SECURITY - 1],
		w_r = proto->category_weight[MLR_CAT_REPRODUCIBILITY - 1];
	assert_true(fabs(r.score.overall - (w_t * 100.0 + w_s * 50.0 + w_r * 100.0) / (w_t + w_s + w_r)) < EPS);
	/* The same findings either way. */
	assert_int_equal(cat(&r, MLR_CAT_SECURITY)->losses[0].findings, 1);

	/* production: the target is raised to 0.625, so 1/4 loses 60 %. */
	mlr_score_compute_profile(&r, prod);
	assert_true(fabs(cat(&r, MLR_CAT_TESTING)->score - 100.0 * (0.25 / 0.625)) < 1e-6);
	/* A target of 1 stays 1: the scale is capped. */
	kpis[0].target = 1.0;
	assert_true(fabs(mlr_score_kpi_target(prod, &kpis[0]) - 1.0) < EPS);
	mlr_score_compute_profile(&r, prod);
	assert_true(fabs(cat(&r, MLR_CAT_TESTING)->score - 25.0) < EPS);
	/* A profile with every assessable category at weight 0 gives 0, never a division by 0. */
	mlr_profile zero = { .name = "zero", .summary = "" };
	for (int c = 0; c < MLR_CAT_LAST; c++)
		zero.target_scale[c] = 1.0;
	mlr_score_compute_profile(&r, &zero);
	assert_true(fabs(r.score.overall) < EPS);
	assert_true(mlr_score_assessable(&r.score));
	mlr_score_dispose(&r.score);
}

static void test_worst_kpi(void **state)
{
	(void)state;
	mlr_kpi kpis[] = {
		{ .rule = &rule_track, .key = "a", .label = "a", .numerator = 9, .denominator = 10, .target = 1.0 },
		{ .rule = &rule_track, .key = "b", .label = "b", .numerator = 1, .denominator = 10, .target = 1.0 },
		{ .rule = &rule_track, .key = "c", .label = "c", .numerator = 0, .denominator = 0, .target = 1.0 },
		{ .rule = &rule_seed, .key = "d", .label = "d", .numerator = 0, .denominator = 3, .target = 1.0 },
	};
	mlr_result r = { .kpis = kpis, .kpi_count = 4 };
	assert_ptr_equal(mlr_score_worst_kpi(&r, NULL, &rule_track), &kpis[1]);
	assert_ptr_equal(mlr_score_worst_kpi(&r, NULL, &rule_seed), &kpis[3]);
	assert_null(mlr_score_worst_kpi(&r, NULL, &rule_tests));
	assert_null(mlr_score_worst_kpi(NULL, NULL, &rule_tests));
}

/* The worked example of docs/scoring.md, number for number. */
static void test_worked_example(void **state)
{
	(void)state;
	static const mlr_rule t = { .id = "MLR101", .name = "missing-tests", .category = MLR_CAT_TESTING, .weight = 60 };
	static const mlr_rule s = { .id = "MLR201", .name = "hardcoded-secret", .category = MLR_CAT_SECURITY, .weight = 50 };
	static const mlr_rule k = { .id = "MLR301", .name = "untracked-experiment", .category = MLR_CAT_REPRODUCIBILITY, .weight = 40 };
	static const mlr_rule r2 = { .id = "MLR399", .name = "r", .category = MLR_CAT_REPRODUCIBILITY, .weight = 20 };
	mlr_rule_status rules[] = { { &t, true }, { &s, true }, { &k, true }, { &r2, true } };
	mlr_finding findings[] = { finding(&s, MLR_SEV_ERROR), finding(&r2, MLR_SEV_WARNING), finding(&r2, MLR_SEV_WARNING) };
	mlr_kpi kpis[] = { { .rule = &k, .key = "tracked_training_entry_points", .label = "tracked", .numerator = 7,
		.denominator = 9, .target = 1.0 } };
	mlr_result r = { .rules = rules, .rule_count = 4, .findings = findings, .finding_count = 3,
		.kpis = kpis, .kpi_count = 1 };

	mlr_score_compute(&r);
	assert_true(fabs(mlr_score_round1(cat(&r, MLR_CAT_SECURITY)->score) - 50.0) < EPS);
	const mlr_category_score *repro = cat(&r, MLR_CAT_REPRODUCIBILITY);
	assert_true(fabs(mlr_score_round1(repro->score) - 66.4) < EPS);
	assert_ptr_equal(repro->losses[0].rule, &r2);
	assert_true(fabs(mlr_score_round1(repro->losses[0].points) - 18.8) < EPS);
	assert_true(fabs(mlr_score_round1(repro->losses[1].points) - 14.8) < EPS);
	assert_true(fabs(mlr_score_round1(r.score.overall) - 72.1) < EPS);
	findings[0].blocking = true;
	mlr_score_compute(&r);
	assert_true(fabs(r.score.overall - 40.0) < EPS);
	findings[0].blocking = false;

	const mlr_profile *p = NULL;
	assert_int_equal(mlr_profile_find(&p, "production"), 0);
	mlr_score_compute_profile(&r, p);
	assert_true(fabs(mlr_score_round1(r.score.overall) - 70.3) < EPS);
	assert_int_equal(mlr_profile_find(&p, "prototype"), 0);
	mlr_score_compute_profile(&r, p);
	assert_true(fabs(mlr_score_round1(r.score.overall) - 62.4) < EPS);
	mlr_score_dispose(&r.score);
}

/* ---- the ML Test Score view ---- */

/* Rules named as the mapping in mltest.c names them; the view keys on id and name. */
static const mlr_rule mt_tests = { .id = "MLR101", .name = "missing-tests", .category = MLR_CAT_TESTING, .weight = 10 };
static const mlr_rule mt_secret = { .id = "MLR201", .name = "hardcoded-secret", .category = MLR_CAT_SECURITY, .weight = 10 };
static const mlr_rule mt_track = { .id = "MLR301", .name = "untracked-experiment", .category = MLR_CAT_REPRODUCIBILITY, .weight = 10 };
static const mlr_rule mt_renamed = { .id = "MLR301", .name = "something-else", .category = MLR_CAT_REPRODUCIBILITY, .weight = 10 };

static const mlr_mltest_item *mt_item(const mlr_mltest *mt, const char *id)
{
	for (size_t i = 0; i < MLR_MLTEST_TESTS; i++)
		if (strcmp(mt->items[i].id, id) == 0)
			return &mt->items[i];
	fail_msg("no ML Test Score item %s", id);
	return NULL;
}

static void test_mltest_rubric_shape(void **state)
{
	(void)state;
	mlr_mltest mt;
	mlr_mltest_compute(&mt, NULL);
	size_t per_section[MLR_MLTEST_SECTIONS] = { 0 };
	for (size_t i = 0; i < MLR_MLTEST_TESTS; i++) {
		const mlr_mltest_item *it = &mt.items[i];
		per_section[it->section]++;
		assert_non_null(it->title);
		assert_non_null(it->note);
		/* Nothing was assessed: nothing scores, nothing is evidenced. */
		assert_true(it->status == MLR_MLTEST_CANNOT);
		assert_true(it->points == 0.0);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(it->id, mt.items[j].id);
	}
	for (int s = 0; s < MLR_MLTEST_SECTIONS; s++)
		assert_int_equal(per_section[s], 7);
	assert_false(mt.assessable);
	assert_string_equal(mlr_mltest_section_key(MLR_MLTEST_MONITOR), "monitor");
	assert_string_equal(mlr_mltest_status_key(MLR_MLTEST_AUTOMATED), "automated");
	assert_string_equal(mlr_mltest_status_key(MLR_MLTEST_CANNOT), "cannot-evidence");
	/* Tests no static analysis can evidence say so, and never score. */
	assert_false(mt_item(&mt, "model-2")->mapped);
	assert_false(mt_item(&mt, "monitor-7")->mapped);
	assert_true(mt_item(&mt, "infra-2")->mapped);
}

static void test_mltest_evidence(void **state)
{
	(void)state;
	mlr_rule_status rules[] = { { &mt_tests, true }, { &mt_secret, true }, { &mt_track, false } };
	mlr_kpi kpis[] = { { .rule = &mt_tests, .key = "test_files_per_module", .label = "t", .numerator = 3,
		.denominator = 12, .target = 0.5 } };
	mlr_finding findings[] = { finding(&mt_secret, MLR_SEV_ERROR) };
	mlr_result r = { .rules = rules, .rule_count = 3, .kpis = kpis, .kpi_count = 1,
		.findings = findings, .finding_count = 1 };
	mlr_mltest mt;

	mlr_mltest_compute(&mt, &r);
	/* Tests exist (a KPI with a non-zero numerator): present, 0.5; no CI rule here. */
	const mlr_mltest_item *unit = mt_item(&mt, "infra-2");
	assert_int_equal(unit->status, MLR_MLTEST_PRESENT);
	assert_true(unit->points == 0.5);
	assert_string_equal(unit->basis, "MLR101");
	/* Tracking was not assessed (nothing trains): infra-1 does not apply. */
	assert_int_equal(mt_item(&mt, "infra-1")->status, MLR_MLTEST_NOT_APPLICABLE);
	/* A committed credential: privacy controls missing, and MLR201 says why. */
	const mlr_mltest_item *privacy = mt_item(&mt, "data-5");
	assert_int_equal(privacy->status, MLR_MLTEST_MISSING);
	assert_string_equal(privacy->basis, "MLR201");
	/* Sections: data scored 1 test (0), infra 1 (0.5); model and monitoring have
	 * nothing and are left out of the minimum. */
	assert_true(mt.section_assessable[MLR_MLTEST_DATA]);
	assert_int_equal(mt.section_scored[MLR_MLTEST_DATA], 1);
	assert_true(mt.section_assessable[MLR_MLTEST_INFRA]);
	assert_true(mt.section_score[MLR_MLTEST_INFRA] == 0.5);
	assert_false(mt.section_assessable[MLR_MLTEST_MODEL]);
	assert_false(mt.section_assessable[MLR_MLTEST_MONITOR]);
	assert_true(mt.assessable);
	assert_true(mt.score == 0.0);

	/* Fix the secret: privacy present, minimum rises to 0.5. */
	r.finding_count = 0;
	mlr_mltest_compute(&mt, &r);
	assert_int_equal(mt_item(&mt, "data-5")->status, MLR_MLTEST_PRESENT);
	assert_true(mt.score == 0.5);

	/* No tests: a KPI with numerator 0 is no evidence; one with nothing to measure
	 * does not apply. */
	kpis[0].numerator = 0;
	mlr_mltest_compute(&mt, &r);
	assert_int_equal(mt_item(&mt, "infra-2")->status, MLR_MLTEST_MISSING);
	kpis[0].denominator = 0;
	mlr_mltest_compute(&mt, &r);
	assert_int_equal(mt_item(&mt, "infra-2")->status, MLR_MLTEST_NOT_APPLICABLE);

	/* Training assessed, tracked, no finding: infra-1 needs every assessed part. */
	kpis[0].numerator = 3;
	kpis[0].denominator = 12;
	rules[2].assessed = true;
	mlr_mltest_compute(&mt, &r);
	assert_int_equal(mt_item(&mt, "infra-1")->status, MLR_MLTEST_PRESENT);
	mlr_finding untracked[] = { finding(&mt_track, MLR_SEV_WARNING) };
	r.findings = untracked;
	r.finding_count = 1;
	mlr_mltest_compute(&mt, &r);
	assert_int_equal(mt_item(&mt, "infra-1")->status, MLR_MLTEST_MISSING);
	assert_string_equal(mt_item(&mt, "infra-1")->basis, "MLR301");

	/* An id that now names another rule is no evidence at all. */
	rules[2].rule = &mt_renamed;
	mlr_mltest_compute(&mt, &r);
	assert_int_equal(mt_item(&mt, "infra-1")->status, MLR_MLTEST_CANNOT);
	assert_true(mt_item(&mt, "infra-1")->mapped);
}

/* CI evidence lifts a present test from 0.5 to 1.0. */
static void test_mltest_automated(void **state)
{
	(void)state;
	static const mlr_rule ci = { .id = "MLR702", .name = "ci-no-tests", .category = MLR_CAT_CICD, .weight = 10 };
	mlr_rule_status rules[] = { { &mt_tests, true }, { &ci, true } };
	mlr_finding no_tests_in_ci[] = { finding(&ci, MLR_SEV_WARNING) };
	mlr_result r = { .rules = rules, .rule_count = 2, .findings = no_tests_in_ci, .finding_count = 1 };
	mlr_mltest mt;

	mlr_mltest_compute(&mt, &r);
	assert_int_equal(mt_item(&mt, "infra-2")->status, MLR_MLTEST_PRESENT);
	r.finding_count = 0;
	mlr_mltest_compute(&mt, &r);
	const mlr_mltest_item *it = mt_item(&mt, "infra-2");
	assert_int_equal(it->status, MLR_MLTEST_AUTOMATED);
	assert_true(it->points == 1.0);
	assert_string_equal(it->basis, "MLR702");
	assert_true(mt.score == 1.0);
	/* CI alone is not evidence that the test exists. */
	mlr_finding no_tests[] = { finding(&mt_tests, MLR_SEV_ERROR) };
	r.findings = no_tests;
	r.finding_count = 1;
	mlr_mltest_compute(&mt, &r);
	assert_int_equal(mt_item(&mt, "infra-2")->status, MLR_MLTEST_MISSING);
	assert_true(mt_item(&mt, "infra-2")->points == 0.0);
}

/* The mapping names rules by id and name; an id that the built-in table gives to a rule
 * with another name means the mapping is out of date. */
static void test_mltest_table_matches_rules(void **state)
{
	(void)state;
	const char *bad = NULL;
	int rc = mlr_mltest_check_table(&bad);
	if (rc != 0)
		fail_msg("ML Test Score mapping names %s with the wrong rule name (built-in: %s)", bad,
			mlr_rule_find(bad)->name);
}

/* Serving tests apply only where something serves; "silent" evidence ignores KPIs. */
static void test_mltest_gate_and_silent(void **state)
{
	(void)state;
	static const mlr_rule body = { .id = "MLR603", .name = "untyped-request-body", .category = MLR_CAT_MONITORING, .weight = 10 };
	static const mlr_rule obs = { .id = "MLR605", .name = "missing-observability", .category = MLR_CAT_MONITORING, .weight = 10 };
	static const mlr_rule card = { .id = "MLR401", .name = "missing-model-card", .category = MLR_CAT_DOCUMENTATION, .weight = 10 };
	static const mlr_rule sections = { .id = "MLR405", .name = "model-card-incomplete", .category = MLR_CAT_DOCUMENTATION, .weight = 10 };
	mlr_rule_status rules[] = { { &body, true }, { &obs, false }, { &card, true }, { &sections, true } };
	mlr_kpi kpis[] = { { .rule = &sections, .key = "model_card_sections", .label = "s", .numerator = 4,
		.denominator = 5, .target = 1.0 } };
	mlr_finding missing_section[] = { finding(&sections, MLR_SEV_WARNING) };
	mlr_result r = { .rules = rules, .rule_count = 4, .kpis = kpis, .kpi_count = 1,
		.findings = missing_section, .finding_count = 1 };
	mlr_mltest mt;

	/* Nothing serves (MLR605 not assessed): monitor-2 does not apply, even though the
	 * per-file rule MLR603 ran and found nothing. */
	mlr_mltest_compute(&mt, &r);
	assert_int_equal(mt_item(&mt, "monitor-2")->status, MLR_MLTEST_NOT_APPLICABLE);
	assert_int_equal(mt_item(&mt, "monitor-6")->status, MLR_MLTEST_NOT_APPLICABLE);
	/* A card answering 4 of 5 sections is not one that reports its evaluation. */
	assert_int_equal(mt_item(&mt, "model-6")->status, MLR_MLTEST_MISSING);
	assert_string_equal(mt_item(&mt, "model-6")->basis, "MLR405");
	assert_false(mt.section_assessable[MLR_MLTEST_MONITOR]);

	rules[1].assessed = true; /* an HTTP app serves the model, instrumented */
	r.finding_count = 0;
	mlr_mltest_compute(&mt, &r);
	assert_int_equal(mt_item(&mt, "monitor-2")->status, MLR_MLTEST_PRESENT);
	assert_int_equal(mt_item(&mt, "monitor-6")->status, MLR_MLTEST_PRESENT);
	assert_int_equal(mt_item(&mt, "model-6")->status, MLR_MLTEST_PRESENT);
	assert_true(mt.section_score[MLR_MLTEST_MONITOR] == 1.0);
	assert_int_equal(mt.section_scored[MLR_MLTEST_MONITOR], 2);

	mlr_finding untyped[] = { finding(&body, MLR_SEV_WARNING) };
	r.findings = untyped;
	r.finding_count = 1;
	mlr_mltest_compute(&mt, &r);
	assert_int_equal(mt_item(&mt, "monitor-2")->status, MLR_MLTEST_MISSING);
	assert_int_equal(mt_item(&mt, "monitor-6")->status, MLR_MLTEST_PRESENT);
}

static void test_mltest_band(void **state)
{
	(void)state;
	assert_non_null(strstr(mlr_mltest_band(0.0), "research"));
	assert_string_not_equal(mlr_mltest_band(0.5), mlr_mltest_band(1.5));
	assert_string_not_equal(mlr_mltest_band(2.5), mlr_mltest_band(4.0));
	assert_non_null(strstr(mlr_mltest_band(6.0), "exceptional"));
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
		cmocka_unit_test(test_overall_is_mean_and_change_only_in_pr_mode),
		cmocka_unit_test(test_blocking_caps),
		cmocka_unit_test(test_losses_sorted_and_attributable),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_duplicate_status_and_bad_weight),
		cmocka_unit_test(test_round1),
		cmocka_unit_test(test_profile_find),
		cmocka_unit_test(test_profile_weights_and_targets),
		cmocka_unit_test(test_worst_kpi),
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_mltest_rubric_shape),
		cmocka_unit_test(test_mltest_evidence),
		cmocka_unit_test(test_mltest_automated),
		cmocka_unit_test(test_mltest_table_matches_rules),
		cmocka_unit_test(test_mltest_gate_and_silent),
		cmocka_unit_test(test_mltest_band),
	};
	return cmocka_run_group_tests_name("score", tests, NULL, NULL);
}
