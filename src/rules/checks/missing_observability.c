/*
 * MLR605 missing-observability: a web application the team runs itself, and nothing in
 * its file or the modules around it exports metrics or traces (no Prometheus client or
 * instrumentator, OpenTelemetry,
 * Datadog, Sentry, New Relic, Elastic APM, StatsD, X-Ray, or model-monitoring client
 * (Evidently, WhyLabs, NannyML, Arize, Fiddler)), and the repository has no
 * auto-instrumenting launcher (`opentelemetry-instrument`, `ddtrace-run`,
 * `newrelic-admin`) in a Dockerfile, Procfile, compose file or shell script.
 */
#include "engine/engine.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/checks/appscan.h"

#define MAX_LAUNCH_FILES 64
#define MAX_LAUNCH_BYTES (256u << 10)

static bool is_launch_file(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t bl = strlen(base);
	return !strncasecmp(base, "dockerfile", 10) || (bl > 11 && !strcasecmp(base + bl - 11, ".dockerfile")) ||
	       !strcmp(base, "Procfile") || (strstr(base, "compose") && (strstr(base, ".yml") || strstr(base, ".yaml"))) ||
	       (bl > 3 && !strcmp(base + bl - 3, ".sh")) || !strncmp(base, "entrypoint", 10);
}

static bool launches_instrumented(mlr_repo_ctx *ctx)
{
	static const char *const launchers[] = {
		"opentelemetry-instrument", "ddtrace-run", "newrelic-admin", NULL
	};
	size_t read = 0;
	for (size_t i = 0; i < ctx->files->len && read < MAX_LAUNCH_FILES; i++) {
		const mlr_file *f = &ctx->files->items[i];
		if (!is_launch_file(f->path) || f->kind == MLR_KIND_BINARY)
			continue;
		char *data = NULL;
		size_t len = 0;
		bool truncated = false;
		read++;
		if (mlr_source_read(&data, &len, &truncated, ctx->reader, f, MAX_LAUNCH_BYTES) < 0)
			continue; /* unreadable: the analyzers already noted it */
		bool hit = false;
		for (size_t k = 0; launchers[k] && !hit; k++)
			hit = memmem(data, len, launchers[k], strlen(launchers[k])) != NULL;
		free(data);
		if (hit)
			return true;
	}
	return false;
}

void mlr_check_missing_observability(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_pyscan_graph g = { 0 };
	if (!mlr_appscan_any(ctx))
		return; /* serves nothing over HTTP itself */
	ctx->assessed = true;
	if (launches_instrumented(ctx) || mlr_pyscan_graph_build(&g, ctx) < 0)
		return;
	mlr_appscan_report_lacking(ctx, rule, &g, MLR_FACT_INSTRUMENTED,
		"exports no metrics or traces: instrument request count, latency, errors and prediction outputs (Prometheus or OpenTelemetry)");
	mlr_pyscan_graph_dispose(&g);
}
