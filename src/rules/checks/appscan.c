#include "rules/checks/appscan.h"

bool mlr_appscan_any(const mlr_repo_ctx *ctx)
{
	for (size_t i = 0; i < ctx->files->len; i++)
		if (mlr_pyscan_is_operated_app(ctx, i))
			return true;
	return false;
}

void mlr_appscan_report_lacking(mlr_repo_ctx *ctx, const mlr_rule *rule, const mlr_pyscan_graph *g,
	uint32_t flags, const char *what)
{
	for (size_t i = 0; i < ctx->files->len; i++) {
		if (!mlr_pyscan_is_operated_app(ctx, i) || mlr_pyscan_near(ctx, g, i, flags))
			continue;
		const mlr_file_facts *f = &ctx->facts[i];
		mlr_emit(ctx->findings, rule, ctx->files->items[i].path, f->app_line, 1, 0, false, "%s app %s",
			f->app_call ? mlr_pyscan_last(f->app_call) : "web", what);
	}
}
