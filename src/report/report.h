/*
 * Reporters: one writer per format, each rendering a whole mlr_result into a buffer;
 * report.c picks the writer and owns the FILE. Helpers here keep untrusted text
 * (paths, messages) from breaking the output format or the terminal.
 */
#ifndef MLR_REPORT_REPORT_H
#define MLR_REPORT_REPORT_H

#include "mlready.h"
#include "core/buf.h"

/* Each returns 0, or MLR_ENOMEM with the reason set. */
int mlr_report_text(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts);
int mlr_report_json(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts);

/* Appends s as valid UTF-8: each byte that does not start a well-formed sequence
 * becomes U+FFFD. NULL appends nothing. */
void mlr_report_put_utf8(mlr_buf *out, const char *s);

/* Like mlr_report_put_utf8, and also shows control characters (C0, DEL, C1) and the
 * bidirectional overrides as visible escapes (\n, \t, \x1b, \u202e), so a message
 * cannot move the cursor, recolour the terminal or reorder what is shown. */
void mlr_report_put_display(mlr_buf *out, const char *s);

/* The category key, name and responsibility, or placeholders for an unknown id. */
const char *mlr_report_category_key(mlr_category cat);
const char *mlr_report_category_name(mlr_category cat);
const char *mlr_report_category_responsibility(mlr_category cat);

#endif
