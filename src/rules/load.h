/*
 * The rule file loader: one parser for the YAML rule format (docs/writing-rules.md), used
 * by build/rulegen for the built-in rules and by the engine for a user's custom rules.
 *
 * Problems are reported through a diagnostic sink as `FILE:LINE:COL: message`, every one
 * the loader finds, so a user fixes a rule file in one pass. Loading never stops at the
 * first problem, never prints, and never exits.
 */
#ifndef MLR_RULES_LOAD_H
#define MLR_RULES_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/array.h"

/* Where problems go. line and column are 1-based. */
typedef void (*mlr_diag_fn)(void *payload, const char *path, size_t line, size_t column,
	const char *message);

typedef struct {
	mlr_diag_fn fn; /* NULL: problems are only counted (the first is kept in mlr_error_last) */
	void *payload;
	int count;      /* problems reported so far */
} mlr_diag;

/* Reports one problem to d (and counts it). */
void mlr_diag_report(mlr_diag *d, const char *path, size_t line, size_t column, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Built-in rules have ids MLR[1-9]NN tied to their category and may name a C check.
 * Custom rules (a user's rule directory) have ids of their own (docs/config.md), must be
 * query rules, and name their category explicitly. */
typedef enum { MLR_RULE_BUILTIN = 0, MLR_RULE_CUSTOM = 1 } mlr_rule_origin;

typedef struct {
	size_t line, column; /* 1-based */
} mlr_rule_mark;

typedef mlr_array(char *) mlr_rule_strings;

/* One rule file, loaded and checked. Integer fields hold the values of mlr_category,
 * mlr_severity and mlr_scope. */
typedef struct {
	char *path; /* as given: problems name it */
	char *id, *name, *summary, *message, *fix, *check, *query;
	char *what, *why, *example, *instead;
	char *triggers; /* canonical form (src/rules/triggers.h), or NULL: every file */
	int category, severity, scope;
	bool no_facts;  /* needs-facts: false */
	double weight;
	mlr_rule_strings invalid, valid;
	mlr_rule_mark id_mark, name_mark, query_mark;
	mlr_rule_mark *invalid_marks, *valid_marks; /* parallel to invalid / valid */
} mlr_rule_def;

typedef mlr_array(mlr_rule_def *) mlr_rule_def_array;

/* Loads one rule file. Returns 0 and sets *out, or a negative code (MLR_ERULE when the file
 * has problems, all of them reported to d; MLR_ENOMEM) with *out NULL. */
int mlr_rule_def_load(mlr_rule_def **out, mlr_diag *d, const char *path, mlr_rule_origin origin);

/* The same, from a buffer; path names it in problems and is checked against id and name. */
int mlr_rule_def_parse(mlr_rule_def **out, mlr_diag *d, const char *path, const char *text,
	size_t len, mlr_rule_origin origin);

void mlr_rule_def_free(mlr_rule_def *def);

/* Sorts defs by id and reports repeated ids and names across them. Returns the number of
 * problems reported. */
int mlr_rule_defs_check_unique(mlr_rule_def_array *defs, mlr_diag *d);

/* Whether s is a valid id for rules of this origin. */
bool mlr_rule_id_valid(const char *s, mlr_rule_origin origin);

/* Vocabularies, indexed by the enum values: category_keys[1] is "testing". */
extern const char *const mlr_rule_category_keys[10];
extern const char *const mlr_rule_severity_names[3];
extern const char *const mlr_rule_scope_names[3];

/* The largest rule file read. */
#define MLR_RULE_FILE_MAX (1024 * 1024)

#endif
