/*
 * The little of Python's lexer that byte scanners need (the import lexer, the trigger scan):
 * where a string literal ends, and which words before a quote are string prefixes.
 */
#ifndef MLR_PYTHON_LEX_H
#define MLR_PYTHON_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* r, b, u, f, t and their pairs (rb, Rb, fr, ...): a quote right after them opens a string. */
static inline bool mlr_py_lex_string_prefix(const char *w, size_t n)
{
	if (n == 0 || n > 2)
		return false;
	for (size_t k = 0; k < n; k++)
		if (!strchr("rRbBuUfFtT", w[k]) || !w[k])
			return false;
	return true;
}

/* The offset just past the string literal whose opening quote is at s[i]; an unterminated
 * one-line string ends at its line, an unterminated triple-quoted one at the end. */
static inline size_t mlr_py_lex_string_end(const char *s, size_t len, size_t i)
{
	char q = s[i];
	bool triple = i + 2 < len && s[i + 1] == q && s[i + 2] == q;
	i += triple ? 3 : 1;
	while (i < len) {
		char c = s[i];
		if (c == '\\') {
			i += 2;
		} else if (c == q && (!triple || (i + 2 < len && s[i + 1] == q && s[i + 2] == q))) {
			return i + (triple ? 3 : 1);
		} else if ((c == '\n' || c == '\r') && !triple) {
			return i;
		} else {
			i++;
		}
	}
	return len;
}

#endif
