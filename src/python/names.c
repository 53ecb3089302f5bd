/* Names of things in a Python syntax tree: dotted chains, resolved callees, literals. */
#include "python/py.h"

#include <stdlib.h>
#include <string.h>

bool mlr_py_text_eq(const mlr_py *py, TSNode n, const char *s)
{
	size_t len;
	const char *t = mlr_py_text(py, n, &len);
	return strlen(s) == len && !memcmp(t, s, len);
}

/* Attribute chains deeper than this have no dotted name: a generated `a.b.c...` must not
 * cost more than the tree it came from. */
#define MAX_CHAIN 64

bool mlr_py_dotted(mlr_buf *out, const mlr_py *py, TSNode n)
{
	size_t len;
	mlr_py_type_id type = mlr_py_type(n);
	if (type == MLR_PY_T_IDENTIFIER) {
		const char *t = mlr_py_text(py, n, &len);
		mlr_buf_put(out, t, len);
		return true;
	}
	if (type != MLR_PY_T_ATTRIBUTE)
		return false;
	/* chain[0] is n, chain[k + 1] the object of chain[k]; root is what the innermost
	 * attribute hangs off (an identifier, a call, a subscript, or nothing) */
	TSNode chain[MAX_CHAIN + 1], attrs[MAX_CHAIN + 1];
	size_t count = 0;
	attrs[0] = mlr_py_child(n, MLR_PY_F_ATTRIBUTE);
	if (ts_node_is_null(attrs[0]))
		return false;
	chain[count++] = n;
	TSNode root = mlr_py_child(n, MLR_PY_F_OBJECT);
	while (mlr_py_is(root, MLR_PY_T_ATTRIBUTE)) {
		if (count > MAX_CHAIN)
			return false;
		chain[count++] = root;
		root = mlr_py_child(root, MLR_PY_F_OBJECT);
	}
	/* An attribute without its name (error recovery) names nothing, itself and below: the
	 * levels above it still read ".b.c". `Foo().fit`, `xs[0].fit`: a method on something
	 * unnamed reads ".fit". */
	size_t first = count; /* one past the innermost level that is written */
	bool with_root = true;
	for (size_t k = 1; k < count; k++) {
		attrs[k] = mlr_py_child(chain[k], MLR_PY_F_ATTRIBUTE);
		if (ts_node_is_null(attrs[k])) {
			first = k;
			with_root = false;
			break;
		}
	}
	if (with_root && mlr_py_is(root, MLR_PY_T_IDENTIFIER)) {
		const char *t = mlr_py_text(py, root, &len);
		mlr_buf_put(out, t, len);
	}
	for (size_t k = first; k-- > 0;) {
		mlr_buf_putc(out, '.');
		const char *t = mlr_py_text(py, attrs[k], &len);
		mlr_buf_put(out, t, len);
	}
	return true;
}

void mlr_py_resolve(mlr_buf *out, const mlr_py *py, const char *dotted, size_t len)
{
	out->len = 0;
	if (out->ptr)
		out->ptr[0] = '\0';
	size_t root = 0;
	while (root < len && dotted[root] != '.')
		root++;
	if (root > 0) {
		/* Later bindings win, as they do at run time for module-level imports. */
		for (size_t i = py->aliases.len; i-- > 0;) {
			const mlr_py_alias *a = &py->aliases.items[i];
			if (a->local_len == root && !memcmp(a->local, dotted, root)) {
				mlr_buf_puts(out, a->target);
				mlr_buf_put(out, dotted + root, len - root);
				return;
			}
		}
	}
	mlr_buf_put(out, dotted, len);
}

/* What mlr_py_callee answers, computed: the function's dotted name, resolved. */
static bool callee_compute(mlr_buf *out, mlr_buf *raw, const mlr_py *py, TSNode call)
{
	TSNode fn = mlr_py_child(call, MLR_PY_F_FUNCTION);
	if (ts_node_is_null(fn))
		return false;
	raw->len = 0;
	bool ok = mlr_py_dotted(raw, py, fn);
	if (ok)
		mlr_py_resolve(out, py, mlr_buf_cstr(raw), raw->len);
	return ok && !out->oom && !raw->oom;
}

int mlr_py_callees_collect(mlr_py *py)
{
	TSSymbol sym = mlr_py__call_symbol;
	uint32_t lo = 0, hi = 0;
	if (sym < py->symbol_count) {
		lo = py->symbol_start[sym];
		hi = py->symbol_start[sym + 1];
	}
	uint32_t n = hi - lo;
	mlr_buf text = MLR_BUF_INIT, raw = MLR_BUF_INIT, res = MLR_BUF_INIT;
	int error = 0;
	py->callee_at = malloc((n ? n : 1) * sizeof(uint32_t));
	py->callee_len = malloc((n ? n : 1) * sizeof(uint32_t));
	if (!py->callee_at || !py->callee_len)
		goto oom;
	for (uint32_t k = 0; k < n; k++) {
		TSNode call = py->nodes[py->by_symbol[lo + k]];
		py->callee_at[k] = MLR_PY_NO_INDEX;
		py->callee_len[k] = 0;
		if (raw.oom || res.oom)
			goto oom;
		if (!callee_compute(&res, &raw, py, call))
			continue;
		if (text.len + res.len + 1 >= UINT32_MAX)
			goto oom;
		py->callee_at[k] = (uint32_t)text.len;
		py->callee_len[k] = (uint32_t)res.len;
		mlr_buf_put(&text, res.ptr, res.len);
		mlr_buf_putc(&text, '\0');
	}
	if (text.oom || raw.oom || res.oom)
		goto oom;
	py->callee_text = text.ptr; /* NULL when no call has a name: no offset points into it */
	text.ptr = NULL;
	goto cleanup;
oom:
	error = -1;
cleanup:
	mlr_buf_dispose(&text);
	mlr_buf_dispose(&raw);
	mlr_buf_dispose(&res);
	return error;
}

/* The call's slot in the per-call arrays, found by its start byte among the calls (which
 * are in document order), or MLR_PY_NO_INDEX for a node that is not one of them. */
static uint32_t callee_slot(const mlr_py *py, TSNode call)
{
	TSSymbol sym = mlr_py__call_symbol;
	if (!py->callee_at || sym >= py->symbol_count || ts_node_is_null(call))
		return MLR_PY_NO_INDEX;
	const uint32_t *calls = py->by_symbol + py->symbol_start[sym];
	uint32_t n = py->symbol_start[sym + 1] - py->symbol_start[sym];
	uint32_t at = ts_node_start_byte(call), lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (py->start[calls[mid]] < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && py->start[calls[lo]] == at; lo++) /* `f()()` starts twice at f */
		if (ts_node_eq(py->nodes[calls[lo]], call))
			return lo;
	return MLR_PY_NO_INDEX;
}

const char *mlr_py_callee_name(const mlr_py *py, TSNode call, size_t *len)
{
	uint32_t k = callee_slot(py, call);
	if (k == MLR_PY_NO_INDEX || py->callee_at[k] == MLR_PY_NO_INDEX)
		return NULL;
	*len = py->callee_len[k];
	return py->callee_text + py->callee_at[k];
}

bool mlr_py_callee(mlr_buf *out, const mlr_py *py, TSNode call)
{
	uint32_t k = callee_slot(py, call);
	if (k != MLR_PY_NO_INDEX) {
		if (py->callee_at[k] == MLR_PY_NO_INDEX)
			return false;
		out->len = 0;
		mlr_buf_put(out, py->callee_text + py->callee_at[k], py->callee_len[k]);
		return !out->oom;
	}
	/* not a call of this tree: work it out */
	mlr_buf raw = MLR_BUF_INIT;
	bool ok = callee_compute(out, &raw, py, call);
	mlr_buf_dispose(&raw);
	return ok;
}

bool mlr_py_string_value(const mlr_py *py, TSNode n, const char **value, size_t *len)
{
	if (!mlr_py_is(n, MLR_PY_T_STRING))
		return false;
	uint32_t count = ts_node_named_child_count(n);
	TSNode content = { 0 };
	bool have = false;
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_named_child(n, i);
		mlr_py_type_id t = mlr_py_type(c);
		if (t == MLR_PY_T_INTERPOLATION)
			return false;
		if (t == MLR_PY_T_STRING_CONTENT) {
			if (have)
				return false;
			content = c;
			have = true;
		}
	}
	/* A bytes or f-string prefix is in string_start. */
	TSNode start = ts_node_child(n, 0);
	size_t sl;
	const char *st = mlr_py_text(py, start, &sl);
	for (size_t i = 0; i < sl; i++)
		if (st[i] == 'b' || st[i] == 'B' || st[i] == 'f' || st[i] == 'F')
			return false;
	if (!have) {
		*value = st + sl;
		*len = 0;
		return true;
	}
	*value = mlr_py_text(py, content, len);
	return true;
}

TSNode mlr_py_kwarg(const mlr_py *py, TSNode call, const char *name)
{
	TSNode args = mlr_py_child(call, MLR_PY_F_ARGUMENTS);
	TSNode none = { 0 };
	if (ts_node_is_null(args))
		return none;
	size_t nl = strlen(name);
	uint32_t count = ts_node_named_child_count(args);
	for (uint32_t i = 0; i < count; i++) {
		TSNode a = ts_node_named_child(args, i);
		if (!mlr_py_is(a, MLR_PY_T_KEYWORD_ARGUMENT))
			continue;
		TSNode k = mlr_py_child(a, MLR_PY_F_NAME);
		size_t kl;
		const char *kt = ts_node_is_null(k) ? NULL : mlr_py_text(py, k, &kl);
		if (kt && kl == nl && !memcmp(kt, name, nl))
			return mlr_py_child(a, MLR_PY_F_VALUE);
	}
	return none;
}

TSNode mlr_py_positional(TSNode call, uint32_t idx)
{
	TSNode args = mlr_py_child(call, MLR_PY_F_ARGUMENTS);
	TSNode none = { 0 };
	if (ts_node_is_null(args))
		return none;
	uint32_t count = ts_node_named_child_count(args), seen = 0;
	for (uint32_t i = 0; i < count; i++) {
		TSNode a = ts_node_named_child(args, i);
		mlr_py_type_id t = mlr_py_type(a);
		if (t == MLR_PY_T_KEYWORD_ARGUMENT || t == MLR_PY_T_COMMENT || t == MLR_PY_T_LIST_SPLAT ||
		    t == MLR_PY_T_DICTIONARY_SPLAT)
			continue;
		if (seen++ == idx)
			return a;
	}
	return none;
}
