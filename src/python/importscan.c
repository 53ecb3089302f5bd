/*
 * Imports without a parse. A file no rule needs a tree for still tells the repository
 * rules what it imports (the import graph of MLR103, MLR504, MLR604, MLR605, MLR301's one
 * hop); a lexer that knows strings, comments, brackets and statement starts gives the same
 * bindings as the tree (src/python/imports.c) at a small fraction of a parse's cost.
 * tests/unit/test_importscan.c holds the two to the same answers.
 */
#include "python/py.h"
#include "python/lex.h"

#include <string.h>

typedef struct {
	const char *s;
	size_t len, i;
	int failed;
} lexer;

static bool is_start(unsigned char c)
{
	return c == '_' || (unsigned)((c | 0x20) - 'a') < 26u || c >= 0x80;
}

static bool is_ident(unsigned char c)
{
	return is_start(c) || (unsigned)(c - '0') < 10u;
}

static unsigned char peek(const lexer *lx)
{
	return lx->i < lx->len ? (unsigned char)lx->s[lx->i] : 0;
}

/* Blanks and backslash continuations; newlines too inside brackets. */
static void skip_blanks(lexer *lx, bool newlines)
{
	while (lx->i < lx->len) {
		char c = lx->s[lx->i];
		if (c == ' ' || c == '\t' || c == '\f') {
			lx->i++;
		} else if (c == '\\' && lx->i + 1 < lx->len && (lx->s[lx->i + 1] == '\n' || lx->s[lx->i + 1] == '\r')) {
			lx->i += 2;
			if (lx->s[lx->i - 1] == '\r' && peek(lx) == '\n')
				lx->i++;
		} else if (newlines && (c == '\n' || c == '\r')) {
			lx->i++;
		} else if (newlines && c == '#') {
			while (lx->i < lx->len && lx->s[lx->i] != '\n')
				lx->i++;
		} else {
			return;
		}
	}
}

static size_t ident(lexer *lx, const char **at)
{
	*at = lx->s + lx->i;
	size_t start = lx->i;
	if (!is_start(peek(lx)))
		return 0;
	while (lx->i < lx->len && is_ident((unsigned char)lx->s[lx->i]))
		lx->i++;
	return lx->i - start;
}

static bool word_is(const char *w, size_t n, const char *lit)
{
	return n == strlen(lit) && !memcmp(w, lit, n);
}

/* `a . b.c` as "a.b.c"; leading dots too when relative (`from ..pkg`). */
static bool dotted(lexer *lx, mlr_buf *out, bool relative, bool newlines)
{
	if (relative)
		for (skip_blanks(lx, newlines); peek(lx) == '.'; skip_blanks(lx, newlines)) {
			mlr_buf_putc(out, '.');
			lx->i++;
		}
	const char *w;
	size_t at = lx->i;
	size_t n = ident(lx, &w);
	if (relative && out->len && word_is(w, n, "import")) {
		lx->i = at; /* `from . import x`: the dots are the module */
		return true;
	}
	if (!n)
		return out->len > 0;
	for (;;) {
		mlr_buf_put(out, w, n);
		size_t save = lx->i;
		skip_blanks(lx, newlines);
		if (peek(lx) != '.') {
			lx->i = save;
			return true;
		}
		lx->i++;
		skip_blanks(lx, newlines);
		if (!(n = ident(lx, &w))) {
			lx->i = save;
			return true;
		}
		mlr_buf_putc(out, '.');
	}
}

/* An optional `as name`. */
static bool alias_of(lexer *lx, mlr_buf *out, bool newlines)
{
	size_t save = lx->i;
	skip_blanks(lx, newlines);
	const char *w;
	size_t n = ident(lx, &w);
	if (word_is(w, n, "as")) {
		skip_blanks(lx, newlines);
		if ((n = ident(lx, &w))) {
			mlr_buf_put(out, w, n);
			return true;
		}
	}
	lx->i = save;
	return false;
}

static void add(lexer *lx, mlr_py *py, const mlr_buf *mod, const char *local, size_t llen,
	const char *target, size_t tlen)
{
	if ((mod && mlr_py_add_module(py, mod->ptr, mod->len) < 0) ||
	    (local && mlr_py_add_alias(py, local, llen, target, tlen) < 0))
		lx->failed = 1;
}

/* After `import`: `a.b`, `a as b`, comma-separated. */
static void import_names(lexer *lx, mlr_py *py)
{
	for (;;) {
		mlr_buf name = MLR_BUF_INIT, alias = MLR_BUF_INIT;
		skip_blanks(lx, false);
		bool ok = dotted(lx, &name, false, false);
		if (ok && alias_of(lx, &alias, false)) {
			add(lx, py, &name, alias.ptr, alias.len, name.ptr, name.len);
		} else if (ok) {
			const char *dot = memchr(name.ptr, '.', name.len);
			size_t root = dot ? (size_t)(dot - name.ptr) : name.len;
			add(lx, py, &name, name.ptr, root, name.ptr, root);
		}
		lx->failed |= name.oom || alias.oom;
		mlr_buf_dispose(&name);
		mlr_buf_dispose(&alias);
		skip_blanks(lx, false);
		if (!ok || peek(lx) != ',')
			return;
		lx->i++;
	}
}

/* After `from`: `.mod import a, b as c`, `(...)`, `*`. */
static void from_names(lexer *lx, mlr_py *py)
{
	mlr_buf mod = MLR_BUF_INIT;
	const char *w;
	size_t n;
	if (!dotted(lx, &mod, true, false) || mod.oom)
		goto cleanup;
	skip_blanks(lx, false);
	n = ident(lx, &w);
	/* `from __future__ import x` is a statement of its own kind: no binding */
	if (!word_is(w, n, "import") || (mod.len == 10 && !memcmp(mod.ptr, "__future__", 10)))
		goto cleanup;
	add(lx, py, &mod, NULL, 0, NULL, 0);
	skip_blanks(lx, false);
	bool paren = peek(lx) == '(';
	if (paren)
		lx->i++;
	for (;;) {
		mlr_buf name = MLR_BUF_INIT, local = MLR_BUF_INIT, target = MLR_BUF_INIT;
		skip_blanks(lx, paren);
		bool ok = dotted(lx, &name, false, paren);
		if (ok) {
			if (!alias_of(lx, &local, paren))
				mlr_buf_put(&local, name.ptr, name.len);
			mlr_buf_put(&target, mod.ptr, mod.len);
			if (mod.ptr[mod.len - 1] != '.')
				mlr_buf_putc(&target, '.');
			mlr_buf_put(&target, name.ptr, name.len);
			if (target.oom || local.oom)
				lx->failed = 1;
			else
				add(lx, py, NULL, local.ptr, local.len, target.ptr, target.len);
		}
		mlr_buf_dispose(&name);
		mlr_buf_dispose(&local);
		mlr_buf_dispose(&target);
		skip_blanks(lx, paren);
		if (!ok || peek(lx) != ',')
			break;
		lx->i++;
	}
cleanup:
	lx->failed |= mod.oom;
	mlr_buf_dispose(&mod);
}

int mlr_py_scan_imports(mlr_py *py, const char *src, size_t len)
{
	lexer lx = { src, len, 0, 0 };
	int depth = 0;
	bool start = true; /* at the start of a statement */
	while (lx.i < len && !lx.failed) {
		char c = src[lx.i];
		if (c == ' ' || c == '\t' || c == '\f') {
			lx.i++;
		} else if (c == '\\' && lx.i + 1 < len && (src[lx.i + 1] == '\n' || src[lx.i + 1] == '\r')) {
			skip_blanks(&lx, false);
		} else if (c == '\n' || c == '\r') {
			lx.i++;
			start |= depth == 0;
		} else if (c == '#') {
			while (lx.i < len && src[lx.i] != '\n')
				lx.i++;
		} else if (c == '"' || c == '\'') {
			lx.i = mlr_py_lex_string_end(src, len, lx.i);
			start = false;
		} else if (is_start((unsigned char)c)) {
			const char *w;
			size_t n = ident(&lx, &w);
			if ((peek(&lx) == '"' || peek(&lx) == '\'') && mlr_py_lex_string_prefix(w, n)) {
				lx.i = mlr_py_lex_string_end(src, len, lx.i);
			} else if (start && depth == 0 && word_is(w, n, "import")) {
				import_names(&lx, py);
			} else if (start && depth == 0 && word_is(w, n, "from")) {
				from_names(&lx, py);
			}
			start = false;
		} else if ((unsigned)((unsigned char)c - '0') < 10u) {
			while (lx.i < len && is_ident((unsigned char)src[lx.i]))
				lx.i++;
			start = false;
		} else {
			if (c == '(' || c == '[' || c == '{')
				depth++;
			else if ((c == ')' || c == ']' || c == '}') && depth > 0)
				depth--;
			start = depth == 0 && (c == ';' || c == ':');
			lx.i++;
		}
	}
	if (lx.failed)
		return -1;
	mlr_py_modules_sort(py);
	return 0;
}
