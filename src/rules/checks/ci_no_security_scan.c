/* MLR704: CI exists but runs no secret or vulnerability scan (gitleaks, trufflehog, detect-secrets, pip-audit, bandit, trivy, CodeQL). */
#include "repo/ci.h"

void mlr_check_ci_no_security_scan(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_ci_file_array ci = { 0 };
	char files[256];
	if (!mlr_repo_is_snapshot(ctx) || !mlr_repo_has_python(ctx) || mlr_ci_load(&ci, ctx) < 0 || ci.len == 0)
		goto cleanup;
	ctx->assessed = true;
	if (mlr_ci_caps(&ci) & MLR_CI_SCAN)
		goto cleanup;
	mlr_ci_list(files, sizeof(files), &ci);
	mlr_emit(ctx->findings, rule, NULL, 0, 0, 0, false, "CI (%s) runs no secret or vulnerability scan (gitleaks, trufflehog, detect-secrets, pip-audit, bandit, trivy, CodeQL)", files);
cleanup:
	mlr_ci_dispose(&ci);
}
