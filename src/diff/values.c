/*
 * Tunable values in changed lines. One line at a time and no parser: the diff hands us
 * lines, and a threshold written as `key: 0.5` or `key = 0.5` reads the same in YAML,
 * TOML, JSON, INI and Python. Only numeric literals count, so `lr = args.lr` or
 * `threshold = pick()` never look like a changed setting.
 */
#include "diff/change.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static bool is_key_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

/* A number: [-+]digits[.digits][e[-+]digits], or .5. Returns its length, 0 if none. */
static size_t number_len(const char *p, const char *end)
{
	const char *s = p;
	if (p < end && (*p == '-' || *p == '+'))
		p++;
	const char *digits = p;
	while (p < end && isdigit((unsigned char)*p))
		p++;
	bool any = p > digits;
	if (p < end && *p == '.') {
		p++;
		const char *frac = p;
		while (p < end && isdigit((unsigned char)*p))
			p++;
		any |= p > frac;
	}
	if (!any)
		return 0;
	if (p < end && (*p == 'e' || *p == 'E')) {
		const char *e = p++;
		if (p < end && (*p == '-' || *p == '+'))
			p++;
		const char *exp = p;
		while (p < end && isdigit((unsigned char)*p))
			p++;
		if (p == exp)
			p = e;
	}
	/* 1_000 in Python and TOML */
	while (p + 1 < end && *p == '_' && isdigit((unsigned char)p[1])) {
		p++;
		while (p < end && isdigit((unsigned char)*p))
			p++;
	}
	return (size_t)(p - s);
}

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

bool mlr_change_parse_assignment(const char *line, size_t len, const char **key, size_t *key_len,
	const char **value, size_t *value_len)
{
	const char *p = line, *end = line + len;
	while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	p = skip_ws(p, end);
	if (p + 1 < end && *p == '-' && p[1] == ' ') /* a YAML list item: `- lr: 0.1` */
		p = skip_ws(p + 1, end);
	char quote = 0;
	if (p < end && (*p == '"' || *p == '\''))
		quote = *p++;
	while (p < end && *p == '-') /* `--lr=0.1` in a shell line or argument list */
		p++;
	const char *k = p;
	if (p >= end || !(isalpha((unsigned char)*p) || *p == '_'))
		return false;
	while (p < end && is_key_char(*p))
		p++;
	size_t klen = (size_t)(p - k);
	if (quote) {
		if (p >= end || *p != quote)
			return false;
		p++;
	}
	p = skip_ws(p, end);
	if (p >= end)
		return false;
	if (*p == ':') {
		p = skip_ws(p + 1, end);
		if (p < end && !quote && (isalpha((unsigned char)*p) || *p == '_')) {
			/* a Python annotation: `lr: float = 1e-3` */
			while (p < end && *p && (is_key_char(*p) || strchr("[], |", *p)))
				p++;
			p = skip_ws(p, end);
			if (p >= end || *p != '=' || (p + 1 < end && p[1] == '='))
				return false;
			p = skip_ws(p + 1, end);
		}
	} else if (*p == '=') {
		if (p + 1 < end && p[1] == '=')
			return false;
		p = skip_ws(p + 1, end);
	} else {
		return false;
	}
	char vquote = 0;
	if (p < end && (*p == '"' || *p == '\'')) /* `threshold: "0.5"` */
		vquote = *p++;
	size_t n = number_len(p, end);
	if (!n)
		return false;
	const char *v = p;
	p += n;
	if (vquote) {
		if (p >= end || *p != vquote)
			return false;
		p++;
	}
	p = skip_ws(p, end);
	if (p < end && *p == ',')
		p = skip_ws(p + 1, end);
	/* nothing but a comment may follow: `0.5 * base` is an expression, not a setting */
	if (p < end && *p != '#' && !(p + 1 < end && p[0] == '/' && p[1] == '/') && *p != ';' &&
		*p != '}' && *p != ')')
		return false;
	*key = k;
	*key_len = klen;
	*value = v;
	*value_len = n;
	return true;
}

static bool eq_n(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && !strncasecmp(s, word, n);
}

static bool ends_with_n(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);
	return n >= m && !strncasecmp(s + n - m, suffix, m);
}

static bool contains_n(const char *s, size_t n, const char *word)
{
	size_t m = strlen(word);
	for (size_t i = 0; i + m <= n; i++)
		if (!strncasecmp(s + i, word, m))
			return true;
	return false;
}

bool mlr_change_key_is_tunable(const char *key, size_t len)
{
	static const char *const exact[] = { "lr", "learning_rate", "learning-rate", "epochs",
		"epoch", "num_epochs", "n_epochs", "max_epochs", "num_train_epochs", "nb_epochs",
		"batch_size", "train_batch_size", "per_device_train_batch_size", "dropout",
		"weight_decay", "n_estimators", "num_boost_round", "max_depth", "temperature",
		"cutoff", "top_p", "top_k", "confidence", "min_confidence", NULL };
	/* the last dotted segment: optimizer.lr is lr */
	for (size_t i = len; i > 0; i--)
		if (key[i - 1] == '.') {
			key += i;
			len -= i;
			break;
		}
	for (size_t i = 0; exact[i]; i++)
		if (eq_n(key, len, exact[i]))
			return true;
	return contains_n(key, len, "threshold") || ends_with_n(key, len, "_thresh") ||
		eq_n(key, len, "thresh") || ends_with_n(key, len, "_cutoff") ||
		ends_with_n(key, len, "_lr") || ends_with_n(key, len, "_learning_rate") ||
		ends_with_n(key, len, "_epochs") || ends_with_n(key, len, "_dropout");
}
