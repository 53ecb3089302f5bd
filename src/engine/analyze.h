#ifndef MLR_ENGINE_ANALYZE_H
#define MLR_ENGINE_ANALYZE_H

#include <stdarg.h>
#include <stdlib.h>

#include "engine/engine.h"
#include "python/query.h"

/* A file-scope rule and the C check that runs it. */
typedef struct {
	const mlr_rule *rule;
	const mlr_check *check;
} mlr_job_rule;

/* What every worker shares, read-only (facts: each worker writes only its files' slots). */
typedef struct {
	const mlr_source *source;
	const mlr_file_array *files;
	mlr_file_facts *facts;
	const mlr_job_rule *file_rules;
	size_t file_rule_count;
	const mlr_query_set *queries;
	uint64_t max_file_size;
	uint64_t parse_timeout_us;
	const struct mlr_config *config; /* excludes, extra trackers and secret names, custom rules */
	struct mlr_cache *cache;         /* src/cache/: NULL when the run is not cached */
} mlr_job;

typedef struct {
	const mlr_job *job;
	mlr_source_reader *reader;
	mlr_py_parser *parser;
	TSQueryCursor *cursor;
	mlr_secret_scanner *secrets;
	mlr_finding_array findings;
	mlr_note_array notes;
	uint64_t bytes;
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

int mlr_worker_init(mlr_worker *w, const mlr_job *job);
void mlr_worker_dispose(mlr_worker *w);
void mlr_worker_analyze(mlr_worker *w, size_t index);

#endif
