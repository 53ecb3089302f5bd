/*
 * New-versus-old finding matching for PR mode: a sorted index of the base's findings,
 * each usable once, so that N copies of a mistake in the base excuse N copies after.
 */
#include "diff/match.h"

#include "core/error.h"
#include "engine/engine.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	const mlr_finding *f;
	bool used;
} base_ref;

static int path_cmp(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

/* Rule id, path, fingerprint: the identity of a finding across trees. */
static int key_cmp(const mlr_finding *a, const mlr_finding *b)
{
	int c = strcmp(a->rule->id, b->rule->id);
	if (c || (c = path_cmp(a->path, b->path)))
		return c;
	return a->fingerprint < b->fingerprint ? -1 : a->fingerprint > b->fingerprint;
}

static int ref_cmp(const void *pa, const void *pb)
{
	const base_ref *a = pa, *b = pb;
	int c = key_cmp(a->f, b->f);
	/* the base's own order breaks ties, so the result never depends on qsort */
	return c ? c : a->f < b->f ? -1 : a->f > b->f;
}

/* The first unused base finding with f's key, or NULL. */
static base_ref *find_unused(base_ref *refs, size_t n, const mlr_finding *f)
{
	size_t lo = 0, hi = n;
	while (lo < hi) { /* lower bound */
		size_t mid = lo + (hi - lo) / 2;
		if (key_cmp(refs[mid].f, f) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < n && !key_cmp(refs[i].f, f); i++)
		if (!refs[i].used)
			return &refs[i];
	return NULL;
}

/* In a renamed file the path is part of every fingerprint, so fall back to the message
 * at the old path. Linear, but only for findings in renamed files. */
static base_ref *find_renamed(base_ref *refs, size_t n, const mlr_finding *f,
	const mlr_change *change)
{
	const mlr_change_entry *e = f->path ? mlr_change_find(change, f->path) : NULL;
	if (!e || e->status != MLR_CHANGE_RENAMED)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const mlr_finding *b = refs[i].f;
		if (!refs[i].used && b->rule == f->rule && b->path && !strcmp(b->path, e->old_path) &&
			b->message && f->message && !strcmp(b->message, f->message))
			return &refs[i];
	}
	return NULL;
}

int mlr_diff_keep_new(mlr_result *after, const mlr_result *base, const mlr_change *change)
{
	size_t n = base->finding_count;
	base_ref *refs = calloc(n ? n : 1, sizeof(*refs));
	if (!refs)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		refs[i].f = &base->findings[i];
	if (n > 1)
		qsort(refs, n, sizeof(*refs), ref_cmp);

	size_t w = 0, old = 0;
	for (size_t r = 0; r < after->finding_count; r++) {
		mlr_finding *f = &after->findings[r];
		base_ref *match = NULL;
		if (f->rule->category != MLR_CAT_CHANGE &&
			!(match = find_unused(refs, n, f)))
			match = find_renamed(refs, n, f, change);
		if (match) {
			match->used = true;
			mlr_finding_dispose(f);
			old++;
			continue;
		}
		after->findings[w++] = *f;
	}
	after->finding_count = w;
	after->preexisting_count += old;
	free(refs);
	return 0;
}
