/*
 * What the serving checks (MLR604, MLR605) ask of the web applications a team runs
 * itself: is there one, and which of them lack something in their file or the modules
 * around it.
 */
#ifndef MLR_RULES_CHECKS_APPSCAN_H
#define MLR_RULES_CHECKS_APPSCAN_H

#include "rules/checks/pyscan.h"

/* Does some file build an app the team operates (see mlr_pyscan_is_operated_app)? */
bool mlr_appscan_any(const mlr_repo_ctx *ctx);

/* Emits a finding at each operated app with none of the fact flags near it in g,
 * saying "<constructor> app <what>", e.g. "FastAPI app without a health route". */
void mlr_appscan_report_lacking(mlr_repo_ctx *ctx, const mlr_rule *rule, const mlr_pyscan_graph *g,
	uint32_t flags, const char *what);

#endif
