/*
 * MLR604 missing-health-endpoint: a web application the team runs itself (FastAPI(),
 * Flask(__name__), ...) with no health, liveness or readiness route in its file or the
 * modules around it (its routers, the module that assembles it). Apps mounted on a
 * platform that probes them itself (BentoML, Ray Serve, KServe, MLServer, LitServe) are
 * not counted by the facts.
 */
#include "engine/engine.h"

#include "rules/checks/appscan.h"

void mlr_check_missing_health_endpoint(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_pyscan_graph g = { 0 };
	if (!mlr_appscan_any(ctx))
		return; /* serves nothing over HTTP itself */
	if (mlr_pyscan_graph_build(&g, ctx) < 0)
		return;
	ctx->assessed = true;
	mlr_appscan_report_lacking(ctx, rule, &g, MLR_FACT_HEALTH_ROUTE,
		"without a health route: add GET /health (liveness) and /ready (model loaded) for the orchestrator's probes");
	mlr_pyscan_graph_dispose(&g);
}
