/*
 * Every rule's own examples, from its YAML: each `invalid` snippet must make the rule fire
 * and each `valid` snippet must leave it silent. A snippet is one file (example.py for
 * Python-scope rules, example.txt otherwise) unless it carries `# file: PATH` lines, each
 * of which starts a new file — the convention docs/writing-rules.md describes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mlready.h"

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void rm_rf(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void mkdirs_for(const char *root, const char *rel)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *p = path + strlen(root) + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0700);
			*p = '/';
		}
	}
}

static void write_file(const char *root, const char *rel, const char *data, size_t len)
{
	char path[1024];
	mkdirs_for(root, rel);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* Lays out a snippet as files under root. */
static void materialize(const char *root, const mlr_rule *rule, const char *snippet)
{
	const char *deflt = rule->scope == MLR_SCOPE_PYTHON ? "example.py" : "example.txt";
	if (strncmp(snippet, "# file: ", 8) != 0) {
		write_file(root, deflt, snippet, strlen(snippet));
		return;
	}
	const char *p = snippet;
	while (p && *p) {
		const char *name = p + 8;
		const char *eol = strchr(name, '\n');
		if (!eol)
			break;
		char rel[512];
		size_t nl = (size_t)(eol - name);
		assert_true(nl > 0 && nl < sizeof(rel));
		memcpy(rel, name, nl);
		rel[nl] = '\0';
		const char *body = eol + 1;
		const char *next = strstr(body, "\n# file: ");
		size_t blen = next ? (size_t)(next - body) + 1 : strlen(body);
		write_file(root, rel, body, blen);
		p = next ? next + 1 : NULL;
	}
}

static size_t count_findings(const mlr_rule *rule, const char *snippet, bool *assessed)
{
	char root[] = "/tmp/mlready-example-XXXXXX";
	assert_non_null(mkdtemp(root));
	materialize(root, rule, snippet);
	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = root;
	opts.source = MLR_SOURCE_DIR;
	opts.jobs = 1;
	mlr_result *res = NULL;
	int rc = mlr_lint(&res, &opts);
	if (rc < 0)
		fail_msg("%s: lint failed: %s", rule->id, mlr_error_last());
	size_t n = 0;
	for (size_t i = 0; i < res->finding_count; i++)
		if (res->findings[i].rule == rule)
			n++;
	*assessed = false;
	for (size_t i = 0; i < res->rule_count; i++)
		if (res->rules[i].rule == rule)
			*assessed = res->rules[i].assessed;
	mlr_result_free(res);
	rm_rf(root);
	return n;
}

static void test_invalid_examples_fire(void **state)
{
	(void)state;
	size_t count, checked = 0;
	const mlr_rule *rules = mlr_rules(&count);
	for (size_t i = 0; i < count; i++) {
		for (size_t e = 0; rules[i].invalid && rules[i].invalid[e]; e++) {
			bool assessed;
			size_t n = count_findings(&rules[i], rules[i].invalid[e], &assessed);
			if (n == 0)
				fail_msg("%s invalid example %zu did not fire:\n%s", rules[i].id, e + 1, rules[i].invalid[e]);
			assert_true(assessed);
			checked++;
		}
	}
	assert_true(checked >= count);
}

static void test_valid_examples_stay_silent(void **state)
{
	(void)state;
	size_t count, checked = 0;
	const mlr_rule *rules = mlr_rules(&count);
	for (size_t i = 0; i < count; i++) {
		for (size_t e = 0; rules[i].valid && rules[i].valid[e]; e++) {
			bool assessed;
			size_t n = count_findings(&rules[i], rules[i].valid[e], &assessed);
			if (n != 0)
				fail_msg("%s valid example %zu fired %zu time(s):\n%s", rules[i].id, e + 1, n, rules[i].valid[e]);
			checked++;
		}
	}
	assert_true(checked >= count);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invalid_examples_fire),
		cmocka_unit_test(test_valid_examples_stay_silent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
