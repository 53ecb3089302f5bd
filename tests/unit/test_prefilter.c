/* The prefilter's parts: the trigger language and scan, and the import lexer, which must
 * give what the tree gives (on snippets, on every Python fixture, and on any directory
 * named by MLR_IMPORTSCAN_DIR, e.g. a real repository). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/error.h"
#include "python/py.h"
#include "rules/triggers.h"

/* ------------------------------------------------------------------ triggers */

static bool holds(const char *triggers, const char *text)
{
	mlr_trigger_set *set = NULL;
	uint32_t id;
	assert_int_equal(mlr_trigger_set_new(&set), 0);
	assert_int_equal(mlr_trigger_set_add(set, triggers, &id), 0);
	uint64_t seen[8] = { 0 };
	assert_true(mlr_trigger_set_words(set) <= 8);
	mlr_trigger_scan(set, text, strlen(text), seen);
	bool r = mlr_trigger_holds(set, id, seen);
	mlr_trigger_set_delete(set);
	return r;
}

static void test_exact_words(void **state)
{
	(void)state;
	assert_true(holds("load", "x = torch.load(p)"));
	assert_true(holds("load", "from torch import load as L"));
	assert_false(holds("load", "x = torch.loads(p)"));   /* whole identifiers only */
	assert_false(holds("load", "preload = 1"));
	assert_false(holds("load", "Load = 1"));              /* exact atoms keep case */
	assert_false(holds("load", "# load it\n"));           /* code only: not comments, */
	assert_false(holds("load", "'''load'''"));            /* not strings (docstrings) */
	assert_false(holds("load", "x = r'a \\' load'"));
	assert_true(holds("load", "x = f'{torch.load(p)}'"));  /* an f-string's braces are code */
	assert_true(holds("text:load", "# load it\n"));       /* text: atoms look there too */
	assert_true(holds("text:load", "'''\nload\n'''"));
	assert_true(holds("text:load", "load()"));
	assert_true(holds("text:home", "p = '/home/ana/data.csv'"));
	assert_true(holds("load", "s = 'x'; load()"));        /* code after a string */
	assert_true(holds("load", "s = '''a\n'b'\n'''\nload()"));
	assert_false(holds("e5", "x = 1e5"));                 /* a number's letters are no word */
	assert_true(holds("fit|transform", "m.transform(x)"));
	assert_false(holds("fit|transform", "m.fitness(x)"));
}

static void test_all_of(void **state)
{
	(void)state;
	/* groups: any of each ',' group, all of the groups */
	assert_true(holds("except:,Exception&torch,pandas", "import pandas\ntry: f()\nexcept: pass\n"));
	assert_true(holds("except:,Exception&torch,pandas", "import torch\ntry: f()\nexcept Exception: pass\n"));
	assert_false(holds("except:,Exception&torch,pandas", "import torch\ntry: f()\nexcept KeyError: pass\n"));
	assert_false(holds("except:,Exception&torch,pandas", "try: f()\nexcept: pass\n"));
	/* a colon atom: the word, then blanks, then ':' */
	assert_true(holds("except:", "try: f()\nexcept  :\n    pass\n"));
	assert_false(holds("except:", "try: f()\nexcept (A, B):\n    pass\n"));
	assert_false(holds("except:", "'except:'"));
	assert_true(holds("backward&step", "loss.backward()\nopt.step()"));
	assert_false(holds("backward&step", "loss.backward()"));
	assert_true(holds("backward&step|fit", "model.fit(x)"));
}

static void test_wildcards(void **state)
{
	(void)state;
	assert_true(holds("read_*", "pd.read_csv(p)"));
	assert_true(holds("read_*", "pd.READ_CSV(p)"));       /* wildcards ignore case */
	assert_false(holds("read_*", "pd.unread_csv(p)"));
	assert_true(holds("*Trainer", "t = SFTTrainer()"));
	assert_false(holds("*Trainer", "t = TrainerX()"));
	assert_true(holds("text:*health*", "@app.get('/v1/HealthZ')"));
	assert_false(holds("*health*", "@app.get('/v1/HealthZ')"));
	assert_true(holds("*_x*", "a_x = 1"));                /* '_' is not folded */
}

static void test_def_names(void **state)
{
	(void)state;
	assert_true(holds("def:test*", "def test_model():\n    pass\n"));
	assert_true(holds("def:test*", "async def  test_it(): pass"));
	assert_false(holds("def:Test*", "class TestModel(unittest.TestCase): pass")); /* functions only */
	assert_true(holds("forward(", "y = self.model.forward (x)"));
	assert_false(holds("forward(", "def forward(self, x):\n    return x\n"));
	assert_false(holds("forward(", "f = m.forward\n"));
	assert_false(holds("def:test*", "test_model()\n"));
	assert_false(holds("def:test*", "def helper(test_input): pass"));
	assert_false(holds("def:test*", "define\ntest_x = 1"));
	assert_true(holds("def:predict", "def predict(x): pass"));
	assert_false(holds("def:predict", "y = predict(x)"));
}

static void test_bad_triggers(void **state)
{
	(void)state;
	mlr_trigger_set *set = NULL;
	uint32_t id;
	assert_int_equal(mlr_trigger_set_new(&set), 0);
	assert_int_equal(mlr_trigger_set_add(set, "a.b", &id), MLR_ERULE);
	assert_int_equal(mlr_trigger_set_add(set, "a||b", &id), MLR_ERULE);
	assert_int_equal(mlr_trigger_set_add(set, "*", &id), MLR_ERULE);
	assert_int_equal(mlr_trigger_set_add(set, "a*b", &id), MLR_ERULE);
	assert_int_equal(mlr_trigger_set_add(set, "9a", &id), MLR_ERULE);
	assert_int_equal(mlr_trigger_set_add(set, "text:def:a", &id), MLR_ERULE);
	assert_int_equal(mlr_trigger_set_add(set, "text:", &id), MLR_ERULE);
	assert_int_equal(mlr_trigger_set_add(set, NULL, &id), 0);
	assert_int_equal(id, MLR_TRIGGER_ALWAYS);
	assert_true(mlr_trigger_holds(set, id, NULL));
	mlr_trigger_set_delete(set);
	mlr_trigger_set_delete(NULL);
}

/* Many atoms, more than one bit word, the same word in two conditions. */
static void test_many_atoms(void **state)
{
	(void)state;
	mlr_trigger_set *set = NULL;
	uint32_t ids[3];
	mlr_buf big = MLR_BUF_INIT;
	for (int i = 0; i < 150; i++)
		mlr_buf_printf(&big, "%sw%d", i ? "|" : "", i);
	assert_int_equal(mlr_trigger_set_new(&set), 0);
	assert_int_equal(mlr_trigger_set_add(set, mlr_buf_cstr(&big), &ids[0]), 0);
	assert_int_equal(mlr_trigger_set_add(set, "w149&zz", &ids[1]), 0);
	assert_int_equal(mlr_trigger_set_add(set, "w3", &ids[2]), 0);
	assert_int_equal(mlr_trigger_set_words(set), 3); /* 151 distinct atoms */
	uint64_t seen[3] = { 0 };
	const char *text = "x = w149 + zz";
	mlr_trigger_scan(set, text, strlen(text), seen);
	assert_true(mlr_trigger_holds(set, ids[0], seen));
	assert_true(mlr_trigger_holds(set, ids[1], seen));
	assert_false(mlr_trigger_holds(set, ids[2], seen));
	mlr_trigger_set_delete(set);
	mlr_buf_dispose(&big);
}

/* ------------------------------------------------------------------ import lexer */

/* The facts' view of imports: modules (sorted) then alias targets, one per line. */
static char *imports_of(const mlr_py *py)
{
	mlr_buf out = MLR_BUF_INIT;
	for (size_t i = 0; i < py->modules.len; i++)
		mlr_buf_printf(&out, "module %s\n", py->modules.items[i]);
	for (size_t i = 0; i < py->aliases.len; i++)
		mlr_buf_printf(&out, "alias %s=%s\n", py->aliases.items[i].local, py->aliases.items[i].target);
	mlr_buf_putc(&out, '\0');
	return mlr_buf_detach(&out);
}

static mlr_py_parser *parser;

/* Whether the lexer agrees with the tree on src; prints both when not. */
static bool agree(const char *name, const char *src, size_t len, bool quiet_on_error)
{
	mlr_py tree, lex;
	memset(&lex, 0, sizeof(lex));
	if (mlr_py_parse(&tree, parser, src, len) < 0)
		return true; /* not parsed: nothing to compare */
	bool skip = quiet_on_error && tree.has_error; /* error recovery is the tree's own guess */
	assert_int_equal(mlr_py_scan_imports(&lex, src, len), 0);
	char *a = imports_of(&tree), *b = imports_of(&lex);
	bool same = skip || !strcmp(a, b);
	if (!same)
		fprintf(stderr, "%s: the tree says\n%sthe lexer says\n%s", name, a, b);
	free(a);
	free(b);
	mlr_py_dispose(&tree);
	mlr_py_dispose(&lex);
	return same;
}

static void test_importscan_snippets(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"import os\n",
		"import os, sys as system\nimport a.b.c\nimport a . b as ab\n",
		"from . import x\nfrom .. import y as z\nfrom .pkg.mod import (a,\n  b as c,\n  d,\n)\n",
		"from pkg import *\nfrom __future__ import annotations\n",
		"def f():\n    import wandb\n    if x:\n        from mlflow import log_param\n",
		"try: import torch\nexcept ImportError: torch = None\n",
		"import a; import b\nx = 1; from c import d\n",
		"s = '''\nimport fake\n'''\n# import comment\nt = \"from fake import x\"\n",
		"x = (\n  import_thing,\n)\nimported = 1\nfromage = 2\n",
		"from a import b, \\\n    c\nimport d, \\\n  e\n",
		"r = rb'\\x' ; import q\nf'{x}'\nimport z\n",
		"class A:\n    from typing import List\n",
		"if TYPE_CHECKING:\n    from x.y import Z  # noqa\n",
		"yield_from = 1\nraise E from err\n",
		"import a.b as c, d.e\n",
		"from .... import deep\n",
		"from ...pkg import (\n    # a comment\n    x,  # another\n    y\n)\n",
		"",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_true(agree(cases[i], cases[i], strlen(cases[i]), false));
}

static size_t compare_tree(const char *dir, size_t *files)
{
	size_t bad = 0;
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			bad += compare_tree(path, files);
			continue;
		}
		size_t n = strlen(e->d_name);
		if (!S_ISREG(st.st_mode) || n < 3 || strcmp(e->d_name + n - 3, ".py") || st.st_size > (4 << 20))
			continue;
		FILE *f = fopen(path, "rb");
		char *buf = malloc((size_t)st.st_size + 1);
		size_t got = f && buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
		if (f)
			fclose(f);
		if (buf) {
			(*files)++;
			bad += !agree(path, buf, got, true);
		}
		free(buf);
	}
	closedir(d);
	return bad;
}

static void test_importscan_fixtures(void **state)
{
	(void)state;
	size_t files = 0;
	const char *dir = getenv("MLR_IMPORTSCAN_DIR");
	size_t bad = compare_tree(dir ? dir : "fixtures", &files);
	fprintf(stderr, "import lexer: %zu files compared, %zu differ\n", files, bad);
	assert_true(files > 0);
	assert_int_equal(bad, 0);
}

static int setup(void **state)
{
	(void)state;
	return mlr_py_parser_new(&parser, 0);
}

static int teardown(void **state)
{
	(void)state;
	mlr_py_parser_delete(parser);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_words),
		cmocka_unit_test(test_all_of),
		cmocka_unit_test(test_wildcards),
		cmocka_unit_test(test_def_names),
		cmocka_unit_test(test_bad_triggers),
		cmocka_unit_test(test_many_atoms),
		cmocka_unit_test(test_importscan_snippets),
		cmocka_unit_test(test_importscan_fixtures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
