/* MLR330 dependencies-undeclared: Python code with no dependency declaration at all. */
#include "repo/deps.h"

void mlr_check_dependencies_undeclared(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_deps deps;
	if (!mlr_repo_is_snapshot(ctx) || !mlr_repo_has_python(ctx) || mlr_deps_load(&deps, ctx) < 0)
		return;
	ctx->assessed = true;
	if (deps.manifests.len == 0)
		mlr_emit(ctx->findings, rule, NULL, 0, 0, 0, false,
			"no dependency is declared (requirements.txt, pyproject.toml, environment.yml, Pipfile, "
			"setup.py): the environment the code runs in exists only on someone's machine");
	mlr_deps_dispose(&deps);
}
