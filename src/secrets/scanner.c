#include "secrets/scanner.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "secrets/entropy.h"

/* Patterns are bounded, so these only guard against a pattern written badly later. */
#define MATCH_LIMIT 200000
#define DEPTH_LIMIT 10000
/* No token is longer than this; bounding the subject bounds every lookahead. */
#define WINDOW (16u * 1024u)

static void pair_set(mlr_secret_scanner *s, unsigned char a, unsigned char b)
{
	unsigned k = ((unsigned)a << 8) | b;
	s->pairs[k >> 3] |= (unsigned char)(1u << (k & 7));
}

void mlr_secret_scanner_delete(mlr_secret_scanner *s)
{
	if (!s)
		return;
	if (s->codes)
		for (size_t i = 0; i < s->det_count; i++)
			pcre2_code_free(s->codes[i]);
	free(s->codes);
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mctx);
	for (size_t i = 0; i < 256; i++)
		mlr_array_delete(&s->by_byte[i]);
	free(s);
}

int mlr_secret_scanner_new(mlr_secret_scanner **out)
{
	mlr_secret_scanner *s = NULL;
	int error = MLR_OK;

	if (!out)
		return mlr_error_set(MLR_EUSAGE, "secret scanner: no output");
	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return mlr_error_set(MLR_ENOMEM, "secret scanner: out of memory");
	s->generic = true;
	s->dets = mlr_secret__detectors(&s->det_count);
	s->codes = calloc(s->det_count, sizeof(*s->codes));
	s->md = pcre2_match_data_create(4, NULL);
	s->mctx = pcre2_match_context_create(NULL);
	if (!s->codes || !s->md || !s->mctx) {
		error = mlr_error_set(MLR_ENOMEM, "secret scanner: out of memory");
		goto cleanup;
	}
	pcre2_set_match_limit(s->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(s->mctx, DEPTH_LIMIT);

	for (size_t i = 0; i < s->det_count; i++) {
		const mlr_secret_detector *d = &s->dets[i];
		const unsigned char *a = (const unsigned char *)d->anchor;

		if (d->pattern) {
			int code;
			PCRE2_SIZE at;
			s->codes[i] = pcre2_compile((PCRE2_SPTR)d->pattern, PCRE2_ZERO_TERMINATED,
				PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, &code, &at, NULL);
			if (!s->codes[i]) {
				PCRE2_UCHAR msg[128];
				pcre2_get_error_message(code, msg, sizeof(msg));
				error = mlr_error_set(MLR_ERULE, "secret format %s: pattern error at %zu: %s",
					d->format->id, (size_t)at, (const char *)msg);
				goto cleanup;
			}
			/* Without JIT the interpreter still matches correctly, only slower. */
			(void)pcre2_jit_compile(s->codes[i], PCRE2_JIT_COMPLETE);
		}
		if (mlr_array_push(&s->by_byte[a[0]], (unsigned short)i) < 0) {
			error = mlr_error_set(MLR_ENOMEM, "secret scanner: out of memory");
			goto cleanup;
		}
		if (a[1])
			pair_set(s, a[0], a[1]);
		else
			for (unsigned b = 0; b < 256; b++)
				pair_set(s, a[0], (unsigned char)b);
	}
	*out = s;
	s = NULL;

cleanup:
	mlr_secret_scanner_delete(s);
	return error;
}

void mlr_secret_scanner_set_names(mlr_secret_scanner *s, mlr_secret_name_fn fn, const void *payload)
{
	if (!s)
		return;
	s->extra_names = fn;
	s->extra_payload = payload;
}

bool mlr_secret_scanner_name_is_sensitive(const mlr_secret_scanner *s, const char *name, size_t len)
{
	return mlr_secret_name_is_sensitive(name, len) ||
	       (s && s->extra_names && s->extra_names(s->extra_payload, name, len));
}

void mlr_secret_scanner_set_generic(mlr_secret_scanner *s, bool enabled)
{
	if (s)
		s->generic = enabled;
}

int mlr_secret__add(mlr_scan *scan, size_t offset, size_t length, const mlr_secret_format *format)
{
	mlr_raw_hit h = { offset, length, format };
	if (mlr_array_push(&scan->hits, h) < 0)
		return mlr_error_set(MLR_ENOMEM, "secret scanner: out of memory");
	return 1;
}

static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Runs one table detector at pos. Same contract as mlr_detect_fn. */
static int run_pattern(mlr_scan *scan, size_t idx, size_t pos, size_t *end)
{
	mlr_secret_scanner *s = scan->s;
	const mlr_secret_detector *d = &s->dets[idx];
	size_t limit = scan->len - pos > WINDOW ? pos + WINDOW : scan->len;
	PCRE2_SIZE *ov;
	size_t vo, vl;
	int rc;

	if ((d->flags & DET_LEFT) && pos > 0 && word_byte((unsigned char)scan->data[pos - 1]))
		return 0;
	rc = pcre2_match(s->codes[idx], (PCRE2_SPTR)scan->data, limit, pos, PCRE2_NO_UTF_CHECK,
		s->md, s->mctx);
	if (rc <= 0)
		return 0; /* no match, or a limit hit: either way not a token */
	ov = pcre2_get_ovector_pointer(s->md);
	if (rc >= 2 && ov[2] != PCRE2_UNSET) {
		vo = ov[2];
		vl = ov[3] - ov[2];
	} else {
		vo = ov[0];
		vl = ov[1] - ov[0];
	}
	if ((d->flags & DET_RANDOM) && vl > d->skip &&
	    !mlr_secret__looks_random(scan->data + vo + d->skip, vl - d->skip))
		return 0;
	if (d->verify && !d->verify(scan->data + vo, vl))
		return 0;
	*end = ov[1];
	return mlr_secret__add(scan, vo, vl, d->format);
}

static int cmp_raw(const void *a, const void *b)
{
	const mlr_raw_hit *x = a, *y = b;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	if (x->length != y->length)
		return x->length > y->length ? -1 : 1;
	return 0;
}

static bool better(const mlr_raw_hit *a, const mlr_raw_hit *b)
{
	bool ga = a->format == &mlr_fmt_generic, gb = b->format == &mlr_fmt_generic;
	if (ga != gb)
		return !ga;
	return a->length > b->length;
}

/* Sorts, keeps one hit per overlapping group (provider over generic, then the longer),
 * and emits them with line, column, redaction and hash. */
static int emit(mlr_secret_hits *out, mlr_scan *scan)
{
	mlr_raw_hit *h = scan->hits.items;
	size_t n = scan->hits.len, kept = 0;
	size_t line = 1, line_start = 0, at = 0;

	if (n == 0)
		return 0;
	qsort(h, n, sizeof(*h), cmp_raw);
	for (size_t i = 0; i < n; i++) {
		if (kept > 0 && h[i].offset < h[kept - 1].offset + h[kept - 1].length) {
			if (better(&h[i], &h[kept - 1]))
				h[kept - 1] = h[i];
			continue;
		}
		h[kept++] = h[i];
	}
	if (mlr_array_reserve(out, out->len + kept) < 0)
		return mlr_error_set(MLR_ENOMEM, "secret scanner: out of memory");
	for (size_t i = 0; i < kept; i++) {
		mlr_secret_hit hit;
		const char *v = scan->data + h[i].offset;

		while (at < h[i].offset) {
			const char *nl = memchr(scan->data + at, '\n', h[i].offset - at);
			if (!nl) {
				at = h[i].offset;
				break;
			}
			line++;
			at = (size_t)(nl - scan->data) + 1;
			line_start = at;
		}
		memset(&hit, 0, sizeof(hit));
		hit.offset = h[i].offset;
		hit.length = h[i].length;
		hit.line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
		hit.column = h[i].offset - line_start + 1 > UINT32_MAX ?
			UINT32_MAX : (uint32_t)(h[i].offset - line_start + 1);
		hit.format = h[i].format;
		mlr_redact(hit.redacted, sizeof(hit.redacted), v, h[i].length);
		hit.hash = mlr_hash_bytes(MLR_HASH_SEED, v, h[i].length);
		out->items[out->len++] = hit;
	}
	return 0;
}

static int scan_bytes(mlr_scan *scan, bool generic)
{
	mlr_secret_scanner *s = scan->s;
	const unsigned char *d = (const unsigned char *)scan->data;
	size_t len = scan->len;

	for (size_t i = 0; i + 1 < len; i++) {
		unsigned k = ((unsigned)d[i] << 8) | d[i + 1];
		if (!(s->pairs[k >> 3] & (1u << (k & 7))))
			continue;
		const mlr_det_list *cands = &s->by_byte[d[i]];
		for (size_t c = 0; c < cands->len; c++) {
			size_t idx = cands->items[c];
			const mlr_secret_detector *det = &s->dets[idx];
			size_t alen = strlen(det->anchor), end = 0;
			int rc;

			if (alen > len - i || memcmp(d + i, det->anchor, alen) != 0)
				continue;
			if (det->detect) {
				if (det->detect == mlr_secret__detect_assign && !generic)
					continue;
				rc = det->detect(scan, i, &end);
			} else {
				rc = run_pattern(scan, idx, i, &end);
			}
			if (rc < 0)
				return rc;
			if (rc > 0 && end > i + 1) {
				/* Resume after the token: nothing inside it is another secret. */
				i = end - 1;
				break;
			}
		}
	}
	return 0;
}

int mlr_secret_scan(mlr_secret_hits *out, mlr_secret_scanner *s, const char *data, size_t len)
{
	mlr_scan scan = { s, data, len, { NULL, 0, 0 } };
	int error;

	if (!out || !s || (!data && len))
		return mlr_error_set(MLR_EUSAGE, "secret scan: invalid arguments");
	error = scan_bytes(&scan, s->generic);
	if (error < 0)
		goto cleanup;
	error = emit(out, &scan);

cleanup:
	mlr_array_delete(&scan.hits);
	return error;
}

const mlr_secret_format *mlr_secret_classify_value(mlr_secret_scanner *s, const char *value,
	size_t len, bool *plausible)
{
	mlr_scan scan = { s, value, len, { NULL, 0, 0 } };
	const mlr_secret_format *found = NULL;

	if (plausible)
		*plausible = false;
	if (!s || !value)
		return NULL;
	if (scan_bytes(&scan, false) == 0 && scan.hits.len > 0)
		found = scan.hits.items[0].format;
	mlr_array_delete(&scan.hits);
	if (!found && plausible)
		*plausible = mlr_secret__plausible(value, len);
	return found;
}
