/* MLR121 tests-not-collected: test code pytest never runs, because the file name does not
 * match python_files or the file lies outside the configured testpaths. Reports collected
 * test files over all test files as a KPI. */
#include "repo/pytest.h"

#include "facts/names.h"

#include "core/hash.h"

/* The line of the first module-level `def test...`, or 0. Methods are left out: test
 * methods in helper modules are mixins, collected through the test classes that inherit
 * them. */
static uint32_t first_test(const char *d, size_t len)
{
	uint32_t line = 1;
	for (size_t p = 0; p < len; line++) {
		const char *nl = memchr(d + p, '\n', len - p);
		size_t e = nl ? (size_t)(nl - d) : len;
		size_t i = p;
		if (e - i > 6 && !strncmp(d + i, "async ", 6))
			i += 6;
		if (e - i > 8 && !strncmp(d + i, "def test", 8))
			return line;
		p = e + 1;
	}
	return 0;
}

static bool in_test_dir(const char *path)
{
	return mlr_path_has_dir(path, "tests") || mlr_path_has_dir(path, "test");
}

static bool support_module(const char *base)
{
	return !strcmp(base, "conftest.py") || !strcmp(base, "__init__.py") || !strcmp(base, "__main__.py");
}

void mlr_check_tests_not_collected(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_pytest_config cfg;
	uint32_t collected = 0, total = 0;
	if (!mlr_repo_is_snapshot(ctx) || mlr_pytest_config_load(&cfg, ctx) < 0)
		return;
	for (size_t i = 0; i < ctx->files->len; i++) {
		const mlr_file *f = &ctx->files->items[i];
		uint32_t fl = ctx->facts[i].flags;
		if (f->kind != MLR_KIND_PYTHON || support_module(mlr_path_base(f->path)))
			continue;
		bool named = mlr_pytest_collects_name(&cfg, f->path);
		/* a unittest module without pytest configuration runs under `python -m unittest`,
		 * which collects test*.py */
		if (!named && !cfg.file && mlr_facts_imports(&ctx->facts[i], "unittest") && !mlr_facts_imports(&ctx->facts[i], "pytest"))
			named = mlr_name_match("test*.py", mlr_path_base(f->path));
		uint32_t line = 0;
		if ((fl & MLR_FACT_TEST_FILE) && (fl & MLR_FACT_HAS_TESTS)) {
			line = 1;
		} else if (in_test_dir(f->path) && !(fl & MLR_FACT_TEST_FILE)) {
			/* the facts drop test functions of files not named like tests: look for them */
			char *data = NULL;
			size_t len = 0;
			if (mlr_repo_read(&data, &len, NULL, ctx, f, 0) == 0)
				line = first_test(data, len);
			free(data);
		}
		if (!line)
			continue;
		total++;
		if (!named) {
			mlr_emit(ctx->findings, rule, f->path, line, 1, mlr_hash_str(MLR_HASH_SEED, "name"), false,
				"test code in a file pytest does not collect: its name matches none of %s",
				cfg.python_files.len ? "the configured python_files" : "test_*.py, *_test.py");
		} else if (!mlr_pytest_in_testpaths(&cfg, f->path)) {
			mlr_emit(ctx->findings, rule, f->path, 0, 0, mlr_hash_str(MLR_HASH_SEED, "testpaths"), false,
				"test file outside the configured testpaths (%s%s): a bare `pytest` never runs it",
				cfg.testpaths.items[0], cfg.testpaths.len > 1 ? ", ..." : "");
		} else {
			collected++;
		}
	}
	if (total) {
		ctx->assessed = true;
		mlr_kpi_add(ctx->kpis, rule, "collected_test_files", "test files pytest collects", collected, total, 1.0);
	}
	mlr_pytest_config_dispose(&cfg);
}
