/* Names of things in a Python syntax tree: dotted chains, resolved callees, literals. */
#include "python/py.h"

#include <string.h>

bool mlr_py_text_eq(const mlr_py *py, TSNode n, const char *s)
{
	size_t len;
	const char *t = mlr_py_text(py, n, &len);
	return strlen(s) == len && !memcmp(t, s, len);
}

bool mlr_py_dotted(mlr_buf *out, const mlr_py *py, TSNode n)
{
	const char *type = ts_node_type(n);
	size_t len;
	if (!strcmp(type, "identifier")) {
		const char *t = mlr_py_text(py, n, &len);
		mlr_buf_put(out, t, len);
		return true;
	}
	if (!strcmp(type, "attribute")) {
		TSNode obj = ts_node_child_by_field_name(n, "object", 6);
		TSNode attr = ts_node_child_by_field_name(n, "attribute", 9);
		if (ts_node_is_null(attr))
			return false;
		/* Depth is bounded by the tree, but a pathological chain must not recurse
		 * unboundedly: walk iteratively to the root first. */
		uint32_t depth = 0;
		for (TSNode o = obj; !ts_node_is_null(o) && !strcmp(ts_node_type(o), "attribute");
		     o = ts_node_child_by_field_name(o, "object", 6))
			if (++depth > 64)
				return false;
		if (ts_node_is_null(obj) || !mlr_py_dotted(out, py, obj)) {
			/* `Foo().fit`, `xs[0].fit`: a method on something unnamed */
		}
		mlr_buf_putc(out, '.');
		const char *t = mlr_py_text(py, attr, &len);
		mlr_buf_put(out, t, len);
		return true;
	}
	return false;
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
			if (strlen(a->local) == root && !memcmp(a->local, dotted, root)) {
				mlr_buf_puts(out, a->target);
				mlr_buf_put(out, dotted + root, len - root);
				return;
			}
		}
	}
	mlr_buf_put(out, dotted, len);
}

bool mlr_py_callee(mlr_buf *out, const mlr_py *py, TSNode call)
{
	TSNode fn = ts_node_child_by_field_name(call, "function", 8);
	if (ts_node_is_null(fn))
		return false;
	mlr_buf raw = MLR_BUF_INIT;
	bool ok = mlr_py_dotted(&raw, py, fn);
	if (ok)
		mlr_py_resolve(out, py, mlr_buf_cstr(&raw), raw.len);
	mlr_buf_dispose(&raw);
	return ok && !out->oom;
}

bool mlr_py_string_value(const mlr_py *py, TSNode n, const char **value, size_t *len)
{
	if (strcmp(ts_node_type(n), "string"))
		return false;
	uint32_t count = ts_node_named_child_count(n);
	TSNode content = { 0 };
	bool have = false;
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_named_child(n, i);
		const char *t = ts_node_type(c);
		if (!strcmp(t, "interpolation"))
			return false;
		if (!strcmp(t, "string_content")) {
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
	TSNode args = ts_node_child_by_field_name(call, "arguments", 9);
	TSNode none = { 0 };
	if (ts_node_is_null(args))
		return none;
	uint32_t count = ts_node_named_child_count(args);
	for (uint32_t i = 0; i < count; i++) {
		TSNode a = ts_node_named_child(args, i);
		if (strcmp(ts_node_type(a), "keyword_argument"))
			continue;
		TSNode k = ts_node_child_by_field_name(a, "name", 4);
		if (!ts_node_is_null(k) && mlr_py_text_eq(py, k, name))
			return ts_node_child_by_field_name(a, "value", 5);
	}
	return none;
}

TSNode mlr_py_positional(TSNode call, uint32_t idx)
{
	TSNode args = ts_node_child_by_field_name(call, "arguments", 9);
	TSNode none = { 0 };
	if (ts_node_is_null(args))
		return none;
	uint32_t count = ts_node_named_child_count(args), seen = 0;
	for (uint32_t i = 0; i < count; i++) {
		TSNode a = ts_node_named_child(args, i);
		const char *t = ts_node_type(a);
		if (!strcmp(t, "keyword_argument") || !strcmp(t, "comment") ||
		    !strcmp(t, "list_splat") || !strcmp(t, "dictionary_splat"))
			continue;
		if (seen++ == idx)
			return a;
	}
	return none;
}
