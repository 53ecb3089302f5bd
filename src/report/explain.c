#include "report/explain.h"

#include <string.h>

#include "core/error.h"

/* A rule struct may come from anywhere (tests build them by hand): missing text prints as
 * nothing rather than crashing. */
static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static const char *scope_label(mlr_scope scope)
{
	switch (scope) {
	case MLR_SCOPE_PYTHON:
		return "python (each Python file and notebook)";
	case MLR_SCOPE_TEXT:
		return "text (each text file)";
	case MLR_SCOPE_REPO:
		return "repo (the repository as a whole)";
	}
	return "unknown";
}

/* Prints text indented, so code keeps its shape and stands apart from prose. */
static void write_indented(FILE *f, const char *text, const char *indent)
{
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n)
			fputs(indent, f);
		fwrite(p, 1, n, f);
		fputc('\n', f);
		p += n + (nl ? 1 : 0);
	}
}

static void write_section(FILE *f, const char *heading, const char *body, bool code)
{
	fprintf(f, "\n%s\n", heading);
	for (size_t i = strlen(heading); i > 0; i--)
		fputc('-', f);
	fputc('\n', f);
	write_indented(f, or_empty(body), code ? "    " : "");
}

int mlr_explain_write(FILE *f, const mlr_rule *rule)
{
	if (!f || !rule)
		return mlr_error_set(MLR_EUSAGE, "no rule to explain");
	const mlr_category_info *cat = mlr_category_get(rule->category);

	fprintf(f, "%s %s\n", or_empty(rule->id), or_empty(rule->name));
	fprintf(f, "%s\n\n", or_empty(rule->summary));
	fprintf(f, "Category: %s (%s)\n", cat ? cat->name : "unknown", cat ? cat->key : "unknown");
	fprintf(f, "Severity: %s\n", mlr_severity_name(rule->severity));
	fprintf(f, "Scope:    %s\n", scope_label(rule->scope));
	fprintf(f, "Weight:   %g points of its category\n", rule->weight);
	fprintf(f, "Message:  %s\n", or_empty(rule->message));
	fprintf(f, "Fix:      %s\n", or_empty(rule->fix));

	write_section(f, "What it does", rule->doc_what, false);
	write_section(f, "Why it matters", rule->doc_why, false);
	write_section(f, "Example", rule->doc_example, true);
	write_section(f, "Use instead", rule->doc_instead, false);

	if (fflush(f) != 0 || ferror(f))
		return mlr_error_set(MLR_EIO, "cannot write the rule page");
	return 0;
}

int mlr_rules_list_write(FILE *f)
{
	if (!f)
		return mlr_error_set(MLR_EUSAGE, "no output");
	size_t count = 0, width = 0;
	const mlr_rule *rules = mlr_rules(&count);
	for (size_t i = 0; i < count; i++) {
		size_t n = strlen(or_empty(rules[i].name));
		if (n > width)
			width = n;
	}
	bool first = true;
	for (int c = MLR_CAT_FIRST; c <= MLR_CAT_LAST; c++) {
		const mlr_category_info *cat = mlr_category_get((mlr_category)c);
		bool header = false;
		for (size_t i = 0; i < count; i++) {
			const mlr_rule *r = &rules[i];
			if (r->category != (mlr_category)c)
				continue;
			if (!header) {
				fprintf(f, "%s%s: %s\n", first ? "" : "\n", cat->name, cat->responsibility);
				header = true;
				first = false;
			}
			fprintf(f, "  %s  %-*s  %-7s  %s\n", or_empty(r->id), (int)width, or_empty(r->name),
				mlr_severity_name(r->severity), or_empty(r->summary));
		}
	}
	fprintf(f, "\n%zu rule%s. `mlready explain ID` shows what a rule checks, why, and what to do.\n",
		count, count == 1 ? "" : "s");
	if (fflush(f) != 0 || ferror(f))
		return mlr_error_set(MLR_EIO, "cannot write the rule list");
	return 0;
}
