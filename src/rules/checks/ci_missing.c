/* MLR701 ci-missing: Python code and no continuous integration configuration. */
#include "repo/ci.h"

void mlr_check_ci_missing(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	if (!mlr_repo_is_snapshot(ctx) || !mlr_repo_has_python(ctx))
		return;
	ctx->assessed = true;
	mlr_ci_file_array ci = { 0 };
	if (mlr_ci_load(&ci, ctx) < 0)
		goto cleanup;
	if (ci.len == 0)
		mlr_emit(ctx->findings, rule, NULL, 0, 0, 0, false,
			"no CI configuration (GitHub Actions, GitLab CI, Azure Pipelines, CircleCI, Bitbucket "
			"Pipelines, Jenkinsfile): nothing runs the tests or checks on a change before it merges");
cleanup:
	mlr_ci_dispose(&ci);
}
