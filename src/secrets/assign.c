/*
 * The generic rule for text files: a secret-like NAME bound to a credential-shaped
 * literal, in the shapes config and code use to bind names (KEY=v in .env and shell,
 * `key: v` in YAML, "key": "v" in JSON, key = "v" in code, ENV KEY=v in Dockerfiles,
 * --key=v on command lines). The name decides relevance, the value decides shape.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "secrets/scanner.h"
#include "secrets/secrets.h"

#define NAME_MAX_LEN 64
#define VALUE_MAX_LEN 1024

static bool name_byte(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Finds the name left of the separator at pos. */
static bool left_name(const char *d, size_t pos, const char **name, size_t *nlen, bool *quoted)
{
	size_t j = pos, nend, nstart;

	while (j > 0 && is_space(d[j - 1]))
		j--;
	*quoted = j > 0 && (d[j - 1] == '"' || d[j - 1] == '\'');
	if (*quoted) {
		char q = d[j - 1];
		nend = nstart = j - 1;
		while (nstart > 0 && nend - nstart < NAME_MAX_LEN && d[nstart - 1] != q &&
		       name_byte((unsigned char)d[nstart - 1]))
			nstart--;
		if (nstart == 0 || d[nstart - 1] != q)
			return false;
	} else {
		nend = nstart = j;
		while (nstart > 0 && nend - nstart < NAME_MAX_LEN && name_byte((unsigned char)d[nstart - 1]))
			nstart--;
	}
	while (nstart < nend && (d[nstart] == '-' || d[nstart] == '.'))
		nstart++; /* --password=... */
	*name = d + nstart;
	*nlen = nend - nstart;
	return *nlen > 0;
}

/* Finds the value right of the separator. Returns false when the right side is code
 * (a call, a subscript, an attribute path) rather than a literal. */
static bool right_value(const char *d, size_t len, size_t k, size_t *vo, size_t *vl)
{
	while (k < len && is_space(d[k]))
		k++;
	if (k < len - 1 && strchr("bBrRuU", d[k]) && (d[k + 1] == '"' || d[k + 1] == '\''))
		k++;
	if (k >= len)
		return false;
	if (d[k] == '"' || d[k] == '\'' || d[k] == '`') {
		char q = d[k];
		size_t e = k + 1;
		while (e < len && e - k <= VALUE_MAX_LEN && d[e] != q && d[e] != '\n') {
			if (d[e] == '\\')
				e++;
			e++;
		}
		if (e >= len || d[e] != q)
			return false;
		*vo = k + 1;
		*vl = e - k - 1;
		return true;
	}
	size_t e = k;
	while (e < len && e - k <= VALUE_MAX_LEN && !isspace((unsigned char)d[e]) &&
	       !strchr("\"'`,;(){}[]<>^", d[e]) && d[e] != '\0')
		e++;
	if (e < len && (d[e] == '(' || d[e] == '[' || d[e] == '^'))
		return false;
	*vo = k;
	*vl = e - k;
	/* PASSWORD, settings.api_key, self.token: names of values, not values. */
	bool digit = false, ident = true, dot = false, upper = false;
	for (size_t i = k; i < e; i++) {
		unsigned char c = (unsigned char)d[i];
		digit |= isdigit(c) != 0;
		upper |= isupper(c) != 0;
		dot |= c == '.';
		ident &= isalnum(c) || c == '_' || c == '.';
	}
	if (ident && (!digit || (dot && !upper)))
		return false;
	return *vl > 0;
}

static bool starts_ci(const char *v, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return len > n && strncasecmp(v, prefix, n) == 0;
}

/* The bare name `key` is sensitive only in a known client's shape. */
static const char *key_context(const char *d, size_t len, size_t name_at, bool quoted)
{
	size_t from = name_at > 256 ? name_at - 256 : 0;
	size_t to = len - name_at > 256 ? name_at + 256 : len;

	if (memmem(d + from, name_at - from, "login(", 6) &&
	    (memmem(d + from, name_at - from, "wandb", 5) || memmem(d + from, name_at - from, "wb.", 3)))
		return "wandb_key";
	if (quoted && memmem(d + from, to - from, "\"username\"", 10))
		return "kaggle_key";
	return NULL;
}

/* `var token string = "..."`, `token: str = "..."`: the name is left of the type. */
static bool skip_type(const char *d, size_t *pos, const char *name, size_t nlen)
{
	static const char *const types[] = { "string", "str", "String", "bytes", "const", NULL };
	for (size_t i = 0; types[i]; i++)
		if (strlen(types[i]) == nlen && memcmp(name, types[i], nlen) == 0) {
			size_t j = (size_t)(name - d);
			while (j > 0 && is_space(d[j - 1]))
				j--;
			if (j > 0 && d[j - 1] == ':')
				j--;
			*pos = j;
			return true;
		}
	return false;
}

/* <apiToken>value</apiToken> */
static bool xml_value(const char *d, size_t len, size_t pos, const char **name, size_t *nlen,
	size_t *vo, size_t *vl)
{
	size_t s = pos, k = pos + 1, e;

	while (s > 0 && pos - s < NAME_MAX_LEN && name_byte((unsigned char)d[s - 1]))
		s--;
	if (s == pos || s == 0 || d[s - 1] != '<')
		return false;
	while (k < len && k - pos < 64 && isspace((unsigned char)d[k]))
		k++;
	e = k;
	while (e < len && e - k <= VALUE_MAX_LEN && d[e] != '<' && !isspace((unsigned char)d[e]))
		e++;
	size_t c = e;
	while (c < len && c - e < 64 && isspace((unsigned char)d[c]))
		c++;
	if (len - c < 2 + (pos - s) || d[c] != '<' || d[c + 1] != '/' ||
	    memcmp(d + c + 2, d + s, pos - s) != 0)
		return false;
	*name = d + s;
	*nlen = pos - s;
	*vo = k;
	*vl = e - k;
	return e > k;
}

int mlr_secret__detect_assign(mlr_scan *scan, size_t pos, size_t *end)
{
	const char *d = scan->data, *name;
	size_t len = scan->len, vstart = pos + 1, vo, vl, nlen;
	bool quoted = false, sensitive;
	const mlr_secret_format *format = NULL;
	char sep = d[pos];

	if (sep == '>') {
		if (!xml_value(d, len, pos, &name, &nlen, &vo, &vl))
			return 0;
		sensitive = mlr_secret_scanner_name_is_sensitive(scan->s, name, nlen);
		if (!sensitive)
			return 0;
		goto classify;
	}
	if (sep == '=') {
		if (pos + 1 < len && (d[pos + 1] == '=' || d[pos + 1] == '~'))
			return 0;
		if (pos > 0 && strchr("=!<>+-*/%&|^~", d[pos - 1]))
			return 0;
		if (pos + 1 < len && d[pos + 1] == '>')
			vstart++;
		/* :=, ::=, :::=, ?= (Go, Make) and .= (PHP) */
		for (int n = 0; n < 3 && pos > 0 && (d[pos - 1] == ':' || d[pos - 1] == '?' ||
		     d[pos - 1] == '.'); n++)
			pos--;
	} else if (sep == ':') {
		if (pos + 1 < len && (d[pos + 1] == ':' || d[pos + 1] == '/' || d[pos + 1] == '='))
			return 0;
		if (pos > 0 && d[pos - 1] == ':')
			return 0;
	} else {
		/* ("API_TOKEN", "value"): a quoted name then a quoted value, as in
		 * getenv-with-default and setProperty calls. */
		size_t j = pos, k = pos + 1;
		while (j > 0 && is_space(d[j - 1]))
			j--;
		while (k < len && is_space(d[k]))
			k++;
		if (j == 0 || (d[j - 1] != '"' && d[j - 1] != '\'') || k >= len ||
		    (d[k] != '"' && d[k] != '\''))
			return 0;
	}
	if (!left_name(d, pos, &name, &nlen, &quoted))
		return 0;
	if (!quoted && skip_type(d, &pos, name, nlen) && !left_name(d, pos, &name, &nlen, &quoted))
		return 0;
	sensitive = mlr_secret_scanner_name_is_sensitive(scan->s, name, nlen);
	bool bare_key = nlen == 3 && strncasecmp(name, "key", 3) == 0;
	bool authz = nlen == 13 && strncasecmp(name, "authorization", 13) == 0;
	if (!sensitive && !bare_key && !authz)
		return 0;
	if (!right_value(d, len, vstart, &vo, &vl))
		return 0;
	if (sep == ',' && (vo == 0 || (d[vo - 1] != '"' && d[vo - 1] != '\'')))
		return 0;
	/* Authorization: Bearer <token> */
	static const char *const schemes[] = { "Bearer ", "Basic ", "Token ", NULL };
	for (size_t i = 0; schemes[i]; i++)
		if (starts_ci(d + vo, vl, schemes[i])) {
			size_t n = strlen(schemes[i]);
			vo += n;
			vl -= n;
			sensitive = true;
			break;
		}
	if (bare_key) {
		const char *ctx = key_context(d, len, (size_t)(name - d), quoted);
		if (!ctx)
			return 0;
		format = mlr_secret__bound_format(ctx, strlen(ctx), d + vo, vl);
		goto report;
	}
classify:
	format = mlr_secret__bound_format(name, nlen, d + vo, vl);
	if (!format && sensitive && mlr_secret__plausible(d + vo, vl))
		format = &mlr_fmt_generic;
report:
	if (!format)
		return 0;
	*end = 0; /* keep scanning inside the value: a provider format there wins */
	int rc = mlr_secret__add(scan, vo, vl, format);
	return rc < 0 ? rc : 0;
}
