/*
 * Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY: the score table and the
 * top findings in view, everything else folded in <details>. A comment is limited to
 * 65,536 characters, so the report stops adding findings well before that and says how
 * many it left out. Text from the repository is escaped so it cannot open a link,
 * mention a user, inject HTML or break a table.
 */
#include "report/report.h"

#include "score/mltest.h"
#include "score/score.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

/* Under GitHub's comment limit, with room for the closing lines. */
#define MD_MAX_BYTES 60000
#define MD_RESERVE 1200
#define MD_TOP_FINDINGS 10

void mlr_report_put_markdown(mlr_buf *out, const char *s)
{
	mlr_buf clean = MLR_BUF_INIT;
	mlr_report_put_display(&clean, s);
	if (clean.oom)
		out->oom = true;
	for (const char *p = mlr_buf_cstr(&clean); *p; p++) {
		switch (*p) {
		case '<': mlr_buf_puts(out, "&lt;"); break;
		case '>': mlr_buf_puts(out, "&gt;"); break;
		case '&': mlr_buf_puts(out, "&amp;"); break;
		case '@': mlr_buf_puts(out, "&#64;"); break; /* no mentions */
		case '#': mlr_buf_puts(out, "&#35;"); break; /* no issue links */
		case '\\': case '`': case '*': case '_': case '[': case ']': case '(': case ')':
		case '|': case '~': case '!': case '{': case '}':
			mlr_buf_putc(out, '\\');
			mlr_buf_putc(out, *p);
			break;
		default:
			mlr_buf_putc(out, *p);
			break;
		}
	}
	mlr_buf_dispose(&clean);
}

/* Messages and paths come from the repository: one row never takes more than this. */
#define MD_MAX_CELL 400

static void md_put_bounded(mlr_buf *out, const char *s)
{
	size_t n = strlen(s);
	if (n <= MD_MAX_CELL) {
		mlr_report_put_markdown(out, s);
		return;
	}
	mlr_buf cut = MLR_BUF_INIT;
	n = MD_MAX_CELL;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--; /* cut on a character boundary */
	mlr_buf_put(&cut, s, n);
	mlr_buf_puts(&cut, "\xE2\x80\xA6");
	mlr_report_put_markdown(out, mlr_buf_cstr(&cut));
	if (cut.oom)
		out->oom = true;
	mlr_buf_dispose(&cut);
}

static const char *severity_mark(mlr_severity sev)
{
	switch (sev) {
	case MLR_SEV_ERROR:
		return "\xF0\x9F\x94\xB4 error";   /* red circle */
	case MLR_SEV_WARNING:
		return "\xF0\x9F\x9F\xA0 warning"; /* orange circle */
	default:
		return "\xF0\x9F\x94\xB5 note";    /* blue circle */
	}
}

static void md_location(mlr_buf *out, const mlr_finding *f)
{
	if (!f->path) {
		mlr_buf_puts(out, "(repository)");
		return;
	}
	md_put_bounded(out, f->path);
	if (f->cell)
		mlr_buf_printf(out, " cell %" PRIu32, f->cell);
	if (f->line)
		mlr_buf_printf(out, ":%" PRIu32, f->line);
	if (f->line && f->column)
		mlr_buf_printf(out, ":%" PRIu32, f->column);
}

static void md_bar(mlr_buf *out, const mlr_category_score *cs)
{
	int filled = (int)lround(mlr_score_round1(cs->score) / 10.0);
	if (filled < 0)
		filled = 0;
	if (filled > 10)
		filled = 10;
	for (int i = 0; i < 10; i++)
		mlr_buf_puts(out, i < filled ? "\xE2\x96\x88" : "\xE2\x96\x91");
}

static void md_score_table(mlr_buf *out, const mlr_result *result)
{
	const mlr_score *score = &result->score;

	mlr_buf_puts(out, "| Category | Score | | Top loss |\n|---|---:|---|---|\n");
	for (int c = MLR_CAT_FIRST; c <= MLR_CAT_LAST; c++) {
		const mlr_category_score *cs = &score->categories[c - 1];
		if (!cs->assessable && c == MLR_CAT_CHANGE)
			continue; /* PR mode only: a permanent n/a row says nothing */
		mlr_buf_printf(out, "| %s | ", mlr_report_category_name((mlr_category)c));
		if (cs->assessable) {
			mlr_buf_printf(out, "%.1f | ", mlr_score_round1(cs->score));
			md_bar(out, cs);
		} else {
			mlr_buf_puts(out, "n/a | ");
		}
		mlr_buf_puts(out, " | ");
		if (cs->assessable && cs->loss_count)
			mlr_buf_printf(out, "\xE2\x88\x92%.1f `%s`", mlr_score_round1(cs->losses[0].points),
				mlr_report_rule_id(cs->losses[0].rule));
		mlr_buf_puts(out, " |\n");
	}
	if (mlr_score_assessable(score))
		mlr_buf_printf(out, "| **Overall** | **%.1f** | | |\n", mlr_score_round1(score->overall));
	else
		mlr_buf_puts(out, "| **Overall** | **n/a** | | |\n");
}

static void md_finding_row(mlr_buf *out, const mlr_finding *f)
{
	mlr_buf_printf(out, "| %s | `%s` ", severity_mark(f->severity), mlr_report_rule_id(f->rule));
	if (f->rule && f->rule->name)
		mlr_report_put_markdown(out, f->rule->name);
	mlr_buf_puts(out, " | ");
	md_location(out, f);
	mlr_buf_puts(out, " | ");
	md_put_bounded(out, mlr_report_message(f));
	mlr_buf_puts(out, " |\n");
}

static void md_losses(mlr_buf *out, const mlr_result *result)
{
	mlr_report_losses losses = { 0 };
	if (mlr_report_all_losses(&losses, &result->score) < 0) {
		out->oom = true;
		goto cleanup;
	}
	if (!losses.len)
		goto cleanup;
	mlr_buf_puts(out, "\n<details><summary>Points lost, and what earns them back</summary>\n\n");
	mlr_buf_puts(out, "| Points | Rule | Category | What earns them back |\n|---:|---|---|---|\n");
	for (size_t i = 0; i < losses.len; i++) {
		const mlr_score_loss *l = losses.items[i];
		mlr_buf earn = MLR_BUF_INIT;
		mlr_report_earn_back(&earn, result, l);
		mlr_buf_printf(out, "| \xE2\x88\x92%.1f | `%s` | %s | ", mlr_score_round1(l->points),
			mlr_report_rule_id(l->rule), l->rule ? mlr_report_category_name(l->rule->category) : "");
		mlr_report_put_markdown(out, mlr_buf_cstr(&earn));
		mlr_buf_puts(out, " |\n");
		if (earn.oom)
			out->oom = true;
		mlr_buf_dispose(&earn);
	}
	mlr_buf_puts(out, "\n</details>\n");

cleanup:
	mlr_array_delete(&losses);
}

static void md_mltest(mlr_buf *out, const mlr_result *result)
{
	mlr_mltest mt;
	mlr_mltest_compute(&mt, result);
	mlr_buf_puts(out, "\n**ML Test Score** (Breck et al. 2017): ");
	if (mt.assessable)
		mlr_buf_printf(out, "%.1f, %s\n", mt.score, mlr_mltest_band(mt.score));
	else
		mlr_buf_puts(out, "n/a, no test of the rubric could be evidenced\n");
	mlr_buf_puts(out, "\n<details><summary>The rubric's 28 tests</summary>\n\n"
		"| Test | Status | Points | Evidence |\n|---|---|---:|---|\n");
	for (size_t i = 0; i < MLR_MLTEST_TESTS; i++) {
		const mlr_mltest_item *it = &mt.items[i];
		mlr_buf_printf(out, "| %s: %s | %s | ", it->id, it->title, mlr_mltest_status_key(it->status));
		if (it->status >= MLR_MLTEST_MISSING)
			mlr_buf_printf(out, "%.1f", it->points);
		mlr_buf_puts(out, " | ");
		if (it->basis)
			mlr_buf_printf(out, "`%s`: ", it->basis);
		mlr_buf_puts(out, it->note ? it->note : "");
		mlr_buf_puts(out, " |\n");
	}
	mlr_buf_puts(out, "\n</details>\n");
}

int mlr_report_markdown(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts)
{
	mlr_report_items items = { 0 };
	int error = 0;
	size_t shown = 0;

	(void)opts;
	if ((error = mlr_report_order(&items, result, false)) < 0)
		goto cleanup;
	mlr_buf_puts(out, "## mlready: ML readiness ");
	if (mlr_score_assessable(&result->score))
		mlr_buf_printf(out, "%.1f/100", mlr_score_round1(result->score.overall));
	else
		mlr_buf_puts(out, "n/a");
	mlr_buf_putc(out, '\n');
	mlr_buf_putc(out, '\n');
	if (result->score.capped)
		mlr_buf_printf(out, "> **Capped at %.0f** by a blocking finding: remove it to lift the cap.\n\n",
			result->score.cap);
	mlr_buf_printf(out, "%zu finding%s in %zu file%s", result->finding_count,
		result->finding_count == 1 ? "" : "s", result->file_count, result->file_count == 1 ? "" : "s");
	if (result->score.profile && result->score.profile != mlr_profiles(NULL))
		mlr_buf_printf(out, ", %s profile", result->score.profile->name);
	mlr_buf_puts(out, ".\n\n");
	if (result->has_base) { /* PR mode (src/diff/): what the findings were compared with */
		mlr_buf_printf(out, "PR mode: only findings new since the merge base `%.12s` are listed "
			"(%zu path%s changed; %zu finding%s already there not shown)", result->base_commit,
			result->changed_path_count, result->changed_path_count == 1 ? "" : "s",
			result->preexisting_count, result->preexisting_count == 1 ? "" : "s");
		if (result->base_assessable && result->compared_assessable) {
			double before = mlr_score_round1(result->base_overall);
			double d = mlr_score_round1(result->compared_overall) - before;
			mlr_buf_printf(out, "; score against the base %.1f \xE2\x86\x92 %.1f (%s%.1f, change category aside)",
				before, mlr_score_round1(result->compared_overall),
				d > 0.04 ? "+" : d < -0.04 ? "\xE2\x88\x92" : "\xC2\xB1", d < 0 ? -d : d);
		}
		mlr_buf_puts(out, ".\n\n");
	}
	md_score_table(out, result);
	md_mltest(out, result);
	md_losses(out, result);

	if (items.len) {
		size_t top = items.len < MD_TOP_FINDINGS ? items.len : MD_TOP_FINDINGS;
		mlr_buf_printf(out, "\n### Top %s\n\n| Severity | Rule | Location | Message |\n|---|---|---|---|\n",
			top == 1 ? "finding" : "findings");
		for (size_t i = 0; i < top; i++)
			md_finding_row(out, items.items[i].finding);
		if (items.len > top) {
			mlr_buf_printf(out, "\n<details><summary>All %zu findings</summary>\n\n"
				"| Severity | Rule | Location | Message |\n|---|---|---|---|\n", items.len);
			for (shown = 0; shown < items.len; shown++) {
				size_t before = out->len;
				md_finding_row(out, items.items[shown].finding);
				if (out->len + MD_RESERVE > MD_MAX_BYTES) {
					out->len = before; /* the row that does not fit goes */
					if (out->ptr)
						out->ptr[before] = '\0';
					break;
				}
			}
			if (shown < items.len)
				mlr_buf_printf(out, "\n%zu more not shown: the JSON or SARIF report lists every finding.\n",
					items.len - shown);
			mlr_buf_puts(out, "\n</details>\n");
		}
	}
	if (result->note_count)
		mlr_buf_printf(out, "\n%zu file%s skipped or read in part.\n", result->note_count,
			result->note_count == 1 ? " was" : "s were");
	mlr_buf_puts(out, "\n<sub>mlready " MLR_VERSION "</sub>\n");

cleanup:
	mlr_array_delete(&items);
	return error;
}
