/*
 * `mlready compare`: one row per repository (overall score, each category's, findings by
 * severity, the gate), for a lead who wants to see which projects need attention first.
 * Text, Markdown and JSON.
 */
#ifndef MLR_REPORT_COMPARE_H
#define MLR_REPORT_COMPARE_H

#include "mlready.h"

typedef struct {
	const char *path;         /* as given on the command line */
	const mlr_result *result; /* NULL when the repository could not be linted */
	const char *error;        /* why not, then */
	bool gate_failed;
} mlr_compare_row;

/* The formats compare writes. */
bool mlr_compare_supports(mlr_format format);

/* Writes the table of rows in their order. Returns 0, MLR_EUSAGE for a format it does
 * not write, MLR_ENOMEM, or MLR_EIO when the stream fails. */
int mlr_compare_write(FILE *f, mlr_format format, const mlr_compare_row *rows, size_t count,
	const mlr_report_options *opts);

#endif
