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
} mlr_worker;

int mlr_worker_init(mlr_worker *w, const mlr_job *job);
void mlr_worker_dispose(mlr_worker *w);
void mlr_worker_analyze(mlr_worker *w, size_t index);

#endif
