#include "repo/version.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

bool mlr_version_parse(mlr_version *out, const char *s, size_t n)
{
	size_t i = 0;
	memset(out, 0, sizeof(*out));
	while (i < n && (s[i] == ' ' || s[i] == 'v' || s[i] == 'V'))
		i++;
	while (i < n && isdigit((unsigned char)s[i]) && out->count < MLR_VERSION_PARTS) {
		long v = 0;
		while (i < n && isdigit((unsigned char)s[i])) {
			if (v < 100000000)
				v = v * 10 + (s[i] - '0');
			i++;
		}
		out->part[out->count++] = v;
		if (i + 1 < n && s[i] == '.' && isdigit((unsigned char)s[i + 1]))
			i++;
		else
			break;
	}
	return out->count > 0;
}

int mlr_version_cmp(const mlr_version *a, const mlr_version *b)
{
	for (int i = 0; i < MLR_VERSION_PARTS; i++) {
		long x = i < a->count ? a->part[i] : 0, y = i < b->count ? b->part[i] : 0;
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

/* v starts with the first `count` parts of p (for ==1.2.* and conda's fuzzy =1.2). */
static bool prefix_match(const mlr_version *v, const mlr_version *p)
{
	for (int i = 0; i < p->count; i++)
		if ((i < v->count ? v->part[i] : 0) != p->part[i])
			return false;
	return true;
}

/* The smallest version above every version matching p's first `keep` parts. */
static mlr_version bump(const mlr_version *p, int keep)
{
	mlr_version u = { { 0 }, 0 };
	if (keep < 1)
		keep = 1;
	if (keep > p->count)
		keep = p->count;
	for (int i = 0; i < keep; i++)
		u.part[i] = p->part[i];
	u.part[keep - 1]++;
	u.count = keep;
	return u;
}

static mlr_spec_result clause(const char *s, size_t n, const mlr_version *v)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || (n == 1 && *s == '*'))
		return MLR_SPEC_YES;
	char op[4] = "";
	size_t k = 0;
	while (k < n && k < 3 && strchr("=!<>~^", s[k])) {
		op[k] = s[k];
		k++;
	}
	op[k] = '\0';
	bool wildcard = n > k && s[n - 1] == '*';
	mlr_version p;
	if (!mlr_version_parse(&p, s + k, n - k))
		return MLR_SPEC_UNKNOWN;
	int c = mlr_version_cmp(v, &p);
	if (!strcmp(op, "==") || !strcmp(op, "===") || !strcmp(op, "")) {
		/* a bare version is exact for pip and Poetry, a prefix for conda ("1.2" = 1.2.*) */
		if (wildcard || !strcmp(op, ""))
			return prefix_match(v, &p) ? MLR_SPEC_YES : MLR_SPEC_NO;
		return c == 0 ? MLR_SPEC_YES : MLR_SPEC_NO;
	}
	if (!strcmp(op, "="))
		return prefix_match(v, &p) ? MLR_SPEC_YES : MLR_SPEC_NO;
	if (!strcmp(op, "!="))
		return (wildcard ? prefix_match(v, &p) : c == 0) ? MLR_SPEC_NO : MLR_SPEC_YES;
	if (!strcmp(op, ">="))
		return c >= 0 ? MLR_SPEC_YES : MLR_SPEC_NO;
	if (!strcmp(op, ">"))
		return c > 0 ? MLR_SPEC_YES : MLR_SPEC_NO;
	if (!strcmp(op, "<="))
		return c <= 0 ? MLR_SPEC_YES : MLR_SPEC_NO;
	if (!strcmp(op, "<"))
		return c < 0 ? MLR_SPEC_YES : MLR_SPEC_NO;
	if (!strcmp(op, "~=")) {
		/* ~=1.4.5 means >=1.4.5, ==1.4.* */
		mlr_version up = bump(&p, p.count - 1);
		return c >= 0 && mlr_version_cmp(v, &up) < 0 ? MLR_SPEC_YES : MLR_SPEC_NO;
	}
	if (!strcmp(op, "^")) {
		/* Poetry: up to the next change of the first non-zero part */
		int keep = 1;
		while (keep < p.count && p.part[keep - 1] == 0)
			keep++;
		mlr_version up = bump(&p, keep);
		return c >= 0 && mlr_version_cmp(v, &up) < 0 ? MLR_SPEC_YES : MLR_SPEC_NO;
	}
	if (!strcmp(op, "~")) {
		/* Poetry: ~1.2.3 is >=1.2.3,<1.3; ~1 is >=1,<2 */
		mlr_version up = bump(&p, p.count > 1 ? 2 : 1);
		return c >= 0 && mlr_version_cmp(v, &up) < 0 ? MLR_SPEC_YES : MLR_SPEC_NO;
	}
	return MLR_SPEC_UNKNOWN;
}

mlr_spec_result mlr_spec_allows(const char *spec, const mlr_version *v)
{
	mlr_spec_result r = MLR_SPEC_YES;
	if (!spec)
		return MLR_SPEC_YES;
	/* Poetry's "||" alternatives: any one suffices */
	const char *alt = strstr(spec, "||");
	if (alt) {
		char *left = strndup(spec, (size_t)(alt - spec));
		if (!left)
			return MLR_SPEC_UNKNOWN;
		mlr_spec_result a = mlr_spec_allows(left, v), b = mlr_spec_allows(alt + 2, v);
		free(left);
		if (a == MLR_SPEC_YES || b == MLR_SPEC_YES)
			return MLR_SPEC_YES;
		return a == MLR_SPEC_UNKNOWN || b == MLR_SPEC_UNKNOWN ? MLR_SPEC_UNKNOWN : MLR_SPEC_NO;
	}
	for (const char *p = spec;;) {
		/* clauses are separated by commas (pip, Poetry) or spaces between operators (Poetry) */
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		mlr_spec_result c = clause(p, n, v);
		if (c == MLR_SPEC_NO)
			return MLR_SPEC_NO;
		if (c == MLR_SPEC_UNKNOWN)
			r = MLR_SPEC_UNKNOWN;
		if (!comma)
			break;
		p = comma + 1;
	}
	return r;
}

bool mlr_spec_exact(const char *spec, mlr_version *out)
{
	if (!spec || strchr(spec, ',') || strchr(spec, '*') || strstr(spec, "||"))
		return false;
	while (*spec == ' ')
		spec++;
	size_t skip = 0;
	if (!strncmp(spec, "===", 3))
		skip = 3;
	else if (!strncmp(spec, "==", 2))
		skip = 2;
	else if (spec[0] == '=' && spec[1] != '=')
		skip = 1;
	else if (!isdigit((unsigned char)spec[0]))
		return false;
	return mlr_version_parse(out, spec + skip, strlen(spec + skip));
}
