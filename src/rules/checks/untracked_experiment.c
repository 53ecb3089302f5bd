/*
 * MLR301 untracked-experiment: a training entry point that logs nothing to an experiment
 * tracker. A file counts as tracked when it calls a tracker itself or imports a module of
 * this repository that does (one hop: `from .tracking import log_run`).
 */
#include "engine/engine.h"
#include "rules/checks/pyscan.h"

#include <string.h>

static bool tracked_through_import(const mlr_repo_ctx *ctx, size_t i, const size_t *trackers,
	size_t ntrackers)
{
	const mlr_file_facts *f = &ctx->facts[i];
	for (size_t m = 0; m < f->import_count; m++)
		for (size_t t = 0; t < ntrackers; t++)
			if (trackers[t] != i &&
			    mlr_pyscan_module_is_path(f->imports[m], ctx->files->items[i].path, ctx->files->items[trackers[t]].path))
				return true;
	return false;
}

void mlr_check_untracked_experiment(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	uint32_t entry = 0, tracked = 0;
	mlr_array(size_t) trackers = { 0 };
	for (size_t i = 0; i < ctx->files->len; i++)
		if ((ctx->facts[i].flags & MLR_FACT_TRACKS) && mlr_array_push(&trackers, i) < 0)
			break;
	for (size_t i = 0; i < ctx->files->len; i++) {
		const mlr_file_facts *f = &ctx->facts[i];
		if (!(f->flags & MLR_FACT_TRAINS))
			continue;
		entry++;
		if ((f->flags & MLR_FACT_TRACKS) || tracked_through_import(ctx, i, trackers.items, trackers.len)) {
			tracked++;
			continue;
		}
		mlr_emit(ctx->findings, rule, ctx->files->items[i].path, 0, 0, 0, false,
			"trains a model (%s at line %u) but logs no parameters or metrics to an experiment tracker",
			f->train_call ? f->train_call : "training", f->train_line);
	}
	mlr_array_delete(&trackers);
	if (entry == 0)
		return; /* trains nothing: not assessable */
	ctx->assessed = true;
	mlr_kpi_add(ctx->kpis, rule, "tracked_training_entry_points", "tracked training entry points",
		tracked, entry, 1.0);
}
