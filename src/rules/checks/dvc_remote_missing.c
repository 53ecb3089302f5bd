/* MLR333 dvc-remote-missing: DVC is used but no remote is configured in the committed
 * .dvc/config, so nobody else can pull the data. */
#include "repo/artifacts.h"
#include "repo/ini.h"

#include <strings.h>

void mlr_check_dvc_remote_missing(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_artifacts art;
	if (!mlr_repo_is_snapshot(ctx) || mlr_artifacts_load(&art, ctx) < 0)
		return;
	if (!art.dvc)
		goto cleanup;
	ctx->assessed = true;
	const mlr_file *cfg = mlr_repo_find(ctx, ".dvc/config");
	if (!cfg || !mlr_repo_committed(ctx, cfg)) {
		mlr_emit(ctx->findings, rule, NULL, 0, 0, 1, false,
			"the repository uses DVC but .dvc/config is not committed: no remote, so the data cannot be pulled");
		goto cleanup;
	}
	char *data = NULL;
	size_t len = 0;
	mlr_ini ini;
	if (mlr_repo_read(&data, &len, NULL, ctx, cfg, 0) < 0)
		goto cleanup;
	if (mlr_ini_parse(&ini, data, len) == 0) {
		size_t remotes = 0;
		for (size_t i = 0; i < ini.sections.len; i++)
			if (!strncasecmp(ini.sections.items[i], "remote ", 7) || !strncasecmp(ini.sections.items[i], "'remote ", 8))
				remotes++;
		const mlr_ini_entry *def = mlr_ini_get(&ini, "core", "remote");
		if (remotes == 0) {
			mlr_emit(ctx->findings, rule, cfg->path, 0, 0, 2, false,
				"no DVC remote is configured: `dvc push` has nowhere to go and a fresh clone cannot `dvc pull` the data "
				"(a remote in .dvc/config.local is not shared)");
		} else if (def) {
			char want[300];
			snprintf(want, sizeof(want), "remote \"%s\"", def->value);
			bool found = mlr_ini_has_section(&ini, want);
			snprintf(want, sizeof(want), "'remote \"%s\"'", def->value);
			found |= mlr_ini_has_section(&ini, want);
			if (!found)
				mlr_emit(ctx->findings, rule, cfg->path, def->line, 1, 3, false,
					"the default DVC remote '%.60s' is not defined in .dvc/config", def->value);
		}
		mlr_ini_dispose(&ini);
	}
	free(data);
cleanup:
	mlr_artifacts_dispose(&art);
}
