/* The engine: inline suppressions, repository checks over hand-built facts, and mlr_lint
 * end to end on a temporary plain directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "engine/engine.h"

static const mlr_rule r_secret = { .id = "MLR201", .name = "hardcoded-secret",
	.category = MLR_CAT_SECURITY, .severity = MLR_SEV_ERROR, .scope = MLR_SCOPE_TEXT };
static const mlr_rule r_track = { .id = "MLR301", .name = "untracked-experiment",
	.category = MLR_CAT_REPRODUCIBILITY, .severity = MLR_SEV_WARNING, .scope = MLR_SCOPE_REPO };
static const mlr_rule r_tests = { .id = "MLR101", .name = "missing-tests",
	.category = MLR_CAT_TESTING, .severity = MLR_SEV_ERROR, .scope = MLR_SCOPE_REPO };
static const mlr_rule r_card = { .id = "MLR401", .name = "missing-model-card",
	.category = MLR_CAT_DOCUMENTATION, .severity = MLR_SEV_WARNING, .scope = MLR_SCOPE_REPO };

static void findings_free(mlr_finding_array *fs)
{
	for (size_t i = 0; i < fs->len; i++)
		mlr_finding_dispose(&fs->items[i]);
	mlr_array_delete(fs);
}

/* ------------------------------------------------------------------ suppressions */

/* Does one finding of rule at line (cell 0) survive the filter over data? */
static bool survives(const char *data, const mlr_rule *rule, uint32_t line)
{
	mlr_finding_array fs = { 0 };
	assert_int_equal(mlr_emit(&fs, rule, "a.py", line, line ? 5 : 0, 1, false, "m"), 0);
	mlr_suppress_filter(&fs, 0, data, strlen(data));
	bool kept = fs.len == 1;
	assert_true(fs.len <= 1);
	findings_free(&fs);
	return kept;
}

static void test_suppress_by_id_on_line_and_above(void **state)
{
	(void)state;
	const char *same = "x = 1\nkey = 'v'  # mlready: ignore[MLR201]\ny = 2\n";
	assert_false(survives(same, &r_secret, 2));
	const char *above = "# mlready: ignore[MLR201]\nkey = 'v'\ny = 2\n";
	assert_false(survives(above, &r_secret, 2));
	/* two lines above, or the line below, is too far */
	const char *two_above = "# mlready: ignore[MLR201]\n\nkey = 'v'\n";
	assert_true(survives(two_above, &r_secret, 3));
	const char *below = "key = 'v'\n# mlready: ignore[MLR201]\n";
	assert_true(survives(below, &r_secret, 1));
	/* no marker at all */
	assert_true(survives("key = 'v'\n", &r_secret, 1));
}

static void test_suppress_by_name_list_and_case(void **state)
{
	(void)state;
	assert_false(survives("k = 'v'  # mlready: ignore[hardcoded-secret]\n", &r_secret, 1));
	assert_false(survives("k = 'v'  # mlready: ignore[MLR301, MLR201]\n", &r_secret, 1));
	assert_false(survives("k = 'v'  # mlready: ignore[MLR301,MLR201] -- test fixture\n", &r_secret, 1));
	assert_false(survives("k = 'v'  # MLREADY: IGNORE[mlr201]\n", &r_secret, 1));
	/* a different rule, a longer or shorter id, an empty list do not suppress */
	assert_true(survives("k = 'v'  # mlready: ignore[MLR301]\n", &r_secret, 1));
	assert_true(survives("k = 'v'  # mlready: ignore[MLR2011]\n", &r_secret, 1));
	assert_true(survives("k = 'v'  # mlready: ignore[MLR20]\n", &r_secret, 1));
	assert_true(survives("k = 'v'  # mlready: ignore[]\n", &r_secret, 1));
	assert_true(survives("k = 'v'  # mlready: ignore[hardcoded]\n", &r_secret, 1));
}

static void test_suppress_bare_ignore_silences_every_rule(void **state)
{
	(void)state;
	const char *data = "train()  # mlready: ignore\n";
	assert_false(survives(data, &r_secret, 1));
	assert_false(survives(data, &r_track, 1));
	assert_false(survives("# mlready: ignore -- generated file\ntrain()\n", &r_track, 2));
}

static void test_suppress_foreign_markers_only_for_secrets(void **state)
{
	(void)state;
	static const char *const markers[] = {
		"k = 'v'  # gitleaks:allow\n",
		"k = 'v'  # pragma: allowlist secret\n",
		"k = 'v'  # noqa: S105\n",
		"f(password='v')  # noqa: S106\n",
		"def f(password='v'):  # noqa: S107\n",
	};
	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
		assert_false(survives(markers[i], &r_secret, 1));
		assert_true(survives(markers[i], &r_track, 1));
	}
	assert_false(survives("# gitleaks:allow\nk = 'v'\n", &r_secret, 2));
	/* other noqa codes are other tools' business */
	assert_true(survives("k = 'v'  # noqa: E501\n", &r_secret, 1));
}

static void test_suppress_whole_file_cells_and_range(void **state)
{
	(void)state;
	const char *data = "# mlready: ignore\nx = 1\n";
	/* a finding about the whole file (line 0) is not silenced by a line comment */
	assert_true(survives(data, &r_secret, 0));
	/* a line past the end of the data is kept, and reading stays in bounds */
	assert_true(survives("x = 1\n", &r_secret, 40));
	assert_true(survives("x = 1\n", &r_secret, UINT32_MAX));
	assert_true(survives("", &r_secret, 1));

	mlr_finding_array fs = { 0 };
	/* findings before `from` belong to another file: untouched */
	assert_int_equal(mlr_emit(&fs, &r_secret, "other.py", 1, 1, 1, false, "before"), 0);
	assert_int_equal(mlr_emit(&fs, &r_secret, "a.py", 1, 1, 2, false, "suppressed"), 0);
	assert_int_equal(mlr_emit(&fs, &r_secret, "a.py", 4, 1, 3, false, "kept"), 0);
	assert_int_equal(mlr_emit(&fs, &r_secret, "a.py", 1, 1, 4, false, "in a cell"), 0);
	fs.items[3].cell = 2; /* notebook lines are cell lines, not lines of data */
	const char *data2 = "k = 1  # mlready: ignore\n\n\nz\n";
	mlr_suppress_filter(&fs, 1, data2, strlen(data2));
	assert_int_equal(fs.len, 3);
	assert_string_equal(fs.items[0].message, "before");
	assert_string_equal(fs.items[1].message, "kept");
	assert_string_equal(fs.items[2].message, "in a cell");
	findings_free(&fs);
}

static void test_suppress_many_findings_is_fast(void **state)
{
	(void)state;
	/* one finding per line of a large file: the filter must not rescan from the top
	 * for each finding */
	enum { LINES = 100000 };
	mlr_buf data = MLR_BUF_INIT;
	mlr_finding_array fs = { 0 };
	for (uint32_t i = 1; i <= LINES; i++) {
		mlr_buf_printf(&data, "k%u = 'v'%s\n", i, i % 2 ? "  # mlready: ignore[MLR201]" : "");
		assert_int_equal(mlr_emit(&fs, &r_secret, "big.py", i, 1, i, false, "m"), 0);
	}
	assert_false(data.oom);
	clock_t t0 = clock();
	mlr_suppress_filter(&fs, 0, data.ptr, data.len);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	/* linear work is milliseconds; a rescan per finding is tens of seconds */
	if (secs > 3.0)
		fail_msg("filtering %d findings took %.1f s", LINES, secs);
	/* odd lines are suppressed on the line; even lines by the odd line above */
	assert_int_equal(fs.len, 0);
	findings_free(&fs);
	mlr_buf_dispose(&data);
}

/* ------------------------------------------------------------------ repository checks */

typedef struct {
	mlr_file_array files;
	mlr_file_facts *facts;
	mlr_finding_array findings;
	mlr_kpi_array kpis;
	bool assessed;
} repo;

typedef struct {
	const char *path;
	uint32_t flags;
	const char *imports[4];
} file_spec;

static void repo_init(repo *r, const file_spec *specs, size_t n)
{
	memset(r, 0, sizeof(*r));
	r->facts = calloc(n ? n : 1, sizeof(*r->facts));
	assert_non_null(r->facts);
	for (size_t i = 0; i < n; i++) {
		mlr_file f = { .path = (char *)specs[i].path, .kind = MLR_KIND_PYTHON };
		assert_int_equal(mlr_array_push(&r->files, f), 0);
		r->facts[i].flags = specs[i].flags;
		if (specs[i].flags & MLR_FACT_TRAINS) {
			r->facts[i].train_line = 7;
			r->facts[i].train_call = (char *)"clf.fit";
		}
		r->facts[i].imports = (char **)specs[i].imports;
		while (r->facts[i].import_count < 4 && specs[i].imports[r->facts[i].import_count])
			r->facts[i].import_count++;
	}
}

static void repo_run(repo *r, const char *check, const mlr_rule *rule)
{
	const mlr_check *c = mlr_check_find(check);
	assert_non_null(c);
	assert_non_null(c->repo);
	mlr_repo_ctx ctx = { .files = &r->files, .facts = r->facts, .findings = &r->findings,
		.kpis = &r->kpis };
	c->repo(&ctx, rule);
	r->assessed = ctx.assessed;
}

static void repo_dispose(repo *r)
{
	findings_free(&r->findings);
	for (size_t i = 0; i < r->kpis.len; i++) {
		free(r->kpis.items[i].key);
		free(r->kpis.items[i].label);
	}
	mlr_array_delete(&r->kpis);
	mlr_array_delete(&r->files);
	free(r->facts); /* the facts' strings are the specs' */
}

#define SRC (MLR_FACT_ANALYZED | MLR_FACT_PYTHON | MLR_FACT_SOURCE_MODULE)
#define TEST_FILE (MLR_FACT_ANALYZED | MLR_FACT_PYTHON | MLR_FACT_TEST_FILE)

static void assert_kpi(const repo *r, const char *key, uint32_t num, uint32_t den)
{
	assert_int_equal(r->kpis.len, 1);
	assert_string_equal(r->kpis.items[0].key, key);
	assert_int_equal(r->kpis.items[0].numerator, num);
	assert_int_equal(r->kpis.items[0].denominator, den);
}

static void test_check_find(void **state)
{
	(void)state;
	assert_null(mlr_check_find("no_such_check"));
	assert_null(mlr_check_find(NULL));
	const mlr_check *c = mlr_check_find("hardcoded_secret");
	assert_non_null(c);
	assert_non_null(c->file);
}

static void test_missing_tests(void **state)
{
	(void)state;
	repo r;
	/* no Python at all: nothing to test, not assessed */
	file_spec none[] = { { "README.md", MLR_FACT_ANALYZED, { NULL } } };
	repo_init(&r, none, 1);
	repo_run(&r, "missing_tests", &r_tests);
	assert_false(r.assessed);
	assert_int_equal(r.findings.len, 0);
	assert_int_equal(r.kpis.len, 0);
	repo_dispose(&r);

	/* modules, and a test-named file without tests: a finding */
	file_spec untested[] = {
		{ "pkg/a.py", SRC, { NULL } },
		{ "pkg/b.py", SRC, { NULL } },
		{ "pkg/c.py", SRC, { NULL } },
		{ "tests/test_a.py", TEST_FILE, { NULL } },
	};
	repo_init(&r, untested, 4);
	repo_run(&r, "missing_tests", &r_tests);
	assert_true(r.assessed);
	assert_int_equal(r.findings.len, 1);
	assert_null(r.findings.items[0].path);
	assert_int_equal(r.findings.items[0].line, 0);
	assert_ptr_equal(r.findings.items[0].rule, &r_tests);
	assert_non_null(strstr(r.findings.items[0].message, "3 source modules"));
	assert_kpi(&r, "test_files_per_module", 0, 3);
	repo_dispose(&r);

	/* one real test file: no finding, the ratio is the KPI */
	untested[3].flags |= MLR_FACT_HAS_TESTS;
	repo_init(&r, untested, 4);
	repo_run(&r, "missing_tests", &r_tests);
	assert_true(r.assessed);
	assert_int_equal(r.findings.len, 0);
	assert_kpi(&r, "test_files_per_module", 1, 3);
	repo_dispose(&r);
}

static void test_untracked_experiment_direct(void **state)
{
	(void)state;
	repo r;
	file_spec idle[] = { { "pkg/a.py", SRC, { NULL } } };
	repo_init(&r, idle, 1);
	repo_run(&r, "untracked_experiment", &r_track);
	assert_false(r.assessed);
	assert_int_equal(r.findings.len, 0);
	assert_int_equal(r.kpis.len, 0);
	repo_dispose(&r);

	file_spec two[] = {
		{ "train.py", SRC | MLR_FACT_TRAINS, { NULL } },
		{ "tracked.py", SRC | MLR_FACT_TRAINS | MLR_FACT_TRACKS, { NULL } },
	};
	repo_init(&r, two, 2);
	repo_run(&r, "untracked_experiment", &r_track);
	assert_true(r.assessed);
	assert_int_equal(r.findings.len, 1);
	assert_string_equal(r.findings.items[0].path, "train.py");
	assert_non_null(strstr(r.findings.items[0].message, "clf.fit at line 7"));
	assert_kpi(&r, "tracked_training_entry_points", 1, 2);
	repo_dispose(&r);
}

/* Is the trainer at specs[0] tracked through its imports? */
static bool tracked_via(const file_spec *specs, size_t n)
{
	repo r;
	repo_init(&r, specs, n);
	repo_run(&r, "untracked_experiment", &r_track);
	assert_true(r.assessed);
	bool tracked = r.findings.len == 0;
	repo_dispose(&r);
	return tracked;
}

#define TRAINER(path, ...) { path, SRC | MLR_FACT_TRAINS, { __VA_ARGS__ } }
#define TRACKER(path) { path, SRC | MLR_FACT_TRACKS, { NULL } }
#define PLAIN(path) { path, SRC, { NULL } }

static void test_untracked_experiment_cross_file(void **state)
{
	(void)state;
	/* absolute imports, at any depth (src layout), module or package */
	file_spec abs1[] = { TRAINER("pkg/train.py", "pkg.tracking", NULL), TRACKER("pkg/tracking.py") };
	assert_true(tracked_via(abs1, 2));
	file_spec abs2[] = { TRAINER("src/pkg/train.py", "pkg.tracking", NULL), TRACKER("src/pkg/tracking.py") };
	assert_true(tracked_via(abs2, 2));
	file_spec pkg[] = { TRAINER("train.py", "pkg.tracking", NULL), TRACKER("pkg/tracking/__init__.py") };
	assert_true(tracked_via(pkg, 2));
	/* `from pkg import tracking`: the imported name is the module */
	file_spec name[] = { TRAINER("train.py", "pkg", "pkg.tracking", NULL), TRACKER("pkg/tracking.py") };
	assert_true(tracked_via(name, 2));

	/* the imported module does not track, or is a different module of the same name */
	file_spec plain[] = { TRAINER("train.py", "pkg.tracking", NULL), PLAIN("pkg/tracking.py"),
		TRACKER("other/logger.py") };
	assert_false(tracked_via(plain, 3));
	file_spec suffix[] = { TRAINER("train.py", "pkg.tracking", NULL), TRACKER("mypkg/tracking.py") };
	assert_false(tracked_via(suffix, 2));
	/* a third-party module named like one of ours, imported by its own name, is not ours */
	file_spec lib[] = { TRAINER("train.py", "tracking_lib", NULL), TRACKER("pkg/tracking.py") };
	assert_false(tracked_via(lib, 2));
	/* only one hop: a module that imports a tracker module does not track by itself */
	file_spec hops[] = { TRAINER("train.py", "pkg.utils", NULL), { "pkg/utils.py", SRC, { "pkg.tracking", NULL } },
		TRACKER("pkg/tracking.py") };
	assert_false(tracked_via(hops, 3));
}

static void test_untracked_experiment_relative_imports(void **state)
{
	(void)state;
	/* `from .tracking import log_run` in pkg/train.py */
	file_spec rel[] = { TRAINER("pkg/train.py", ".tracking", ".tracking.log_run", NULL), TRACKER("pkg/tracking.py") };
	assert_true(tracked_via(rel, 2));
	/* `from . import tracking` */
	file_spec dot[] = { TRAINER("pkg/train.py", ".", ".tracking", NULL), TRACKER("pkg/tracking.py") };
	assert_true(tracked_via(dot, 2));
	/* relative to the importer's directory, not anywhere */
	file_spec elsewhere[] = { TRAINER("pkg/train.py", ".tracking", NULL), TRACKER("other/tracking.py") };
	assert_false(tracked_via(elsewhere, 2));
	file_spec nested[] = { TRAINER("pkg/train.py", ".tracking", NULL), TRACKER("pkg/sub/tracking.py") };
	assert_false(tracked_via(nested, 2));
	/* `..` climbs one directory */
	file_spec up[] = { TRAINER("pkg/sub/train.py", "..utils.track", NULL), TRACKER("pkg/utils/track.py") };
	assert_true(tracked_via(up, 2));
	file_spec up_wrong[] = { TRAINER("pkg/sub/train.py", "..track", NULL), TRACKER("pkg/sub/track.py") };
	assert_false(tracked_via(up_wrong, 2));
	/* a top-level script's relative import */
	file_spec top[] = { TRAINER("train.py", ".tracking", NULL), TRACKER("tracking.py") };
	assert_true(tracked_via(top, 2));
	/* a package's __init__ */
	file_spec init[] = { TRAINER("pkg/train.py", ".log", NULL), TRACKER("pkg/log/__init__.py") };
	assert_true(tracked_via(init, 2));
}

static void test_missing_model_card(void **state)
{
	(void)state;
	repo r;
	file_spec idle[] = { PLAIN("pkg/a.py"), { "MODEL_CARD.md", MLR_FACT_ANALYZED | MLR_FACT_MODEL_CARD, { NULL } } };
	repo_init(&r, idle, 2);
	repo_run(&r, "missing_model_card", &r_card);
	assert_false(r.assessed);
	assert_int_equal(r.findings.len, 0);
	repo_dispose(&r);

	static const struct {
		uint32_t flags;
		const char *says;
	} cases[] = {
		{ MLR_FACT_TRAINS, "repository trains a model" },
		{ MLR_FACT_SERVES, "repository serves a model" },
		{ MLR_FACT_TRAINS | MLR_FACT_SERVES, "trains and serves" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		file_spec model[] = { { "app.py", SRC | cases[i].flags, { NULL } }, PLAIN("README.md") };
		repo_init(&r, model, 2);
		repo_run(&r, "missing_model_card", &r_card);
		assert_true(r.assessed);
		assert_int_equal(r.findings.len, 1);
		assert_null(r.findings.items[0].path);
		assert_non_null(strstr(r.findings.items[0].message, cases[i].says));
		repo_dispose(&r);

		file_spec carded[] = { { "app.py", SRC | cases[i].flags, { NULL } },
			{ "README.md", MLR_FACT_ANALYZED | MLR_FACT_MODEL_CARD, { NULL } } };
		repo_init(&r, carded, 2);
		repo_run(&r, "missing_model_card", &r_card);
		assert_true(r.assessed);
		assert_int_equal(r.findings.len, 0);
		repo_dispose(&r);
	}
}

/* ------------------------------------------------------------------ mlr_lint end to end */

static char tmp_root[64];

static void write_file(const char *rel, const char *data, size_t len)
{
	mlr_buf path = MLR_BUF_INIT;
	mlr_buf_printf(&path, "%s/%s", tmp_root, rel);
	char *slash = strrchr(path.ptr, '/');
	for (char *p = path.ptr + strlen(tmp_root) + 1; p < slash; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path.ptr, 0755);
			*p = '/';
		}
	*slash = '\0';
	mkdir(path.ptr, 0755);
	*slash = '/';
	FILE *f = fopen(path.ptr, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	mlr_buf_dispose(&path);
}

static void write_str(const char *rel, const char *data)
{
	write_file(rel, data, strlen(data));
}

/* A credential-shaped value made at run time, so no secret sits in this source. */
static void fake_secret(char *out, size_t len, uint32_t seed)
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
	for (size_t i = 0; i + 1 < len; i++) {
		seed = seed * 1103515245u + 12345u;
		out[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
	}
	out[len - 1] = '\0';
}

static int lint_setup(void **state)
{
	(void)state;
	strcpy(tmp_root, "/tmp/mlr-test-engine-XXXXXX");
	if (!mkdtemp(tmp_root))
		return -1;
	char s1[25], s2[25];
	fake_secret(s1, sizeof(s1), 7);
	fake_secret(s2, sizeof(s2), 11);
	char config[256];
	snprintf(config, sizeof(config),
		"db_password = \"%s\"\n"
		"api_token = \"%s\"  # mlready: ignore[MLR201]\n", s1, s2);
	write_str("pkg/config.py", config);
	write_str("pkg/__init__.py", "");
	write_str("pkg/model.py", "def predict(x):\n    return x\n");
	write_str("train.py",
		"from sklearn.ensemble import RandomForestClassifier\n"
		"clf = RandomForestClassifier()\n"
		"clf.fit(X, y)\n");
	/* parsed (eval is MLR205's trigger), and its syntax error noted; a file no rule needs
	 * a tree for is not parsed at all (the prefilter), so it has no such note */
	write_str("broken.py", "import os\ndef f(:\n    eval(x)\n");
	write_str("unparsed.py", "import os\ndef g(:\n    pass\n");
	static const char bin[] = "\x00\x01\x02\x03import os\x00\xff\xfe";
	write_file("bin.py", bin, sizeof(bin) - 1);
	write_str("README.md", "# A project\n");
	write_str("empty/.keep", "");
	return 0;
}

static int lint_teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_root);
	return system(cmd) == 0 ? 0 : -1;
}

static mlr_result *lint(const char *subdir, int jobs)
{
	char path[128];
	snprintf(path, sizeof(path), "%s%s", tmp_root, subdir);
	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = path;
	opts.source = MLR_SOURCE_DIR;
	opts.jobs = jobs;
	mlr_result *res = NULL;
	int rc = mlr_lint(&res, &opts);
	if (rc < 0)
		fail_msg("mlr_lint failed (%d): %s", rc, mlr_error_last());
	assert_non_null(res);
	return res;
}

static const mlr_finding *find(const mlr_result *res, const char *id, const char *path)
{
	for (size_t i = 0; i < res->finding_count; i++) {
		const mlr_finding *f = &res->findings[i];
		if (!strcmp(f->rule->id, id) && (path ? f->path && !strcmp(f->path, path) : !f->path))
			return f;
	}
	return NULL;
}

static size_t count_rule(const mlr_result *res, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < res->finding_count; i++)
		n += !strcmp(res->findings[i].rule->id, id);
	return n;
}

static int status_of(const mlr_result *res, const char *id)
{
	for (size_t i = 0; i < res->rule_count; i++)
		if (!strcmp(res->rules[i].rule->id, id))
			return res->rules[i].assessed;
	return -1;
}

static const mlr_note *note_for(const mlr_result *res, const char *path)
{
	for (size_t i = 0; i < res->note_count; i++)
		if (res->notes[i].path && !strcmp(res->notes[i].path, path))
			return &res->notes[i];
	return NULL;
}

static int cmp_nullable(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

static void test_lint_directory(void **state)
{
	(void)state;
	mlr_result *res = lint("", 1);
	assert_string_equal(res->source, "directory");
	assert_true(res->file_count >= 7);

	/* repository level */
	assert_non_null(find(res, "MLR101", NULL));
	const mlr_finding *card = find(res, "MLR401", NULL);
	assert_non_null(card);
	assert_non_null(strstr(card->message, "trains"));
	/* per file */
	const mlr_finding *track = find(res, "MLR301", "train.py");
	assert_non_null(track);
	assert_non_null(strstr(track->message, "clf.fit at line 3"));
	const mlr_finding *secret = find(res, "MLR201", "pkg/config.py");
	assert_non_null(secret);
	assert_int_equal(secret->line, 1);
	assert_int_equal(secret->severity, MLR_SEV_ERROR);
	/* the suppressed one on line 2 is gone; nothing is reported twice */
	assert_int_equal(count_rule(res, "MLR201"), 1);
	assert_int_equal(count_rule(res, "MLR301"), 1);
	/* no finding message carries the secret in full */
	char s1[25];
	fake_secret(s1, sizeof(s1), 7);
	for (size_t i = 0; i < res->finding_count; i++)
		assert_null(strstr(res->findings[i].message, s1));

	/* sorted: repository level first, then path, line, column, rule id */
	for (size_t i = 1; i < res->finding_count; i++) {
		const mlr_finding *a = &res->findings[i - 1], *b = &res->findings[i];
		int c = cmp_nullable(a->path, b->path);
		if (!c)
			c = a->line != b->line ? (a->line < b->line ? -1 : 1) : 0;
		if (!c)
			c = a->column != b->column ? (a->column < b->column ? -1 : 1) : 0;
		if (!c)
			c = strcmp(a->rule->id, b->rule->id);
		assert_true(c <= 0);
	}

	/* notes: the binary file and the syntax error, sorted by path, and the run went on */
	const mlr_note *bin = note_for(res, "bin.py");
	assert_non_null(bin);
	assert_non_null(strstr(bin->message, "binary"));
	const mlr_note *broken = note_for(res, "broken.py");
	assert_non_null(broken);
	assert_non_null(strstr(broken->message, "syntax error at line 2"));
	assert_null(note_for(res, "unparsed.py"));
	for (size_t i = 1; i < res->note_count; i++)
		assert_true(cmp_nullable(res->notes[i - 1].path, res->notes[i].path) <= 0);

	/* what was assessed */
	assert_int_equal(status_of(res, "MLR101"), 1);
	assert_int_equal(status_of(res, "MLR201"), 1);
	assert_int_equal(status_of(res, "MLR301"), 1);
	assert_int_equal(status_of(res, "MLR401"), 1);
	for (size_t i = 1; i < res->rule_count; i++)
		assert_true(strcmp(res->rules[i - 1].rule->id, res->rules[i].rule->id) < 0);

	/* KPIs from the repository rules, sorted by rule id */
	bool have_tracking_kpi = false;
	for (size_t i = 0; i < res->kpi_count; i++) {
		if (i)
			assert_true(strcmp(res->kpis[i - 1].rule->id, res->kpis[i].rule->id) <= 0);
		if (!strcmp(res->kpis[i].key, "tracked_training_entry_points")) {
			have_tracking_kpi = true;
			assert_int_equal(res->kpis[i].numerator, 0);
			assert_int_equal(res->kpis[i].denominator, 1);
		}
	}
	assert_true(have_tracking_kpi);
	mlr_result_free(res);
}

static void test_lint_deterministic_across_jobs(void **state)
{
	(void)state;
	mlr_result *a = lint("", 1);
	mlr_result *b = lint("", 2);
	assert_int_equal(a->file_count, b->file_count);
	assert_int_equal(a->byte_count, b->byte_count);
	assert_int_equal(a->finding_count, b->finding_count);
	for (size_t i = 0; i < a->finding_count; i++) {
		const mlr_finding *fa = &a->findings[i], *fb = &b->findings[i];
		assert_ptr_equal(fa->rule, fb->rule);
		assert_int_equal(cmp_nullable(fa->path, fb->path), 0);
		assert_int_equal(fa->line, fb->line);
		assert_int_equal(fa->column, fb->column);
		assert_int_equal(fa->severity, fb->severity);
		assert_string_equal(fa->message, fb->message);
		assert_true(fa->fingerprint == fb->fingerprint);
	}
	assert_int_equal(a->note_count, b->note_count);
	for (size_t i = 0; i < a->note_count; i++) {
		assert_int_equal(cmp_nullable(a->notes[i].path, b->notes[i].path), 0);
		assert_string_equal(a->notes[i].message, b->notes[i].message);
	}
	assert_int_equal(a->rule_count, b->rule_count);
	for (size_t i = 0; i < a->rule_count; i++)
		assert_int_equal(a->rules[i].assessed, b->rules[i].assessed);
	assert_true(a->score.overall == b->score.overall);
	mlr_result_free(a);
	mlr_result_free(b);
}

static void test_lint_nothing_to_assess(void **state)
{
	(void)state;
	mlr_result *res = lint("/empty", 2);
	assert_int_equal(count_rule(res, "MLR101"), 0);
	assert_int_equal(count_rule(res, "MLR301"), 0);
	assert_int_equal(count_rule(res, "MLR401"), 0);
	assert_int_equal(status_of(res, "MLR101"), 0);
	assert_int_equal(status_of(res, "MLR301"), 0);
	assert_int_equal(status_of(res, "MLR401"), 0);
	assert_int_equal(res->kpi_count, 0);
	mlr_result_free(res);
}

static void test_lint_errors(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof(path), "%s/does-not-exist", tmp_root);
	mlr_options opts;
	mlr_options_init(&opts);
	assert_string_equal(opts.path, ".");
	assert_int_equal(opts.source, MLR_SOURCE_AUTO);
	opts.path = path;
	opts.source = MLR_SOURCE_DIR;
	mlr_result *res = (mlr_result *)0x1;
	int rc = mlr_lint(&res, &opts);
	assert_true(rc < 0);
	assert_null(res);
	assert_true(strlen(mlr_error_last()) > 0);
	mlr_result_free(NULL);
}

int main(void)
{
	const struct CMUnitTest suppress[] = {
		cmocka_unit_test(test_suppress_by_id_on_line_and_above),
		cmocka_unit_test(test_suppress_by_name_list_and_case),
		cmocka_unit_test(test_suppress_bare_ignore_silences_every_rule),
		cmocka_unit_test(test_suppress_foreign_markers_only_for_secrets),
		cmocka_unit_test(test_suppress_whole_file_cells_and_range),
		cmocka_unit_test(test_suppress_many_findings_is_fast),
	};
	const struct CMUnitTest checks[] = {
		cmocka_unit_test(test_check_find),
		cmocka_unit_test(test_missing_tests),
		cmocka_unit_test(test_untracked_experiment_direct),
		cmocka_unit_test(test_untracked_experiment_cross_file),
		cmocka_unit_test(test_untracked_experiment_relative_imports),
		cmocka_unit_test(test_missing_model_card),
	};
	const struct CMUnitTest lint_tests[] = {
		cmocka_unit_test(test_lint_directory),
		cmocka_unit_test(test_lint_deterministic_across_jobs),
		cmocka_unit_test(test_lint_nothing_to_assess),
		cmocka_unit_test(test_lint_errors),
	};
	int failed = cmocka_run_group_tests_name("suppress", suppress, NULL, NULL);
	failed += cmocka_run_group_tests_name("repo checks", checks, NULL, NULL);
	failed += cmocka_run_group_tests_name("lint", lint_tests, lint_setup, lint_teardown);
	return failed;
}
