/* MLR101 missing-tests: a repository with Python modules and no test suite. */
#include "engine/engine.h"

/* One test module for every two source modules earns full points. */
#define TEST_RATIO_TARGET 0.5

void mlr_check_missing_tests(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	uint32_t tests = 0, modules = 0;
	for (size_t i = 0; i < ctx->files->len; i++) {
		uint32_t fl = ctx->facts[i].flags;
		if ((fl & MLR_FACT_TEST_FILE) && (fl & MLR_FACT_HAS_TESTS))
			tests++;
		if (fl & MLR_FACT_SOURCE_MODULE)
			modules++;
	}
	if (modules == 0 && tests == 0)
		return; /* no Python code: nothing to test */
	ctx->assessed = true;
	mlr_kpi_add(ctx->kpis, rule, "test_files_per_module", "test files per source module", tests,
		modules, TEST_RATIO_TARGET);
	if (tests == 0)
		mlr_emit(ctx->findings, rule, NULL, 0, 0, 0, false,
			"no test suite: %u source module%s and no test file with test functions", modules,
			modules == 1 ? "" : "s");
}
