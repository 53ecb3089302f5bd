/* MLR120 test-config-missing: a pytest suite without pytest configuration. */
#include "repo/pytest.h"

#include "facts/names.h"

void mlr_check_test_config_missing(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	size_t tests = 0, unittest_only = 0;
	if (!mlr_repo_is_snapshot(ctx))
		return;
	for (size_t i = 0; i < ctx->files->len; i++) {
		const mlr_file_facts *f = &ctx->facts[i];
		if ((f->flags & (MLR_FACT_TEST_FILE | MLR_FACT_HAS_TESTS)) != (MLR_FACT_TEST_FILE | MLR_FACT_HAS_TESTS))
			continue;
		tests++;
		unittest_only += mlr_facts_imports(f, "unittest") && !mlr_facts_imports(f, "pytest");
	}
	/* a unittest suite runs with `python -m unittest` and needs no configuration */
	if (tests == 0 || unittest_only == tests)
		return;
	mlr_pytest_config cfg;
	if (mlr_pytest_config_load(&cfg, ctx) < 0)
		return;
	ctx->assessed = true;
	/* a conftest.py at the root or atop the test tree configures pytest in code */
	bool conftest = mlr_repo_find(ctx, "conftest.py") || mlr_repo_find(ctx, "tests/conftest.py") ||
		mlr_repo_find(ctx, "test/conftest.py");
	if (!cfg.file && !conftest)
		mlr_emit(ctx->findings, rule, NULL, 0, 0, 0, false,
			"%zu test file%s but no pytest configuration (pyproject.toml [tool.pytest.ini_options], pytest.ini, "
			"tox.ini, setup.cfg): what a bare `pytest` collects depends on where it is run", tests,
			tests == 1 ? "" : "s");
	mlr_pytest_config_dispose(&cfg);
}
