/* Query rules: every predicate the engine evaluates, finding locations, compile errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "python/query.h"

static const mlr_rule rule_x = { .id = "MLR999", .name = "test-rule-x", .category = MLR_CAT_SECURITY,
	.severity = MLR_SEV_WARNING, .scope = MLR_SCOPE_PYTHON, .message = "x" };

/* What a run emitted: "RULEID@line:col=text;" per match, in order. */
typedef struct {
	const mlr_py *py;
	mlr_buf log;
	size_t count;
} hits;

static void record(void *payload, const mlr_rule *rule, TSNode node)
{
	hits *h = payload;
	TSPoint p = ts_node_start_point(node);
	size_t len;
	const char *t = mlr_py_text(h->py, node, &len);
	mlr_buf_printf(&h->log, "%s@%u:%u=%.*s;", rule->id, p.row + 1, p.column + 1, (int)len, t);
	h->count++;
}

/* Compiles `query` for rule_x, runs it over `src`, returns the log (caller frees). */
static char *run(const char *query, const char *src, size_t *count)
{
	mlr_query *q = NULL;
	mlr_py_parser *parser = NULL;
	mlr_py py;
	int rc = mlr_query_new(&q, &rule_x, query);
	if (rc < 0)
		fail_msg("query does not compile: %s", mlr_error_last());
	assert_int_equal(mlr_py_parser_new(&parser, 0), 0);
	assert_int_equal(mlr_py_parse(&py, parser, src, strlen(src)), 0);
	TSQueryCursor *cur = ts_query_cursor_new();
	hits h = { &py, MLR_BUF_INIT, 0 };
	mlr_query_run(q, cur, &py, record, &h);
	ts_query_cursor_delete(cur);
	mlr_py_dispose(&py);
	mlr_py_parser_delete(parser);
	mlr_query_delete(q);
	if (count)
		*count = h.count;
	mlr_buf_puts(&h.log, "");
	return mlr_buf_detach(&h.log);
}

static void assert_run(const char *query, const char *src, const char *want)
{
	char *got = run(query, src, NULL);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* Compiling must fail with MLR_ERULE, naming the rule and containing `needle`. */
static void assert_compile_error(const char *query, const char *needle)
{
	mlr_query *q = (mlr_query *)0x1; /* untouched on failure */
	mlr_error_clear();
	int rc = mlr_query_new(&q, &rule_x, query);
	assert_int_equal(rc, MLR_ERULE);
	assert_ptr_equal(q, (mlr_query *)0x1);
	const char *msg = mlr_error_last();
	assert_non_null(msg);
	if (!strstr(msg, "MLR999") || !strstr(msg, needle))
		fail_msg("error message '%s' lacks MLR999 or '%s'", msg, needle);
}

/* ------------------------------------------------------------------ eq / not-eq */

static void test_eq_string(void **state)
{
	(void)state;
	assert_run("((identifier) @id (#eq? @id \"foo\"))", "foo\nbar\nx = foo\nfood\n",
		"MLR999@1:1=foo;MLR999@3:5=foo;");
	assert_run("((identifier) @id (#not-eq? @id \"foo\"))", "foo\nbar\nfood\n",
		"MLR999@2:1=bar;MLR999@3:1=food;");
}

static void test_eq_capture_vs_capture(void **state)
{
	(void)state;
	const char *q = "(assignment left: (identifier) @a right: (identifier) @b (#eq? @a @b)) @finding";
	assert_run(q, "x = x\ny = z\nlong = long\n", "MLR999@1:1=x = x;MLR999@3:1=long = long;");
	q = "(assignment left: (identifier) @a right: (identifier) @b (#not-eq? @a @b)) @finding";
	assert_run(q, "x = x\ny = z\nab = a\n", "MLR999@2:1=y = z;MLR999@3:1=ab = a;");
}

/* ------------------------------------------------------------------ match / not-match */

static void test_match(void **state)
{
	(void)state;
	const char *q = "((identifier) @id (#match? @id \"^te?st_\\\\d+$\"))";
	assert_run(q, "test_1\ntst_22\nxtest_3\ntest_x\n", "MLR999@1:1=test_1;MLR999@2:1=tst_22;");
	q = "((identifier) @id (#not-match? @id \"^_\"))";
	assert_run(q, "_private\npublic\n__dunder\n", "MLR999@2:1=public;");
	/* unanchored: a match anywhere in the text */
	assert_run("((identifier) @id (#match? @id \"key\"))", "api_key\nkeys\nk\n",
		"MLR999@1:1=api_key;MLR999@2:1=keys;");
}

static void test_match_hostile_text(void **state)
{
	(void)state;
	/* invalid UTF-8 in a literal: the regex is UTF-mode, the text is not valid UTF-8 */
	static const char src[] = "x = 'a\xff\xfe b'\ny = '\xc3'\nz = 'ok b'\n";
	size_t n = 0;
	char *got = run("((string) @s (#match? @s \"b'$\"))", src, &n);
	assert_non_null(got);
	assert_int_equal(n, 2);
	assert_non_null(strstr(got, "@1:5="));
	assert_non_null(strstr(got, "@3:5="));
	free(got);
}

/* ------------------------------------------------------------------ any-of */

static void test_any_of(void **state)
{
	(void)state;
	const char *src = "pickle\njoblib\ndill\npickled\n";
	assert_run("((identifier) @id (#any-of? @id \"pickle\" \"dill\" \"cloudpickle\"))", src,
		"MLR999@1:1=pickle;MLR999@3:1=dill;");
	assert_run("((identifier) @id (#not-any-of? @id \"pickle\" \"dill\"))", src,
		"MLR999@2:1=joblib;MLR999@4:1=pickled;");
	/* a single value works too */
	assert_run("((identifier) @id (#any-of? @id \"joblib\"))", src, "MLR999@2:1=joblib;");
}

/* ------------------------------------------------------------------ resolves-to */

static void test_resolves_to_exact_through_aliases(void **state)
{
	(void)state;
	const char *q = "((call function: (_) @fn) @finding (#resolves-to? @fn \"torch.load\"))";
	assert_run(q,
		"from torch import load as tl\n"
		"import torch\n"
		"import torch as T\n"
		"tl(p)\n"
		"torch.load(p)\n"
		"T.load(p)\n"
		"load(p)\n"
		"torch.loads(p)\n"
		"torch.load.x(p)\n",
		"MLR999@4:1=tl(p);MLR999@5:1=torch.load(p);MLR999@6:1=T.load(p);");
	/* the subject may be the call itself: its function is resolved */
	q = "((call) @c (#resolves-to? @c \"torch.load\"))";
	assert_run(q, "import torch as T\nT.load(p)\nT.save(p)\n", "MLR999@2:1=T.load(p);");
}

static void test_resolves_to_prefix_and_suffix(void **state)
{
	(void)state;
	const char *q = "((call function: (_) @fn) @finding (#resolves-to? @fn \"numpy.*\"))";
	assert_run(q,
		"import numpy as np\n"
		"np.load(x)\n"
		"np.random.seed(1)\n"
		"numpyx.load(x)\n"
		"np(x)\n"
		"pd.load(x)\n",
		"MLR999@2:1=np.load(x);MLR999@3:1=np.random.seed(1);MLR999@5:1=np(x);");

	q = "((call function: (_) @fn) @finding (#resolves-to? @fn \"*.fit\"))";
	assert_run(q,
		"model.fit(X)\n"
		"Foo().fit(X)\n"
		"fit(X)\n"
		"model.refit(X)\n"
		"model.fit.x(X)\n"
		"a.b.fit(X)\n",
		"MLR999@1:1=model.fit(X);MLR999@2:1=Foo().fit(X);MLR999@3:1=fit(X);MLR999@6:1=a.b.fit(X);");

	/* several patterns: any one is enough; a multi-segment suffix */
	q = "((call function: (_) @fn) @finding (#resolves-to? @fn \"pickle.load\" \"*.joblib.load\"))";
	assert_run(q,
		"import pickle as pk\nfrom sklearn.externals import joblib\n"
		"pk.load(f)\njoblib.load(f)\njoblib.dump(f)\n",
		"MLR999@3:1=pk.load(f);MLR999@4:1=joblib.load(f);");
}

static void test_not_resolves_to(void **state)
{
	(void)state;
	const char *q = "((call function: (attribute) @fn) @finding (#not-resolves-to? @fn \"numpy.*\"))";
	assert_run(q, "import numpy as np\nnp.load(x)\nos.path.join(a)\n", "MLR999@3:1=os.path.join(a);");
	/* a subject with no dotted name never resolves: the negation holds */
	q = "((call function: (_) @fn) @finding (#not-resolves-to? @fn \"*.load\"))";
	assert_run(q, "fs[0](x)\nx.load(y)\n", "MLR999@1:1=fs[0](x);");
}

/* ------------------------------------------------------------------ has-kwarg */

static void test_has_kwarg(void **state)
{
	(void)state;
	const char *src =
		"torch.load(p, weights_only=True)\n"
		"torch.load(p, weights_only=False)\n"
		"torch.load(p)\n"
		"torch.load(p, map_location='cpu')\n";
	assert_run("((call) @c (#has-kwarg? @c \"weights_only\"))", src,
		"MLR999@1:1=torch.load(p, weights_only=True);MLR999@2:1=torch.load(p, weights_only=False);");
	assert_run("((call) @c (#has-kwarg? @c \"weights_only\" \"False\"))", src,
		"MLR999@2:1=torch.load(p, weights_only=False);");
	assert_run("((call) @c (#not-has-kwarg? @c \"weights_only\"))", src,
		"MLR999@3:1=torch.load(p);MLR999@4:1=torch.load(p, map_location='cpu');");
	assert_run("((call) @c (#not-has-kwarg? @c \"weights_only\" \"True\"))", src,
		"MLR999@2:1=torch.load(p, weights_only=False);MLR999@3:1=torch.load(p);"
		"MLR999@4:1=torch.load(p, map_location='cpu');");
	/* a name longer than any Python keyword argument cannot match, and must not overflow */
	char q[400];
	char longname[300];
	memset(longname, 'k', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	snprintf(q, sizeof(q), "((call) @c (#has-kwarg? @c \"%s\"))", longname);
	assert_run(q, src, "");
}

static void test_predicates_combine(void **state)
{
	(void)state;
	const char *q =
		"((call function: (_) @fn) @finding\n"
		" (#resolves-to? @fn \"torch.load\")\n"
		" (#not-has-kwarg? @finding \"weights_only\" \"True\"))";
	assert_run(q,
		"import torch\n"
		"torch.load(a)\n"
		"torch.load(b, weights_only=True)\n"
		"torch.save(c)\n",
		"MLR999@2:1=torch.load(a);");
}

static void test_multiple_patterns(void **state)
{
	(void)state;
	const char *q =
		"((identifier) @a (#eq? @a \"one\"))\n"
		"((integer) @b (#eq? @b \"2\"))\n";
	assert_run(q, "one\ntwo\n1\n2\n", "MLR999@1:1=one;MLR999@4:1=2;");
}

/* ------------------------------------------------------------------ location */

static void test_finding_capture_location(void **state)
{
	(void)state;
	/* @finding wins over the first capture, wherever it sits in the pattern */
	assert_run("(call function: (identifier) @fn arguments: (argument_list) @finding)",
		"  run(1, 2)\n", "MLR999@1:6=(1, 2);");
	/* without @finding: the match's first capture */
	assert_run("(call function: (identifier) @fn arguments: (argument_list) @args)",
		"run(1)\n", "MLR999@1:1=run;");
	/* no capture at all: nothing to report */
	assert_run("(call function: (identifier))", "run(1)\n", "");
}

/* ------------------------------------------------------------------ compile errors */

static void test_compile_errors(void **state)
{
	(void)state;
	assert_compile_error("(call", "syntax");
	assert_compile_error("(no_such_node) @x", "node type");
	assert_compile_error("(call nonsense_field: (identifier)) @x", "field");
	assert_compile_error("((identifier) @x (#frobnicate? @x \"a\"))", "frobnicate");
	assert_compile_error("((identifier) @x (#not-frobnicate? @x \"a\"))", "frobnicate");
	assert_compile_error("((identifier) @x (#match? @x \"(unclosed\"))", "regex");
	assert_compile_error("((identifier) @x (#match? @x \"a\" \"b\"))", "arguments");
	assert_compile_error("((identifier) @x (#eq? @x))", "arguments");
	assert_compile_error("((identifier) @x (#eq? @x \"a\" \"b\"))", "arguments");
	assert_compile_error("((identifier) @x (#any-of? @x))", "arguments");
	assert_compile_error("((call) @x (#has-kwarg? @x \"a\" \"b\" \"c\"))", "arguments");
	assert_compile_error("((identifier) @x (#eq? \"a\" @x))", "capture");
	assert_compile_error("((identifier) @x (#any-of? @x @x))", "strings");
	assert_compile_error("((identifier) @x (#resolves-to? @x @x))", "strings");
}

static void test_query_set(void **state)
{
	(void)state;
	static const mlr_rule no_query = { .id = "MLR997", .name = "c-check", .check = "whatever" };
	static const mlr_rule qa = { .id = "MLR998", .name = "a", .message = "a",
		.query = "((identifier) @x (#eq? @x \"alpha\"))" };
	static const mlr_rule qb = { .id = "MLR999", .name = "b", .message = "b",
		.query = "((integer) @x (#any-of? @x \"7\" \"8\"))" };
	const mlr_rule *rules[] = { &no_query, &qa, &qb };
	mlr_query_set *qs = NULL;
	assert_int_equal(mlr_query_set_new(&qs, rules, 3), 0);

	mlr_py_parser *parser = NULL;
	mlr_py py;
	const char *src = "alpha = 7\nbeta = 8\nalpha = 9\n";
	assert_int_equal(mlr_py_parser_new(&parser, 0), 0);
	assert_int_equal(mlr_py_parse(&py, parser, src, strlen(src)), 0);
	TSQueryCursor *cur = ts_query_cursor_new();
	hits h = { &py, MLR_BUF_INIT, 0 };
	assert_true(mlr_query_set_run(qs, cur, &py, NULL, 0, record, &h));
	/* The set is one query: one pass, matches in document order, each with its own rule. */
	assert_string_equal(mlr_buf_cstr(&h.log),
		"MLR998@1:1=alpha;MLR999@1:9=7;MLR999@2:8=8;MLR998@3:1=alpha;");
	mlr_buf_dispose(&h.log);

	/* the active mask: only MLR999 runs */
	bool only_b[] = { false, true };
	hits hb = { &py, MLR_BUF_INIT, 0 };
	assert_true(mlr_query_set_run(qs, cur, &py, only_b, 0, record, &hb));
	assert_string_equal(mlr_buf_cstr(&hb.log), "MLR999@1:9=7;MLR999@2:8=8;");
	mlr_buf_dispose(&hb.log);
	mlr_py_dispose(&py);

	/* a budget: 1 µs is over long before 1,000 matches, and the run says it stopped */
	mlr_buf many = MLR_BUF_INIT;
	for (int i = 0; i < 1000; i++)
		mlr_buf_puts(&many, "alpha = 7\n");
	assert_int_equal(mlr_py_parse(&py, parser, mlr_buf_cstr(&many), many.len), 0);
	hits hm = { &py, MLR_BUF_INIT, 0 };
	assert_false(mlr_query_set_run(qs, cur, &py, NULL, 1, record, &hm));
	assert_true(hm.count < 2000);
	mlr_buf_dispose(&hm.log);
	mlr_buf_dispose(&many);
	ts_query_cursor_delete(cur);
	mlr_py_dispose(&py);
	mlr_py_parser_delete(parser);
	mlr_query_set_delete(qs);

	/* an empty set is valid and runs nothing */
	assert_int_equal(mlr_query_set_new(&qs, rules, 0), 0);
	mlr_query_set_delete(qs);

	/* one bad rule fails the set, naming that rule */
	static const mlr_rule bad = { .id = "MLR996", .name = "bad", .query = "((identifier) @x (#nope? @x \"a\"))" };
	const mlr_rule *with_bad[] = { &qa, &bad, &qb };
	qs = NULL;
	assert_int_equal(mlr_query_set_new(&qs, with_bad, 3), MLR_ERULE);
	assert_null(qs);
	assert_non_null(strstr(mlr_error_last(), "MLR996"));

	mlr_query_set_delete(NULL);
	mlr_query_delete(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eq_string),
		cmocka_unit_test(test_eq_capture_vs_capture),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_match_hostile_text),
		cmocka_unit_test(test_any_of),
		cmocka_unit_test(test_resolves_to_exact_through_aliases),
		cmocka_unit_test(test_resolves_to_prefix_and_suffix),
		cmocka_unit_test(test_not_resolves_to),
		cmocka_unit_test(test_has_kwarg),
		cmocka_unit_test(test_predicates_combine),
		cmocka_unit_test(test_multiple_patterns),
		cmocka_unit_test(test_finding_capture_location),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_query_set),
	};
	return cmocka_run_group_tests_name("query", tests, NULL, NULL);
}
