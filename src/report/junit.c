/*
 * JUnit XML, for the test view every CI has: one test suite per category, one test case
 * per rule, one <failure> per finding of that rule, and a <skipped> test case for a
 * rule that could not be assessed on this repository. Timing means nothing here: 0.
 */
#include "report/report.h"

#include "core/error.h"
#include "score/score.h"

#include <inttypes.h>

typedef mlr_array(const mlr_rule *) rule_list;

/* Rules in the order of the result's statuses (id order), then any rule only a finding
 * names. */
static int junit_rules(rule_list *out, const mlr_result *result)
{
	for (size_t i = 0; i < result->rule_count; i++)
		if (result->rules[i].rule && mlr_array_push(out, result->rules[i].rule) < 0)
			return -1;
	for (size_t i = 0; i < result->finding_count; i++) {
		const mlr_rule *r = result->findings[i].rule;
		bool seen = false;
		for (size_t k = 0; k < out->len && !seen; k++)
			seen = out->items[k] == r;
		if (r && !seen && mlr_array_push(out, r) < 0)
			return -1;
	}
	return 0;
}

/* Unknown categories go into one last suite rather than vanishing. */
static int rule_category(const mlr_rule *r)
{
	int c = (int)r->category;
	return (c >= MLR_CAT_FIRST && c <= MLR_CAT_LAST) ? c : MLR_CAT_LAST + 1;
}

static bool rule_assessed(const mlr_result *result, const mlr_rule *rule)
{
	for (size_t i = 0; i < result->rule_count; i++)
		if (result->rules[i].rule == rule)
			return result->rules[i].assessed;
	return true; /* it reported findings, so it ran */
}

static size_t rule_findings(const mlr_result *result, const mlr_rule *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < result->finding_count; i++)
		n += result->findings[i].rule == rule;
	return n;
}

static void junit_location(mlr_buf *loc, const mlr_finding *f)
{
	if (!f->path) {
		mlr_buf_puts(loc, "(repository)");
		return;
	}
	mlr_buf_puts(loc, f->path);
	if (f->cell)
		mlr_buf_printf(loc, ":cell %" PRIu32, f->cell);
	if (f->line)
		mlr_buf_printf(loc, ":%" PRIu32, f->line);
	if (f->line && f->column)
		mlr_buf_printf(loc, ":%" PRIu32, f->column);
}

static void junit_failure(mlr_buf *out, const mlr_finding *f)
{
	mlr_buf loc = MLR_BUF_INIT;
	junit_location(&loc, f);
	mlr_buf_printf(out, "      <failure type=\"%s\" message=\"", mlr_severity_name(f->severity));
	mlr_report_put_xml(out, mlr_buf_cstr(&loc));
	mlr_buf_puts(out, ": ");
	mlr_report_put_xml(out, mlr_report_message(f));
	mlr_buf_puts(out, "\">");
	mlr_report_put_xml(out, mlr_buf_cstr(&loc));
	mlr_buf_puts(out, ": ");
	mlr_report_put_xml(out, mlr_report_message(f));
	if (f->rule && f->rule->fix && *f->rule->fix) {
		mlr_buf_puts(out, "\nfix: ");
		mlr_report_put_xml(out, f->rule->fix);
	}
	mlr_buf_puts(out, "</failure>\n");
	if (loc.oom)
		out->oom = true;
	mlr_buf_dispose(&loc);
}

static void junit_suite(mlr_buf *out, const mlr_result *result, const rule_list *rules, int cat)
{
	size_t tests = 0, failures = 0, skipped = 0;
	const char *key = mlr_report_category_key((mlr_category)cat);

	for (size_t i = 0; i < rules->len; i++) {
		const mlr_rule *r = rules->items[i];
		if (rule_category(r) != cat)
			continue;
		tests++;
		if (!rule_assessed(result, r))
			skipped++;
		else if (rule_findings(result, r))
			failures++;
	}
	if (!tests)
		return;
	mlr_buf_printf(out, "  <testsuite name=\"mlready.%s\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
		"skipped=\"%zu\" time=\"0\">\n", key, tests, failures, skipped);
	for (size_t i = 0; i < rules->len; i++) {
		const mlr_rule *r = rules->items[i];
		if (rule_category(r) != cat)
			continue;
		mlr_buf_printf(out, "    <testcase classname=\"mlready.%s\" name=\"", key);
		mlr_report_put_xml(out, mlr_report_rule_id(r));
		if (r->name) {
			mlr_buf_putc(out, ' ');
			mlr_report_put_xml(out, r->name);
		}
		mlr_buf_puts(out, "\" time=\"0\"");
		if (!rule_assessed(result, r)) {
			mlr_buf_puts(out, ">\n      <skipped message=\"not assessed: the rule does not apply to this repository\"/>\n"
				"    </testcase>\n");
			continue;
		}
		if (!rule_findings(result, r)) {
			mlr_buf_puts(out, "/>\n");
			continue;
		}
		mlr_buf_puts(out, ">\n");
		for (size_t k = 0; k < result->finding_count; k++)
			if (result->findings[k].rule == r)
				junit_failure(out, &result->findings[k]);
		mlr_buf_puts(out, "    </testcase>\n");
	}
	mlr_buf_puts(out, "  </testsuite>\n");
}

int mlr_report_junit(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts)
{
	rule_list rules = { 0 };
	size_t failures = 0, skipped = 0;
	int error = 0;

	(void)opts;
	if (junit_rules(&rules, result) < 0) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory while writing the JUnit report");
		goto cleanup;
	}
	for (size_t i = 0; i < rules.len; i++) {
		if (!rule_assessed(result, rules.items[i]))
			skipped++;
		else if (rule_findings(result, rules.items[i]))
			failures++;
	}
	mlr_buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"mlready\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"0\">\n",
		rules.len, failures, skipped);
	for (int c = MLR_CAT_FIRST; c <= MLR_CAT_LAST + 1; c++)
		junit_suite(out, result, &rules, c);
	mlr_buf_puts(out, "</testsuites>\n");

cleanup:
	mlr_array_delete(&rules);
	return error;
}
