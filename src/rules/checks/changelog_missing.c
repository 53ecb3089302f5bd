/* MLR410 changelog-missing: a released package without a changelog. */
#include "repo/docs.h"
#include "repo/history.h"

static bool has_release(const mlr_repo_ctx *ctx)
{
	mlr_history *h = NULL;
	char *name = NULL;
	const char *version;
	int64_t when;
	bool found = mlr_history_open(&h, ctx) == 0 && mlr_history_latest_release(&name, &version, &when, h) == 0;
	free(name);
	mlr_history_free(h);
	return found;
}

void mlr_check_changelog_missing(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	if (!mlr_repo_is_snapshot(ctx))
		return;
	bool packaged = mlr_docs_packaged(ctx);
	if (!packaged && !has_release(ctx))
		return; /* nothing is released: nothing to log changes for */
	ctx->assessed = true;
	if (!mlr_docs_changelog(ctx))
		mlr_emit(ctx->findings, rule, NULL, 0, 0, 0, false,
			"the repository %s but has no CHANGELOG: users cannot tell what changed between versions of the "
			"model or the code", packaged ? "builds a package" : "tags releases");
}
