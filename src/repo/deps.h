/*
 * Dependency declarations, from every manager a Python ML project may legitimately use:
 * requirements*.txt and pip-tools (.in + compiled .txt), PEP 621 pyproject.toml, Poetry,
 * PDM, uv, Pipenv, conda environment files, setup.py and setup.cfg. Lock files are
 * recognised (not parsed): poetry.lock, uv.lock, pdm.lock, Pipfile.lock, conda-lock.
 *
 * Each declared dependency keeps its file and line, its specifier, and whether it is
 * pinned: by its own specifier (==, a commit), by a lock file of its manager in the same
 * directory, by a pip-tools compiled sibling, or by a constraints file.
 */
#ifndef MLR_REPO_DEPS_H
#define MLR_REPO_DEPS_H

#include "repo/repo.h"

typedef enum {
	MLR_DEPS_REQUIREMENTS = 0, /* requirements*.txt */
	MLR_DEPS_PIP_TOOLS,        /* requirements*.in */
	MLR_DEPS_PEP621,           /* [project] / [dependency-groups] of pyproject.toml */
	MLR_DEPS_POETRY,
	MLR_DEPS_PDM,
	MLR_DEPS_UV,
	MLR_DEPS_PIPENV,
	MLR_DEPS_CONDA,
	MLR_DEPS_SETUP_PY,
	MLR_DEPS_SETUP_CFG,
	MLR_DEPS__COUNT
} mlr_deps_manager;

const char *mlr_deps_manager_name(mlr_deps_manager m);
/* A spec as findings may quote it: a plain version clause (">=2,<3"), else "a direct URL
 * reference" or "an unrecognised version spec" (a URL may hold a token; a line that only
 * looks like a requirement may hold anything), "any version" when empty. buf holds the
 * clause. */
const char *mlr_dep_spec_display(const char *spec, char *buf, size_t bufsz);

typedef struct {
	char *name;          /* normalized: lower case, runs of -_. as '-' (conda names mapped to pip's) */
	char *spec;          /* the version specifier as written ("" when none) */
	const mlr_file *file;
	uint32_t line;
	mlr_deps_manager manager;
	bool exact;          /* the specifier itself pins one version (or a commit) */
	bool locked;         /* a lock file, compiled sibling or constraints file pins it */
	bool marker;         /* carries an environment marker (`; sys_platform == ...`) */
	bool abstract;       /* library metadata (PEP 621 without a lock-based tool, setup.py, setup.cfg) */
} mlr_dep;

typedef struct {
	const mlr_file *file;
	mlr_deps_manager manager;
	bool lock;           /* a lock file, or a compiled/hashed requirements file */
} mlr_deps_manifest;

typedef struct {
	mlr_array(mlr_dep) deps;
	mlr_array(mlr_deps_manifest) manifests;
} mlr_deps;

int mlr_deps_load(mlr_deps *out, mlr_repo_ctx *ctx);
void mlr_deps_dispose(mlr_deps *deps);

/* Normalizes a distribution name into out (PEP 503, plus conda→pip aliases). */
void mlr_dep_name(char *out, size_t outsz, const char *name, size_t len);

/* Parses one PEP 508 requirement ("torch[cuda]>=2.0; python_version>'3.8'") into name, specifier,
 * marker presence and exactness. false for options, paths and URLs without a name. */
bool mlr_dep_parse_pep508(char *name, size_t namesz, char *spec, size_t specsz, bool *marker,
	bool *exact, const char *line, size_t len);

#endif
