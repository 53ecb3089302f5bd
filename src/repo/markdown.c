#include "repo/markdown.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "mlready.h"

/* A 1 MiB document of empty lines is a million lines: more than any real document. */
#define MD_MAX_LINES 200000
#define MD_MAX_TITLE 200

static bool is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

static size_t indent(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

static bool only_char(const char *s, size_t n, char c, size_t min)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == c)
			count++;
		else if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	}
	return count >= min;
}

/* Lower case, markup dropped, whitespace collapsed, trimmed. */
static char *clean_title(const char *s, size_t n)
{
	mlr_buf b = MLR_BUF_INIT;
	bool in_tag = false, space = false;
	if (n > MD_MAX_TITLE)
		n = MD_MAX_TITLE;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '<') {
			in_tag = true;
			continue;
		}
		if (in_tag) {
			in_tag = c != '>';
			continue;
		}
		if (c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '#' || c == ':')
			c = ' ';
		/* a link target "(...)" after "]" is not title text */
		if (c == '(' && i > 0 && s[i - 1] == ']') {
			while (i < n && s[i] != ')')
				i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			mlr_buf_putc(&b, ' ');
		space = false;
		mlr_buf_putc(&b, (char)tolower(c));
	}
	char *t = mlr_buf_detach(&b);
	return t ? t : mlr_strdup("");
}

static int add_heading(mlr_md *md, uint32_t level, uint32_t line, const char *s, size_t n)
{
	mlr_md_heading h = { level, line, 0, clean_title(s, n) };
	if (!h.title || mlr_array_push(&md->headings, h) < 0) {
		free(h.title);
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	md->lines.items[line].flags |= MLR_MD_HEADING;
	return 0;
}

/* `# Title`, up to three spaces of indent, closing #s dropped. */
static bool atx(const char *s, size_t n, uint32_t *level, const char **title, size_t *tlen)
{
	size_t i = indent(s, n);
	if (i > 3)
		return false;
	size_t hashes = 0;
	while (i < n && s[i] == '#' && hashes < 7) {
		i++;
		hashes++;
	}
	if (hashes == 0 || hashes > 6 || (i < n && s[i] != ' ' && s[i] != '\t'))
		return false;
	while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '#'))
		n--;
	*level = (uint32_t)hashes;
	*title = s + i;
	*tlen = n - i;
	return true;
}

/* `<h2 ...>Title</h2>` on one line. */
static bool html_heading(const char *s, size_t n, uint32_t *level)
{
	size_t i = indent(s, n);
	if (n - i < 4 || s[i] != '<' || (s[i + 1] != 'h' && s[i + 1] != 'H') || s[i + 2] < '1' ||
	    s[i + 2] > '6' || (s[i + 3] != '>' && s[i + 3] != ' '))
		return false;
	*level = (uint32_t)(s[i + 2] - '0');
	return true;
}

static int classify(mlr_md *md, bool rst)
{
	const char *d = md->data;
	mlr_md_line *L = md->lines.items;
	size_t n = md->lines.len;
	size_t first = 0;
	char fence = 0;
	size_t fence_len = 0;
	bool comment = false;
	char rst_order[8] = { 0 };

	/* front matter: `---` on the first line, closed by `---` or `...` */
	if (n > 0 && L[0].len >= 3 && !memcmp(d + L[0].off, "---", 3) && is_blank(d + L[0].off + 3, L[0].len - 3)) {
		md->has_front_matter = true;
		L[0].flags |= MLR_MD_FRONT;
		size_t i;
		for (i = 1; i < n; i++) {
			L[i].flags |= MLR_MD_FRONT;
			const char *s = d + L[i].off;
			if (L[i].len >= 3 && (!memcmp(s, "---", 3) || !memcmp(s, "...", 3)) && is_blank(s + 3, L[i].len - 3)) {
				md->front_matter_closed = true;
				break;
			}
		}
		md->fm_off = n > 1 ? L[1].off : md->len;
		md->fm_len = (i < n ? L[i].off : md->len) - md->fm_off;
		md->fm_line = 2;
		first = i < n ? i + 1 : n;
	}

	for (size_t i = first; i < n; i++) {
		const char *s = d + L[i].off;
		size_t len = L[i].len;
		size_t in = indent(s, len);
		if (is_blank(s, len))
			L[i].flags |= MLR_MD_BLANK;
		if (fence) {
			size_t k = in, run = 0;
			while (k < len && s[k] == fence) {
				k++;
				run++;
			}
			if (in <= 3 && run >= fence_len && is_blank(s + k, len - k)) {
				L[i].flags |= MLR_MD_FENCE;
				fence = 0;
			} else {
				L[i].flags |= MLR_MD_CODE;
			}
			continue;
		}
		/* in reStructuredText "~~~~" under a title is an underline, not a fence */
		bool rst_underline = rst && i > first && s[in] == '~' && only_char(s, len, '~', 3) &&
			!(L[i - 1].flags & (MLR_MD_BLANK | MLR_MD_HEADING | MLR_MD_FENCE | MLR_MD_FRONT));
		if (!rst_underline && in <= 3 && len - in >= 3 && (s[in] == '`' || s[in] == '~') && s[in + 1] == s[in] &&
		    s[in + 2] == s[in]) {
			fence = s[in];
			fence_len = 0;
			while (in + fence_len < len && s[in + fence_len] == fence)
				fence_len++;
			L[i].flags |= MLR_MD_FENCE;
			continue;
		}
		if (comment) {
			L[i].flags |= MLR_MD_COMMENT;
			if (memmem(s, len, "-->", 3))
				comment = false;
			continue;
		}
		if (len - in >= 4 && !memcmp(s + in, "<!--", 4) && !memmem(s + in + 4, len - in - 4, "-->", 3)) {
			L[i].flags |= MLR_MD_COMMENT;
			comment = true;
			continue;
		}
		uint32_t level;
		const char *title;
		size_t tlen;
		if (atx(s, len, &level, &title, &tlen)) {
			if (add_heading(md, level, (uint32_t)i, title, tlen) < 0)
				return MLR_ENOMEM;
			continue;
		}
		if (html_heading(s, len, &level)) {
			if (add_heading(md, level, (uint32_t)i, s, len) < 0)
				return MLR_ENOMEM;
			continue;
		}
		/* a setext underline below a paragraph line */
		if (i > first && !(L[i - 1].flags & (MLR_MD_BLANK | MLR_MD_HEADING | MLR_MD_CODE | MLR_MD_FENCE |
			MLR_MD_COMMENT | MLR_MD_FRONT)) && in <= 3 && len > in) {
			char c = s[in];
			uint32_t lv = 0;
			if (c == '=' && only_char(s, len, '=', 1))
				lv = 1;
			else if (c == '-' && only_char(s, len, '-', 2) && !memchr(d + L[i - 1].off, '|', L[i - 1].len))
				lv = 2;
			else if (rst && strchr("~^*+#", c) && only_char(s, len, c, 3))
				lv = 3;
			if (lv && rst) {
				/* reStructuredText: levels follow the order underline characters appear */
				size_t k = 0;
				while (k < sizeof(rst_order) - 1 && rst_order[k] && rst_order[k] != c)
					k++;
				if (k < sizeof(rst_order) - 1 && !rst_order[k])
					rst_order[k] = c;
				lv = (uint32_t)(k < 6 ? k + 1 : 6);
			}
			if (lv) {
				const char *p = d + L[i - 1].off;
				if (add_heading(md, lv, (uint32_t)(i - 1), p, L[i - 1].len) < 0)
					return MLR_ENOMEM;
				L[i].flags |= MLR_MD_HEADING;
			}
		}
	}

	/* each section runs to the next heading of the same or a higher level */
	for (size_t h = 0; h < md->headings.len; h++) {
		mlr_md_heading *hd = &md->headings.items[h];
		hd->end = (uint32_t)n;
		for (size_t k = h + 1; k < md->headings.len; k++)
			if (md->headings.items[k].level <= hd->level) {
				hd->end = md->headings.items[k].line;
				break;
			}
	}
	return 0;
}

int mlr_md_parse(mlr_md *md, const char *data, size_t len, bool rst)
{
	memset(md, 0, sizeof(*md));
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
		data += 3;
		len -= 3;
	}
	md->data = data;
	md->len = len;
	size_t pos = 0;
	while (pos < len && md->lines.len < MD_MAX_LINES) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) : len;
		size_t l = end - pos;
		if (l && data[end - 1] == '\r')
			l--;
		mlr_md_line line = { pos, (uint32_t)(l > UINT32_MAX ? UINT32_MAX : l), 0 };
		if (mlr_array_push(&md->lines, line) < 0) {
			mlr_md_dispose(md);
			return mlr_error_set(MLR_ENOMEM, "out of memory");
		}
		pos = end + 1;
	}
	if (classify(md, rst) < 0) {
		mlr_md_dispose(md);
		return MLR_ENOMEM;
	}
	return 0;
}

void mlr_md_dispose(mlr_md *md)
{
	if (!md)
		return;
	for (size_t i = 0; i < md->headings.len; i++)
		free(md->headings.items[i].title);
	mlr_array_delete(&md->headings);
	mlr_array_delete(&md->lines);
}

bool mlr_md_title_has(const char *title, const char *needle)
{
	for (const char *p = title; (p = strstr(p, needle)); p++)
		if (p == title || !isalnum((unsigned char)p[-1]))
			return true;
	return false;
}

const mlr_md_heading *mlr_md_find_heading(const mlr_md *md, const char *const *needles)
{
	for (size_t h = 0; h < md->headings.len; h++)
		for (size_t i = 0; needles[i]; i++)
			if (mlr_md_title_has(md->headings.items[h].title, needles[i]))
				return &md->headings.items[h];
	return NULL;
}
