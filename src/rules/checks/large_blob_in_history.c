/* MLR813 large-blob-in-history: large files deleted from the tree but still in the Git
 * history, which every clone downloads. */
#include "filter/config.h"
#include "repo/artifacts.h"
#include "repo/history.h"

#include "core/hash.h"

/* Blobs reported at most: the largest. */
#define MAX_REPORTED 20

void mlr_check_large_blob_in_history(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_history *h = NULL;
	mlr_oidset head = { 0 };
	mlr_history_blob_array blobs = { 0 };
	mlr_walk_stats stats;
	/* a pre-commit run (--staged) must stay fast, and staging changes nothing in history */
	if (ctx->opts->source == MLR_SOURCE_STAGED || mlr_history_open(&h, ctx) < 0)
		return;
	for (size_t i = 0; i < ctx->files->len; i++)
		if (ctx->files->items[i].has_oid && mlr_oidset_add(&head, ctx->files->items[i].oid) < 0)
			goto cleanup;
	if (mlr_history_large_blobs(&blobs, h,
		(uint64_t)mlr_config_threshold(ctx->opts ? ctx->opts->config : NULL, rule, "blob-bytes", MLR_HISTORY_BLOB_BYTES),
		&head, MAX_REPORTED, &stats) < 0)
		goto cleanup;
	ctx->assessed = true;
	if (stats.bounded)
		mlr_repo_note(ctx, NULL, "%s: history walk stopped after %u commits; older blobs were not checked",
			rule->id, stats.walked);
	for (size_t i = 0; i < blobs.len; i++) {
		const mlr_history_blob *b = &blobs.items[i];
		char commit[GIT_OID_HEXSZ + 1];
		git_oid_tostr(commit, sizeof(commit), &b->commit);
		mlr_emit(ctx->findings, rule, NULL, 0, 0, mlr_hash_bytes(MLR_HASH_SEED, b->id.id, 20), false,
			"%.1f MiB blob %s (commit %.10s) is in the Git history but not in the linted tree: every clone "
			"still downloads it; rewrite it out (git filter-repo) and keep such files in LFS or DVC",
			(double)b->size / (1u << 20), b->path, commit);
	}
cleanup:
	mlr_history_blobs_dispose(&blobs);
	mlr_oidset_dispose(&head);
	mlr_history_free(h);
}
