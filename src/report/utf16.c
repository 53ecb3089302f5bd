/*
 * UTF-16 columns, the unit SARIF (and so GitHub code scanning) counts columns in. The
 * engine knows byte columns; these turn them into UTF-16 code units from the line's text.
 */
#include "report/utf16.h"

#include <stdbool.h>
#include <stdlib.h>

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

uint32_t mlr_utf16_column(const char *line, size_t line_len, uint32_t byte_column)
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

void mlr_utf16_fill_columns(mlr_finding *findings, size_t count, const char *data, size_t len)
{
	uint32_t max_line = 0;
	size_t *starts = NULL, lines = 0;

	if (!findings || !data)
		return;
	for (size_t i = 0; i < count; i++)
		if (!findings[i].cell && findings[i].line > max_line)
			max_line = findings[i].line;
	if (max_line == 0)
		return;
	/* Offsets of the lines that findings are on, found in one pass. */
	starts = malloc((size_t)max_line * sizeof(*starts));
	if (!starts)
		return; /* the byte columns stay: right on ASCII lines */
	starts[lines++] = 0;
	for (size_t off = 0; off < len && lines < max_line; off++)
		if (data[off] == '\n')
			starts[lines++] = off + 1;
	for (size_t i = 0; i < count; i++) {
		mlr_finding *f = &findings[i];
		if (f->cell || f->line == 0 || f->line > lines || f->column == 0)
			continue;
		size_t start = starts[f->line - 1], end = start;
		while (end < len && data[end] != '\n')
			end++;
		f->column_utf16 = mlr_utf16_column(data + start, end - start, f->column);
	}
	free(starts);
}
