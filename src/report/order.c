/*
 * Worst-first order, shared by every human-facing format: a reader (and GitHub, which
 * shows only the first annotations of a step) sees first what costs the most.
 */
#include "report/report.h"

#include "core/error.h"

#include <stdlib.h>
#include <string.h>

const char *mlr_report_rule_id(const mlr_rule *rule)
{
	return rule && rule->id ? rule->id : "MLR???";
}

const char *mlr_report_message(const mlr_finding *f)
{
	if (f->message)
		return f->message;
	return f->rule && f->rule->message ? f->rule->message : "";
}

double mlr_report_rule_points(const mlr_score *score, const mlr_rule *rule)
{
	if (!score || !rule)
		return 0.0;
	int cat = (int)rule->category;
	if (cat < MLR_CAT_FIRST || cat > MLR_CAT_LAST)
		return 0.0;
	const mlr_category_score *cs = &score->categories[cat - 1];
	for (size_t i = 0; i < cs->loss_count; i++)
		if (cs->losses[i].rule == rule)
			return cs->losses[i].points;
	return 0.0;
}

static int item_category(const mlr_finding *f)
{
	int cat = f->rule ? (int)f->rule->category : 0;
	return (cat >= MLR_CAT_FIRST && cat <= MLR_CAT_LAST) ? cat : MLR_CAT_LAST + 1;
}

static int compare_u32(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

static int compare_double_desc(double a, double b)
{
	return a > b ? -1 : a < b;
}

/* Ranks of the categories for grouping: 0 is the worst-scoring one. qsort has no
 * context argument, so the comparator reads them from here; reports are written on one
 * thread at a time per process in practice, but keep it thread-local to stay honest. */
static _Thread_local int category_rank[MLR_CAT_LAST + 2];
static _Thread_local bool grouping;

static int item_compare(const void *a, const void *b)
{
	const mlr_report_item *x = a, *y = b;
	const mlr_finding *fx = x->finding, *fy = y->finding;
	int c;

	if (grouping && (c = category_rank[x->category] - category_rank[y->category]) != 0)
		return c;
	if (fx->blocking != fy->blocking)
		return fx->blocking ? -1 : 1;
	if (fx->severity != fy->severity)
		return fx->severity > fy->severity ? -1 : 1;
	if ((c = compare_double_desc(x->rule_points, y->rule_points)) != 0)
		return c;
	if ((c = x->category - y->category) != 0)
		return c;
	if ((c = strcmp(mlr_report_rule_id(fx->rule), mlr_report_rule_id(fy->rule))) != 0)
		return c;
	/* Repository-level findings (no path) come before file findings. */
	if (!fx->path != !fy->path)
		return fx->path ? 1 : -1;
	if (fx->path && (c = strcmp(fx->path, fy->path)) != 0)
		return c;
	if ((c = compare_u32(fx->cell, fy->cell)) != 0 || (c = compare_u32(fx->line, fy->line)) != 0 ||
		(c = compare_u32(fx->column, fy->column)) != 0)
		return c;
	/* Equal findings keep their order in the result: qsort alone is not stable. */
	return fx < fy ? -1 : fx > fy;
}

static void rank_categories(const mlr_score *score)
{
	int order[MLR_CAT_LAST];
	for (int i = 0; i < MLR_CAT_LAST; i++)
		order[i] = i + 1;
	/* Insertion sort of nine: worst score first, unscored after, ties by id. */
	for (int i = 1; i < MLR_CAT_LAST; i++) {
		int cur = order[i], j = i - 1;
		const mlr_category_score *cc = &score->categories[cur - 1];
		while (j >= 0) {
			const mlr_category_score *pc = &score->categories[order[j] - 1];
			bool before = cc->assessable && (!pc->assessable || cc->score < pc->score);
			if (!before)
				break;
			order[j + 1] = order[j];
			j--;
		}
		order[j + 1] = cur;
	}
	for (int i = 0; i < MLR_CAT_LAST; i++)
		category_rank[order[i]] = i;
	category_rank[MLR_CAT_LAST + 1] = MLR_CAT_LAST + 1;
}

int mlr_report_order(mlr_report_items *out, const mlr_result *result, bool by_category)
{
	out->len = 0;
	if (mlr_array_reserve(out, result->finding_count ? result->finding_count : 1) < 0)
		return mlr_error_set(MLR_ENOMEM, "out of memory while writing the report");
	for (size_t i = 0; i < result->finding_count; i++) {
		const mlr_finding *f = &result->findings[i];
		mlr_report_item it = { f, item_category(f), mlr_report_rule_points(&result->score, f->rule) };
		out->items[out->len++] = it;
	}
	grouping = by_category;
	if (by_category)
		rank_categories(&result->score);
	if (out->len > 1)
		qsort(out->items, out->len, sizeof(*out->items), item_compare);
	return 0;
}
