/* Path patterns (see glob.h). */
#include "filter/glob.h"

#include <string.h>

#define MAX_SEGMENTS 512

typedef struct {
	const char *s;
	size_t n;
} span;

/* One character class at p (just after '['); sets *end past its ']'. False when the class
 * is not closed. */
static bool class_match(const char *p, const char *pe, char c, const char **end, bool *matched)
{
	bool negate = p < pe && (*p == '!' || *p == '^');
	if (negate)
		p++;
	bool hit = false;
	const char *first = p;
	while (p < pe && (*p != ']' || p == first)) {
		char lo = *p, hi = *p;
		if (lo == '\\' && p + 1 < pe)
			lo = hi = *++p;
		if (p + 2 < pe && p[1] == '-' && p[2] != ']') {
			hi = p[2];
			if (hi == '\\' && p + 3 < pe) {
				hi = p[3];
				p++;
			}
			p += 2;
		}
		if ((unsigned char)c >= (unsigned char)lo && (unsigned char)c <= (unsigned char)hi)
			hit = true;
		p++;
	}
	if (p >= pe)
		return false;
	*end = p + 1;
	*matched = hit != negate;
	return true;
}

/* Does the single-character pattern at *p match c? Advances *p past it. */
static bool char_match(const char **p, const char *pe, char c)
{
	const char *q = *p;
	if (*q == '?') {
		*p = q + 1;
		return true;
	}
	if (*q == '[') {
		const char *end;
		bool matched;
		if (class_match(q + 1, pe, c, &end, &matched)) {
			*p = end;
			return matched;
		}
		/* unclosed: a literal '[' (mlr_glob_invalid rejects it at load) */
	}
	if (*q == '\\' && q + 1 < pe)
		q++;
	*p = q + 1;
	return *q == c;
}

/* One segment against one path component: `*` backtracks only to its last occurrence. */
static bool segment_match(span pat, span name)
{
	const char *p = pat.s, *pe = pat.s + pat.n, *s = name.s, *se = name.s + name.n;
	const char *star_p = NULL, *star_s = NULL;
	while (s < se) {
		if (p < pe && *p == '*') {
			while (p < pe && *p == '*')
				p++;
			star_p = p;
			star_s = s;
			continue;
		}
		const char *q = p;
		if (p < pe && char_match(&q, pe, *s)) {
			p = q;
			s++;
			continue;
		}
		if (!star_p)
			return false;
		p = star_p;
		s = ++star_s;
	}
	while (p < pe && *p == '*')
		p++;
	return p == pe;
}

static bool is_globstar(span s)
{
	return s.n == 2 && s.s[0] == '*' && s.s[1] == '*';
}

/* Segments against components; `**` is to components what `*` is to characters. */
static bool segments_match(const span *pat, size_t np, const span *comp, size_t nc)
{
	size_t i = 0, j = 0, star_i = 0, star_j = 0;
	bool star = false;
	while (j < nc) {
		if (i < np && is_globstar(pat[i])) {
			star = true;
			star_i = ++i;
			star_j = j;
			continue;
		}
		if (i < np && segment_match(pat[i], comp[j])) {
			i++;
			j++;
			continue;
		}
		if (!star)
			return false;
		i = star_i;
		j = ++star_j;
	}
	while (i < np && is_globstar(pat[i]))
		i++;
	return i == np;
}

/* Splits s[0..n) at '/' (empty parts included); false past max parts. */
static bool split(const char *s, size_t n, span *out, size_t max, size_t *count)
{
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '/')
			continue;
		if (k >= max)
			return false;
		out[k++] = (span){ s + start, i - start };
		start = i + 1;
	}
	*count = k;
	return true;
}

const char *mlr_glob_invalid(const char *pattern)
{
	size_t n = pattern ? strlen(pattern) : 0;
	if (n == 0)
		return "an empty pattern";
	if (n > MLR_GLOB_MAX)
		return "a pattern longer than 1024 characters";
	const char *p = pattern, *pe = pattern + n;
	if (*p == '/')
		p++;
	if (pe > p && pe[-1] == '/')
		pe--;
	if (p >= pe)
		return "a pattern that names no path";
	span segs[MAX_SEGMENTS];
	size_t count;
	if (!split(p, (size_t)(pe - p), segs, MAX_SEGMENTS, &count))
		return "a pattern with too many segments";
	for (size_t i = 0; i < count; i++) {
		span s = segs[i];
		if (s.n == 0)
			return "an empty path segment ('//')";
		if ((s.n == 1 && s.s[0] == '.') || (s.n == 2 && s.s[0] == '.' && s.s[1] == '.'))
			return "a '.' or '..' segment (patterns are relative to the repository root)";
		for (size_t k = 0; k < s.n; k++) {
			if (s.s[k] == '\\' && k + 1 == s.n)
				return "a trailing backslash";
			if (s.s[k] == '\\') {
				k++;
				continue;
			}
			if (s.s[k] == '[') {
				const char *end;
				bool matched;
				if (!class_match(s.s + k + 1, s.s + s.n, 'a', &end, &matched))
					return "an unclosed '['";
				k = (size_t)(end - s.s) - 1;
			}
		}
	}
	return NULL;
}

bool mlr_glob_match(const char *pattern, const char *path)
{
	if (!pattern || !path || mlr_glob_invalid(pattern))
		return false;
	size_t n = strlen(pattern);
	const char *p = pattern, *pe = pattern + n;
	bool dir_only = pe[-1] == '/';
	if (dir_only)
		pe--;
	bool anchored = *p == '/' || memchr(p, '/', (size_t)(pe - p)) != NULL;
	if (*p == '/')
		p++;

	span pat[MAX_SEGMENTS + 3], comp[MAX_SEGMENTS];
	size_t np, nc;
	/* an unanchored pattern starts with a globstar segment: a name at any depth */
	size_t off = anchored ? 0 : 1;
	if (!anchored)
		pat[0] = (span){ "**", 2 };
	if (!split(p, (size_t)(pe - p), pat + off, MAX_SEGMENTS, &np) ||
	    !split(path, strlen(path), comp, MAX_SEGMENTS, &nc))
		return false;
	np += off;
	/* The path itself or anything under a matching directory: one more globstar segment
	 * at the end; a directory-only pattern needs at least one component after it. */
	if (dir_only)
		pat[np++] = (span){ "*", 1 };
	pat[np++] = (span){ "**", 2 };
	return segments_match(pat, np, comp, nc);
}
