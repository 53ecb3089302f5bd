/*
 * UTF-16 columns for SARIF. Kept apart from the reporters so that the engine, which has
 * each file's text, can fill mlr_finding.column_utf16 without the reporters.
 */
#ifndef MLR_REPORT_UTF16_H
#define MLR_REPORT_UTF16_H

#include "mlready.h"

/* The 1-based UTF-16 column of byte column byte_column (1-based) on a line that starts
 * at line (line_len bytes, no newline); bytes that are not well-formed UTF-8 count as
 * one unit each, as the U+FFFD that replaces them does. A column past the end counts
 * the rest as bytes. Returns byte_column when line is NULL or byte_column is 0. */
uint32_t mlr_utf16_column(const char *line, size_t line_len, uint32_t byte_column);

/* Sets column_utf16 of each finding on a line of data (findings in notebook cells,
 * whose lines count from their cell, and whole-file findings are left alone). On an
 * allocation failure it leaves them all unset: reports fall back to byte columns. */
void mlr_utf16_fill_columns(mlr_finding *findings, size_t count, const char *data, size_t len);

#endif
