/*
 * PEM and OpenSSH private keys. A BEGIN line alone is not a key: documentation and
 * parsers mention the markers all the time, so a body of real base64 must follow.
 */
#include <string.h>

#include "secrets/scanner.h"

#define PEM_MAX_LABEL 48
#define PEM_MAX_BODY (64u * 1024u)
#define PEM_MIN_BODY 64 /* base64 chars: even a 256-bit EC key has far more */

static bool b64_byte(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '+' || c == '/' || c == '=';
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

int mlr_secret__detect_pem(mlr_scan *scan, size_t pos, size_t *end)
{
	const char *d = scan->data;
	size_t len = scan->len, i = pos + 10, label, label_len, body_b64 = 0, stop;
	const mlr_secret_format *format = &mlr_fmt_private_key;

	if (i >= len || d[i] != ' ')
		return 0;
	label = ++i;
	while (i < len && i - label <= PEM_MAX_LABEL &&
	       ((d[i] >= 'A' && d[i] <= 'Z') || (d[i] >= '0' && d[i] <= '9') || d[i] == ' '))
		i++;
	label_len = i - label;
	if (len - i < 5 || memcmp(d + i, "-----", 5) != 0)
		return 0;
	if (!ends_with(d + label, label_len, "PRIVATE KEY") &&
	    !ends_with(d + label, label_len, "PRIVATE KEY BLOCK"))
		return 0;
	i += 5;

	stop = len - i > PEM_MAX_BODY ? i + PEM_MAX_BODY : len;
	while (i < stop) {
		unsigned char c = (unsigned char)d[i];
		if (b64_byte(c)) {
			body_b64++;
		} else if (c == '\\' && i + 1 < stop && (d[i + 1] == 'n' || d[i + 1] == 'r')) {
			i++; /* an escaped newline inside a JSON or code string */
		} else if (c == '-' && stop - i >= 5 && memcmp(d + i, "-----", 5) == 0) {
			break;
		} else if (!(c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' ||
			     c == '\'' || c == ':' || c == ',' || c == '-')) {
			break; /* encrypted-key headers (Proc-Type: 4,ENCRYPTED) pass; prose does not */
		}
		i++;
	}
	if (body_b64 < PEM_MIN_BODY)
		return 0;
	if (stop - i >= 8 && memcmp(d + i, "-----END", 8) == 0) {
		const char *close = memmem(d + i + 8, stop - i - 8 < 64 ? stop - i - 8 : 64, "-----", 5);
		i = close ? (size_t)(close - d) + 5 : i + 8;
	}
	if (memmem(d + label, label_len, "OPENSSH", 7))
		format = &mlr_fmt_openssh_key;
	else if (memmem(d + label, label_len, "PGP", 3))
		format = &mlr_fmt_pgp_key;
	else {
		size_t from = pos > 8192 ? pos - 8192 : 0;
		if (memmem(d + from, pos - from, "service_account", 15))
			format = &mlr_fmt_gcp_service_account;
	}
	*end = i;
	return mlr_secret__add(scan, pos, i - pos, format);
}
