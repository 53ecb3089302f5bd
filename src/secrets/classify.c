/*
 * Is a literal bound to a sensitive name credential-shaped? The rules, in order:
 *
 *  1. 8..1024 bytes, printable ASCII, no whitespace: shorter values are flags and
 *     modes, longer ones are blobs, and secrets do not contain spaces (phrases do).
 *  2. Not a placeholder (your-api-key, <token>, xxxx, changeme, ***, sk-..., "test")
 *     and not templated (${VAR}, {{ var }}, %(x)s, os.environ[...], getenv(...)).
 *  3. Not a path, URL, code path (A::B) or file name: those are where a secret lives, not the secret
 *     (a URL with a password is the URL detector's business).
 *  4. Not prose: letters only, lowercase, or CamelCase words (MyPassword) read as
 *     words; digits only read as numbers, ports and ids; CONSTANT_NAMES (an environment
 *     variable's or a setting's name: D2_LOG_BUFFER_SIZE, HF_TOKEN_V2) are names.
 *  5. Enough surprise: Shannon entropy of at least ~0.8 log2(len) (capped at 3.0
 *     bits), and at least two character classes; hex and UUID shapes pass only
 *     from 16 chars. Names that say hash/uuid/id are rejected before this point by
 *     mlr_secret_name_is_sensitive.
 */
#include <ctype.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "secrets/entropy.h"
#include "secrets/names.h"
#include "secrets/placeholder.h"
#include "secrets/scanner.h"

static bool has_ext(const char *v, size_t len)
{
	static const char *const exts[] = { ".json", ".yaml", ".yml", ".txt", ".pem", ".key",
		".crt", ".cer", ".p12", ".pfx", ".env", ".ini", ".cfg", ".conf", ".toml", ".py",
		".sh", ".pkl", ".pt", ".bin", ".csv", ".gpg", ".jks", ".der", ".pub", NULL };
	for (size_t i = 0; exts[i]; i++) {
		size_t n = strlen(exts[i]);
		if (len > n && strncasecmp(v + len - n, exts[i], n) == 0)
			return true;
	}
	return false;
}

/* Letters (and - _ .) that read as identifiers or words: HTTPPasswordMgr, SendGrid,
 * Proxy-Authorization, MySecretPass. Every capital either starts a lowercase run of two
 * or more (a word) or belongs to a run of capitals (an acronym); a random mixed-case
 * string has capitals followed by one lowercase letter, or alone, far more often than
 * words. */
static bool wordish(const char *v, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c == '-' || c == '_' || c == '.')
			continue;
		if (!isalpha(c))
			return false;
	}
	size_t words = 0, odd = 0;
	for (size_t i = 0; i < len; i++) {
		if (!isupper((unsigned char)v[i]))
			continue;
		size_t caps = 0, low = 0, j = i;
		while (j < len && isupper((unsigned char)v[j]))
			caps++, j++;
		while (j < len && islower((unsigned char)v[j]))
			low++, j++;
		/* "ABCdef": an acronym, then the word "Cdef"; "My" in MySecret is a short word */
		if ((caps == 1 && low < 2) || (caps > 1 && low == 1))
			odd++;
		else
			words++;
		i = j - 1;
	}
	return odd * 2 <= words || (words == 0 && odd == 0);
}

/* Capitals joined by underscores, each part a word with at most a two-digit suffix:
 * D2_LOG_BUFFER_SIZE names where a key is kept, it is not one. */
static bool constant_name(const char *v, size_t len)
{
	size_t parts = 0;
	for (size_t i = 0; i < len;) {
		size_t j = i, digits = 0;
		if (!isupper((unsigned char)v[i]))
			return false;
		while (j < len && isupper((unsigned char)v[j]))
			j++;
		while (j < len && isdigit((unsigned char)v[j]))
			j++, digits++;
		if (digits > 2 || (j < len && v[j] != '_'))
			return false;
		parts++;
		i = j + 1;
		if (j + 1 == len)
			return false; /* a trailing underscore */
	}
	return parts >= 2;
}

bool mlr_secret__plausible(const char *v, size_t len)
{
	size_t letters = 0, lower = 0, digits = 0, hex = 0;

	if (len < 8 || len > 1024)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c <= 0x20 || c >= 0x7f)
			return false;
		letters += isalpha(c) != 0;
		lower += islower(c) != 0;
		digits += isdigit(c) != 0;
		hex += isxdigit(c) != 0;
	}
	if (mlr_secret__is_placeholder(v, len) || mlr_secret__is_templated(v, len))
		return false;
	/* Perl/C++/Rust paths (Foo::Bar) are code, not values */
	if (memmem(v, len, "::", 2) || memmem(v, len, "://", 3) || v[0] == '/' || v[0] == '~' ||
	    v[0] == '.' ||
	    (len > 2 && v[1] == ':' && (v[2] == '\\' || v[2] == '/')) || has_ext(v, len))
		return false;
	if (digits == len || mlr_secret__looks_typed(v, len))
		return false;
	if ((letters == len && lower == len) || wordish(v, len) || constant_name(v, len))
		return false;
	/* lowercase words joined by separators: bert-base-uncased, my_app.v2 */
	unsigned classes = mlr_secret__classes(v, len);
	if (classes == (1u | 8u) || (lower + digits < len && classes == (1u | 4u | 8u) &&
	    mlr_secret__entropy(v, len) < 3.5 && digits <= 2))
		return false;
	double h = mlr_secret__entropy(v, len);
	double need = fmin(3.0, 0.8 * log2((double)len));
	if (h < need)
		return false;
	if (hex == len && len < 16)
		return false;
	return __builtin_popcount(classes) >= 2;
}

static bool all_of(const char *v, size_t len, const char *set)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr(set, v[i]) || v[i] == '\0')
			return false;
	return true;
}

#define HEX_LOWER "0123456789abcdef"
#define HEX_ANY "0123456789abcdefABCDEF"
#define ALNUM "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define B64 ALNUM "+/"

const mlr_secret_format *mlr_secret__bound_format(const char *name, size_t name_len,
	const char *v, size_t len)
{
	mlr_name_words w;

	if (!mlr_secret__name_split(&w, name, name_len))
		return NULL;
	if (mlr_secret__name_has(&w, "wandb")) {
		/* cloud keys are 40 hex; self-hosted servers prefix "local-" */
		const char *k = v;
		size_t n = len;
		if (n > 6 && memcmp(k, "local-", 6) == 0) {
			k += 6;
			n -= 6;
		}
		if (n == 40 && all_of(k, n, HEX_LOWER) && mlr_secret__looks_random(k, n))
			return &mlr_fmt_wandb;
	}
	if (mlr_secret__name_has(&w, "aws") || (mlr_secret__name_has(&w, "secret") &&
	    mlr_secret__name_has(&w, "access"))) {
		if (len == 40 && all_of(v, len, B64) && mlr_secret__looks_random(v, len) &&
		    mlr_secret__classes(v, len) != 1u)
			return &mlr_fmt_aws_secret;
	}
	if (mlr_secret__name_has(&w, "kaggle") && len == 32 && all_of(v, len, HEX_LOWER) &&
	    mlr_secret__looks_random(v, len))
		return &mlr_fmt_kaggle;
	if ((mlr_secret__name_has(&w, "cohere") || (mlr_secret__name_has(&w, "co") &&
	     mlr_secret__name_has(&w, "api") && mlr_secret__name_has(&w, "key"))) &&
	    len == 40 && all_of(v, len, ALNUM) && mlr_secret__looks_random(v, len))
		return &mlr_fmt_cohere;
	if (mlr_secret__name_has(&w, "comet") && len >= 20 && len <= 64 && all_of(v, len, ALNUM) &&
	    mlr_secret__looks_random(v, len))
		return &mlr_fmt_comet;
	if (mlr_secret__name_has(&w, "twilio") && len == 32 && all_of(v, len, HEX_ANY) &&
	    mlr_secret__looks_random(v, len))
		return &mlr_fmt_twilio_token;
	return NULL;
}

/* Identifier paths ("unet.down_blocks.0.lora_A.weight", "model.encoder.key") are names of
 * things, not credentials. A segment of a key such as SendGrid's SG.<random>.<random> has
 * many capitals; a segment of an identifier path has at most a couple. */
static bool dotted_identifier(const char *v, size_t len)
{
	size_t dots = 0, seg = 0, caps = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c == '.') {
			if (seg == 0)
				return false;
			dots++;
			seg = caps = 0;
		} else if (isalnum(c) || c == '_') {
			seg++;
			if (isupper(c) && ++caps > 2)
				return false;
		} else {
			return false;
		}
	}
	return dots >= 1 && seg > 0;
}

bool mlr_secret_value_fits_name(const char *name, size_t nlen, const char *v, size_t len)
{
	(void)name;
	(void)nlen;
	return !dotted_identifier(v, len);
}
