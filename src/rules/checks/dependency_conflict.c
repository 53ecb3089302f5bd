/* MLR332 dependency-conflict: two manifests of one project require versions of the same
 * package that cannot both hold. */
#include "repo/deps.h"
#include "repo/version.h"

#include <stdio.h>

/* Findings past this many are one pattern, not news. */
#define MAX_CONFLICTS 50

/* Directories that hold a project's environment files next to its root manifests. */
static bool env_dir(const char *path)
{
	static const char *const dirs[] = { "requirements", "reqs", "env", "envs", "environment", "environments",
		"conda", "docker", "ci", ".binder", "binder", ".devcontainer", "deploy", NULL };
	size_t dl = mlr_path_dirlen(path);
	if (!dl || memchr(path, '/', dl))
		return false; /* one level below the root only */
	for (size_t i = 0; dirs[i]; i++)
		if (strlen(dirs[i]) == dl && !strncmp(path, dirs[i], dl))
			return true;
	return false;
}

/* requirements files and their pip-tools sources are one manager; several of them in one
 * directory are usually alternatives (requirements_gpu.txt, requirements_sdxl.txt). */
static bool pip_family(mlr_deps_manager m)
{
	return m == MLR_DEPS_REQUIREMENTS || m == MLR_DEPS_PIP_TOOLS;
}

/* Two manifests of different managers describe the same environment: same directory, or
 * root and an env dir. */
static bool related(const mlr_dep *da, const mlr_dep *db)
{
	const mlr_file *a = da->file, *b = db->file;
	if (pip_family(da->manager) && pip_family(db->manager))
		return false;
	size_t la = mlr_path_dirlen(a->path), lb = mlr_path_dirlen(b->path);
	if (la == lb && !strncmp(a->path, b->path, la))
		return true;
	return (la == 0 && env_dir(b->path)) || (lb == 0 && env_dir(a->path));
}

static int cmp_dep(const void *x, const void *y)
{
	const mlr_dep *a = *(const mlr_dep *const *)x, *b = *(const mlr_dep *const *)y;
	int c = strcmp(a->name, b->name);
	if (c)
		return c;
	c = strcmp(a->file->path, b->file->path);
	return c ? c : (a->line < b->line ? -1 : a->line > b->line);
}

/* The specifier of b excludes the version a pins, and the other way round when b pins too. */
static bool conflict(const mlr_dep *a, const mlr_dep *b)
{
	mlr_version va, vb;
	bool ea = a->exact && mlr_spec_exact(a->spec, &va), eb = b->exact && mlr_spec_exact(b->spec, &vb);
	if (!ea && !eb)
		return false;
	if (ea && mlr_spec_allows(b->spec, &va) != MLR_SPEC_NO)
		return false;
	if (eb && mlr_spec_allows(a->spec, &vb) != MLR_SPEC_NO)
		return false;
	return true;
}

void mlr_check_dependency_conflict(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_deps deps;
	const mlr_dep **sorted = NULL;
	size_t found = 0;
	if (!mlr_repo_is_snapshot(ctx) || mlr_deps_load(&deps, ctx) < 0)
		return;
	size_t with_deps = 0;
	for (size_t m = 0; m < deps.manifests.len; m++)
		for (size_t i = 0; i < deps.deps.len; i++)
			if (deps.deps.items[i].file == deps.manifests.items[m].file) {
				with_deps++;
				break;
			}
	if (with_deps < 2 || !(sorted = malloc(deps.deps.len * sizeof(*sorted))))
		goto cleanup;
	ctx->assessed = true;
	for (size_t i = 0; i < deps.deps.len; i++)
		sorted[i] = &deps.deps.items[i];
	qsort(sorted, deps.deps.len, sizeof(*sorted), cmp_dep);
	for (size_t i = 0; i < deps.deps.len && found < MAX_CONFLICTS; i++) {
		const mlr_dep *b = sorted[i];
		if (b->marker)
			continue;
		/* earlier declarations of the same name, in other related files */
		for (size_t k = i; k-- > 0 && !strcmp(sorted[k]->name, b->name);) {
			const mlr_dep *a = sorted[k];
			if (a->marker || a->file == b->file || !related(a, b) || !conflict(a, b))
				continue;
			char sa[64], sb[64];
			mlr_emit(ctx->findings, rule, b->file->path, b->line, 1, mlr_repo_hash(b->name), false,
				"%s %s here (%s) but %s %s at %s:%u (%s): the two cannot both be installed",
				b->name, b->spec[0] ? mlr_dep_spec_display(b->spec, sb, sizeof(sb)) : "(any)",
				mlr_deps_manager_name(b->manager), a->name,
				a->spec[0] ? mlr_dep_spec_display(a->spec, sa, sizeof(sa)) : "(any)", a->file->path, a->line,
				mlr_deps_manager_name(a->manager));
			found++;
			break;
		}
	}
cleanup:
	free(sorted);
	mlr_deps_dispose(&deps);
}
