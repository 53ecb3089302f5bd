/*
 * Does a Python change change code? Fixing a typo in a comment or a docstring, or
 * reformatting, changes no behaviour, and the change rules must not ask for a test or a
 * changelog entry for it. Both versions are parsed and their tokens compared, leaving out
 * comments, bare string statements (docstrings) and messages for people (raise, assert,
 * print and log strings), and ignoring whitespace. Anything the
 * parser does not fully understand counts as a code change: silence must be earned.
 */
#include "diff/change.h"

#include "python/py.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef mlr_array(TSNode) node_array;

/* A string that is a statement on its own: a docstring, or a comment written as one. */
static bool bare_string(TSNode n)
{
	TSNode p = ts_node_parent(n);
	return !ts_node_is_null(p) && mlr_py_is(p, MLR_PY_T_EXPRESSION_STATEMENT) &&
		ts_node_named_child_count(p) == 1;
}

/* Calls whose string arguments are messages for people, not behaviour. */
static bool message_call(TSNode call, const char *src)
{
	static const char *const names[] = { "print", "debug", "info", "warning", "warn", "error",
		"exception", "critical", "log", "fatal", NULL };
	TSNode fn = mlr_py_child(call, MLR_PY_F_FUNCTION);
	if (ts_node_is_null(fn))
		return false;
	if (mlr_py_is(fn, MLR_PY_T_ATTRIBUTE))
		fn = mlr_py_child(fn, MLR_PY_F_ATTRIBUTE);
	if (ts_node_is_null(fn) || !mlr_py_is(fn, MLR_PY_T_IDENTIFIER))
		return false;
	uint32_t s = ts_node_start_byte(fn), n = ts_node_end_byte(fn) - s;
	for (size_t i = 0; names[i]; i++)
		if (strlen(names[i]) == n && !memcmp(src + s, names[i], n))
			return true;
	return false;
}

/* A string that only tells a person something: an exception's or assertion's message, a
 * print or a log line. Fixing its wording changes no model behaviour. */
static bool message_string(TSNode n, const char *src)
{
	for (TSNode p = ts_node_parent(n); !ts_node_is_null(p); p = ts_node_parent(p)) {
		mlr_py_type_id t = mlr_py_type(p);
		if (t == MLR_PY_T_RAISE_STATEMENT || t == MLR_PY_T_ASSERT_STATEMENT)
			return true;
		if (t == MLR_PY_T_CALL && message_call(p, src))
			return true;
		if (t == MLR_PY_T_BLOCK || t == MLR_PY_T_MODULE || t == MLR_PY_T_LAMBDA ||
			t == MLR_PY_T_FUNCTION_DEFINITION || t == MLR_PY_T_CLASS_DEFINITION)
			return false;
	}
	return false;
}

/* The significant tokens of a tree, in order: leaves, with every string as one token. */
static int tokens(node_array *out, TSNode root, const char *src)
{
	TSTreeCursor c = ts_tree_cursor_new(root);
	int error = 0;
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&c);
		mlr_py_type_id type = mlr_py_type(n);
		bool is_string = type == MLR_PY_T_STRING || type == MLR_PY_T_CONCATENATED_STRING;
		bool skip = type == MLR_PY_T_COMMENT ||
			(is_string && (bare_string(n) || message_string(n, src)));
		if (!skip && (is_string || ts_node_child_count(n) == 0) && mlr_array_push(out, n) < 0) {
			error = -1;
			break;
		}
		if (!skip && !is_string && ts_tree_cursor_goto_first_child(&c))
			continue;
		bool more = true;
		while (!ts_tree_cursor_goto_next_sibling(&c))
			if (!ts_tree_cursor_goto_parent(&c)) {
				more = false;
				break;
			}
		if (!more)
			break;
	}
	ts_tree_cursor_delete(&c);
	return error;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

static bool same_tokens(const node_array *a, const char *sa, const node_array *b, const char *sb)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++) {
		TSNode x = a->items[i], y = b->items[i];
		if (ts_node_symbol(x) != ts_node_symbol(y))
			return false;
		uint32_t xs = ts_node_start_byte(x), xl = ts_node_end_byte(x) - xs;
		uint32_t ys = ts_node_start_byte(y), yl = ts_node_end_byte(y) - ys;
		/* newline, indent and dedent tokens: their symbol is what matters */
		if (blank(sa + xs, xl) && blank(sb + ys, yl))
			continue;
		if (xl != yl || memcmp(sa + xs, sb + ys, xl))
			return false;
	}
	return true;
}

bool mlr_change_py_code_differs(const char *a, size_t alen, const char *b, size_t blen)
{
	TSParser *p = ts_parser_new();
	TSTree *ta = NULL, *tb = NULL;
	node_array na = { 0 }, nb = { 0 };
	bool differs = true;

	if (mlr_py_grammar_init() < 0 || !p || !ts_parser_set_language(p, tree_sitter_python()))
		goto cleanup;
	ts_parser_set_timeout_micros(p, 2u * 1000u * 1000u);
	if (alen > UINT32_MAX || blen > UINT32_MAX ||
		!(ta = ts_parser_parse_string(p, NULL, a, (uint32_t)alen)) ||
		!(tb = ts_parser_parse_string(p, NULL, b, (uint32_t)blen)))
		goto cleanup;
	TSNode ra = ts_tree_root_node(ta), rb = ts_tree_root_node(tb);
	if (ts_node_has_error(ra) || ts_node_has_error(rb))
		goto cleanup;
	if (tokens(&na, ra, a) < 0 || tokens(&nb, rb, b) < 0)
		goto cleanup;
	differs = !same_tokens(&na, a, &nb, b);

cleanup:
	mlr_array_delete(&na);
	mlr_array_delete(&nb);
	ts_tree_delete(ta);
	ts_tree_delete(tb);
	if (p)
		ts_parser_delete(p);
	return differs;
}
