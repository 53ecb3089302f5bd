#ifndef MLR_ENGINE_ANALYZE_H
#define MLR_ENGINE_ANALYZE_H

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>

#include "engine/engine.h"
#include "python/query.h"
#include "rules/triggers.h"

/* A file-scope rule and the C check that runs it. */
typedef struct {
	const mlr_rule *rule;
	const mlr_check *check;
	uint32_t trigger;  /* its condition in the job's trigger set */
} mlr_job_rule;

/* The built-in query rules, compiled by the first worker that needs them: ts_query_new
 * costs more than linting a small file, and a pre-commit run on files no query rule's
 * triggers select never pays for it. */
typedef struct {
	const mlr_rule *const *rules;
	size_t count;
	pthread_mutex_t lock;
	_Atomic(mlr_query_set *) set;
	bool failed;
} mlr_lazy_queries;

void mlr_lazy_queries_init(mlr_lazy_queries *lq, const mlr_rule *const *rules, size_t count);
void mlr_lazy_queries_dispose(mlr_lazy_queries *lq);
/* The compiled set; NULL (and mlr_error_last() says why) when it cannot be compiled. */
const mlr_query_set *mlr_lazy_queries_get(mlr_lazy_queries *lq);

/* What decides whether a unit of Python is parsed (src/engine/prefilter.c). NULL triggers:
 * every unit is. */
typedef struct {
	mlr_trigger_set *triggers;
	uint32_t facts;           /* mlr_facts_triggers and the config's trackers */
	uint32_t markers;         /* `# mlready:` comments: only a tree tells them from strings */
	uint32_t *queries;        /* per built-in query rule */
	uint32_t *custom;         /* per query of the config's custom set */
	bool secrets;             /* MLR201 runs: its tree pass decides for itself */
} mlr_prefilter;

/* What every worker shares, read-only (facts: each worker writes only its files' slots). */
typedef struct {
	const mlr_source *source;
	const mlr_file_array *files;
	mlr_file_facts *facts;
	const mlr_job_rule *file_rules;
	size_t file_rule_count;
	mlr_lazy_queries *queries;
	uint64_t max_file_size;
	uint64_t parse_timeout_us;
	const struct mlr_config *config; /* excludes, extra trackers and secret names, custom rules */
	const mlr_prefilter *prefilter;
	struct mlr_cache *cache;         /* src/cache/: NULL when the run is not cached */
} mlr_job;

/* Which rules run on the unit at hand, as the prefilter decided. */
typedef struct {
	uint64_t *seen;      /* the trigger scan's bits */
	bool *rules;         /* per job file rule */
	bool *queries;       /* per built-in query rule */
	bool *custom;        /* per custom query */
} mlr_unit_plan;

typedef struct {
	const mlr_job *job;
	mlr_source_reader *reader;
	mlr_py_parser *parser;
	TSQueryCursor *cursor;
	mlr_secret_scanner *secrets;
	mlr_finding_array findings;
	mlr_note_array notes;
	mlr_unit_plan plan;
	uint64_t bytes;
	uint64_t parsed_bytes;
	bool saw_python;
	bool saw_text;
	const mlr_rule *unused_rule; /* MLR803, when it is among the job's rules */
} mlr_worker;

/* A unit of text (a file, a notebook's code cells, one of its markdown cells) as the
 * suppression filter sees it (src/engine/suppress.c). */
typedef struct {
	const char *path;
	const mlr_py *py;            /* its tree when parsed as Python: tells comments from strings */
	const mlr_notebook *nb;      /* a notebook's code: a marker covers lines of its own cell only */
	bool markdown;               /* a notebook's markdown cell (files go by their extension) */
	bool python_failed;          /* Python that did not parse: its Python rules never ran */
	const mlr_rule *unused_rule; /* MLR803 when it runs here: report markers that silence nothing */
	const struct mlr_config *config;
} mlr_suppress_unit;

/* mlr_suppress_filter for one unit, with notebook cells kept apart and unused markers
 * reported (u may be NULL: neither). */
void mlr_suppress_apply(mlr_finding_array *out, size_t from, const char *data, size_t len,
	const mlr_suppress_unit *u);

/* Builds the prefilter for a job's file rules (setting each one's trigger), its queries and
 * the config's custom ones. */
int mlr_prefilter_init(mlr_prefilter *pf, mlr_job_rule *rules, size_t nrules,
	const mlr_lazy_queries *queries, const struct mlr_config *config);
void mlr_prefilter_dispose(mlr_prefilter *pf);
int mlr_unit_plan_init(mlr_unit_plan *plan, const mlr_job *job);
void mlr_unit_plan_dispose(mlr_unit_plan *plan);
/* Every rule runs: no prefilter, or --history (which has its own). */
void mlr_unit_plan_all(mlr_unit_plan *plan, const mlr_job *job);
/* Decides what runs on a unit of Python text; true when it has to be parsed. */
bool mlr_unit_plan_make(mlr_unit_plan *plan, const mlr_job *job, mlr_secret_scanner *secrets,
	const char *text, size_t len);

int mlr_worker_init(mlr_worker *w, const mlr_job *job);
void mlr_worker_dispose(mlr_worker *w);
void mlr_worker_analyze(mlr_worker *w, size_t index);

#endif
