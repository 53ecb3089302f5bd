/*
 * MLR504 unvalidated-data-load: pipeline code reads tabular data (read_csv, read_parquet,
 * SQL reads, Spark readers) and nothing checks it.
 *
 * A reading module counts as validated when it validates itself (a schema library or an
 * explicit schema assert) or a module near it in the import graph does (mlr_pyscan_near):
 * `pipeline.py` importing both `load.py` and `schemas.py` validates what load.py reads.
 * Explicit asserts in tests do not count (they check code on fixtures, not the data
 * production reads; the facts leave them out); data tests with a validation library do.
 */
#include "engine/engine.h"

#include <string.h>

#include "rules/checks/pyscan.h"

/* Four validated reading modules in five earn full points. */
#define VALIDATED_TARGET 0.8

static bool is_pipeline_reader(const mlr_repo_ctx *ctx, size_t i)
{
	const char *path = ctx->files->items[i].path;
	uint32_t fl = ctx->facts[i].flags;
	/* notebooks explore; docs and tests read fixtures; benchmarks read their own results */
	return (fl & MLR_FACT_LOADS_DATA) && !mlr_pyscan_is_notebook(path) && !mlr_pyscan_is_test_code(path, fl) &&
	       !mlr_pyscan_has_dir(path, "docs") && !mlr_pyscan_has_dir(path, "doc") &&
	       !mlr_pyscan_has_dir(path, "benchmarks");
}

void mlr_check_unvalidated_data_load(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	size_t n = ctx->files->len;
	uint32_t readers = 0, validated = 0;
	bool anywhere = false;
	mlr_pyscan_graph g = { 0 };
	for (size_t i = 0; i < n; i++) {
		readers += is_pipeline_reader(ctx, i);
		anywhere |= (ctx->facts[i].flags & MLR_FACT_VALIDATES_DATA) != 0;
	}
	if (readers == 0)
		return; /* reads no data: nothing to validate */
	if (anywhere && mlr_pyscan_graph_build(&g, ctx) < 0)
		return;

	ctx->assessed = true;
	for (size_t i = 0; i < n; i++) {
		if (!is_pipeline_reader(ctx, i))
			continue;
		const mlr_file_facts *f = &ctx->facts[i];
		if (anywhere && mlr_pyscan_near(ctx, &g, i, MLR_FACT_VALIDATES_DATA)) {
			validated++;
			continue;
		}
		mlr_emit(ctx->findings, rule, ctx->files->items[i].path, f->load_line, 1, 0, false,
			"reads data with %s() and %s", f->load_call ? f->load_call : "a reader",
			anywhere ? "neither this module nor the modules it works with validate it"
			         : "nothing in the repository validates data (no pandera or Great Expectations schema, no record model outside the web layer, no schema check)");
	}
	mlr_kpi_add(ctx->kpis, rule, "validated_data_loads", "validated data-reading modules", validated, readers,
		VALIDATED_TARGET);
	mlr_pyscan_graph_dispose(&g);
}
