/*
 * Values from a configuration or rule file, quoted back in a diagnostic.
 *
 * Those files are the linted repository's text, and diagnostics go to CI logs: a
 * credential pasted into .mlready.yml by mistake must not come back through
 * "'...' is not a rule id". A value is quoted only when it is shaped like what those
 * files hold (ids, names, globs, dotted names, numbers); anything else is described by
 * its length.
 */
#ifndef MLR_CORE_SHOWN_H
#define MLR_CORE_SHOWN_H

#include <stdbool.h>
#include <stddef.h>

/* Longest value quoted, in bytes; the buffer mlr_shown needs. */
#define MLR_SHOWN_MAX 64
#define MLR_SHOWN_SIZE (MLR_SHOWN_MAX + 40)

/* Whether v may be printed: 1 to MLR_SHOWN_MAX printable ASCII bytes, no URL, no
 * provider credential prefix, no token-like run of letters and digits (see shown.c), and
 * not groups of hex digits (a UUID). */
bool mlr_shown_ok(const char *v, size_t len);

/* 'v' when mlr_shown_ok, else "<value not shown: N bytes>"; written to buf (at least
 * MLR_SHOWN_SIZE bytes), which is returned. v may be NULL (no value). */
const char *mlr_shown(char *buf, size_t bufsz, const char *v, size_t len);

/* The same for a NUL-terminated string; _bare without the quotes, for messages that
 * name the value in their own way ('rules.MLR101', #eq?). */
const char *mlr_shown_str(char *buf, size_t bufsz, const char *v);
const char *mlr_shown_bare(char *buf, size_t bufsz, const char *v);

#endif
