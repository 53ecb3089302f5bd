/* MLR801 notebook-outputs-committed and MLR802 notebook-error-output: one finding per
 * notebook, at the first cell concerned. */
#include "engine/engine.h"

#include "core/hash.h"

void mlr_check_notebook_outputs(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	const mlr_notebook *nb = ctx->nb;
	if (!nb || !nb->cells_with_outputs)
		return;
	mlr_finding_array *out = ctx->findings;
	if (mlr_emit(out, rule, ctx->file->path, 1, 1, mlr_hash_str(MLR_HASH_SEED, "outputs"), false,
		    "%u of %u code cell%s committed with outputs", nb->cells_with_outputs, nb->code_cells,
		    nb->code_cells == 1 ? "" : "s") == 0)
		out->items[out->len - 1].cell = nb->first_output_cell;
}

void mlr_check_notebook_error_output(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	const mlr_notebook *nb = ctx->nb;
	if (!nb || !nb->error_outputs)
		return;
	mlr_finding_array *out = ctx->findings;
	if (mlr_emit(out, rule, ctx->file->path, 1, 1, mlr_hash_str(MLR_HASH_SEED, "error-output"), false,
		    "%u error output%s (a traceback): the notebook did not run top to bottom",
		    nb->error_outputs, nb->error_outputs == 1 ? "" : "s") == 0)
		out->items[out->len - 1].cell = nb->first_error_cell;
}
