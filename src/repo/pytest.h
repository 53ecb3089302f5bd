/*
 * Test-runner configuration: where pytest reads its settings (pytest.toml, pytest.ini,
 * pyproject.toml [tool.pytest.ini_options], tox.ini [pytest], setup.cfg [tool:pytest], in
 * pytest's own order) and the two settings that decide what a bare `pytest` collects:
 * python_files and testpaths.
 */
#ifndef MLR_REPO_PYTEST_H
#define MLR_REPO_PYTEST_H

#include "repo/repo.h"

typedef mlr_array(char *) mlr_pytest_list;

typedef struct {
	const mlr_file *file;         /* the file pytest reads its configuration from, or NULL */
	mlr_pytest_list python_files; /* globs; empty means pytest's default */
	mlr_pytest_list testpaths;    /* directories; empty means "from the invocation dir" */
} mlr_pytest_config;

int mlr_pytest_config_load(mlr_pytest_config *out, mlr_repo_ctx *ctx);
void mlr_pytest_config_dispose(mlr_pytest_config *cfg);

/* Whether pytest collects a file of this name (python_files, default test_*.py *_test.py). */
bool mlr_pytest_collects_name(const mlr_pytest_config *cfg, const char *path);
/* Whether path lies in one of testpaths (true when none is configured). */
bool mlr_pytest_in_testpaths(const mlr_pytest_config *cfg, const char *path);

#endif
