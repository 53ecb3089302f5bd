/* Python analysis: parsing, import aliases, dotted names, callees, literals, arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "python/py.h"

typedef struct {
	mlr_py_parser *parser;
	mlr_py py;
	bool parsed;
} fixture;

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof(*fx));
	if (!fx || mlr_py_parser_new(&fx->parser, 0) < 0) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	if (fx->parsed)
		mlr_py_dispose(&fx->py);
	mlr_py_parser_delete(fx->parser);
	free(fx);
	return 0;
}

static mlr_py *parse(void **state, const char *src)
{
	fixture *fx = *state;
	if (fx->parsed)
		mlr_py_dispose(&fx->py);
	fx->parsed = false;
	assert_int_equal(mlr_py_parse(&fx->py, fx->parser, src, strlen(src)), 0);
	fx->parsed = true;
	return &fx->py;
}

/* The n-th node (0-based, document order) of a grammar type. */
typedef struct {
	uint32_t want, seen;
	TSNode found;
	bool have;
} nth_state;

static void nth_visit(const mlr_py *py, TSNode n, void *payload)
{
	(void)py;
	nth_state *st = payload;
	if (st->seen++ == st->want) {
		st->found = n;
		st->have = true;
	}
}

static TSNode nth(const mlr_py *py, const char *type, uint32_t idx)
{
	nth_state st = { .want = idx };
	mlr_py_each(py, type, nth_visit, &st);
	if (!st.have)
		fail_msg("no %s #%u in the tree", type, idx);
	return st.found;
}

static uint32_t count_of(const mlr_py *py, const char *type)
{
	nth_state st = { .want = UINT32_MAX };
	mlr_py_each(py, type, nth_visit, &st);
	return st.seen;
}

/* Asserts what `dotted` resolves to in py. */
static void assert_resolves(const mlr_py *py, const char *dotted, const char *want)
{
	mlr_buf out = MLR_BUF_INIT;
	mlr_py_resolve(&out, py, dotted, strlen(dotted));
	assert_string_equal(mlr_buf_cstr(&out), want);
	mlr_buf_dispose(&out);
}

/* Asserts the resolved callee of the n-th call; want NULL means "has no dotted name". */
static void assert_callee(const mlr_py *py, uint32_t idx, const char *want)
{
	mlr_buf out = MLR_BUF_INIT;
	bool ok = mlr_py_callee(&out, py, nth(py, "call", idx));
	if (want) {
		assert_true(ok);
		assert_string_equal(mlr_buf_cstr(&out), want);
	} else {
		assert_false(ok);
	}
	mlr_buf_dispose(&out);
}

static const char *alias_target(const mlr_py *py, const char *local)
{
	const char *t = NULL;
	for (size_t i = 0; i < py->aliases.len; i++)
		if (!strcmp(py->aliases.items[i].local, local))
			t = py->aliases.items[i].target;
	return t;
}

/* ------------------------------------------------------------------ parsing */

static void test_parse_clean_and_broken(void **state)
{
	mlr_py *py = parse(state, "def f(x):\n    return x + 1\n");
	assert_false(py->has_error);
	assert_string_equal(ts_node_type(py->root), "module");
	assert_int_equal(count_of(py, "function_definition"), 1);

	py = parse(state, "def f(:\n    return\nimport numpy as np\n");
	assert_true(py->has_error);
	/* what parses is still analyzed */
	assert_true(mlr_py_imports(py, "numpy"));

	py = parse(state, "");
	assert_false(py->has_error);
	assert_int_equal(py->aliases.len, 0);
	assert_int_equal(py->modules.len, 0);
}

static void test_parse_hostile_bytes(void **state)
{
	fixture *fx = *state;
	/* NUL bytes, invalid UTF-8 and a lone surrogate half inside and outside strings */
	static const char bytes[] = "x = '\xff\xfe\x00" "abc'\n\x00\x00import \xc3(\n\xed\xa0\x80 = 1\nimport os\n";
	if (fx->parsed)
		mlr_py_dispose(&fx->py);
	fx->parsed = false;
	assert_int_equal(mlr_py_parse(&fx->py, fx->parser, bytes, sizeof(bytes) - 1), 0);
	fx->parsed = true;
	assert_true(fx->py.has_error);
	assert_int_equal(fx->py.len, sizeof(bytes) - 1);

	/* deep nesting must neither crash the parser nor the (iterative) visitor */
	mlr_buf deep = MLR_BUF_INIT;
	mlr_buf_puts(&deep, "x = ");
	for (int i = 0; i < 20000; i++)
		mlr_buf_putc(&deep, '(');
	mlr_buf_puts(&deep, "1");
	for (int i = 0; i < 20000; i++)
		mlr_buf_putc(&deep, ')');
	mlr_buf_puts(&deep, "\nimport torch\n");
	assert_false(deep.oom);
	mlr_py *py = parse(state, mlr_buf_cstr(&deep));
	assert_true(mlr_py_imports(py, "torch"));
	assert_true(count_of(py, "parenthesized_expression") > 1000);
	/* py points into the buffer: release the tree first */
	mlr_py_dispose(&fx->py);
	fx->parsed = false;
	mlr_buf_dispose(&deep);
}

static void test_parse_timeout_then_reuse(void **state)
{
	(void)state;
	mlr_py_parser *p = NULL;
	assert_int_equal(mlr_py_parser_new(&p, 1), 0);
	mlr_buf big = MLR_BUF_INIT;
	for (int i = 0; i < 40000; i++)
		mlr_buf_printf(&big, "v%d = f(a, b[%d], c.d)\n", i, i);
	assert_false(big.oom);
	mlr_py py;
	int rc = mlr_py_parse(&py, p, big.ptr, big.len);
	assert_int_equal(rc, MLR_EIO);
	assert_non_null(strstr(mlr_error_last(), "timed out"));
	mlr_py_dispose(&py); /* safe after a failed parse */
	mlr_py_parser_delete(p);

	/* a fresh parser without a limit parses the same input */
	assert_int_equal(mlr_py_parser_new(&p, 0), 0);
	assert_int_equal(mlr_py_parse(&py, p, big.ptr, big.len), 0);
	assert_false(py.has_error);
	mlr_py_dispose(&py);
	mlr_py_parser_delete(p);
	mlr_buf_dispose(&big);
}

static void test_free_null(void **state)
{
	(void)state;
	mlr_py_parser_delete(NULL);
	mlr_py_dispose(NULL);
}

/* ------------------------------------------------------------------ imports */

static void test_imports_aliases(void **state)
{
	mlr_py *py = parse(state,
		"import numpy as np\n"
		"import a.b.c\n"
		"import os, sys as system\n"
		"from torch import load as tl\n"
		"from wandb import log\n"
		"from sklearn.ensemble import (RandomForestClassifier,\n"
		"                              GradientBoostingRegressor as GBR)\n");
	assert_string_equal(alias_target(py, "np"), "numpy");
	assert_string_equal(alias_target(py, "a"), "a");
	assert_string_equal(alias_target(py, "os"), "os");
	assert_string_equal(alias_target(py, "system"), "sys");
	assert_null(alias_target(py, "sys"));
	assert_string_equal(alias_target(py, "tl"), "torch.load");
	assert_string_equal(alias_target(py, "log"), "wandb.log");
	assert_string_equal(alias_target(py, "RandomForestClassifier"), "sklearn.ensemble.RandomForestClassifier");
	assert_string_equal(alias_target(py, "GBR"), "sklearn.ensemble.GradientBoostingRegressor");
	assert_null(alias_target(py, "numpy"));

	/* modules: dotted, sorted, unique */
	static const char *const want[] = { "a.b.c", "numpy", "os", "sklearn.ensemble", "sys", "torch", "wandb" };
	assert_int_equal(py->modules.len, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < py->modules.len; i++)
		assert_string_equal(py->modules.items[i], want[i]);
}

static void test_imports_modules_unique_and_prefix(void **state)
{
	mlr_py *py = parse(state,
		"import torch\nimport torch\nimport torch.nn as nn\nfrom torch import optim\n");
	assert_int_equal(py->modules.len, 2);
	assert_string_equal(py->modules.items[0], "torch");
	assert_string_equal(py->modules.items[1], "torch.nn");

	py = parse(state, "import torch.nn\n");
	assert_true(mlr_py_imports(py, "torch"));
	assert_true(mlr_py_imports(py, "torch.nn"));
	assert_false(mlr_py_imports(py, "tor"));
	assert_false(mlr_py_imports(py, "torch.nn.functional"));
	assert_false(mlr_py_imports(py, "nn"));

	py = parse(state, "import torchvision\n");
	assert_false(mlr_py_imports(py, "torch"));
}

static void test_imports_relative(void **state)
{
	mlr_py *py = parse(state,
		"from . import utils\n"
		"from .tracking import log_run\n"
		"from ..pkg.sub import helper as h\n");
	assert_string_equal(alias_target(py, "utils"), ".utils");
	assert_string_equal(alias_target(py, "log_run"), ".tracking.log_run");
	assert_string_equal(alias_target(py, "h"), "..pkg.sub.helper");
	assert_true(mlr_py_imports(py, ".tracking"));
	assert_true(mlr_py_imports(py, "..pkg.sub"));
	assert_resolves(py, "log_run", ".tracking.log_run");
	assert_resolves(py, "h.x", "..pkg.sub.helper.x");
}

static void test_imports_inside_functions_and_blocks(void **state)
{
	mlr_py *py = parse(state,
		"def train():\n"
		"    import mlflow\n"
		"    if True:\n"
		"        from wandb import log as wlog\n"
		"    try:\n"
		"        import xgboost as xgb\n"
		"    except ImportError:\n"
		"        pass\n");
	assert_true(mlr_py_imports(py, "mlflow"));
	assert_true(mlr_py_imports(py, "wandb"));
	assert_true(mlr_py_imports(py, "xgboost"));
	assert_string_equal(alias_target(py, "wlog"), "wandb.log");
	assert_string_equal(alias_target(py, "xgb"), "xgboost");
}

static void test_imports_star_and_future(void **state)
{
	mlr_py *py = parse(state, "from __future__ import annotations\nfrom numpy import *\n");
	assert_true(mlr_py_imports(py, "numpy"));
	assert_null(alias_target(py, "*"));
}

/* ------------------------------------------------------------------ resolve */

static void test_resolve(void **state)
{
	mlr_py *py = parse(state,
		"import numpy as np\nfrom torch import load as tl\nimport a.b.c\nimport mlflow\n");
	assert_resolves(py, "np.load", "numpy.load");
	assert_resolves(py, "np", "numpy");
	assert_resolves(py, "tl", "torch.load");
	assert_resolves(py, "a.b.c.f", "a.b.c.f");
	assert_resolves(py, "mlflow.log_metric", "mlflow.log_metric");
	/* unknown roots and method-on-unnamed stay as they are */
	assert_resolves(py, "pd.read_csv", "pd.read_csv");
	assert_resolves(py, ".fit", ".fit");
	/* the root must match a whole segment */
	assert_resolves(py, "npx.load", "npx.load");
	assert_resolves(py, "", "");

	/* a length shorter than the string: only that prefix is resolved */
	mlr_buf out = MLR_BUF_INIT;
	mlr_buf_puts(&out, "stale");
	mlr_py_resolve(&out, py, "np.load.extra", 7);
	assert_string_equal(mlr_buf_cstr(&out), "numpy.load");
	mlr_buf_dispose(&out);
}

static void test_resolve_later_binding_wins(void **state)
{
	mlr_py *py = parse(state, "import numpy as np\nimport jax.numpy as np\n");
	assert_resolves(py, "np.zeros", "jax.numpy.zeros");
}

/* ------------------------------------------------------------------ names */

static void dotted_of_first(const mlr_py *py, const char *type, const char *want)
{
	mlr_buf out = MLR_BUF_INIT;
	bool ok = mlr_py_dotted(&out, py, nth(py, type, 0));
	if (want) {
		assert_true(ok);
		assert_string_equal(mlr_buf_cstr(&out), want);
	} else {
		assert_false(ok);
		assert_int_equal(out.len, 0);
	}
	mlr_buf_dispose(&out);
}

static void test_dotted(void **state)
{
	mlr_py *py = parse(state, "a.b.c\n");
	dotted_of_first(py, "attribute", "a.b.c");
	dotted_of_first(py, "identifier", "a");

	py = parse(state, "Foo().fit\n");
	dotted_of_first(py, "attribute", ".fit");
	py = parse(state, "xs[0].fit\n");
	dotted_of_first(py, "attribute", ".fit");
	py = parse(state, "Foo(x).model.fit\n");
	dotted_of_first(py, "attribute", ".model.fit");
	py = parse(state, "a . b .\\\n c\n");
	dotted_of_first(py, "attribute", "a.b.c");

	/* not names at all */
	py = parse(state, "f()\n");
	dotted_of_first(py, "call", NULL);
	py = parse(state, "'s'\n");
	dotted_of_first(py, "string", NULL);
	py = parse(state, "xs[0]\n");
	dotted_of_first(py, "subscript", NULL);
}

static void test_dotted_pathological_chain(void **state)
{
	mlr_buf src = MLR_BUF_INIT;
	mlr_buf_puts(&src, "a");
	for (int i = 0; i < 5000; i++)
		mlr_buf_puts(&src, ".b");
	mlr_buf_puts(&src, "()\n");
	fixture *fx = *state;
	mlr_py *py = parse(state, mlr_buf_cstr(&src));
	mlr_buf out = MLR_BUF_INIT;
	/* bounded: refused rather than recursing 5000 deep */
	assert_false(mlr_py_dotted(&out, py, nth(py, "attribute", 0)));
	assert_int_equal(out.len, 0);
	assert_false(mlr_py_callee(&out, py, nth(py, "call", 0)));
	mlr_buf_dispose(&out);
	mlr_py_dispose(&fx->py);
	fx->parsed = false;
	mlr_buf_dispose(&src);
}

static void test_callee(void **state)
{
	mlr_py *py = parse(state,
		"import numpy as np\n"
		"from torch import load as tl\n"
		"np.load(x)\n"         /* 0 */
		"tl(p)\n"              /* 1 */
		"Foo().fit(X)\n"       /* 2: Foo() is call 3 */
		"fns[0](x)\n"          /* 4 */
		"(lambda: 1)()\n"      /* 5 */
		"print(x)\n"           /* 6 */
		"np.random.seed(1)\n"  /* 7 */
	);
	assert_callee(py, 0, "numpy.load");
	assert_callee(py, 1, "torch.load");
	assert_callee(py, 2, ".fit");
	assert_callee(py, 3, "Foo");
	assert_callee(py, 4, NULL);
	assert_callee(py, 5, NULL);
	assert_callee(py, 6, "print");
	assert_callee(py, 7, "numpy.random.seed");
}

static void test_text_eq(void **state)
{
	mlr_py *py = parse(state, "alpha = beta\n");
	TSNode id = nth(py, "identifier", 0);
	assert_true(mlr_py_text_eq(py, id, "alpha"));
	assert_false(mlr_py_text_eq(py, id, "alph"));
	assert_false(mlr_py_text_eq(py, id, "alphas"));
	size_t len;
	const char *t = mlr_py_text(py, nth(py, "identifier", 1), &len);
	assert_int_equal(len, 4);
	assert_memory_equal(t, "beta", 4);
}

/* ------------------------------------------------------------------ string literals */

static void assert_string_node(const mlr_py *py, uint32_t idx, const char *want)
{
	const char *v = NULL;
	size_t len = 99;
	bool ok = mlr_py_string_value(py, nth(py, "string", idx), &v, &len);
	if (!want) {
		assert_false(ok);
		return;
	}
	assert_true(ok);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(v, want, len);
}

static void test_string_value(void **state)
{
	mlr_py *py = parse(state,
		"a = 'plain'\n"              /* 0 */
		"b = r\"\\d+\\.\\w\"\n"      /* 1 */
		"c = '''tri\nple'''\n"       /* 2 */
		"d = f\"key-{name}\"\n"      /* 3 */
		"e = b'bytes'\n"             /* 4 */
		"f = ''\n"                   /* 5 */
		"g = u'uni'\n"               /* 6 */
		"h = \"esc\\n\\\"q\"\n"      /* 7 */
		"i = Rb'raw-bytes'\n"        /* 8 */
		"j = \"\"\"\"\"\"\n"         /* 9 */
		"k = F'{x}'\n"               /* 10 */
	);
	assert_string_node(py, 0, "plain");
	assert_string_node(py, 1, "\\d+\\.\\w");
	assert_string_node(py, 2, "tri\nple");
	assert_string_node(py, 3, NULL);
	assert_string_node(py, 4, NULL);
	assert_string_node(py, 5, "");
	assert_string_node(py, 6, "uni");
	assert_string_node(py, 7, "esc\\n\\\"q"); /* escapes are not decoded */
	assert_string_node(py, 8, NULL);
	assert_string_node(py, 9, "");
	assert_string_node(py, 10, NULL);
}

static void test_string_value_not_a_string(void **state)
{
	mlr_py *py = parse(state, "x = 'a' 'b'\ny = name\n");
	const char *v;
	size_t len;
	/* an implicit concatenation is not one plain string */
	assert_false(mlr_py_string_value(py, nth(py, "concatenated_string", 0), &v, &len));
	assert_false(mlr_py_string_value(py, nth(py, "identifier", 2), &v, &len));
	/* its parts still are */
	assert_string_node(py, 0, "a");
	assert_string_node(py, 1, "b");
}

/* ------------------------------------------------------------------ arguments */

static void test_kwarg(void **state)
{
	mlr_py *py = parse(state,
		"torch.load(path, weights_only=True, map_location='cpu')\n"
		"f(**opts)\n"
		"g\n");
	TSNode call = nth(py, "call", 0);
	TSNode v = mlr_py_kwarg(py, call, "weights_only");
	assert_false(ts_node_is_null(v));
	assert_true(mlr_py_text_eq(py, v, "True"));
	v = mlr_py_kwarg(py, call, "map_location");
	assert_string_equal(ts_node_type(v), "string");
	assert_true(ts_node_is_null(mlr_py_kwarg(py, call, "weights")));
	assert_true(ts_node_is_null(mlr_py_kwarg(py, call, "path")));
	assert_true(ts_node_is_null(mlr_py_kwarg(py, nth(py, "call", 1), "opts")));
	/* not a call: no arguments field */
	assert_true(ts_node_is_null(mlr_py_kwarg(py, nth(py, "identifier", 0), "x")));
}

static void test_positional(void **state)
{
	mlr_py *py = parse(state,
		"f(a, b, key=1, c)\n"
		"g(*xs, y, **kw)\n"
		"h(\n    # why\n    z)\n"
		"k()\n");
	TSNode call = nth(py, "call", 0);
	assert_true(mlr_py_text_eq(py, mlr_py_positional(call, 0), "a"));
	assert_true(mlr_py_text_eq(py, mlr_py_positional(call, 1), "b"));
	assert_true(mlr_py_text_eq(py, mlr_py_positional(call, 2), "c"));
	assert_true(ts_node_is_null(mlr_py_positional(call, 3)));
	assert_true(mlr_py_text_eq(py, mlr_py_positional(nth(py, "call", 1), 0), "y"));
	assert_true(ts_node_is_null(mlr_py_positional(nth(py, "call", 1), 1)));
	assert_true(mlr_py_text_eq(py, mlr_py_positional(nth(py, "call", 2), 0), "z"));
	assert_true(ts_node_is_null(mlr_py_positional(nth(py, "call", 3), 0)));
	assert_true(ts_node_is_null(mlr_py_positional(nth(py, "identifier", 0), 0)));
}

/* ------------------------------------------------------------------ visiting */

typedef struct {
	mlr_buf log;
} visit_log;

static void log_call(const mlr_py *py, TSNode n, void *payload)
{
	visit_log *vl = payload;
	mlr_buf name = MLR_BUF_INIT;
	mlr_py_callee(&name, py, n);
	mlr_buf_printf(&vl->log, "call:%s@%u ", mlr_buf_cstr(&name), ts_node_start_point(n).row + 1);
	mlr_buf_dispose(&name);
}

static void log_def(const mlr_py *py, TSNode n, void *payload)
{
	visit_log *vl = payload;
	size_t len;
	const char *t = mlr_py_text(py, ts_node_child_by_field_name(n, "name", 4), &len);
	mlr_buf_printf(&vl->log, "def:%.*s ", (int)len, t);
}

static void test_visit_order(void **state)
{
	mlr_py *py = parse(state,
		"a()\n"
		"def f():\n"
		"    b(c())\n"
		"    def g():\n"
		"        d()\n"
		"e()\n");
	static const mlr_py_visitor visitors[] = {
		{ "call", log_call },
		{ "function_definition", log_def },
		{ NULL, NULL }
	};
	visit_log vl = { MLR_BUF_INIT };
	mlr_py_visit(py, visitors, &vl);
	assert_string_equal(mlr_buf_cstr(&vl.log),
		"call:a@1 def:f call:b@3 call:c@3 def:g call:d@5 call:e@6 ");
	mlr_buf_dispose(&vl.log);

	vl = (visit_log){ MLR_BUF_INIT };
	mlr_py_each(py, "function_definition", log_def, &vl);
	assert_string_equal(mlr_buf_cstr(&vl.log), "def:f def:g ");
	mlr_buf_dispose(&vl.log);

	/* an empty visitor list, an unknown type: nothing is called */
	static const mlr_py_visitor none[] = { { NULL, NULL } };
	mlr_py_visit(py, none, NULL);
	assert_int_equal(count_of(py, "no_such_node_type"), 0);
}

/* ------------------------------------------------------------------ node index */

/* Code with the shapes the index must get right: decorators, nested scopes, lambdas,
 * chained calls, comments among arguments, f-strings, an unfinished statement. */
static const char *const index_src =
	"import numpy as np\n"
	"from torch import load as tl\n"
	"@app.get('/x')\n"
	"def f(a, b=1, *c, d: int = 2, **e):\n"
	"    x = y = np.zeros(3)  # trailing\n"
	"    g = lambda v: v.fit(\n"
	"        # a comment among arguments\n"
	"        v, key='value')\n"
	"    f()()[0].fit(x).transform(a.b.c)\n"
	"    Foo().fit(tl('w.pt'), **{'k': True})\n"
	"    s = f'{x!r:>{y}} {a.b}' + 'z'\n"
	"    if x is not None and y not in c: raise ValueError\n"
	"class C(Base, metaclass=M):\n"
	"    def m(self): return self.n.o\n"
	"def broken(:\n"
	"    obj.\n";

static const struct {
	mlr_py_type_id id;
	const char *name;
} listed_types[] = {
#define LISTED_TYPE(id, name) { MLR_PY_T_##id, name },
	MLR_PY_TYPES(LISTED_TYPE)
#undef LISTED_TYPE
};
#define LISTED_TYPES (sizeof(listed_types) / sizeof(listed_types[0]))

static const char *const field_names[MLR_PY_F_COUNT] = {
	"alias", "arguments", "attribute", "body", "condition", "definition", "function", "key",
	"left", "module_name", "name", "object", "parameters", "right", "subscript",
	"superclasses", "type", "value"
};

/* Every listed name is one the grammar has: a misspelt one would match nothing, quietly. */
static void test_grammar_names_resolve(void **state)
{
	(void)state;
	const TSLanguage *lang = tree_sitter_python();
	for (int f = 0; f < MLR_PY_F_COUNT; f++)
		assert_int_not_equal(ts_language_field_id_for_name(lang, field_names[f], (uint32_t)strlen(field_names[f])), 0);
	assert_int_equal(LISTED_TYPES, MLR_PY_T_COUNT - 1);
	for (size_t i = 0; i < LISTED_TYPES; i++)
		assert_int_not_equal(mlr_py_symbol(listed_types[i].name), (TSSymbol)-1);
}

/* The same answers tree-sitter gives: types as strcmp on ts_node_type would, named and
 * anonymous nodes alike; fields as ts_node_child_by_field_name, remembered or not. */
static void test_types_and_fields_match_tree_sitter(void **state)
{
	mlr_py *py = parse(state, index_src);
	TSTreeCursor c = ts_tree_cursor_new(py->root);
	uint32_t anonymous_lambda = 0;
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&c);
		const char *t = ts_node_type(n);
		mlr_py_type_id id = mlr_py_type(n);
		bool named_in_list = false;
		for (size_t i = 0; i < LISTED_TYPES; i++) {
			assert_int_equal(id == listed_types[i].id, !strcmp(t, listed_types[i].name));
			named_in_list |= !strcmp(t, listed_types[i].name);
		}
		if (!named_in_list)
			assert_int_equal(id, MLR_PY_T_OTHER);
		anonymous_lambda += !ts_node_is_named(n) && id == MLR_PY_T_LAMBDA;
		for (int f = 0; f < MLR_PY_F_COUNT; f++) {
			TSNode want = ts_node_child_by_field_name(n, field_names[f], (uint32_t)strlen(field_names[f]));
			TSNode got = mlr_py_child(n, (mlr_py_field_id)f);
			assert_true(ts_node_is_null(want) ? ts_node_is_null(got) : ts_node_eq(want, got));
		}
		if (ts_tree_cursor_goto_first_child(&c))
			continue;
		bool more = true;
		while (more && !ts_tree_cursor_goto_next_sibling(&c))
			more = ts_tree_cursor_goto_parent(&c);
		if (!more)
			break;
	}
	ts_tree_cursor_delete(&c);
	assert_int_equal(anonymous_lambda, 1); /* the `lambda` keyword is typed like the node */
	assert_int_equal(mlr_py_type((TSNode){ 0 }), MLR_PY_T_OTHER);

	for (uint32_t i = 0; i < py->node_count; i++) {
		assert_int_equal(py->types[i], mlr_py_type(mlr_py_node(py, i)));
		for (int round = 0; round < 2; round++) /* computed, then remembered */
			for (int f = 0; f < MLR_PY_F_COUNT; f++) {
				TSNode want = mlr_py_child(mlr_py_node(py, i), (mlr_py_field_id)f);
				TSNode got = mlr_py_field_at(py, i, (mlr_py_field_id)f);
				assert_true(ts_node_is_null(want) ? ts_node_is_null(got) : ts_node_eq(want, got));
				uint32_t pos = mlr_py_field_pos(py, i, (mlr_py_field_id)f, &got);
				if (!ts_node_is_null(want) && ts_node_is_named(want))
					assert_true(pos < py->node_count && ts_node_eq(mlr_py_node(py, pos), want));
			}
	}
}

typedef struct {
	mlr_buf log;
	uint32_t skip; /* position whose descendants are skipped */
} walk_log;

static bool log_walk(const mlr_py *py, uint32_t at, void *payload)
{
	walk_log *wl = payload;
	mlr_buf_printf(&wl->log, "%u ", at);
	return at != wl->skip;
}

/* Positions, parents, subtree ranges and children against the tree itself. */
static void test_index_matches_tree(void **state)
{
	mlr_py *py = parse(state, index_src);
	assert_true(py->has_error);
	assert_false(py->anon_parent);
	assert_true(ts_node_eq(mlr_py_node(py, 0), py->root));
	mlr_buf want = MLR_BUF_INIT;
	for (uint32_t i = 0; i < py->node_count; i++) {
		TSNode n = mlr_py_node(py, i);
		assert_true(ts_node_is_named(n));
		assert_int_equal(mlr_py_index(py, n), i);
		TSNode p = ts_node_parent(n), q = mlr_py_parent(py, n);
		assert_true(ts_node_is_null(p) ? ts_node_is_null(q) : ts_node_eq(p, q));
		TSNode pa = mlr_py_parent_at(py, i);
		assert_true(ts_node_is_null(p) ? ts_node_is_null(pa) : ts_node_eq(p, pa));
		/* the subtree: every named node inside n's bytes that comes after it */
		for (uint32_t k = i + 1; k < py->node_count; k++) {
			bool inside = k < py->subtree_end[i];
			bool descends = false;
			for (uint32_t a = py->parent[k]; a != MLR_PY_NO_INDEX; a = py->parent[a])
				descends |= a == i;
			assert_int_equal(inside, descends);
			/* tree-sitter agrees wherever it looks by position without ambiguity */
			bool ts_descends = false;
			for (TSNode a = ts_node_parent(mlr_py_node(py, k)); !ts_node_is_null(a); a = ts_node_parent(a))
				ts_descends |= ts_node_eq(a, n);
			if (ts_node_start_byte(mlr_py_node(py, k)) < ts_node_end_byte(mlr_py_node(py, k)))
				assert_int_equal(inside, ts_descends);
		}
		/* named children, in order */
		mlr_py_children it;
		TSNode ch;
		uint32_t count = 0;
		for (mlr_py_children_start(&it, py, n); mlr_py_children_next(&it, &ch); count++) {
			assert_true(ts_node_eq(ch, ts_node_named_child(n, count)));
			assert_true(ts_node_eq(mlr_py_node(py, it.at), ch));
		}
		assert_int_equal(count, ts_node_named_child_count(n));
		mlr_buf_printf(&want, "%u ", i);
	}
	assert_int_equal(mlr_py_index(py, ts_node_child(mlr_py_node(py, 1), 0)), MLR_PY_NO_INDEX); /* `import` */
	assert_int_equal(mlr_py_index(py, (TSNode){ 0 }), MLR_PY_NO_INDEX);

	/* the whole walk is the list; a skipped node's descendants are left out */
	walk_log wl = { MLR_BUF_INIT, MLR_PY_NO_INDEX };
	mlr_py_walk(py, 0, log_walk, &wl);
	assert_string_equal(mlr_buf_cstr(&wl.log), mlr_buf_cstr(&want));
	mlr_buf_dispose(&wl.log);
	uint32_t f = mlr_py_index(py, nth(py, "function_definition", 0));
	wl = (walk_log){ MLR_BUF_INIT, f };
	mlr_py_walk(py, 0, log_walk, &wl);
	char here[16];
	snprintf(here, sizeof(here), " %u ", f + 1);
	assert_null(strstr(mlr_buf_cstr(&wl.log), here));
	snprintf(here, sizeof(here), " %u ", py->subtree_end[f]);
	assert_non_null(strstr(mlr_buf_cstr(&wl.log), here));
	mlr_buf_dispose(&wl.log);
	mlr_buf_dispose(&want);
}

/* The callee remembered at parse time is the one worked out from the tree. */
static void test_callee_cache_matches_computed(void **state)
{
	mlr_py *py = parse(state, index_src);
	uint32_t calls = count_of(py, "call");
	assert_true(calls > 8);
	for (uint32_t i = 0; i < calls; i++) {
		TSNode call = nth(py, "call", i);
		mlr_buf raw = MLR_BUF_INIT, want = MLR_BUF_INIT, got = MLR_BUF_INIT;
		TSNode fn = ts_node_child_by_field_name(call, "function", 8);
		bool ok = !ts_node_is_null(fn) && mlr_py_dotted(&raw, py, fn);
		if (ok)
			mlr_py_resolve(&want, py, mlr_buf_cstr(&raw), raw.len);
		size_t len = 0;
		const char *name = mlr_py_callee_name(py, call, &len);
		assert_int_equal(ok, name != NULL);
		assert_int_equal(ok, mlr_py_callee(&got, py, call));
		if (ok) {
			assert_string_equal(name, mlr_buf_cstr(&want));
			assert_int_equal(len, want.len);
			assert_string_equal(mlr_buf_cstr(&got), mlr_buf_cstr(&want));
			assert_ptr_equal(mlr_py_callee_name_at(py, mlr_py_index(py, call), &len), name);
		}
		mlr_buf_dispose(&raw);
		mlr_buf_dispose(&want);
		mlr_buf_dispose(&got);
	}
	assert_callee(py, 0, "app.get");
	assert_callee(py, 1, "numpy.zeros");
	/* not a call: no name, whichever way it is asked */
	size_t len;
	assert_null(mlr_py_callee_name(py, nth(py, "identifier", 0), &len));
	assert_null(mlr_py_callee_name_at(py, MLR_PY_NO_INDEX, &len));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_parse_clean_and_broken, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parse_hostile_bytes, setup, teardown),
		cmocka_unit_test(test_parse_timeout_then_reuse),
		cmocka_unit_test(test_free_null),
		cmocka_unit_test_setup_teardown(test_imports_aliases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_imports_modules_unique_and_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_imports_relative, setup, teardown),
		cmocka_unit_test_setup_teardown(test_imports_inside_functions_and_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_imports_star_and_future, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve_later_binding_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dotted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dotted_pathological_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callee, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_eq, setup, teardown),
		cmocka_unit_test_setup_teardown(test_string_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_string_value_not_a_string, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kwarg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_positional, setup, teardown),
		cmocka_unit_test_setup_teardown(test_visit_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grammar_names_resolve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_types_and_fields_match_tree_sitter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_matches_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callee_cache_matches_computed, setup, teardown),
	};
	return cmocka_run_group_tests_name("python", tests, NULL, NULL);
}
