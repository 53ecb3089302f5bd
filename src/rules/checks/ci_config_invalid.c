/* MLR706 ci-config-invalid: a CI configuration that is not valid YAML. */
#include "repo/ci.h"

void mlr_check_ci_config_invalid(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_ci_file_array ci = { 0 };
	if (!mlr_repo_is_snapshot(ctx) || mlr_ci_load(&ci, ctx) < 0 || ci.len == 0)
		goto cleanup;
	ctx->assessed = true;
	for (size_t i = 0; i < ci.len; i++) {
		const mlr_ci_file *f = &ci.items[i];
		if (f->invalid)
			mlr_emit(ctx->findings, rule, f->file->path, f->err_line, f->err_col, mlr_repo_hash(f->err), false,
				"%s configuration is not valid YAML: %s; the pipeline does not run at all", f->system, f->err);
	}
cleanup:
	mlr_ci_dispose(&ci);
}
