/*
 * Where the secret rules look less: lock files and minified bundles (generic rule off,
 * provider formats kept) and the --history prefilter that decides whether a Python blob
 * needs its syntax tree. The prefilter must never clear a file the tree pass would flag.
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
#include "mlready.h"
#include "secrets/lockfiles.h"
#include "secrets/pyfilter.h"
#include "secrets/secrets.h"

/* hf_ + 34 letters: format-valid, plainly fake */
#define HF_FAKE "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"
/* a credential-shaped value no provider format claims */
#define GENERIC_FAKE "Zq8vN3xW7kL2pR9tY4mB6cD1"

static mlr_secret_scanner *scanner;

static int setup(void **state)
{
	(void)state;
	return mlr_secret_scanner_new(&scanner);
}

static int teardown(void **state)
{
	(void)state;
	mlr_secret_scanner_delete(scanner);
	return 0;
}

static size_t secret_findings(const char *name, const char *content, bool *provider);

static bool may_bind(const char *src)
{
	return mlr_secret_python_may_bind(scanner, src, strlen(src));
}

static void test_lockfile_names(void **state)
{
	(void)state;
	const char *yes[] = { "poetry.lock", "sub/dir/Pipfile.lock", "package-lock.json", "yarn.lock",
		"web/pnpm-lock.yaml", "uv.lock", "Cargo.lock", "composer.lock", "go.sum", NULL };
	const char *no[] = { "poetry.lock.py", "lock.json", "package.json", "go.mod", "yarn.lock/x",
		"notes/uv.locked", "Cargo.toml", NULL };
	for (size_t i = 0; yes[i]; i++)
		if (!mlr_secret_path_is_lockfile(yes[i]))
			fail_msg("%s is a lock file", yes[i]);
	for (size_t i = 0; no[i]; i++)
		if (mlr_secret_path_is_lockfile(no[i]))
			fail_msg("%s is not a lock file", no[i]);
	assert_false(mlr_secret_path_is_lockfile(NULL));
}

static void test_minified(void **state)
{
	(void)state;
	size_t n = 70 * 1024;
	char *buf = malloc(n + 1);
	assert_non_null(buf);
	/* one long line, a blank every 40 bytes: minified */
	for (size_t i = 0; i < n; i++)
		buf[i] = i % 40 == 39 ? ' ' : 'a' + (char)(i % 26);
	buf[n] = '\0';
	assert_true(mlr_secret_data_is_minified(buf, n));
	/* the same bytes as prose (a blank every 5): not minified */
	for (size_t i = 0; i < n; i++)
		buf[i] = i % 5 == 4 ? ' ' : 'a';
	assert_false(mlr_secret_data_is_minified(buf, n));
	/* long but in ordinary lines */
	for (size_t i = 0; i < n; i++)
		buf[i] = i % 80 == 79 ? '\n' : 'x';
	assert_false(mlr_secret_data_is_minified(buf, n));
	/* a short line first, then the long one */
	memset(buf, 'x', n);
	buf[10] = '\n';
	assert_true(mlr_secret_data_is_minified(buf, n));
	assert_false(mlr_secret_data_is_minified(buf, 1000));
	free(buf);
}

static void test_prefilter_keeps_what_the_tree_pass_flags(void **state)
{
	(void)state;
	const char *flagged[] = {
		"API_KEY = \"" GENERIC_FAKE "\"\n",
		"class C:\n    def __init__(self):\n        self.api_key = '" GENERIC_FAKE "'\n",
		"client = Client(api_key=\"" GENERIC_FAKE "\")\n",
		"client = Client(\n    api_key=\"" GENERIC_FAKE "\",\n)\n",
		"cfg = {\"password\": \"" GENERIC_FAKE "\"}\n",
		"cfg = {\n    \"password\":\n        \"" GENERIC_FAKE "\",\n}\n",
		"os.environ[\"MY_SERVICE_TOKEN\"] = \"" GENERIC_FAKE "\"\n",
		"def connect(password: str = \"" GENERIC_FAKE "\"):\n    pass\n",
		"TOKEN: str = \"" GENERIC_FAKE "\"\n",
		"HOST                 = \"db\"\nDB_PASSWORD          = \"" GENERIC_FAKE "\"\n",
		"x = Client(\n    token=\n        \"" GENERIC_FAKE "\")\n",
		"if token == \"" GENERIC_FAKE "\":\n    ok()\n",
		"if \"" GENERIC_FAKE "\" == token:\n    ok()\n",
		"a = secret_key = \"" GENERIC_FAKE "\"\n",
		"import wandb\nwandb.login(key=\"8c2f4e6a0b1d3c5e7f9a1b3c5d7e9f0a2b4c6d8e\")\n",
		"from wandb import login\nlogin(\"8c2f4e6a0b1d3c5e7f9a1b3c5d7e9f0a2b4c6d8e\")\n",
		"import os\nos.environ.setdefault(\"SERVICE_TOKEN\", \"" GENERIC_FAKE "\")\n",
		/* a quote in a comment above must not swallow the literal */
		"# don't ''' do this\nPASSWORD = '" GENERIC_FAKE "'\n",
		"x = \"it's\"; API_KEY = r'" GENERIC_FAKE "'\n",
		/* error recovery still binds it: Makefile syntax pasted into a .py */
		"SERVICE_TOKEN ?= \"" GENERIC_FAKE "\"\n",
		NULL
	};
	bool provider;
	for (size_t i = 0; flagged[i]; i++) {
		if (secret_findings("x.py", flagged[i], &provider) == 0)
			fail_msg("the tree pass does not flag this, the test is wrong:\n%s", flagged[i]);
		if (!may_bind(flagged[i]))
			fail_msg("prefilter cleared a file the tree pass flags:\n%s", flagged[i]);
	}
}

static void test_prefilter_clears_ordinary_code(void **state)
{
	(void)state;
	const char *clear[] = {
		"",
		"import torch\nmodel = torch.nn.Linear(4, 2)\nmax_tokens = 512\n",
		/* credential-shaped, but bound to no secret-like name */
		"MODEL_ID = \"" GENERIC_FAKE "\"\nrevision = \"" GENERIC_FAKE "\"\n",
		/* a secret-like name, bound to nothing credential-shaped */
		"api_key = os.environ[\"API_KEY\"]\ntoken = \"your-token\"\npassword = \"\"\n",
		/* a name that is called or passed along is not a binding */
		"def test_pass_model(self):\n    run(\"" GENERIC_FAKE "\")\n",
		/* docstrings and comments */
		"def f():\n    \"\"\"password = " GENERIC_FAKE "\"\"\"\n    return 1\n",
		"# api_key = \"" GENERIC_FAKE "\"\nx = 1\n",
		/* a dict loop's key is not wandb's key= */
		"for key in sd:\n    new = key.replace(\"" GENERIC_FAKE "\", \"b\")\n",
		/* the name is more than two lines above */
		"api_key = (\n\n\n\n    \"" GENERIC_FAKE "\"\n)\n",
		NULL
	};
	bool provider;
	for (size_t i = 0; clear[i]; i++) {
		if (may_bind(clear[i]))
			fail_msg("prefilter kept a file with nothing to find:\n%s", clear[i]);
		if (secret_findings("x.py", clear[i], &provider) != 0)
			fail_msg("the tree pass flags this, the prefilter must not clear it:\n%s", clear[i]);
	}
	/* one line of 200,000 credential-shaped literals: linear time (a bounded window per
	 * literal), so this returns at once instead of never; a binding at its end counts */
	const char *unit = "f(x, \"" GENERIC_FAKE "\"), ";
	const char *tail = "token=\"" GENERIC_FAKE "\"\n";
	size_t n = 200000, ul = strlen(unit), tl = strlen(tail);
	char *line = malloc(n * ul + tl + 1);
	assert_non_null(line);
	for (size_t i = 0; i < n; i++)
		memcpy(line + i * ul, unit, ul);
	line[n * ul] = '\0';
	assert_false(may_bind(line));
	memcpy(line + n * ul, tail, tl + 1);
	assert_true(may_bind(line));
	free(line);
	/* unterminated strings and stray quotes end at the input, never past it */
	assert_false(may_bind("x = '"));
	assert_false(may_bind("x = \"\"\"abc"));
	assert_false(may_bind("\\"));
}

/* ------------------------------------------------------------------ through the engine */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static bool last_minified_note; /* the last secret_findings run noted a minified file */

/* Lints one file (name, content) as a plain directory; returns the MLR201 findings. */
static size_t secret_findings(const char *name, const char *content, bool *provider)
{
	char root[] = "/tmp/mlr_filters_XXXXXX";
	char path[256];
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/%s", root, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);

	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = root;
	opts.source = MLR_SOURCE_DIR;
	opts.jobs = 1;
	mlr_result *res = NULL;
	if (mlr_lint(&res, &opts) < 0)
		fail_msg("lint: %s", mlr_error_last());
	size_t n = 0;
	*provider = false;
	for (size_t i = 0; i < res->finding_count; i++)
		if (!strcmp(res->findings[i].rule->id, "MLR201")) {
			n++;
			*provider |= strstr(res->findings[i].message, "huggingface") != NULL;
		}
	last_minified_note = false;
	for (size_t i = 0; i < res->note_count; i++)
		last_minified_note |= strstr(res->notes[i].message, "minified") != NULL;
	mlr_result_free(res);
	nftw(root, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	return n;
}

static void test_lockfile_keeps_provider_formats_only(void **state)
{
	(void)state;
	bool provider;
	/* a hash-like value under a secret-like name: the generic rule fires in a plain file */
	const char *hashes = "[metadata]\nauth_token = \"" GENERIC_FAKE "\"\n";
	assert_true(secret_findings("notes.toml", hashes, &provider) > 0);
	assert_int_equal(secret_findings("poetry.lock", hashes, &provider), 0);
	/* a real token format in a lock file's registry URL is still reported */
	const char *token = "[[package]]\nurl = \"https://pkgs.example/simple?t=" HF_FAKE "\"\n";
	assert_int_equal(secret_findings("uv.lock", token, &provider), 1);
	assert_true(provider);
}

static void test_minified_keeps_provider_formats_only(void **state)
{
	(void)state;
	bool provider;
	mlr_buf js = MLR_BUF_INIT;
	/* 80 KiB on one line, blanks nowhere: a bundle */
	for (int i = 0; js.len < 80 * 1024; i++)
		mlr_buf_printf(&js, "var a%d=\"k%08dQ\";", i, i * 7919);
	size_t plain = js.len;
	mlr_buf_puts(&js, "var auth_token=\"" GENERIC_FAKE "\";");
	assert_int_equal(secret_findings("app.min.js", mlr_buf_cstr(&js), &provider), 0);
	assert_true(last_minified_note);
	mlr_buf_puts(&js, "var hub=\"" HF_FAKE "\";");
	assert_int_equal(secret_findings("app.min.js", mlr_buf_cstr(&js), &provider), 1);
	assert_true(provider);
	/* the same bindings in ordinary lines: the generic rule is on */
	js.len = plain;
	js.ptr[plain] = '\0';
	for (size_t i = 0; i < plain; i += 100)
		js.ptr[i] = '\n';
	mlr_buf_puts(&js, "\nvar auth_token=\"" GENERIC_FAKE "\";\n");
	assert_int_equal(secret_findings("app.js", mlr_buf_cstr(&js), &provider), 1);
	assert_false(last_minified_note);
	mlr_buf_dispose(&js);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lockfile_names),
		cmocka_unit_test(test_minified),
		cmocka_unit_test(test_prefilter_keeps_what_the_tree_pass_flags),
		cmocka_unit_test(test_prefilter_clears_ordinary_code),
		cmocka_unit_test(test_lockfile_keeps_provider_formats_only),
		cmocka_unit_test(test_minified_keeps_provider_formats_only),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
