/* Source walkers: real repositories built with git in a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "source/fsread.h"
#include "source/ignore.h"
#include "scratch.h"
#include "source/source.h"

static const char *at(const char *rel, char *buf, size_t n)
{
	if ((size_t)snprintf(buf, n, "%s/%s", scratch_root, rel) >= n)
		fail_msg("path too long: %s", rel);
	return buf;
}

static void write_file(const char *rel, const char *content)
{
	char path[PATH_MAX];
	FILE *f = fopen(at(rel, path, sizeof(path)), "wb");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	return scratch_setup("source");
}

static int teardown(void **state)
{
	(void)state;
	return scratch_teardown();
}

static void notes_free(mlr_note_array *notes)
{
	for (size_t i = 0; i < notes->len; i++) {
		free(notes->items[i].path);
		free(notes->items[i].message);
	}
	mlr_array_delete(notes);
}

static bool has_note(const mlr_note_array *notes, const char *path, const char *msg)
{
	for (size_t i = 0; i < notes->len; i++) {
		if (strcmp(notes->items[i].path, path) == 0 && strstr(notes->items[i].message, msg))
			return true;
	}
	return false;
}

static const mlr_file *find(const mlr_source *src, const char *path)
{
	const mlr_file_array *files = mlr_source_files(src);
	for (size_t i = 0; i < files->len; i++) {
		if (strcmp(files->items[i].path, path) == 0)
			return &files->items[i];
	}
	return NULL;
}

/* The listed paths joined by ',' (caller frees). */
static char *paths_of(const mlr_source *src)
{
	mlr_buf b = MLR_BUF_INIT;
	const mlr_file_array *files = mlr_source_files(src);
	for (size_t i = 0; i < files->len; i++) {
		if (i)
			mlr_buf_putc(&b, ',');
		mlr_buf_puts(&b, files->items[i].path);
	}
	mlr_buf_puts(&b, "");
	return mlr_buf_detach(&b);
}

static void assert_paths(const mlr_source *src, const char *expected)
{
	char *got = paths_of(src);
	assert_string_equal(got, expected);
	free(got);
}

static int open_source(mlr_source **src, mlr_note_array *notes, const char *rel,
	mlr_source_kind kind, const char *rev, bool vendored)
{
	char path[PATH_MAX];
	mlr_options opts;
	memset(&opts, 0, sizeof(opts));
	opts.path = at(rel, path, sizeof(path));
	opts.source = kind;
	opts.rev = rev;
	opts.include_vendored = vendored;
	return mlr_source_open(src, &opts, notes);
}

/* Reads f fully (8 MiB default limit) and checks its content. */
static void assert_content(const mlr_source *src, const char *path, const char *expected)
{
	mlr_source_reader *r = NULL;
	char *data = NULL;
	size_t len = 0;
	bool truncated = true;
	const mlr_file *f = find(src, path);
	assert_non_null(f);
	assert_int_equal(mlr_source_reader_new(&r, src), 0);
	int rc = mlr_source_read(&data, &len, &truncated, r, f, 0);
	if (rc != 0)
		fail_msg("read %s: %s", path, mlr_error_last());
	assert_false(truncated);
	assert_int_equal(len, strlen(expected));
	assert_string_equal(data, expected);
	free(data);
	mlr_source_reader_free(r);
}

/* ------------------------------------------------------------------ pure functions */

static void test_kind_table(void **state)
{
	(void)state;
	static const struct {
		const char *path;
		mlr_file_kind kind;
	} cases[] = {
		{ "train.py", MLR_KIND_PYTHON }, { "pkg/stubs.pyi", MLR_KIND_PYTHON },
		{ "SRC/MAIN.PY", MLR_KIND_PYTHON }, { "nb/explore.ipynb", MLR_KIND_NOTEBOOK },
		{ ".github/workflows/ci.yml", MLR_KIND_YAML }, { "conf.yaml", MLR_KIND_YAML },
		{ "README.md", MLR_KIND_MARKDOWN }, { "doc.markdown", MLR_KIND_MARKDOWN },
		{ "doc/index.rst", MLR_KIND_TEXT }, { "data/train.csv", MLR_KIND_DATA },
		{ "x.parquet", MLR_KIND_DATA }, { "arr.npy", MLR_KIND_DATA },
		{ "d.hdf5", MLR_KIND_DATA }, { "t.tfrecord", MLR_KIND_DATA }, { "a.db", MLR_KIND_DATA },
		{ "log.jsonl", MLR_KIND_TEXT }, { "model.pt", MLR_KIND_MODEL },
		{ "model.h5", MLR_KIND_MODEL }, { "m.keras", MLR_KIND_MODEL },
		{ "clf.pkl", MLR_KIND_MODEL }, { "clf.joblib", MLR_KIND_MODEL },
		{ "w.safetensors", MLR_KIND_MODEL }, { "pytorch_model.bin", MLR_KIND_MODEL },
		{ "export/saved_model.pb", MLR_KIND_MODEL }, { "llm.gguf", MLR_KIND_MODEL },
		{ "m.onnx", MLR_KIND_MODEL }, { "logo.png", MLR_KIND_BINARY },
		{ "dist.tar.gz", MLR_KIND_BINARY }, { "lib.so", MLR_KIND_BINARY },
		{ "x.pyc", MLR_KIND_BINARY }, { "Dockerfile", MLR_KIND_TEXT }, { ".env", MLR_KIND_TEXT },
		{ "setup.cfg", MLR_KIND_TEXT }, { "pyproject.toml", MLR_KIND_TEXT },
		{ "a.json", MLR_KIND_TEXT }, { "run.sh", MLR_KIND_TEXT }, { "Makefile", MLR_KIND_TEXT },
		{ "dir.py/file", MLR_KIND_TEXT }, { "trailing.", MLR_KIND_TEXT },
		{ ".gitignore", MLR_KIND_TEXT }, { "", MLR_KIND_TEXT },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mlr_file_kind got = mlr_file_kind_of_path(cases[i].path);
		if (got != cases[i].kind)
			fail_msg("%s: got %s, want %s", cases[i].path, mlr_file_kind_name(got),
				mlr_file_kind_name(cases[i].kind));
	}
	assert_string_equal(mlr_file_kind_name(MLR_KIND_NOTEBOOK), "notebook");
	assert_string_equal(mlr_file_kind_name(MLR_KIND_MODEL), "model");
	assert_string_equal(mlr_file_kind_name(MLR_KIND__COUNT), "unknown");
}

static void test_vendored(void **state)
{
	(void)state;
	assert_true(mlr_path_is_vendored(".venv/lib/python3.11/x.py"));
	assert_true(mlr_path_is_vendored("web/node_modules/a/index.js"));
	assert_true(mlr_path_is_vendored("pkg/__pycache__/m.cpython-311.pyc"));
	assert_true(mlr_path_is_vendored("mypkg.egg-info/PKG-INFO"));
	assert_true(mlr_path_is_vendored("build/lib/mypkg/core.py"));
	assert_true(mlr_path_is_vendored("a/b/site-packages/c.py"));
	assert_false(mlr_path_is_vendored("env/config.py"));
	assert_false(mlr_path_is_vendored("src/build.py"));
	assert_false(mlr_path_is_vendored("scripts/build"));
	assert_false(mlr_path_is_vendored("dist"));
	assert_false(mlr_path_is_vendored("builder/x.py"));
	assert_false(mlr_path_is_vendored(".egg-info/x"));
	assert_false(mlr_path_is_vendored(NULL));
}

static void test_binary_sniff(void **state)
{
	(void)state;
	assert_false(mlr_bytes_look_binary("", 0));
	assert_false(mlr_bytes_look_binary("import os\n\tprint(1)\r\n\f\v\x1b[0m", 26));
	assert_true(mlr_bytes_look_binary("abc\0def", 7));
	const char *utf8 = "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x98\x80\n";
	assert_false(mlr_bytes_look_binary(utf8, strlen(utf8)));
	assert_true(mlr_bytes_look_binary("\xff\xfeh\0i\0", 6));
	assert_true(mlr_bytes_look_binary("\xfe\xff", 2));

	char buf[100];
	memset(buf, 'a', sizeof(buf));
	memset(buf, 0x01, 31); /* 31% control bytes */
	assert_true(mlr_bytes_look_binary(buf, sizeof(buf)));
	memset(buf, 'a', sizeof(buf));
	memset(buf, 0x01, 30); /* exactly 30%: still text */
	assert_false(mlr_bytes_look_binary(buf, sizeof(buf)));

	/* only the first 8 KiB count */
	size_t n = 20000;
	char *big = malloc(n);
	assert_non_null(big);
	memset(big, 'x', n);
	big[10000] = '\0';
	assert_false(mlr_bytes_look_binary(big, n));
	big[100] = '\0';
	assert_true(mlr_bytes_look_binary(big, n));
	free(big);
}

static void test_ignore_patterns(void **state)
{
	(void)state;
	mlr_ignore *ig = NULL;
	const char text[] = "# comment\n\n*.log\nbuild_out/\n/rooted.txt\ndocs/*.tmp\n"
			    "secret*  \r\n!keep.log\n";
	assert_int_equal(mlr_ignore_parse(&ig, text, sizeof(text) - 1), 0);
	assert_true(mlr_ignore_match(ig, "a.log", false));
	assert_true(mlr_ignore_match(ig, "deep/dir/b.log", false));
	assert_false(mlr_ignore_match(ig, "keep.log", false));
	assert_true(mlr_ignore_match(ig, "build_out", true));
	assert_true(mlr_ignore_match(ig, "x/build_out", true));
	assert_false(mlr_ignore_match(ig, "build_out", false));
	assert_true(mlr_ignore_match(ig, "rooted.txt", false));
	assert_false(mlr_ignore_match(ig, "sub/rooted.txt", false));
	assert_true(mlr_ignore_match(ig, "docs/a.tmp", false));
	assert_false(mlr_ignore_match(ig, "docs/sub/a.tmp", false));
	assert_true(mlr_ignore_match(ig, "x/secrets.txt", false));
	assert_false(mlr_ignore_match(ig, "# comment", false));
	assert_false(mlr_ignore_match(ig, "main.py", false));
	mlr_ignore_free(ig);
	mlr_ignore_free(NULL);
}

/* ------------------------------------------------------------------ work tree */

static void make_worktree_repo(void)
{
	scratch_sh_in(".", "mkdir -p wt/src wt/.venv/lib wt/secret && " SCRATCH_GIT "init -q wt");
	write_file("wt/a.py", "print('a')\n");
	write_file("wt/src/b.py", "x = 1\n");
	write_file("wt/gone.py", "bye\n");
	write_file("wt/.gitignore", "*.log\nsecret/\n");
	write_file("wt/.venv/lib/tracked.py", "v\n");
	scratch_sh_in("wt", SCRATCH_GIT "add -f . && " SCRATCH_GIT "commit -qm init && rm gone.py");
	write_file("wt/new.py", "import os\n");
	write_file("wt/x.log", "ignored\n");
	write_file("wt/secret/k.txt", "ignored\n");
	scratch_sh_in("wt", "mkdir -p node_modules/pkg");
	write_file("wt/node_modules/pkg/index.js", "x\n");
}

static void test_worktree_lists_tracked_and_untracked(void **state)
{
	(void)state;
	mlr_source *src = NULL;
	mlr_note_array notes = { 0 };
	char real[PATH_MAX], p[PATH_MAX];

	make_worktree_repo();
	assert_int_equal(open_source(&src, &notes, "wt", MLR_SOURCE_AUTO, NULL, false), 0);
	assert_paths(src, ".gitignore,a.py,new.py,src/b.py");
	assert_string_equal(mlr_source_describe(src), "worktree");
	assert_non_null(realpath(at("wt", p, sizeof(p)), real));
	assert_string_equal(mlr_source_root(src), real);
	assert_non_null(mlr_source_gitdir(src));
	assert_non_null(strstr(mlr_source_gitdir(src), "wt/.git"));

	const mlr_file *a = find(src, "a.py");
	assert_true(a->from_worktree);
	assert_true(a->has_oid);
	assert_int_equal(a->size, strlen("print('a')\n"));
	assert_int_equal(a->kind, MLR_KIND_PYTHON);
	assert_int_equal(a->mode, 0100644);
	const mlr_file *n = find(src, "new.py");
	assert_true(n->from_worktree);
	assert_false(n->has_oid);
	assert_int_equal(notes.len, 0);

	assert_content(src, "new.py", "import os\n");
	write_file("wt/a.py", "changed on disk\n");
	assert_content(src, "a.py", "changed on disk\n");
	mlr_source_free(src);

	/* include_vendored brings back the tracked .venv file and untracked node_modules */
	assert_int_equal(open_source(&src, &notes, "wt", MLR_SOURCE_WORKTREE, NULL, true), 0);
	assert_paths(src, ".gitignore,.venv/lib/tracked.py,a.py,new.py,node_modules/pkg/index.js,"
			  "src/b.py");
	mlr_source_free(src);

	/* found from a subdirectory: still the whole repository, repository-relative */
	assert_int_equal(open_source(&src, &notes, "wt/src", MLR_SOURCE_AUTO, NULL, false), 0);
	assert_paths(src, ".gitignore,a.py,new.py,src/b.py");
	assert_string_equal(mlr_source_root(src), real);
	mlr_source_free(src);
	notes_free(&notes);
}

static void test_rev_reads_committed_content(void **state)
{
	(void)state;
	mlr_source *src = NULL;
	mlr_note_array notes = { 0 };

	scratch_sh_in(".", SCRATCH_GIT "init -q rev");
	write_file("rev/train.py", "v1\n");
	scratch_sh_in("rev", SCRATCH_GIT "add . && " SCRATCH_GIT "commit -qm one");
	write_file("rev/train.py", "v2 in the work tree\n");
	write_file("rev/untracked.py", "u\n");

	assert_int_equal(open_source(&src, &notes, "rev", MLR_SOURCE_REV, "HEAD", false), 0);
	assert_paths(src, "train.py");
	const char *d = mlr_source_describe(src);
	assert_int_equal(strlen(d), 4 + 40);
	assert_memory_equal(d, "rev ", 4);
	const mlr_file *f = find(src, "train.py");
	assert_false(f->from_worktree);
	assert_true(f->has_oid);
	assert_int_equal(f->size, 3);
	assert_content(src, "train.py", "v1\n");
	mlr_source_free(src);

	/* a bad rev is a usage error naming the rev */
	src = (mlr_source *)1;
	assert_int_equal(open_source(&src, &notes, "rev", MLR_SOURCE_REV, "no-such-branch", false),
		MLR_EUSAGE);
	assert_null(src);
	assert_non_null(strstr(mlr_error_last(), "no-such-branch"));
	assert_int_equal(open_source(&src, &notes, "rev", MLR_SOURCE_REV, NULL, false), MLR_EUSAGE);
	notes_free(&notes);
}

static void test_staged_reads_index_not_worktree(void **state)
{
	(void)state;
	mlr_source *src = NULL;
	mlr_note_array notes = { 0 };

	scratch_sh_in(".", SCRATCH_GIT "init -q stg");
	write_file("stg/m.py", "committed\n");
	write_file("stg/other.py", "o\n");
	scratch_sh_in("stg", SCRATCH_GIT "add . && " SCRATCH_GIT "commit -qm one");
	write_file("stg/m.py", "staged\n");
	scratch_sh_in("stg", SCRATCH_GIT "add m.py");
	write_file("stg/m.py", "work tree only\n");
	write_file("stg/new.py", "untracked\n");

	assert_int_equal(open_source(&src, &notes, "stg", MLR_SOURCE_STAGED, NULL, false), 0);
	assert_string_equal(mlr_source_describe(src), "staged");
	assert_paths(src, "m.py,other.py");
	const mlr_file *f = find(src, "m.py");
	assert_false(f->from_worktree);
	assert_int_equal(f->size, strlen("staged\n"));
	assert_content(src, "m.py", "staged\n");
	mlr_source_free(src);
	notes_free(&notes);
}

static void test_staged_conflict_is_noted(void **state)
{
	(void)state;
	mlr_source *src = NULL;
	mlr_note_array notes = { 0 };

	scratch_sh_in(".", SCRATCH_GIT "init -q cfl");
	write_file("cfl/c.py", "base\n");
	scratch_sh_in("cfl", SCRATCH_GIT "add . && " SCRATCH_GIT "commit -qm base && " SCRATCH_GIT "checkout -qb side");
	write_file("cfl/c.py", "side\n");
	scratch_sh_in("cfl", SCRATCH_GIT "commit -qam side && " SCRATCH_GIT "checkout -q main");
	write_file("cfl/c.py", "main\n");
	scratch_sh_in("cfl", SCRATCH_GIT "commit -qam main && (" SCRATCH_GIT "merge -q side || true)");

	assert_int_equal(open_source(&src, &notes, "cfl", MLR_SOURCE_STAGED, NULL, false), 0);
	assert_paths(src, "");
	assert_int_equal(notes.len, 1);
	assert_true(has_note(&notes, "c.py", "conflict"));
	mlr_source_free(src);

	/* the work tree still lints the file on disk, once */
	assert_int_equal(open_source(&src, &notes, "cfl", MLR_SOURCE_WORKTREE, NULL, false), 0);
	assert_paths(src, "c.py");
	assert_false(find(src, "c.py")->has_oid);
	mlr_source_free(src);
	notes_free(&notes);
}

static void test_bare_and_empty(void **state)
{
	(void)state;
	mlr_source *src = NULL;
	mlr_note_array notes = { 0 };

	scratch_sh_in(".", SCRATCH_GIT "init -q orig && mkdir -p orig/pkg");
	write_file("orig/pkg/core.py", "core\n");
	write_file("orig/README.md", "# r\n");
	scratch_sh_in("orig", SCRATCH_GIT "add . && " SCRATCH_GIT "commit -qm one");
	scratch_sh_in(".", SCRATCH_GIT "clone -q --bare orig bare.git");

	assert_int_equal(open_source(&src, &notes, "bare.git", MLR_SOURCE_AUTO, NULL, false), 0);
	assert_paths(src, "README.md,pkg/core.py");
	assert_memory_equal(mlr_source_describe(src), "rev ", 4);
	assert_int_equal(find(src, "README.md")->kind, MLR_KIND_MARKDOWN);
	assert_content(src, "pkg/core.py", "core\n");
	mlr_source_free(src);

	/* a bare repository has no working tree to lint */
	assert_int_equal(open_source(&src, &notes, "bare.git", MLR_SOURCE_WORKTREE, NULL, false),
		MLR_EREPO);

	scratch_sh_in(".", SCRATCH_GIT "init -q empty && " SCRATCH_GIT "init -q --bare empty-bare.git");
	assert_int_equal(open_source(&src, &notes, "empty", MLR_SOURCE_AUTO, NULL, false), 0);
	assert_int_equal(mlr_source_files(src)->len, 0);
	mlr_source_free(src);
	assert_int_equal(open_source(&src, &notes, "empty-bare.git", MLR_SOURCE_AUTO, NULL, false), 0);
	assert_int_equal(mlr_source_files(src)->len, 0);
	mlr_source_free(src);
	assert_int_equal(open_source(&src, &notes, "empty", MLR_SOURCE_STAGED, NULL, false), 0);
	assert_int_equal(mlr_source_files(src)->len, 0);
	mlr_source_free(src);
	assert_int_equal(notes.len, 0);

	/* before the first commit the work tree still has something to lint */
	write_file("empty/first.py", "f\n");
	assert_int_equal(open_source(&src, &notes, "empty", MLR_SOURCE_AUTO, NULL, false), 0);
	assert_paths(src, "first.py");
	mlr_source_free(src);
	notes_free(&notes);
}

/* ------------------------------------------------------------------ plain directory */

static void test_plain_directory(void **state)
{
	(void)state;
	mlr_source *src = NULL;
	mlr_note_array notes = { 0 };
	char p[PATH_MAX];

	scratch_sh_in(".", "mkdir -p plain/sub plain/build_out plain/venv plain/.git plain/outside && "
		"mkfifo plain/pipe && ln -s ../outside plain/linkdir && ln -s m.py plain/link.py");
	write_file("plain/m.py", "m\n");
	write_file("plain/sub/rooted.txt", "kept: not at the root\n");
	write_file("plain/rooted.txt", "ignored\n");
	write_file("plain/debug.log", "ignored\n");
	write_file("plain/build_out/x.py", "ignored\n");
	write_file("plain/venv/lib.py", "vendored\n");
	write_file("plain/.git/config", "not walked\n");
	write_file("plain/outside/o.py", "o\n");
	write_file("plain/.gitignore", "*.log\nbuild_out/\n/rooted.txt\noutside\n");

	assert_int_equal(open_source(&src, &notes, "plain", MLR_SOURCE_AUTO, NULL, false), 0);
	assert_string_equal(mlr_source_describe(src), "directory");
	assert_null(mlr_source_gitdir(src));
	assert_string_equal(mlr_source_root(src), at("plain", p, sizeof(p)));
	assert_paths(src, ".gitignore,m.py,sub/rooted.txt");
	assert_true(has_note(&notes, "link.py", "symlink: not followed"));
	assert_true(has_note(&notes, "linkdir", "symlink: not followed"));
	assert_true(has_note(&notes, "pipe", "not a regular file"));
	const mlr_file *m = find(src, "m.py");
	assert_true(m->from_worktree);
	assert_false(m->has_oid);
	assert_int_equal(m->size, 2);
	assert_content(src, "sub/rooted.txt", "kept: not at the root\n");
	mlr_source_free(src);
	notes_free(&notes);

	assert_int_equal(open_source(&src, &notes, "plain", MLR_SOURCE_DIR, NULL, true), 0);
	assert_paths(src, ".gitignore,m.py,sub/rooted.txt,venv/lib.py");
	mlr_source_free(src);
	notes_free(&notes);

	/* MLR_SOURCE_DIR walks a repository as files, and skips its .git */
	assert_int_equal(open_source(&src, &notes, "rev", MLR_SOURCE_DIR, NULL, false), 0);
	assert_paths(src, "train.py,untracked.py");
	mlr_source_free(src);

	assert_int_equal(open_source(&src, &notes, "no/such/dir", MLR_SOURCE_AUTO, NULL, false),
		MLR_EUSAGE);
	assert_int_equal(open_source(&src, &notes, "plain", MLR_SOURCE_WORKTREE, NULL, false),
		MLR_EREPO);
	notes_free(&notes);
}

/* ------------------------------------------------------------------ special entries */

static void test_symlink_and_submodule_noted(void **state)
{
	(void)state;
	mlr_source *src = NULL;
	mlr_note_array notes = { 0 };
	static const mlr_source_kind kinds[] = { MLR_SOURCE_WORKTREE, MLR_SOURCE_STAGED,
		MLR_SOURCE_REV };

	scratch_sh_in(".", SCRATCH_GIT "init -q lnk");
	write_file("lnk/a.py", "a\n");
	scratch_sh_in("lnk", "ln -s /etc/passwd passwd.py && ln -s a.py alias.py && " SCRATCH_GIT "add . && "
		  SCRATCH_GIT "update-index --add --cacheinfo 160000,"
		  "1111111111111111111111111111111111111111,vendor/sub && " SCRATCH_GIT "commit -qm l");

	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(open_source(&src, &notes, "lnk", kinds[i], "HEAD", false), 0);
		assert_paths(src, "a.py");
		assert_true(has_note(&notes, "passwd.py", "symlink: not followed"));
		assert_true(has_note(&notes, "alias.py", "symlink: not followed"));
		assert_true(has_note(&notes, "vendor/sub", "submodule: not linted"));
		assert_int_equal(notes.len, 3);
		mlr_source_free(src);
		notes_free(&notes);
	}
	/* a caller that does not want notes passes NULL */
	assert_int_equal(open_source(&src, NULL, "lnk", MLR_SOURCE_WORKTREE, NULL, false), 0);
	assert_paths(src, "a.py");
	mlr_source_free(src);
}

static void test_read_refuses_symlinks_and_fifos(void **state)
{
	(void)state;
	char *data = (char *)1;
	size_t len = 9;
	bool trunc = true;
	char p[PATH_MAX];

	scratch_sh_in(".", "mkdir -p fs/real && ln -s real fs/alias && mkfifo fs/fifo && ln -s real/f fs/lf");
	write_file("fs/real/f", "x\n");
	int root = open(at("fs", p, sizeof(p)), O_RDONLY | O_DIRECTORY);
	assert_true(root >= 0);

	assert_int_equal(mlr_fsread_beneath(&data, &len, &trunc, root, "real/f", 100), 0);
	assert_string_equal(data, "x\n");
	free(data);
	/* a symlinked directory in the middle of the path is refused too */
	assert_int_equal(mlr_fsread_beneath(&data, &len, &trunc, root, "alias/f", 100), MLR_EIO);
	assert_null(data);
	assert_non_null(strstr(mlr_error_last(), "symlink"));
	assert_int_equal(mlr_fsread_beneath(&data, &len, &trunc, root, "lf", 100), MLR_EIO);
	/* a FIFO must not block */
	assert_int_equal(mlr_fsread_beneath(&data, &len, &trunc, root, "fifo", 100), MLR_EIO);
	assert_non_null(strstr(mlr_error_last(), "not a regular file"));
	assert_int_equal(mlr_fsread_beneath(&data, &len, &trunc, root, "real", 100), MLR_EIO);
	assert_int_equal(mlr_fsread_beneath(&data, &len, &trunc, root, "../fs/real/f", 100),
		MLR_EIO);
	assert_int_equal(mlr_fsread_beneath(&data, &len, &trunc, root, "/etc/passwd", 100), MLR_EIO);
	assert_int_equal(mlr_fsread_beneath(&data, &len, &trunc, root, "missing", 100),
		MLR_ENOTFOUND);
	close(root);
}

/* ------------------------------------------------------------------ reading */

static void read_limited(const mlr_source *src, const char *path, uint64_t limit,
	const char *expected, bool expect_truncated)
{
	mlr_source_reader *r = NULL;
	char *data = NULL;
	size_t len = 0;
	bool truncated = !expect_truncated;
	assert_int_equal(mlr_source_reader_new(&r, src), 0);
	int rc = mlr_source_read(&data, &len, &truncated, r, find(src, path), limit);
	if (rc != 0)
		fail_msg("read %s: %s", path, mlr_error_last());
	assert_int_equal(truncated, expect_truncated);
	assert_int_equal(len, strlen(expected));
	assert_string_equal(data, expected); /* also checks the terminating NUL */
	free(data);
	mlr_source_reader_free(r);
}

static void test_read_limit_truncates(void **state)
{
	(void)state;
	mlr_source *src = NULL;
	mlr_note_array notes = { 0 };
	const char *text = "0123456789abcdefghij";

	scratch_sh_in(".", SCRATCH_GIT "init -q lim");
	write_file("lim/t.txt", text);
	scratch_sh_in("lim", SCRATCH_GIT "add . && " SCRATCH_GIT "commit -qm l");

	for (int packed = 0; packed < 2; packed++) {
		/* loose objects are streamed, packed ones are read whole and cut */
		if (packed)
			scratch_sh_in("lim", SCRATCH_GIT "gc -q && test -z \"$(find .git/objects -type f -path '*/[0-9a-f][0-9a-f]/*')\"");
		for (int kind = 0; kind < 2; kind++) {
			assert_int_equal(open_source(&src, &notes, "lim",
						 kind ? MLR_SOURCE_REV : MLR_SOURCE_WORKTREE, "HEAD", false),
				0);
			read_limited(src, "t.txt", 10, "0123456789", true);
			read_limited(src, "t.txt", 20, text, false);
			read_limited(src, "t.txt", 21, text, false);
			read_limited(src, "t.txt", 1, "0", true);
			read_limited(src, "t.txt", 0, text, false);
			mlr_source_free(src);
		}
	}
	notes_free(&notes);
}

static void test_missing_blob(void **state)
{
	(void)state;
	mlr_source *src = NULL;
	mlr_note_array notes = { 0 };
	mlr_source_reader *r = NULL;
	char *data = NULL;
	size_t len;
	bool truncated;

	scratch_sh_in(".", SCRATCH_GIT "init -q miss");
	write_file("miss/gone.py", "lost content\n");
	write_file("miss/kept.py", "kept\n");
	scratch_sh_in("miss", SCRATCH_GIT "add . && " SCRATCH_GIT "commit -qm m && "
		   "h=$(" SCRATCH_GIT "rev-parse HEAD:gone.py) && "
		   "rm -f .git/objects/$(echo $h | cut -c1-2)/$(echo $h | cut -c3-)");

	assert_int_equal(open_source(&src, &notes, "miss", MLR_SOURCE_REV, "HEAD", false), 0);
	assert_paths(src, "gone.py,kept.py");
	const mlr_file *f = find(src, "gone.py");
	assert_int_equal(f->size, 0);
	char hex[9];
	snprintf(hex, sizeof(hex), "%02x%02x%02x%02x", f->oid[0], f->oid[1], f->oid[2], f->oid[3]);
	hex[7] = '\0';

	assert_int_equal(mlr_source_reader_new(&r, src), 0);
	assert_int_equal(mlr_source_read(&data, &len, &truncated, r, f, 0), MLR_ENOTFOUND);
	assert_null(data);
	assert_non_null(strstr(mlr_error_last(), "is missing from the object database"));
	assert_non_null(strstr(mlr_error_last(), hex));
	/* the reader goes on after a failure */
	assert_int_equal(mlr_source_read(&data, &len, &truncated, r, find(src, "kept.py"), 0), 0);
	assert_string_equal(data, "kept\n");
	free(data);
	mlr_source_reader_free(r);
	mlr_source_free(src);

	/* staged: the index still names the blob */
	assert_int_equal(open_source(&src, &notes, "miss", MLR_SOURCE_STAGED, NULL, false), 0);
	assert_int_equal(mlr_source_reader_new(&r, src), 0);
	assert_int_equal(mlr_source_read(&data, &len, &truncated, r, find(src, "gone.py"), 0),
		MLR_ENOTFOUND);
	mlr_source_reader_free(r);
	mlr_source_free(src);
	notes_free(&notes);
}

static void test_free_null(void **state)
{
	(void)state;
	mlr_source_free(NULL);
	mlr_source_reader_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_table),
		cmocka_unit_test(test_vendored),
		cmocka_unit_test(test_binary_sniff),
		cmocka_unit_test(test_ignore_patterns),
		cmocka_unit_test(test_worktree_lists_tracked_and_untracked),
		cmocka_unit_test(test_rev_reads_committed_content),
		cmocka_unit_test(test_staged_reads_index_not_worktree),
		cmocka_unit_test(test_staged_conflict_is_noted),
		cmocka_unit_test(test_bare_and_empty),
		cmocka_unit_test(test_plain_directory),
		cmocka_unit_test(test_symlink_and_submodule_noted),
		cmocka_unit_test(test_read_refuses_symlinks_and_fifos),
		cmocka_unit_test(test_read_limit_truncates),
		cmocka_unit_test(test_missing_blob),
		cmocka_unit_test(test_free_null),
	};
	return cmocka_run_group_tests_name("source", tests, setup, teardown);
}
