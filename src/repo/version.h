/*
 * Version numbers and specifiers, as far as comparing dependency declarations needs:
 * PEP 440 release segments (pre-release, post and local parts are ignored), pip operators
 * (==, ===, !=, <, <=, >, >=, ~=, ==X.*), Poetry's ^ and ~, conda's `=1.2` and `1.2.*`.
 */
#ifndef MLR_REPO_VERSION_H
#define MLR_REPO_VERSION_H

#include <stdbool.h>
#include <stddef.h>

#define MLR_VERSION_PARTS 6

typedef struct {
	long part[MLR_VERSION_PARTS];
	int count;
} mlr_version;

/* Parses the release segment of a version ("v1.2.3rc1" → 1.2.3). false if none. */
bool mlr_version_parse(mlr_version *out, const char *s, size_t n);
int mlr_version_cmp(const mlr_version *a, const mlr_version *b);

typedef enum { MLR_SPEC_NO = 0, MLR_SPEC_YES = 1, MLR_SPEC_UNKNOWN = 2 } mlr_spec_result;

/* Whether version v satisfies the specifier spec ("" and "*" accept everything). Clauses
 * are separated by commas; a clause it cannot read makes the answer UNKNOWN. */
mlr_spec_result mlr_spec_allows(const char *spec, const mlr_version *v);

/* The exact version a specifier pins ("==1.2.3", "===1.2.3", conda "=1.2.3" or "1.2.3",
 * Poetry's bare "1.2.3"), or false. "==1.2.*" is not exact. */
bool mlr_spec_exact(const char *spec, mlr_version *out);

#endif
