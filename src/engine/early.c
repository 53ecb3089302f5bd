#include "engine/early.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/error.h"
#include "engine/history.h"
#include "filter/config.h"
#include "repo/history.h"
#include "rules/builtin.h"

struct mlr_early {
	mlr_cache *cache;
	mlr_repo_ctx ctx; /* its own reader, findings, KPIs and notes; no facts */
	mlr_finding_array findings;
	mlr_kpi_array kpis;
	mlr_note_array notes;
	const mlr_rule **rules;
	bool *assessed;
	size_t count;
	pthread_t thread;
	bool running;
	bool cache_off; /* the object cache is off until the finish */
};

static void *early_main(void *p)
{
	mlr_early *e = p;
	for (size_t i = 0; i < e->count; i++) {
		e->ctx.assessed = false;
		mlr_cache_repo_check(e->cache, &e->ctx, e->rules[i]);
		e->assessed[i] = e->ctx.assessed;
	}
	return NULL;
}

/* The rules whose checks run early: those the repository checks would run at all. */
static bool runs_early(const mlr_options *opts, const mlr_rule *r)
{
	return r->scope == MLR_SCOPE_REPO && r->no_facts && !opts->only_paths &&
	       (opts->source != MLR_SOURCE_HISTORY || mlr_history_runs_rule(r)) &&
	       mlr_config_rule_enabled(opts->config, r);
}

int mlr_early_start(mlr_early **out, const mlr_options *opts, const mlr_source *src, const mlr_file_array *files,
	mlr_cache *cache, bool threaded)
{
	int error = 0;
	mlr_early *e = NULL;
	size_t n = 0;

	*out = NULL;
	for (size_t i = 0; i < mlr_builtin_rule_count; i++)
		n += runs_early(opts, &mlr_builtin_rules[i]);
	if (!(e = calloc(1, sizeof(*e))) || !(e->rules = calloc(n ? n : 1, sizeof(*e->rules))) ||
	    !(e->assessed = calloc(n ? n : 1, sizeof(bool)))) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < mlr_builtin_rule_count; i++)
		if (runs_early(opts, &mlr_builtin_rules[i]))
			e->rules[e->count++] = &mlr_builtin_rules[i];
	e->cache = cache;
	e->ctx = (mlr_repo_ctx){ opts, src, NULL, files, NULL, &e->findings, &e->kpis, &e->notes, false };
	if (e->count == 0)
		goto done;
	if (mlr_cache_early_begin(cache)) {
		early_main(e); /* restored: no reading, no thread */
		goto done;
	}
	if ((error = mlr_source_reader_new(&e->ctx.reader, src)) < 0)
		goto cleanup;
	/* The early checks walk history and read each tree once. The object cache is
	 * process-wide: off from here, before any thread starts, to the finish, after every
	 * thread has stopped. The workers read blobs, which libgit2 does not cache anyway. */
	mlr_history_object_cache(false);
	e->cache_off = true;
	if (threaded && pthread_create(&e->thread, NULL, early_main, e) == 0)
		e->running = true;
	else
		early_main(e);
done:
	*out = e;
	e = NULL;
cleanup:
	mlr_early_free(e);
	return error;
}

static void join(mlr_early *e)
{
	if (e->running)
		pthread_join(e->thread, NULL);
	e->running = false;
	if (e->cache_off)
		mlr_history_object_cache(true);
	e->cache_off = false;
}

int mlr_early_finish(mlr_early *e, mlr_finding_array *findings, mlr_kpi_array *kpis, mlr_note_array *notes)
{
	if (!e)
		return 0;
	join(e);
	bool oom = mlr_findings_move(findings, &e->findings) < 0;
	oom |= mlr_kpis_move(kpis, &e->kpis) < 0;
	oom |= mlr_notes_move(notes, &e->notes) < 0;
	return oom ? MLR_ENOMEM : 0;
}

bool mlr_early_assessed(const mlr_early *e, const mlr_rule *rule)
{
	for (size_t i = 0; e && i < e->count; i++)
		if (e->rules[i] == rule)
			return e->assessed[i];
	return false;
}

void mlr_early_free(mlr_early *e)
{
	if (!e)
		return;
	join(e);
	mlr_findings_truncate(&e->findings, 0);
	mlr_array_delete(&e->findings);
	mlr_kpis_truncate(&e->kpis, 0);
	mlr_array_delete(&e->kpis);
	mlr_notes_truncate(&e->notes, 0);
	mlr_array_delete(&e->notes);
	mlr_source_reader_free(e->ctx.reader);
	free(e->rules);
	free(e->assessed);
	free(e);
}
