/*
 * The HTML report: one self-contained page (inline CSS, inline SVG chart, a few lines of
 * inline script, no fonts, no images, no requests: a Content-Security-Policy forbids
 * any), readable without the script. Everything from the repository is escaped with
 * mlr_report_put_xml, and no repository text is ever placed inside the script.
 *
 * The findings table filters by text, severity and category; the filter can also be
 * preset from the address (report.html#q=secret&sev=error&cat=security), which is how
 * the tests check it in a real browser.
 */
#include "report/report.h"

#include "score/mltest.h"
#include "score/score.h"

#include <inttypes.h>
#include <math.h>

static const char html_style[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}"
	"main{max-width:1100px;margin:0 auto;padding:24px}"
	"section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px 20px;margin:0 0 16px}"
	"h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:0 0 12px}"
	".meta{color:#59636e;margin:0}.cap{color:#c62828;font-weight:600}"
	".score{font-size:40px;font-weight:700}.good{color:#2e7d32}.fair{color:#b26a00}.poor{color:#c62828}.none{color:#6e7781}"
	"table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eaeef2;vertical-align:top;overflow-wrap:anywhere}"
	"th{background:#f6f8fa;font-weight:600}td.num,th.num{text-align:right;white-space:nowrap}"
	".kpis{display:flex;flex-wrap:wrap;gap:12px}.kpi{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;min-width:220px}"
	".kpi b{font-size:20px}.meter{height:6px;background:#eaeef2;border-radius:3px;margin-top:6px}.meter i{display:block;height:6px;border-radius:3px}"
	".sev-error{color:#c62828;font-weight:600}.sev-warning{color:#b26a00;font-weight:600}.sev-note{color:#0969da}"
	".filters{display:flex;gap:8px;margin:0 0 10px;flex-wrap:wrap}.filters input{flex:1;min-width:200px}"
	"input,select{font:inherit;padding:4px 6px;border:1px solid #d0d7de;border-radius:6px}"
	"code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;padding:1px 4px;border-radius:4px}"
	".fix{color:#59636e;font-size:12px}tr[hidden]{display:none}";

/* Filters rows by text, severity and category; no repository text is in here. */
static const char html_script[] =
	"(function(){"
	"var q=document.getElementById('q'),sev=document.getElementById('sev'),cat=document.getElementById('cat'),"
	"rows=document.querySelectorAll('#findings tbody tr'),count=document.getElementById('count');"
	"function apply(){var t=q.value.toLowerCase(),s=sev.value,c=cat.value,n=0;"
	"for(var i=0;i<rows.length;i++){var r=rows[i],ok=(!s||r.dataset.sev===s)&&(!c||r.dataset.cat===c)&&"
	"(!t||r.textContent.toLowerCase().indexOf(t)>=0);r.hidden=!ok;if(ok)n++;}"
	"count.textContent=n+' of '+rows.length+' findings shown';}"
	"var h=new URLSearchParams(location.hash.slice(1));"
	"if(h.get('q'))q.value=h.get('q');if(h.get('sev'))sev.value=h.get('sev');if(h.get('cat'))cat.value=h.get('cat');"
	"q.addEventListener('input',apply);sev.addEventListener('change',apply);cat.addEventListener('change',apply);"
	"apply();document.body.setAttribute('data-ready','1');"
	"})();";

#define CHART_ROW 26
#define CHART_LABEL 235
#define CHART_BAR 520

static void html_header(mlr_buf *out, const mlr_result *result)
{
	const mlr_score *score = &result->score;
	bool assessable = mlr_score_assessable(score);

	mlr_buf_puts(out, "<section><h1>ML readiness <span class=\"score ");
	mlr_buf_puts(out, mlr_report_band(score->overall, assessable));
	mlr_buf_puts(out, "\" id=\"overall\">");
	if (assessable)
		mlr_buf_printf(out, "%.1f", mlr_score_round1(score->overall));
	else
		mlr_buf_puts(out, "n/a");
	mlr_buf_puts(out, "</span>/100</h1>\n<p class=\"meta\">");
	mlr_report_put_xml(out, result->root ? result->root : "(unknown)");
	if (result->source) {
		mlr_buf_puts(out, " (");
		mlr_report_put_xml(out, result->source);
		mlr_buf_putc(out, ')');
	}
	mlr_buf_printf(out, ", %zu files, %zu findings, profile <b>", result->file_count, result->finding_count);
	mlr_report_put_xml(out, score->profile ? score->profile->name : "default");
	mlr_buf_puts(out, "</b>, mlready " MLR_VERSION "</p>\n");
	if (score->capped)
		mlr_buf_printf(out, "<p class=\"cap\">Capped at %.0f by a blocking finding.</p>\n", score->cap);
	mlr_buf_puts(out, "</section>\n");
}

static void html_chart(mlr_buf *out, const mlr_score *score)
{
	int height = CHART_ROW * MLR_CAT_LAST + 8;
	int width = CHART_LABEL + CHART_BAR + 150;

	mlr_buf_printf(out, "<section><h2>Categories</h2>\n<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
		"viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-label=\"Score per category\" "
		"font-family=\"system-ui,sans-serif\" font-size=\"13\">\n", width, height);
	for (int c = MLR_CAT_FIRST; c <= MLR_CAT_LAST; c++) {
		const mlr_category_score *cs = &score->categories[c - 1];
		int y = (c - 1) * CHART_ROW + 4;
		const char *band = mlr_report_band(cs->score, cs->assessable);
		double w = cs->assessable ? CHART_BAR * mlr_score_round1(cs->score) / 100.0 : 0.0;
		if (w < 0)
			w = 0;
		mlr_buf_printf(out, "<g data-cat=\"%s\"><title>", mlr_report_category_key((mlr_category)c));
		mlr_report_put_xml(out, mlr_report_category_responsibility((mlr_category)c));
		mlr_buf_printf(out, "</title><text x=\"0\" y=\"%d\">", y + 15);
		mlr_report_put_xml(out, mlr_report_category_name((mlr_category)c));
		mlr_buf_printf(out, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" rx=\"3\" fill=\"#eaeef2\"/>",
			CHART_LABEL, y + 2, CHART_BAR);
		if (cs->assessable)
			mlr_buf_printf(out, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" rx=\"3\" fill=\"%s\"/>",
				CHART_LABEL, y + 2, w, mlr_report_band_color(band));
		mlr_buf_printf(out, "<text x=\"%d\" y=\"%d\">", CHART_LABEL + CHART_BAR + 10, y + 15);
		if (cs->assessable) {
			mlr_buf_printf(out, "%.1f", mlr_score_round1(cs->score));
			if (cs->loss_count)
				mlr_buf_printf(out, " \xE2\x88\x92%.1f %s", mlr_score_round1(cs->losses[0].points),
					mlr_report_rule_id(cs->losses[0].rule));
		} else {
			mlr_buf_puts(out, "n/a");
		}
		mlr_buf_puts(out, "</text></g>\n");
	}
	mlr_buf_puts(out, "</svg></section>\n");
}

static void html_kpis(mlr_buf *out, const mlr_result *result)
{
	if (!result->kpi_count)
		return;
	mlr_buf_puts(out, "<section><h2>KPIs</h2><div class=\"kpis\" id=\"kpis\">\n");
	for (size_t i = 0; i < result->kpi_count; i++) {
		const mlr_kpi *k = &result->kpis[i];
		double target = mlr_score_kpi_target(result->score.profile, k);
		double ratio = k->denominator ? (double)k->numerator / k->denominator : 0.0;
		if (ratio > 1.0)
			ratio = 1.0;
		mlr_buf_puts(out, "<div class=\"kpi\"><div>");
		mlr_report_put_xml(out, k->label ? k->label : k->key);
		mlr_buf_printf(out, " <code>%s</code></div><b>%" PRIu32 "/%" PRIu32 "</b> ", mlr_report_rule_id(k->rule),
			k->numerator, k->denominator);
		if (k->denominator)
			mlr_buf_printf(out, "%.1f%%, target %.0f%%", mlr_score_round1(100.0 * k->numerator / k->denominator),
				100.0 * target);
		else
			mlr_buf_printf(out, "n/a, target %.0f%%", 100.0 * target);
		const char *band = !k->denominator ? "none" : (ratio + 1e-9 >= target ? "good" : ratio >= target / 2 ? "fair" : "poor");
		mlr_buf_printf(out, "<div class=\"meter\"><i style=\"width:%.1f%%;background:%s\"></i></div></div>\n",
			100.0 * ratio, mlr_report_band_color(band));
	}
	mlr_buf_puts(out, "</div></section>\n");
}

static void html_losses(mlr_buf *out, const mlr_result *result)
{
	mlr_report_losses losses = { 0 };
	if (mlr_report_all_losses(&losses, &result->score) < 0) {
		out->oom = true;
		goto cleanup;
	}
	if (!losses.len)
		goto cleanup;
	mlr_buf_puts(out, "<section><h2>Points lost, and what earns them back</h2>\n<table id=\"losses\"><thead><tr>"
		"<th class=\"num\">Points</th><th>Rule</th><th>Category</th><th>What earns them back</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < losses.len; i++) {
		const mlr_score_loss *l = losses.items[i];
		mlr_buf earn = MLR_BUF_INIT;
		mlr_report_earn_back(&earn, result, l);
		mlr_buf_printf(out, "<tr><td class=\"num\">\xE2\x88\x92%.1f</td><td><code>%s</code> ",
			mlr_score_round1(l->points), mlr_report_rule_id(l->rule));
		mlr_report_put_xml(out, l->rule && l->rule->name ? l->rule->name : "");
		mlr_buf_puts(out, "</td><td>");
		mlr_report_put_xml(out, l->rule ? mlr_report_category_name(l->rule->category) : "");
		mlr_buf_puts(out, "</td><td>");
		mlr_report_put_xml(out, mlr_buf_cstr(&earn));
		mlr_buf_puts(out, "</td></tr>\n");
		if (earn.oom)
			out->oom = true;
		mlr_buf_dispose(&earn);
	}
	mlr_buf_puts(out, "</tbody></table></section>\n");

cleanup:
	mlr_array_delete(&losses);
}

static void html_mltest(mlr_buf *out, const mlr_result *result)
{
	mlr_mltest mt;
	mlr_mltest_compute(&mt, result);
	mlr_buf_puts(out, "<section><h2>ML Test Score (Breck et al. 2017): <span id=\"mltest\">");
	if (mt.assessable)
		mlr_buf_printf(out, "%.1f</span></h2>\n<p class=\"meta\">%s. A test is worth 0.5 when the repository "
			"shows it and 1.0 when CI runs it; the score is the minimum over the four sections.</p>\n",
			mt.score, mlr_mltest_band(mt.score));
	else
		mlr_buf_puts(out, "n/a</span></h2>\n");
	mlr_buf_puts(out, "<table><thead><tr><th>Section</th><th>Test</th><th>Status</th><th class=\"num\">Points</th>"
		"<th>Evidence</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < MLR_MLTEST_TESTS; i++) {
		const mlr_mltest_item *it = &mt.items[i];
		mlr_buf_printf(out, "<tr data-status=\"%s\"><td>%s</td><td>%s: ", mlr_mltest_status_key(it->status),
			mlr_mltest_section_name(it->section), it->id);
		mlr_report_put_xml(out, it->title);
		mlr_buf_printf(out, "</td><td>%s</td><td class=\"num\">", mlr_mltest_status_key(it->status));
		if (it->status >= MLR_MLTEST_MISSING)
			mlr_buf_printf(out, "%.1f", it->points);
		mlr_buf_puts(out, "</td><td>");
		if (it->basis)
			mlr_buf_printf(out, "<code>%s</code> ", it->basis);
		mlr_report_put_xml(out, it->note);
		mlr_buf_puts(out, "</td></tr>\n");
	}
	mlr_buf_puts(out, "</tbody></table></section>\n");
}

static void html_location(mlr_buf *out, const mlr_finding *f)
{
	if (!f->path) {
		mlr_buf_puts(out, "(repository)");
		return;
	}
	mlr_report_put_xml(out, f->path);
	if (f->cell)
		mlr_buf_printf(out, " cell %" PRIu32, f->cell);
	if (f->line)
		mlr_buf_printf(out, ":%" PRIu32, f->line);
	if (f->line && f->column)
		mlr_buf_printf(out, ":%" PRIu32, f->column);
}

static int html_findings(mlr_buf *out, const mlr_result *result)
{
	mlr_report_items items = { 0 };
	int error = mlr_report_order(&items, result, false);
	if (error < 0)
		return error;

	mlr_buf_puts(out, "<section><h2>Findings</h2>\n<div class=\"filters\">"
		"<input id=\"q\" type=\"search\" placeholder=\"Filter by path, rule or message\" aria-label=\"Filter\">"
		"<select id=\"sev\" aria-label=\"Severity\"><option value=\"\">all severities</option>"
		"<option value=\"error\">error</option><option value=\"warning\">warning</option>"
		"<option value=\"note\">note</option></select>"
		"<select id=\"cat\" aria-label=\"Category\"><option value=\"\">all categories</option>");
	for (int c = MLR_CAT_FIRST; c <= MLR_CAT_LAST; c++) {
		mlr_buf_printf(out, "<option value=\"%s\">", mlr_report_category_key((mlr_category)c));
		mlr_report_put_xml(out, mlr_report_category_name((mlr_category)c));
		mlr_buf_puts(out, "</option>");
	}
	mlr_buf_printf(out, "</select></div>\n<p class=\"meta\" id=\"count\">%zu findings</p>\n"
		"<table id=\"findings\"><thead><tr><th>Severity</th><th>Rule</th><th>Location</th><th>Message</th>"
		"</tr></thead><tbody>\n", items.len);
	for (size_t i = 0; i < items.len; i++) {
		const mlr_finding *f = items.items[i].finding;
		const char *sev = mlr_severity_name(f->severity);
		mlr_buf_printf(out, "<tr data-sev=\"%s\" data-cat=\"%s\"><td class=\"sev-%s\">%s%s</td><td><code>%s</code> ",
			sev, mlr_report_category_key(f->rule ? f->rule->category : (mlr_category)0), sev, sev,
			f->blocking ? " (blocking)" : "", mlr_report_rule_id(f->rule));
		mlr_report_put_xml(out, f->rule && f->rule->name ? f->rule->name : "");
		mlr_buf_puts(out, "</td><td>");
		html_location(out, f);
		mlr_buf_puts(out, "</td><td>");
		mlr_report_put_xml(out, mlr_report_message(f));
		if (f->rule && f->rule->fix && *f->rule->fix) {
			mlr_buf_puts(out, "<div class=\"fix\">fix: ");
			mlr_report_put_xml(out, f->rule->fix);
			mlr_buf_puts(out, "</div>");
		}
		mlr_buf_puts(out, "</td></tr>\n");
	}
	mlr_buf_puts(out, "</tbody></table></section>\n");
	mlr_array_delete(&items);
	return 0;
}

static void html_notes(mlr_buf *out, const mlr_result *result)
{
	if (!result->note_count)
		return;
	mlr_buf_printf(out, "<section><h2>Files skipped or read in part (%zu)</h2><table><tbody>\n", result->note_count);
	for (size_t i = 0; i < result->note_count; i++) {
		mlr_buf_puts(out, "<tr><td>");
		mlr_report_put_xml(out, result->notes[i].path ? result->notes[i].path : "(repository)");
		mlr_buf_puts(out, "</td><td>");
		mlr_report_put_xml(out, result->notes[i].message);
		mlr_buf_puts(out, "</td></tr>\n");
	}
	mlr_buf_puts(out, "</tbody></table></section>\n");
}

int mlr_report_html(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts)
{
	int error = 0;

	(void)opts;
	mlr_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
		"script-src 'unsafe-inline'\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>mlready: ");
	mlr_report_put_xml(out, result->root ? result->root : "report");
	mlr_buf_printf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n", html_style);
	html_header(out, result);
	html_chart(out, &result->score);
	html_kpis(out, result);
	html_losses(out, result);
	html_mltest(out, result);
	if ((error = html_findings(out, result)) < 0)
		return error;
	html_notes(out, result);
	mlr_buf_printf(out, "</main>\n<script>%s</script>\n</body>\n</html>\n", html_script);
	return 0;
}
