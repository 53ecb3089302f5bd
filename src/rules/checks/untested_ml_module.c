/*
 * MLR103 untested-ml-module: modules that define preprocessing, feature or inference
 * functions (predict, transform, preprocess, featurize, ...) which no test imports.
 *
 * A module counts as tested when a test file (or conftest, or a helper under tests/)
 * imports it by path, imports a package whose __init__ imports it (one hop: re-exports),
 * or imports by name one of its top-level functions or classes (`from churn import
 * Preprocessor`, through any chain of re-exports).
 */
#include "engine/engine.h"

#include <stdio.h>
#include <string.h>

#include "rules/checks/pyscan.h"

/* Four tested ML modules in five earn full points. */
#define TESTED_TARGET 0.8

static bool is_test_side(const mlr_repo_ctx *ctx, size_t i)
{
	const char *path = ctx->files->items[i].path;
	return (ctx->facts[i].flags & MLR_FACT_PYTHON) && !mlr_pyscan_is_notebook(path) &&
	       mlr_pyscan_is_test_code(path, ctx->facts[i].flags);
}

static bool is_init(const char *path)
{
	const char *base = strrchr(path, '/');
	return !strcmp(base ? base + 1 : path, "__init__.py");
}

typedef struct {
	const char *name;
	size_t module;
} defined_name;

static int cmp_defined(const void *a, const void *b)
{
	return strcmp(((const defined_name *)a)->name, ((const defined_name *)b)->name);
}

/* Marks what the test-side files reach. names: the ML modules' top-level names, sorted. */
static void mark_tested(const mlr_repo_ctx *ctx, const mlr_pyscan_graph *g, bool *tested,
	const defined_name *names, size_t nnames)
{
	size_t n = ctx->files->len;
	for (size_t t = 0; t < n; t++) {
		if (!is_test_side(ctx, t))
			continue;
		for (size_t k = 0; k < g->count[t]; k++) {
			size_t m = g->to[t][k];
			tested[m] = true;
			/* `from churn import features` re-exported by churn/__init__.py */
			if (is_init(ctx->files->items[m].path))
				for (size_t j = 0; j < g->count[m]; j++)
					tested[g->to[m][j]] = true;
		}
		/* Imported by name: `from diffusers import VaeImageProcessor` */
		const mlr_file_facts *tf = &ctx->facts[t];
		for (size_t k = 0; k < tf->import_count && nnames; k++) {
			defined_name key = { mlr_pyscan_last(tf->imports[k]), 0 };
			const defined_name *hit = bsearch(&key, names, nnames, sizeof(defined_name), cmp_defined);
			if (!hit)
				continue;
			while (hit > names && !cmp_defined(hit - 1, &key))
				hit--;
			for (; hit < names + nnames && !cmp_defined(hit, &key); hit++)
				tested[hit->module] = true;
		}
	}
}

void mlr_check_untested_ml_module(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	size_t n = ctx->files->len;
	uint32_t covered = 0;
	mlr_pyscan_graph g = { 0 };
	mlr_array(size_t) ml = { 0 };
	mlr_array(defined_name) names = { 0 };
	bool *tested = NULL;
	for (size_t i = 0; i < n; i++) {
		uint32_t fl = ctx->facts[i].flags;
		if ((fl & MLR_FACT_ML_FUNCTIONS) && (fl & MLR_FACT_SOURCE_MODULE) && mlr_array_push(&ml, i) < 0)
			goto cleanup;
	}
	if (ml.len == 0)
		goto cleanup; /* nothing that shapes data or predicts: nothing to assess */
	if (mlr_pyscan_graph_build(&g, ctx) < 0 || !(tested = calloc(n, sizeof(bool))))
		goto cleanup;
	for (size_t j = 0; j < ml.len; j++) {
		const mlr_file_facts *f = &ctx->facts[ml.items[j]];
		for (size_t k = 0; k < f->ml_name_count; k++) {
			defined_name d = { f->ml_names[k], ml.items[j] };
			if (mlr_array_push(&names, d) < 0)
				goto cleanup;
		}
	}
	if (names.len > 1)
		qsort(names.items, names.len, sizeof(defined_name), cmp_defined);
	ctx->assessed = true;
	mark_tested(ctx, &g, tested, names.items, names.len);
	for (size_t j = 0; j < ml.len; j++) {
		size_t i = ml.items[j];
		const mlr_file_facts *f = &ctx->facts[i];
		if (tested[i]) {
			covered++;
			continue;
		}
		mlr_emit(ctx->findings, rule, ctx->files->items[i].path, f->ml_line, 1, 0, false,
			"defines `%s` (line %u) but no test imports this module",
			f->ml_function ? f->ml_function : "an ML function", f->ml_line);
	}
	mlr_kpi_add(ctx->kpis, rule, "tested_ml_modules", "tested ML modules", covered, (uint32_t)ml.len,
		TESTED_TARGET);
cleanup:
	mlr_array_delete(&ml);
	mlr_array_delete(&names);
	free(tested);
	mlr_pyscan_graph_dispose(&g);
}
