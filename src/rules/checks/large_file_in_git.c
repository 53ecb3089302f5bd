/* MLR812 large-file-in-git: large data files (and any other large file) committed to Git
 * directly, not through Git LFS or DVC. */
#include "filter/config.h"
#include "repo/artifacts.h"

static bool image(const char *path)
{
	static const char *const exts[] = { ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", NULL };
	return mlr_path_ext_in(path, exts);
}

void mlr_check_large_file_in_git(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	const mlr_config *cfg = ctx->opts ? ctx->opts->config : NULL;
	uint64_t data_limit = (uint64_t)mlr_config_threshold(cfg, rule, "data-bytes", MLR_LARGE_DATA_BYTES);
	uint64_t file_limit = (uint64_t)mlr_config_threshold(cfg, rule, "file-bytes", MLR_LARGE_FILE_BYTES);
	mlr_artifacts art;
	if (!mlr_repo_is_snapshot(ctx) || mlr_artifacts_load(&art, ctx) < 0)
		return;
	ctx->assessed = true;
	for (size_t i = 0; i < ctx->files->len; i++) {
		const mlr_file *f = &ctx->files->items[i];
		if (f->kind == MLR_KIND_MODEL && mlr_artifact_is_model(f))
			continue; /* MLR810's */
		if (f->kind == MLR_KIND_NOTEBOOK)
			continue; /* a heavy notebook is heavy with outputs: the notebook rules' */
		bool data = f->kind == MLR_KIND_DATA;
		uint64_t limit = data ? data_limit : file_limit;
		if (f->size < limit || !mlr_repo_committed(ctx, f))
			continue;
		if (mlr_artifacts_lfs(&art, f->path) || (!f->has_oid && mlr_artifacts_dvc(&art, f->path)))
			continue;
		const char *what = data ? "data file" : image(f->path) ? "image" : "file";
		mlr_emit(ctx->findings, rule, f->path, 0, 0, mlr_repo_hash(f->path), false,
			"%.1f MiB %s committed to Git (over the %.1f MiB limit): version it with DVC or Git LFS and keep "
			"only a pointer in Git", (double)f->size / (1u << 20), what, (double)limit / (1u << 20));
	}
	mlr_artifacts_dispose(&art);
}
