/* The work tree's untracked files (src/source/untracked.c) against `git status`: the
 * walker replaces libgit2's status for speed, so git itself is the reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "scratch.h"
#include "source/source.h"

/* Lines of a command's output, sorted, joined by '\n'. */
static char *capture(const char *fmt, ...)
{
	mlr_buf cmd = MLR_BUF_INIT, out = MLR_BUF_INIT;
	va_list ap;
	mlr_buf_printf(&cmd, "cd '%s' && (", scratch_root);
	va_start(ap, fmt);
	mlr_buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	mlr_buf_puts(&cmd, ") | LC_ALL=C sort");
	FILE *p = popen(mlr_buf_cstr(&cmd), "r");
	assert_non_null(p);
	char line[1024];
	while (fgets(line, sizeof(line), p))
		mlr_buf_puts(&out, line);
	assert_int_equal(pclose(p), 0);
	mlr_buf_dispose(&cmd);
	return mlr_buf_detach(&out);
}

static int setup(void **state)
{
	(void)state;
	return scratch_setup("untracked");
}

static int teardown(void **state)
{
	(void)state;
	return scratch_teardown();
}

/* A tree with every kind of thing status tells apart: ignore files at two levels and in
 * .git/info/exclude, a negation, a directory pattern, an anchored pattern, `**`, a tracked
 * file inside an ignored directory, a nested repository, a symlink to a file and to a
 * directory, a FIFO, empty and ignored-only directories, a vendored directory. */
static void make_tree(void)
{
	scratch_sh(SCRATCH_GIT "init -q && printf '*.log\\nbuild-out/\\n!keep.log\\nignored_dir/\\nignored_dir2/\\n/rootonly.txt\\n"
	       "sub/**/deep.txt\\n' >.gitignore && mkdir -p sub/q build-out ignored_dir ignored_dir2 "
	       "untracked_dir/v emptydir onlyignored node_modules/pkg && printf '*.tmp\\n' >sub/.gitignore && "
	       "echo excluded.txt >>.git/info/exclude && echo a >a.py && echo b >sub/b.py && " SCRATCH_GIT "add -A && "
	       "echo t >ignored_dir2/tracked.py && " SCRATCH_GIT "add -f ignored_dir2/tracked.py && " SCRATCH_GIT "commit -qm init");
	scratch_sh("echo n >new.py && echo x >x.log && echo k >keep.log && echo y >build-out/y.py && "
	   "echo z >ignored_dir/z.py && echo r >rootonly.txt && echo r >sub/rootonly.txt && "
	   "echo d >sub/q/deep.txt && echo t >sub/t.tmp && echo u >untracked_dir/u.py && "
	   "echo w >untracked_dir/v/w.py && echo e >excluded.txt && echo o >ignored_dir2/other.py && "
	   "echo i >onlyignored/i.log && echo nm >node_modules/pkg/i.js && mkdir nested && "
	   "(cd nested && " SCRATCH_GIT "init -q && echo in >in.py) && mkfifo fifo && ln -s a.py link.py && "
	   "mkdir linkdir && ln -s ../sub linkdir/subl");
}

static void test_untracked_matches_git_status(void **state)
{
	(void)state;
	make_tree();
	/* git's untracked list, without what mlready leaves out by design (vendored trees) */
	char *want = capture("git status --porcelain -uall | sed -n 's/^?? //p' | grep -v '^node_modules/'");

	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = scratch_root;
	opts.source = MLR_SOURCE_WORKTREE;
	mlr_note_array notes = { 0 };
	mlr_source *src = NULL;
	assert_int_equal(mlr_source_open(&src, &opts, &notes), 0);

	/* mlready's: untracked files, symlinks (a note each) and nested repositories (a note,
	 * shown by status with a trailing '/') */
	mlr_buf got = MLR_BUF_INIT;
	const mlr_file_array *files = mlr_source_files(src);
	for (size_t i = 0; i < files->len; i++)
		if (!files->items[i].has_oid)
			mlr_buf_printf(&got, "%s\n", files->items[i].path);
	for (size_t i = 0; i < notes.len; i++) {
		if (strstr(notes.items[i].message, "symlink"))
			mlr_buf_printf(&got, "%s\n", notes.items[i].path);
		else if (strstr(notes.items[i].message, "nested repository"))
			mlr_buf_printf(&got, "%s/\n", notes.items[i].path);
	}
	/* sort got the way sort(1) does under LC_ALL=C: bytewise */
	char *lines[64];
	size_t n = 0;
	for (char *s = got.ptr, *nl; s && *s && n < 64; s = nl + 1) {
		nl = strchr(s, '\n');
		*nl = '\0';
		lines[n++] = s;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
			char *t = lines[j];
			lines[j] = lines[j - 1];
			lines[j - 1] = t;
		}
	mlr_buf sorted = MLR_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		mlr_buf_printf(&sorted, "%s\n", lines[i]);
	assert_string_equal(mlr_buf_cstr(&sorted), want);
	/* and the expected list is the interesting one, not an empty one */
	assert_non_null(strstr(want, "keep.log\n"));
	assert_non_null(strstr(want, "nested/\n"));
	assert_non_null(strstr(want, "untracked_dir/v/w.py\n"));
	assert_null(strstr(want, "ignored_dir2/other.py"));

	mlr_buf_dispose(&sorted);
	mlr_buf_dispose(&got);
	free(want);
	for (size_t i = 0; i < notes.len; i++) {
		free(notes.items[i].path);
		free(notes.items[i].message);
	}
	mlr_array_delete(&notes);
	mlr_source_free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_untracked_matches_git_status, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
