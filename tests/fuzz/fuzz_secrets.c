/* The secret scanner on arbitrary bytes, with and without the generic rule, and the
 * helpers rules call on literals: hits must be in range, in order, not overlapping, at
 * the right line and column, and their redacted form must never hold the secret. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "secrets/lockfiles.h"
#include "secrets/secrets.h"

static mlr_secret_scanner *scanner;

static void check_hits(const mlr_secret_hits *hits, const uint8_t *data, size_t size)
{
	size_t end = 0;
	for (size_t i = 0; i < hits->len; i++) {
		const mlr_secret_hit *h = &hits->items[i];
		FZ_ASSERT(h->format && h->format->id, "hit without a format");
		FZ_ASSERT(h->length > 0 && h->offset <= size && h->length <= size - h->offset,
			"hit %zu+%zu out of %zu bytes", h->offset, h->length, size);
		FZ_ASSERT(i == 0 || h->offset >= end, "hits overlap or are out of order at %zu", h->offset);
		end = h->offset + h->length;

		uint32_t line = 1;
		size_t start = 0;
		for (size_t k = 0; k < h->offset; k++)
			if (data[k] == '\n') {
				line++;
				start = k + 1;
			}
		FZ_ASSERT(h->line == line && h->column == h->offset - start + 1,
			"hit at %zu reported at %u:%u, is at %u:%zu", h->offset, h->line, h->column, line,
			h->offset - start + 1);

		size_t rl = strnlen(h->redacted, sizeof(h->redacted));
		FZ_ASSERT(rl < sizeof(h->redacted), "redacted form not terminated");
		/* mlr_redact's form: a prefix of at most a quarter of the value (four bytes at most),
		 * then the mask and the length; the prefix is all that is disclosed */
		char tail[32];
		int tl = snprintf(tail, sizeof(tail), "****(%zu chars)", h->length);
		FZ_ASSERT(tl > 0 && (size_t)tl <= rl && !strcmp(h->redacted + rl - (size_t)tl, tail),
			"redacted form %s does not end in the mask and the length", h->redacted);
		size_t shown = rl - (size_t)tl;
		FZ_ASSERT(shown <= 4 && shown <= h->length / 4, "redacted form %s discloses %zu of %zu bytes", h->redacted,
			shown, h->length);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!scanner && mlr_secret_scanner_new(&scanner) < 0)
		fz_fail("scanner: %s", mlr_error_last());
	const char *s = (const char *)data;
	for (int generic = 1; generic >= 0; generic--) {
		mlr_secret_hits hits = { 0 };
		mlr_secret_scanner_set_generic(scanner, generic);
		int rc = mlr_secret_scan(&hits, scanner, s, size);
		FZ_ASSERT(rc == 0, "scan failed: %s", mlr_error_last());
		check_hits(&hits, data, size);
		mlr_array_delete(&hits);
	}
	mlr_secret_scanner_set_generic(scanner, true);

	bool plausible = false;
	size_t vlen = size > 512 ? 512 : size;
	const mlr_secret_format *fmt = mlr_secret_classify_value(scanner, s, vlen, &plausible);
	FZ_ASSERT(!fmt || fmt->id, "classified format without an id");
	(void)mlr_secret_name_is_sensitive(s, size > 128 ? 128 : size);
	(void)mlr_secret_scanner_name_is_sensitive(scanner, s, size > 128 ? 128 : size);
	(void)mlr_secret_data_is_minified(s, size);

	char red[40];
	for (size_t outsz = 0; outsz <= sizeof(red); outsz += 7) {
		memset(red, 'X', sizeof(red));
		mlr_redact(red, outsz, s, size);
		if (outsz)
			FZ_ASSERT(memchr(red, '\0', outsz), "mlr_redact left no terminator in %zu bytes", outsz);
	}
	return 0;
}
