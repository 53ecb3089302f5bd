/*
 * MLR102 test-without-assertion: a test function that asserts nothing passes whatever the
 * code under test returns.
 *
 * A test asserts when its body has an `assert` or `raise`, calls an assertion API
 * (`self.assert*`, `np.testing.assert_*`, `mock.assert_called_once_with`, `pytest.raises`,
 * `pytest.fail`, `expect(...)`), or delegates to a helper: a function of this file that
 * asserts (followed through helpers calling helpers), a class of this file with an
 * asserting method (a test model whose `training_step` asserts), or a helper named like a
 * check (`check_*`, `verify_*`, `_test_*`, `super().test_x()`), since shared test mixins
 * live in other files.
 */
#include "engine/engine.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rules/checks/pyscan.h"

typedef struct {
	const char *name; /* into the source, not NUL-terminated */
	size_t len;
} name_ref;

typedef struct {
	TSNode def;
	name_ref name;
	bool asserts;
	bool skips;
	size_t first_call, call_count; /* its helper calls in state.calls */
} fn_info;

typedef struct {
	mlr_array(fn_info) fns;
	mlr_array(name_ref) calls;
	bool direct;    /* the function being scanned asserts directly */
	bool skips;     /* ... or skips itself at run time */
	bool oom;
} state;

/* prefix as a whole word of s: `check_output`, `assertEqual`, not `checkpoint`. */
static bool has_word_prefix(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);
	if (n < pl)
		return false;
	for (size_t i = 0; i < pl; i++)
		if (tolower((unsigned char)s[i]) != prefix[i])
			return false;
	return n == pl || s[pl] == '_' || isupper((unsigned char)s[pl]) || isdigit((unsigned char)s[pl]);
}

/* A callee named like an assertion or a checking helper. */
static bool is_checking_name(const char *s, size_t n)
{
	static const char *const prefixes[] = {
		"assert", "check", "verify", "expect", "validate", "compare", "ensure", "test", "run_test",
		NULL
	};
	while (n && *s == '_') {
		s++;
		n--;
	}
	for (size_t i = 0; prefixes[i]; i++)
		if (has_word_prefix(s, n, prefixes[i]))
			return true;
	/* a helper that runs a check: run_model_test, _run_horovod_test */
	if (n > 5 && !strncmp(s + n - 5, "_test", 5))
		return true;
	/* contexts that fail the test: no_warning_call(...), deprecated_call() */
	static const char *const words[] = { "no_warning", "raises", "warns", "deprecated_call", NULL };
	for (size_t i = 0; words[i]; i++)
		if (memmem(s, n, words[i], strlen(words[i])))
			return true;
	/* self.fail(), pytest.fail(), unittest's failUnless */
	return has_word_prefix(s, n, "fail");
}

/* warnings.simplefilter("error"): any warning now fails the test. */
static bool warnings_are_errors(const mlr_py *py, TSNode call, const char *callee)
{
	if (strcmp(callee, "warnings.simplefilter") && strcmp(callee, "warnings.filterwarnings"))
		return false;
	TSNode a = mlr_py_positional(call, 0);
	return mlr_py_text_eq(py, a, "\"error\"") || mlr_py_text_eq(py, a, "'error'");
}

static void note_call(const mlr_py *py, TSNode call, state *st)
{
	size_t nlen;
	const char *n = mlr_py_callee_name(py, call, &nlen);
	if (!n)
		return;
	const char *last = mlr_pyscan_last(n);
	if (!strcmp(n, "pytest.skip") || !strcmp(n, "pytest.xfail") || !strcmp(n, "pytest.importorskip") ||
	    !strcmp(last, "skipTest")) {
		st->skips = true;
	} else if (is_checking_name(last, strlen(last)) || !strcmp(n, "pytest.raises") ||
	    !strcmp(n, "pytest.warns") || !strcmp(n, "pytest.deprecated_call") || warnings_are_errors(py, call, n)) {
		st->direct = true;
	} else {
		/* `helper(...)`, `self.helper(...)`, `cls.helper(...)`: maybe a helper that asserts */
		TSNode fn = mlr_py_child(call, MLR_PY_F_FUNCTION);
		TSNode leaf = fn;
		if (mlr_py_is(fn, MLR_PY_T_ATTRIBUTE)) {
			TSNode obj = mlr_py_child(fn, MLR_PY_F_OBJECT);
			if (!mlr_py_text_eq(py, obj, "self") && !mlr_py_text_eq(py, obj, "cls"))
				leaf = (TSNode){ 0 };
			else
				leaf = mlr_py_child(fn, MLR_PY_F_ATTRIBUTE);
		} else if (!mlr_py_is(fn, MLR_PY_T_IDENTIFIER)) {
			leaf = (TSNode){ 0 };
		}
		if (!ts_node_is_null(leaf)) {
			name_ref r;
			r.name = mlr_py_text(py, leaf, &r.len);
			if (mlr_array_push(&st->calls, r) < 0)
				st->oom = true;
		}
	}
}

static bool scan_body(const mlr_py *py, uint32_t at, void *payload)
{
	state *st = payload;
	TSNode n = mlr_py_node(py, at);
	mlr_py_type_id t = py->types[at];
	if (t == MLR_PY_T_ASSERT_STATEMENT || t == MLR_PY_T_RAISE_STATEMENT) {
		st->direct = true;
		return false;
	}
	if (t == MLR_PY_T_CALL) {
		note_call(py, n, st);
	} else if (t == MLR_PY_T_IDENTIFIER) {
		/* a checking function handed over: `spawn_launch(_test_all_reduce, devices)`,
		 * `@pytest.mark.parametrize("check", [_check_a, _check_b])` */
		mlr_py_type_id pt = mlr_py_type(mlr_py_parent_at(py, at));
		if (pt == MLR_PY_T_ARGUMENT_LIST || pt == MLR_PY_T_LIST || pt == MLR_PY_T_TUPLE ||
		    pt == MLR_PY_T_KEYWORD_ARGUMENT) {
			name_ref r;
			r.name = mlr_py_text(py, n, &r.len);
			if (mlr_array_push(&st->calls, r) < 0)
				st->oom = true;
		}
	} else if (t == MLR_PY_T_ATTRIBUTE) {
		/* a check handed over as a callback: `run_nondeterministic(super().test_training)` */
		TSNode obj = mlr_py_child(n, MLR_PY_F_OBJECT);
		TSNode attr = mlr_py_child(n, MLR_PY_F_ATTRIBUTE);
		size_t len = 0;
		const char *a = ts_node_is_null(attr) ? "" : mlr_py_text(py, attr, &len);
		bool called = mlr_py_is(mlr_py_parent_at(py, at), MLR_PY_T_CALL);
		if (!called && !ts_node_is_null(attr) && is_checking_name(a, len) &&
		    (mlr_py_text_eq(py, obj, "self") || mlr_py_text_eq(py, obj, "cls") ||
		     mlr_py_is(obj, MLR_PY_T_CALL)))
			st->direct = true;
	}
	return true;
}

static void collect_function(const mlr_py *py, TSNode def, void *payload)
{
	state *st = payload;
	fn_info fi = { .def = def };
	TSNode name = mlr_py_child(def, MLR_PY_F_NAME);
	TSNode body = mlr_py_child(def, MLR_PY_F_BODY);
	if (ts_node_is_null(name) || ts_node_is_null(body))
		return;
	fi.name.name = mlr_py_text(py, name, &fi.name.len);
	fi.first_call = st->calls.len;
	st->direct = st->skips = false;
	mlr_py_walk(py, mlr_py_index(py, body), scan_body, st);
	/* parametrized checks live in the decorators */
	TSNode parent = mlr_py_parent(py, def);
	if (mlr_py_is(parent, MLR_PY_T_DECORATED_DEFINITION)) {
		mlr_py_children it;
		TSNode d;
		for (mlr_py_children_start(&it, py, parent); mlr_py_children_next(&it, &d);)
			if (mlr_py_is(d, MLR_PY_T_DECORATOR))
				mlr_py_walk(py, it.at, scan_body, st);
	}
	fi.asserts = st->direct;
	fi.skips = st->skips;
	fi.call_count = st->calls.len - fi.first_call;
	if (mlr_array_push(&st->fns, fi) < 0)
		st->oom = true;
}



static int cmp_ref(const void *pa, const void *pb)
{
	const name_ref *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->name, b->name, n);
	return c ? c : a->len < b->len ? -1 : a->len > b->len;
}

/* Helpers calling helpers: a call to a function of this file that asserts, or to a class
 * of this file with an asserting method (a test model whose training_step asserts), makes
 * the caller assert. Propagated until nothing changes. */
static void propagate(const mlr_py *py, state *st)
{
	mlr_array(name_ref) asserting = { 0 };
	for (int round = 0; round < 8; round++) {
		asserting.len = 0;
		for (size_t j = 0; j < st->fns.len; j++) {
			const fn_info *g = &st->fns.items[j];
			if (!g->asserts)
				continue;
			if (mlr_array_push(&asserting, g->name) < 0)
				goto cleanup;
			TSNode cls = mlr_pyscan_enclosing_class(py, g->def);
			if (!ts_node_is_null(cls)) {
				name_ref cn;
				cn.name = mlr_py_text(py, mlr_py_child(cls, MLR_PY_F_NAME), &cn.len);
				if (mlr_array_push(&asserting, cn) < 0)
					goto cleanup;
			}
		}
		if (asserting.len == 0)
			break;
		qsort(asserting.items, asserting.len, sizeof(name_ref), cmp_ref);
		bool changed = false;
		for (size_t i = 0; i < st->fns.len; i++) {
			fn_info *f = &st->fns.items[i];
			for (size_t c = 0; !f->asserts && c < f->call_count; c++)
				if (bsearch(&st->calls.items[f->first_call + c], asserting.items, asserting.len,
					sizeof(name_ref), cmp_ref))
					f->asserts = changed = true;
		}
		if (!changed)
			break;
	}
cleanup:
	mlr_array_delete(&asserting);
}

static bool at_module_level(const mlr_py *py, TSNode def)
{
	TSNode p = mlr_py_parent(py, def);
	if (!ts_node_is_null(p) && mlr_py_is(p, MLR_PY_T_DECORATED_DEFINITION))
		p = mlr_py_parent(py, p);
	return !ts_node_is_null(p) && mlr_py_is(p, MLR_PY_T_MODULE);
}

/* pytest collects `Test*` classes; unittest collects TestCase subclasses; test mixins
 * (`PipelineTesterMixin`) hold tests their subclasses run. */
static bool is_test_class(const mlr_py *py, TSNode cls)
{
	size_t len = 0;
	TSNode supers = mlr_py_child(cls, MLR_PY_F_SUPERCLASSES);
	const char *s = ts_node_is_null(supers) ? "" : mlr_py_text(py, supers, &len);
	if (!ts_node_is_null(supers) && memmem(s, len, "TestCase", 8))
		return true;
	const char *name = mlr_py_text(py, mlr_py_child(cls, MLR_PY_F_NAME), &len);
	/* pytest does not collect a class with its own __init__: TestDataModule(LightningDataModule)
	 * is a fixture whose test_dataloader() is a hook */
	return memmem(name, len, "Test", 4) && !mlr_pyscan_class_defines(py, cls, "__init__");
}

/* Fixtures are not tests; an unconditionally skipped test is reported as skipped, not
 * passed; a pytest-benchmark test measures, it does not check. */
static bool is_exempt(const mlr_py *py, TSNode def)
{
	TSNode p = mlr_py_parent(py, def);
	if (!ts_node_is_null(p) && mlr_py_is(p, MLR_PY_T_DECORATED_DEFINITION)) {
		uint32_t count = ts_node_named_child_count(p);
		for (uint32_t i = 0; i < count; i++) {
			TSNode d = ts_node_named_child(p, i);
			if (!mlr_py_is(d, MLR_PY_T_DECORATOR) || !ts_node_named_child_count(d))
				continue;
			TSNode e = ts_node_named_child(d, 0);
			if (mlr_py_is(e, MLR_PY_T_CALL))
				e = mlr_py_child(e, MLR_PY_F_FUNCTION);
			mlr_buf raw = MLR_BUF_INIT, res = MLR_BUF_INIT;
			bool exempt = false;
			if (mlr_py_dotted(&raw, py, e)) {
				mlr_py_resolve(&res, py, mlr_buf_cstr(&raw), raw.len);
				const char *last = mlr_pyscan_last(mlr_buf_cstr(&res));
				exempt = !strcmp(last, "fixture") || !strcmp(last, "skip") || !strcmp(last, "property") ||
				         !strcmp(mlr_buf_cstr(&res), "pytest.mark.xfail");
			}
			mlr_buf_dispose(&raw);
			mlr_buf_dispose(&res);
			if (exempt)
				return true;
		}
	}
	TSNode params = mlr_py_child(def, MLR_PY_F_PARAMETERS);
	uint32_t count = ts_node_is_null(params) ? 0 : ts_node_named_child_count(params);
	for (uint32_t i = 0; i < count; i++)
		if (mlr_py_text_eq(py, ts_node_named_child(params, i), "benchmark"))
			return true;
	return false;
}

/* Only `pass`, `...` or a docstring. */
static bool is_empty_body(const mlr_py *py, TSNode def)
{
	TSNode body = mlr_py_child(def, MLR_PY_F_BODY);
	uint32_t count = ts_node_named_child_count(body);
	for (uint32_t i = 0; i < count; i++) {
		TSNode s = ts_node_named_child(body, i);
		mlr_py_type_id t = mlr_py_type(s);
		if (t == MLR_PY_T_PASS_STATEMENT || t == MLR_PY_T_COMMENT ||
		    (t == MLR_PY_T_RETURN_STATEMENT && (ts_node_named_child_count(s) == 0 ||
		                                        mlr_py_text_eq(py, ts_node_named_child(s, 0), "None"))))
			continue;
		if (t == MLR_PY_T_EXPRESSION_STATEMENT && ts_node_named_child_count(s) == 1) {
			mlr_py_type_id et = mlr_py_type(ts_node_named_child(s, 0));
			if (et == MLR_PY_T_STRING || et == MLR_PY_T_ELLIPSIS)
				continue;
		}
		return false;
	}
	return true;
}

static bool is_test(const mlr_py *py, const fn_info *f)
{
	if (f->name.len < 4 || memcmp(f->name.name, "test", 4))
		return false;
	if (at_module_level(py, f->def))
		return true;
	TSNode cls = mlr_pyscan_enclosing_class(py, f->def);
	return !ts_node_is_null(cls) && at_module_level(py, cls) && is_test_class(py, cls);
}

void mlr_check_test_without_assertion(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	const mlr_py *py = ctx->py;
	if (!(ctx->facts->flags & MLR_FACT_TEST_FILE) || ctx->nb)
		return;
	state st = { 0 };
	mlr_py_each(py, "function_definition", collect_function, &st);
	if (st.oom)
		goto cleanup; /* a partial picture would report tests that do assert */
	propagate(py, &st);
	for (size_t i = 0; i < st.fns.len; i++) {
		const fn_info *f = &st.fns.items[i];
		if (f->asserts || f->skips || !is_test(py, f) || is_exempt(py, f->def))
			continue;
		TSNode name = mlr_py_child(f->def, MLR_PY_F_NAME);
		if (is_empty_body(py, f->def))
			mlr_emit_node(ctx, rule, name, false,
				"test `%.*s` is empty and always passes: skip it with a reason (pytest.mark.skip) or assert something",
				(int)f->name.len, f->name.name);
		else
			mlr_emit_node(ctx, rule, name, false,
				"test `%.*s` asserts nothing: it passes whatever the code under test returns",
				(int)f->name.len, f->name.name);
	}
cleanup:
	mlr_array_delete(&st.fns);
	mlr_array_delete(&st.calls);
}
