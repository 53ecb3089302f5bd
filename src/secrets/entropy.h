#ifndef MLR_SECRETS_ENTROPY_H
#define MLR_SECRETS_ENTROPY_H

#include <stdbool.h>
#include <stddef.h>

/* Shannon entropy of the bytes, in bits per byte. */
double mlr_secret__entropy(const char *s, size_t len);

/* Character classes present: bit 0 lower, 1 upper, 2 digit, 3 other printable. */
unsigned mlr_secret__classes(const char *s, size_t len);

/* Five equal bytes in a row (xxxxx, 00000) or an alphabet walk of six (abcdef, 123456):
 * well under 0.1% of random 32-char hex tokens have one, typed stand-ins nearly all. */
bool mlr_secret__looks_typed(const char *s, size_t len);

/* Whether the variable part of a token looks machine-generated rather than typed by a
 * person writing documentation: no long runs, no alphabet walks, no EXAMPLE marker,
 * enough entropy for its length. */
bool mlr_secret__looks_random(const char *s, size_t len);

#endif
