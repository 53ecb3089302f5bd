/*
 * mlr_lint: source → file set → analyzers on a worker pool → repository checks → sort →
 * score. Workers take files largest first from an atomic counter (no lock on the hot
 * path) and keep their own findings; the merge sorts them, so the output does not depend
 * on the thread count.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "cache/cache.h"
#include "core/error.h"
#include "engine/analyze.h"
#include "engine/early.h"
#include "filter/config.h"
#include "engine/history.h"
#include "filter/filter.h"
#include "rules/builtin.h"
#include "score/score.h"

#define DEFAULT_MAX_FILE_SIZE (8u << 20)
#define DEFAULT_PARSE_TIMEOUT_US (10u * 1000u * 1000u)
#define MAX_JOBS 256

void mlr_options_init(mlr_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->path = ".";
	opts->source = MLR_SOURCE_AUTO;
}

typedef struct {
	mlr_worker worker;
	const size_t *order;
	size_t count;
	atomic_size_t *next;
	int error;
} thread_arg;

static void *worker_main(void *p)
{
	thread_arg *t = p;
	for (;;) {
		size_t i = atomic_fetch_add_explicit(t->next, 1, memory_order_relaxed);
		if (i >= t->count)
			break;
		mlr_worker_analyze(&t->worker, t->order[i]);
	}
	return NULL;
}

static int cmp_size_desc(const void *a, const void *b, void *files)
{
	const mlr_file *fa = &((const mlr_file_array *)files)->items[*(const size_t *)a];
	const mlr_file *fb = &((const mlr_file_array *)files)->items[*(const size_t *)b];
	if (fa->size != fb->size)
		return fa->size < fb->size ? 1 : -1;
	return strcmp(fa->path, fb->path);
}

static int cmp_path(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0; /* repository-level first */
	return strcmp(a, b);
}

static int cmp_finding(const void *pa, const void *pb)
{
	const mlr_finding *a = pa, *b = pb;
	int c = cmp_path(a->path, b->path);
	if (c)
		return c;
	if (a->cell != b->cell)
		return a->cell < b->cell ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	if ((c = strcmp(a->rule->id, b->rule->id)))
		return c;
	return strcmp(a->message, b->message);
}

static int cmp_note(const void *pa, const void *pb)
{
	const mlr_note *a = pa, *b = pb;
	int c = cmp_path(a->path, b->path);
	return c ? c : strcmp(a->message, b->message);
}

static int cmp_kpi(const void *pa, const void *pb)
{
	const mlr_kpi *a = pa, *b = pb;
	int c = strcmp(a->rule->id, b->rule->id);
	return c ? c : strcmp(a->key, b->key);
}

/* Two analyzers may report the same thing at the same place (two query patterns on one
 * node): keep one. */
static void dedupe(mlr_finding_array *fs)
{
	size_t w = 0;
	for (size_t r = 0; r < fs->len; r++) {
		if (w && !cmp_finding(&fs->items[w - 1], &fs->items[r])) {
			mlr_finding_dispose(&fs->items[r]);
			continue;
		}
		fs->items[w++] = fs->items[r];
	}
	fs->len = w;
}

static int run_workers(mlr_worker *merged, const mlr_job *job, int jobs)
{
	int error = 0;
	size_t n = job->files->len;
	size_t *order = malloc((n ? n : 1) * sizeof(size_t));
	thread_arg *args = calloc((size_t)jobs, sizeof(thread_arg));
	pthread_t *threads = calloc((size_t)jobs, sizeof(pthread_t));
	atomic_size_t next = 0;
	int started = 0;
	if (!order || !args || !threads) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	/* Largest first: the long parses start early and the tail stays short. */
	qsort_r(order, n, sizeof(size_t), cmp_size_desc, (void *)job->files);

	for (int t = 0; t < jobs; t++) {
		args[t].order = order;
		args[t].count = n;
		args[t].next = &next;
		if ((error = mlr_worker_init(&args[t].worker, job)) < 0)
			goto cleanup;
	}
	if (jobs == 1) {
		worker_main(&args[0]);
	} else {
		for (started = 0; started < jobs; started++)
			if (pthread_create(&threads[started], NULL, worker_main, &args[started]) != 0)
				break;
		if (started == 0)
			worker_main(&args[0]);
		for (int t = 0; t < started; t++)
			pthread_join(threads[t], NULL);
	}
	for (int t = 0; t < jobs; t++) {
		mlr_worker *w = &args[t].worker;
		if (mlr_findings_move(&merged->findings, &w->findings) < 0 || mlr_notes_move(&merged->notes, &w->notes) < 0)
			error = MLR_ENOMEM;
		merged->bytes += w->bytes;
		merged->parsed_bytes += w->parsed_bytes;
		merged->saw_python |= w->saw_python;
		merged->saw_text |= w->saw_text;
	}
cleanup:
	for (int t = 0; args && t < jobs; t++)
		mlr_worker_dispose(&args[t].worker);
	free(order);
	free(args);
	free(threads);
	return error;
}

static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
}

int mlr_lint(mlr_result **out, const mlr_options *opts)
{
	int error = 0;
	mlr_source *src = NULL;
	mlr_note_array notes = { 0 };
	mlr_file_facts *facts = NULL;
	mlr_job_rule *file_rules = NULL;
	const mlr_rule **query_rules = NULL;
	mlr_lazy_queries queries = { 0 };
	mlr_prefilter prefilter = { 0 };
	mlr_worker merged = { 0 };
	mlr_kpi_array kpis = { 0 };
	mlr_result *res = NULL;
	mlr_source_reader *repo_reader = NULL;
	mlr_file_array selected = { 0 };
	mlr_cache *cache = NULL; /* src/cache/: NULL when the run is not cached */
	mlr_early *early = NULL;
	size_t nrules = mlr_builtin_rule_count, nfile = 0, nquery = 0;

	*out = NULL;
	file_rules = calloc(nrules ? nrules : 1, sizeof(*file_rules));
	query_rules = calloc(nrules ? nrules : 1, sizeof(*query_rules));
	res = calloc(1, sizeof(*res));
	if (!file_rules || !query_rules || !res) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	/* --history reads every version of every file: only the secret rules mean anything
	 * there (a missing test or an unsafe load in a 2019 commit is nobody's problem now).
	 * The others do not run and are reported as not assessed. */
	bool history = opts->source == MLR_SOURCE_HISTORY;
	for (size_t i = 0; i < nrules; i++) {
		const mlr_rule *r = &mlr_builtin_rules[i];
		if (history && !mlr_history_runs_rule(r))
			continue;
		/* A rule the config or --select/--ignore turns off does not run at all. */
		if (!mlr_config_rule_enabled(opts->config, r))
			continue;
		if (r->query) {
			query_rules[nquery++] = r;
			continue;
		}
		const mlr_check *c = mlr_check_find(r->check);
		if (!c || (r->scope == MLR_SCOPE_REPO ? !c->repo : !c->file)) {
			error = mlr_error_set(MLR_ERULE, "%s: no C check named '%s' for scope %d", r->id,
				r->check ? r->check : "", (int)r->scope);
			goto cleanup;
		}
		if (r->scope != MLR_SCOPE_REPO)
			file_rules[nfile++] = (mlr_job_rule){ r, c, MLR_TRIGGER_ALWAYS };
	}
	if ((error = mlr_source_open(&src, opts, &notes)) < 0)
		goto cleanup;

	/* Excluded paths leave the file set here, before any analyzer or repository rule sees
	 * them: an excluded fixture tree must not count as the project's requirements. The
	 * copies share the source's strings. */
	const mlr_file_array *all = mlr_source_files(src);
	for (size_t i = 0; i < all->len; i++)
		if (!mlr_config_excluded(opts->config, all->items[i].path) &&
		    mlr_array_push(&selected, all->items[i]) < 0) {
			error = mlr_error_set(MLR_ENOMEM, "out of memory");
			goto cleanup;
		}
	const mlr_file_array *files = &selected;
	/* cache hook: opened here, before any worker runs (src/cache/cache.h) */
	cache = mlr_cache_open(opts, src, files);
	/* Queries are compiled by the first worker with a unit that needs them. */
	mlr_lazy_queries_init(&queries, query_rules, nquery);
	facts = calloc(files->len ? files->len : 1, sizeof(*facts));
	if (!facts) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	mlr_job job = {
		.source = src,
		.files = files,
		.facts = facts,
		.file_rules = file_rules,
		.file_rule_count = nfile,
		.queries = &queries,
		.max_file_size = opts->max_file_size ? opts->max_file_size : DEFAULT_MAX_FILE_SIZE,
		.parse_timeout_us = DEFAULT_PARSE_TIMEOUT_US,
		.config = opts->config,
	};
	/* --history has a prefilter of its own (secrets/pyfilter.h) */
	if (!opts->no_prefilter && !history) {
		if ((error = mlr_prefilter_init(&prefilter, file_rules, nfile, &queries, opts->config)) < 0)
			goto cleanup;
		job.prefilter = &prefilter;
	}
	int jobs = opts->jobs > 0 ? (opts->jobs > MAX_JOBS ? MAX_JOBS : opts->jobs) : default_jobs();
	job.cache = cache; /* cache hook: the workers restore per-file results */
	merged.notes = notes;
	notes = (mlr_note_array){ 0 };
	/* the repository checks that read no facts start now, beside the workers */
	if ((error = mlr_early_start(&early, opts, src, files, cache, jobs > 1)) < 0)
		goto cleanup;
	if ((error = run_workers(&merged, &job, jobs)) < 0)
		goto cleanup;
	if ((error = mlr_early_finish(early, &merged.findings, &kpis, &merged.notes)) < 0)
		goto cleanup;
	if (history)
		mlr_history_relabel(&merged.findings);

	res->rules = calloc(nrules ? nrules : 1, sizeof(mlr_rule_status));
	if (!res->rules) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	res->rule_count = nrules;
	if ((error = mlr_source_reader_new(&repo_reader, src)) < 0)
		goto cleanup;
	/* cache hook: the repository checks' results */
	if ((error = mlr_cache_repo_begin(cache, facts)) < 0)
		goto cleanup;
	for (size_t i = 0; i < nrules; i++) {
		const mlr_rule *r = &mlr_builtin_rules[i];
		res->rules[i].rule = r;
		if ((history && !mlr_history_runs_rule(r)) || !mlr_config_rule_enabled(opts->config, r)) {
			res->rules[i].assessed = false;
		} else if (r->scope == MLR_SCOPE_REPO && opts->only_paths) {
			/* --files: a few staged files say nothing about the repository as a whole */
			res->rules[i].assessed = false;
		} else if (r->scope == MLR_SCOPE_REPO && r->no_facts) {
			res->rules[i].assessed = mlr_early_assessed(early, r);
		} else if (r->scope == MLR_SCOPE_REPO) {
			mlr_repo_ctx rc = { opts, src, repo_reader, files, facts, &merged.findings, &kpis, &merged.notes, false };
			mlr_cache_repo_check(cache, &rc, r); /* runs the check, or restores its results */
			res->rules[i].assessed = rc.assessed;
		} else {
			res->rules[i].assessed = r->scope == MLR_SCOPE_PYTHON ? merged.saw_python : merged.saw_text;
		}
	}
	mlr_cache_save(cache); /* cache hook */

	/* The config's filters (src/filter/): select and ignore, per-path excludes and ignores,
	 * severity overrides, KPI targets, custom rules' statuses. Before sorting and scoring,
	 * so that what the config removes costs nothing. */
	if ((error = mlr_filter_apply(opts, &merged.findings, &kpis, &res->rules, &res->rule_count,
		     merged.saw_python)) < 0)
		goto cleanup;

	/* qsort's base must not be NULL, even for no items: empty arrays were never allocated */
	if (merged.findings.len > 1)
		qsort(merged.findings.items, merged.findings.len, sizeof(mlr_finding), cmp_finding);
	dedupe(&merged.findings);
	if (merged.notes.len > 1)
		qsort(merged.notes.items, merged.notes.len, sizeof(mlr_note), cmp_note);
	if (kpis.len > 1)
		qsort(kpis.items, kpis.len, sizeof(mlr_kpi), cmp_kpi);

	res->root = mlr_strdup(mlr_source_root(src));
	res->source = mlr_strdup(mlr_source_describe(src));
	res->file_count = files->len;
	res->partial = opts->only_paths != NULL;
	res->byte_count = merged.bytes;
	res->parsed_byte_count = merged.parsed_bytes;
	res->findings = merged.findings.items;
	res->finding_count = merged.findings.len;
	merged.findings = (mlr_finding_array){ 0 };
	res->notes = merged.notes.items;
	res->note_count = merged.notes.len;
	merged.notes = (mlr_note_array){ 0 };
	res->kpis = kpis.items;
	res->kpi_count = kpis.len;
	kpis = (mlr_kpi_array){ 0 };
	const mlr_profile *profile; /* --profile, else the config's, else the default */
	if ((error = mlr_filter_profile(&profile, opts)) < 0)
		goto cleanup;
	mlr_score_compute_profile(res, profile);
	*out = res;
	res = NULL;

cleanup:
	mlr_early_free(early); /* first: its thread reads the source, the files and the cache */
	mlr_cache_free(cache); /* before the source: it holds the file set */
	mlr_result_free(res);
	mlr_worker_dispose(&merged);
	mlr_notes_truncate(&notes, 0);
	mlr_array_delete(&notes);
	mlr_kpis_truncate(&kpis, 0);
	mlr_array_delete(&kpis);
	if (facts && src)
		for (size_t i = 0; i < selected.len; i++)
			mlr_file_facts_dispose(&facts[i]);
	free(facts);
	mlr_prefilter_dispose(&prefilter);
	mlr_lazy_queries_dispose(&queries);
	mlr_source_reader_free(repo_reader);
	free(file_rules);
	free(query_rules);
	mlr_array_delete(&selected);
	mlr_source_free(src);
	return error;
}

void mlr_result_free(mlr_result *result)
{
	if (!result)
		return;
	for (size_t i = 0; i < result->finding_count; i++)
		mlr_finding_dispose(&result->findings[i]);
	free(result->findings);
	for (size_t i = 0; i < result->note_count; i++) {
		free(result->notes[i].path);
		free(result->notes[i].message);
	}
	free(result->notes);
	for (size_t i = 0; i < result->kpi_count; i++) {
		free(result->kpis[i].key);
		free(result->kpis[i].label);
	}
	free(result->kpis);
	free(result->rules);
	free(result->root);
	free(result->source);
	mlr_score_dispose(&result->score);
	free(result);
}
