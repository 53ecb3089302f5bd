/*
 * PR mode and pre-commit: changed-value parsing, path classes, new-versus-old matching,
 * the change set of a real repository (committed, staged and work-tree changes), the
 * change rules, mlr_lint_diff's errors, --config-from-base, and the --files filter.
 * Repositories are built with git in a temporary directory, with fixed identities.
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
#include "core/error.h"
#include "diff/base_config.h"
#include "diff/change.h"
#include "diff/match.h"

/* ------------------------------------------------------------------ helpers */

static char repo_dir[64];

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void put(const char *rel, const char *text)
{
	char path[512], dir[512];
	snprintf(path, sizeof(path), "%s/%s", repo_dir, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	for (char *p = dir + strlen(repo_dir) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0700);
			*p = '/';
		}
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Runs git in the repository; the test fails if git does. */
static void git(const char *args)
{
	char cmd[1024];
	/* the global config is a file of the repository, never /dev/null: git writes it by
	 * renaming a new file over it, which as root replaces /dev/null */
	snprintf(cmd, sizeof(cmd),
		"cd '%s' && GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=.git/test-global-config GIT_AUTHOR_NAME=t "
		"GIT_AUTHOR_EMAIL=t@t.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t.invalid "
		"GIT_AUTHOR_DATE=2024-01-01T00:00:00Z GIT_COMMITTER_DATE=2024-01-01T00:00:00Z "
		"git -c commit.gpgsign=false -c core.hooksPath=/dev/null %s >/dev/null 2>&1",
		repo_dir, args);
	if (system(cmd) != 0)
		fail_msg("git %s failed", args);
}

static int setup_repo(void **state)
{
	(void)state;
	snprintf(repo_dir, sizeof(repo_dir), "/tmp/mlready-diff-XXXXXX");
	assert_non_null(mkdtemp(repo_dir));
	git("init -q -b main");
	return 0;
}

static int teardown_repo(void **state)
{
	(void)state;
	nftw(repo_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

static size_t count_rule(const mlr_result *r, const char *id, const char *path)
{
	size_t n = 0;
	for (size_t i = 0; i < r->finding_count; i++)
		if (!strcmp(r->findings[i].rule->id, id) &&
			(!path || (r->findings[i].path && !strcmp(r->findings[i].path, path))))
			n++;
	return n;
}

static const mlr_finding *find_rule(const mlr_result *r, const char *id)
{
	for (size_t i = 0; i < r->finding_count; i++)
		if (!strcmp(r->findings[i].rule->id, id))
			return &r->findings[i];
	return NULL;
}

static bool assessed(const mlr_result *r, const char *id)
{
	for (size_t i = 0; i < r->rule_count; i++)
		if (!strcmp(r->rules[i].rule->id, id))
			return r->rules[i].assessed;
	fail_msg("no rule %s", id);
	return false;
}

static mlr_result *lint_diff(mlr_source_kind source, const char *rev, const char *base)
{
	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = repo_dir;
	opts.source = source;
	opts.rev = rev;
	opts.base = base;
	opts.jobs = 1;
	mlr_result *res = NULL;
	int rc = mlr_lint_diff(&res, &opts, NULL, NULL);
	if (rc < 0)
		fail_msg("mlr_lint_diff: %s", mlr_error_last());
	return res;
}

/* Fake keys in the format the scanner recognises (tests/e2e/fake-secrets.txt). */
#define KEY_OLD "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"
#define KEY_NEW "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"

/* ------------------------------------------------------------------ changed values */

static void test_parse_assignment(void **state)
{
	(void)state;
	static const struct {
		const char *line, *key, *value;
	} ok[] = {
		{ "lr: 0.001\n", "lr", "0.001" },
		{ "  decision_threshold: 0.35  # was 0.5", "decision_threshold", "0.35" },
		{ "THRESHOLD = 0.7", "THRESHOLD", "0.7" },
		{ "    \"epochs\": 10,", "epochs", "10" },
		{ "        learning_rate=2e-5,", "learning_rate", "2e-5" },
		{ "- lr: 1e-3", "lr", "1e-3" },
		{ "    lr: float = 3e-4", "lr", "3e-4" },
		{ "--lr=0.01", "lr", "0.01" },
		{ "threshold: \"0.5\"", "threshold", "0.5" },
		{ "num_epochs = 1_000", "num_epochs", "1_000" },
		{ "optimizer.lr = .5", "optimizer.lr", ".5" },
		{ "batch_size = -1)", "batch_size", "-1" },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		const char *k, *v;
		size_t kl, vl;
		if (!mlr_change_parse_assignment(ok[i].line, strlen(ok[i].line), &k, &kl, &v, &vl))
			fail_msg("not parsed: %s", ok[i].line);
		assert_int_equal(kl, strlen(ok[i].key));
		assert_memory_equal(k, ok[i].key, kl);
		assert_int_equal(vl, strlen(ok[i].value));
		assert_memory_equal(v, ok[i].value, vl);
	}
	static const char *const no[] = {
		"lr = args.lr", "threshold == 0.5", "threshold = 0.5 * base", "# lr: 0.1", "lr:",
		"epochs: ten", "model.fit(X, y)", "if threshold > 0.5:", "lr: float", "x = 'lr: 0.1'",
		"threshold = compute(0.5)", "", "   ", "lr: 0.1.2",
	};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		const char *k, *v;
		size_t kl, vl;
		if (mlr_change_parse_assignment(no[i], strlen(no[i]), &k, &kl, &v, &vl))
			fail_msg("parsed, but is not a numeric setting: %s", no[i]);
	}
}

static void test_key_is_tunable(void **state)
{
	(void)state;
	static const char *const yes[] = { "lr", "LR", "optimizer.lr", "base_lr", "learning_rate",
		"decision_threshold", "THRESHOLD", "score_thresh", "num_train_epochs", "max_epochs",
		"batch_size", "dropout", "attn_dropout", "n_estimators", "cutoff", "temperature" };
	static const char *const no[] = { "lr_scheduler", "seed", "port", "max_tokens",
		"learning", "epoch_size_of_log", "workers", "alr" };
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!mlr_change_key_is_tunable(yes[i], strlen(yes[i])))
			fail_msg("not tunable: %s", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (mlr_change_key_is_tunable(no[i], strlen(no[i])))
			fail_msg("tunable: %s", no[i]);
}

static void test_path_classes(void **state)
{
	(void)state;
	assert_true(mlr_path_is_test("tests/test_features.py"));
	assert_true(mlr_path_is_test("src/pkg/tests/helpers.py"));
	assert_true(mlr_path_is_test("churn/features_test.py"));
	assert_true(mlr_path_is_test("conftest.py"));
	assert_false(mlr_path_is_test("churn/train.py"));
	assert_false(mlr_path_is_test("contest.py"));

	assert_true(mlr_path_is_eval("eval/run.py"));
	assert_true(mlr_path_is_eval("churn/evaluate.py"));
	assert_true(mlr_path_is_eval("src/metrics.py"));
	assert_true(mlr_path_is_eval("benchmarks/speed.py"));
	assert_false(mlr_path_is_eval("churn/train.py"));
	assert_false(mlr_path_is_eval("retrieval/index.py")); /* "eval" inside a word */

	assert_true(mlr_path_is_changelog("CHANGELOG.md"));
	assert_true(mlr_path_is_changelog("docs/CHANGES.rst"));
	assert_true(mlr_path_is_changelog("changelog.d/123.feature.md"));
	assert_true(mlr_path_is_changelog("NEWS"));
	assert_false(mlr_path_is_changelog("docs/changes_in_policy_notes.md"));

	assert_true(mlr_path_is_model_card("MODEL_CARD.md"));
	assert_true(mlr_path_is_model_card("docs/model-card.md"));
	assert_true(mlr_path_is_model_card("model_cards/churn.md"));
	assert_false(mlr_path_is_model_card("README.md"));
	assert_false(mlr_path_is_model_card("MODEL_CARD.txt"));
	assert_false(mlr_path_is_model_card("src/utils/model_card_template.md"));

	assert_true(mlr_path_is_model_code_name("churn/train.py"));
	assert_true(mlr_path_is_model_code_name("src/models/unet.py"));
	assert_true(mlr_path_is_model_code_name("features/build_features.py"));
	assert_true(mlr_path_is_model_code_name("train2.py"));
	assert_false(mlr_path_is_model_code_name("scripts/deploy.py"));
	assert_false(mlr_path_is_model_code_name("constraint.py")); /* "train" inside a word */
}

static void test_py_code_differs(void **state)
{
	(void)state;
	static const char *const base = "def f(x):\n    \"\"\"Doc.\"\"\"\n    return x + 1  # add\n";
	static const struct {
		const char *after;
		bool differs;
	} cases[] = {
		{ "def f(x):\n    \"\"\"Doc, fixed typo.\"\"\"\n    return x + 1  # add one\n", false },
		{ "# header\ndef f( x ):\n\n    return x+1\n", false }, /* layout; docstring dropped */
		{ "def f(x):\n    \"\"\"Doc.\"\"\"\n    return x + 2\n", true },
		{ "def f(y):\n    \"\"\"Doc.\"\"\"\n    return y + 1\n", true },
		{ "def f(x):\n    \"\"\"Doc.\"\"\"\n    print(\"hi\")\n    return x + 1\n", true },
		{ "def f(x):\n    msg = \"a\"\n    return x + 1\n", true },
		/* the wording of a message for people is not behaviour */
		{ "def f(x):\n    if x < 0:\n        raise ValueError(\"negative\")\n    return x + 1\n", true },
		{ "def f(x):\n    logger.info(\"adding %s\", x)\n    return x + 1\n", true },
		{ "def f(x:\n    return x + 1\n", true }, /* a syntax error counts as a change */
	};
	static const char *const msg_a = "def f(x):\n    if x < 0:\n        raise ValueError(\"whe negative\")\n"
		"    logger.warning(\"adding %s\", x)\n    assert x, \"x must be set\"\n    return g(x, \"mode\")\n";
	static const char *const msg_b = "def f(x):\n    if x < 0:\n        raise ValueError(\"when negative\")\n"
		"    logger.warning(\"adding %r\", x)\n    assert x, \"x is required\"\n    return g(x, \"mode\")\n";
	static const char *const msg_c = "def f(x):\n    if x < 0:\n        raise ValueError(\"whe negative\")\n"
		"    logger.warning(\"adding %s\", x)\n    assert x, \"x must be set\"\n    return g(x, \"mode2\")\n";
	assert_false(mlr_change_py_code_differs(msg_a, strlen(msg_a), msg_b, strlen(msg_b)));
	assert_true(mlr_change_py_code_differs(msg_a, strlen(msg_a), msg_c, strlen(msg_c)));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (mlr_change_py_code_differs(base, strlen(base), cases[i].after, strlen(cases[i].after)) !=
			cases[i].differs)
			fail_msg("case %zu: expected %s:\n%s", i, cases[i].differs ? "a code change" : "no code change",
				cases[i].after);
}

/* ------------------------------------------------------------------ matching */

static mlr_finding fake(const char *id, const char *path, uint64_t fp, const char *msg)
{
	mlr_finding f = { 0 };
	f.rule = mlr_rule_find(id);
	assert_non_null(f.rule);
	f.severity = f.rule->severity;
	f.path = path ? strdup(path) : NULL;
	f.message = strdup(msg);
	f.fingerprint = fp;
	f.line = 1;
	return f;
}

static mlr_result *fake_result(const mlr_finding *fs, size_t n)
{
	mlr_result *r = calloc(1, sizeof(*r));
	assert_non_null(r);
	r->findings = calloc(n ? n : 1, sizeof(mlr_finding));
	assert_non_null(r->findings);
	memcpy(r->findings, fs, n * sizeof(*fs));
	r->finding_count = n;
	return r;
}

static void test_keep_new_matches_one_to_one(void **state)
{
	(void)state;
	mlr_finding b[] = {
		fake("MLR201", "a.py", 1, "key"),
		fake("MLR201", "a.py", 2, "key"),
		fake("MLR401", NULL, 0, "no card"),
	};
	mlr_finding a[] = {
		fake("MLR201", "a.py", 1, "key"),    /* old, moved lines: same fingerprint */
		fake("MLR201", "a.py", 1, "key"),    /* a second copy of it: new */
		fake("MLR201", "b.py", 2, "key"),    /* same content, other file: new */
		fake("MLR401", NULL, 0, "no card"),  /* repository level, still there: old */
		fake("MLR901", "a.py", 0, "change"), /* change rules always stay */
		fake("MLR201", "a.py", 3, "key"),    /* new content */
	};
	mlr_result *base = fake_result(b, 3), *after = fake_result(a, 6);
	assert_int_equal(mlr_diff_keep_new(after, base, NULL), 0);
	assert_int_equal(after->finding_count, 4);
	assert_int_equal(after->preexisting_count, 2);
	assert_int_equal(after->findings[0].fingerprint, 1);
	assert_string_equal(after->findings[1].path, "b.py");
	assert_string_equal(after->findings[2].rule->id, "MLR901");
	assert_int_equal(after->findings[3].fingerprint, 3);
	mlr_result_free(after);
	mlr_result_free(base);
}

/* ------------------------------------------------------------------ real repositories */

static void commit_base(void)
{
	put("configs/serve.yaml", "decision_threshold: 0.5\nlr: 0.001\nport: 8080\n");
	put("churn/train.py", "from sklearn.linear_model import LogisticRegression\n"
			      "TOKEN = \"" KEY_OLD "\"\n"
			      "model = LogisticRegression().fit(X, y)\n");
	put("churn/util.py", "def helper():\n    return 1\n");
	put("models/churn.joblib", "weights v1\n");
	put("CHANGELOG.md", "# Changelog\n\n## 1.0\n- First model.\n");
	put("tests/test_util.py", "from churn.util import helper\n\n\ndef test_helper():\n    assert helper() == 1\n");
	git("add -A");
	git("commit -q -m base");
	git("checkout -q -b feature");
}

static void test_change_rules_on_a_branch(void **state)
{
	(void)state;
	commit_base();
	put("configs/serve.yaml", "decision_threshold: 0.35\nlr: 1e-3\nport: 8081\ndropout: 0.1\n");
	put("churn/train.py", "from sklearn.linear_model import LogisticRegression\n\n\n"
			      "TOKEN = \"" KEY_OLD "\"\n"
			      "KEY = \"" KEY_NEW "\"\n"
			      "model = LogisticRegression(C=2.0).fit(X, y)\n");
	put("models/churn.joblib", "weights v2\n");
	git("commit -q -a -m change");

	mlr_result *r = lint_diff(MLR_SOURCE_REV, "HEAD", "main");
	assert_true(r->has_base);
	assert_int_equal(strlen(r->base_commit), 40);
	assert_true(r->preexisting_count >= 1);
	/* the old key moved two lines down and is not new; the new key is */
	assert_int_equal(count_rule(r, "MLR201", "churn/train.py"), 1);
	assert_int_equal(find_rule(r, "MLR201")->line, 5);
	/* the threshold changed (0.5 -> 0.35); lr did not (0.001 == 1e-3); port is no
	 * tunable; dropout is a new key */
	assert_int_equal(count_rule(r, "MLR904", NULL), 1);
	const mlr_finding *t = find_rule(r, "MLR904");
	assert_string_equal(t->path, "configs/serve.yaml");
	assert_int_equal(t->line, 1);
	assert_non_null(strstr(t->message, "decision_threshold changes from 0.5 to 0.35"));
	assert_int_equal(count_rule(r, "MLR901", "churn/train.py"), 1);
	assert_int_equal(count_rule(r, "MLR901", "churn/util.py"), 0);
	assert_int_equal(count_rule(r, "MLR902", NULL), 1);
	assert_null(find_rule(r, "MLR902")->path);
	assert_int_equal(count_rule(r, "MLR903", "models/churn.joblib"), 1);
	assert_true(assessed(r, "MLR901") && assessed(r, "MLR903") && assessed(r, "MLR904"));
	assert_true(r->score.categories[MLR_CAT_CHANGE - 1].assessable);
	assert_false(r->base_category_assessable[MLR_CAT_CHANGE - 1]);
	mlr_result_free(r);
}

static void test_notes_and_tests_silence_change_rules(void **state)
{
	(void)state;
	commit_base();
	put("configs/serve.yaml", "decision_threshold: 0.35\nlr: 0.001\nport: 8080\n");
	put("churn/train.py", "from sklearn.linear_model import LogisticRegression\n"
			      "TOKEN = \"" KEY_OLD "\"\n"
			      "model = LogisticRegression(C=2.0).fit(X, y)\n");
	put("tests/test_train.py", "def test_fit():\n    assert True\n");
	put("CHANGELOG.md", "# Changelog\n\n## Unreleased\n- threshold 0.5 -> 0.35\n");
	git("add -A");
	git("commit -q -m change");
	mlr_result *r = lint_diff(MLR_SOURCE_AUTO, NULL, "main");
	for (size_t i = 0; i < r->finding_count; i++)
		if (r->findings[i].rule->category == MLR_CAT_CHANGE)
			fail_msg("%s fired: %s", r->findings[i].rule->id, r->findings[i].message);
	assert_true(assessed(r, "MLR901"));
	assert_true(assessed(r, "MLR904"));
	assert_false(assessed(r, "MLR903")); /* no artifact changed */
	assert_int_equal(count_rule(r, "MLR201", NULL), 0);
	mlr_result_free(r);
}

static void test_note_rules_need_a_place_for_the_note(void **state)
{
	(void)state;
	commit_base();
	git("rm -q CHANGELOG.md");
	git("commit -q -m no-changelog");
	git("branch -f main HEAD");
	git("checkout -q -b change2");
	put("configs/serve.yaml", "decision_threshold: 0.2\nlr: 0.001\nport: 8080\n");
	put("models/churn.joblib", "weights v3\n");
	put("churn/train.py", "from sklearn.linear_model import LogisticRegression\n"
			      "model = LogisticRegression(C=3.0).fit(X, y)\n");
	git("commit -q -a -m change");
	mlr_result *r = lint_diff(MLR_SOURCE_REV, "HEAD", "main");
	/* no changelog and no model card: the note rules are not assessed (MLR401/MLR410 ask) */
	assert_false(assessed(r, "MLR902"));
	assert_false(assessed(r, "MLR903"));
	assert_false(assessed(r, "MLR904"));
	assert_int_equal(count_rule(r, "MLR902", NULL) + count_rule(r, "MLR903", NULL) +
		count_rule(r, "MLR904", NULL), 0);
	/* the test rule needs no such place, only tests to extend */
	assert_true(assessed(r, "MLR901"));
	assert_int_equal(count_rule(r, "MLR901", "churn/train.py"), 1);
	mlr_result_free(r);

	/* without any test or evaluation code, MLR101 says so; MLR901 does not on every change */
	git("rm -q -r tests");
	git("commit -q -m no-tests");
	git("branch -f main HEAD");
	git("checkout -q -b change3");
	put("churn/train.py", "from sklearn.linear_model import LogisticRegression\n"
			      "model = LogisticRegression(C=4.0).fit(X, y)\n");
	git("commit -q -a -m change3");
	r = lint_diff(MLR_SOURCE_REV, "HEAD", "main");
	assert_false(assessed(r, "MLR901"));
	assert_int_equal(count_rule(r, "MLR901", NULL), 0);
	mlr_result_free(r);
}

static void test_worktree_and_staged_changes(void **state)
{
	(void)state;
	commit_base();
	/* staged: a changed threshold; work tree on top of it: a new key */
	put("configs/serve.yaml", "decision_threshold: 0.2\nlr: 0.001\nport: 8080\n");
	git("add configs/serve.yaml");
	put("churn/extra.py", "KEY = \"" KEY_NEW "\"\n");

	mlr_result *staged = lint_diff(MLR_SOURCE_STAGED, NULL, "main");
	assert_int_equal(count_rule(staged, "MLR904", "configs/serve.yaml"), 1);
	assert_int_equal(count_rule(staged, "MLR201", NULL), 0); /* extra.py is not staged */
	assert_int_equal(staged->changed_path_count, 1);
	mlr_result_free(staged);

	mlr_result *wt = lint_diff(MLR_SOURCE_WORKTREE, NULL, "main");
	assert_int_equal(count_rule(wt, "MLR904", "configs/serve.yaml"), 1);
	assert_int_equal(count_rule(wt, "MLR201", "churn/extra.py"), 1); /* untracked counts */
	assert_int_equal(wt->changed_path_count, 2);
	mlr_result_free(wt);
}

static void test_rename_keeps_old_findings_old(void **state)
{
	(void)state;
	commit_base();
	git("mv churn/train.py churn/fit_model.py");
	git("commit -q -m rename");
	mlr_result *r = lint_diff(MLR_SOURCE_REV, "HEAD", "main");
	assert_int_equal(count_rule(r, "MLR201", NULL), 0);
	mlr_result_free(r);
}

static void test_merge_base_not_tip(void **state)
{
	(void)state;
	commit_base();
	put("churn/util.py", "def helper():\n    return 2\n");
	git("commit -q -a -m feature-work");
	/* main moves on after the branch: its new secret is not the change's */
	git("checkout -q main");
	put("late.py", "KEY = \"" KEY_NEW "\"\n");
	git("add -A");
	git("commit -q -m main-moves-on");
	git("checkout -q feature");
	mlr_result *r = lint_diff(MLR_SOURCE_AUTO, NULL, "main");
	assert_int_equal(count_rule(r, "MLR201", NULL), 0);
	assert_int_equal(r->changed_path_count, 1);
	mlr_result_free(r);
}

static void test_errors(void **state)
{
	(void)state;
	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = repo_dir;
	opts.base = "main";
	mlr_result *r = NULL;
	/* an unborn HEAD */
	assert_int_equal(mlr_lint_diff(&r, &opts, NULL, NULL), MLR_EUSAGE);
	assert_null(r);
	commit_base();
	opts.base = "no-such-branch";
	assert_int_equal(mlr_lint_diff(&r, &opts, NULL, NULL), MLR_EUSAGE);
	assert_non_null(strstr(mlr_error_last(), "no-such-branch"));
	opts.base = "main";
	opts.source = MLR_SOURCE_HISTORY;
	assert_int_equal(mlr_lint_diff(&r, &opts, NULL, NULL), MLR_EUSAGE);
	/* unrelated histories */
	opts.source = MLR_SOURCE_AUTO;
	git("checkout -q --orphan other");
	git("commit -q -m orphan");
	assert_int_equal(mlr_lint_diff(&r, &opts, NULL, NULL), MLR_EUSAGE);
	assert_non_null(strstr(mlr_error_last(), "no common ancestor"));
	/* not a repository */
	char plain[] = "/tmp/mlready-plain-XXXXXX";
	assert_non_null(mkdtemp(plain));
	opts.path = plain;
	assert_int_equal(mlr_lint_diff(&r, &opts, NULL, NULL), MLR_EREPO);
	rmdir(plain);
	/* without --base, the change rules are not assessed */
	opts.path = repo_dir;
	opts.base = NULL;
	assert_int_equal(mlr_lint(&r, &opts), 0);
	assert_false(assessed(r, "MLR901"));
	assert_false(r->score.categories[MLR_CAT_CHANGE - 1].assessable);
	assert_false(r->has_base);
	mlr_result_free(r);
}

static char last_problem[256];

static void diag_fn(void *payload, const char *path, size_t line, size_t column, const char *message)
{
	++*(int *)payload;
	snprintf(last_problem, sizeof(last_problem), "%s:%zu:%zu: %s", path, line, column, message);
}

static void test_config_from_base(void **state)
{
	(void)state;
	put(".mlready.yml", "ignore: [MLR301]\n");
	commit_base();
	/* the change switches off the secret rule: the base's config still applies */
	put(".mlready.yml", "ignore: [MLR301, MLR201]\n");
	git("commit -q -a -m loosen");
	int problems = 0;
	mlr_diag d = { diag_fn, &problems, 0 };
	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = repo_dir;
	opts.base = "main";
	mlr_config *cfg = NULL;
	assert_int_equal(mlr_config_load_base(&cfg, &d, &opts), 0);
	assert_int_equal(problems, 0);
	assert_true(mlr_config_rule_enabled(cfg, mlr_rule_find("MLR201")));
	assert_false(mlr_config_rule_enabled(cfg, mlr_rule_find("MLR301")));
	mlr_config_free(cfg);
}

static void test_config_from_base_problems(void **state)
{
	(void)state;
	/* a bad config in the base is reported at its line, named by the base commit */
	put(".mlready.yml", "fail-on: error\nignroe: [MLR301]\n");
	commit_base();
	put(".mlready.yml", "fail-on: never\n");
	git("commit -q -a -m fix-it-here");
	int problems = 0;
	mlr_diag d = { diag_fn, &problems, 0 };
	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = repo_dir;
	opts.base = "main";
	mlr_config *cfg = NULL;
	assert_int_equal(mlr_config_load_base(&cfg, &d, &opts), MLR_ECONFIG);
	assert_int_equal(problems, 1);
	assert_null(cfg);
	assert_non_null(strstr(last_problem, ":.mlready.yml:2:1: unknown key 'ignroe'"));

	/* no config in the base: the defaults, whatever the change adds */
	git("rm -q --cached .mlready.yml");
	git("commit -q -m drop");
	git("branch -f main HEAD");
	git("checkout -q -b later");
	put(".mlready.yml", "ignore: [MLR201]\n");
	git("add .mlready.yml");
	git("commit -q -m add");
	problems = 0;
	assert_int_equal(mlr_config_load_base(&cfg, &d, &opts), 0);
	assert_int_equal(problems, 0);
	assert_true(mlr_config_rule_enabled(cfg, mlr_rule_find("MLR201")));
	mlr_config_free(cfg);
}

static void test_only_paths_staged(void **state)
{
	(void)state;
	commit_base();
	put("churn/a.py", "KEY = \"" KEY_NEW "\"\n");
	put("churn/b.py", "OTHER = \"" KEY_NEW "\"\n");
	git("add churn/a.py churn/b.py");
	put("churn/a.py", "KEY = None  # fixed in the work tree, not staged\n");
	const char *only[] = { "./churn/a.py", "churn/missing.py" };
	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = repo_dir;
	opts.source = MLR_SOURCE_STAGED;
	opts.only_paths = only;
	opts.only_path_count = 2;
	opts.jobs = 1;
	mlr_result *r = NULL;
	assert_int_equal(mlr_lint(&r, &opts), 0);
	assert_int_equal(r->file_count, 1);
	/* the staged content, not the work tree's */
	assert_int_equal(count_rule(r, "MLR201", "churn/a.py"), 1);
	assert_int_equal(count_rule(r, "MLR201", "churn/b.py"), 0);
	assert_int_equal(count_rule(r, "MLR201", "churn/train.py"), 0);
	assert_false(assessed(r, "MLR401")); /* repository rules are skipped */
	assert_false(assessed(r, "MLR101"));
	assert_true(r->partial);
	/* a name that matched nothing says so */
	assert_int_equal(r->note_count, 1);
	assert_string_equal(r->notes[0].path, "churn/missing.py");
	assert_non_null(strstr(r->notes[0].message, "named with --files"));
	mlr_result_free(r);

	opts.only_path_count = 0; /* --files with no file: nothing to lint */
	assert_int_equal(mlr_lint(&r, &opts), 0);
	assert_int_equal(r->file_count, 0);
	assert_int_equal(r->finding_count, 0);
	mlr_result_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_assignment),
		cmocka_unit_test(test_key_is_tunable),
		cmocka_unit_test(test_path_classes),
		cmocka_unit_test(test_py_code_differs),
		cmocka_unit_test(test_keep_new_matches_one_to_one),
		cmocka_unit_test_setup_teardown(test_change_rules_on_a_branch, setup_repo, teardown_repo),
		cmocka_unit_test_setup_teardown(test_notes_and_tests_silence_change_rules, setup_repo, teardown_repo),
		cmocka_unit_test_setup_teardown(test_note_rules_need_a_place_for_the_note, setup_repo, teardown_repo),
		cmocka_unit_test_setup_teardown(test_worktree_and_staged_changes, setup_repo, teardown_repo),
		cmocka_unit_test_setup_teardown(test_rename_keeps_old_findings_old, setup_repo, teardown_repo),
		cmocka_unit_test_setup_teardown(test_merge_base_not_tip, setup_repo, teardown_repo),
		cmocka_unit_test_setup_teardown(test_errors, setup_repo, teardown_repo),
		cmocka_unit_test_setup_teardown(test_config_from_base, setup_repo, teardown_repo),
		cmocka_unit_test_setup_teardown(test_config_from_base_problems, setup_repo, teardown_repo),
		cmocka_unit_test_setup_teardown(test_only_paths_staged, setup_repo, teardown_repo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
