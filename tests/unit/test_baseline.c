/*
 * Baselines: a run written and read back silences exactly its own findings; a new one,
 * or one more copy of an old one, still shows; the file holds no secret, redacted or not;
 * and a file that is not a baseline is refused with where it went wrong.
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

#include <jansson.h>

#include "core/buf.h"
#include "filter/baseline.h"

/* Format-shaped and plainly fake (see fixtures/README.md). */
#define FAKE_KEY "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"

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void write_text(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	mlr_buf b = MLR_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		mlr_buf_put(&b, chunk, n);
	fclose(f);
	mlr_buf_putc(&b, '\0');
	return mlr_buf_detach(&b);
}

static mlr_result *lint(const char *dir)
{
	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = dir;
	opts.source = MLR_SOURCE_DIR;
	opts.jobs = 1;
	mlr_result *res = NULL;
	assert_int_equal(mlr_lint(&res, &opts), 0);
	return res;
}

static size_t count_rule(const mlr_result *res, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < res->finding_count; i++)
		n += !strcmp(res->findings[i].rule->id, id);
	return n;
}

typedef struct {
	char dir[64];
	char file[128];
} fixture;

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof(*fx));
	strcpy(fx->dir, "/tmp/mlready-baseline-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->file, sizeof(fx->file), "%s.json", fx->dir);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	nftw(fx->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	remove(fx->file);
	free(fx);
	return 0;
}

static void test_round_trip(void **state)
{
	fixture *fx = *state;
	write_text(fx->dir, "train.py", "import os\nhf_token = \"" FAKE_KEY "\"\n");
	write_text(fx->dir, "notes.md", "token: " FAKE_KEY "\n");
	mlr_result *res = lint(fx->dir);
	size_t before = res->finding_count;
	assert_true(count_rule(res, "MLR201") >= 2);
	assert_int_equal(mlr_baseline_write(res, fx->file), 0);
	mlr_result_free(res);

	/* the file: version, and per finding a rule id, a path and a fingerprint only */
	char *text = read_all(fx->file);
	assert_null(strstr(text, "hf_"));      /* not the key... */
	assert_null(strstr(text, "hf_M****")); /* ...nor its redacted form */
	assert_null(strstr(text, "credential"));
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr);
	assert_non_null(root);
	assert_int_equal(json_integer_value(json_object_get(root, "version")), MLR_BASELINE_VERSION);
	json_t *list = json_object_get(root, "findings");
	assert_int_equal(json_array_size(list), before);
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *o = json_array_get(list, i);
		assert_int_equal(json_object_size(o), 3);
		assert_non_null(json_string_value(json_object_get(o, "rule_id")));
		assert_int_equal(strlen(json_string_value(json_object_get(o, "fingerprint"))), 16);
		assert_true(json_is_string(json_object_get(o, "path")) || json_is_null(json_object_get(o, "path")));
	}
	json_decref(root);
	free(text);

	/* read back: the same run is entirely baselined */
	mlr_baseline *b = NULL;
	assert_int_equal(mlr_baseline_load(&b, fx->file), 0);
	assert_int_equal(mlr_baseline_count(b), before);
	res = lint(fx->dir);
	assert_int_equal(mlr_baseline_apply(b, res), before);
	assert_int_equal(res->finding_count, 0);
	mlr_result_free(res);

	/* moved lines keep their fingerprints; a new secret is new */
	write_text(fx->dir, "train.py", "import os\n\n\n# moved down\nhf_token = \"" FAKE_KEY "\"\n"
		"api_token = \"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\"\n");
	res = lint(fx->dir);
	assert_int_equal(mlr_baseline_apply(b, res), before);
	assert_int_equal(res->finding_count, 1);
	assert_int_equal(res->findings[0].line, 6);
	mlr_result_free(res);
	mlr_baseline_free(b);
}

static void test_counts_copies(void **state)
{
	fixture *fx = *state;
	/* the same key twice in one file: two findings with one fingerprint */
	write_text(fx->dir, "keys.txt", "a: " FAKE_KEY "\nb: " FAKE_KEY "\n");
	mlr_result *res = lint(fx->dir);
	assert_int_equal(count_rule(res, "MLR201"), 2);
	const mlr_finding *first = NULL;
	for (size_t i = 0; i < res->finding_count; i++)
		if (!strcmp(res->findings[i].rule->id, "MLR201")) {
			if (first)
				assert_int_equal(first->fingerprint, res->findings[i].fingerprint);
			first = &res->findings[i];
		}
	size_t recorded = res->finding_count;
	assert_int_equal(mlr_baseline_write(res, fx->file), 0);
	mlr_result_free(res);
	mlr_baseline *b = NULL;
	assert_int_equal(mlr_baseline_load(&b, fx->file), 0);

	/* a third copy is one more than the baseline accepted */
	write_text(fx->dir, "keys.txt", "a: " FAKE_KEY "\nb: " FAKE_KEY "\nc: " FAKE_KEY "\n");
	res = lint(fx->dir);
	assert_int_equal(mlr_baseline_apply(b, res), recorded);
	assert_int_equal(count_rule(res, "MLR201"), 1);
	mlr_result_free(res);

	/* the same key in another file is another finding */
	write_text(fx->dir, "keys.txt", "a: " FAKE_KEY "\nb: " FAKE_KEY "\n");
	write_text(fx->dir, "other.txt", "a: " FAKE_KEY "\n");
	res = lint(fx->dir);
	assert_int_equal(mlr_baseline_apply(b, res), recorded);
	assert_int_equal(count_rule(res, "MLR201"), 1);
	assert_int_equal(res->finding_count, 1); /* the repository-level findings are baselined too */
	assert_string_equal(res->findings[0].path, "other.txt");
	mlr_result_free(res);
	mlr_baseline_free(b);
	assert_int_equal(mlr_baseline_apply(NULL, NULL), 0);
}

static void expect_refused(const char *file, const char *content, const char *want)
{
	if (content) {
		FILE *f = fopen(file, "w");
		assert_non_null(f);
		fputs(content, f);
		fclose(f);
	}
	mlr_baseline *b = NULL;
	assert_int_equal(mlr_baseline_load(&b, file), MLR_ECONFIG);
	assert_null(b);
	if (!strstr(mlr_error_last(), want))
		fail_msg("expected '%s' in '%s'", want, mlr_error_last());
}

static void test_refuses_what_is_not_a_baseline(void **state)
{
	fixture *fx = *state;
	char want[256];
	remove(fx->file);
	snprintf(want, sizeof(want), "%s: cannot read the baseline", fx->file);
	expect_refused(fx->file, NULL, want);
	snprintf(want, sizeof(want), "%s:2:1: not a baseline", fx->file);
	expect_refused(fx->file, "{\"version\": 1,\n}", want);
	expect_refused(fx->file, "[1, 2]", "not a baseline: expected an object");
	expect_refused(fx->file, "{\"version\": 2, \"findings\": []}", "baseline version 2 is not supported");
	expect_refused(fx->file, "{\"version\": 1, \"findings\": [{\"rule_id\": \"MLR201\", \"path\": \"a\", "
		"\"fingerprint\": \"XYZ\"}]}", "finding 1 of the baseline needs");
	expect_refused(fx->file, "{\"version\": 1, \"findings\": [{\"path\": \"a\", \"fingerprint\": "
		"\"0123456789abcdef\"}]}", "finding 1 of the baseline needs");
	expect_refused(fx->file, "{\"version\": 1, \"version\": 1, \"findings\": []}", "not a baseline");
	/* an empty baseline is a baseline */
	FILE *f = fopen(fx->file, "w");
	fputs("{\"version\": 1, \"findings\": []}", f);
	fclose(f);
	mlr_baseline *b = NULL;
	assert_int_equal(mlr_baseline_load(&b, fx->file), 0);
	assert_int_equal(mlr_baseline_count(b), 0);
	mlr_baseline_free(b);
}

static void test_write_failure_is_io(void **state)
{
	(void)state;
	mlr_result res;
	memset(&res, 0, sizeof(res));
	assert_int_equal(mlr_baseline_write(&res, "/nonexistent-dir/baseline.json"), MLR_EIO);
	assert_non_null(strstr(mlr_error_last(), "/nonexistent-dir/baseline.json"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counts_copies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_what_is_not_a_baseline, setup, teardown),
		cmocka_unit_test(test_write_failure_is_io),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
