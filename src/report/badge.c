/*
 * An SVG badge, "ML readiness | NN", for a README: flat, two boxes, the value coloured by
 * band. Widths come from a per-character estimate of 11px Verdana, so the text fits
 * without the renderer measuring anything (the file has no scripts and no fonts).
 */
#include "report/report.h"

#include "score/score.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define BADGE_LABEL "ML readiness"
#define BADGE_PAD 6

/* Approximate advance widths of 11px Verdana, in pixels. */
static int text_width(const char *s)
{
	int w = 0;
	for (; *s; s++) {
		char c = *s;
		if (c == ' ' || c == 'i' || c == 'l' || c == '.' || c == '/')
			w += 4;
		else if (c >= 'A' && c <= 'Z')
			w += 8;
		else
			w += 7;
	}
	return w;
}

int mlr_report_badge(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts)
{
	const mlr_score *score = &result->score;
	bool assessable = mlr_score_assessable(score);
	char value[16];

	(void)opts;
	if (assessable)
		snprintf(value, sizeof(value), "%.0f", floor(mlr_score_round1(score->overall) + 0.5));
	else
		snprintf(value, sizeof(value), "n/a");
	const char *color = mlr_report_band_color(mlr_report_band(score->overall, assessable));
	int lw = text_width(BADGE_LABEL) + 2 * BADGE_PAD, vw = text_width(value) + 2 * BADGE_PAD;
	int w = lw + vw;

	mlr_buf_printf(out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"20\" role=\"img\" "
		"aria-label=\"" BADGE_LABEL ": %s\">\n"
		"  <title>" BADGE_LABEL ": %s%s</title>\n"
		"  <linearGradient id=\"s\" x2=\"0\" y2=\"100%%\"><stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/>"
		"<stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>\n"
		"  <clipPath id=\"r\"><rect width=\"%d\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>\n"
		"  <g clip-path=\"url(#r)\">\n"
		"    <rect width=\"%d\" height=\"20\" fill=\"#555\"/>\n"
		"    <rect x=\"%d\" width=\"%d\" height=\"20\" fill=\"%s\"/>\n"
		"    <rect width=\"%d\" height=\"20\" fill=\"url(#s)\"/>\n"
		"  </g>\n"
		"  <g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" font-size=\"11\">\n"
		"    <text x=\"%d\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\">" BADGE_LABEL "</text>\n"
		"    <text x=\"%d\" y=\"14\">" BADGE_LABEL "</text>\n"
		"    <text x=\"%d\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\">%s</text>\n"
		"    <text x=\"%d\" y=\"14\">%s</text>\n"
		"  </g>\n"
		"</svg>\n",
		w, value, value, score->capped ? " (capped by a blocking finding)" : "",
		w, lw, lw, vw, color, w,
		lw / 2, lw / 2, lw + vw / 2, value, lw + vw / 2, value);
	return 0;
}
