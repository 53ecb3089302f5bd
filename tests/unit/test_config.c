/*
 * .mlready.yml: every problem the loader reports, with its line and column; what a loaded
 * config answers (selection, per-path ignores, excludes, severities, thresholds, trackers,
 * secret names); path patterns; custom rules from a directory; and the config applied by
 * mlr_lint end to end.
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

#include "core/buf.h"
#include "core/shown.h"
#include "engine/analyze.h"
#include "filter/config.h"
#include "filter/glob.h"

/* ------------------------------------------------------------------ helpers */

static void collect(void *payload, const char *path, size_t line, size_t column, const char *message)
{
	mlr_buf_printf(payload, "%s:%zu:%zu: %s\n", path, line, column, message);
}

/* Parses text as a config file; returns the problems, one per line ("" when it loaded). */
static char *problems_of(const char *text, const char *base_dir)
{
	mlr_buf out = MLR_BUF_INIT;
	mlr_diag d = { collect, &out, 0 };
	mlr_config *cfg = NULL;
	int rc = mlr_config_parse(&cfg, &d, ".mlready.yml", text, strlen(text), base_dir);
	if (rc == 0) {
		assert_int_equal(d.count, 0);
		assert_non_null(cfg);
	} else {
		assert_true(rc == MLR_ECONFIG || rc == MLR_ERULE);
		assert_null(cfg);
		assert_true(d.count > 0);
	}
	mlr_config_free(cfg);
	mlr_buf_putc(&out, '\0');
	return mlr_buf_detach(&out);
}

/* The config must be rejected with this exact problem among its problems. */
static void expect_problem(const char *text, const char *want)
{
	char *got = problems_of(text, ".");
	if (!strstr(got, want))
		fail_msg("expected '%s' in:\n%s", want, got);
	free(got);
}

static mlr_config *load_ok(const char *text)
{
	mlr_buf out = MLR_BUF_INIT;
	mlr_diag d = { collect, &out, 0 };
	mlr_config *cfg = NULL;
	int rc = mlr_config_parse(&cfg, &d, ".mlready.yml", text, strlen(text), ".");
	if (rc != 0)
		fail_msg("config did not load:\n%s", mlr_buf_cstr(&out));
	mlr_buf_dispose(&out);
	return cfg;
}

static const mlr_rule *rule(const char *id)
{
	const mlr_rule *r = mlr_rule_find(id);
	assert_non_null(r);
	return r;
}

/* ------------------------------------------------------------------ problems */

static void test_empty_and_minimal_configs_load(void **state)
{
	(void)state;
	const char *ok[] = { "", "---\n", "# only a comment\n", "profile: production\n",
		"select: MLR2\n", "ignore: []\n" };
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		char *got = problems_of(ok[i], ".");
		if (*got)
			fail_msg("'%s' should load, got:\n%s", ok[i], got);
		free(got);
	}
}

static void test_yaml_problems(void **state)
{
	(void)state;
	expect_problem("select: [MLR2\nignore: x\n", ".mlready.yml:2:7: invalid YAML:");
	expect_problem("profile: a\n---\nprofile: b\n", ".mlready.yml:2:1: one configuration per file");
	expect_problem("- select\n- ignore\n", ".mlready.yml:1:1: the configuration must be a mapping, not a list");
	expect_problem("? [a]\n: 1\n", ".mlready.yml:1:3: keys of the configuration must be strings");
	expect_problem("select: [MLR2]\nselect: [MLR3]\n", ".mlready.yml:2:1: duplicate key 'select'");
	expect_problem("ignore: [\"a\\0b\"]\n", ".mlready.yml:1:10: 'ignore' contains a NUL byte");
	expect_problem("bad: \"\\xff\"\nprofile: [\n", ".mlready.yml:3:1: invalid YAML");
}

static void test_unknown_keys(void **state)
{
	(void)state;
	expect_problem("profile: production\nselct: [MLR2]\n", ".mlready.yml:2:1: unknown key 'selct' (did you mean 'select'?)");
	expect_problem("color: true\n", ".mlready.yml:1:1: unknown key 'color' (expected profile, min-score");
	expect_problem("rules:\n  MLR101:\n    targte: 0.5\n",
		".mlready.yml:3:5: unknown threshold 'targte' for MLR101 (expected target");
	/* a threshold some rule has, given to a rule that does not read it */
	expect_problem("rules:\n  MLR101: {days: 30}\n",
		".mlready.yml:2:12: rules: MLR101 has no 'days' threshold (MLR407 do)");
	expect_problem("rules:\n  MLR407: {commits: 0}\n",
		".mlready.yml:2:21: 'commits' of MLR407 must be a number from 1 to");
}

static void test_bad_values(void **state)
{
	(void)state;
	expect_problem("profile: staging\n", ".mlready.yml:1:10: unknown profile 'staging' (expected default, prototype or production)");
	expect_problem("profile: [production]\n", ".mlready.yml:1:10: 'profile' must be a string, not a list");
	expect_problem("min-score: 101\n", ".mlready.yml:1:12: 'min-score' must be a number from 0 to 100 (got '101')");
	expect_problem("min-score: \"70\"\n", ".mlready.yml:1:12: 'min-score' must be a number from 0 to 100");
	expect_problem("min-score: high\n", ".mlready.yml:1:12: 'min-score' must be a number from 0 to 100 (got 'high')");
	expect_problem("fail-on: critical\n", ".mlready.yml:1:10: 'fail-on' must be error, warning, note or never (got 'critical')");
	expect_problem("select:\n  - MLR2\n  - {a: b}\n", ".mlready.yml:3:5: 'select' must be a string, not a mapping");
	expect_problem("select: {a: b}\n", ".mlready.yml:1:9: 'select' must be a list of strings, not a mapping");
	expect_problem("ignore: [\"\"]\n", ".mlready.yml:1:10: 'ignore' is empty");
	expect_problem("severity:\n  MLR201: fatal\n", ".mlready.yml:2:11: severity of 'MLR201' must be error, warning or note (got 'fatal')");
	expect_problem("severity: [MLR201]\n", ".mlready.yml:1:11: 'severity' must be a mapping, not a list");
	expect_problem("rules:\n  MLR101: 0.5\n", ".mlready.yml:2:11: 'rules.MLR101' must be a mapping, not a string");
	expect_problem("rules:\n  MLR101: {target: 1.5}\n", ".mlready.yml:2:20: 'target' of MLR101 must be a number from 0 to 1 (got '1.5')");
	expect_problem("custom-rules: [a, b]\n", ".mlready.yml:1:15: 'custom-rules' must be a string, not a list");
}

static void test_selector_problems(void **state)
{
	(void)state;
	expect_problem("select: [MLR2, MLR999]\n", ".mlready.yml:1:16: select: no rule MLR999 (mlready rules lists them)");
	expect_problem("ignore:\n  - hardcoded-secrets\n",
		".mlready.yml:2:5: ignore: 'hardcoded-secrets' is not a rule id, rule name, category or id prefix");
	expect_problem("ignore: [ORG]\n", ".mlready.yml:1:10: ignore: no rule id starts with 'ORG'");
	expect_problem("per-path-ignores:\n  \"tests/**\": [MLR201, bogus]\n",
		".mlready.yml:2:24: per-path-ignores: 'bogus' is not a rule id");
	expect_problem("severity:\n  secrity: note\n", ".mlready.yml:2:3: severity: 'secrity' is not a rule id");
	expect_problem("rules:\n  MLR777: {target: 0.5}\n", ".mlready.yml:2:3: rules: no rule 'MLR777'");
	expect_problem("rules:\n  MLR201: {target: 0.5}\n",
		".mlready.yml:2:12: rules: MLR201 reports no KPI, so it has no 'target'");
	/* a category's range may hold no rule yet: not a typo */
	char *got = problems_of("select: [MLR6, MLR69, all, security, hardcoded-secret, mlr201]\n", ".");
	assert_string_equal(got, "");
	free(got);
}

/* .mlready.yml is the repository's text: a credential pasted into it must not reach a CI
 * log through a diagnostic. Id-, name- and path-shaped values are still quoted. */
static void test_values_quoted_only_when_safe(void **state)
{
	(void)state;
	expect_problem("select: [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]\n",
		".mlready.yml:1:10: select: <value not shown: 37 bytes> is not a rule id");
	expect_problem("ignore: [AKIAMLREADYFIXTURE23]\n",
		".mlready.yml:1:10: ignore: no rule id starts with <value not shown: 20 bytes>");
	expect_problem("fail-on: ghp_MlreadyFixtureNotARealGithubToken0a1\n",
		".mlready.yml:1:10: 'fail-on' must be error, warning, note or never (got <value not shown: 40 bytes>)");
	expect_problem("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: 1\n",
		".mlready.yml:1:1: unknown key <value not shown: 37 bytes> (expected");
	expect_problem("rules:\n  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: {target: 0.5}\n",
		".mlready.yml:2:3: rules: no rule <value not shown: 51 bytes>");
	expect_problem("severity:\n  MLR201: 8f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e\n",
		"(got <value not shown: 40 bytes>)");
	expect_problem("exclude: [\"[realLookingPassw0rd\"]\n", "'exclude': <value not shown: 20 bytes> is");
	/* what such files hold is quoted as before */
	expect_problem("ignore: [src/models/GPT2/**]\n", "ignore: 'src/models/GPT2/**' is not a rule id");
	expect_problem("trackers: [\"ourco..log\"]\n", "'trackers': 'ourco..log' is not a dotted name");
	assert_false(mlr_shown_ok("550e8400-e29b-41d4-a716-446655440000", 36));
	assert_false(mlr_shown_ok("https://user:pw@example.com", 27));
	assert_true(mlr_shown_ok("notebooks/exp042_resnet50_v2.ipynb", 34));
	assert_true(mlr_shown_ok("ourco.tracking.logRunMetrics", 28));
}

/* Passwords people type and tokens whose alphabet happens to look tame: each shape the
 * scanner reports must not pass as a name. Every rule's id and name, and what configs
 * hold, still do. */
static void test_shown_refuses_password_shapes(void **state)
{
	(void)state;
	static const char *const hidden[] = {
		"Tr0ub4dor&3",        /* digits in two places */
		"wqk7ezpm0rtf",       /* base36, two digit groups */
		"cfg_live_vx8rn2kd",  /* a provider-style tail */
		"autumnLeaves77",     /* CamelCase with digits */
		"deadbeefcafe",       /* hex of eight or more */
		"Qz3PwX9m",           /* mixed case, short runs of digits */
		"Kp5vRt2wNb",         /* under twelve, not a name */
		"pgpass-c0rr3ct-h0rse",
	};
	for (size_t i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
		if (mlr_shown_ok(hidden[i], strlen(hidden[i])))
			fail_msg("%s would be quoted", hidden[i]);
	static const char *const quoted[] = {
		"transformers4rec", "gpt2", "resnet50", "bert-base-uncased", "x86_64", "MAX_RETRIES",
		"logRunMetrics", "data/**/*.parquet", "src/serving/*.py", "torch.load", "ORG12",
		"max-python-size", "secrity", "mlr201", "v1.2.3", "py311",
	};
	for (size_t i = 0; i < sizeof(quoted) / sizeof(quoted[0]); i++)
		if (!mlr_shown_ok(quoted[i], strlen(quoted[i])))
			fail_msg("%s would not be quoted", quoted[i]);
	size_t n = 0;
	const mlr_rule *rules = mlr_rules(&n);
	assert_true(n > 50);
	for (size_t i = 0; i < n; i++)
		if (!mlr_shown_ok(rules[i].id, strlen(rules[i].id)) || !mlr_shown_ok(rules[i].name, strlen(rules[i].name)))
			fail_msg("rule %s (%s) would not be quoted", rules[i].id, rules[i].name);
}

static void test_pattern_problems(void **state)
{
	(void)state;
	expect_problem("exclude: [\"data/[abc\"]\n", ".mlready.yml:1:11: 'exclude': 'data/[abc' is an unclosed '['");
	expect_problem("exclude:\n  - ../secrets\n", ".mlready.yml:2:5: 'exclude': '../secrets' is a '.' or '..' segment");
	expect_problem("exclude: [\"a//b\"]\n", ".mlready.yml:1:11: 'exclude': 'a//b' is an empty path segment");
	expect_problem("exclude: [\"/\"]\n", ".mlready.yml:1:11: 'exclude': '/' is a pattern that names no path");
	expect_problem("exclude: [\"a\\\\\"]\n", "is a trailing backslash");
	expect_problem("per-path-ignores:\n  \"x/[a\": [MLR201]\n", ".mlready.yml:2:3: per-path-ignores: 'x/[a' is an unclosed '['");
	expect_problem("trackers: [\"ourco..log\"]\n", ".mlready.yml:1:12: 'trackers': 'ourco..log' is not a dotted name");
	expect_problem("trackers: [\"1abc.x\"]\n", ".mlready.yml:1:12: 'trackers': '1abc.x' is not a dotted name");
	expect_problem("secret-names: [\"*\"]\n", ".mlready.yml:1:16: 'secret-names': '*' is a pattern that would match every name");
	expect_problem("secret-names: [\"pass word\"]\n", ".mlready.yml:1:16: 'secret-names': 'pass word' is not a name pattern");
}

static void test_custom_rules_key_problems(void **state)
{
	(void)state;
	expect_problem("custom-rules: ../rules\n", ".mlready.yml:1:15: custom-rules must be a directory inside the repository");
	expect_problem("custom-rules: /etc\n", ".mlready.yml:1:15: custom-rules must be a directory inside the repository");
	expect_problem("custom-rules: no/such/dir\n", ".mlready.yml:1:15: custom-rules: no/such/dir is not a directory inside the repository");
	char *got = problems_of("custom-rules: rules\n", NULL);
	assert_non_null(strstr(got, ".mlready.yml:1:15: custom-rules cannot be used here"));
	free(got);
}

static void test_size_and_problem_limits(void **state)
{
	(void)state;
	size_t n = (1u << 20) + 16;
	char *big = malloc(n + 1);
	assert_non_null(big);
	memset(big, '#', n);
	big[n] = '\0';
	expect_problem(big, ".mlready.yml:1:1: larger than 1048576 bytes");
	free(big);

	/* a hostile file with thousands of problems gets a bounded report */
	mlr_buf text = MLR_BUF_INIT;
	mlr_buf_puts(&text, "ignore:\n");
	for (int i = 0; i < 5000; i++)
		mlr_buf_puts(&text, "  - {}\n");
	char *got = problems_of(mlr_buf_cstr(&text), ".");
	size_t lines = 0;
	for (char *p = got; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 101);
	assert_non_null(strstr(got, "too many problems"));
	free(got);
	mlr_buf_dispose(&text);
}

static void test_flag_lists(void **state)
{
	(void)state;
	mlr_config *cfg = NULL;
	mlr_buf out = MLR_BUF_INIT;
	mlr_diag d = { collect, &out, 0 };
	assert_int_equal(mlr_config_new(&cfg), 0);
	assert_int_equal(mlr_config_set_select(cfg, &d, "--select", "MLR2, hygiene"), 0);
	assert_true(mlr_config_rule_enabled(cfg, rule("MLR201")));
	assert_false(mlr_config_rule_enabled(cfg, rule("MLR101")));
	assert_int_equal(mlr_config_add_ignore(cfg, &d, "--ignore", "MLR201"), 0);
	assert_false(mlr_config_rule_enabled(cfg, rule("MLR201")));
	assert_int_equal(mlr_config_add_ignore(cfg, &d, "--ignore", "MLR201,nope"), MLR_EUSAGE);
	assert_int_equal(mlr_config_set_select(cfg, &d, "--select", " , "), MLR_EUSAGE);
	assert_string_equal(mlr_buf_cstr(&out),
		"--ignore:0:0: 'nope' is not a rule id, rule name, category or id prefix (mlready rules lists them)\n"
		"--select:0:0: needs at least one rule, category or prefix\n");
	mlr_buf_dispose(&out);
	mlr_config_free(cfg);
}

/* ------------------------------------------------------------------ what a config answers */

static void test_select_and_ignore(void **state)
{
	(void)state;
	mlr_config *cfg = load_ok("select: [security, MLR3, missing-tests]\nignore: [MLR301]\n");
	assert_true(mlr_config_rule_enabled(cfg, rule("MLR201")));  /* category */
	assert_true(mlr_config_rule_enabled(cfg, rule("MLR101")));  /* name */
	assert_false(mlr_config_rule_enabled(cfg, rule("MLR301"))); /* selected by prefix, ignored by id */
	assert_false(mlr_config_rule_enabled(cfg, rule("MLR401"))); /* not selected */
	assert_false(mlr_config_rule_enabled(cfg, rule("MLR803")));
	mlr_config_free(cfg);
	/* no select: everything but what is ignored */
	cfg = load_ok("ignore: [hygiene]\n");
	assert_true(mlr_config_rule_enabled(cfg, rule("MLR401")));
	assert_false(mlr_config_rule_enabled(cfg, rule("MLR803")));
	mlr_config_free(cfg);
	assert_true(mlr_config_rule_enabled(NULL, rule("MLR803")));
}

static void test_paths(void **state)
{
	(void)state;
	mlr_config *cfg = load_ok("exclude: [\"vendor/**\", \"*.min.js\"]\n"
				  "per-path-ignores:\n"
				  "  \"tests/**\": [MLR201]\n"
				  "  \"notebooks/\": [hygiene]\n");
	assert_true(mlr_config_excluded(cfg, "vendor/lib/x.py"));
	assert_true(mlr_config_excluded(cfg, "web/app.min.js"));
	assert_false(mlr_config_excluded(cfg, "src/vendor.py"));
	assert_false(mlr_config_excluded(cfg, NULL));
	assert_false(mlr_config_rule_enabled_at(cfg, rule("MLR201"), "tests/unit/test_x.py"));
	assert_true(mlr_config_rule_enabled_at(cfg, rule("MLR201"), "src/tests.py"));
	assert_true(mlr_config_rule_enabled_at(cfg, rule("MLR201"), NULL));
	assert_false(mlr_config_rule_enabled_at(cfg, rule("MLR801"), "notebooks/eda.ipynb"));
	assert_true(mlr_config_rule_enabled_at(cfg, rule("MLR801"), "eda.ipynb"));
	mlr_config_free(cfg);
}

static void test_severity_most_specific_wins(void **state)
{
	(void)state;
	mlr_config *cfg = load_ok("severity:\n  MLR201: warning\n  security: note\n  all: error\n  MLR8: warning\n");
	assert_int_equal(mlr_config_severity(cfg, rule("MLR201")), MLR_SEV_WARNING);
	assert_int_equal(mlr_config_severity(cfg, rule("MLR230")), MLR_SEV_NOTE);
	assert_int_equal(mlr_config_severity(cfg, rule("MLR101")), MLR_SEV_ERROR);
	assert_int_equal(mlr_config_severity(cfg, rule("MLR803")), MLR_SEV_WARNING);
	assert_int_equal(mlr_config_severity(NULL, rule("MLR803")), rule("MLR803")->severity);
	mlr_config_free(cfg);
}

static void test_gate_values_and_thresholds(void **state)
{
	(void)state;
	mlr_config *cfg = load_ok("profile: prototype\nmin-score: 62.5\nfail-on: never\n"
				  "rules:\n  missing-tests: {target: 0.25}\n");
	double v;
	int f;
	assert_string_equal(mlr_config_profile(cfg), "prototype");
	assert_true(mlr_config_min_score(cfg, &v));
	assert_true(v == 62.5);
	assert_true(mlr_config_fail_on(cfg, &f));
	assert_int_equal(f, 3);
	assert_true(mlr_config_threshold(cfg, rule("MLR101"), "target", 0.5) == 0.25);
	assert_true(mlr_config_threshold(cfg, rule("MLR301"), "target", 1.0) == 1.0);
	assert_true(mlr_config_threshold(NULL, rule("MLR101"), "target", 0.5) == 0.5);
	mlr_config_free(cfg);
	/* the freshness and size thresholds of the repository rules */
	cfg = load_ok("rules:\n  model-card-stale: {commits: 2, days: 30}\n  MLR812: {data-bytes: 2048}\n");
	assert_true(mlr_config_threshold(cfg, rule("MLR407"), "commits", 5) == 2);
	assert_true(mlr_config_threshold(cfg, rule("MLR407"), "days", 90) == 30);
	assert_true(mlr_config_threshold(cfg, rule("MLR812"), "data-bytes", 1) == 2048);
	assert_true(mlr_config_threshold(cfg, rule("MLR812"), "file-bytes", 7) == 7);
	mlr_config_free(cfg);
	/* the Python parse limit: the file's, the flag's over it, else the default */
	assert_true(mlr_config_max_python_size(NULL) == MLR_DEFAULT_MAX_PYTHON_SIZE);
	cfg = load_ok("max-python-size: 4096\n");
	assert_true(mlr_config_max_python_size(cfg) == 4096);
	mlr_config_set_max_python_size(cfg, 8192);
	assert_true(mlr_config_max_python_size(cfg) == 8192);
	mlr_config_free(cfg);
	expect_problem("max-python-size: 1.5\n", ".mlready.yml:1:18: 'max-python-size' must be a whole number of bytes");
	expect_problem("max-python-size: 0\n", ".mlready.yml:1:18: 'max-python-size' must be a whole number of bytes");
	expect_problem("max-python-size: big\n", "(got 'big')");
	expect_problem("max-python-size: -5\n", "(got '-5')");
	expect_problem("max-python-size: \"4096\"\n", "(got a string)");
	expect_problem("max-python-size: 2199023255552\n", "from 1 to 1099511627776");
	cfg = load_ok("fail-on: warning\n");
	assert_false(mlr_config_min_score(cfg, &v));
	assert_true(mlr_config_fail_on(cfg, &f));
	assert_int_equal(f, MLR_SEV_WARNING);
	assert_null(mlr_config_profile(cfg));
	mlr_config_free(cfg);
}

static void test_trackers_and_secret_names(void **state)
{
	(void)state;
	mlr_config *cfg = load_ok("trackers: [\"ourco.tracking.*\", \"*.log_run\", exp.log]\n"
				  "secret-names: [corp_pin, \"*_passkey\", \"VAULT_?\"]\n");
	assert_true(mlr_config_is_tracker(cfg, "ourco.tracking.log_metric"));
	assert_true(mlr_config_is_tracker(cfg, "ourco.tracking"));
	assert_false(mlr_config_is_tracker(cfg, "ourco.trackingx.log"));
	assert_true(mlr_config_is_tracker(cfg, "utils.log_run"));
	assert_false(mlr_config_is_tracker(cfg, "utils.mylog_run"));
	assert_true(mlr_config_is_tracker(cfg, "exp.log"));
	assert_false(mlr_config_is_tracker(cfg, "exp.log.x"));
	assert_true(mlr_config_secret_name(cfg, "CORP_PIN", 8));
	assert_true(mlr_config_secret_name(cfg, "db_passkey", 10));
	assert_true(mlr_config_secret_name(cfg, "vault_1", 7));
	assert_false(mlr_config_secret_name(cfg, "vault_12", 8));
	assert_false(mlr_config_secret_name(cfg, "corp_pins", 9));
	mlr_config_free(cfg);
	assert_false(mlr_config_has_trackers(NULL));
}

/* ------------------------------------------------------------------ path patterns */

static void test_glob(void **state)
{
	(void)state;
	const struct {
		const char *pattern, *path;
		bool match;
	} cases[] = {
		{ "*.py", "a.py", true },
		{ "*.py", "src/deep/a.py", true },  /* no slash: any depth */
		{ "*.py", "a.pyc", false },
		{ "src/*.py", "src/a.py", true },
		{ "src/*.py", "src/x/a.py", false }, /* `*` stays in its segment */
		{ "src/*.py", "lib/src/a.py", false }, /* a slash anchors */
		{ "/src/*.py", "src/a.py", true },
		{ "src/**/*.py", "src/a.py", true }, /* `**` is zero segments too */
		{ "src/**/*.py", "src/x/y/a.py", true },
		{ "**/test_*.py", "tests/unit/test_a.py", true },
		{ "**/test_*.py", "test_a.py", true },
		{ "data/**", "data/raw/x.csv", true },
		{ "data/**", "metadata/x.csv", false },
		{ "data", "data/raw/x.csv", true },   /* a directory covers its contents */
		{ "data", "src/data/x.csv", true },
		{ "data", "database.py", false },
		{ "data/raw", "data/raw/2024/x.csv", true },
		{ "build/", "build/x.py", true },     /* directory only */
		{ "build/", "build", false },
		{ "a?c.py", "abc.py", true },
		{ "a?c.py", "a/c.py", false },
		{ "[abc]*.py", "b1.py", true },
		{ "[!abc]*.py", "b1.py", false },
		{ "[a-c]*.py", "c.py", true },
		{ "\\*.py", "*.py", true },
		{ "\\*.py", "a.py", false },
		{ "*", "anything/at/all", true },
		{ "a/**/b/**/c", "a/x/b/y/z/c", true },
		{ "a/**/b/**/c", "a/x/c", false },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (mlr_glob_match(cases[i].pattern, cases[i].path) != cases[i].match)
			fail_msg("glob '%s' on '%s': expected %s", cases[i].pattern, cases[i].path,
				cases[i].match ? "a match" : "no match");
	assert_null(mlr_glob_invalid("src/**/x.py"));
	assert_non_null(mlr_glob_invalid(""));
	assert_false(mlr_glob_match("[abc", "[abc"));
}

static void test_glob_hostile_patterns_are_fast(void **state)
{
	(void)state;
	/* backtracking only to the last star: this would take ages with naive recursion */
	char path[2048], pat[512];
	memset(path, 'a', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	size_t n = 0;
	for (int i = 0; i < 100; i++) {
		pat[n++] = '*';
		pat[n++] = 'a';
	}
	pat[n++] = 'b';
	pat[n] = '\0';
	assert_false(mlr_glob_match(pat, path));
	char deep[3000];
	n = 0;
	for (int i = 0; i < 500; i++) {
		deep[n++] = 'a';
		deep[n++] = '/';
	}
	deep[n++] = 'x';
	deep[n] = '\0';
	assert_false(mlr_glob_match("**/a/**/a/**/a/**/a/**/b", deep));
	assert_true(mlr_glob_match("**/x", deep));
}

/* ------------------------------------------------------------------ custom rules */

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

static const char *const good_rule =
	"id: ORG001\n"
	"name: no-print\n"
	"category: monitoring\n"
	"severity: warning\n"
	"scope: python\n"
	"weight: 10\n"
	"summary: print() instead of logging.\n"
	"message: print() instead of logging\n"
	"fix: Use logging.\n"
	"query: |\n"
	"  ((call function: (identifier) @fn) @finding\n"
	"   (#eq? @fn \"print\"))\n"
	"docs:\n"
	"  what: Reports print().\n"
	"  why: Our pipeline collects logging only.\n"
	"  example: print(1)\n"
	"  instead: Use logging.\n"
	"examples:\n"
	"  invalid:\n"
	"    - print(1)\n"
	"  valid:\n"
	"    - log.info(1)\n";

/* A rule directory under a temporary root; returns the root. */
static char *rules_root(void)
{
	char tmpl[] = "/tmp/mlready-config-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	char dir[256];
	snprintf(dir, sizeof(dir), "%s/rules", tmpl);
	assert_int_equal(mkdir(dir, 0700), 0);
	return strdup(tmpl);
}

static char *custom_problems(const char *root, const char *config)
{
	return problems_of(config, root);
}

static void test_custom_rules_load_and_run(void **state)
{
	(void)state;
	char *root = rules_root();
	char dir[256];
	snprintf(dir, sizeof(dir), "%s/rules", root);
	write_text(dir, "ORG001-no-print.yml", good_rule);
	write_text(dir, "README.txt", "not a rule file: ignored");

	mlr_buf out = MLR_BUF_INIT;
	mlr_diag d = { collect, &out, 0 };
	mlr_config *cfg = NULL;
	const char *text = "custom-rules: rules\nseverity: {ORG: error}\n";
	if (mlr_config_parse(&cfg, &d, ".mlready.yml", text, strlen(text), root) != 0)
		fail_msg("custom rules did not load:\n%s", mlr_buf_cstr(&out));
	size_t n;
	const mlr_rule *custom = mlr_config_custom_rules(cfg, &n);
	assert_int_equal(n, 1);
	assert_string_equal(custom[0].id, "ORG001");
	assert_int_equal(custom[0].category, MLR_CAT_MONITORING);
	assert_ptr_equal(mlr_config_rule_find(cfg, "no-print"), &custom[0]);
	assert_ptr_equal(mlr_config_rule_find(cfg, "org001"), &custom[0]);
	assert_int_equal(mlr_config_severity(cfg, &custom[0]), MLR_SEV_ERROR);
	assert_non_null(mlr_config_queries(cfg));

	/* end to end: the rule fires in a linted directory, with the config's severity */
	char proj[300];
	snprintf(proj, sizeof(proj), "%s/proj", root);
	assert_int_equal(mkdir(proj, 0700), 0);
	write_text(proj, "train.py", "import logging\nprint('loss')\nlogging.info('ok')\n");
	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = proj;
	opts.source = MLR_SOURCE_DIR;
	opts.jobs = 2;
	opts.config = cfg;
	mlr_result *res = NULL;
	assert_int_equal(mlr_lint(&res, &opts), 0);
	size_t fired = 0;
	for (size_t i = 0; i < res->finding_count; i++)
		if (res->findings[i].rule == &custom[0]) {
			fired++;
			assert_int_equal(res->findings[i].line, 2);
			assert_int_equal(res->findings[i].severity, MLR_SEV_ERROR);
		}
	assert_int_equal(fired, 1);
	bool listed = false;
	for (size_t i = 0; i < res->rule_count; i++)
		if (res->rules[i].rule == &custom[0])
			listed = res->rules[i].assessed;
	assert_true(listed);
	mlr_result_free(res);
	mlr_config_free(cfg);
	mlr_buf_dispose(&out);
	nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(root);
}

/* Replaces the first occurrence of from in good_rule with to. */
static char *variant(const char *from, const char *to)
{
	const char *at = strstr(good_rule, from);
	assert_non_null(at);
	mlr_buf b = MLR_BUF_INIT;
	mlr_buf_put(&b, good_rule, (size_t)(at - good_rule));
	mlr_buf_puts(&b, to);
	mlr_buf_puts(&b, at + strlen(from));
	return mlr_buf_detach(&b);
}

static void test_custom_rule_problems(void **state)
{
	(void)state;
	const struct {
		const char *file, *from, *to, *want;
	} cases[] = {
		{ "MLR950-no-print.yml", "id: ORG001", "id: MLR950",
		  "rules/MLR950-no-print.yml:1:5: 'id' MLR950 is in mlready's own range" },
		{ "org1-no-print.yml", "id: ORG001", "id: org1",
		  "rules/org1-no-print.yml:1:5: 'id' must be 1-6 capital letters and 1-4 digits" },
		{ "ORG002-wrong.yml", "id: ORG001", "id: ORG002",
		  "rules/ORG002-wrong.yml:1:5: file name must be ORG002-no-print.yml" },
		{ "ORG003-no-print.yml", "scope: python", "scope: text",
		  "scope' must be python (got 'text')" },
		{ "ORG004-no-print.yml", "query: |", "check: my_check\nquery: |",
		  "rules/ORG004-no-print.yml:10:1: a custom rule cannot name a C check" },
		{ "ORG005-no-print.yml", "id: ORG001", "id: ORG005",
		  "rules/ORG005-no-print.yml:12:5: query: #eq? has the wrong arguments" },
		{ "ORG006-no-print.yml", "    - print(1)\n", "    - log(1)\n",
		  "rules/ORG006-no-print.yml:20:7: ORG006: this 'invalid' example does not fire" },
		{ "ORG007-no-print.yml", "    - log.info(1)\n", "    - print(2)\n",
		  "rules/ORG007-no-print.yml:22:7: ORG007: this 'valid' example fires (at its line 1)" },
		{ "ORG008-hardcoded-secret.yml", "name: no-print", "name: hardcoded-secret",
		  "rules/ORG008-hardcoded-secret.yml:2:7: name 'hardcoded-secret' is taken by the built-in rule MLR201" },
		{ "ORG009-no-print.yml", "(#eq? @fn \"print\")", "(#match? @fn \"pri(nt\")",
		  "rules/ORG009-no-print.yml:10:8: query: ORG009: bad regex in #match?" },
		{ "ORG010-no-print.yml", "(identifier)", "(identifer)",
		  "rules/ORG010-no-print.yml:11:21: query: unknown node type 'identifer'" },
		{ "ORG011-no-print.yml", "category: monitoring", "category: ops",
		  "rules/ORG011-no-print.yml:3:11: unknown category 'ops'" },
		{ "ORG012-no-print.yml", "category: monitoring", "category: ghp_MlreadyFixtureNotARealGithubToken0a1",
		  "rules/ORG012-no-print.yml:3:11: unknown category <value not shown: 40 bytes>" },
		{ "ORG013-no-print.yml", "(identifier)", "(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)",
		  "rules/ORG013-no-print.yml:11:21: query: unknown node type <value not shown: 37 bytes>" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *root = rules_root();
		char dir[256];
		snprintf(dir, sizeof(dir), "%s/rules", root);
		char *text = variant(cases[i].from, cases[i].to);
		/* the id follows the file name unless the case is about the id */
		char id[16];
		if (!strncmp(cases[i].file, "ORG", 3) && strcmp(cases[i].from, "id: ORG001")) {
			snprintf(id, sizeof(id), "id: %.6s", cases[i].file);
			char *t2 = text;
			const char *at = strstr(t2, "id: ORG001");
			if (at) {
				mlr_buf b = MLR_BUF_INIT;
				mlr_buf_put(&b, t2, (size_t)(at - t2));
				mlr_buf_puts(&b, id);
				mlr_buf_puts(&b, at + 10);
				text = mlr_buf_detach(&b);
				free(t2);
			}
		}
		if (i == 5) {
			/* #eq? with no argument */
			char *t2 = text;
			const char *at = strstr(t2, " \"print\"");
			mlr_buf b = MLR_BUF_INIT;
			mlr_buf_put(&b, t2, (size_t)(at - t2));
			mlr_buf_puts(&b, at + 8);
			text = mlr_buf_detach(&b);
			free(t2);
		}
		write_text(dir, cases[i].file, text);
		char *got = custom_problems(root, "custom-rules: rules\n");
		/* problems name the file under the config's directory */
		char want[512];
		snprintf(want, sizeof(want), "%s/%s", root, cases[i].want);
		if (!strstr(got, strncmp(cases[i].want, "rules/", 6) ? cases[i].want : want))
			fail_msg("case %zu: expected '%s' in:\n%s", i, cases[i].want, got);
		free(got);
		free(text);
		nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		free(root);
	}
}

static void test_custom_rule_duplicates(void **state)
{
	(void)state;
	char *root = rules_root();
	char dir[256];
	snprintf(dir, sizeof(dir), "%s/rules", root);
	write_text(dir, "ORG001-no-print.yml", good_rule);
	char *other = variant("id: ORG001", "id: ORG002");
	write_text(dir, "ORG002-no-print.yml", other);
	char *got = custom_problems(root, "custom-rules: rules\n");
	assert_non_null(strstr(got, "ORG002-no-print.yml:2:7: duplicate name no-print (also in"));
	free(got);
	free(other);
	nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(root);
}

/* ------------------------------------------------------------------ mlr_lint with a config */

static void test_lint_applies_config(void **state)
{
	(void)state;
	char root[] = "/tmp/mlready-config-lint-XXXXXX";
	assert_non_null(mkdtemp(root));
	char sub[300];
	snprintf(sub, sizeof(sub), "%s/vendor", root);
	assert_int_equal(mkdir(sub, 0700), 0);
	/* a fake, format-shaped key (see fixtures/README.md), in two places */
	write_text(root, "train.py", "hf_token = \"hf_MlreadyConfigUnitTestNotALiveKeyQz\"\n");
	write_text(sub, "lib.py", "hf_token = \"hf_MlreadyConfigUnitTestNotALiveKeyQz\"\n");
	write_text(root, "notes.txt", "corp_pin = \"Zq7#kLm2Wx9!pR4t\"\n");

	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = root;
	opts.source = MLR_SOURCE_DIR;
	opts.jobs = 1;
	mlr_result *res = NULL;

	/* without a config: both keys; the custom name is not a secret name */
	assert_int_equal(mlr_lint(&res, &opts), 0);
	size_t secrets = 0;
	for (size_t i = 0; i < res->finding_count; i++)
		secrets += !strcmp(res->findings[i].rule->id, "MLR201");
	assert_int_equal(secrets, 2);
	mlr_result_free(res);

	mlr_config *cfg = load_ok("exclude: [vendor]\nseverity: {MLR201: note}\nsecret-names: [corp_pin]\n"
				  "rules: {MLR101: {target: 0.1}}\n");
	opts.config = cfg;
	assert_int_equal(mlr_lint(&res, &opts), 0);
	secrets = 0;
	for (size_t i = 0; i < res->finding_count; i++) {
		const mlr_finding *f = &res->findings[i];
		if (strcmp(f->rule->id, "MLR201"))
			continue;
		secrets++;
		assert_int_equal(f->severity, MLR_SEV_NOTE);
		assert_true(strncmp(f->path, "vendor/", 7) != 0);
	}
	assert_int_equal(secrets, 2); /* train.py, and notes.txt by the config's secret name */
	for (size_t i = 0; i < res->kpi_count; i++)
		if (!strcmp(res->kpis[i].rule->id, "MLR101"))
			assert_true(res->kpis[i].target == 0.1);
	mlr_result_free(res);
	mlr_config_free(cfg);

	/* ignoring a rule removes its findings and leaves it unassessed (it costs nothing) */
	cfg = load_ok("ignore: [security]\n");
	opts.config = cfg;
	assert_int_equal(mlr_lint(&res, &opts), 0);
	for (size_t i = 0; i < res->finding_count; i++)
		assert_int_not_equal(res->findings[i].rule->category, MLR_CAT_SECURITY);
	for (size_t i = 0; i < res->rule_count; i++)
		if (res->rules[i].rule->category == MLR_CAT_SECURITY)
			assert_false(res->rules[i].assessed);
	mlr_result_free(res);
	mlr_config_free(cfg);

	/* the profile: the option, else the config's */
	cfg = load_ok("profile: production\n");
	opts.config = cfg;
	assert_int_equal(mlr_lint(&res, &opts), 0);
	assert_string_equal(res->score.profile->name, "production");
	mlr_result_free(res);
	opts.profile = "prototype";
	assert_int_equal(mlr_lint(&res, &opts), 0);
	assert_string_equal(res->score.profile->name, "prototype");
	mlr_result_free(res);
	opts.profile = "staging";
	assert_int_equal(mlr_lint(&res, &opts), MLR_EUSAGE);
	mlr_config_free(cfg);
	nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}


/* ------------------------------------------------------------------ suppressions */

static void findings_free(mlr_finding_array *fs)
{
	for (size_t i = 0; i < fs->len; i++)
		mlr_finding_dispose(&fs->items[i]);
	mlr_array_delete(fs);
}

/* Emits one finding of rule per line listed (0-terminated), applies the suppressions of
 * text as unit u, and returns the lines left, as "L L ...", and the MLR803 messages. */
static char *apply(const char *text, const mlr_rule *rule, const uint32_t *lines, const mlr_suppress_unit *u)
{
	mlr_finding_array fs = { 0 };
	for (size_t i = 0; lines[i]; i++)
		assert_int_equal(mlr_emit(&fs, rule, "a.py", lines[i], 1, i, false, "m"), 0);
	mlr_suppress_apply(&fs, 0, text, strlen(text), u);
	mlr_buf out = MLR_BUF_INIT;
	for (size_t i = 0; i < fs.len; i++) {
		if (fs.items[i].rule == rule)
			mlr_buf_printf(&out, "%s%u", out.len ? " " : "", fs.items[i].line);
		else
			mlr_buf_printf(&out, "%s[%s %u:%u %s]", out.len ? " " : "", fs.items[i].rule->id, fs.items[i].line,
				fs.items[i].column, fs.items[i].message);
	}
	findings_free(&fs);
	mlr_buf_putc(&out, '\0');
	return mlr_buf_detach(&out);
}

static void test_unused_suppressions(void **state)
{
	(void)state;
	const mlr_rule *secret = rule("MLR201"), *unused = rule("MLR803");
	mlr_suppress_unit u = { "a.py", NULL, NULL, false, false, unused, NULL };
	const char *text =
		"# mlready: ignore[MLR201]\n"                 /* 1: used by line 2 */
		"key = 1\n"
		"x = 2  # mlready: ignore[MLR201, MLR102]\n"  /* 3: MLR201 used, MLR102 not */
		"# mlready: ignore\n"                          /* 4: bare, unused */
		"y = 3\n"
		"msg = '# mlready: ignore[MLR201]'\n"          /* 6: quoted: shown, not used */
		"# mlready: ignore[MLR201, MLR803]\n"          /* 7: asks not to be reported */
		"# mlready: ignore[nope]\n"                    /* 8: names no rule */
		"puts(\"see # mlready: ignore[MLR201]\");\n";  /* 9: in a string literal */
	uint32_t lines[] = { 2, 3, 0 };
	char *got = apply(text, secret, lines, &u);
	assert_string_equal(got,
		"[MLR803 3:10 unused suppression: MLR102 silences nothing on this line or the next] "
		"[MLR803 4:3 unused suppression: `mlready: ignore` silences nothing on this line or the next] "
		"[MLR803 8:3 unused suppression: nope is not a rule]");
	free(got);

	/* a rule the config turns off could not have fired: its marker is not reported */
	mlr_config *cfg = load_ok("per-path-ignores:\n  \"*.py\": [MLR102]\n");
	u.config = cfg;
	got = apply(text, secret, lines, &u);
	assert_null(strstr(got, "MLR102"));
	assert_non_null(strstr(got, "4:3"));
	free(got);
	mlr_config_free(cfg);

	/* without the rule in the run, nothing is reported, and suppression still works */
	u.unused_rule = NULL;
	u.config = NULL;
	got = apply(text, secret, lines, &u);
	assert_string_equal(got, "");
	free(got);
}

static void test_suppressions_in_markdown_and_yaml(void **state)
{
	(void)state;
	const mlr_rule *secret = rule("MLR201"), *unused = rule("MLR803");
	mlr_suppress_unit md = { "docs/setup.md", NULL, NULL, false, false, unused, NULL };
	const char *text =
		"<!-- mlready: ignore[MLR201] -->\n"   /* 1: used by line 2 */
		"token hf_x\n"
		"```python\n"
		"key = k  # mlready: ignore[MLR201]\n" /* 4: in a code block: shown */
		"```\n"
		"<!--mlready: ignore-->\n";            /* 6: bare, unused */
	uint32_t lines[] = { 2, 0 };
	char *got = apply(text, secret, lines, &md);
	assert_string_equal(got, "[MLR803 6:5 unused suppression: `mlready: ignore` silences nothing on this line or the next]");
	free(got);
	mlr_suppress_unit yaml = { "conf.yaml", NULL, NULL, false, false, unused, NULL };
	const char *y = "a: 1\n# mlready: ignore[hardcoded-secret] -- fixture\ntoken: x\n";
	uint32_t ylines[] = { 3, 0 };
	got = apply(y, secret, ylines, &yaml);
	assert_string_equal(got, "");
	free(got);
}

static void test_suppressions_stay_in_their_notebook_cell(void **state)
{
	(void)state;
	const char *json =
		"{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": ["
		"{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null,"
		" \"source\": [\"import os\\n\", \"# mlready: ignore[MLR201]\"]},"
		"{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null,"
		" \"source\": [\"k = 1\\n\", \"# mlready: ignore[MLR201]\\n\", \"k2 = 2\"]}]}";
	mlr_notebook nb;
	assert_int_equal(mlr_notebook_parse(&nb, json, strlen(json)), 0);
	/* code lines: 1 import, 2 marker (cell 1), 3 k (cell 2), 4 marker, 5 k2 */
	mlr_suppress_unit u = { "nb.ipynb", NULL, &nb, false, false, rule("MLR803"), NULL };
	uint32_t lines[] = { 3, 5, 0 };
	char *got = apply(mlr_buf_cstr(&nb.python), rule("MLR201"), lines, &u);
	/* cell 2's first line is not covered by the marker ending cell 1, which is unused */
	assert_string_equal(got, "3 [MLR803 2:3 unused suppression: MLR201 silences nothing on this line or the next]");
	free(got);
	mlr_notebook_dispose(&nb);
}

static void test_suppressions_past_the_marker_limit(void **state)
{
	(void)state;
	/* more markers than are remembered: the rest still silence, from their text */
	enum { LINES = 70000 };
	mlr_buf text = MLR_BUF_INIT;
	for (int i = 1; i <= LINES; i++)
		mlr_buf_puts(&text, "k = 'v'  # mlready: ignore[MLR201]\n");
	mlr_buf_puts(&text, "last = 'v'\n");
	uint32_t lines[] = { 10, 66000, LINES, LINES + 1, 0 };
	mlr_suppress_unit u = { "a.py", NULL, NULL, false, false, NULL, NULL };
	char *got = apply(mlr_buf_cstr(&text), rule("MLR201"), lines, &u);
	assert_string_equal(got, "");
	free(got);
	mlr_buf_dispose(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_and_minimal_configs_load),
		cmocka_unit_test(test_yaml_problems),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_selector_problems),
		cmocka_unit_test(test_values_quoted_only_when_safe),
		cmocka_unit_test(test_shown_refuses_password_shapes),
		cmocka_unit_test(test_pattern_problems),
		cmocka_unit_test(test_custom_rules_key_problems),
		cmocka_unit_test(test_size_and_problem_limits),
		cmocka_unit_test(test_flag_lists),
		cmocka_unit_test(test_select_and_ignore),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_severity_most_specific_wins),
		cmocka_unit_test(test_gate_values_and_thresholds),
		cmocka_unit_test(test_trackers_and_secret_names),
		cmocka_unit_test(test_glob),
		cmocka_unit_test(test_glob_hostile_patterns_are_fast),
		cmocka_unit_test(test_custom_rules_load_and_run),
		cmocka_unit_test(test_custom_rule_problems),
		cmocka_unit_test(test_custom_rule_duplicates),
		cmocka_unit_test(test_lint_applies_config),
		cmocka_unit_test(test_unused_suppressions),
		cmocka_unit_test(test_suppressions_in_markdown_and_yaml),
		cmocka_unit_test(test_suppressions_stay_in_their_notebook_cell),
		cmocka_unit_test(test_suppressions_past_the_marker_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
