/* The text and JSON reporters, on hand-built results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlready.h"
#include "score/score.h"

static const mlr_rule rule_tests = { .id = "MLR101", .name = "missing-tests",
	.category = MLR_CAT_TESTING, .severity = MLR_SEV_ERROR, .weight = 10,
	.fix = "add tests under tests/" };
static const mlr_rule rule_secret = { .id = "MLR201", .name = "hardcoded-secret",
	.category = MLR_CAT_SECURITY, .severity = MLR_SEV_ERROR, .weight = 10,
	.fix = "read it from the environment" };
static const mlr_rule rule_pickle = { .id = "MLR202", .name = "unsafe-pickle",
	.category = MLR_CAT_SECURITY, .severity = MLR_SEV_WARNING, .weight = 5,
	.fix = "use safetensors" };
static const mlr_rule rule_pin = { .id = "MLR301", .name = "unpinned-dependencies",
	.category = MLR_CAT_REPRODUCIBILITY, .severity = MLR_SEV_WARNING, .weight = 5,
	.fix = "pin versions" };
static const mlr_rule rule_track = { .id = "MLR302", .name = "untracked-training",
	.category = MLR_CAT_REPRODUCIBILITY, .severity = MLR_SEV_WARNING, .weight = 5 };
static const mlr_rule rule_nb = { .id = "MLR801", .name = "notebook-outputs",
	.category = MLR_CAT_HYGIENE, .severity = MLR_SEV_NOTE, .weight = 2, .fix = "clear outputs" };

typedef struct {
	mlr_rule_status rules[6];
	mlr_finding findings[6];
	mlr_kpi kpis[2];
	mlr_note notes[1];
	mlr_result result;
} fixture;

/* Findings in the engine's order (path, line, column, rule), which is not the report's. */
static void fixture_init(fixture *fx)
{
	memset(fx, 0, sizeof(*fx));
	const mlr_rule *rules[] = { &rule_tests, &rule_secret, &rule_pickle, &rule_pin, &rule_track, &rule_nb };
	for (size_t i = 0; i < 6; i++)
		fx->rules[i] = (mlr_rule_status){ rules[i], true };
	fx->findings[0] = (mlr_finding){ .rule = &rule_tests, .severity = MLR_SEV_ERROR,
		.message = "no tests found", .fingerprint = 0x1 };
	fx->findings[1] = (mlr_finding){ .rule = &rule_pickle, .severity = MLR_SEV_WARNING, .path = "a.py",
		.line = 3, .column = 5, .message = "pickle.load on a downloaded file", .fingerprint = 0xabcdef };
	fx->findings[2] = (mlr_finding){ .rule = &rule_secret, .severity = MLR_SEV_ERROR, .path = "a.py",
		.line = 20, .column = 1, .message = "AWS access key AKIA************ (20 chars)",
		.fingerprint = 0x0123456789abcdefULL, .blocking = true };
	fx->findings[3] = (mlr_finding){ .rule = &rule_secret, .severity = MLR_SEV_ERROR, .path = "b.py",
		.line = 12, .column = 9, .message = "token ghp_*** (40 chars)", .fingerprint = 0xfedcba9876543210ULL };
	fx->findings[4] = (mlr_finding){ .rule = &rule_nb, .severity = MLR_SEV_NOTE, .path = "nb.ipynb",
		.line = 2, .column = 5, .cell = 3, .message = "cell has outputs", .fingerprint = 0x42 };
	fx->findings[5] = (mlr_finding){ .rule = &rule_pin, .severity = MLR_SEV_WARNING,
		.path = "requirements.txt", .message = "torch is not pinned", .fingerprint = 0x43 };
	fx->kpis[0] = (mlr_kpi){ &rule_track, "tracked_training_entry_points", "tracked training entry points",
		7, 9, 1.0 };
	fx->kpis[1] = (mlr_kpi){ &rule_track, "tracked_notebooks", "tracked notebooks", 0, 0, 1.0 };
	fx->notes[0] = (mlr_note){ "big.bin", "larger than 1 MiB: skipped" };
	fx->result = (mlr_result){ .root = "/repo", .source = "worktree", .file_count = 5,
		.byte_count = 3 * 1024 * 1024, .findings = fx->findings, .finding_count = 6,
		.notes = fx->notes, .note_count = 1, .kpis = fx->kpis, .kpi_count = 2,
		.rules = fx->rules, .rule_count = 6 };
	mlr_score_compute(&fx->result);
}

static char *render(const mlr_result *r, mlr_format format, bool color, bool quiet)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	mlr_report_options opts = { color, quiet };
	assert_int_equal(mlr_report_write(f, format, r, &opts), 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(strlen(text), len); /* no NUL bytes in a report */
	return text;
}

static void assert_before(const char *text, const char *first, const char *second)
{
	const char *a = strstr(text, first), *b = strstr(text, second);
	if (!a || !b || a >= b)
		fail_msg("expected \"%s\" before \"%s\" in:\n%s", first, second, text);
}

static void assert_no_trailing_blanks(const char *text)
{
	for (const char *p = text; *p; p++)
		if ((*p == ' ' || *p == '\t') && (p[1] == '\n' || p[1] == '\0'))
			fail_msg("trailing whitespace at offset %td", p - text);
}

static size_t count_lines(const char *text)
{
	size_t n = 0;
	for (; *text; text++)
		n += *text == '\n';
	return n;
}

static void test_format_parse(void **state)
{
	(void)state;
	mlr_format f = MLR_FORMAT_TEXT;
	assert_int_equal(mlr_format_parse(&f, "json"), 0);
	assert_int_equal(f, MLR_FORMAT_JSON);
	assert_int_equal(mlr_format_parse(&f, "TEXT"), 0);
	assert_int_equal(f, MLR_FORMAT_TEXT);
	static const char *const names[] = { "text", "json", "sarif", "markdown", "github", "junit", "html", "badge" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_int_equal(mlr_format_parse(&f, names[i]), 0);
		assert_int_equal(f, (mlr_format)i);
		assert_string_equal(mlr_format_name(f), names[i]);
	}
	assert_int_equal(mlr_format_parse(&f, "md"), 0);
	assert_int_equal(f, MLR_FORMAT_MARKDOWN);
	assert_string_equal(mlr_format_name((mlr_format)99), "unknown");
	assert_int_equal(mlr_format_parse(&f, "yaml"), MLR_EUSAGE);
	assert_non_null(strstr(mlr_error_last(), "yaml"));
	assert_int_equal(mlr_format_parse(&f, NULL), MLR_EUSAGE);
}

static void test_write_errors(void **state)
{
	(void)state;
	fixture fx;
	fixture_init(&fx);
	assert_int_equal(mlr_report_write(NULL, MLR_FORMAT_TEXT, &fx.result, NULL), MLR_EUSAGE);
	assert_int_equal(mlr_report_write(stdout, MLR_FORMAT_TEXT, NULL, NULL), MLR_EUSAGE);
	assert_int_equal(mlr_report_write(stdout, (mlr_format)42, &fx.result, NULL), MLR_EUSAGE);
	FILE *full = fopen("/dev/full", "w");
	if (full) {
		assert_int_equal(mlr_report_write(full, MLR_FORMAT_JSON, &fx.result, NULL), MLR_EIO);
		fclose(full);
	}
	mlr_score_dispose(&fx.result.score);
}

static void test_text_grouping_and_order(void **state)
{
	(void)state;
	fixture fx;
	fixture_init(&fx);
	char *text = render(&fx.result, MLR_FORMAT_TEXT, false, false);

	assert_non_null(strstr(text, "mlready " MLR_VERSION ": /repo (worktree), 5 files, 3.0 MiB\n"));
	assert_non_null(strstr(text, "\nTesting\n(repository): MLR101 missing-tests no tests found\n"
		"  fix: add tests under tests/\n"));
	/* Within a category: blocking first, then severity, then by path and line; the fix
	 * hint once after each run of one rule's findings. */
	assert_non_null(strstr(text, "\nSecurity & privacy\n"
		"a.py:20:1: MLR201 hardcoded-secret AWS access key AKIA************ (20 chars)\n"
		"b.py:12:9: MLR201 hardcoded-secret token ghp_*** (40 chars)\n"
		"  fix: read it from the environment\n"
		"a.py:3:5: MLR202 unsafe-pickle pickle.load on a downloaded file\n"
		"  fix: use safetensors\n"));
	assert_non_null(strstr(text, "\nrequirements.txt: MLR301 unpinned-dependencies torch is not pinned\n"));
	assert_non_null(strstr(text, "\nnb.ipynb:cell 3:line 2:5: MLR801 notebook-outputs cell has outputs\n"));
	/* Categories worst-scoring first: testing and security lost half or more, hygiene
	 * lost the least. */
	double testing = fx.result.score.categories[MLR_CAT_TESTING - 1].score;
	double security = fx.result.score.categories[MLR_CAT_SECURITY - 1].score;
	double repro = fx.result.score.categories[MLR_CAT_REPRODUCIBILITY - 1].score;
	double hygiene = fx.result.score.categories[MLR_CAT_HYGIENE - 1].score;
	assert_true(security < testing && testing < repro && repro < hygiene);
	assert_before(text, "\nSecurity & privacy\n", "\nTesting\n");
	assert_before(text, "\nTesting\n", "\nReproducibility\n");
	assert_before(text, "\nReproducibility\n", "\nRepository hygiene\n");
	assert_before(text, "Repository hygiene\n", "\nKPIs\n");
	assert_non_null(strstr(text, "  MLR302 tracked training entry points: 7/9 (77.8%, target 100%)\n"));
	assert_non_null(strstr(text, "  MLR302 tracked notebooks: 0/0 (n/a, target 100%)\n"));
	assert_before(text, "\nKPIs\n", "\nReadiness score\n");
	assert_null(strstr(text, "profile)")); /* the default profile is not named */
	/* The top loss of security is the secret rule; data quality has nothing assessed. */
	const char *security_row = strstr(text, "\n  Security & privacy ");
	assert_non_null(security_row);
	const char *eol = strchr(security_row + 1, '\n');
	const char *top = strstr(security_row, "\xE2\x88\x92");
	assert_true(top && top < eol);
	top = strstr(security_row, "MLR201 (+1 more)");
	assert_true(top && top < eol);
	const char *dq_row = strstr(text, "\n  Data quality ");
	assert_non_null(dq_row);
	const char *na = strstr(dq_row, "n/a");
	assert_true(na && na < strchr(dq_row + 1, '\n'));
	assert_non_null(strstr(text, "capped at 40 by a blocking finding\n"));
	assert_non_null(strstr(text, "\n  ML Test Score "));
	/* Every loss with what earns it back, the worst category first. */
	assert_before(text, "\nReadiness score\n", "\nPoints lost, and what earns them back\n");
	assert_non_null(strstr(text, "\n  Security & privacy\n    \xE2\x88\x92"));
	assert_non_null(strstr(text, " MLR201 hardcoded-secret: fix all 2 findings: read it from the environment\n"));
	assert_non_null(strstr(text, " MLR302 untracked-training: tracked training entry points 7/9, target 100%: "
		"2 more earn it back\n"));
	assert_non_null(strstr(text, " MLR301 unpinned-dependencies: fix 1 finding: pin versions\n"));
	assert_before(text, "\n  Security & privacy\n    ", "\n  Repository hygiene\n    ");
	assert_non_null(strstr(text, "6 findings: 3 errors, 2 warnings, 1 note; 1 file skipped or read in part\n"));
	assert_non_null(strstr(text, "  big.bin: larger than 1 MiB: skipped\n"));
	assert_null(strchr(text, '\033'));
	assert_no_trailing_blanks(text);
	free(text);
	mlr_score_dispose(&fx.result.score);
}

static void test_text_profile(void **state)
{
	(void)state;
	fixture fx;
	fixture_init(&fx);
	const mlr_profile *proto = NULL;
	assert_int_equal(mlr_profile_find(&proto, "prototype"), 0);
	mlr_score_compute_profile(&fx.result, proto);
	char *text = render(&fx.result, MLR_FORMAT_TEXT, false, false);
	assert_non_null(strstr(text, "\nReadiness score (prototype profile)\n"));
	/* The prototype profile keeps reproducibility targets: 7/9 still needs 2 more. */
	assert_non_null(strstr(text, "tracked training entry points 7/9, target 100%: 2 more earn it back"));
	free(text);

	const mlr_profile *prod = NULL;
	assert_int_equal(mlr_profile_find(&prod, "PRODUCTION"), 0);
	fx.kpis[0].target = 0.5;
	mlr_score_compute_profile(&fx.result, prod);
	text = render(&fx.result, MLR_FORMAT_TEXT, false, false);
	/* 0.5 raised by a quarter is 0.625: 6 of 9 entry points. */
	assert_non_null(strstr(text, "  MLR302 tracked training entry points: 7/9 (77.8%, target 62%)\n"));
	free(text);
	mlr_score_dispose(&fx.result.score);
}

static void test_text_color(void **state)
{
	(void)state;
	fixture fx;
	fixture_init(&fx);
	char *text = render(&fx.result, MLR_FORMAT_TEXT, true, false);
	assert_non_null(strstr(text, "\033[31m"));             /* errors red */
	assert_non_null(strstr(text, "\033[33mMLR202\033[0m")); /* warnings yellow */
	assert_non_null(strstr(text, "\033[34mMLR801\033[0m")); /* notes blue */
	assert_no_trailing_blanks(text);
	free(text);
	mlr_score_dispose(&fx.result.score);
}

static void test_text_quiet(void **state)
{
	(void)state;
	fixture fx;
	fixture_init(&fx);
	char *text = render(&fx.result, MLR_FORMAT_TEXT, false, true);
	assert_int_equal(count_lines(text), fx.result.finding_count);
	/* Worst first across categories: the blocking credential leads. */
	assert_true(strncmp(text, "a.py:20:1: MLR201 hardcoded-secret AWS", 38) == 0);
	assert_before(text, "MLR201", "MLR202");
	assert_before(text, "(repository): MLR101", "nb.ipynb");
	assert_null(strstr(text, "mlready"));
	assert_null(strstr(text, "fix:"));
	assert_null(strstr(text, "Readiness"));
	free(text);

	mlr_result empty = { 0 };
	text = render(&empty, MLR_FORMAT_TEXT, false, true);
	assert_string_equal(text, "");
	free(text);
	mlr_score_dispose(&fx.result.score);
}

static void test_text_empty_result(void **state)
{
	(void)state;
	mlr_result empty = { 0 };
	mlr_score_compute(&empty);
	char *text = render(&empty, MLR_FORMAT_TEXT, false, false);
	assert_non_null(strstr(text, "(unknown), 0 files, 0 bytes\n"));
	assert_non_null(strstr(text, "n/a (nothing could be assessed)\n"));
	assert_non_null(strstr(text, "\nNo findings\n"));
	assert_no_trailing_blanks(text);
	free(text);
	mlr_score_dispose(&empty.score);
}

static const char hostile_message[] =
	"say \"hi\"\nnext\tline \x1b[31mred\x01 bad\xff\xc0\xafsur\xed\xa0\x80 \xe2\x80\xae end \xc3\xa9  ";

static void hostile_fixture(fixture *fx)
{
	fixture_init(fx);
	fx->findings[1].message = (char *)hostile_message;
	fx->findings[1].path = "we\nird\x1b.py";
	fx->notes[0].path = "bad\xfe.bin";
	fx->notes[0].message = "\x1b]0;title\x07";
}

static void test_text_escapes_hostile_text(void **state)
{
	(void)state;
	fixture fx;
	hostile_fixture(&fx);
	for (int color = 0; color < 2; color++) {
		char *text = render(&fx.result, MLR_FORMAT_TEXT, color, false);
		assert_non_null(strstr(text, "we\\nird\\x1b.py:3:5: "));
		assert_non_null(strstr(text, "say \"hi\"\\nnext\\tline \\x1b[31mred\\x01 bad"
			"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDsur\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
			" \\u202e end \xC3\xA9\n"));
		assert_non_null(strstr(text, "  bad\xEF\xBF\xBD.bin: \\x1b]0;title\\x07\n"));
		assert_null(strchr(text, '\x01'));
		assert_null(strchr(text, '\x07'));
		assert_null(strstr(text, "\xe2\x80\xae"));
		if (!color)
			assert_null(strchr(text, '\033'));
		assert_no_trailing_blanks(text);
		free(text);
	}
	mlr_score_dispose(&fx.result.score);
}

/* ---- JSON ---- */

static json_t *parse(const char *text)
{
	json_error_t err;
	json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &err);
	if (!root)
		fail_msg("invalid JSON at line %d: %s\n%s", err.line, err.text, text);
	return root;
}

static json_t *member(json_t *obj, const char *key, json_type type)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		fail_msg("missing key \"%s\"", key);
	if (json_typeof(v) != type)
		fail_msg("key \"%s\" has type %d, expected %d", key, (int)json_typeof(v), (int)type);
	return v;
}

static void member_number_or_null(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!v || !(json_is_number(v) || json_is_null(v)))
		fail_msg("key \"%s\" missing or not a number/null", key);
}

static void member_string_or_null(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!v || !(json_is_string(v) || json_is_null(v)))
		fail_msg("key \"%s\" missing or not a string/null", key);
}

static void test_json_structure(void **state)
{
	(void)state;
	fixture fx;
	fixture_init(&fx);
	char *text = render(&fx.result, MLR_FORMAT_JSON, false, false);
	size_t len = strlen(text);
	assert_true(len > 2 && text[len - 1] == '\n' && text[len - 2] == '}');
	assert_true(strncmp(text, "{\n  \"schema_version\": 1,\n", 25) == 0);
	assert_before(text, "\"schema_version\"", "\"tool\"");
	assert_before(text, "\"tool\"", "\"root\"");
	assert_before(text, "\"bytes\"", "\"score\"");
	assert_before(text, "\n  \"score\"", "\n  \"ml_test_score\"");
	assert_before(text, "\n  \"ml_test_score\"", "\n  \"findings\"");
	assert_before(text, "\"findings\"", "\"kpis\"");
	assert_before(text, "\"kpis\"", "\"rules\"");
	assert_before(text, "\"rules\"", "\"notes\"");

	json_t *root = parse(text);
	assert_int_equal(json_integer_value(member(root, "schema_version", JSON_INTEGER)), MLR_JSON_SCHEMA_VERSION);
	json_t *tool = member(root, "tool", JSON_OBJECT);
	assert_string_equal(json_string_value(member(tool, "name", JSON_STRING)), "mlready");
	assert_string_equal(json_string_value(member(tool, "version", JSON_STRING)), MLR_VERSION);
	assert_string_equal(json_string_value(member(root, "root", JSON_STRING)), "/repo");
	assert_string_equal(json_string_value(member(root, "source", JSON_STRING)), "worktree");
	assert_int_equal(json_integer_value(member(root, "files", JSON_INTEGER)), 5);
	assert_int_equal(json_integer_value(member(root, "bytes", JSON_INTEGER)), 3 * 1024 * 1024);

	json_t *score = member(root, "score", JSON_OBJECT);
	json_t *overall = member(score, "overall", JSON_REAL);
	assert_true(json_real_value(overall) == 40.0);
	assert_true(json_is_true(member(score, "capped", JSON_TRUE)));
	assert_true(json_number_value(json_object_get(score, "cap")) == 40.0);
	json_t *cats = member(score, "categories", JSON_ARRAY);
	assert_int_equal(json_array_size(cats), MLR_CAT_LAST);
	size_t i;
	json_t *v;
	json_array_foreach(cats, i, v) {
		member(v, "id", JSON_STRING);
		member(v, "name", JSON_STRING);
		member(v, "responsibility", JSON_STRING);
		member_number_or_null(v, "score");
		json_t *losses = member(v, "losses", JSON_ARRAY);
		size_t j;
		json_t *l;
		json_array_foreach(losses, j, l) {
			member(l, "rule_id", JSON_STRING);
			member(l, "rule_name", JSON_STRING);
			member(l, "findings", JSON_INTEGER);
			member(l, "points", JSON_REAL);
			member_string_or_null(l, "fix");
			member(l, "earn_back", JSON_STRING);
		}
		assert_true(json_number_value(member(v, "weight", JSON_REAL)) == 1.0);
	}
	assert_string_equal(json_string_value(member(score, "profile", JSON_STRING)), "default");
	json_t *security = json_array_get(cats, MLR_CAT_SECURITY - 1);
	assert_string_equal(json_string_value(json_object_get(security, "id")), "security");
	json_t *top = json_array_get(json_object_get(security, "losses"), 0);
	assert_string_equal(json_string_value(json_object_get(top, "rule_id")), "MLR201");
	assert_int_equal(json_integer_value(json_object_get(top, "findings")), 2);
	assert_string_equal(json_string_value(json_object_get(top, "fix")), "read it from the environment");
	assert_string_equal(json_string_value(json_object_get(top, "earn_back")),
		"fix all 2 findings: read it from the environment");
	/* Scores are rounded to one decimal. */
	double s = json_real_value(json_object_get(security, "score"));
	assert_true(s * 10.0 == (double)(long)(s * 10.0 + 0.5) || s * 10.0 == (double)(long)(s * 10.0));
	assert_true(json_is_null(json_object_get(json_array_get(cats, MLR_CAT_DATA_QUALITY - 1), "score")));

	json_t *findings = member(root, "findings", JSON_ARRAY);
	assert_int_equal(json_array_size(findings), 6);
	json_array_foreach(findings, i, v) {
		member(v, "rule_id", JSON_STRING);
		member(v, "rule_name", JSON_STRING);
		member(v, "category", JSON_STRING);
		member(v, "severity", JSON_STRING);
		member_string_or_null(v, "path");
		member(v, "line", JSON_INTEGER);
		member(v, "column", JSON_INTEGER);
		member(v, "message", JSON_STRING);
		const char *fp = json_string_value(member(v, "fingerprint", JSON_STRING));
		assert_int_equal(strlen(fp), 16);
		assert_int_equal(strspn(fp, "0123456789abcdef"), 16);
		assert_true(json_is_boolean(json_object_get(v, "blocking")));
		/* cell only inside a notebook */
		assert_int_equal(json_object_get(v, "cell") != NULL, fx.result.findings[i].cell != 0);
	}
	json_t *repo = json_array_get(findings, 0);
	assert_true(json_is_null(json_object_get(repo, "path")));
	assert_string_equal(json_string_value(json_object_get(repo, "category")), "testing");
	assert_string_equal(json_string_value(json_object_get(repo, "severity")), "error");
	json_t *secret = json_array_get(findings, 2);
	assert_string_equal(json_string_value(json_object_get(secret, "fingerprint")), "0123456789abcdef");
	assert_true(json_is_true(json_object_get(secret, "blocking")));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(findings, 4), "cell")), 3);

	json_t *kpis = member(root, "kpis", JSON_ARRAY);
	assert_int_equal(json_array_size(kpis), 2);
	json_array_foreach(kpis, i, v) {
		member(v, "rule_id", JSON_STRING);
		member(v, "key", JSON_STRING);
		member(v, "label", JSON_STRING);
		member(v, "numerator", JSON_INTEGER);
		member(v, "denominator", JSON_INTEGER);
		member_number_or_null(v, "ratio");
		member(v, "target", JSON_REAL);
		member(v, "scored_target", JSON_REAL);
	}

	json_t *mt = member(root, "ml_test_score", JSON_OBJECT);
	member_number_or_null(mt, "score");
	member_string_or_null(mt, "band");
	json_t *sections = member(mt, "sections", JSON_ARRAY);
	assert_int_equal(json_array_size(sections), 4);
	size_t tests = 0;
	json_array_foreach(sections, i, v) {
		member(v, "id", JSON_STRING);
		member(v, "name", JSON_STRING);
		member_number_or_null(v, "score");
		member(v, "scored", JSON_INTEGER);
		json_t *t = member(v, "tests", JSON_ARRAY);
		assert_int_equal(json_array_size(t), 7);
		size_t j;
		json_t *item;
		json_array_foreach(t, j, item) {
			member(item, "id", JSON_STRING);
			member(item, "title", JSON_STRING);
			member(item, "status", JSON_STRING);
			member_number_or_null(item, "points");
			member_string_or_null(item, "basis");
			member(item, "note", JSON_STRING);
			tests++;
		}
	}
	assert_int_equal(tests, 28);
	assert_string_equal(json_string_value(json_object_get(json_array_get(sections, 0), "id")), "data");
	double ratio = json_real_value(json_object_get(json_array_get(kpis, 0), "ratio"));
	assert_true(ratio > 0.7777 && ratio < 0.7778);
	assert_true(json_is_null(json_object_get(json_array_get(kpis, 1), "ratio")));

	json_t *rules = member(root, "rules", JSON_ARRAY);
	assert_int_equal(json_array_size(rules), 6);
	json_array_foreach(rules, i, v) {
		member(v, "id", JSON_STRING);
		member(v, "name", JSON_STRING);
		assert_true(json_is_boolean(json_object_get(v, "assessed")));
	}
	json_t *notes = member(root, "notes", JSON_ARRAY);
	assert_int_equal(json_array_size(notes), 1);
	member_string_or_null(json_array_get(notes, 0), "path");
	member(json_array_get(notes, 0), "message", JSON_STRING);

	json_decref(root);
	free(text);
	mlr_score_dispose(&fx.result.score);
}

static void test_json_nothing_assessed(void **state)
{
	(void)state;
	mlr_result empty = { 0 };
	mlr_score_compute(&empty);
	char *text = render(&empty, MLR_FORMAT_JSON, false, false);
	json_t *root = parse(text);
	assert_true(json_is_null(json_object_get(root, "root")));
	json_t *score = json_object_get(root, "score");
	assert_true(json_is_null(json_object_get(score, "overall")));
	assert_true(json_is_false(json_object_get(score, "capped")));
	json_t *cats = json_object_get(score, "categories");
	assert_int_equal(json_array_size(cats), MLR_CAT_LAST);
	assert_true(json_is_null(json_object_get(json_array_get(cats, 0), "score")));
	assert_int_equal(json_array_size(json_object_get(root, "findings")), 0);
	json_decref(root);
	free(text);
	mlr_score_dispose(&empty.score);
}

static void test_json_escapes_hostile_text(void **state)
{
	(void)state;
	fixture fx;
	hostile_fixture(&fx);
	char *text = render(&fx.result, MLR_FORMAT_JSON, false, false);
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if (*p < 0x20 && *p != '\n')
			fail_msg("raw control byte 0x%02x in JSON output", *p);
	json_t *root = parse(text);
	json_t *f = json_array_get(json_object_get(root, "findings"), 1);
	assert_string_equal(json_string_value(json_object_get(f, "message")),
		"say \"hi\"\nnext\tline \x1b[31mred\x01 bad\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDsur"
		"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xe2\x80\xae end \xc3\xa9  ");
	assert_string_equal(json_string_value(json_object_get(f, "path")), "we\nird\x1b.py");
	json_t *n = json_array_get(json_object_get(root, "notes"), 0);
	assert_string_equal(json_string_value(json_object_get(n, "path")), "bad\xEF\xBF\xBD.bin");
	json_decref(root);
	free(text);
	mlr_score_dispose(&fx.result.score);
}

static void test_deterministic_bytes(void **state)
{
	(void)state;
	for (int format = MLR_FORMAT_TEXT; format <= MLR_FORMAT_BADGE; format++) {
		fixture a, b;
		fixture_init(&a);
		fixture_init(&b);
		char *x = render(&a.result, (mlr_format)format, true, false);
		char *y = render(&b.result, (mlr_format)format, true, false);
		assert_string_equal(x, y);
		free(x);
		free(y);
		mlr_score_dispose(&a.result.score);
		mlr_score_dispose(&b.result.score);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_write_errors),
		cmocka_unit_test(test_text_grouping_and_order),
		cmocka_unit_test(test_text_profile),
		cmocka_unit_test(test_text_color),
		cmocka_unit_test(test_text_quiet),
		cmocka_unit_test(test_text_empty_result),
		cmocka_unit_test(test_text_escapes_hostile_text),
		cmocka_unit_test(test_json_structure),
		cmocka_unit_test(test_json_nothing_assessed),
		cmocka_unit_test(test_json_escapes_hostile_text),
		cmocka_unit_test(test_deterministic_bytes),
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
