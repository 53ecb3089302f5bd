/*
 * Builders the JSON and SARIF reporters share. Each takes untrusted text or a value
 * that may be NULL after a failed allocation, so a caller can chain them with err |=
 * and check once.
 */
#ifndef MLR_REPORT_JSONUTIL_H
#define MLR_REPORT_JSONUTIL_H

#include <jansson.h>

#include "core/buf.h"

/* A JSON string of s, "" for NULL. jansson rejects invalid UTF-8, so each bad byte of
 * untrusted text becomes U+FFFD first. NULL when out of memory. */
json_t *mlr_json_text(const char *s);

/* Take ownership of v whatever happens; a NULL v (a failed allocation) is an error.
 * Return 0 or -1. */
int mlr_json_put(json_t *obj, const char *key, json_t *v);
int mlr_json_append(json_t *arr, json_t *v);

/* obj, or NULL after releasing it when err says a step of building it failed. */
json_t *mlr_json_checked(json_t *obj, int err);

/* Appends root, indented, and a newline; err says whether building root failed. Returns
 * 0, or MLR_ENOMEM described as "out of memory while writing the <format> report". */
int mlr_json_write(mlr_buf *out, const json_t *root, int err, const char *format);

#endif
