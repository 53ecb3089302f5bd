#include "secrets/placeholder.h"

#include <ctype.h>
#include <string.h>

static bool has(const char *v, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	return n <= len && memmem(v, len, needle, n) != NULL;
}

/* Lowercased copy with separators dropped, so Your-API_Key and yourapikey compare equal. */
static size_t fold(char *dst, size_t cap, const char *v, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len && n + 1 < cap; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c == '-' || c == '_' || c == ' ' || c == '.')
			continue;
		dst[n++] = (char)tolower(c);
	}
	dst[n] = '\0';
	return n;
}

/* Whole-value words that name a secret rather than hold one. */
static const char *const placeholder_words[] = {
	"password", "passwd", "pass", "pwd", "secret", "token", "apikey", "key", "changeme",
	"changeit", "dummy", "example", "sample", "test", "testing", "placeholder", "redacted",
	"hidden", "none", "null", "nil", "true", "false", "todo", "fixme", "tbd", "foo", "bar",
	"foobar", "baz", "qwerty", "admin", "root", "guest", "default", "letmein", "welcome",
	"string", "value", "mysecret", "mypassword", "mytoken", "secretkey", "accesskey",
	"privatekey", "fake", "fakekey", "faketoken", "notasecret", "insecure", "abc", "abcdef",
	"xyz", "empty", "unset", "required", "optional", "undefined", "username", "user", NULL,
};

/* Fragments that only appear in documentation stand-ins. */
static const char *const placeholder_fragments[] = {
	"your", "xxxx", "****", "....", "<", ">", "…", "insert", "replace", "enter",
	"example", "placeholder", "dummy", "changeme", "redacted", "here", "goes", "fake",
	"notreal", "sample", NULL,
};

bool mlr_secret__is_placeholder(const char *v, size_t len)
{
	char folded[96];
	size_t n;

	if (len == 0)
		return true;
	if (len > 256)
		return false;
	n = fold(folded, sizeof(folded), v, len);
	/* password123, token_1: a stand-in word plus a counter. */
	while (n > 0 && isdigit((unsigned char)folded[n - 1]))
		folded[--n] = '\0';
	if (n == 0)
		return true;
	for (size_t i = 0; placeholder_words[i]; i++)
		if (strcmp(folded, placeholder_words[i]) == 0)
			return true;
	for (size_t i = 0; placeholder_fragments[i]; i++)
		if (strstr(folded, placeholder_fragments[i]))
			return true;
	/* Truncated forms in docs: "sk-...", "hf_xxx…". */
	if (has(v, len, "..."))
		return true;
	/* A single repeated symbol: ********, 00000000, aaaaaaaa. */
	size_t same = 1;
	for (size_t i = 1; i < len; i++)
		if (v[i] == v[0])
			same++;
	return same == len;
}

bool mlr_secret__is_templated(const char *v, size_t len)
{
	if (len == 0)
		return false;
	if (v[0] == '$' || v[0] == '%' || v[0] == '@')
		return true;
	if (has(v, len, "${") || has(v, len, "{{") || has(v, len, "$(") || has(v, len, "%(") ||
	    has(v, len, "#{") || has(v, len, "<%"))
		return true;
	if (v[0] == '{' && v[len - 1] == '}')
		return true;
	/* shell and Perl interpolation anywhere: user:$PASS, anonymous:$FROM_EMAIL */
	for (size_t i = 0; i + 1 < len; i++)
		if (v[i] == '$' && (isalpha((unsigned char)v[i + 1]) || v[i + 1] == '_'))
			return true;
	if (has(v, len, "os.environ") || has(v, len, "getenv") || has(v, len, "process.env") ||
	    has(v, len, "ENV[") || has(v, len, "env("))
		return true;
	return false;
}
