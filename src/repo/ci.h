/*
 * Continuous integration: which CI configurations a repository has (GitHub Actions,
 * GitLab CI, Azure Pipelines, CircleCI, Bitbucket Pipelines, Jenkins, and the other common
 * services), and what they actually do: run tests, lint, scan for secrets or
 * vulnerabilities, build a package or a container.
 *
 * YAML files are parsed (libyaml) and their command-like scalars classified; a Jenkinsfile
 * is read as text. Commands are classified per shell segment, so `pip install pytest` is
 * an install, not a test run. `make TARGET` and local scripts (`./ci/test.sh`) are
 * followed one level into the repository's Makefile and script files.
 */
#ifndef MLR_REPO_CI_H
#define MLR_REPO_CI_H

#include "repo/repo.h"

enum {
	MLR_CI_TESTS = 1u << 0,
	MLR_CI_LINT = 1u << 1,
	MLR_CI_SCAN = 1u << 2,
	MLR_CI_BUILD = 1u << 3
};

typedef struct {
	const mlr_file *file;
	const char *system;  /* "GitHub Actions", "GitLab CI", ... */
	bool invalid;        /* YAML that does not parse */
	uint32_t err_line, err_col;
	char err[160];
	uint32_t caps;       /* MLR_CI_* */
} mlr_ci_file;

typedef mlr_array(mlr_ci_file) mlr_ci_file_array;

/* The CI system a path configures, or NULL. */
const char *mlr_ci_system(const char *path);
/* Finds, reads and classifies every CI configuration. */
int mlr_ci_load(mlr_ci_file_array *out, mlr_repo_ctx *ctx);
void mlr_ci_dispose(mlr_ci_file_array *files);
/* The union of what the valid CI files do. */
uint32_t mlr_ci_caps(const mlr_ci_file_array *files);
/* "a.yml, b.yml" (at most three, then "and N more"), into a caller buffer. */
void mlr_ci_list(char *out, size_t outsz, const mlr_ci_file_array *files);

/* What a set of capabilities amounts to, for messages: "lints, builds". */
void mlr_ci_describe(char *out, size_t outsz, uint32_t caps);

/* What one command text does (MLR_CI_* bits), line by line and segment by segment. */
uint32_t mlr_ci_classify(const char *text, size_t len);

#endif
