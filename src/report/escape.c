/*
 * Escaping for the markup formats (JUnit XML, HTML, SVG) and the UTF-16 columns SARIF
 * asks for. Untrusted text goes through mlr_report_put_display first, so nothing that
 * XML 1.0 forbids (C0 controls) and nothing that reorders text reaches the output.
 */
#include "report/report.h"

void mlr_report_put_xml(mlr_buf *out, const char *s)
{
	mlr_buf clean = MLR_BUF_INIT;
	if (!s)
		return;
	mlr_report_put_display(&clean, s);
	if (clean.oom) {
		out->oom = true;
		mlr_buf_dispose(&clean);
		return;
	}
	const char *p = mlr_buf_cstr(&clean), *run = p;
	for (; *p; p++) {
		const char *rep = NULL;
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		mlr_buf_put(out, run, (size_t)(p - run));
		mlr_buf_puts(out, rep);
		run = p + 1;
	}
	mlr_buf_put(out, run, (size_t)(p - run));
	mlr_buf_dispose(&clean);
}

/* Length of the UTF-8 sequence starting with byte c, 0 for a byte no sequence starts
 * with. Only the lead byte is checked: a malformed tail is counted like the U+FFFD that
 * replaces it in every report. */
static size_t utf8_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

uint32_t mlr_report_utf16_column(const char *line, size_t line_len, uint32_t byte_column)
{
	if (!line || byte_column == 0)
		return byte_column;
	size_t end = (size_t)byte_column - 1, i = 0;
	uint32_t units = 0;
	if (end > line_len)
		end = line_len;
	while (i < end) {
		size_t n = utf8_len((unsigned char)line[i]);
		bool ok = n > 0 && i + n <= line_len;
		for (size_t k = 1; ok && k < n; k++)
			ok = ((unsigned char)line[i + k] & 0xC0) == 0x80;
		if (!ok)
			n = 1;
		/* Four-byte sequences are outside the BMP: a surrogate pair in UTF-16. */
		units += (ok && n == 4) ? 2 : 1;
		i += n;
	}
	/* Past the end of the line (a column at the newline): count the rest as bytes. */
	if (byte_column - 1 > end)
		units += (uint32_t)(byte_column - 1 - end);
	return units + 1;
}
