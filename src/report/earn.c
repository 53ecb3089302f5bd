/*
 * What earns points back: the sentence every format shows next to a loss, so the text,
 * Markdown and HTML reports give the same advice.
 */
#include "report/report.h"

#include "score/score.h"

#include "core/error.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>

/* Items to add before numerator/denominator reaches target; 0 when it already does. */
static uint32_t kpi_shortfall(const mlr_kpi *k, double target)
{
	double need = ceil(target * (double)k->denominator - 1e-9);
	if (need > (double)k->denominator)
		need = (double)k->denominator;
	return need > (double)k->numerator ? (uint32_t)(need - (double)k->numerator) : 0;
}

void mlr_report_earn_back(mlr_buf *out, const mlr_result *result, const mlr_score_loss *loss)
{
	const mlr_rule *rule = loss->rule;
	const mlr_kpi *kpi = mlr_score_worst_kpi(result, result->score.profile, rule);

	if (kpi) {
		double target = mlr_score_kpi_target(result->score.profile, kpi);
		uint32_t more = kpi_shortfall(kpi, target);
		mlr_report_put_display(out, kpi->label ? kpi->label : kpi->key);
		mlr_buf_printf(out, " %" PRIu32 "/%" PRIu32 ", target %.0f%%", kpi->numerator,
			kpi->denominator, 100.0 * target);
		if (more)
			mlr_buf_printf(out, ": %" PRIu32 " more earn%s it back", more, more == 1 ? "s" : "");
	} else {
		mlr_buf_printf(out, "fix %s%" PRIu32 " finding%s", loss->findings > 1 ? "all " : "",
			loss->findings, loss->findings == 1 ? "" : "s");
	}
	if (rule && rule->fix && *rule->fix) {
		mlr_buf_puts(out, kpi ? "; " : ": ");
		mlr_report_put_display(out, rule->fix);
	}
}

const char *mlr_report_band(double value, bool assessable)
{
	if (!assessable || !isfinite(value))
		return "none";
	double v = mlr_score_round1(value);
	if (v >= 80.0)
		return "good";
	return v >= 50.0 ? "fair" : "poor";
}

const char *mlr_report_band_color(const char *band)
{
	if (!band)
		return "#9f9f9f";
	switch (band[0]) {
	case 'g':
		return "#2e7d32";
	case 'f':
		return "#b26a00";
	case 'p':
		return "#c62828";
	default:
		return "#9f9f9f";
	}
}

static int loss_compare(const void *a, const void *b)
{
	const mlr_score_loss *x = *(const mlr_score_loss *const *)a, *y = *(const mlr_score_loss *const *)b;
	if (x->points != y->points)
		return x->points > y->points ? -1 : 1;
	/* Same points: keep category order, then the score's own order. */
	int cx = x->rule ? (int)x->rule->category : 0, cy = y->rule ? (int)y->rule->category : 0;
	if (cx != cy)
		return cx < cy ? -1 : 1;
	return x < y ? -1 : x > y;
}

int mlr_report_all_losses(mlr_report_losses *out, const mlr_score *score)
{
	out->len = 0;
	for (int c = MLR_CAT_FIRST; c <= MLR_CAT_LAST; c++) {
		const mlr_category_score *cs = &score->categories[c - 1];
		if (!cs->assessable)
			continue;
		for (size_t i = 0; i < cs->loss_count; i++)
			if (mlr_array_push(out, &cs->losses[i]) < 0)
				return mlr_error_set(MLR_ENOMEM, "out of memory while writing the report");
	}
	if (out->len > 1)
		qsort(out->items, out->len, sizeof(*out->items), loss_compare);
	return 0;
}
