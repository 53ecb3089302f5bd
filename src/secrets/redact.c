#include <stdio.h>

#include "mlready.h"

/* At most 4 leading bytes and never more than a quarter of the secret, so a short
 * password is not half disclosed; never any of the tail, which would let two redacted
 * forms be combined. Bytes outside printable ASCII show as '?'. */
void mlr_redact(char *out, size_t outsz, const char *secret, size_t len)
{
	char prefix[5];
	size_t n = len / 4;

	if (!out || outsz == 0)
		return;
	if (n > 4)
		n = 4;
	if (!secret)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)secret[i];
		prefix[i] = (c > 0x20 && c < 0x7f) ? (char)c : '?';
	}
	prefix[n] = '\0';
	int w = snprintf(out, outsz, "%s****(%zu chars)", prefix, len);
	/* too small a buffer for the length: never leave a partial prefix alone */
	if (w < 0 || (size_t)w >= outsz)
		snprintf(out, outsz, "****");
}
