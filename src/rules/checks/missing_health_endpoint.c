/*
 * MLR604 missing-health-endpoint: a web application the team runs itself (FastAPI(),
 * Flask(__name__), ...) with no health, liveness or readiness route in its file or the
 * modules around it (its routers, the module that assembles it). Apps mounted on a
 * platform that probes them itself (BentoML, Ray Serve, KServe, MLServer, LitServe) are
 * not counted by the facts.
 */
#include "engine/engine.h"

#include "rules/checks/pyscan.h"

void mlr_check_missing_health_endpoint(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	bool apps = false;
	mlr_pyscan_graph g = { 0 };
	for (size_t i = 0; i < ctx->files->len; i++)
		apps |= mlr_pyscan_is_operated_app(ctx, i);
	if (!apps)
		return; /* serves nothing over HTTP itself */
	if (mlr_pyscan_graph_build(&g, ctx) < 0)
		return;
	ctx->assessed = true;
	for (size_t i = 0; i < ctx->files->len; i++) {
		if (!mlr_pyscan_is_operated_app(ctx, i) || mlr_pyscan_near(ctx, &g, i, MLR_FACT_HEALTH_ROUTE))
			continue;
		const mlr_file_facts *f = &ctx->facts[i];
		mlr_emit(ctx->findings, rule, ctx->files->items[i].path, f->app_line, 1, 0, false,
			"%s app without a health route: add GET /health (liveness) and /ready (model loaded) for the orchestrator's probes",
			f->app_call ? mlr_pyscan_last(f->app_call) : "web");
	}
	mlr_pyscan_graph_dispose(&g);
}
