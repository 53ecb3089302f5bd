/*
 * The text report: what a person reads in a terminal or a CI log. Findings are grouped
 * by the responsibility they concern, worst first, so the top of each group is what to
 * fix first; the score table then says what each group cost.
 */
#include "report/report.h"

#include "core/array.h"
#include "core/error.h"
#include "score/mltest.h"
#include "score/score.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ANSI_RESET "\033[0m"
#define ANSI_BOLD "\033[1m"
#define ANSI_DIM "\033[2m"
#define ANSI_RED "\033[31m"
#define ANSI_GREEN "\033[32m"
#define ANSI_YELLOW "\033[33m"
#define ANSI_BLUE "\033[34m"

#define TEXT_BAR_WIDTH 20
#define TEXT_NOTES_SHOWN 10

typedef struct {
	mlr_buf *out;
	bool color;
} text_writer;

static void text_color(text_writer *w, const char *code)
{
	if (w->color)
		mlr_buf_puts(w->out, code);
}

static const char *severity_color(mlr_severity sev)
{
	switch (sev) {
	case MLR_SEV_ERROR:
		return ANSI_RED;
	case MLR_SEV_WARNING:
		return ANSI_YELLOW;
	default:
		return ANSI_BLUE;
	}
}

static const char *band_color(double score)
{
	if (score >= 80.0)
		return ANSI_GREEN;
	return score >= 50.0 ? ANSI_YELLOW : ANSI_RED;
}

static const char *finding_rule_id(const mlr_finding *f)
{
	return mlr_report_rule_id(f->rule);
}

static void text_location(text_writer *w, const mlr_finding *f)
{
	if (!f->path) {
		mlr_buf_puts(w->out, "(repository)");
		return;
	}
	mlr_report_put_display(w->out, f->path);
	if (f->cell) {
		mlr_buf_printf(w->out, ":cell %" PRIu32, f->cell);
		if (f->line)
			mlr_buf_printf(w->out, ":line %" PRIu32, f->line);
	} else if (f->line) {
		mlr_buf_printf(w->out, ":%" PRIu32, f->line);
	}
	if (f->line && f->column)
		mlr_buf_printf(w->out, ":%" PRIu32, f->column);
}

static void text_finding(text_writer *w, const mlr_finding *f)
{
	text_location(w, f);
	mlr_buf_puts(w->out, ": ");
	text_color(w, ANSI_BOLD);
	text_color(w, severity_color(f->severity));
	mlr_buf_puts(w->out, finding_rule_id(f));
	text_color(w, ANSI_RESET);
	if (f->rule && f->rule->name) {
		mlr_buf_putc(w->out, ' ');
		mlr_report_put_display(w->out, f->rule->name);
	}
	const char *message = mlr_report_message(f);
	if (*message) {
		mlr_buf_putc(w->out, ' ');
		mlr_report_put_display(w->out, message);
	}
	if (f->commit) {
		/* --history: where to look, and how long the content has been out there */
		char date[16];
		time_t t = (time_t)f->commit_time;
		struct tm tm;
		if (!gmtime_r(&t, &tm) || !strftime(date, sizeof(date), "%Y-%m-%d", &tm))
			snprintf(date, sizeof(date), "an unknown date");
		/* the commit is our own 40-hex id, never text from the repository */
		mlr_buf_printf(w->out, " (introduced in %.7s on %s)", f->commit, date);
	}
	mlr_buf_putc(w->out, '\n');
}

static void text_fix(text_writer *w, const mlr_rule *rule)
{
	if (!rule || !rule->fix || !*rule->fix)
		return;
	text_color(w, ANSI_DIM);
	mlr_buf_puts(w->out, "  fix: ");
	mlr_report_put_display(w->out, rule->fix);
	text_color(w, ANSI_RESET);
	mlr_buf_putc(w->out, '\n');
}

static void text_header(text_writer *w, const mlr_result *result)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };

	text_color(w, ANSI_BOLD);
	mlr_buf_puts(w->out, "mlready " MLR_VERSION);
	text_color(w, ANSI_RESET);
	mlr_buf_puts(w->out, ": ");
	mlr_report_put_display(w->out, result->root ? result->root : "(unknown)");
	if (result->source) {
		mlr_buf_puts(w->out, " (");
		mlr_report_put_display(w->out, result->source);
		mlr_buf_putc(w->out, ')');
	}
	mlr_buf_printf(w->out, ", %zu file%s, ", result->file_count, result->file_count == 1 ? "" : "s");
	if (result->byte_count < 1024) {
		mlr_buf_printf(w->out, "%" PRIu64 " byte%s\n", result->byte_count,
			result->byte_count == 1 ? "" : "s");
		return;
	}
	double size = (double)result->byte_count / 1024.0;
	size_t unit = 0;
	while (size >= 1024.0 && unit + 1 < sizeof(units) / sizeof(units[0])) {
		size /= 1024.0;
		unit++;
	}
	mlr_buf_printf(w->out, "%.1f %s\n", size, units[unit]);
}

/* Groups by category, worst-scoring first; inside a group, worst first. The fix hint
 * follows each run of findings of one rule, so fifty copies of a mistake get one hint. */
static int text_findings(text_writer *w, const mlr_result *result, bool quiet)
{
	mlr_report_items items = { 0 };
	int error = 0, group = 0;

	if ((error = mlr_report_order(&items, result, !quiet)) < 0)
		goto cleanup;
	for (size_t i = 0; i < items.len; i++) {
		const mlr_finding *f = items.items[i].finding;
		int cat = items.items[i].category;
		if (!quiet && cat != group) {
			mlr_buf_putc(w->out, '\n');
			text_color(w, ANSI_BOLD);
			mlr_buf_puts(w->out, mlr_report_category_name((mlr_category)cat));
			text_color(w, ANSI_RESET);
			mlr_buf_putc(w->out, '\n');
			group = cat;
		}
		text_finding(w, f);
		bool run_ends = i + 1 == items.len || items.items[i + 1].finding->rule != f->rule ||
			items.items[i + 1].category != cat;
		if (!quiet && run_ends)
			text_fix(w, f->rule);
	}

cleanup:
	mlr_array_delete(&items);
	return error;
}

static void text_kpis(text_writer *w, const mlr_result *result)
{
	if (result->kpi_count == 0)
		return;
	mlr_buf_puts(w->out, "\n");
	text_color(w, ANSI_BOLD);
	mlr_buf_puts(w->out, "KPIs");
	text_color(w, ANSI_RESET);
	mlr_buf_putc(w->out, '\n');
	for (size_t i = 0; i < result->kpi_count; i++) {
		const mlr_kpi *k = &result->kpis[i];
		mlr_buf_printf(w->out, "  %s ", k->rule && k->rule->id ? k->rule->id : "MLR???");
		mlr_report_put_display(w->out, k->label ? k->label : k->key);
		mlr_buf_printf(w->out, ": %" PRIu32 "/%" PRIu32, k->numerator, k->denominator);
		/* The target the score used, after the profile's scaling. */
		double target = 100.0 * mlr_score_kpi_target(result->score.profile, k);
		if (k->denominator)
			mlr_buf_printf(w->out, " (%.1f%%, target %.0f%%)\n",
				mlr_score_round1(100.0 * k->numerator / k->denominator), target);
		else
			mlr_buf_printf(w->out, " (n/a, target %.0f%%)\n", target);
	}
}

static size_t category_name_width(void)
{
	size_t width = strlen("Overall");
	for (int c = MLR_CAT_FIRST; c <= MLR_CAT_LAST; c++) {
		size_t n = strlen(mlr_report_category_name((mlr_category)c));
		if (n > width)
			width = n;
	}
	return width;
}

static void text_bar(text_writer *w, const mlr_category_score *cs)
{
	int filled = cs->assessable ? (int)lround(mlr_score_round1(cs->score) * TEXT_BAR_WIDTH / 100.0) : 0;
	if (filled < 0)
		filled = 0;
	if (filled > TEXT_BAR_WIDTH)
		filled = TEXT_BAR_WIDTH;
	if (cs->assessable)
		text_color(w, band_color(cs->score));
	for (int i = 0; i < TEXT_BAR_WIDTH; i++)
		mlr_buf_puts(w->out, i < filled ? "\xE2\x96\x88" : "\xE2\x96\x91"); /* █ ░ */
	if (cs->assessable)
		text_color(w, ANSI_RESET);
}

static void text_mltest(text_writer *w, const mlr_result *result, size_t width)
{
	mlr_mltest mt;
	mlr_mltest_compute(&mt, result);
	mlr_buf_printf(w->out, "  %-*s  ", (int)width, "ML Test Score");
	if (!mt.assessable) {
		mlr_buf_puts(w->out, "n/a (no test of the rubric could be evidenced)\n");
		return;
	}
	mlr_buf_printf(w->out, "%.1f (", mt.score);
	for (int s = 0; s < MLR_MLTEST_SECTIONS; s++) {
		mlr_buf_printf(w->out, "%s%s ", s ? ", " : "", mlr_mltest_section_key((mlr_mltest_section)s));
		if (mt.section_assessable[s])
			mlr_buf_printf(w->out, "%.1f/%zu", mt.section_score[s], mt.section_scored[s]);
		else
			mlr_buf_puts(w->out, "n/a");
	}
	mlr_buf_printf(w->out, "): %s\n", mlr_mltest_band(mt.score));
}

static void text_score(text_writer *w, const mlr_result *result)
{
	const mlr_score *score = &result->score;
	size_t width = category_name_width();

	mlr_buf_putc(w->out, '\n');
	text_color(w, ANSI_BOLD);
	mlr_buf_puts(w->out, "Readiness score");
	text_color(w, ANSI_RESET);
	if (score->profile && score->profile != mlr_profiles(NULL))
		mlr_buf_printf(w->out, " (%s profile)", score->profile->name);
	mlr_buf_putc(w->out, '\n');
	for (int c = MLR_CAT_FIRST; c <= MLR_CAT_LAST; c++) {
		const mlr_category_score *cs = &score->categories[c - 1];
		mlr_buf_printf(w->out, "  %-*s  ", (int)width, mlr_report_category_name((mlr_category)c));
		text_bar(w, cs);
		if (cs->assessable)
			mlr_buf_printf(w->out, " %5.1f", mlr_score_round1(cs->score));
		else
			mlr_buf_puts(w->out, "   n/a");
		if (cs->assessable && cs->loss_count > 0 && cs->losses[0].rule) {
			/* U+2212 MINUS SIGN lines up with the digits better than '-'. */
			mlr_buf_printf(w->out, "  \xE2\x88\x92%.1f %s", mlr_score_round1(cs->losses[0].points),
				mlr_report_rule_id(cs->losses[0].rule));
			if (cs->loss_count > 1)
				mlr_buf_printf(w->out, " (+%zu more)", cs->loss_count - 1);
		}
		mlr_buf_putc(w->out, '\n');
	}
	mlr_buf_printf(w->out, "  %-*s  ", (int)width, "Overall");
	text_color(w, ANSI_BOLD);
	if (mlr_score_assessable(score)) {
		text_color(w, band_color(score->overall));
		mlr_buf_printf(w->out, "%.1f/100", mlr_score_round1(score->overall));
	} else {
		mlr_buf_puts(w->out, "n/a (nothing could be assessed)");
	}
	text_color(w, ANSI_RESET);
	if (score->capped)
		mlr_buf_printf(w->out, " capped at %.0f by a blocking finding", score->cap);
	mlr_buf_putc(w->out, '\n');
	/* PR mode: the delta against the merge base, like for like (the base has no change
	 * category, so the after-tree is compared without it) */
	if (result->has_base && result->base_assessable && result->compared_assessable) {
		double before = mlr_score_round1(result->base_overall);
		double now = mlr_score_round1(result->compared_overall);
		double d = now - before;
		mlr_buf_printf(w->out, "  %-*s  %.1f \xE2\x86\x92 %.1f (%s%.1f), change category aside\n", (int)width,
			"vs base", before, now, d > 0.04 ? "+" : d < -0.04 ? "\xE2\x88\x92" : "\xC2\xB1", d < 0 ? -d : d);
	}
	text_mltest(w, result, width);
}

/* Every loss, worst category first, with what earns it back. */
static void text_losses(text_writer *w, const mlr_result *result)
{
	const mlr_score *score = &result->score;
	int order[MLR_CAT_LAST], n = 0;

	for (int c = MLR_CAT_FIRST; c <= MLR_CAT_LAST; c++)
		if (score->categories[c - 1].assessable && score->categories[c - 1].loss_count)
			order[n++] = c;
	if (n == 0)
		return;
	for (int i = 1; i < n; i++) {
		int cur = order[i], j = i - 1;
		while (j >= 0 && score->categories[cur - 1].score < score->categories[order[j] - 1].score) {
			order[j + 1] = order[j];
			j--;
		}
		order[j + 1] = cur;
	}
	mlr_buf_putc(w->out, '\n');
	text_color(w, ANSI_BOLD);
	mlr_buf_puts(w->out, "Points lost, and what earns them back");
	text_color(w, ANSI_RESET);
	mlr_buf_putc(w->out, '\n');
	for (int i = 0; i < n; i++) {
		const mlr_category_score *cs = &score->categories[order[i] - 1];
		mlr_buf_printf(w->out, "  %s\n", mlr_report_category_name(cs->category));
		for (size_t k = 0; k < cs->loss_count; k++) {
			const mlr_score_loss *l = &cs->losses[k];
			mlr_buf_printf(w->out, "    \xE2\x88\x92%.1f %s", mlr_score_round1(l->points),
				mlr_report_rule_id(l->rule));
			if (l->rule && l->rule->name) {
				mlr_buf_putc(w->out, ' ');
				mlr_report_put_display(w->out, l->rule->name);
			}
			mlr_buf_puts(w->out, ": ");
			mlr_report_earn_back(w->out, result, l);
			mlr_buf_putc(w->out, '\n');
		}
	}
}

static void text_summary(text_writer *w, const mlr_result *result)
{
	size_t counts[3] = { 0, 0, 0 };
	for (size_t i = 0; i < result->finding_count; i++) {
		mlr_severity sev = result->findings[i].severity;
		counts[sev == MLR_SEV_ERROR ? 0 : sev == MLR_SEV_WARNING ? 1 : 2]++;
	}
	mlr_buf_putc(w->out, '\n');
	if (result->finding_count == 0)
		mlr_buf_puts(w->out, "No findings");
	else
		mlr_buf_printf(w->out, "%zu finding%s: %zu error%s, %zu warning%s, %zu note%s",
			result->finding_count, result->finding_count == 1 ? "" : "s",
			counts[0], counts[0] == 1 ? "" : "s", counts[1], counts[1] == 1 ? "" : "s",
			counts[2], counts[2] == 1 ? "" : "s");
	if (result->note_count)
		mlr_buf_printf(w->out, "; %zu file%s skipped or read in part", result->note_count,
			result->note_count == 1 ? "" : "s");
	mlr_buf_putc(w->out, '\n');

	/* A handful is enough to notice a problem; the JSON report lists every one. */
	size_t shown = result->note_count < TEXT_NOTES_SHOWN ? result->note_count : TEXT_NOTES_SHOWN;
	for (size_t i = 0; i < shown; i++) {
		const mlr_note *n = &result->notes[i];
		mlr_buf_puts(w->out, "  ");
		mlr_report_put_display(w->out, n->path ? n->path : "(repository)");
		mlr_buf_puts(w->out, ": ");
		mlr_report_put_display(w->out, n->message);
		mlr_buf_putc(w->out, '\n');
	}
	if (result->note_count > shown)
		mlr_buf_printf(w->out, "  ... and %zu more (--format json lists them all)\n",
			result->note_count - shown);
}

/* Untrusted messages may end in blanks; the report never has trailing whitespace. */
static void text_strip_trailing_blanks(mlr_buf *out)
{
	size_t r = 0, w = 0, blank_start = 0;
	bool in_blank = false;
	if (!out->ptr)
		return;
	for (r = 0; r < out->len; r++) {
		char c = out->ptr[r];
		if (c == ' ' || c == '\t') {
			if (!in_blank) {
				in_blank = true;
				blank_start = w;
			}
		} else {
			if (c == '\n' && in_blank)
				w = blank_start;
			in_blank = false;
		}
		out->ptr[w++] = c;
		if (c == '\n')
			blank_start = w;
	}
	if (in_blank)
		w = blank_start;
	out->len = w;
	out->ptr[w] = '\0';
}

int mlr_report_text(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts)
{
	text_writer w = { out, opts && opts->color };
	bool quiet = opts && opts->quiet;
	int error = 0;

	if (!quiet)
		text_header(&w, result);
	if (!quiet && result->has_base) { /* PR mode: what the findings were compared with */
		mlr_buf_printf(w.out, "PR mode: %zu path%s changed since the merge base %.12s; ",
			result->changed_path_count, result->changed_path_count == 1 ? "" : "s", result->base_commit);
		mlr_buf_printf(w.out, "%zu finding%s already there %s not shown\n", result->preexisting_count,
			result->preexisting_count == 1 ? "" : "s", result->preexisting_count == 1 ? "is" : "are");
	}
	if ((error = text_findings(&w, result, quiet)) < 0)
		goto cleanup;
	if (quiet)
		goto cleanup;
	/* --files: a few files have no repository score worth showing */
	if (!result->partial) {
		text_kpis(&w, result);
		text_score(&w, result);
		text_losses(&w, result);
	}
	text_summary(&w, result);

cleanup:
	text_strip_trailing_blanks(out);
	return error;
}
