#include "report/report.h"

#include "core/error.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *name;
	mlr_format format;
	int (*write)(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts);
} report_formats[] = {
	{ "text", MLR_FORMAT_TEXT, mlr_report_text },
	{ "json", MLR_FORMAT_JSON, mlr_report_json },
	{ "sarif", MLR_FORMAT_SARIF, mlr_report_sarif },
	{ "markdown", MLR_FORMAT_MARKDOWN, mlr_report_markdown },
	{ "github", MLR_FORMAT_GITHUB, mlr_report_github },
	{ "junit", MLR_FORMAT_JUNIT, mlr_report_junit },
	{ "html", MLR_FORMAT_HTML, mlr_report_html },
	{ "badge", MLR_FORMAT_BADGE, mlr_report_badge },
};

#define FORMAT_COUNT (sizeof(report_formats) / sizeof(report_formats[0]))

int mlr_format_parse(mlr_format *out, const char *name)
{
	if (!out || !name)
		return mlr_error_set(MLR_EUSAGE, "no output format given");
	for (size_t i = 0; i < FORMAT_COUNT; i++) {
		if (strcasecmp(name, report_formats[i].name) == 0) {
			*out = report_formats[i].format;
			return 0;
		}
	}
	/* "md" is what people type for Markdown. */
	if (strcasecmp(name, "md") == 0) {
		*out = MLR_FORMAT_MARKDOWN;
		return 0;
	}
	return mlr_error_set(MLR_EUSAGE,
		"unknown format '%.64s' (expected text, json, sarif, markdown, github, junit, html or badge)", name);
}

const char *mlr_format_name(mlr_format format)
{
	for (size_t i = 0; i < FORMAT_COUNT; i++)
		if (report_formats[i].format == format)
			return report_formats[i].name;
	return "unknown";
}

int mlr_report_write(FILE *f, mlr_format format, const mlr_result *result, const mlr_report_options *opts)
{
	static const mlr_report_options defaults = { false, false };
	mlr_buf out = MLR_BUF_INIT;
	int error = 0;
	size_t i;

	if (!f || !result) {
		error = mlr_error_set(MLR_EUSAGE, "no report to write");
		goto cleanup;
	}
	if (!opts)
		opts = &defaults;
	for (i = 0; i < FORMAT_COUNT && report_formats[i].format != format; i++)
		;
	if (i == FORMAT_COUNT) {
		error = mlr_error_set(MLR_EUSAGE, "unknown report format %d", (int)format);
		goto cleanup;
	}
	if ((error = report_formats[i].write(&out, result, opts)) < 0)
		goto cleanup;
	if (out.oom) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory while writing the report");
		goto cleanup;
	}
	if ((out.len && fwrite(out.ptr, 1, out.len, f) != out.len) || fflush(f) != 0 || ferror(f)) {
		/* Contract of mlr_report_write: an output failure is an I/O error. */
		error = mlr_error_set(MLR_EIO, "cannot write the report");
		goto cleanup;
	}

cleanup:
	mlr_buf_dispose(&out);
	return error;
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF), with its code point in *cp; 0 when s[0] starts none. The
 * string is NUL-terminated and NUL is never a continuation byte, so no read passes it. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		if ((s[1] & 0xC0) != 0x80)
			return 0;
		*cp = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = 0x80, hi = 0xBF;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
		if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80)
			return 0;
		*cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = 0x80, hi = 0xBF;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
		if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		*cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
			((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		return 4;
	}
	return 0;
}

#define REPLACEMENT_CHAR "\xEF\xBF\xBD"

static bool is_unsafe_for_display(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
		(cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
		cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

static void put_escaped(mlr_buf *out, uint32_t cp)
{
	switch (cp) {
	case '\n':
		mlr_buf_puts(out, "\\n");
		break;
	case '\r':
		mlr_buf_puts(out, "\\r");
		break;
	case '\t':
		mlr_buf_puts(out, "\\t");
		break;
	default:
		if (cp < 0x80)
			mlr_buf_printf(out, "\\x%02x", (unsigned)cp);
		else
			mlr_buf_printf(out, "\\u%04x", (unsigned)cp);
		break;
	}
}

static void put_clean(mlr_buf *out, const char *s, bool display)
{
	const unsigned char *p = (const unsigned char *)s;
	if (!s)
		return;
	while (*p) {
		/* Copy runs of plain ASCII in one go: most text is nothing else. */
		const unsigned char *run = p;
		while (*p >= 0x20 && *p < 0x7F)
			p++;
		if (p > run)
			mlr_buf_put(out, (const char *)run, (size_t)(p - run));
		if (!*p)
			break;
		uint32_t cp = 0;
		size_t n = utf8_decode(p, &cp);
		if (n == 0) {
			mlr_buf_puts(out, REPLACEMENT_CHAR);
			p++;
			continue;
		}
		if (display && is_unsafe_for_display(cp))
			put_escaped(out, cp);
		else
			mlr_buf_put(out, (const char *)p, n);
		p += n;
	}
}

void mlr_report_put_utf8(mlr_buf *out, const char *s)
{
	put_clean(out, s, false);
}

void mlr_report_put_display(mlr_buf *out, const char *s)
{
	put_clean(out, s, true);
}

static const mlr_category_info *category_info(mlr_category cat)
{
	if ((int)cat < MLR_CAT_FIRST || (int)cat > MLR_CAT_LAST)
		return NULL;
	return mlr_category_get(cat);
}

const char *mlr_report_category_key(mlr_category cat)
{
	const mlr_category_info *info = category_info(cat);
	return info && info->key ? info->key : "unknown";
}

const char *mlr_report_category_name(mlr_category cat)
{
	const mlr_category_info *info = category_info(cat);
	return info && info->name ? info->name : "Other";
}

const char *mlr_report_category_responsibility(mlr_category cat)
{
	const mlr_category_info *info = category_info(cat);
	return info && info->responsibility ? info->responsibility : "";
}
