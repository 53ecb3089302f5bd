#include "engine/history.h"

#include <string.h>

#include "core/buf.h"
#include "core/hash.h"

/* The secret rules, by check name: the only ones a --history run keeps. The other security
 * rules (unsafe loading, TLS, PII) judge code as it is now: in history they would flag
 * every old version of code fixed since. */
static const char *const history_checks[] = {
	"hardcoded_secret", "committed_credential_file", "secret_in_history", NULL
};

bool mlr_history_runs_rule(const mlr_rule *rule)
{
	for (size_t i = 0; rule->check && history_checks[i]; i++)
		if (!strcmp(rule->check, history_checks[i]))
			return true;
	return false;
}

/* Earlier commit first; equal times (a rebase, a script) fall back to the id so the
 * choice does not depend on the order workers finished in. */
static int cmp_commit(const mlr_finding *a, const mlr_finding *b)
{
	if (a->commit_time != b->commit_time)
		return a->commit_time < b->commit_time ? -1 : 1;
	return strcmp(a->commit, b->commit);
}

static int cmp_group(const void *pa, const void *pb, void *arg)
{
	const mlr_finding *items = arg;
	const mlr_finding *a = &items[*(const size_t *)pa], *b = &items[*(const size_t *)pb];
	if (a->fingerprint != b->fingerprint)
		return a->fingerprint < b->fingerprint ? -1 : 1;
	return cmp_commit(a, b);
}

static void relabel_one(mlr_finding *f, const mlr_rule *to)
{
	/* the fingerprint was made with MLR201's id; rehash it under the new rule so a
	 * baseline tells the two apart, still without a line number in it */
	uint64_t h = mlr_hash_str(MLR_HASH_SEED, to->id);
	f->fingerprint = mlr_hash_bytes(h, &f->fingerprint, sizeof(f->fingerprint));
	f->rule = to;
	f->severity = to->severity;
}

void mlr_history_relabel(mlr_finding_array *findings)
{
	const mlr_rule *from = mlr_rule_find("MLR201");
	const mlr_rule *to = mlr_rule_find("MLR231");
	size_t n = 0, w = 0;
	size_t *order = NULL;
	bool *drop = NULL;

	for (size_t i = 0; i < findings->len; i++)
		n += findings->items[i].commit != NULL;
	if (n == 0)
		return;
	order = malloc(n * sizeof(*order));
	drop = calloc(findings->len, sizeof(*drop));
	if (!order || !drop)
		goto cleanup; /* out of memory: every version stays reported, which is only noisier */
	for (size_t i = 0; i < findings->len; i++)
		if (findings->items[i].commit)
			order[w++] = i;
	qsort_r(order, n, sizeof(*order), cmp_group, findings->items);

	for (size_t a = 0, b; a < n; a = b) {
		const mlr_finding *oldest = &findings->items[order[a]];
		bool head = false;
		for (b = a; b < n && findings->items[order[b]].fingerprint == oldest->fingerprint; b++)
			head |= findings->items[order[b]].in_head;
		for (size_t k = a; k < b; k++) {
			mlr_finding *f = &findings->items[order[k]];
			if (head) {
				/* still at HEAD: report it there, dated by when it first appeared */
				if (!f->in_head) {
					drop[order[k]] = true;
				} else if (f != oldest) {
					char *c = mlr_strdup(oldest->commit);
					if (c) {
						free(f->commit);
						f->commit = c;
						f->commit_time = oldest->commit_time;
					}
				}
			} else if (cmp_commit(f, oldest) != 0) {
				drop[order[k]] = true; /* a later version of the same leak */
			} else if (from && to && f->rule == from) {
				relabel_one(f, to);
			}
		}
	}

	w = 0;
	for (size_t i = 0; i < findings->len; i++) {
		if (drop[i])
			mlr_finding_dispose(&findings->items[i]);
		else
			findings->items[w++] = findings->items[i];
	}
	findings->len = w;

cleanup:
	free(order);
	free(drop);
}
