#include "python/py.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"

struct mlr_py_parser {
	TSParser *ts;
};

int mlr_py_parser_new(mlr_py_parser **out, uint64_t timeout_us)
{
	mlr_py_parser *p = calloc(1, sizeof(*p));
	if (!p)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	p->ts = ts_parser_new();
	if (!p->ts || !ts_parser_set_language(p->ts, tree_sitter_python())) {
		mlr_py_parser_delete(p);
		return mlr_error_set(MLR_ERULE, "tree-sitter-python grammar does not load in this runtime");
	}
	ts_parser_set_timeout_micros(p->ts, timeout_us);
	*out = p;
	return 0;
}

void mlr_py_parser_delete(mlr_py_parser *parser)
{
	if (!parser)
		return;
	if (parser->ts)
		ts_parser_delete(parser->ts);
	free(parser);
}

int mlr_py_imports_collect(mlr_py *py); /* imports.c */

int mlr_py_parse(mlr_py *out, mlr_py_parser *parser, const char *src, size_t len)
{
	memset(out, 0, sizeof(*out));
	out->src = src;
	out->len = len;
	if (len > UINT32_MAX)
		return mlr_error_set(MLR_EIO, "file too large to parse");
	ts_parser_reset(parser->ts);
	out->tree = ts_parser_parse_string(parser->ts, NULL, src, (uint32_t)len);
	if (!out->tree)
		return mlr_error_set(MLR_EIO, "parse timed out");
	out->root = ts_tree_root_node(out->tree);
	out->has_error = ts_node_has_error(out->root);
	if (mlr_py_imports_collect(out) < 0) {
		mlr_py_dispose(out);
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	return 0;
}

void mlr_py_dispose(mlr_py *py)
{
	if (!py)
		return;
	for (size_t i = 0; i < py->aliases.len; i++) {
		free(py->aliases.items[i].local);
		free(py->aliases.items[i].target);
	}
	mlr_array_delete(&py->aliases);
	for (size_t i = 0; i < py->modules.len; i++)
		free(py->modules.items[i]);
	mlr_array_delete(&py->modules);
	if (py->tree)
		ts_tree_delete(py->tree);
	py->tree = NULL;
}

void mlr_py_visit(const mlr_py *py, const mlr_py_visitor *visitors, void *payload)
{
	TSSymbol syms[16];
	size_t n = 0;
	for (; visitors[n].type && n < 16; n++)
		syms[n] = ts_language_symbol_for_name(tree_sitter_python(), visitors[n].type,
			(uint32_t)strlen(visitors[n].type), true);
	TSTreeCursor c = ts_tree_cursor_new(py->root);
	for (;;) {
		TSNode node = ts_tree_cursor_current_node(&c);
		TSSymbol sym = ts_node_symbol(node);
		for (size_t i = 0; i < n; i++)
			if (sym == syms[i])
				visitors[i].fn(py, node, payload);
		if (ts_tree_cursor_goto_first_child(&c))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&c)) {
			if (!ts_tree_cursor_goto_parent(&c)) {
				ts_tree_cursor_delete(&c);
				return;
			}
		}
	}
}

void mlr_py_each(const mlr_py *py, const char *type, mlr_py_visit_fn fn, void *payload)
{
	mlr_py_visitor v[2] = { { type, fn }, { NULL, NULL } };
	mlr_py_visit(py, v, payload);
}
