/*
 * --history: the blob listing (src/source/history.c) and the fold of its findings
 * (src/engine/history.c), on repositories built with libgit2 in a temporary directory:
 * commits with fixed times, written straight to the object database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "engine/history.h"
#include "scratch.h"
#include "source/source.h"

/* Fake, format-valid tokens (hf_ + 34 letters), spelled to say what they are. */
#define TOKEN_A "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"
#define TOKEN_B "hf_MlreadyHistoryFixtureKeyAbCdEfGhJk"

static int repo_seq;

static int setup(void **state)
{
	(void)state;
	if (scratch_setup("history") < 0)
		return -1;
	return git_libgit2_init() < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	git_libgit2_shutdown();
	return scratch_teardown();
}

/* A fresh repository under the temporary root; its path goes to dir. */
static git_repository *new_repo(char *dir, size_t n)
{
	git_repository *repo = NULL;
	snprintf(dir, n, "%s/repo%d", scratch_root, ++repo_seq);
	if (git_repository_init(&repo, dir, false) < 0)
		fail_msg("init %s: %s", dir, git_error_last()->message);
	return repo;
}

/* Commits files (path, content, path, content, ..., NULL) as the whole tree, at time t,
 * on ref (moving it), with the given parent (or none). */
static void commit_tree(git_oid *out, git_repository *repo, const char *ref, const git_oid *parent,
	int64_t t, const char *const *files)
{
	git_index *index = NULL;
	git_oid tree_id;
	git_tree *tree = NULL;
	git_commit *parent_commit = NULL;
	git_signature *sig = NULL;

	assert_int_equal(git_index_new(&index), 0);
	for (size_t i = 0; files[i]; i += 2) {
		git_index_entry e;
		memset(&e, 0, sizeof(e));
		e.path = files[i];
		e.mode = GIT_FILEMODE_BLOB;
		/* an in-memory index has no repository to write blobs to: write them first */
		assert_int_equal(git_blob_create_from_buffer(&e.id, repo, files[i + 1], strlen(files[i + 1])), 0);
		assert_int_equal(git_index_add(index, &e), 0);
	}
	assert_int_equal(git_index_write_tree_to(&tree_id, index, repo), 0);
	assert_int_equal(git_tree_lookup(&tree, repo, &tree_id), 0);
	assert_int_equal(git_signature_new(&sig, "t", "t@example.com", (git_time_t)t, 0), 0);
	if (parent)
		assert_int_equal(git_commit_lookup(&parent_commit, repo, parent), 0);
	const git_commit *parents[1] = { parent_commit };
	assert_int_equal(git_commit_create(out, repo, ref, sig, sig, NULL, "test", tree,
		parent ? 1 : 0, parents), 0);
	git_commit_free(parent_commit);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(index);
}

static void hex(char *out, const git_oid *id)
{
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, id);
}

static mlr_result *lint(const char *dir, mlr_source_kind source)
{
	mlr_options opts;
	mlr_result *res = NULL;
	mlr_options_init(&opts);
	opts.path = dir;
	opts.source = source;
	opts.rev = source == MLR_SOURCE_REV ? "HEAD" : NULL;
	opts.jobs = 2;
	if (mlr_lint(&res, &opts) < 0)
		fail_msg("lint %s: %s", dir, mlr_error_last());
	return res;
}

/* The findings of the secret rules, which are all a --history run may report. */
static size_t secret_findings(const mlr_result *res, const mlr_finding **first)
{
	size_t n = 0;
	*first = NULL;
	for (size_t i = 0; i < res->finding_count; i++) {
		const char *id = res->findings[i].rule->id;
		if (!strcmp(id, "MLR201") || !strcmp(id, "MLR231")) {
			if (!n++)
				*first = &res->findings[i];
		}
	}
	return n;
}

static bool assessed(const mlr_result *res, const char *id)
{
	for (size_t i = 0; i < res->rule_count; i++)
		if (!strcmp(res->rules[i].rule->id, id))
			return res->rules[i].assessed;
	fail_msg("no rule %s", id);
	return false;
}

/* ------------------------------------------------------------------ listing */

static void test_lists_each_blob_once_with_its_introducing_commit(void **state)
{
	(void)state;
	char dir[128], c1hex[41], c2hex[41];
	git_oid c1, c2;
	git_repository *repo = new_repo(dir, sizeof(dir));
	commit_tree(&c1, repo, "HEAD", NULL, 1000000,
		(const char *const[]){ "a.py", "x = 1\n", "dir/b.txt", "hello\n", NULL });
	/* a.py changes; dir/b.txt stays; c.txt is the same blob as dir/b.txt */
	commit_tree(&c2, repo, "HEAD", &c1, 2000000,
		(const char *const[]){ "a.py", "x = 2\n", "dir/b.txt", "hello\n", "c.txt", "hello\n", NULL });
	hex(c1hex, &c1);
	hex(c2hex, &c2);

	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = dir;
	opts.source = MLR_SOURCE_HISTORY;
	mlr_source *src = NULL;
	mlr_note_array notes = { 0 };
	assert_int_equal(mlr_source_open(&src, &opts, &notes), 0);
	assert_string_equal(mlr_source_describe(src), "history");
	const mlr_file_array *files = mlr_source_files(src);
	/* sorted by path: a.py (x = 1), a.py (x = 2), dir/b.txt; c.txt is not listed again */
	assert_int_equal(files->len, 3);
	const mlr_file *old = NULL, *cur = NULL, *b = NULL;
	for (size_t i = 0; i < files->len; i++) {
		const mlr_file *f = &files->items[i];
		assert_true(f->has_oid);
		assert_false(f->from_worktree);
		assert_non_null(f->commit);
		if (!strcmp(f->path, "a.py"))
			*(f->size == 6 && !strcmp(f->commit, c1hex) ? &old : &cur) = f;
		else if (!strcmp(f->path, "dir/b.txt"))
			b = f;
		else
			fail_msg("unexpected path %s", f->path);
	}
	assert_non_null(old);
	assert_non_null(cur);
	assert_non_null(b);
	assert_string_equal(old->commit, c1hex);
	assert_int_equal(old->commit_time, 1000000);
	assert_false(old->in_head);
	assert_string_equal(cur->commit, c2hex);
	assert_int_equal(cur->commit_time, 2000000);
	assert_true(cur->in_head);
	assert_int_equal(cur->size, 6);
	assert_int_equal(cur->kind, MLR_KIND_PYTHON);
	/* introduced by c1 and first seen at dir/b.txt, although c2 also has it as c.txt */
	assert_string_equal(b->commit, c1hex);
	assert_true(b->in_head);
	assert_int_equal(notes.len, 0);
	mlr_source_free(src);
	mlr_array_delete(&notes);
	git_repository_free(repo);
}

static void test_walks_every_ref_not_only_head(void **state)
{
	(void)state;
	char dir[128], c2hex[41];
	git_oid c1, c2, c3;
	git_repository *repo = new_repo(dir, sizeof(dir));
	commit_tree(&c1, repo, "HEAD", NULL, 1000, (const char *const[]){ "a.txt", "one\n", NULL });
	/* a branch HEAD never merged, and a tag on a commit no branch has */
	commit_tree(&c2, repo, "refs/heads/feature", &c1, 2000,
		(const char *const[]){ "a.txt", "one\n", "side.txt", "side\n", NULL });
	commit_tree(&c3, repo, NULL, &c1, 3000,
		(const char *const[]){ "a.txt", "one\n", "tagged.txt", "tagged\n", NULL });
	git_reference *tag = NULL;
	assert_int_equal(git_reference_create(&tag, repo, "refs/tags/v1", &c3, 0, NULL), 0);
	git_reference_free(tag);
	hex(c2hex, &c2);

	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = dir;
	opts.source = MLR_SOURCE_HISTORY;
	mlr_source *src = NULL;
	assert_int_equal(mlr_source_open(&src, &opts, NULL), 0);
	const mlr_file_array *files = mlr_source_files(src);
	assert_int_equal(files->len, 3);
	assert_string_equal(files->items[0].path, "a.txt");
	assert_true(files->items[0].in_head);
	assert_string_equal(files->items[1].path, "side.txt");
	assert_string_equal(files->items[1].commit, c2hex);
	assert_false(files->items[1].in_head);
	assert_string_equal(files->items[2].path, "tagged.txt");
	assert_false(files->items[2].in_head);
	mlr_source_free(src);
	git_repository_free(repo);
}

static void test_renamed_blob_is_named_by_its_head_path(void **state)
{
	(void)state;
	char dir[128], c1hex[41];
	git_oid c1, c2;
	git_repository *repo = new_repo(dir, sizeof(dir));
	commit_tree(&c1, repo, "HEAD", NULL, 1000, (const char *const[]){ "old/name.py", "v = 1\n", NULL });
	commit_tree(&c2, repo, "HEAD", &c1, 2000, (const char *const[]){ "new/name.py", "v = 1\n", NULL });
	hex(c1hex, &c1);

	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = dir;
	opts.source = MLR_SOURCE_HISTORY;
	mlr_source *src = NULL;
	assert_int_equal(mlr_source_open(&src, &opts, NULL), 0);
	const mlr_file_array *files = mlr_source_files(src);
	assert_int_equal(files->len, 1);
	assert_string_equal(files->items[0].path, "new/name.py");
	assert_string_equal(files->items[0].commit, c1hex);
	assert_true(files->items[0].in_head);
	mlr_source_free(src);
	git_repository_free(repo);
}

static void test_empty_repository_and_not_a_repository(void **state)
{
	(void)state;
	char dir[128];
	git_repository *repo = new_repo(dir, sizeof(dir));
	mlr_result *res = lint(dir, MLR_SOURCE_HISTORY);
	assert_int_equal(res->file_count, 0);
	assert_int_equal(res->finding_count, 0);
	mlr_result_free(res);
	git_repository_free(repo);

	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = scratch_root; /* a directory that is not inside a repository */
	opts.source = MLR_SOURCE_HISTORY;
	assert_int_equal(mlr_lint(&res, &opts), MLR_EREPO);
	assert_null(res);
}

/* ------------------------------------------------------------------ findings */

static void test_secret_removed_later_is_one_history_finding(void **state)
{
	(void)state;
	char dir[128], c1hex[41];
	git_oid c1, c2, c3;
	git_repository *repo = new_repo(dir, sizeof(dir));
	commit_tree(&c1, repo, "HEAD", NULL, 1700000000,
		(const char *const[]){ "train.py", "import os\nHF_TOKEN = \"" TOKEN_A "\"\n", NULL });
	/* an edit that keeps the token: a second blob with the same secret */
	commit_tree(&c2, repo, "HEAD", &c1, 1700000100,
		(const char *const[]){ "train.py", "import os\nHF_TOKEN = \"" TOKEN_A "\"\nlr = 0.1\n", NULL });
	commit_tree(&c3, repo, "HEAD", &c2, 1700000200,
		(const char *const[]){ "train.py", "import os\nHF_TOKEN = os.environ[\"HF_TOKEN\"]\n", NULL });
	hex(c1hex, &c1);

	mlr_result *res = lint(dir, MLR_SOURCE_HISTORY);
	const mlr_finding *f;
	assert_int_equal(secret_findings(res, &f), 1);
	assert_string_equal(f->rule->id, "MLR231");
	assert_string_equal(f->path, "train.py");
	assert_int_equal(f->line, 2);
	assert_non_null(f->commit);
	assert_string_equal(f->commit, c1hex);
	assert_int_equal(f->commit_time, 1700000000);
	assert_false(f->in_head);
	/* the message is the scanner's: redacted, never the token */
	assert_null(strstr(f->message, TOKEN_A));
	assert_true(assessed(res, "MLR231"));
	mlr_result_free(res);
	git_repository_free(repo);
}

static void test_secret_still_at_head_stays_hardcoded_secret(void **state)
{
	(void)state;
	char dir[128], c1hex[41];
	git_oid c1, c2;
	git_repository *repo = new_repo(dir, sizeof(dir));
	commit_tree(&c1, repo, "HEAD", NULL, 1000000,
		(const char *const[]){ "train.py", "HF_TOKEN = \"" TOKEN_A "\"\n", NULL });
	/* a line inserted above it: HEAD's version has it on line 3 */
	commit_tree(&c2, repo, "HEAD", &c1, 2000000,
		(const char *const[]){ "train.py", "import os\n\nHF_TOKEN = \"" TOKEN_A "\"\n", NULL });
	hex(c1hex, &c1);

	mlr_result *res = lint(dir, MLR_SOURCE_HISTORY);
	const mlr_finding *f;
	assert_int_equal(secret_findings(res, &f), 1);
	assert_string_equal(f->rule->id, "MLR201");
	assert_int_equal(f->line, 3);
	assert_true(f->in_head);
	assert_string_equal(f->commit, c1hex); /* dated by when it first appeared */
	assert_int_equal(f->commit_time, 1000000);
	mlr_result_free(res);
	git_repository_free(repo);
}

static void test_same_blob_at_two_paths_is_scanned_once(void **state)
{
	(void)state;
	char dir[128];
	git_oid c1;
	git_repository *repo = new_repo(dir, sizeof(dir));
	const char *content = "API_TOKEN = \"" TOKEN_B "\"\n";
	commit_tree(&c1, repo, "HEAD", NULL, 1000,
		(const char *const[]){ "a/settings.py", content, "b/settings.py", content, NULL });

	mlr_result *res = lint(dir, MLR_SOURCE_HISTORY);
	const mlr_finding *f;
	assert_int_equal(res->file_count, 1);
	assert_int_equal(secret_findings(res, &f), 1);
	assert_string_equal(f->rule->id, "MLR201");
	assert_string_equal(f->path, "a/settings.py");
	assert_int_equal(res->byte_count, strlen(content));
	mlr_result_free(res);
	git_repository_free(repo);
}

static void test_branch_only_credential_file(void **state)
{
	(void)state;
	char dir[128], c2hex[41];
	git_oid c1, c2, c3;
	git_repository *repo = new_repo(dir, sizeof(dir));
	commit_tree(&c1, repo, "HEAD", NULL, 1000, (const char *const[]){ "README.md", "# demo\n", NULL });
	/* two versions of one .env on a side branch: one credential-file finding */
	commit_tree(&c2, repo, "refs/heads/wip", &c1, 2000, (const char *const[]){
		"README.md", "# demo\n", ".env", "HF_TOKEN=" TOKEN_A "\n", NULL });
	commit_tree(&c3, repo, "refs/heads/wip", &c2, 3000, (const char *const[]){
		"README.md", "# demo\n", ".env", "HF_TOKEN=" TOKEN_A "\nDB_PASSWORD=postgres\n", NULL });
	hex(c2hex, &c2);

	mlr_result *res = lint(dir, MLR_SOURCE_HISTORY);
	size_t creds = 0, hist = 0;
	for (size_t i = 0; i < res->finding_count; i++) {
		const mlr_finding *f = &res->findings[i];
		assert_string_equal(f->path, ".env");
		assert_string_equal(f->commit, c2hex);
		assert_false(f->in_head);
		if (!strcmp(f->rule->id, "MLR230")) {
			creds++;
			assert_int_equal(f->line, 0);
		} else if (!strcmp(f->rule->id, "MLR231")) {
			hist++;
		} else {
			fail_msg("unexpected %s", f->rule->id);
		}
	}
	assert_int_equal(creds, 1);
	assert_int_equal(hist, 1);
	mlr_result_free(res);
	git_repository_free(repo);
}

static void test_only_secret_rules_run_in_history(void **state)
{
	(void)state;
	char dir[128];
	git_oid c1;
	git_repository *repo = new_repo(dir, sizeof(dir));
	/* trains without tracking, no tests, no model card, loads a pickle: other rules,
	 * security ones too, would fire */
	commit_tree(&c1, repo, "HEAD", NULL, 1000, (const char *const[]){
		"train.py", "import pickle\nfrom sklearn.linear_model import LogisticRegression\n"
			    "model = LogisticRegression().fit(X, y)\n"
			    "clf = pickle.load(open(\"model.pkl\", \"rb\"))\n", NULL });

	mlr_result *hist = lint(dir, MLR_SOURCE_HISTORY);
	mlr_result *rev = lint(dir, MLR_SOURCE_REV);
	assert_int_equal(hist->finding_count, 0);
	assert_true(rev->finding_count > 0); /* the same content outside --history */
	assert_true(assessed(hist, "MLR201"));
	assert_true(assessed(hist, "MLR231"));
	assert_false(assessed(rev, "MLR231"));
	assert_true(assessed(hist, "MLR230"));
	for (size_t i = 0; i < hist->rule_count; i++) {
		const char *id = hist->rules[i].rule->id;
		if (strcmp(id, "MLR201") && strcmp(id, "MLR230") && strcmp(id, "MLR231"))
			if (hist->rules[i].assessed)
				fail_msg("%s is assessed in --history", id);
	}
	mlr_result_free(hist);
	mlr_result_free(rev);
	git_repository_free(repo);
}

static void test_shallow_clone_is_noted(void **state)
{
	(void)state;
	char dir[128], c1hex[41], path[256];
	git_oid c1;
	git_repository *repo = new_repo(dir, sizeof(dir));
	commit_tree(&c1, repo, "HEAD", NULL, 1000, (const char *const[]){ "a.txt", "one\n", NULL });
	hex(c1hex, &c1);
	/* what `git clone --depth 1` leaves: the boundary commit in .git/shallow */
	snprintf(path, sizeof(path), "%s/.git/shallow", dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp, "%s\n", c1hex);
	fclose(fp);

	mlr_result *res = lint(dir, MLR_SOURCE_HISTORY);
	bool noted = false;
	for (size_t i = 0; i < res->note_count; i++)
		if (strstr(res->notes[i].message, "shallow clone") &&
		    strstr(res->notes[i].message, "history before") &&
		    !strncmp(strstr(res->notes[i].message, "before ") + 7, c1hex, 12))
			noted = true;
	assert_true(noted);
	mlr_result_free(res);
	git_repository_free(repo);
}

static void test_unreadable_commit_is_noted_and_the_rest_scanned(void **state)
{
	(void)state;
	char dir[128], path[256], treehex[41];
	git_oid c1, c2, c3;
	git_commit *commit = NULL;
	git_repository *repo = new_repo(dir, sizeof(dir));
	commit_tree(&c1, repo, "HEAD", NULL, 1000, (const char *const[]){ "a.txt", "one\n", NULL });
	commit_tree(&c2, repo, "HEAD", &c1, 2000, (const char *const[]){ "a.txt", "two\n", NULL });
	commit_tree(&c3, repo, "HEAD", &c2, 3000,
		(const char *const[]){ "a.txt", "two\n", "b.py", "API_TOKEN = \"" TOKEN_B "\"\n", NULL });
	/* damage the clone: c2's tree object is gone */
	assert_int_equal(git_commit_lookup(&commit, repo, &c2), 0);
	hex(treehex, git_commit_tree_id(commit));
	git_commit_free(commit);
	snprintf(path, sizeof(path), "%s/.git/objects/%.2s/%s", dir, treehex, treehex + 2);
	assert_int_equal(unlink(path), 0);

	mlr_result *res = lint(dir, MLR_SOURCE_HISTORY);
	bool noted = false;
	for (size_t i = 0; i < res->note_count; i++)
		noted |= !res->notes[i].path && strstr(res->notes[i].message, "1 commit not scanned") != NULL;
	assert_true(noted);
	const mlr_finding *f;
	assert_int_equal(secret_findings(res, &f), 1); /* c3, after the damage, is scanned */
	assert_string_equal(f->path, "b.py");
	mlr_result_free(res);
	git_repository_free(repo);
}

/* ------------------------------------------------------------------ the fold alone */

static mlr_finding fake(const char *rule, uint64_t fp, const char *commit, int64_t t, bool head,
	uint32_t line)
{
	mlr_finding f;
	memset(&f, 0, sizeof(f));
	f.rule = mlr_rule_find(rule);
	f.severity = f.rule->severity;
	f.path = mlr_strdup("x.py");
	f.message = mlr_strdup("m");
	f.fingerprint = fp;
	f.commit = commit ? mlr_strdup(commit) : NULL;
	f.commit_time = t;
	f.in_head = head;
	f.line = line;
	return f;
}

static void test_relabel_folds_by_fingerprint(void **state)
{
	(void)state;
	mlr_finding_array fs = { 0 };
	/* group 1 (fp 7): three versions, none at HEAD: the oldest stays, as MLR231 */
	assert_int_equal(mlr_array_push(&fs, fake("MLR201", 7, "c3", 300, false, 9)), 0);
	assert_int_equal(mlr_array_push(&fs, fake("MLR201", 7, "c1", 100, false, 4)), 0);
	assert_int_equal(mlr_array_push(&fs, fake("MLR201", 7, "c2", 200, false, 5)), 0);
	/* group 2 (fp 8): still at HEAD (twice in the file): both stay MLR201, dated c1 */
	assert_int_equal(mlr_array_push(&fs, fake("MLR201", 8, "c1", 100, false, 1)), 0);
	assert_int_equal(mlr_array_push(&fs, fake("MLR201", 8, "c4", 400, true, 2)), 0);
	assert_int_equal(mlr_array_push(&fs, fake("MLR201", 8, "c4", 400, true, 6)), 0);
	/* another rule, not in history only: folded but keeps its id */
	assert_int_equal(mlr_array_push(&fs, fake("MLR230", 9, "c2", 200, false, 0)), 0);
	assert_int_equal(mlr_array_push(&fs, fake("MLR230", 9, "c5", 500, false, 0)), 0);
	/* no commit (not from --history): untouched */
	assert_int_equal(mlr_array_push(&fs, fake("MLR201", 7, NULL, 0, false, 3)), 0);

	mlr_history_relabel(&fs);
	assert_int_equal(fs.len, 5);
	/* order of the survivors is kept */
	assert_string_equal(fs.items[0].rule->id, "MLR231");
	assert_string_equal(fs.items[0].commit, "c1");
	assert_int_equal(fs.items[0].line, 4);
	assert_true(fs.items[0].fingerprint != 7);
	assert_int_equal(fs.items[0].severity, mlr_rule_find("MLR231")->severity);
	for (int i = 1; i <= 2; i++) {
		assert_string_equal(fs.items[i].rule->id, "MLR201");
		assert_true(fs.items[i].in_head);
		assert_string_equal(fs.items[i].commit, "c1");
		assert_int_equal(fs.items[i].commit_time, 100);
		assert_int_equal(fs.items[i].fingerprint, 8);
	}
	assert_int_equal(fs.items[1].line, 2);
	assert_int_equal(fs.items[2].line, 6);
	assert_string_equal(fs.items[3].rule->id, "MLR230");
	assert_string_equal(fs.items[3].commit, "c2");
	assert_null(fs.items[4].commit);
	assert_int_equal(fs.items[4].fingerprint, 7);
	for (size_t i = 0; i < fs.len; i++)
		mlr_finding_dispose(&fs.items[i]);
	mlr_array_delete(&fs);

	mlr_history_relabel(&fs); /* empty */
	assert_int_equal(fs.len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists_each_blob_once_with_its_introducing_commit),
		cmocka_unit_test(test_walks_every_ref_not_only_head),
		cmocka_unit_test(test_renamed_blob_is_named_by_its_head_path),
		cmocka_unit_test(test_empty_repository_and_not_a_repository),
		cmocka_unit_test(test_secret_removed_later_is_one_history_finding),
		cmocka_unit_test(test_secret_still_at_head_stays_hardcoded_secret),
		cmocka_unit_test(test_same_blob_at_two_paths_is_scanned_once),
		cmocka_unit_test(test_branch_only_credential_file),
		cmocka_unit_test(test_only_secret_rules_run_in_history),
		cmocka_unit_test(test_shallow_clone_is_noted),
		cmocka_unit_test(test_unreadable_commit_is_noted_and_the_rest_scanned),
		cmocka_unit_test(test_relabel_folds_by_fingerprint),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
