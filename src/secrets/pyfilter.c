#include "secrets/pyfilter.h"

#include <string.h>

#include "secrets/scanner.h"

/* Lines before a literal that may hold its name: `API_KEY = (` / `"password":` above it.
 * Bytes, at most, looked at on either side: a line of ten thousand literals must cost
 * linear time, not quadratic. */
#define LINES_BEFORE 2
#define WINDOW 256

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '-';
}

/* The credential sinks hardcoded_secret.c knows, whose own names do not say "secret":
 * callees followed by '(' (wandb.login("..."), comet_ml.init(...), putenv("X", "...")) and
 * the keyword `key=` (wandb.login(key="...")). A bare `key` is every dict loop. */
static bool sink_word(const char *data, size_t end, size_t i, size_t j)
{
	static const char *const callees[] = { "login", "init", "init_run", "authenticate",
		"setdefault", "putenv", NULL };
	size_t n = j - i;
	while (j < end && (data[j] == ' ' || data[j] == '\t'))
		j++;
	if (j < end && data[j] == '(') {
		for (size_t k = 0; callees[k]; k++)
			if (strlen(callees[k]) == n && !memcmp(callees[k], data + i, n))
				return true;
		return false;
	}
	return n == 3 && !memcmp(data + i, "key", 3) && j + 1 < end && data[j] == '=' && data[j + 1] != '=';
}

/* What follows a name the tree pass binds: `=`, `:` (annotations, dict keys) or a
 * comparison, after at most a few other marks (the quote and bracket that close
 * `d["token"] =`, or junk the parser's error recovery skips: `TOKEN ?= "..."`). A name
 * followed by `(`, `,`, another name or the end of the line is a call, an argument, a
 * word. */
static bool binding_follows(const char *data, size_t len, size_t j)
{
	for (size_t k = 0; j < len && k < 8; j++) {
		char c = data[j];
		if (c == ' ' || c == '\t')
			continue; /* aligned assignments: `API_KEY        = "..."` */
		k++;
		if (c == '=' || c == ':' || c == '!' || c == '<' || c == '>')
			return true;
		if (name_char(c) || c == '(' || c == ',' || c == '\n' || c == '\0')
			return false;
	}
	return false;
}

/* A secret-like name or a sink in [from, to); bound names only when `bound`. */
static bool names_in(const mlr_secret_scanner *s, const char *data, size_t len, size_t from, size_t to,
	bool bound)
{
	for (size_t i = from; i < to;) {
		if (!name_char(data[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < to && name_char(data[j]))
			j++;
		if (sink_word(data, len, i, j) || ((!bound || binding_follows(data, len, j)) &&
		    mlr_secret_scanner_name_is_sensitive(s, data + i, j - i)))
			return true;
		i = j;
	}
	return false;
}

/* The name of a literal starting at `at` and ending at `end`: before it on its line, or,
 * when the literal starts its line, on the LINES_BEFORE lines above (`API_KEY = (` /
 * `"password":` above the value); or after a comparison that follows it
 * (`"..." == token`). */
static bool name_near(const mlr_secret_scanner *s, const char *data, size_t len, size_t at, size_t end)
{
	size_t from = at, stop = at > WINDOW ? at - WINDOW : 0;
	/* code before the literal on its own line: a name bound to the literal is there */
	bool code = false;
	for (; from > stop && data[from - 1] != '\n'; from--)
		code |= name_char(data[from - 1]);
	for (int lines = 0; !code && from > stop; from--)
		if (data[from - 1] == '\n' && ++lines > LINES_BEFORE)
			break;
	if (names_in(s, data, len, from, at, true))
		return true;
	while (end < len && (data[end] == ' ' || data[end] == '\t'))
		end++;
	if (end + 1 >= len || !((data[end] == '=' || data[end] == '!') && data[end + 1] == '='))
		return false;
	size_t to = len - end > WINDOW ? end + WINDOW : len;
	const char *eol = memchr(data + end, '\n', to - end);
	return names_in(s, data, len, end, eol ? (size_t)(eol - data) : to, false);
}

/* mlr_secret__plausible's first test: printable ASCII without blanks. */
static bool no_blanks(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] <= 0x20 || (unsigned char)v[i] >= 0x7f)
			return false;
	return true;
}

bool mlr_secret_python_may_bind(const mlr_secret_scanner *s, const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = data[i];
		if (c == '#') {
			const char *eol = memchr(data + i, '\n', len - i);
			i = eol ? (size_t)(eol - data) : len;
			continue;
		}
		if (c != '"' && c != '\'')
			continue;
		bool triple = i + 2 < len && data[i + 1] == c && data[i + 2] == c;
		size_t start = i + (triple ? 3 : 1), j = start;
		/* the end of the literal: an unterminated one-line string ends at the line */
		while (j < len) {
			if (data[j] == '\\') {
				j += 2;
			} else if (data[j] == c && (!triple || (j + 2 < len && data[j + 1] == c && data[j + 2] == c))) {
				break;
			} else if (data[j] == '\n' && !triple) {
				break;
			} else {
				j++;
			}
		}
		if (j > len)
			j = len;
		/* 8..1024 bytes without blanks: what mlr_secret__plausible can accept at all */
		size_t n = j - start;
		/* cheapest first: a value with blanks is prose; then the name, rarely there; then
		 * the full judgement of the value */
		if (n >= 8 && n <= 1024 && no_blanks(data + start, n) &&
		    name_near(s, data, len, i, j < len ? j + (triple ? 3 : 1) : len) &&
		    mlr_secret__plausible(data + start, n))
			return true;
		i = j < len && data[j] == c && triple ? j + 2 : j;
	}
	return false;
}
