#include "core/shown.h"

#include <stdio.h>
#include <string.h>

static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_hex_letter(char c) { return c >= 'a' && c <= 'f'; }

/* MLR201, ORG12: up to five capitals, then up to four digits. */
static bool id_like(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && is_upper(s[i]))
		i++;
	if (i == 0 || i > 5 || n - i == 0 || n - i > 4)
		return false;
	while (i < n && is_digit(s[i]))
		i++;
	return i == n;
}

static bool is_hex(char c) { return is_digit(c) || is_hex_letter(c) || (c >= 'A' && c <= 'F'); }

/* A run of letters and digits that a person typed as a name: one case (a word, a
 * CONSTANT) with at most two digits in one group (transformers4rec, gpt2), or, under 16,
 * CamelCase without digits (each capital starts a lowercase word: logRunMetrics); a number
 * under 16 digits; a rule id. Random tokens and typed passwords fail this: mixed case
 * without that structure, digits all through or in two places (Tr0ub4dor, sk9e7b), or
 * hex of eight or more (deadbeef). */
static bool name_like(const char *s, size_t n)
{
	size_t upper = 0, lower = 0, digits = 0, groups = 0, hex = 0;
	for (size_t i = 0; i < n; i++) {
		upper += is_upper(s[i]);
		lower += is_lower(s[i]);
		digits += is_digit(s[i]);
		hex += is_hex(s[i]);
		groups += is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1]));
	}
	if (digits == n)
		return n < 16; /* a number, not a card or an account number */
	if (id_like(s, n))
		return true;
	if (digits > 2 || groups > 1 || (hex == n && n >= 8))
		return false;
	if (!upper)
		return true;
	if (!lower)
		return digits == 0;
	if (digits || n >= 16 || upper * 4 > n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (is_upper(s[i]) && (i + 1 == n || !is_lower(s[i + 1])))
			return false;
	return true;
}

/* A word in one case and one group of digits: exp042, cuda118. */
static bool numbered_word(const char *s, size_t n)
{
	size_t upper = 0, lower = 0, groups = 0;
	for (size_t i = 0; i < n; i++) {
		upper += is_upper(s[i]);
		lower += is_lower(s[i]);
		groups += is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1]));
	}
	return groups == 1 && !(upper && lower);
}

/* Prefixes providers put on their credentials (the scanner's formats know them all; this
 * file is linked into the build-time rule compiler too, which has no scanner). */
static const char *const cred_prefixes[] = {
	"hf_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "sk-", "sk_", "rk_",
	"xox", "AKIA", "ASIA", "AIza", "ya29.", "eyJ", "npm_", "pypi-", "SG.", "shpat_", "dop_v1_",
	"-----BEGIN",
};

static bool has_cred_prefix(const char *v, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (i && (is_lower(v[i - 1]) || is_upper(v[i - 1]) || is_digit(v[i - 1])))
			continue; /* only where a token starts */
		for (size_t p = 0; p < sizeof(cred_prefixes) / sizeof(cred_prefixes[0]); p++) {
			size_t pl = strlen(cred_prefixes[p]);
			if (pl <= len - i && !memcmp(v + i, cred_prefixes[p], pl))
				return true;
		}
	}
	return false;
}

bool mlr_shown_ok(const char *v, size_t len)
{
	size_t hexish = 0;    /* bytes of runs of hex digits that mix letters and digits */
	size_t irregular = 0; /* bytes of runs that are not name-like */

	if (!v || len == 0 || len > MLR_SHOWN_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] > 0x7e)
			return false;
	/* a URL, or user:password@host */
	const char *colon = memchr(v, ':', len);
	if (colon && (memchr(colon, '@', len - (size_t)(colon - v)) || strstr(v, "://")))
		return false;
	if (has_cred_prefix(v, len))
		return false;
	for (size_t i = 0; i < len;) {
		if (!is_lower(v[i]) && !is_upper(v[i]) && !is_digit(v[i])) {
			i++;
			continue;
		}
		size_t start = i, digits = 0, hex_letters = 0;
		while (i < len && (is_lower(v[i]) || is_upper(v[i]) || is_digit(v[i]))) {
			digits += is_digit(v[i]);
			hex_letters += is_hex_letter(v[i]);
			i++;
		}
		size_t n = i - start;
		if (!name_like(v + start, n)) {
			/* long enough to be a password by itself, or leetspeak (c0rr3ct) */
			if (n >= 8 || (n >= 5 && !numbered_word(v + start, n)))
				return false;
			irregular += n;
		}
		if (digits && hex_letters && digits + hex_letters == n)
			hexish += n;
	}
	/* short runs joined by separators: a UUID, base64 split by its '+' and '/' */
	return hexish < 16 && irregular < 16;
}

static const char *shown(char *buf, size_t bufsz, const char *v, size_t len, const char *quote)
{
	if (!buf || bufsz == 0)
		return "";
	if (!v)
		snprintf(buf, bufsz, "<no value>");
	else if (len == 0)
		snprintf(buf, bufsz, "%s%s", quote, quote); /* nothing to hide */
	else if (mlr_shown_ok(v, len) && len + 2 < bufsz)
		snprintf(buf, bufsz, "%s%.*s%s", quote, (int)len, v, quote);
	else
		snprintf(buf, bufsz, "<value not shown: %zu bytes>", len);
	return buf;
}

const char *mlr_shown(char *buf, size_t bufsz, const char *v, size_t len)
{
	return shown(buf, bufsz, v, len, "'");
}

const char *mlr_shown_str(char *buf, size_t bufsz, const char *v)
{
	return shown(buf, bufsz, v, v ? strlen(v) : 0, "'");
}

const char *mlr_shown_bare(char *buf, size_t bufsz, const char *v)
{
	return shown(buf, bufsz, v, v ? strlen(v) : 0, "");
}
