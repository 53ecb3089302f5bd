/* Repository rules that read Git history (MLR407 model-card-stale, MLR408 changelog-stale,
 * MLR813 large-blob-in-history) and the size rule MLR812, on repositories built here with
 * libgit2: commits with chosen dates, tags, a blob added and deleted again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "repo/artifacts.h"
#include "repo/history.h"
#include "core/oidset.h"

#define DAY 86400
#define T0 1700000000

static const char *const TRAIN =
	"from sklearn.linear_model import LogisticRegression\n\n"
	"model = LogisticRegression(max_iter=200).fit(X_train, y_train)\n";

typedef struct {
	char dir[64];
	git_repository *repo;
} fixture;

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof(*fx));
	assert_non_null(fx);
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/mlready-history-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	git_libgit2_init();
	assert_int_equal(git_repository_init(&fx->repo, fx->dir, 0), 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	git_repository_free(fx->repo);
	git_libgit2_shutdown();
	nftw(fx->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return 0;
}

static void put(fixture *fx, const char *rel, const char *data, size_t len)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", fx->dir, rel);
	for (char *p = path + strlen(fx->dir) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0700);
			*p = '/';
		}
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void put_s(fixture *fx, const char *rel, const char *text)
{
	put(fx, rel, text, strlen(text));
}

static void del(fixture *fx, const char *rel)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", fx->dir, rel);
	assert_int_equal(unlink(path), 0);
}

/* Commits the whole work tree (additions, changes, deletions) at time t. */
static void commit_at(fixture *fx, int64_t t, const char *msg)
{
	git_index *index;
	git_oid tree_id, commit_id, parent_id;
	git_tree *tree;
	git_signature *sig;
	git_commit *parent = NULL;
	assert_int_equal(git_repository_index(&index, fx->repo), 0);
	char *paths[] = { "*" };
	git_strarray spec = { paths, 1 };
	assert_int_equal(git_index_add_all(index, &spec, GIT_INDEX_ADD_DEFAULT, NULL, NULL), 0);
	assert_int_equal(git_index_update_all(index, &spec, NULL, NULL), 0);
	assert_int_equal(git_index_write(index), 0);
	assert_int_equal(git_index_write_tree(&tree_id, index), 0);
	assert_int_equal(git_tree_lookup(&tree, fx->repo, &tree_id), 0);
	assert_int_equal(git_signature_new(&sig, "t", "t@mlready.invalid", (git_time_t)t, 0), 0);
	if (git_reference_name_to_id(&parent_id, fx->repo, "HEAD") == 0)
		assert_int_equal(git_commit_lookup(&parent, fx->repo, &parent_id), 0);
	const git_commit *parents[] = { parent };
	assert_int_equal(git_commit_create(&commit_id, fx->repo, "HEAD", sig, sig, NULL, msg, tree,
				 parent ? 1 : 0, parents), 0);
	git_commit_free(parent);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(index);
}

static void tag_head(fixture *fx, const char *name)
{
	git_oid head, out;
	git_object *obj;
	assert_int_equal(git_reference_name_to_id(&head, fx->repo, "HEAD"), 0);
	assert_int_equal(git_object_lookup(&obj, fx->repo, &head, GIT_OBJECT_COMMIT), 0);
	assert_int_equal(git_tag_create_lightweight(&out, fx->repo, name, obj, 0), 0);
	git_object_free(obj);
}

typedef struct {
	size_t findings;
	char message[512];
	char path[256];
	bool assessed;
	bool kpi;
	uint32_t num, den;
} rule_view;

static rule_view lint(fixture *fx, const char *rule_id, mlr_source_kind kind)
{
	rule_view v = { 0 };
	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = fx->dir;
	opts.source = kind;
	opts.rev = kind == MLR_SOURCE_REV ? "HEAD" : NULL;
	opts.jobs = 1;
	mlr_result *res = NULL;
	if (mlr_lint(&res, &opts) < 0)
		fail_msg("lint failed: %s", mlr_error_last());
	for (size_t i = 0; i < res->finding_count; i++)
		if (!strcmp(res->findings[i].rule->id, rule_id)) {
			if (!v.findings++) {
				snprintf(v.message, sizeof(v.message), "%s", res->findings[i].message);
				snprintf(v.path, sizeof(v.path), "%s", res->findings[i].path ? res->findings[i].path : "");
			}
		}
	for (size_t i = 0; i < res->rule_count; i++)
		if (!strcmp(res->rules[i].rule->id, rule_id))
			v.assessed = res->rules[i].assessed;
	for (size_t i = 0; i < res->kpi_count; i++)
		if (!strcmp(res->kpis[i].rule->id, rule_id)) {
			v.kpi = true;
			v.num = res->kpis[i].numerator;
			v.den = res->kpis[i].denominator;
		}
	mlr_result_free(res);
	return v;
}

/* ------------------------------------------------------------------ MLR407 */

static void edit_train(fixture *fx, int i)
{
	char text[512];
	snprintf(text, sizeof(text), "%s# change %d\n", TRAIN, i);
	put_s(fx, "train.py", text);
}

static void test_card_goes_stale_and_fresh_again(void **state)
{
	fixture *fx = *state;
	put_s(fx, "MODEL_CARD.md", "# Churn model\n## Intended use\nRanking.\n");
	put_s(fx, "train.py", TRAIN);
	commit_at(fx, T0, "first model");
	rule_view v = lint(fx, "MLR407", MLR_SOURCE_AUTO);
	assert_true(v.assessed);
	assert_int_equal(v.findings, 0);
	assert_true(v.kpi);
	assert_int_equal(v.num, 1);
	assert_int_equal(v.den, 1);

	for (int i = 0; i < 6; i++) {
		edit_train(fx, i);
		commit_at(fx, T0 + (100 + i) * DAY, "train change");
	}
	v = lint(fx, "MLR407", MLR_SOURCE_AUTO);
	assert_int_equal(v.findings, 1);
	assert_string_equal(v.path, "MODEL_CARD.md");
	assert_non_null(strstr(v.message, "105 days and 6 commits"));
	assert_non_null(strstr(v.message, "train.py"));
	assert_int_equal(v.num, 0);
	assert_int_equal(v.den, 1);

	/* the same history read from the object database */
	v = lint(fx, "MLR407", MLR_SOURCE_REV);
	assert_int_equal(v.findings, 1);

	put_s(fx, "MODEL_CARD.md", "# Churn model\n## Intended use\nRanking, retrained on 2024 data.\n");
	commit_at(fx, T0 + 110 * DAY, "card update");
	v = lint(fx, "MLR407", MLR_SOURCE_AUTO);
	assert_int_equal(v.findings, 0);
	assert_int_equal(v.num, 1);
}

static void test_card_thresholds_need_commits_and_days(void **state)
{
	fixture *fx = *state;
	put_s(fx, "MODEL_CARD.md", "# Churn model\n");
	put_s(fx, "train.py", TRAIN);
	commit_at(fx, T0, "first");
	/* many commits, but within a month: not stale */
	for (int i = 0; i < 8; i++) {
		edit_train(fx, i);
		commit_at(fx, T0 + (i + 1) * DAY, "quick iteration");
	}
	assert_int_equal(lint(fx, "MLR407", MLR_SOURCE_AUTO).findings, 0);
	/* a long time, but only 8 + 1 < ... commits: the ninth lands 200 days later */
	edit_train(fx, 99);
	commit_at(fx, T0 + 200 * DAY, "late change");
	rule_view v = lint(fx, "MLR407", MLR_SOURCE_AUTO);
	assert_int_equal(v.findings, 1);
	assert_non_null(strstr(v.message, "200 days and 9 commits"));
}

static void test_card_judged_against_its_own_directory(void **state)
{
	fixture *fx = *state;
	put_s(fx, "models/a/MODEL_CARD.md", "# Model A\n");
	put_s(fx, "models/a/train.py", TRAIN);
	put_s(fx, "models/b/train.py", TRAIN);
	commit_at(fx, T0, "two models");
	for (int i = 0; i < 6; i++) {
		char text[512];
		snprintf(text, sizeof(text), "%s# b %d\n", TRAIN, i);
		put_s(fx, "models/b/train.py", text);
		commit_at(fx, T0 + (120 + i) * DAY, "model b changes");
	}
	rule_view v = lint(fx, "MLR407", MLR_SOURCE_AUTO);
	assert_int_equal(v.findings, 0); /* model a's code never changed */
	assert_int_equal(v.num, 1);
}

static void test_history_rules_not_assessed_without_git(void **state)
{
	fixture *fx = *state;
	put_s(fx, "MODEL_CARD.md", "# Churn model\n");
	put_s(fx, "train.py", TRAIN);
	put_s(fx, "CHANGELOG.md", "## 1.0.0\n");
	commit_at(fx, T0, "first");
	tag_head(fx, "v2.0.0");
	assert_true(lint(fx, "MLR407", MLR_SOURCE_AUTO).assessed);
	assert_true(lint(fx, "MLR408", MLR_SOURCE_AUTO).assessed);
	assert_true(lint(fx, "MLR813", MLR_SOURCE_AUTO).assessed);
	rule_view v = lint(fx, "MLR407", MLR_SOURCE_DIR);
	assert_false(v.assessed);
	assert_false(v.kpi);
	assert_false(lint(fx, "MLR408", MLR_SOURCE_DIR).assessed);
	assert_false(lint(fx, "MLR813", MLR_SOURCE_DIR).assessed);
}

/* ------------------------------------------------------------------ MLR408 */

/* Commits changelog on day T0 + day, tags it, and expects `want` MLR408 findings. */
static void release_with_changelog(fixture *fx, const char *changelog, int day, const char *tag, int want)
{
	put_s(fx, "CHANGELOG.md", changelog);
	commit_at(fx, T0 + day * DAY, tag);
	tag_head(fx, tag);
	assert_int_equal(lint(fx, "MLR408", MLR_SOURCE_AUTO).findings, want);
}

static void test_changelog_against_release_tags(void **state)
{
	fixture *fx = *state;
	put_s(fx, "CHANGELOG.md", "# Changelog\n## [1.0.0] - 2023-11-14\n- First model.\n");
	put_s(fx, "train.py", TRAIN);
	commit_at(fx, T0, "release 1.0.0");
	tag_head(fx, "v1.0.0");
	assert_int_equal(lint(fx, "MLR408", MLR_SOURCE_AUTO).findings, 0);

	edit_train(fx, 1);
	commit_at(fx, T0 + 30 * DAY, "retrain");
	tag_head(fx, "v1.1.0");
	rule_view v = lint(fx, "MLR408", MLR_SOURCE_AUTO);
	assert_int_equal(v.findings, 1);
	assert_string_equal(v.path, "CHANGELOG.md");
	assert_non_null(strstr(v.message, "v1.1.0"));

	/* "1.1" names 1.1.0; "1.10.0" would not */
	put_s(fx, "CHANGELOG.md", "# Changelog\n## 1.10.0 (draft)\n## 1.0.0\n");
	commit_at(fx, T0 + 31 * DAY, "wrong entry");
	tag_head(fx, "v1.1.1");
	assert_int_equal(lint(fx, "MLR408", MLR_SOURCE_AUTO).findings, 1);
	put_s(fx, "CHANGELOG.md", "# Changelog\n## 1.1.1\n- Retrained.\n## 1.0.0\n");
	commit_at(fx, T0 + 32 * DAY, "log it");
	/* a later pre-release tag is not a release */
	tag_head(fx, "v1.2.0rc1");
	assert_int_equal(lint(fx, "MLR408", MLR_SOURCE_AUTO).findings, 0);
	/* date releases count; a build number does not */
	edit_train(fx, 2);
	commit_at(fx, T0 + 40 * DAY, "date release");
	tag_head(fx, "build-7");
	assert_int_equal(lint(fx, "MLR408", MLR_SOURCE_AUTO).findings, 0);
	tag_head(fx, "v20240930");
	rule_view v2 = lint(fx, "MLR408", MLR_SOURCE_AUTO);
	assert_int_equal(v2.findings, 1);
	assert_non_null(strstr(v2.message, "v20240930"));
	put_s(fx, "CHANGELOG.md", "# Changelog\n## [v20240930](https://example.invalid/releases/v20240930)\n## 1.1.1\n");
	commit_at(fx, T0 + 41 * DAY, "log the date release");
	assert_int_equal(lint(fx, "MLR408", MLR_SOURCE_AUTO).findings, 0);
	/* notes kept on a releases page: a changelog that lists no version and links there */
	edit_train(fx, 3);
	release_with_changelog(fx, "# Changes\nSee the release notes at\n[the releases page]"
		"(https://git.example.invalid/team/model/releases) for each version.\n", 50, "v2.0.0", 0);
	/* a link alone, or a releases page beside versions of its own, is not that */
	release_with_changelog(fx, "# Changes\nSee the releases page: git.example.invalid/team/model/releases\n",
		51, "v2.0.1", 1);
	release_with_changelog(fx, "# Changes\nOlder notes: https://git.example.invalid/team/model/releases\n"
		"## 1.1.1\n- Retrained.\n", 52, "v2.0.2", 1);
}

/* ------------------------------------------------------------------ MLR812, MLR813 */

static void test_large_files_and_blobs(void **state)
{
	fixture *fx = *state;
	size_t big = (size_t)MLR_HISTORY_BLOB_BYTES + 4096;
	char *blob = calloc(1, big);
	assert_non_null(blob);
	memcpy(blob, "ckpt", 4);
	put_s(fx, "train.py", TRAIN);
	put(fx, "checkpoints/epoch_40.tar", blob, big);
	put(fx, "data/train.csv", blob, (size_t)MLR_LARGE_DATA_BYTES + 1);
	put_s(fx, "data/sample.csv", "id,label\n1,0\n");
	commit_at(fx, T0, "add data and a checkpoint");
	rule_view v = lint(fx, "MLR812", MLR_SOURCE_AUTO);
	assert_int_equal(v.findings, 2);  /* the checkpoint (over 5 MiB) and the CSV (over 1 MiB) */
	assert_int_equal(lint(fx, "MLR813", MLR_SOURCE_AUTO).findings, 0); /* still in the tree */

	del(fx, "checkpoints/epoch_40.tar");
	commit_at(fx, T0 + DAY, "oops, remove the checkpoint");
	v = lint(fx, "MLR813", MLR_SOURCE_AUTO);
	assert_true(v.assessed);
	assert_int_equal(v.findings, 1);
	assert_non_null(strstr(v.message, "checkpoints/epoch_40.tar"));
	assert_non_null(strstr(v.message, "10.0 MiB"));
	assert_int_equal(lint(fx, "MLR812", MLR_SOURCE_AUTO).findings, 1);

	/* tracked by Git LFS: not a large file in Git (the pointer is what Git stores) */
	put_s(fx, ".gitattributes", "data/*.csv filter=lfs diff=lfs merge=lfs -text\n");
	commit_at(fx, T0 + 2 * DAY, "track data with LFS");
	assert_int_equal(lint(fx, "MLR812", MLR_SOURCE_AUTO).findings, 0);
	free(blob);
}

/* ------------------------------------------------------------------ the walker itself */

typedef struct {
	uint32_t changes[3];
	uint32_t commits;
} walk_count;

static bool count_changes(void *payload, uint32_t index, const git_commit *c, const bool *changed)
{
	walk_count *w = payload;
	(void)index;
	(void)c;
	w->commits++;
	for (int i = 0; i < 3; i++)
		w->changes[i] += changed[i];
	return true;
}

static void test_walker_sees_adds_edits_and_deletes(void **state)
{
	fixture *fx = *state;
	put_s(fx, "a/x.py", "1\n");
	put_s(fx, "b.txt", "b\n");
	commit_at(fx, T0, "add");            /* a/x.py added */
	put_s(fx, "b.txt", "b2\n");
	commit_at(fx, T0 + 1, "edit b");     /* unrelated */
	put_s(fx, "a/x.py", "2\n");
	commit_at(fx, T0 + 2, "edit x");     /* a/x.py changed */
	del(fx, "a/x.py");
	put_s(fx, "a/y.py", "y\n");
	commit_at(fx, T0 + 3, "delete x");   /* a/x.py removed */

	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = fx->dir;
	mlr_note_array notes = { 0 };
	mlr_source *src = NULL;
	assert_int_equal(mlr_source_open(&src, &opts, &notes), 0);
	mlr_repo_ctx ctx = { &opts, src, NULL, mlr_source_files(src), NULL, NULL, NULL, NULL, false };
	mlr_history *h = NULL;
	assert_int_equal(mlr_history_open(&h, &ctx), 0);
	const char *paths[] = { "a/x.py", "a", "missing/never.py" };
	walk_count w = { { 0 }, 0 };
	mlr_walk_stats st;
	assert_int_equal(mlr_history_walk(h, paths, 3, 100, count_changes, &w, &st), 0);
	assert_int_equal(w.commits, 4);
	assert_int_equal(st.walked, 4);
	assert_false(st.bounded);
	assert_int_equal(w.changes[0], 3); /* added, edited, deleted */
	assert_int_equal(w.changes[1], 3); /* the directory's tree changed with it */
	assert_int_equal(w.changes[2], 0);
	/* bounded walks say so */
	memset(&w, 0, sizeof(w));
	assert_int_equal(mlr_history_walk(h, paths, 3, 2, count_changes, &w, &st), 0);
	assert_int_equal(w.commits, 2);
	assert_true(st.bounded);
	mlr_history_free(h);
	mlr_source_free(src);
	for (size_t i = 0; i < notes.len; i++) {
		free(notes.items[i].path);
		free(notes.items[i].message);
	}
	mlr_array_delete(&notes);
}

/* The id set behind the history scan: every id added is found, nothing else is, and ids
 * sharing the bits that pick a slot (a probe chain across growth) and the all-zero id
 * (the empty-slot mark) are kept like any other. */
static void make_id(unsigned char id[20], uint64_t n, bool same_slot)
{
	uint64_t x = n * 0x9e3779b97f4a7c15ULL + 1;
	for (int i = 0; i < 20; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		id[i] = (unsigned char)x;
	}
	if (same_slot)
		memset(id, 0xab, 8);
}

static void test_oidset(void **state)
{
	(void)state;
	mlr_oidset set = { 0 };
	unsigned char id[20], zero[20] = { 0 };
	enum { N = 100000, CHAIN = 3000 };

	assert_false(mlr_oidset_has(&set, zero));
	for (uint64_t n = 0; n < N; n++) {
		make_id(id, n, n < CHAIN);
		assert_int_equal(mlr_oidset_add(&set, id), 1);
		assert_int_equal(mlr_oidset_add(&set, id), 0);
	}
	assert_int_equal(mlr_oidset_count(&set), N);
	assert_false(mlr_oidset_has(&set, zero));
	assert_int_equal(mlr_oidset_add(&set, zero), 1);
	assert_int_equal(mlr_oidset_add(&set, zero), 0);
	assert_true(mlr_oidset_has(&set, zero));
	assert_int_equal(mlr_oidset_count(&set), N + 1);
	for (uint64_t n = 0; n < N; n++) {
		make_id(id, n, n < CHAIN);
		assert_true(mlr_oidset_has(&set, id));
		make_id(id, n + N, n < CHAIN); /* never added */
		assert_false(mlr_oidset_has(&set, id));
	}
	/* at most three quarters full, and no larger than needed for that */
	assert_true(set.len * 4 <= set.cap * 3);
	assert_true(set.len * 8 > set.cap * 3);
	mlr_oidset_dispose(&set);
	mlr_oidset_dispose(&set);
	mlr_oidset_dispose(NULL);
	assert_false(mlr_oidset_has(&set, zero));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_card_goes_stale_and_fresh_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_card_thresholds_need_commits_and_days, setup, teardown),
		cmocka_unit_test_setup_teardown(test_card_judged_against_its_own_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_rules_not_assessed_without_git, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changelog_against_release_tags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_files_and_blobs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walker_sees_adds_edits_and_deletes, setup, teardown),
		cmocka_unit_test(test_oidset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
