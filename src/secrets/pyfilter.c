#include "secrets/pyfilter.h"

#include <string.h>

#include "secrets/scanner.h"

/* Lines before a literal that may hold its name: `API_KEY = (` / `"password":` above it. */
#define LINES_BEFORE 2

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '-';
}

/* Callees and keywords of the credential sinks hardcoded_secret.c knows, whose own name
 * does not say "secret": wandb.login(key=...), comet_ml.init("..."), putenv("X", "..."). */
static bool sink_word(const char *w, size_t n)
{
	static const char *const words[] = { "login", "init", "init_run", "authenticate",
		"setdefault", "putenv", "key", NULL };
	for (size_t i = 0; words[i]; i++)
		if (strlen(words[i]) == n && !memcmp(words[i], w, n))
			return true;
	return false;
}

static bool name_before(const mlr_secret_scanner *s, const char *data, size_t at)
{
	size_t from = at;
	for (int lines = 0; from > 0; from--)
		if (data[from - 1] == '\n' && ++lines > LINES_BEFORE)
			break;
	for (size_t i = from; i < at;) {
		if (!name_char(data[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < at && name_char(data[j]))
			j++;
		if (sink_word(data + i, j - i) || mlr_secret_scanner_name_is_sensitive(s, data + i, j - i))
			return true;
		i = j;
	}
	return false;
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
		if (n >= 8 && n <= 1024 && mlr_secret__plausible(data + start, n) && name_before(s, data, i))
			return true;
		i = j < len && data[j] == c && triple ? j + 2 : j;
	}
	return false;
}
