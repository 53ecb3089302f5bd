/*
 * The ML Test Score view (Breck et al., 2017, "The ML Test Score: A Rubric for ML
 * Production Readiness and Technical Debt Reduction"): its 28 tests in four sections,
 * each scored from what this run found. A test is worth 0.5 when the repository shows it
 * is done and 1.0 when CI also runs it; a section is the sum of its tests and the score
 * is the minimum over the sections. Tests no static analysis can evidence are listed as
 * such. The mapping from tests to rules is the table in mltest.c.
 */
#ifndef MLR_SCORE_MLTEST_H
#define MLR_SCORE_MLTEST_H

#include "mlready.h"

typedef enum {
	MLR_MLTEST_DATA = 0, /* tests for features and data */
	MLR_MLTEST_MODEL,    /* tests for model development */
	MLR_MLTEST_INFRA,    /* tests for ML infrastructure */
	MLR_MLTEST_MONITOR   /* monitoring tests */
} mlr_mltest_section;

#define MLR_MLTEST_SECTIONS 4
#define MLR_MLTEST_TESTS 28

typedef enum {
	MLR_MLTEST_CANNOT = 0,      /* no rule of this build can evidence it from the repository */
	MLR_MLTEST_NOT_APPLICABLE,  /* its rules did not apply here (nothing serves, nothing trains) */
	MLR_MLTEST_MISSING,         /* could be evidenced and is not: 0 */
	MLR_MLTEST_PRESENT,         /* the repository shows it: 0.5 */
	MLR_MLTEST_AUTOMATED        /* and CI runs it: 1.0 */
} mlr_mltest_status;

typedef struct {
	const char *id;    /* "data-1" ... "monitor-7" */
	mlr_mltest_section section;
	const char *title; /* as in the paper, shortened */
	mlr_mltest_status status;
	double points;     /* 0, 0.5 or 1 */
	const char *basis; /* the rule that decided it ("MLR101"), or NULL */
	const char *note;  /* what counts as evidence, or why it cannot be evidenced */
	bool mapped;       /* a rule could evidence it, though perhaps not in this build */
} mlr_mltest_item;

typedef struct {
	mlr_mltest_item items[MLR_MLTEST_TESTS];
	double section_score[MLR_MLTEST_SECTIONS];  /* Σ points of its tests */
	size_t section_scored[MLR_MLTEST_SECTIONS]; /* tests that were scored (missing, present, automated) */
	bool section_assessable[MLR_MLTEST_SECTIONS];
	double score;    /* minimum over the assessable sections */
	bool assessable; /* false when no section could be assessed */
} mlr_mltest;

/* Scores result against the rubric. Pure: reads rule statuses, findings and KPIs. */
void mlr_mltest_compute(mlr_mltest *out, const mlr_result *result);

const char *mlr_mltest_section_key(mlr_mltest_section section);   /* "data", "model", ... */
const char *mlr_mltest_section_name(mlr_mltest_section section);  /* "Features and data", ... */
const char *mlr_mltest_status_key(mlr_mltest_status status);      /* "cannot-evidence", ... */

/* Checks the mapping against the built-in rules: returns -1 and sets *bad_id when an id
 * the mapping names belongs to a rule with another name (the evidence would be lost
 * silently), else 0. */
int mlr_mltest_check_table(const char **bad_id);

/* Breck et al.'s reading of a final score, one line. */
const char *mlr_mltest_band(double score);

#endif
