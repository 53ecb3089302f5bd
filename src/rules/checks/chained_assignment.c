/*
 * MLR503 chained-assignment: a write through two indexing steps on a pandas DataFrame,
 * `df["a"][mask] = v`, `df[mask]["a"] = v`, `df.col[0] = v`, or an in-place method on a
 * column, `df["a"].fillna(0, inplace=True)`. The first step returns a copy or a view
 * (pandas does not promise which); under Copy-on-Write, the default from pandas 3.0, it is
 * always a copy, and the write never reaches `df`.
 *
 * Nested dicts look the same (`cfg["model"]["lr"] = 0.1`), so the base must be a
 * DataFrame: a name bound to a pandas call or derived from one in this file, a parameter
 * annotated `pd.DataFrame`, or a name that says so (`df`, `df_*`, `*_df`).
 */
#include "engine/engine.h"

#include <string.h>

#include "rules/checks/pyscan.h"

#define MAX_CHAIN 64

typedef struct {
	const char *s;
	size_t n;
} span;

typedef struct {
	mlr_file_ctx *ctx;
	const mlr_rule *rule;
	mlr_array(span) frames;
	bool changed;
} chain_state;

static bool is_accessor(const mlr_py *py, TSNode attr)
{
	return mlr_py_text_eq(py, attr, "loc") || mlr_py_text_eq(py, attr, "iloc") ||
	       mlr_py_text_eq(py, attr, "at") || mlr_py_text_eq(py, attr, "iat");
}

/* `df`, `df2`, `df_train`, `train_df`, `self.df` */
static bool named_like_frame(const char *s, size_t n)
{
	const char *dot = memrchr(s, '.', n);
	if (dot) {
		n -= (size_t)(dot + 1 - s);
		s = dot + 1;
	}
	if (n >= 2 && !memcmp(s, "df", 2)) {
		size_t i = 2;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == n || s[i] == '_')
			return true;
	}
	return n > 3 && !memcmp(s + n - 3, "_df", 3);
}

/* A plain name or attribute chain: `df`, `self.data.df`. */
static bool pure_dotted(TSNode n)
{
	for (int i = 0; i < MAX_CHAIN && !ts_node_is_null(n); i++) {
		mlr_py_type_id t = mlr_py_type(n);
		if (t == MLR_PY_T_IDENTIFIER)
			return true;
		if (t != MLR_PY_T_ATTRIBUTE)
			return false;
		n = mlr_py_child(n, MLR_PY_F_OBJECT);
	}
	return false;
}

static bool is_frame(const chain_state *st, TSNode n)
{
	if (!pure_dotted(n))
		return false;
	size_t len;
	const char *t = mlr_py_text(st->ctx->py, n, &len);
	if (named_like_frame(t, len))
		return true;
	for (size_t i = 0; i < st->frames.len; i++)
		if (st->frames.items[i].n == len && !memcmp(st->frames.items[i].s, t, len))
			return true;
	return false;
}

/* Peels indexing steps off n down to a DataFrame; the number of steps, or -1 when the
 * base is not a DataFrame. `.loc`/`.iloc`/`.at`/`.iat` are part of one step. */
static int index_steps(const chain_state *st, TSNode n, TSNode *base)
{
	const mlr_py *py = st->ctx->py;
	int steps = 0;
	for (int i = 0; i < MAX_CHAIN && !ts_node_is_null(n); i++) {
		mlr_py_type_id t = mlr_py_type(n);
		if (t == MLR_PY_T_SUBSCRIPT) {
			steps++;
			n = mlr_py_child(n, MLR_PY_F_VALUE);
			continue;
		}
		if (t == MLR_PY_T_IDENTIFIER) {
			*base = n;
			return is_frame(st, n) ? steps : -1;
		}
		if (t != MLR_PY_T_ATTRIBUTE)
			return -1;
		TSNode attr = mlr_py_child(n, MLR_PY_F_ATTRIBUTE);
		TSNode obj = mlr_py_child(n, MLR_PY_F_OBJECT);
		if (is_accessor(py, attr)) {
			n = obj;
			continue;
		}
		if (is_frame(st, n)) {
			*base = n;
			return steps;
		}
		/* `df.col`: a column by attribute is one more step */
		if (is_frame(st, obj)) {
			*base = obj;
			return steps + 1;
		}
		return -1;
	}
	return -1;
}

static bool is_pandas_call(const mlr_py *py, TSNode n)
{
	if (!mlr_py_is(n, MLR_PY_T_CALL))
		return false;
	size_t len;
	const char *name = mlr_py_callee_name(py, n, &len);
	return name && (!strncmp(name, "pandas.", 7) || !strncmp(name, "modin.pandas.", 13));
}

/* What leaves pandas: `df.values` is a NumPy array, where `a[i][j] = v` does write. */
static bool leaves_pandas(const mlr_py *py, TSNode n)
{
	static const char *const names[] = {
		"values", "to_numpy", "tolist", "to_list", "to_dict", "to_records", "shape", "columns",
		"index", "dtypes", "iterrows", "itertuples", "items", "sum", "mean", "count", "nunique",
		"max", "min", "std", "median", "size", "unique", "keys", NULL
	};
	TSNode attr = { 0 };
	if (mlr_py_is(n, MLR_PY_T_ATTRIBUTE)) {
		attr = mlr_py_child(n, MLR_PY_F_ATTRIBUTE);
	} else if (mlr_py_is(n, MLR_PY_T_CALL)) {
		TSNode fn = mlr_py_child(n, MLR_PY_F_FUNCTION);
		if (!ts_node_is_null(fn) && mlr_py_is(fn, MLR_PY_T_ATTRIBUTE))
			attr = mlr_py_child(fn, MLR_PY_F_ATTRIBUTE);
	}
	for (size_t i = 0; !ts_node_is_null(attr) && names[i]; i++)
		if (mlr_py_text_eq(py, attr, names[i]))
			return true;
	return false;
}

/* `df2 = df[df.a > 0]`, `df3 = df.merge(...)`: made from a known frame. */
static bool derived_from_frame(const chain_state *st, TSNode n)
{
	if (leaves_pandas(st->ctx->py, n))
		return false;
	for (int i = 0; i < MAX_CHAIN && !ts_node_is_null(n); i++) {
		mlr_py_type_id t = mlr_py_type(n);
		if (is_frame(st, n))
			return true;
		if (t == MLR_PY_T_SUBSCRIPT)
			n = mlr_py_child(n, MLR_PY_F_VALUE);
		else if (t == MLR_PY_T_ATTRIBUTE)
			n = mlr_py_child(n, MLR_PY_F_OBJECT);
		else if (t == MLR_PY_T_CALL) {
			TSNode fn = mlr_py_child(n, MLR_PY_F_FUNCTION);
			if (ts_node_is_null(fn) || !mlr_py_is(fn, MLR_PY_T_ATTRIBUTE))
				return false;
			n = mlr_py_child(fn, MLR_PY_F_OBJECT);
		} else
			return false;
	}
	return false;
}

/* Frames are looked up linearly; a generated file with thousands of them stops
 * learning here rather than going quadratic. */
#define MAX_FRAMES 2048

static void add_frame(chain_state *st, TSNode n)
{
	if (st->frames.len >= MAX_FRAMES || !pure_dotted(n) || is_frame(st, n))
		return;
	span s;
	s.s = mlr_py_text(st->ctx->py, n, &s.n);
	if (mlr_array_push(&st->frames, s) == 0)
		st->changed = true;
}

static void learn_assignment(const mlr_py *py, TSNode as, void *payload)
{
	chain_state *st = payload;
	TSNode left = mlr_py_child(as, MLR_PY_F_LEFT);
	TSNode right = mlr_py_child(as, MLR_PY_F_RIGHT);
	if (ts_node_is_null(left) || ts_node_is_null(right))
		return;
	if (is_pandas_call(py, right) || derived_from_frame(st, right))
		add_frame(st, left);
}

static void learn_parameter(const mlr_py *py, TSNode p, void *payload)
{
	TSNode type = mlr_py_child(p, MLR_PY_F_TYPE);
	if (ts_node_is_null(type) || !ts_node_named_child_count(type))
		return;
	mlr_buf raw = MLR_BUF_INIT, res = MLR_BUF_INIT;
	if (mlr_py_dotted(&raw, py, ts_node_named_child(type, 0))) {
		mlr_py_resolve(&res, py, mlr_buf_cstr(&raw), raw.len);
		if (!strcmp(mlr_buf_cstr(&res), "pandas.DataFrame")) {
			TSNode name = mlr_py_child(p, MLR_PY_F_NAME);
			if (ts_node_is_null(name))
				name = ts_node_named_child(p, 0);
			if (!ts_node_is_null(name) && mlr_py_is(name, MLR_PY_T_IDENTIFIER))
				add_frame(payload, name);
		}
	}
	mlr_buf_dispose(&raw);
	mlr_buf_dispose(&res);
}

static void report(chain_state *st, TSNode at, TSNode base, const char *fmt)
{
	size_t tl, bl;
	const char *t = mlr_py_text(st->ctx->py, at, &tl);
	const char *b = mlr_py_text(st->ctx->py, base, &bl);
	const char *nl = memchr(t, '\n', tl);
	if (nl)
		tl = (size_t)(nl - t);
	mlr_emit_node(st->ctx, st->rule, at, false, fmt, (int)(tl > 60 ? 60 : tl), t, (int)(bl > 40 ? 40 : bl), b);
}

static void check_assignment(const mlr_py *py, TSNode as, void *payload)
{
	chain_state *st = payload;
	TSNode left = mlr_py_child(as, MLR_PY_F_LEFT);
	TSNode base = { 0 };
	if (ts_node_is_null(left) || !mlr_py_is(left, MLR_PY_T_SUBSCRIPT))
		return;
	if (index_steps(st, left, &base) >= 2)
		report(st, left, base,
			"chained assignment `%.*s`: the write lands on a temporary copy (always, under pandas Copy-on-Write) and `%.*s` is unchanged");
	(void)py;
}

static void check_call(const mlr_py *py, TSNode call, void *payload)
{
	chain_state *st = payload;
	TSNode v = mlr_py_kwarg(py, call, "inplace");
	if (ts_node_is_null(v) || !mlr_py_text_eq(py, v, "True"))
		return;
	TSNode fn = mlr_py_child(call, MLR_PY_F_FUNCTION);
	if (ts_node_is_null(fn) || !mlr_py_is(fn, MLR_PY_T_ATTRIBUTE))
		return;
	TSNode base = { 0 };
	if (index_steps(st, mlr_py_child(fn, MLR_PY_F_OBJECT), &base) >= 1)
		report(st, fn, base,
			"`%.*s(..., inplace=True)` changes a temporary copy of the column, not `%.*s`: assign the result back instead");
}

void mlr_check_chained_assignment(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	const mlr_py *py = ctx->py;
	if (!mlr_pyscan_imports(py, "pandas") && !mlr_pyscan_imports(py, "modin"))
		return;
	chain_state st = { .ctx = ctx, .rule = rule };
	static const mlr_py_visitor learn[] = {
		{ "assignment", learn_assignment },
		{ "typed_parameter", learn_parameter },
		{ "typed_default_parameter", learn_parameter },
		{ NULL, NULL }
	};
	/* Frames made from frames: a few rounds reach `a = read_csv(); b = a[m]; c = b.copy()`
	 * in any order of definition. */
	for (int round = 0; round < 4; round++) {
		st.changed = false;
		mlr_py_visit(py, learn, &st);
		if (!st.changed)
			break;
	}
	static const mlr_py_visitor checks[] = {
		{ "assignment", check_assignment },
		{ "augmented_assignment", check_assignment },
		{ "call", check_call },
		{ NULL, NULL }
	};
	mlr_py_visit(py, checks, &st);
	mlr_array_delete(&st.frames);
}
