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

bool mlr_py_same_text(const mlr_py *py, TSNode a, TSNode b)
{
	size_t la, lb;
	const char *ta = mlr_py_text(py, a, &la), *tb = mlr_py_text(py, b, &lb);
	return la == lb && !memcmp(ta, tb, la);
}

/* Attribute chains deeper than this have no dotted name: a generated `a.b.c...` must not
 * cost more than the tree it came from. */
#define MAX_CHAIN 64

/* A chain of attributes, outermost first, and what the innermost hangs off. An attribute
 * without its name (error recovery) names nothing, itself and below: the levels above it
 * still read ".b.c". `Foo().fit`, `xs[0].fit`: a method on something unnamed reads ".fit". */
typedef struct {
	TSNode attrs[MAX_CHAIN + 1]; /* each level's attribute name */
	size_t count;                /* levels written, from count - 1 down to 0 */
	TSNode root;                 /* written first when it is an identifier */
	bool with_root;
} chain;

static void chain_write(mlr_buf *out, const mlr_py *py, const chain *c)
{
	size_t len;
	if (c->with_root && mlr_py_is(c->root, MLR_PY_T_IDENTIFIER)) {
		const char *t = mlr_py_text(py, c->root, &len);
		mlr_buf_put(out, t, len);
	}
	for (size_t k = c->count; k-- > 0;) {
		mlr_buf_putc(out, '.');
		const char *t = mlr_py_text(py, c->attrs[k], &len);
		mlr_buf_put(out, t, len);
	}
}

/* From the tree: n is an attribute. False when it has no name or the chain is too deep. */
static bool chain_of_node(chain *c, TSNode n)
{
	TSNode levels[MAX_CHAIN + 1];
	size_t count = 0;
	c->attrs[0] = mlr_py_child(n, MLR_PY_F_ATTRIBUTE);
	if (ts_node_is_null(c->attrs[0]))
		return false;
	levels[count++] = n;
	TSNode root = mlr_py_child(n, MLR_PY_F_OBJECT);
	while (mlr_py_is(root, MLR_PY_T_ATTRIBUTE)) {
		if (count > MAX_CHAIN)
			return false;
		levels[count++] = root;
		root = mlr_py_child(root, MLR_PY_F_OBJECT);
	}
	c->count = count;
	c->root = root;
	c->with_root = true;
	for (size_t k = 1; k < count; k++) {
		c->attrs[k] = mlr_py_child(levels[k], MLR_PY_F_ATTRIBUTE);
		if (ts_node_is_null(c->attrs[k])) {
			c->count = k;
			c->with_root = false;
			break;
		}
	}
	return true;
}

/* The same from the node list, whose memo remembers each attribute's children for the
 * next check that asks (a call's function is named once at parse time and again by the
 * query predicates). Returns -1 when a link is not in the list: the tree must say. */
static int chain_of_position(chain *c, const mlr_py *py, uint32_t at)
{
	uint32_t levels[MAX_CHAIN + 1];
	size_t count = 0;
	mlr_py_field_pos(py, at, MLR_PY_F_ATTRIBUTE, &c->attrs[0]);
	if (ts_node_is_null(c->attrs[0]))
		return 0;
	levels[count++] = at;
	TSNode root;
	uint32_t r = mlr_py_field_pos(py, at, MLR_PY_F_OBJECT, &root);
	while (mlr_py_is(root, MLR_PY_T_ATTRIBUTE)) {
		if (r == MLR_PY_NO_INDEX)
			return -1;
		if (count > MAX_CHAIN)
			return 0;
		levels[count++] = r;
		r = mlr_py_field_pos(py, r, MLR_PY_F_OBJECT, &root);
	}
	c->count = count;
	c->root = root;
	c->with_root = true;
	for (size_t k = 1; k < count; k++) {
		mlr_py_field_pos(py, levels[k], MLR_PY_F_ATTRIBUTE, &c->attrs[k]);
		if (ts_node_is_null(c->attrs[k])) {
			c->count = k;
			c->with_root = false;
			break;
		}
	}
	return 1;
}

/* mlr_py_dotted of n, at position `at` of the node list (MLR_PY_NO_INDEX: look it up). */
static bool dotted(mlr_buf *out, const mlr_py *py, TSNode n, uint32_t at)
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
	chain c;
	if (at == MLR_PY_NO_INDEX)
		at = mlr_py_index(py, n);
	int found = at == MLR_PY_NO_INDEX ? -1 : chain_of_position(&c, py, at);
	if (found < 0)
		found = chain_of_node(&c, n);
	if (found)
		chain_write(out, py, &c);
	return found != 0;
}

bool mlr_py_dotted(mlr_buf *out, const mlr_py *py, TSNode n)
{
	return dotted(out, py, n, MLR_PY_NO_INDEX);
}

bool mlr_py_dotted_at(mlr_buf *out, const mlr_py *py, uint32_t at)
{
	return at < py->node_count && dotted(out, py, mlr_py_node(py, at), at);
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

/* What mlr_py_callee answers, computed: the function's dotted name, resolved. `at` is the
 * call's position in the node list, or MLR_PY_NO_INDEX. */
static bool callee_compute(mlr_buf *out, mlr_buf *raw, const mlr_py *py, TSNode call, uint32_t at)
{
	TSNode fn;
	uint32_t fn_at = MLR_PY_NO_INDEX;
	if (at == MLR_PY_NO_INDEX)
		fn = mlr_py_child(call, MLR_PY_F_FUNCTION);
	else
		fn_at = mlr_py_field_pos(py, at, MLR_PY_F_FUNCTION, &fn);
	if (ts_node_is_null(fn))
		return false;
	raw->len = 0;
	bool ok = dotted(raw, py, fn, fn_at);
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
	size_t n = hi - lo ? hi - lo : 1;
	mlr_buf text = MLR_BUF_INIT, raw = MLR_BUF_INIT, res = MLR_BUF_INIT;
	int error = 0;
	py->callee_at = malloc(n * sizeof(uint32_t));
	py->callee_len = calloc(n, sizeof(uint32_t));
	if (!py->callee_at || !py->callee_len)
		goto oom;
	memset(py->callee_at, 0xff, n * sizeof(uint32_t)); /* MLR_PY_NO_INDEX: no name */
	for (uint32_t k = lo; k < hi; k++) {
		uint32_t at = py->by_symbol[k];
		if (raw.oom || res.oom)
			goto oom;
		if (!callee_compute(&res, &raw, py, mlr_py_node(py, at), at))
			continue;
		if (text.len + res.len + 1 >= UINT32_MAX)
			goto oom;
		py->callee_at[k - lo] = (uint32_t)text.len;
		py->callee_len[k - lo] = (uint32_t)res.len;
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

/* The calls are the positions of the call symbol in by_symbol, in document order. */
static const uint32_t *call_list(const mlr_py *py, uint32_t *n)
{
	TSSymbol sym = mlr_py__call_symbol;
	*n = 0;
	if (!py->callee_at || sym >= py->symbol_count)
		return NULL;
	*n = py->symbol_start[sym + 1] - py->symbol_start[sym];
	return py->by_symbol + py->symbol_start[sym];
}

/* The call at position `at`: its slot in callee_at, or MLR_PY_NO_INDEX. */
static uint32_t slot_at(const mlr_py *py, uint32_t at)
{
	uint32_t n, lo = 0, hi;
	const uint32_t *calls = call_list(py, &n);
	for (hi = n; lo < hi;) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (calls[mid] < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && calls[lo] == at ? lo : MLR_PY_NO_INDEX;
}

/* The call node's slot, found by its start byte among the calls, or MLR_PY_NO_INDEX for a
 * node that is not one of them. */
static uint32_t slot_of(const mlr_py *py, TSNode call)
{
	uint32_t n, lo = 0, hi;
	const uint32_t *calls = call_list(py, &n);
	if (ts_node_is_null(call))
		return MLR_PY_NO_INDEX;
	uint32_t start = ts_node_start_byte(call);
	for (hi = n; lo < hi;) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (ts_node_start_byte(mlr_py_node(py, calls[mid])) < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && ts_node_start_byte(mlr_py_node(py, calls[lo])) == start; lo++) /* `f()()` starts twice at f */
		if (ts_node_eq(mlr_py_node(py, calls[lo]), call))
			return lo;
	return MLR_PY_NO_INDEX;
}

static const char *slot_name(const mlr_py *py, uint32_t k, size_t *len)
{
	if (k == MLR_PY_NO_INDEX || py->callee_at[k] == MLR_PY_NO_INDEX)
		return NULL;
	*len = py->callee_len[k];
	return py->callee_text + py->callee_at[k];
}

const char *mlr_py_callee_name_at(const mlr_py *py, uint32_t at, size_t *len)
{
	return slot_name(py, slot_at(py, at), len);
}

const char *mlr_py_callee_name(const mlr_py *py, TSNode call, size_t *len)
{
	return slot_name(py, slot_of(py, call), len);
}

bool mlr_py_callee(mlr_buf *out, const mlr_py *py, TSNode call)
{
	uint32_t k = slot_of(py, call);
	if (k != MLR_PY_NO_INDEX) {
		/* every call of the tree was named when it was parsed: no entry, no name */
		if (py->callee_at[k] == MLR_PY_NO_INDEX)
			return false;
		out->len = 0;
		mlr_buf_put(out, py->callee_text + py->callee_at[k], py->callee_len[k]);
		return !out->oom;
	}
	/* not a node of this tree's list: work it out */
	mlr_buf raw = MLR_BUF_INIT;
	bool ok = callee_compute(out, &raw, py, call, MLR_PY_NO_INDEX);
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
