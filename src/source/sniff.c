#include "source/source.h"

#define SNIFF_WINDOW 8192

/*
 * The heuristic git and grep use, plus a control-byte ratio for binaries that happen to
 * have no NUL in their head. Bytes >= 0x80 count as text so UTF-8 (and Latin-1) prose
 * passes. A UTF-16 BOM counts as binary until the analyzers learn to transcode.
 */
bool mlr_bytes_look_binary(const char *data, size_t len)
{
	if (!data || len == 0)
		return false;
	const unsigned char *p = (const unsigned char *)data;
	size_t n = len < SNIFF_WINDOW ? len : SNIFF_WINDOW;
	if (n >= 2 && ((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff)))
		return true;
	size_t control = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c == 0)
			return true;
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' &&
			    c != 0x1b) || c == 0x7f)
			control++;
	}
	return control * 10 > n * 3;
}
