/* MLR407 model-card-stale: a model card last changed long before the training or serving
 * code it describes, measured on the first-parent Git history. Reports fresh cards over
 * assessed cards as a KPI. */
#include "filter/config.h"
#include "repo/history.h"
#include "repo/modelcard.h"

#include <time.h>

/* A card is stale when the code changed in at least this many commits after it... */
#define MLR_CARD_STALE_COMMITS 5
/* ...and the code's last change is at least this many days newer than the card's. */
#define MLR_CARD_STALE_DAYS 90
/* Code files compared with one card: the first ones by path. */
#define MAX_CODE_PATHS 64

typedef struct {
	size_t n;           /* paths: [0] the card, [1..n) the code */
	bool card_found;
	int64_t card_time;
	bool code_found;
	int64_t code_time;
	size_t code_path;   /* the newest code change */
	uint32_t code_commits;
	int64_t oldest_time;
} walk_state;

static bool on_commit(void *payload, uint32_t index, const git_commit *commit, const bool *changed)
{
	walk_state *w = payload;
	(void)index;
	w->oldest_time = (int64_t)git_commit_time(commit);
	if (changed[0]) {
		w->card_found = true;
		w->card_time = w->oldest_time;
		return false;
	}
	for (size_t i = 1; i < w->n; i++) {
		if (!changed[i])
			continue;
		w->code_commits++;
		if (!w->code_found) {
			w->code_found = true;
			w->code_time = w->oldest_time;
			w->code_path = i;
		}
		break;
	}
	return true;
}

static bool is_code(const mlr_repo_ctx *ctx, size_t i)
{
	return (ctx->facts[i].flags & (MLR_FACT_TRAINS | MLR_FACT_SERVES)) &&
	       mlr_repo_committed(ctx, &ctx->files->items[i]);
}

/* The code a card describes: training and serving files under the card's directory, or
 * all of them for a card at the root or in a directory without code. */
static size_t code_paths(const char **paths, const mlr_repo_ctx *ctx, const char *card)
{
	size_t dl = mlr_path_dirlen(card), n = 0;
	for (int pass = 0; pass < 2 && n == 0; pass++)
		for (size_t i = 0; i < ctx->files->len && n < MAX_CODE_PATHS; i++)
			if (is_code(ctx, i) && (pass == 1 || mlr_path_under(ctx->files->items[i].path, card, dl)))
				paths[n++] = ctx->files->items[i].path;
	return n;
}

static void day_string(char *out, size_t outsz, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || !strftime(out, outsz, "%Y-%m-%d", &tm))
		snprintf(out, outsz, "?");
}

void mlr_check_model_card_stale(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_model_card_array cards = { 0 };
	mlr_history *h = NULL;
	const char *paths[MAX_CODE_PATHS + 1];
	uint32_t fresh = 0, assessed = 0;
	const mlr_config *cfg = ctx->opts ? ctx->opts->config : NULL;
	uint32_t min_commits = (uint32_t)mlr_config_threshold(cfg, rule, "commits", MLR_CARD_STALE_COMMITS);
	int64_t min_days = (int64_t)mlr_config_threshold(cfg, rule, "days", MLR_CARD_STALE_DAYS);

	if (!mlr_repo_is_snapshot(ctx) || mlr_model_cards_load(&cards, ctx) < 0 || cards.len == 0)
		goto cleanup;
	if (mlr_history_open(&h, ctx) < 0)
		goto cleanup; /* no history: freshness cannot be judged */
	for (size_t c = 0; c < cards.len; c++) {
		const mlr_model_card *card = &cards.items[c];
		size_t ncode = code_paths(paths + 1, ctx, card->file->path);
		if (ncode == 0)
			continue;
		assessed++;
		if (!mlr_repo_committed(ctx, card->file)) {
			fresh++; /* written just now, not committed yet */
			continue;
		}
		paths[0] = card->file->path;
		walk_state w = { .n = ncode + 1 };
		mlr_walk_stats stats;
		if (mlr_history_walk(h, paths, ncode + 1, MLR_HISTORY_MAX_COMMITS, on_commit, &w, &stats) < 0) {
			assessed--;
			continue;
		}
		if (stats.bounded)
			mlr_repo_note(ctx, card->file->path, "%s: history walk stopped after %u commits",
				rule->id, stats.walked);
		int64_t card_time = w.card_found ? w.card_time : w.oldest_time;
		int64_t days = w.code_found ? (w.code_time - card_time) / 86400 : 0;
		if (!w.code_found || w.code_commits < min_commits || days < min_days) {
			fresh++;
			continue;
		}
		char when[32];
		day_string(when, sizeof(when), w.code_time);
		mlr_emit(ctx->findings, rule, card->file->path, 0, 0, mlr_repo_hash(card->file->path), false,
			"model card last changed %s%lld days and %s%u commits before the code it describes "
			"(%s, changed %s)", w.card_found ? "" : "more than ", (long long)days,
			w.card_found ? "" : "at least ", w.code_commits, paths[w.code_path], when);
	}
	if (assessed) {
		ctx->assessed = true;
		mlr_kpi_add(ctx->kpis, rule, "fresh_model_cards", "model cards kept current with their code",
			fresh, assessed, 1.0);
	}

cleanup:
	mlr_history_free(h);
	mlr_model_cards_dispose(&cards);
}
