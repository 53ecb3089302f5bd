/*
 * Personal data in committed tabular files, judged by column names only: the header line
 * of a CSV/TSV (or the keys of a JSON Lines file's first record) is read, never a value.
 */
#ifndef MLR_REPO_PII_H
#define MLR_REPO_PII_H

#include <stdbool.h>
#include <stddef.h>

/* The kind of personal data a column name stands for ("email", "phone number", ...), or
 * NULL. Names are compared normalized: lower case, separators as '_', camelCase split. */
const char *mlr_pii_column(const char *name, size_t len);

/* Calls fn for each column of a header line (delimiter sniffed: tab, ';', '|' or ','),
 * with quotes removed. */
typedef void (*mlr_pii_column_fn)(void *payload, const char *name, size_t len);
void mlr_csv_header_columns(const char *line, size_t len, mlr_pii_column_fn fn, void *payload);

#endif
