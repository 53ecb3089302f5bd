/* MLR810 model-weights-in-git: serialized models committed to Git directly, not through
 * Git LFS or DVC. Reports model artifacts kept out of Git over all of them as a KPI. */
#include "repo/artifacts.h"

static void human_size(char *out, size_t outsz, uint64_t n)
{
	if (n >= (1u << 20))
		snprintf(out, outsz, "%.1f MiB", (double)n / (1u << 20));
	else if (n >= 1024)
		snprintf(out, outsz, "%.1f KiB", (double)n / 1024);
	else
		snprintf(out, outsz, "%llu bytes", (unsigned long long)n);
}

/* An LFS pointer committed without the attribute (or read from the object database). */
static bool lfs_pointer(mlr_repo_ctx *ctx, const mlr_file *f)
{
	char *data = NULL;
	size_t len = 0;
	bool trunc;
	if (f->size > 1024 || mlr_source_read(&data, &len, &trunc, ctx->reader, f, 1024) < 0)
		return false;
	bool ptr = mlr_lfs_pointer(data, len);
	free(data);
	return ptr;
}

void mlr_check_model_weights_in_git(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_artifacts art;
	uint32_t kept_out = 0, total = 0;
	if (!mlr_repo_is_snapshot(ctx) || mlr_artifacts_load(&art, ctx) < 0)
		return;
	/* DVC-managed models are counted through their outputs: the files are not in Git */
	for (size_t i = 0; i < art.dvc_outs.len; i++) {
		mlr_file probe = { .path = art.dvc_outs.items[i], .kind = mlr_file_kind_of_path(art.dvc_outs.items[i]),
			.size = MLR_TEST_FIXTURE_MODEL_BYTES };
		if (mlr_artifact_is_model(&probe) && !mlr_repo_find(ctx, probe.path)) {
			kept_out++;
			total++;
		}
	}
	for (size_t i = 0; i < ctx->files->len; i++) {
		const mlr_file *f = &ctx->files->items[i];
		if (!mlr_artifact_is_model(f))
			continue;
		bool committed = f->has_oid;
		if (!committed && (mlr_source_gitdir(ctx->source) || mlr_artifacts_dvc(&art, f->path)))
			continue; /* an untracked file, or a DVC output pulled into a plain directory */
		total++;
		if (mlr_artifacts_lfs(&art, f->path) || lfs_pointer(ctx, f)) {
			kept_out++;
			continue;
		}
		char size[32];
		if (f->size)
			human_size(size, sizeof(size), f->size);
		else
			snprintf(size, sizeof(size), "size unknown"); /* a blob this clone does not have */
		mlr_emit(ctx->findings, rule, f->path, 0, 0, mlr_repo_hash(f->path), false,
			"serialized model (%s) committed to Git: every clone downloads it and every new version adds "
			"its full size to the history; store it with Git LFS, DVC or a model registry", size);
	}
	if (total) {
		ctx->assessed = true;
		mlr_kpi_add(ctx->kpis, rule, "versioned_model_artifacts", "model artifacts kept out of Git (LFS, DVC)",
			kept_out, total, 1.0);
	}
	mlr_artifacts_dispose(&art);
}
