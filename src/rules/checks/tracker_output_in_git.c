/* MLR811 tracker-output-in-git: experiment-tracker run directories committed to Git. */
#include "repo/artifacts.h"

#include "core/hash.h"

void mlr_check_tracker_output_in_git(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	if (!mlr_repo_is_snapshot(ctx) || !mlr_repo_has_python(ctx))
		return;
	ctx->assessed = true;
	for (size_t i = 0; i < ctx->files->len;) {
		const mlr_file *f = &ctx->files->items[i];
		const char *tool = NULL;
		size_t dl = mlr_tracker_dir(f->path, &tool);
		if (!dl || !mlr_repo_committed(ctx, f)) {
			i++;
			continue;
		}
		/* one finding per run directory: count the files under it (the set is sorted) */
		size_t n = 0, k = i;
		uint64_t bytes = 0;
		for (; k < ctx->files->len && !strncmp(ctx->files->items[k].path, f->path, dl) &&
		       (ctx->files->items[k].path[dl] == '/' || ctx->files->items[k].path[dl] == '\0'); k++) {
			if (mlr_repo_committed(ctx, &ctx->files->items[k])) {
				n++;
				bytes += ctx->files->items[k].size;
			}
		}
		mlr_emit(ctx->findings, rule, f->path, 0, 0, mlr_hash_bytes(MLR_HASH_SEED, f->path, dl), false,
			"%s output committed: %.*s/ holds %zu file%s (%.1f KiB) of run logs and artifacts that belong in "
			"the tracker, not in Git", tool, (int)dl, f->path, n, n == 1 ? "" : "s", (double)bytes / 1024);
		i = k > i ? k : i + 1;
	}
}
