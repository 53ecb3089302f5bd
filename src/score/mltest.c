/*
 * The ML Test Score view: which of the rubric's 28 tests this repository evidences.
 *
 * Each test names the rules whose outcome shows that the test is done ("present"), and
 * the rules whose outcome shows that CI runs it ("automated"). A rule is referenced by id
 * AND name: a reference to a rule this build does not have (or whose id now names another
 * rule) counts as no evidence at all, so the table can name rules before they land and
 * never misreads a renumbered one. docs/scoring.md lists the same mapping.
 */
#include "score/mltest.h"

#include <string.h>

#define MAX_REFS 4

/* One piece of evidence: the rule was assessed and either reported the KPI `kpi` (any of
 * its KPIs when NULL) with a non-zero numerator, or reported no KPI and no finding. A
 * `silent` reference ignores KPIs: only "no finding" counts (a model card that answers
 * some sections is not one that reports its evaluation). */
typedef struct {
	const char *rule_id;
	const char *rule_name;
	const char *kpi;
	bool silent;
} mltest_ref;

typedef struct {
	const char *id;
	mlr_mltest_section section;
	const char *title;
	bool all;                     /* every assessed "present" ref must hold, not just one */
	mltest_ref present[MAX_REFS];
	mltest_ref ci[MAX_REFS];
	const char *note;             /* what counts, or why no static evidence exists */
	mltest_ref gate;              /* when set: the test applies only where this rule was
	                               * assessed (a rule that runs on every Python file says
	                               * nothing about serving where nothing serves) */
} mltest_spec;

#define REF(id, name) { id, name, NULL, false }
#define REF_KPI(id, name, kpi) { id, name, kpi, false }
#define REF_SILENT(id, name) { id, name, NULL, true }

/* Repository-wide evidence used by several tests. */
#define REF_TESTS REF("MLR101", "missing-tests")
#define REF_SECRETS REF("MLR201", "hardcoded-secret")
#define REF_TRACKING REF("MLR301", "untracked-experiment")
#define REF_MODEL_CARD REF_SILENT("MLR401", "missing-model-card")
/* CI exists (the rule is assessed) and does it (no finding). */
#define REF_CI_TESTS REF_SILENT("MLR702", "ci-no-tests")
#define REF_CI_SCANS REF_SILENT("MLR704", "ci-no-security-scan")
#define NO_GATE { NULL, NULL, NULL, false }

/* Assessed only where an HTTP app serves the model. */
#define REF_SERVING REF("MLR605", "missing-observability")
#define REF_CARD_SECTIONS REF_SILENT("MLR405", "model-card-incomplete")

static const mltest_spec specs[MLR_MLTEST_TESTS] = {
	{ "data-1", MLR_MLTEST_DATA, "Feature expectations are captured in a schema", false,
		{ REF_KPI("MLR504", "unvalidated-data-load", "validated_data_loads") }, { { 0 } },
		"modules that read data validate it against a schema (pandera, Great Expectations, pydantic...)", NO_GATE },
	{ "data-2", MLR_MLTEST_DATA, "All features are beneficial", false, { { 0 } }, { { 0 } },
		"needs feature-importance or ablation results, which live outside the code", NO_GATE },
	{ "data-3", MLR_MLTEST_DATA, "No feature's cost is too much", false, { { 0 } }, { { 0 } },
		"needs latency and memory measurements per feature", NO_GATE },
	{ "data-4", MLR_MLTEST_DATA, "Features adhere to meta-level requirements", false, { { 0 } }, { { 0 } },
		"needs the list of features a policy forbids", NO_GATE },
	{ "data-5", MLR_MLTEST_DATA, "The data pipeline has appropriate privacy controls", true,
		{ REF_SECRETS, REF("MLR230", "committed-credential-file"), REF("MLR220", "pii-columns") },
		{ REF_CI_SCANS },
		"no credential and no personal-data column committed; automated when CI scans for secrets", NO_GATE },
	{ "data-6", MLR_MLTEST_DATA, "New features can be added quickly", false, { { 0 } }, { { 0 } },
		"a calendar-time measure of the team, not of the code", NO_GATE },
	{ "data-7", MLR_MLTEST_DATA, "All input feature code is tested", false,
		{ REF_KPI("MLR103", "untested-ml-module", "tested_ml_modules") }, { REF_CI_TESTS },
		"preprocessing and feature modules are imported by tests; automated when CI runs them", NO_GATE },

	{ "model-1", MLR_MLTEST_MODEL, "Model specs are reviewed and checked in", false, { { 0 } }, { { 0 } },
		"code review happens on the hosting service, not in the tree", NO_GATE },
	{ "model-2", MLR_MLTEST_MODEL, "Offline and online metrics correlate", false, { { 0 } }, { { 0 } },
		"needs online impact metrics from production", NO_GATE },
	{ "model-3", MLR_MLTEST_MODEL, "All hyperparameters have been tuned", false, { { 0 } }, { { 0 } },
		"needs the results of a tuning study", NO_GATE },
	{ "model-4", MLR_MLTEST_MODEL, "The impact of model staleness is known", false, { { 0 } }, { { 0 } },
		"needs an experiment with models of different ages", NO_GATE },
	{ "model-5", MLR_MLTEST_MODEL, "A simpler model is not better", false, { { 0 } }, { { 0 } },
		"needs a baseline comparison, a result rather than code", NO_GATE },
	{ "model-6", MLR_MLTEST_MODEL, "Model quality is sufficient on important data slices", true,
		{ REF_MODEL_CARD, REF_CARD_SECTIONS }, { { 0 } },
		"a model card answers every section, evaluation data and metrics among them", NO_GATE },
	{ "model-7", MLR_MLTEST_MODEL, "The model is tested for considerations of inclusion", true,
		{ REF_MODEL_CARD, REF_CARD_SECTIONS }, { { 0 } },
		"a model card answers every section, limitations, bias and risks among them", NO_GATE },

	{ "infra-1", MLR_MLTEST_INFRA, "Training is reproducible", true,
		{ REF_TRACKING, REF_KPI("MLR331", "unpinned-dependencies", "pinned_dependencies") }, { { 0 } },
		"training runs are tracked and dependencies are pinned or locked", NO_GATE },
	{ "infra-2", MLR_MLTEST_INFRA, "Model specification code is unit tested", false,
		{ REF_TESTS }, { REF_CI_TESTS },
		"a test suite exists; automated when CI runs it", NO_GATE },
	{ "infra-3", MLR_MLTEST_INFRA, "The full ML pipeline is integration tested", false, { { 0 } }, { { 0 } },
		"an end-to-end pipeline test cannot be told apart from a unit test statically", NO_GATE },
	{ "infra-4", MLR_MLTEST_INFRA, "Model quality is validated before serving", false,
		{ REF_SILENT("MLR901", "untested-model-change") }, { { 0 } },
		"a change to model code comes with evaluation (PR mode)", NO_GATE },
	{ "infra-5", MLR_MLTEST_INFRA, "The model allows debugging on a single example", false, { { 0 } }, { { 0 } },
		"needs the team's debugging tooling", NO_GATE },
	{ "infra-6", MLR_MLTEST_INFRA, "Models are canaried before serving", false, { { 0 } }, { { 0 } },
		"a deployment practice outside the repository", NO_GATE },
	{ "infra-7", MLR_MLTEST_INFRA, "Serving models can be rolled back", false,
		{ REF_SILENT("MLR412", "runbook-missing") }, { { 0 } },
		"a runbook for the model service says how to deploy, roll back and troubleshoot", NO_GATE },

	{ "monitor-1", MLR_MLTEST_MONITOR, "Dependency changes result in notification", false, { { 0 } }, { { 0 } },
		"subscriptions to upstream announcements are not in the tree", NO_GATE },
	{ "monitor-2", MLR_MLTEST_MONITOR, "Data invariants hold in training and serving inputs", false,
		{ REF_SILENT("MLR603", "untyped-request-body") }, { { 0 } },
		"inference endpoints validate their input against a schema", REF_SERVING },
	{ "monitor-3", MLR_MLTEST_MONITOR, "Training and serving features compute the same values", false,
		{ { 0 } }, { { 0 } }, "needs logged serving features to compare", NO_GATE },
	{ "monitor-4", MLR_MLTEST_MONITOR, "Models are not too stale", false, { { 0 } }, { { 0 } },
		"needs the age of the served model", NO_GATE },
	{ "monitor-5", MLR_MLTEST_MONITOR, "The model is numerically stable", false, { { 0 } }, { { 0 } },
		"needs NaN and infinity counts from training runs", NO_GATE },
	{ "monitor-6", MLR_MLTEST_MONITOR, "No regression in training speed, latency, throughput or RAM", false,
		{ REF_SILENT("MLR605", "missing-observability") }, { { 0 } },
		"the model service exports metrics or traces", NO_GATE },
	{ "monitor-7", MLR_MLTEST_MONITOR, "No regression in prediction quality on served data", false,
		{ { 0 } }, { { 0 } }, "needs labels for served predictions", NO_GATE },
};

typedef enum { REF_UNKNOWN = 0, REF_NOT_ASSESSED, REF_UNMET, REF_MET } ref_state;

static const mlr_rule_status *status_find(const mlr_result *r, const mltest_ref *ref)
{
	for (size_t i = 0; i < r->rule_count; i++) {
		const mlr_rule *rule = r->rules[i].rule;
		if (rule && rule->id && rule->name && strcmp(rule->id, ref->rule_id) == 0)
			return strcmp(rule->name, ref->rule_name) == 0 ? &r->rules[i] : NULL;
	}
	return NULL;
}

static ref_state ref_evaluate(const mlr_result *r, const mltest_ref *ref)
{
	const mlr_rule_status *st = status_find(r, ref);
	bool kpi_seen = false, kpi_measured = false, kpi_met = false;

	if (!st)
		return REF_UNKNOWN;
	if (!st->assessed)
		return REF_NOT_ASSESSED;
	for (size_t i = 0; i < r->kpi_count && !ref->silent; i++) {
		const mlr_kpi *k = &r->kpis[i];
		if (k->rule != st->rule || (ref->kpi && (!k->key || strcmp(k->key, ref->kpi) != 0)))
			continue;
		kpi_seen = true;
		if (k->denominator) {
			kpi_measured = true;
			kpi_met |= k->numerator > 0;
		}
	}
	/* A ratio says "done at all" as soon as its numerator is non-zero: the rubric asks
	 * whether a practice exists; the readiness score already weighs how complete it is. */
	if (kpi_seen)
		return kpi_measured ? (kpi_met ? REF_MET : REF_UNMET) : REF_NOT_ASSESSED;
	for (size_t i = 0; i < r->finding_count; i++)
		if (r->findings[i].rule == st->rule)
			return REF_UNMET;
	return REF_MET;
}

static bool refs_empty(const mltest_ref *refs)
{
	return !refs[0].rule_id;
}

static void item_score(mlr_mltest_item *item, const mltest_spec *spec, const mlr_result *r)
{
	bool known = false, assessed = false, any_met = false, all_met = true;
	const char *basis = NULL, *failed = NULL;

	item->status = MLR_MLTEST_CANNOT;
	item->points = 0.0;
	item->basis = NULL;
	if (spec->gate.rule_id) {
		ref_state g = ref_evaluate(r, &spec->gate);
		if (g == REF_UNKNOWN)
			return;
		if (g == REF_NOT_ASSESSED) {
			item->status = MLR_MLTEST_NOT_APPLICABLE;
			return;
		}
	}
	for (size_t i = 0; i < MAX_REFS && spec->present[i].rule_id; i++) {
		ref_state s = ref_evaluate(r, &spec->present[i]);
		if (s == REF_UNKNOWN)
			continue;
		known = true;
		if (s == REF_NOT_ASSESSED)
			continue;
		assessed = true;
		if (s == REF_MET) {
			any_met = true;
			if (!basis)
				basis = spec->present[i].rule_id;
		} else {
			all_met = false;
			if (!failed)
				failed = spec->present[i].rule_id;
		}
	}
	if (!known)
		return;
	if (!assessed) {
		item->status = MLR_MLTEST_NOT_APPLICABLE;
		return;
	}
	if (!(spec->all ? all_met : any_met)) {
		item->status = MLR_MLTEST_MISSING;
		item->basis = failed;
		return;
	}
	item->status = MLR_MLTEST_PRESENT;
	item->points = 0.5;
	item->basis = basis;
	if (refs_empty(spec->ci))
		return;
	for (size_t i = 0; i < MAX_REFS && spec->ci[i].rule_id; i++) {
		if (ref_evaluate(r, &spec->ci[i]) == REF_MET) {
			item->status = MLR_MLTEST_AUTOMATED;
			item->points = 1.0;
			item->basis = spec->ci[i].rule_id;
			return;
		}
	}
}

void mlr_mltest_compute(mlr_mltest *out, const mlr_result *result)
{
	static const mlr_result empty = { 0 };

	if (!out)
		return;
	memset(out, 0, sizeof(*out));
	if (!result)
		result = &empty;
	for (size_t i = 0; i < MLR_MLTEST_TESTS; i++) {
		const mltest_spec *spec = &specs[i];
		mlr_mltest_item *item = &out->items[i];
		item->id = spec->id;
		item->section = spec->section;
		item->title = spec->title;
		item->note = spec->note;
		item->mapped = !refs_empty(spec->present);
		item_score(item, spec, result);
		if (item->status >= MLR_MLTEST_MISSING) {
			out->section_score[spec->section] += item->points;
			out->section_scored[spec->section]++;
			out->section_assessable[spec->section] = true;
		}
	}
	/* The rubric takes the minimum because every section matters: a well-tested model
	 * that nobody monitors is not ready. A section with nothing to score is left out,
	 * as a category is in the readiness score. */
	for (size_t s = 0; s < MLR_MLTEST_SECTIONS; s++) {
		if (!out->section_assessable[s])
			continue;
		if (!out->assessable || out->section_score[s] < out->score)
			out->score = out->section_score[s];
		out->assessable = true;
	}
}

int mlr_mltest_check_table(const char **bad_id)
{
	*bad_id = NULL;
	for (size_t i = 0; i < MLR_MLTEST_TESTS; i++) {
		const mltest_ref *lists[3] = { specs[i].present, specs[i].ci, &specs[i].gate };
		for (size_t l = 0; l < 3; l++) {
			for (size_t k = 0; k < (l == 2 ? 1 : MAX_REFS) && lists[l][k].rule_id; k++) {
				const mlr_rule *rule = mlr_rule_find(lists[l][k].rule_id);
				if (rule && rule->name && strcmp(rule->name, lists[l][k].rule_name) != 0) {
					*bad_id = lists[l][k].rule_id;
					return -1;
				}
			}
		}
	}
	return 0;
}

const char *mlr_mltest_section_key(mlr_mltest_section section)
{
	static const char *const keys[] = { "data", "model", "infra", "monitor" };
	return (unsigned)section < MLR_MLTEST_SECTIONS ? keys[section] : "unknown";
}

const char *mlr_mltest_section_name(mlr_mltest_section section)
{
	static const char *const names[] = { "Features and data", "Model development",
		"ML infrastructure", "Monitoring" };
	return (unsigned)section < MLR_MLTEST_SECTIONS ? names[section] : "Unknown";
}

const char *mlr_mltest_status_key(mlr_mltest_status status)
{
	switch (status) {
	case MLR_MLTEST_NOT_APPLICABLE:
		return "not-applicable";
	case MLR_MLTEST_MISSING:
		return "missing";
	case MLR_MLTEST_PRESENT:
		return "present";
	case MLR_MLTEST_AUTOMATED:
		return "automated";
	default:
		return "cannot-evidence";
	}
}

/* The paper's reading of a final score, paraphrased. */
const char *mlr_mltest_band(double score)
{
	if (!(score > 0.0))
		return "more a research project than a production system";
	if (score <= 1.0)
		return "not untested, but serious holes in reliability are likely";
	if (score <= 2.0)
		return "a first pass at productionization; more investment needed";
	if (score <= 3.0)
		return "reasonably tested; more of it could be automated";
	if (score <= 5.0)
		return "strong automated testing and monitoring";
	return "exceptional automated testing and monitoring";
}
