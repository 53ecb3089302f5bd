/* The generated rule table, the registry lookups, and `explain` / `rules` output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlready.h"
#include "report/explain.h"

static bool is_kebab(const char *s)
{
	if (!s || !(*s >= 'a' && *s <= 'z'))
		return false;
	for (const char *p = s; *p; p++) {
		bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
		if (!alnum && !(*p == '-' && p[1] && p[1] != '-'))
			return false;
	}
	return true;
}

static bool nonempty(const char *s)
{
	return s && *s;
}

/* Captures what fn writes; the caller frees the result. */
static char *capture_explain(const mlr_rule *rule, int *rc)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_non_null(f);
	*rc = mlr_explain_write(f, rule);
	fclose(f);
	return out;
}

static void test_table_is_well_formed(void **state)
{
	(void)state;
	size_t count = 0;
	const mlr_rule *rules = mlr_rules(&count);
	assert_non_null(rules);
	assert_true(count >= 4);
	for (size_t i = 0; i < count; i++) {
		const mlr_rule *r = &rules[i];
		assert_non_null(r->id);
		assert_int_equal(strlen(r->id), 6);
		assert_memory_equal(r->id, "MLR", 3);
		assert_true(r->id[3] >= '1' && r->id[3] <= '9');
		assert_true(r->id[4] >= '0' && r->id[4] <= '9' && r->id[5] >= '0' && r->id[5] <= '9');
		assert_int_equal(r->category, r->id[3] - '0');
		assert_non_null(mlr_category_get(r->category));
		assert_true(is_kebab(r->name));
		if (i > 0)
			assert_true(strcmp(rules[i - 1].id, r->id) < 0); /* sorted, no duplicate */
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(rules[j].name, r->name);
		assert_true(r->severity >= MLR_SEV_NOTE && r->severity <= MLR_SEV_ERROR);
		assert_true(r->scope >= MLR_SCOPE_PYTHON && r->scope <= MLR_SCOPE_REPO);
		assert_true(r->weight >= 0 && r->weight <= 100);
		assert_true(nonempty(r->summary) && !strchr(r->summary, '\n'));
		assert_true(nonempty(r->message) && !strchr(r->message, '\n'));
		assert_true(nonempty(r->fix));
		assert_true(nonempty(r->doc_what));
		assert_true(nonempty(r->doc_why));
		assert_true(nonempty(r->doc_example));
		assert_true(nonempty(r->doc_instead));
		assert_true((r->query == NULL) != (r->check == NULL));
		if (r->query)
			assert_int_equal(r->scope, MLR_SCOPE_PYTHON);
		assert_non_null(r->valid);
		assert_non_null(r->valid[0]);
		assert_non_null(r->invalid);
		if (r->scope != MLR_SCOPE_REPO)
			assert_non_null(r->invalid[0]);
		if (r->scope == MLR_SCOPE_REPO) {
			for (const char *const *e = r->valid; *e; e++)
				assert_memory_equal(*e, "# file: ", 8);
			for (const char *const *e = r->invalid; *e; e++)
				assert_memory_equal(*e, "# file: ", 8);
		}
	}
}

static void test_builtin_rules_are_the_documented_ones(void **state)
{
	(void)state;
	const struct {
		const char *id, *name, *check;
		mlr_category cat;
		mlr_severity sev;
		mlr_scope scope;
	} want[] = {
		{ "MLR101", "missing-tests", "missing_tests", MLR_CAT_TESTING, MLR_SEV_ERROR, MLR_SCOPE_REPO },
		{ "MLR201", "hardcoded-secret", "hardcoded_secret", MLR_CAT_SECURITY, MLR_SEV_ERROR, MLR_SCOPE_TEXT },
		{ "MLR301", "untracked-experiment", "untracked_experiment", MLR_CAT_REPRODUCIBILITY,
		  MLR_SEV_WARNING, MLR_SCOPE_REPO },
		{ "MLR401", "missing-model-card", "missing_model_card", MLR_CAT_DOCUMENTATION,
		  MLR_SEV_WARNING, MLR_SCOPE_REPO },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const mlr_rule *r = mlr_rule_find(want[i].id);
		assert_non_null(r);
		assert_string_equal(r->name, want[i].name);
		assert_non_null(r->check);
		assert_string_equal(r->check, want[i].check);
		assert_int_equal(r->category, want[i].cat);
		assert_int_equal(r->severity, want[i].sev);
		assert_int_equal(r->scope, want[i].scope);
	}
}

static void test_find_by_id_and_name(void **state)
{
	(void)state;
	size_t count = 0;
	const mlr_rule *rules = mlr_rules(&count);
	const mlr_rule *r = mlr_rule_find("MLR201");
	assert_non_null(r);
	assert_true(r >= rules && r < rules + count); /* the table entry, not a copy */
	assert_string_equal(r->id, "MLR201");
	assert_ptr_equal(mlr_rule_find("mlr201"), r);
	assert_ptr_equal(mlr_rule_find("Mlr201"), r);
	assert_ptr_equal(mlr_rule_find("hardcoded-secret"), r);
	assert_ptr_equal(mlr_rule_find("missing-tests"), mlr_rule_find("MLR101"));
	assert_ptr_not_equal(mlr_rule_find("MLR101"), r);

	assert_null(mlr_rule_find(NULL));
	assert_null(mlr_rule_find(""));
	assert_null(mlr_rule_find("MLR999"));
	assert_null(mlr_rule_find("MLR20"));
	assert_null(mlr_rule_find("MLR2011"));
	assert_null(mlr_rule_find("hardcoded"));
	assert_null(mlr_rule_find("hardcoded-secret "));
	assert_null(mlr_rule_find("hardcoded_secret")); /* the check's name is not the rule's */
}

static void test_severity_names_and_parse(void **state)
{
	(void)state;
	assert_string_equal(mlr_severity_name(MLR_SEV_NOTE), "note");
	assert_string_equal(mlr_severity_name(MLR_SEV_WARNING), "warning");
	assert_string_equal(mlr_severity_name(MLR_SEV_ERROR), "error");
	assert_string_equal(mlr_severity_name((mlr_severity)7), "unknown");

	for (int s = MLR_SEV_NOTE; s <= MLR_SEV_ERROR; s++) {
		mlr_severity got = (mlr_severity)-1;
		assert_int_equal(mlr_severity_parse(&got, mlr_severity_name((mlr_severity)s)), 0);
		assert_int_equal(got, s);
	}
	mlr_severity got = MLR_SEV_NOTE;
	assert_int_equal(mlr_severity_parse(&got, "ERROR"), 0);
	assert_int_equal(got, MLR_SEV_ERROR);

	got = MLR_SEV_NOTE;
	assert_int_equal(mlr_severity_parse(&got, "fatal"), MLR_EUSAGE);
	assert_int_equal(got, MLR_SEV_NOTE); /* untouched on failure */
	assert_non_null(strstr(mlr_error_last(), "fatal"));
	assert_int_equal(mlr_severity_parse(&got, ""), MLR_EUSAGE);
	assert_int_equal(mlr_severity_parse(&got, "warn"), MLR_EUSAGE);
	assert_int_equal(mlr_severity_parse(&got, NULL), MLR_EUSAGE);
	assert_int_equal(mlr_severity_parse(NULL, "error"), MLR_EUSAGE);
}

static void test_category_table_is_complete(void **state)
{
	(void)state;
	static const char *const keys[] = { NULL, "testing", "security", "reproducibility",
					    "documentation", "data-quality", "monitoring", "cicd",
					    "hygiene", "change" };
	int n = 0;
	for (int c = MLR_CAT_FIRST; c <= MLR_CAT_LAST; c++, n++) {
		const mlr_category_info *info = mlr_category_get((mlr_category)c);
		assert_non_null(info);
		assert_int_equal(info->id, c);
		assert_string_equal(info->key, keys[c]);
		assert_true(nonempty(info->name));
		assert_true(nonempty(info->responsibility));
		assert_null(strchr(info->responsibility, '\n'));
		for (int d = MLR_CAT_FIRST; d < c; d++)
			assert_string_not_equal(mlr_category_get((mlr_category)d)->name, info->name);
	}
	assert_int_equal(n, 9);
	assert_null(mlr_category_get((mlr_category)0));
	assert_null(mlr_category_get((mlr_category)10));
	assert_null(mlr_category_get((mlr_category)-1));
	assert_non_null(strstr(mlr_category_get(MLR_CAT_TESTING)->responsibility, "preprocessing"));
	assert_non_null(strstr(mlr_category_get(MLR_CAT_SECURITY)->responsibility, "secrets"));
}

static void test_explain_has_the_four_sections(void **state)
{
	(void)state;
	int rc = -1;
	const mlr_rule *r = mlr_rule_find("MLR201");
	assert_non_null(r);
	char *out = capture_explain(r, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(out);
	assert_true(strncmp(out, "MLR201 hardcoded-secret\n", 24) == 0);
	const char *headings[] = { "\nWhat it does\n", "\nWhy it matters\n", "\nExample\n", "\nUse instead\n" };
	const char *prev = out;
	for (size_t i = 0; i < 4; i++) {
		const char *h = strstr(out, headings[i]);
		assert_non_null(h);
		assert_true(h >= prev); /* in this order */
		prev = h;
	}
	assert_non_null(strstr(out, r->summary));
	assert_non_null(strstr(out, "Security & privacy"));
	assert_non_null(strstr(out, "Severity: error"));
	assert_non_null(strstr(out, r->fix));
	/* the example is code: indented under its heading */
	const char *ex = strstr(out, "\nExample\n");
	assert_non_null(strstr(ex, "\n    "));
	free(out);
}

static void test_explain_tolerates_a_sparse_rule(void **state)
{
	(void)state;
	mlr_rule r;
	memset(&r, 0, sizeof(r));
	r.id = "MLR999";
	r.category = (mlr_category)42;
	r.severity = MLR_SEV_NOTE;
	r.doc_example = "line one\n\nline three";
	int rc = -1;
	char *out = capture_explain(&r, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "MLR999"));
	assert_non_null(strstr(out, "Category: unknown"));
	assert_non_null(strstr(out, "    line one\n\n    line three\n"));
	assert_non_null(strstr(out, "\nUse instead\n"));
	free(out);
}

static void test_explain_reports_errors(void **state)
{
	(void)state;
	assert_int_equal(mlr_explain_write(stdout, NULL), MLR_EUSAGE);
	FILE *ro = fopen("/dev/null", "r"); /* writes to a read-only stream fail */
	assert_non_null(ro);
	assert_int_equal(mlr_explain_write(ro, mlr_rule_find("MLR101")), MLR_EIO);
	assert_int_equal(mlr_rules_list_write(ro), MLR_EIO);
	fclose(ro);
}

static void test_rules_list_names_every_rule(void **state)
{
	(void)state;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_non_null(f);
	assert_int_equal(mlr_rules_list_write(f), 0);
	fclose(f);
	size_t count = 0;
	const mlr_rule *rules = mlr_rules(&count);
	const char *prev = out;
	for (size_t i = 0; i < count; i++) {
		const char *at = strstr(out, rules[i].id);
		assert_non_null(at);
		assert_true(at >= prev); /* in id order */
		prev = at;
		assert_non_null(strstr(at, rules[i].name));
		assert_non_null(strstr(at, rules[i].summary));
	}
	assert_non_null(strstr(out, "Testing: unit and integration tests"));
	/* a category is listed only when it has rules: no empty groups */
	bool change_rules = false;
	for (size_t i = 0; i < count; i++)
		change_rules |= rules[i].category == MLR_CAT_CHANGE;
	assert_int_equal(strstr(out, "Change (PR mode)") != NULL, change_rules);
	char tally[32];
	snprintf(tally, sizeof(tally), "\n%zu rules.", count);
	assert_non_null(strstr(out, tally));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_well_formed),
		cmocka_unit_test(test_builtin_rules_are_the_documented_ones),
		cmocka_unit_test(test_find_by_id_and_name),
		cmocka_unit_test(test_severity_names_and_parse),
		cmocka_unit_test(test_category_table_is_complete),
		cmocka_unit_test(test_explain_has_the_four_sections),
		cmocka_unit_test(test_explain_tolerates_a_sparse_rule),
		cmocka_unit_test(test_explain_reports_errors),
		cmocka_unit_test(test_rules_list_names_every_rule),
	};
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
