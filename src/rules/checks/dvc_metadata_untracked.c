/* MLR334 dvc-metadata-untracked: DVC metadata missing from Git (dvc.lock, .dvc files),
 * or data tracked by DVC and committed to Git as well. */
#include "repo/artifacts.h"

#include <stdio.h>

static bool dvc_meta(const char *path)
{
	const char *base = mlr_path_base(path);
	size_t n = strlen(base);
	return (n > 4 && !strcmp(base + n - 4, ".dvc")) || !strcmp(base, "dvc.lock") || !strcmp(base, "dvc.yaml");
}

void mlr_check_dvc_metadata_untracked(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_artifacts art;
	if (!mlr_repo_is_snapshot(ctx) || mlr_artifacts_load(&art, ctx) < 0)
		return;
	if (!art.dvc)
		goto cleanup;
	ctx->assessed = true;
	for (size_t i = 0; i < ctx->files->len; i++) {
		const mlr_file *f = &ctx->files->items[i];
		if (dvc_meta(f->path) && !mlr_repo_committed(ctx, f)) {
			mlr_emit(ctx->findings, rule, f->path, 0, 0, 1, false,
				"DVC metadata is not committed: without it Git does not know which data version goes with this commit");
			continue;
		}
		if (!strcmp(mlr_path_base(f->path), "dvc.yaml") && mlr_repo_committed(ctx, f)) {
			char lock[1024];
			size_t dl = mlr_path_dirlen(f->path);
			snprintf(lock, sizeof(lock), "%.*s%sdvc.lock", (int)dl, f->path, dl ? "/" : "");
			const mlr_file *l = mlr_repo_find(ctx, lock);
			if (!l)
				mlr_emit(ctx->findings, rule, f->path, 0, 0, 2, false,
					"dvc.yaml without dvc.lock: the pipeline's outputs are not pinned to data versions; "
					"run `dvc repro` (or `dvc commit`) and commit dvc.lock");
		}
		if (f->has_oid && mlr_source_gitdir(ctx->source) && mlr_artifacts_dvc(&art, f->path))
			mlr_emit(ctx->findings, rule, f->path, 0, 0, 3, false,
				"tracked by DVC and committed to Git as well: `git rm --cached` it so DVC alone versions it");
	}
cleanup:
	mlr_artifacts_dispose(&art);
}
