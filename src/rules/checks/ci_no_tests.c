/* MLR702 ci-no-tests: CI exists but no job runs the test suite. */
#include "repo/ci.h"

void mlr_check_ci_no_tests(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_ci_file_array ci = { 0 };
	char files[256], does[128];
	if (!mlr_repo_is_snapshot(ctx) || mlr_ci_load(&ci, ctx) < 0 || ci.len == 0)
		goto cleanup;
	uint32_t caps = mlr_ci_caps(&ci);
	ctx->assessed = true;
	if (caps & MLR_CI_TESTS)
		goto cleanup;
	mlr_ci_list(files, sizeof(files), &ci);
	mlr_ci_describe(does, sizeof(does), caps);
	mlr_emit(ctx->findings, rule, NULL, 0, 0, 0, false,
		"CI exists (%s) but runs no tests: it %s%s", files, does,
		mlr_repo_any_fact(ctx, MLR_FACT_TEST_FILE | MLR_FACT_HAS_TESTS) ? ", while the repository has a test suite" : "");
cleanup:
	mlr_ci_dispose(&ci);
}
