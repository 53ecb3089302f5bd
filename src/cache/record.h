/*
 * What the cache keeps of a run, encoded (src/cache/codec.h): one file's analysis — its
 * facts, the findings and notes it added, the bytes it read — and one repository check's
 * results — findings, KPIs, notes, whether it was assessed.
 *
 * Rules are stored by id and found again among the built-in rules and the config's custom
 * rules: a finding whose rule cannot be named that way is not cached. Decoding is all or
 * nothing: on a malformed record nothing is appended and the caller analyzes afresh.
 */
#ifndef MLR_CACHE_RECORD_H
#define MLR_CACHE_RECORD_H

#include "cache/codec.h"
#include "engine/engine.h"

struct mlr_config;

/* The rules a record may name, by id. */
typedef struct {
	const mlr_rule *builtin;
	size_t builtin_count;
	const mlr_rule *custom;
	size_t custom_count;
} mlr_cache_rules;

void mlr_cache_rules_init(mlr_cache_rules *rules, const struct mlr_config *cfg);
/* The rule with this id (len bytes, not NUL-terminated), or NULL. */
const mlr_rule *mlr_cache_rules_find(const mlr_cache_rules *rules, const char *id, size_t len);

/* What a file's analysis counted: bytes read, and of those parsed as Python. */
typedef struct {
	uint64_t read, parsed;
} mlr_cache_bytes;

/* Returns false (and writes nothing useful) when a finding's rule is not one of rules. */
bool mlr_cache_encode_file(mlr_buf *b, const mlr_cache_rules *rules, const mlr_file_facts *facts,
	const mlr_finding *findings, size_t finding_count, const mlr_note *notes, size_t note_count,
	mlr_cache_bytes bytes);
/* Appends to findings and notes, sets *bytes, and sets *facts to the facts' flags alone
 * (the rest is checked, not copied: only the repository checks read it, and a warm run
 * skips them). Returns 0, or -1 with nothing appended. */
int mlr_cache_decode_file(mlr_reader *r, const mlr_cache_rules *rules, mlr_file_facts *facts,
	mlr_finding_array *findings, mlr_note_array *notes, mlr_cache_bytes *bytes);
/* The whole facts of a file record's body (*facts empty before). Returns 0, or -1 (out of
 * memory, or a body that mlr_cache_decode_file would refuse) with *facts left empty. */
int mlr_cache_decode_facts(const void *body, size_t len, mlr_file_facts *facts);

/* One repository check: its rule's id first, so that a record is found by rule. */
bool mlr_cache_encode_check(mlr_buf *b, const mlr_cache_rules *rules, const mlr_rule *rule,
	bool assessed, const mlr_finding *findings, size_t finding_count, const mlr_kpi *kpis,
	size_t kpi_count, const mlr_note *notes, size_t note_count);
int mlr_cache_decode_check(mlr_reader *r, const mlr_cache_rules *rules, const mlr_rule **rule,
	bool *assessed, mlr_finding_array *findings, mlr_kpi_array *kpis, mlr_note_array *notes);

#endif
