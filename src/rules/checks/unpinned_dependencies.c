/* MLR331 unpinned-dependencies: environment dependencies without an exact version and no
 * lock file to pin them. Reports pinned direct dependencies over all of them as a KPI. */
#include "repo/deps.h"

static bool any_lock(const mlr_deps *deps)
{
	for (size_t i = 0; i < deps->manifests.len; i++)
		if (deps->manifests.items[i].lock)
			return true;
	return false;
}

static size_t depth(const char *path)
{
	size_t n = 0;
	for (; *path; path++)
		n += *path == '/';
	return n;
}

void mlr_check_unpinned_dependencies(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_deps deps;
	if (!mlr_repo_is_snapshot(ctx) || mlr_deps_load(&deps, ctx) < 0)
		return;
	uint32_t counted = 0, pinned = 0;
	size_t abstract = 0, abstract_open = 0;
	const mlr_dep *first_abstract = NULL;
	for (size_t i = 0; i < deps.deps.len; i++) {
		const mlr_dep *d = &deps.deps.items[i];
		/* docs/requirements.txt builds the documentation, not where a model runs */
		if (mlr_path_has_dir(d->file->path, "docs") || mlr_path_has_dir(d->file->path, "doc"))
			continue;
		if (d->abstract) {
			abstract++;
			abstract_open += !d->exact;
			/* the shallowest metadata speaks for the repository: setup.py before
			 * projects/x/setup.py */
			if (!first_abstract || depth(d->file->path) < depth(first_abstract->file->path))
				first_abstract = d;
			continue;
		}
		counted++;
		if (d->exact || d->locked) {
			pinned++;
			continue;
		}
		char shown[64];
		mlr_emit(ctx->findings, rule, d->file->path, d->line, 1, mlr_repo_hash(d->name), false,
			"%s is not pinned (%s) and no lock file pins it: each install may resolve a different version",
			d->name, mlr_dep_spec_display(d->spec, shown, sizeof(shown)));
	}
	if (counted) {
		ctx->assessed = true;
		mlr_kpi_add(ctx->kpis, rule, "pinned_dependencies", "pinned direct dependencies", pinned, counted, 1.0);
	} else if (abstract && !any_lock(&deps) && mlr_repo_any_fact(ctx, MLR_FACT_TRAINS)) {
		/* library metadata alone: right for a package, not enough to rebuild a training run */
		ctx->assessed = true;
		if (abstract_open)
			mlr_emit(ctx->findings, rule, first_abstract->file->path, 0, 0, 1, false,
				"dependencies are declared only as package metadata (%zu of %zu without an exact version) and no "
				"lock file or pinned requirements file exists: the training environment cannot be rebuilt",
				abstract_open, abstract);
	}
	mlr_deps_dispose(&deps);
}
