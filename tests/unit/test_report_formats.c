/* The SARIF, Markdown, GitHub, JUnit, HTML and badge reporters, on hand-built results.
 * (The e2e script tests/e2e/formats.sh validates the same formats with the real
 * validators: the SARIF multitool, a JSON Schema validator, an XML parser, Chromium.) */
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
#include "report/report.h"
#include "report/utf16.h"
#include "score/score.h"

static const mlr_rule rule_tests = { .id = "MLR101", .name = "missing-tests",
	.category = MLR_CAT_TESTING, .severity = MLR_SEV_ERROR, .weight = 10,
	.summary = "No tests.", .fix = "add tests under tests/", .doc_what = "Looks for\ntests.\n\n- one\n- two\n",
	.doc_why = "Tests catch bugs.\n", .doc_example = "def f():\n    pass\n", .doc_instead = "Write tests.\n" };
static const mlr_rule rule_secret = { .id = "MLR201", .name = "hardcoded-secret",
	.category = MLR_CAT_SECURITY, .severity = MLR_SEV_ERROR, .weight = 10,
	.summary = "A credential is written in the repository.", .fix = "read it from the environment" };
static const mlr_rule rule_pickle = { .id = "MLR202", .name = "unsafe-pickle",
	.category = MLR_CAT_SECURITY, .severity = MLR_SEV_WARNING, .weight = 5, .fix = "use safetensors" };
static const mlr_rule rule_track = { .id = "MLR302", .name = "untracked-training",
	.category = MLR_CAT_REPRODUCIBILITY, .severity = MLR_SEV_WARNING, .weight = 5 };
static const mlr_rule rule_nb = { .id = "MLR801", .name = "notebook-outputs",
	.category = MLR_CAT_HYGIENE, .severity = MLR_SEV_NOTE, .weight = 2, .fix = "clear outputs" };

typedef struct {
	mlr_rule_status rules[5];
	mlr_finding findings[5];
	mlr_kpi kpis[1];
	mlr_note notes[1];
	mlr_result result;
} fixture;

static void fixture_init(fixture *fx)
{
	memset(fx, 0, sizeof(*fx));
	const mlr_rule *rules[] = { &rule_tests, &rule_secret, &rule_pickle, &rule_track, &rule_nb };
	for (size_t i = 0; i < 5; i++)
		fx->rules[i] = (mlr_rule_status){ rules[i], true };
	fx->rules[3].assessed = false;
	fx->findings[0] = (mlr_finding){ .rule = &rule_tests, .severity = MLR_SEV_ERROR,
		.message = "no tests found", .fingerprint = 0x1 };
	fx->findings[1] = (mlr_finding){ .rule = &rule_pickle, .severity = MLR_SEV_WARNING,
		.path = "src/my model,v2.py", .line = 3, .column = 5, .message = "pickle.load: 100% unsafe",
		.fingerprint = 0xabcdef };
	fx->findings[2] = (mlr_finding){ .rule = &rule_secret, .severity = MLR_SEV_ERROR, .path = "a.py",
		.line = 20, .column = 9, .column_utf16 = 7, .message = "AWS key AKIA**** (20 chars)",
		.fingerprint = 0x0123456789abcdefULL, .blocking = true };
	fx->findings[3] = (mlr_finding){ .rule = &rule_nb, .severity = MLR_SEV_NOTE, .path = "nb.ipynb",
		.line = 2, .column = 5, .cell = 3, .message = "cell has outputs", .fingerprint = 0x42 };
	fx->findings[4] = (mlr_finding){ .rule = &rule_secret, .severity = MLR_SEV_ERROR, .path = "b.py",
		.line = 1, .column = 1, .message = "token ghp_*** (40 chars)", .fingerprint = 0x77 };
	fx->kpis[0] = (mlr_kpi){ &rule_tests, "test_files_per_module", "test files per source module", 1, 4, 0.5 };
	fx->notes[0] = (mlr_note){ "big.bin", "larger than 1 MiB: skipped" };
	fx->result = (mlr_result){ .root = "/work/my repo", .source = "worktree", .file_count = 5,
		.byte_count = 4096, .findings = fx->findings, .finding_count = 5, .notes = fx->notes,
		.note_count = 1, .kpis = fx->kpis, .kpi_count = 1, .rules = fx->rules, .rule_count = 5 };
	mlr_score_compute(&fx->result);
}

static char *render(const mlr_result *r, mlr_format format)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_int_equal(mlr_report_write(f, format, r, NULL), 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(strlen(text), len);
	return text;
}

static void assert_before(const char *text, const char *first, const char *second)
{
	const char *a = strstr(text, first), *b = strstr(text, second);
	if (!a || !b || a >= b)
		fail_msg("expected \"%s\" before \"%s\" in:\n%s", first, second, text);
}

static json_t *parse(const char *text)
{
	json_error_t err;
	json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &err);
	if (!root)
		fail_msg("invalid JSON at line %d: %s", err.line, err.text);
	return root;
}

/* ---- helpers ---- */

static void test_utf16_column(void **state)
{
	(void)state;
	assert_int_equal(mlr_utf16_column("abc = 1", 7, 5), 5);
	/* "é" is two bytes, one UTF-16 unit. */
	assert_int_equal(mlr_utf16_column("x = \"\xC3\xA9\" + k", 13, 9), 8);
	/* An emoji is four bytes and two UTF-16 units (a surrogate pair). */
	assert_int_equal(mlr_utf16_column("\xF0\x9F\x94\x91 = k", 8, 8), 6);
	/* A CJK character: three bytes, one unit. */
	assert_int_equal(mlr_utf16_column("\xE4\xB8\xAD=k", 5, 5), 3);
	/* Invalid bytes count one unit each, as U+FFFD would. */
	assert_int_equal(mlr_utf16_column("\xFF\xFE=k", 4, 4), 4);
	/* A truncated sequence at the end of the line does not read past it. */
	assert_int_equal(mlr_utf16_column("ab\xF0\x9F", 4, 5), 5);
	assert_int_equal(mlr_utf16_column(NULL, 0, 9), 9);
	assert_int_equal(mlr_utf16_column("abc", 3, 0), 0);
	/* Past the end of the line: the rest counts as bytes. */
	assert_int_equal(mlr_utf16_column("\xC3\xA9", 2, 5), 4);
}

static void test_utf16_fill(void **state)
{
	(void)state;
	static const char data[] = "x = 1\n\xC3\xA9\xC3\xA9 = k\r\n\xF0\x9F\x94\x91 k\n";
	mlr_finding f[] = {
		{ .line = 2, .column = 8 },           /* after two two-byte characters */
		{ .line = 1, .column = 5 },           /* ASCII: unchanged */
		{ .line = 3, .column = 6 },           /* after an emoji: a surrogate pair */
		{ .line = 2, .column = 1, .cell = 2 }, /* notebook: left alone */
		{ .line = 0 },                        /* whole file */
		{ .line = 9, .column = 3 },           /* past the end of the data */
	};
	mlr_utf16_fill_columns(f, 6, data, sizeof(data) - 1);
	assert_int_equal(f[0].column_utf16, 6);
	assert_int_equal(f[1].column_utf16, 5);
	assert_int_equal(f[2].column_utf16, 4);
	assert_int_equal(f[3].column_utf16, 0);
	assert_int_equal(f[4].column_utf16, 0);
	assert_int_equal(f[5].column_utf16, 0);
	mlr_utf16_fill_columns(NULL, 0, data, 1);
	mlr_utf16_fill_columns(f, 6, NULL, 0);
}

static void test_xml_escape(void **state)
{
	(void)state;
	mlr_buf b = MLR_BUF_INIT;
	mlr_report_put_xml(&b, "<a href=\"x\">&'</a>\x1b[31m\x01\xff");
	assert_string_equal(mlr_buf_cstr(&b),
		"&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;\\x1b[31m\\x01\xEF\xBF\xBD");
	mlr_report_put_xml(&b, NULL);
	mlr_buf_dispose(&b);
}

static void test_order_worst_first(void **state)
{
	(void)state;
	fixture fx;
	fixture_init(&fx);
	mlr_report_items items = { 0 };
	assert_int_equal(mlr_report_order(&items, &fx.result, false), 0);
	assert_int_equal(items.len, 5);
	/* Blocking first, then errors (more points first), warnings, notes. */
	assert_ptr_equal(items.items[0].finding, &fx.findings[2]);
	assert_int_equal(items.items[1].finding->severity, MLR_SEV_ERROR);
	assert_int_equal(items.items[2].finding->severity, MLR_SEV_ERROR);
	assert_ptr_equal(items.items[3].finding, &fx.findings[1]);
	assert_ptr_equal(items.items[4].finding, &fx.findings[3]);
	/* Same severity: the rule that cost more points comes first. */
	assert_true(items.items[1].rule_points >= items.items[2].rule_points);
	mlr_array_delete(&items);
	mlr_score_dispose(&fx.result.score);
}

/* ---- SARIF ---- */

static json_t *sarif_rule(json_t *rules, const char *id)
{
	size_t i;
	json_t *r;
	json_array_foreach(rules, i, r)
		if (strcmp(json_string_value(json_object_get(r, "id")), id) == 0)
			return r;
	fail_msg("no SARIF rule %s", id);
	return NULL;
}

static void test_sarif(void **state)
{
	(void)state;
	fixture fx;
	fixture_init(&fx);
	char *text = render(&fx.result, MLR_FORMAT_SARIF);
	json_t *root = parse(text);

	assert_string_equal(json_string_value(json_object_get(root, "version")), "2.1.0");
	assert_non_null(strstr(json_string_value(json_object_get(root, "$schema")), "sarif-2.1.0"));
	json_t *run = json_array_get(json_object_get(root, "runs"), 0);
	assert_non_null(run);
	assert_string_equal(json_string_value(json_object_get(run, "columnKind")), "utf16CodeUnits");
	json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
	assert_string_equal(json_string_value(json_object_get(driver, "name")), "mlready");
	json_t *rules = json_object_get(driver, "rules");
	/* The run's rules (the result lists every built-in rule in a real run). */
	assert_int_equal(json_array_size(rules), 5);

	json_t *tests = sarif_rule(rules, "MLR101");
	assert_string_equal(json_string_value(json_object_get(json_object_get(tests, "shortDescription"), "text")),
		"No tests.");
	/* Hard-wrapped docs become paragraphs; list items keep their lines. */
	assert_string_equal(json_string_value(json_object_get(json_object_get(tests, "fullDescription"), "text")),
		"Looks for tests.\n\n- one\n- two");
	json_t *help = json_object_get(tests, "help");
	assert_non_null(strstr(json_string_value(json_object_get(help, "text")), "Why it matters:\nTests catch bugs."));
	const char *md = json_string_value(json_object_get(help, "markdown"));
	assert_non_null(strstr(md, "## Example\n\n```python\ndef f():\n    pass\n```"));
	assert_non_null(strstr(md, "**Fix:** add tests under tests/"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(tests, "defaultConfiguration"), "level")),
		"error");
	/* Security rules carry security-severity and the "security" tag; others do not. */
	json_t *secret_props = json_object_get(sarif_rule(rules, "MLR201"), "properties");
	assert_string_equal(json_string_value(json_object_get(secret_props, "security-severity")), "8.0");
	assert_string_equal(json_string_value(json_array_get(json_object_get(secret_props, "tags"), 0)), "security");
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(sarif_rule(rules, "MLR202"), "properties"), "security-severity")), "5.0");
	assert_null(json_object_get(json_object_get(tests, "properties"), "security-severity"));

	json_t *results = json_object_get(run, "results");
	assert_int_equal(json_array_size(results), 5);
	size_t i;
	json_t *res;
	json_array_foreach(results, i, res) {
		/* ruleIndex points at the rule the result names. */
		json_t *r = json_array_get(rules, (size_t)json_integer_value(json_object_get(res, "ruleIndex")));
		assert_string_equal(json_string_value(json_object_get(r, "id")),
			json_string_value(json_object_get(res, "ruleId")));
		assert_int_equal(json_array_size(json_object_get(res, "locations")), 1);
	}
	/* Repository level: the root, no region. */
	json_t *repo = json_array_get(results, 0);
	json_t *phys = json_object_get(json_array_get(json_object_get(repo, "locations"), 0), "physicalLocation");
	assert_string_equal(json_string_value(json_object_get(json_object_get(phys, "artifactLocation"), "uri")), "./");
	assert_null(json_object_get(phys, "region"));
	/* A path with a space and a comma is percent-encoded; a warning is "warning". */
	json_t *pickle = json_array_get(results, 1);
	assert_string_equal(json_string_value(json_object_get(pickle, "level")), "warning");
	phys = json_object_get(json_array_get(json_object_get(pickle, "locations"), 0), "physicalLocation");
	json_t *art = json_object_get(phys, "artifactLocation");
	assert_string_equal(json_string_value(json_object_get(art, "uri")), "src/my%20model%2Cv2.py");
	assert_string_equal(json_string_value(json_object_get(art, "uriBaseId")), "%SRCROOT%");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(phys, "region"), "startLine")), 3);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(phys, "region"), "startColumn")), 5);
	/* The engine's UTF-16 column wins over the byte column; fingerprints are the
	 * finding's own. */
	json_t *secret = json_array_get(results, 2);
	phys = json_object_get(json_array_get(json_object_get(secret, "locations"), 0), "physicalLocation");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(phys, "region"), "startColumn")), 7);
	assert_string_equal(json_string_value(json_object_get(json_object_get(secret, "partialFingerprints"),
		"mlreadyFingerprint/v1")), "0123456789abcdef");
	assert_true(json_is_true(json_object_get(json_object_get(secret, "properties"), "blocking")));
	/* A notebook line is relative to its cell: said in the message, no region. */
	json_t *nb = json_array_get(results, 3);
	assert_string_equal(json_string_value(json_object_get(nb, "level")), "note");
	assert_string_equal(json_string_value(json_object_get(json_object_get(nb, "message"), "text")),
		"cell 3, line 2: cell has outputs");
	phys = json_object_get(json_array_get(json_object_get(nb, "locations"), 0), "physicalLocation");
	assert_null(json_object_get(phys, "region"));
	/* The root as an absolute file URI, percent-encoded, ending in '/'. */
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(run,
		"originalUriBaseIds"), "%SRCROOT%"), "uri")), "file:///work/my%20repo/");
	/* Notes are tool notifications. */
	json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);
	assert_true(json_is_true(json_object_get(inv, "executionSuccessful")));
	assert_int_equal(json_array_size(json_object_get(inv, "toolExecutionNotifications")), 1);

	json_decref(root);
	free(text);

	/* A relative root is not turned into a guess. */
	fx.result.root = "relative/dir";
	text = render(&fx.result, MLR_FORMAT_SARIF);
	root = parse(text);
	assert_null(json_object_get(json_array_get(json_object_get(root, "runs"), 0), "originalUriBaseIds"));
	json_decref(root);
	free(text);
	mlr_score_dispose(&fx.result.score);
}

/* ---- GitHub workflow commands ---- */

static void test_github(void **state)
{
	(void)state;
	fixture fx;
	fixture_init(&fx);
	fx.findings[4].message = "two\nlines\r, 50% : done";
	char *text = render(&fx.result, MLR_FORMAT_GITHUB);

	/* Worst first: the blocking secret leads. */
	assert_true(strncmp(text, "::error file=a.py,line=20,col=7,title=MLR201 hardcoded-secret::AWS key", 70) == 0);
	/* Property values escape ':' and ','; the message escapes '%' (and newlines are
	 * already shown as visible escapes, so no raw CR or LF reaches the log). */
	assert_non_null(strstr(text, "::warning file=src/my model%2Cv2.py,line=3,col=5,title=MLR202 unsafe-pickle::"
		"pickle.load: 100%25 unsafe%0Afix: use safetensors\n"));
	assert_non_null(strstr(text, "::error file=b.py,line=1,col=1,title=MLR201 hardcoded-secret::"
		"two\\nlines\\r, 50%25 : done%0Afix: read it from the environment\n"));
	/* Repository level: no file; notebooks: no line, the cell in the message. */
	assert_non_null(strstr(text, "::error title=MLR101 missing-tests::no tests found%0Afix: add tests under tests/\n"));
	assert_non_null(strstr(text, "::notice file=nb.ipynb,title=MLR801 notebook-outputs::cell 3 line 2: cell has outputs"));
	assert_before(text, "::error", "::warning");
	assert_before(text, "::warning", "::notice");
	assert_non_null(strstr(text, "\nmlready: readiness 40.0/100 (capped at 40 by a blocking finding), 5 findings\n"));
	/* Every line is one command or the closing line: nothing else can start one. */
	size_t lines = 0;
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 6);
	free(text);
	mlr_score_dispose(&fx.result.score);
}

/* ---- Markdown ---- */

static void test_markdown(void **state)
{
	(void)state;
	fixture fx;
	fixture_init(&fx);
	fx.findings[4].message = "ping @admin see #12 <img src=x> | `code` [link](http://x)";
	char *text = render(&fx.result, MLR_FORMAT_MARKDOWN);

	assert_true(strncmp(text, "## mlready: ML readiness 40.0/100\n", 34) == 0);
	assert_non_null(strstr(text, "**Capped at 40**"));
	assert_non_null(strstr(text, "| Category | Score | | Top loss |\n|---|---:|---|---|\n"));
	assert_non_null(strstr(text, "| Security & privacy | "));
	assert_null(strstr(text, "| Change (PR mode) |"));
	assert_non_null(strstr(text, "| **Overall** | **40.0** | | |\n"));
	assert_non_null(strstr(text, "**ML Test Score** (Breck et al. 2017): "));
	assert_non_null(strstr(text, "<details><summary>The rubric's 28 tests</summary>"));
	assert_non_null(strstr(text, "<details><summary>Points lost, and what earns them back</summary>"));
	assert_before(text, "| `MLR201` | Security & privacy | fix all 2 findings", "| `MLR801` | Repository hygiene |");
	assert_non_null(strstr(text, "### Top findings\n"));
	/* Repository text cannot mention, link, inject HTML or break the table. */
	assert_null(strstr(text, "@admin"));
	assert_null(strstr(text, "<img"));
	assert_non_null(strstr(text, "ping &#64;admin see &#35;12 &lt;img src=x&gt; \\| \\`code\\` \\[link\\]\\(http://x\\)"));
	assert_non_null(strstr(text, "src/my model,v2.py:3:5"));
	free(text);
	mlr_score_dispose(&fx.result.score);
}

static void test_markdown_size_bound(void **state)
{
	(void)state;
	enum { N = 3000 };
	mlr_finding *many = calloc(N, sizeof(*many));
	char long_message[2000];
	assert_non_null(many);
	memset(long_message, 'x', sizeof(long_message) - 1);
	long_message[sizeof(long_message) - 1] = '\0';
	mlr_rule_status status = { &rule_pickle, true };
	for (size_t i = 0; i < N; i++)
		many[i] = (mlr_finding){ .rule = &rule_pickle, .severity = MLR_SEV_WARNING, .path = "src/x.py",
			.line = (uint32_t)i + 1, .column = 1, .message = i == 0 ? long_message : "pickle.load on a file" };
	mlr_result r = { .root = "/r", .findings = many, .finding_count = N, .rules = &status, .rule_count = 1 };
	mlr_score_compute(&r);
	char *text = render(&r, MLR_FORMAT_MARKDOWN);
	assert_true(strlen(text) <= 60000);
	assert_non_null(strstr(text, "<details><summary>All 3000 findings</summary>"));
	assert_non_null(strstr(text, " more not shown: the JSON or SARIF report lists every finding.\n"));
	/* The details close even when cut, and a long message is cut with an ellipsis. */
	assert_non_null(strstr(text, "\n</details>\n\n<sub>mlready"));
	assert_non_null(strstr(text, "xxx\xE2\x80\xA6 |"));
	assert_null(strstr(long_message, "\xE2\x80\xA6")); /* the input is untouched */
	free(text);
	mlr_score_dispose(&r.score);
	free(many);
}

/* ---- JUnit ---- */

static void test_junit(void **state)
{
	(void)state;
	fixture fx;
	fixture_init(&fx);
	fx.findings[4].message = "a <b> & \"c\"";
	char *text = render(&fx.result, MLR_FORMAT_JUNIT);

	assert_true(strncmp(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39) == 0);
	/* 5 rules: 3 failed (tests, secret, pickle, notebook: 4), 1 skipped (not assessed). */
	assert_non_null(strstr(text, "<testsuites name=\"mlready\" tests=\"5\" failures=\"4\" errors=\"0\" skipped=\"1\""));
	assert_non_null(strstr(text, "<testsuite name=\"mlready.security\" tests=\"2\" failures=\"2\" errors=\"0\" skipped=\"0\""));
	assert_non_null(strstr(text, "<testcase classname=\"mlready.reproducibility\" name=\"MLR302 untracked-training\" "
		"time=\"0\">\n      <skipped message="));
	/* One failure per finding: two for the secret rule. */
	const char *secret = strstr(text, "name=\"MLR201 hardcoded-secret\"");
	assert_non_null(secret);
	const char *end = strstr(secret, "</testcase>");
	size_t failures = 0;
	for (const char *p = secret; (p = strstr(p, "<failure ")) && p < end; p++)
		failures++;
	assert_int_equal(failures, 2);
	assert_non_null(strstr(text, "message=\"b.py:1:1: a &lt;b&gt; &amp; &quot;c&quot;\">"));
	assert_non_null(strstr(text, "\nfix: read it from the environment</failure>"));
	assert_non_null(strstr(text, "message=\"(repository): no tests found\""));
	assert_non_null(strstr(text, "nb.ipynb:cell 3:2:5: cell has outputs"));
	assert_true(strcmp(text + strlen(text) - 15, "</testsuites>\n\n") != 0);
	assert_non_null(strstr(text, "</testsuites>\n"));
	free(text);
	mlr_score_dispose(&fx.result.score);
}

/* ---- HTML ---- */

static void test_html(void **state)
{
	(void)state;
	fixture fx;
	fixture_init(&fx);
	fx.findings[4].message = "<script>alert(1)</script>";
	fx.findings[4].path = "x\" onmouseover=\"alert(1).py";
	char *text = render(&fx.result, MLR_FORMAT_HTML);

	assert_true(strncmp(text, "<!DOCTYPE html>\n", 16) == 0);
	assert_non_null(strstr(text, "Content-Security-Policy\" content=\"default-src 'none';"));
	/* Self-contained: nothing is loaded from anywhere. */
	assert_null(strstr(text, " src="));
	assert_null(strstr(text, " href="));
	assert_null(strstr(text, "url("));
	assert_null(strstr(text, "@import"));
	/* Repository text never becomes markup. */
	assert_null(strstr(text, "<script>alert"));
	assert_non_null(strstr(text, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(text, "x&quot; onmouseover=&quot;alert(1).py"));
	size_t scripts = 0;
	for (const char *p = text; (p = strstr(p, "<script")); p++)
		scripts++;
	assert_int_equal(scripts, 1);
	/* Score, chart, KPIs, losses, the rubric, a filterable table. */
	assert_non_null(strstr(text, "<span class=\"score poor\" id=\"overall\">40.0</span>/100"));
	assert_non_null(strstr(text, "<svg id=\"chart\""));
	assert_non_null(strstr(text, "<g data-cat=\"security\">"));
	assert_non_null(strstr(text, "<div class=\"kpis\" id=\"kpis\">"));
	assert_non_null(strstr(text, "test files per source module <code>MLR101</code></div><b>1/4</b> 25.0%, target 50%"));
	assert_non_null(strstr(text, "<table id=\"losses\">"));
	/* Losses largest first, whatever their category. */
	assert_before(text, "<code>MLR201</code> hardcoded-secret</td><td>Security", "<code>MLR801</code> notebook-outputs</td>");
	assert_non_null(strstr(text, "ML Test Score (Breck et al. 2017)"));
	assert_non_null(strstr(text, "<input id=\"q\" type=\"search\""));
	assert_non_null(strstr(text, "<tr data-sev=\"error\" data-cat=\"security\"><td class=\"sev-error\">error (blocking)</td>"));
	assert_non_null(strstr(text, "<p class=\"meta\" id=\"count\">5 findings</p>"));
	assert_non_null(strstr(text, "Capped at 40 by a blocking finding."));
	assert_non_null(strstr(text, "big.bin"));
	assert_true(strcmp(text + strlen(text) - 8, "</html>\n") == 0);
	free(text);
	mlr_score_dispose(&fx.result.score);
}

/* ---- badge ---- */

static void test_badge(void **state)
{
	(void)state;
	fixture fx;
	fixture_init(&fx);
	char *text = render(&fx.result, MLR_FORMAT_BADGE);
	assert_true(strncmp(text, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
	assert_non_null(strstr(text, "aria-label=\"ML readiness: 40\""));
	assert_non_null(strstr(text, "<title>ML readiness: 40 (capped by a blocking finding)</title>"));
	assert_non_null(strstr(text, "fill=\"#c62828\"")); /* poor: red */
	assert_non_null(strstr(text, ">40</text>"));
	free(text);

	/* 85.4 is good (green) and rounds to 85. */
	mlr_rule_status ok = { &rule_nb, true };
	mlr_finding nb = { .rule = &rule_nb, .severity = MLR_SEV_WARNING, .path = "n.ipynb" };
	mlr_result r = { .rules = &ok, .rule_count = 1, .findings = &nb, .finding_count = 1 };
	mlr_score_compute(&r);
	assert_true(r.score.overall > 60.0 && r.score.overall < 70.0);
	text = render(&r, MLR_FORMAT_BADGE);
	assert_non_null(strstr(text, "fill=\"#b26a00\"")); /* fair: amber */
	free(text);
	r.finding_count = 0;
	mlr_score_compute(&r);
	text = render(&r, MLR_FORMAT_BADGE);
	assert_non_null(strstr(text, "aria-label=\"ML readiness: 100\""));
	assert_non_null(strstr(text, "fill=\"#2e7d32\""));
	free(text);
	mlr_score_dispose(&r.score);

	mlr_result empty = { 0 };
	mlr_score_compute(&empty);
	text = render(&empty, MLR_FORMAT_BADGE);
	assert_non_null(strstr(text, "aria-label=\"ML readiness: n/a\""));
	assert_non_null(strstr(text, "fill=\"#9f9f9f\""));
	free(text);
	mlr_score_dispose(&empty.score);
	mlr_score_dispose(&fx.result.score);
}

/* Every format on an empty result, and on a result whose score was never computed. */
static void test_formats_on_empty_results(void **state)
{
	(void)state;
	for (int format = MLR_FORMAT_TEXT; format <= MLR_FORMAT_BADGE; format++) {
		mlr_result empty = { 0 };
		char *text = render(&empty, (mlr_format)format);
		assert_true(strlen(text) > 0 || format == MLR_FORMAT_TEXT);
		free(text);
		mlr_score_compute(&empty);
		text = render(&empty, (mlr_format)format);
		free(text);
		mlr_score_dispose(&empty.score);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf16_column),
		cmocka_unit_test(test_utf16_fill),
		cmocka_unit_test(test_xml_escape),
		cmocka_unit_test(test_order_worst_first),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_github),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_markdown_size_bound),
		cmocka_unit_test(test_junit),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_badge),
		cmocka_unit_test(test_formats_on_empty_results),
	};
	return cmocka_run_group_tests_name("report_formats", tests, NULL, NULL);
}
