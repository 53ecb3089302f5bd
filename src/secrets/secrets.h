/*
 * The secret scanner behind MLR201 hardcoded-secret.
 *
 * One scanner per worker thread: it owns compiled PCRE2 patterns and match data, so it
 * must not be shared. Scanning is a single pass over the bytes with a two-byte literal
 * prefilter; regexes only run where an anchor literal was seen, and every quantifier is
 * bounded, so any input (binary, NUL bytes, invalid UTF-8, huge lines) scans in linear time.
 */
#ifndef MLR_SECRETS_SECRETS_H
#define MLR_SECRETS_SECRETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/array.h"

/* A kind of credential. Static data: never freed. */
typedef struct mlr_secret_format {
	const char *id;       /* "openai-api-key", "generic-secret", ... */
	const char *provider; /* "OpenAI", "Generic", ... */
	/* A live-format credential: its shape alone says it is a real provider credential
	 * (not a test-mode key, not a password whose worth cannot be judged). Caps the score. */
	bool live;
} mlr_secret_format;

typedef struct {
	size_t offset; /* of the secret value in the scanned bytes */
	size_t length;
	uint32_t line;   /* 1-based */
	uint32_t column; /* 1-based, in bytes */
	const mlr_secret_format *format;
	char redacted[40]; /* mlr_redact() of the value: safe to print */
	uint64_t hash;     /* FNV-1a of the value, for fingerprints */
} mlr_secret_hit;

typedef mlr_array(mlr_secret_hit) mlr_secret_hits;

typedef struct mlr_secret_scanner mlr_secret_scanner;

int mlr_secret_scanner_new(mlr_secret_scanner **out);
void mlr_secret_scanner_delete(mlr_secret_scanner *s);

/* The generic rule (a secret-like name bound to a credential-shaped literal) is on by
 * default; a caller that checks Python through its syntax tree may turn it off for .py
 * files and keep only the provider formats. */
void mlr_secret_scanner_set_generic(mlr_secret_scanner *s, bool enabled);

/* Extra secret names (a config's `secret-names`): a test the scanner consults after its
 * built-in vocabulary wherever it judges a name. payload must outlive the scanner. */
typedef bool (*mlr_secret_name_fn)(const void *payload, const char *name, size_t len);
void mlr_secret_scanner_set_names(mlr_secret_scanner *s, mlr_secret_name_fn fn, const void *payload);
/* mlr_secret_name_is_sensitive, or one of the scanner's extra names. */
bool mlr_secret_scanner_name_is_sensitive(const mlr_secret_scanner *s, const char *name, size_t len);

/* Scans len bytes of any text and appends one hit per secret to out, in offset order.
 * Returns 0, or MLR_ENOMEM / MLR_EUSAGE. */
int mlr_secret_scan(mlr_secret_hits *out, mlr_secret_scanner *s, const char *data, size_t len);

/* Whether an identifier names a credential: password, api_key, hfToken, AWS_SECRET_KEY...
 * but not sort_key, max_tokens, tokenizer, password_field, secret_name... */
bool mlr_secret_name_is_sensitive(const char *name, size_t len);

/* For a string literal found in code: the provider format of a credential inside it, or
 * NULL. When NULL, *plausible (if given) tells whether the literal is credential-shaped
 * enough to be a secret when bound to a sensitive name. */
const mlr_secret_format *mlr_secret_classify_value(mlr_secret_scanner *s, const char *value,
	size_t len, bool *plausible);

/* For a literal bound to a name in code: whether a credential-shaped value is still one
 * there — not an identifier path ("unet.lora_A.weight", a state-dict key bound to
 * LORA_KEY). Config text keeps such values: tokens of some providers have dots. */
bool mlr_secret_value_fits_name(const char *name, size_t nlen, const char *value, size_t len);

/* The format reported by the generic rule. */
const mlr_secret_format *mlr_secret_format_generic(void);

/* Every format the scanner can report, for documentation. */
const mlr_secret_format *const *mlr_secret_formats(size_t *count);

#endif
