/*
 * MLR231 secret-in-history. Its findings are made by the --history fold
 * (src/engine/history.c), which relabels a hardcoded secret found only in blobs that are
 * no longer at HEAD. This check only says when the rule could be assessed: a run over
 * the working tree or one commit cannot see history, so it is left out of the score
 * rather than scored as clean.
 */
#include "engine/engine.h"

void mlr_check_secret_in_history(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	(void)rule;
	ctx->assessed = ctx->opts && ctx->opts->source == MLR_SOURCE_HISTORY;
}
