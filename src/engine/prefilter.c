/*
 * The prefilter: which rules run on a unit of Python, and whether it is parsed at all.
 *
 * One scan of the unit's identifiers against every trigger of every rule in the run, the
 * facts' triggers and the suppression marker; a rule whose triggers are absent cannot fire
 * (src/rules/triggers.h), and a unit no rule, fact or marker needs is not parsed. The
 * decision never changes a finding: `--no-prefilter` parses everything, and
 * tests/e2e/prefilter.sh holds the two to the same report.
 */
#include "engine/analyze.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "filter/config.h"
#include "secrets/pyfilter.h"

static int add(mlr_prefilter *pf, const char *triggers, uint32_t *id)
{
	return mlr_trigger_set_add(pf->triggers, triggers, id);
}

static int add_rules(mlr_prefilter *pf, const mlr_rule *const *rules, size_t n, uint32_t **ids)
{
	*ids = calloc(n ? n : 1, sizeof(uint32_t));
	if (!*ids)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		int error = add(pf, rules[i]->triggers, &(*ids)[i]);
		if (error < 0)
			return error;
	}
	return 0;
}

static int add_set(mlr_prefilter *pf, const mlr_query_set *qs, uint32_t **ids)
{
	size_t n = mlr_query_set_rule_count(qs);
	const mlr_rule **rules = calloc(n ? n : 1, sizeof(*rules));
	if (!rules)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		rules[i] = mlr_query_set_rule(qs, i);
	int error = add_rules(pf, rules, n, ids);
	free(rules);
	return error;
}

int mlr_prefilter_init(mlr_prefilter *pf, mlr_job_rule *rules, size_t nrules,
	const mlr_lazy_queries *queries, const struct mlr_config *config)
{
	int error;
	char *trackers = NULL;
	memset(pf, 0, sizeof(*pf));
	if ((error = mlr_trigger_set_new(&pf->triggers)) < 0)
		goto cleanup;
	for (size_t i = 0; i < nrules; i++)
		if ((error = add(pf, rules[i].rule->triggers, &rules[i].trigger)) < 0)
			goto cleanup;
	if ((error = add(pf, mlr_facts_triggers, &pf->facts)) < 0 || (error = add(pf, "text:mlready", &pf->markers)) < 0)
		goto cleanup;
	if (mlr_config_has_trackers(config)) {
		uint32_t id;
		if (!(trackers = mlr_config_tracker_words(config))) {
			error = mlr_error_set(MLR_ENOMEM, "out of memory");
			goto cleanup;
		}
		/* the config's trackers widen the facts' condition: one more alternative */
		mlr_buf both = MLR_BUF_INIT;
		mlr_buf_printf(&both, "%s%s%s", mlr_facts_triggers, *trackers ? "|" : "", trackers);
		if (both.oom)
			error = mlr_error_set(MLR_ENOMEM, "out of memory");
		else if ((error = add(pf, mlr_buf_cstr(&both), &id)) == 0)
			pf->facts = id;
		mlr_buf_dispose(&both);
		if (error < 0)
			goto cleanup;
	}
	if ((queries && (error = add_rules(pf, queries->rules, queries->count, &pf->queries)) < 0) ||
	    (mlr_config_queries(config) && (error = add_set(pf, mlr_config_queries(config), &pf->custom)) < 0))
		goto cleanup;
	for (size_t i = 0; i < nrules; i++)
		pf->secrets |= rules[i].rule->check && !strcmp(rules[i].rule->check, "hardcoded_secret");
	error = 0;

cleanup:
	free(trackers);
	if (error < 0)
		mlr_prefilter_dispose(pf);
	return error;
}

void mlr_prefilter_dispose(mlr_prefilter *pf)
{
	if (!pf)
		return;
	mlr_trigger_set_delete(pf->triggers);
	free(pf->queries);
	free(pf->custom);
	memset(pf, 0, sizeof(*pf));
}

int mlr_unit_plan_init(mlr_unit_plan *plan, const mlr_job *job)
{
	const mlr_prefilter *pf = job->prefilter;
	memset(plan, 0, sizeof(*plan));
	size_t words = pf && pf->triggers ? mlr_trigger_set_words(pf->triggers) : 0;
	plan->seen = calloc(words + 1, sizeof(uint64_t));
	plan->rules = calloc(job->file_rule_count + 1, sizeof(bool));
	plan->queries = calloc((job->queries ? job->queries->count : 0) + 1, sizeof(bool));
	plan->custom = calloc(mlr_query_set_rule_count(mlr_config_queries(job->config)) + 1, sizeof(bool));
	if (!plan->seen || !plan->rules || !plan->queries || !plan->custom) {
		mlr_unit_plan_dispose(plan);
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	return 0;
}

void mlr_unit_plan_dispose(mlr_unit_plan *plan)
{
	if (!plan)
		return;
	free(plan->seen);
	free(plan->rules);
	free(plan->queries);
	free(plan->custom);
	memset(plan, 0, sizeof(*plan));
}

/* Sets each flag from its condition; true when any holds. */
static bool decide(bool *out, const uint32_t *ids, size_t n, const mlr_trigger_set *set, const uint64_t *seen)
{
	bool any = false;
	for (size_t i = 0; i < n; i++)
		any |= out[i] = !ids || mlr_trigger_holds(set, ids[i], seen);
	return any;
}

void mlr_unit_plan_all(mlr_unit_plan *plan, const mlr_job *job)
{
	for (size_t i = 0; i < job->file_rule_count; i++)
		plan->rules[i] = true;
	for (size_t i = 0; job->queries && i < job->queries->count; i++)
		plan->queries[i] = true;
	for (size_t i = 0; i < mlr_query_set_rule_count(mlr_config_queries(job->config)); i++)
		plan->custom[i] = true;
}

bool mlr_unit_plan_make(mlr_unit_plan *plan, const mlr_job *job, mlr_secret_scanner *secrets,
	const char *text, size_t len)
{
	const mlr_prefilter *pf = job->prefilter;
	size_t nq = job->queries ? job->queries->count : 0;
	size_t nc = mlr_query_set_rule_count(mlr_config_queries(job->config));
	if (!pf || !pf->triggers) {
		mlr_unit_plan_all(plan, job);
		return true;
	}
	const mlr_trigger_set *set = pf->triggers;
	memset(plan->seen, 0, mlr_trigger_set_words(set) * sizeof(uint64_t));
	mlr_trigger_scan(set, text, len, plan->seen);
	bool parse = false;
	for (size_t i = 0; i < job->file_rule_count; i++) {
		const mlr_job_rule *jr = &job->file_rules[i];
		plan->rules[i] = mlr_trigger_holds(set, jr->trigger, plan->seen);
		/* text rules run on the bytes whatever the tree; only Python rules need one */
		parse |= plan->rules[i] && jr->rule->scope == MLR_SCOPE_PYTHON;
	}
	parse |= decide(plan->queries, pf->queries, nq, set, plan->seen);
	parse |= decide(plan->custom, pf->custom, nc, set, plan->seen);
	parse = parse || mlr_trigger_holds(set, pf->facts, plan->seen) || mlr_trigger_holds(set, pf->markers, plan->seen);
	/* MLR201's tree pass (assignments, keyword arguments, sinks) has its own prefilter */
	return parse || (pf->secrets && mlr_secret_python_may_bind(secrets, text, len));
}

void mlr_lazy_queries_init(mlr_lazy_queries *lq, const mlr_rule *const *rules, size_t count)
{
	memset(lq, 0, sizeof(*lq));
	lq->rules = rules;
	lq->count = count;
	pthread_mutex_init(&lq->lock, NULL);
	atomic_init(&lq->set, NULL);
}

void mlr_lazy_queries_dispose(mlr_lazy_queries *lq)
{
	if (!lq || !lq->rules)
		return;
	mlr_query_set_delete(atomic_load(&lq->set));
	pthread_mutex_destroy(&lq->lock);
	memset(lq, 0, sizeof(*lq));
}

const mlr_query_set *mlr_lazy_queries_get(mlr_lazy_queries *lq)
{
	/* compiled once: after that, one atomic load and no lock */
	mlr_query_set *set = atomic_load_explicit(&lq->set, memory_order_acquire);
	if (set)
		return set;
	pthread_mutex_lock(&lq->lock);
	if (!(set = atomic_load_explicit(&lq->set, memory_order_relaxed)) && !lq->failed) {
		if (mlr_query_set_new(&set, lq->rules, lq->count) < 0) {
			lq->failed = true;
			set = NULL;
		}
		atomic_store_explicit(&lq->set, set, memory_order_release);
	}
	pthread_mutex_unlock(&lq->lock);
	if (!set)
		mlr_error_set(MLR_ENOMEM, "the query rules could not be compiled");
	return set;
}
