/*
 * Reporters: one writer per format, each rendering a whole mlr_result into a buffer;
 * report.c picks the writer and owns the FILE. Helpers here keep untrusted text
 * (paths, messages) from breaking the output format or the terminal.
 */
#ifndef MLR_REPORT_REPORT_H
#define MLR_REPORT_REPORT_H

#include "mlready.h"
#include "core/buf.h"

#include "core/array.h"

/* Each returns 0, or MLR_ENOMEM with the reason set. */
int mlr_report_text(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts);
int mlr_report_json(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts);
int mlr_report_sarif(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts);
int mlr_report_markdown(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts);
int mlr_report_github(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts);
int mlr_report_junit(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts);
int mlr_report_html(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts);
int mlr_report_badge(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts);

/* A finding with what the worst-first order needs to know about it. */
typedef struct {
	const mlr_finding *finding;
	int category;          /* its rule's category, or MLR_CAT_LAST + 1 when unknown */
	double rule_points;    /* points its rule cost the category (0 when none) */
} mlr_report_item;

typedef mlr_array(mlr_report_item) mlr_report_items;

/* Fills out with every finding, worst first: blocking, then severity, then the points its
 * rule cost, then category, path, cell, line, column and rule id. With by_category, the
 * findings are grouped by category first, the worst-scoring category first (categories
 * that could not be scored last, then by id). Returns 0 or MLR_ENOMEM. */
int mlr_report_order(mlr_report_items *out, const mlr_result *result, bool by_category);

/* Points the rule cost its category in result's score; 0 when none. */
double mlr_report_rule_points(const mlr_score *score, const mlr_rule *rule);

/* The message of a finding: its own, else its rule's, else "". */
const char *mlr_report_message(const mlr_finding *f);
/* "MLR201", or "MLR???" for a finding or KPI without a rule. */
const char *mlr_report_rule_id(const mlr_rule *rule);

/* Appends, in plain words, what earns back the points of one loss: for a rule scored by
 * a KPI, how many more items bring the ratio to its target under the score's profile;
 * otherwise how many findings to fix and the rule's fix hint. No trailing newline. */
void mlr_report_earn_back(mlr_buf *out, const mlr_result *result, const mlr_score_loss *loss);

/* Every loss of every assessable category, largest first (ties: category, then rule id,
 * the order within a category). Returns 0 or MLR_ENOMEM. */
typedef mlr_array(const mlr_score_loss *) mlr_report_losses;
int mlr_report_all_losses(mlr_report_losses *out, const mlr_score *score);

/* The band of a 0-100 score: "good" (80 and above), "fair" (50 and above) or "poor";
 * "none" when not assessable. Its colour for badges and charts (#rrggbb). */
const char *mlr_report_band(double value, bool assessable);
const char *mlr_report_band_color(const char *band);

/* Appends s for XML and HTML text and attribute values: display-safe (see
 * mlr_report_put_display) with & < > " ' escaped. NULL appends nothing. */
void mlr_report_put_xml(mlr_buf *out, const char *s);

/* Appends s as valid UTF-8: each byte that does not start a well-formed sequence
 * becomes U+FFFD. NULL appends nothing. */
void mlr_report_put_utf8(mlr_buf *out, const char *s);

/* Like mlr_report_put_utf8, and also shows control characters (C0, DEL, C1) and the
 * bidirectional overrides as visible escapes (\n, \t, \x1b, \u202e), so a message
 * cannot move the cursor, recolour the terminal or reorder what is shown. */
void mlr_report_put_display(mlr_buf *out, const char *s);

/* Appends s for Markdown text and table cells: display-safe, with HTML, mentions, issue
 * links and Markdown's punctuation escaped, so repository text cannot open a link or break
 * a table. */
void mlr_report_put_markdown(mlr_buf *out, const char *s);

/* The category key, name and responsibility, or placeholders for an unknown id. */
const char *mlr_report_category_key(mlr_category cat);
const char *mlr_report_category_name(mlr_category cat);
const char *mlr_report_category_responsibility(mlr_category cat);

#endif
