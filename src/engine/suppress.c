/* Inline suppressions. A comment on the finding's line or the line above silences it. */
#include "engine/engine.h"

#include <string.h>
#include <strings.h>

/* Walks the data line by line. Findings of one file arrive mostly in line order, so the
 * cursor moves forward and the filter stays linear; going back restarts from the top. */
typedef struct {
	const char *data;
	size_t len;
	uint32_t line; /* the line that starts at pos */
	size_t pos;
} line_cursor;

/* Start and end of the 1-based line `line`, or false past the end. */
static bool line_span(line_cursor *c, uint32_t line, size_t *start, size_t *end)
{
	if (!c->data)
		return false;
	if (line < c->line) {
		c->line = 1;
		c->pos = 0;
	}
	while (c->line < line) {
		const char *nl = memchr(c->data + c->pos, '\n', c->len - c->pos);
		if (!nl)
			return false;
		c->pos = (size_t)(nl - c->data) + 1;
		c->line++;
	}
	const char *nl = memchr(c->data + c->pos, '\n', c->len - c->pos);
	*start = c->pos;
	*end = nl ? (size_t)(nl - c->data) : c->len;
	return true;
}

static const char *find_in(const char *s, size_t n, const char *needle)
{
	size_t nl = strlen(needle);
	for (size_t i = 0; i + nl <= n; i++)
		if (!strncasecmp(s + i, needle, nl))
			return s + i;
	return NULL;
}

/* `mlready: ignore` alone silences every rule; `mlready: ignore[MLR201, MLR301]` the
 * listed ones (ids or names). A reason may follow after `--`. */
static bool mlready_marker(const char *s, size_t n, const mlr_rule *rule)
{
	const char *m = find_in(s, n, "mlready: ignore");
	if (!m)
		return false;
	const char *p = m + strlen("mlready: ignore");
	const char *end = s + n;
	if (p < end && *p != '[' && *p != ' ' && *p != '\t' && *p != '-' && *p != '\r')
		return false; /* `mlready: ignored...` is prose, not a marker */
	if (p >= end || *p != '[')
		return true;
	p++;
	while (p < end && *p != ']') {
		while (p < end && (*p == ' ' || *p == ','))
			p++;
		const char *w = p;
		while (p < end && *p != ',' && *p != ']' && *p != ' ')
			p++;
		size_t wl = (size_t)(p - w);
		if (wl && ((wl == strlen(rule->id) && !strncasecmp(w, rule->id, wl)) ||
		           (wl == strlen(rule->name) && !strncmp(w, rule->name, wl))))
			return true;
	}
	return false;
}

static bool foreign_marker(const char *s, size_t n, const mlr_rule *rule)
{
	if (strcmp(rule->id, "MLR201"))
		return false;
	return find_in(s, n, "gitleaks:allow") || find_in(s, n, "pragma: allowlist secret") ||
	       find_in(s, n, "noqa: S105") || find_in(s, n, "noqa: S106") || find_in(s, n, "noqa: S107");
}

static bool suppressed(const mlr_finding *f, line_cursor *c)
{
	/* the line above first, so the cursor only moves forward */
	for (uint32_t l = f->line > 1 ? f->line - 1 : f->line;; l++) {
		size_t s, e;
		if (line_span(c, l, &s, &e) &&
		    (mlready_marker(c->data + s, e - s, f->rule) || foreign_marker(c->data + s, e - s, f->rule)))
			return true;
		if (l == f->line) /* not `l <= line`: line may be UINT32_MAX */
			return false;
	}
}

void mlr_suppress_filter(mlr_finding_array *out, size_t from, const char *data, size_t len)
{
	line_cursor c = { data, len, 1, 0 };
	size_t w = from;
	for (size_t r = from; r < out->len; r++) {
		mlr_finding *f = &out->items[r];
		if (f->line && f->cell == 0 && suppressed(f, &c)) {
			mlr_finding_dispose(f);
			continue;
		}
		out->items[w++] = *f;
	}
	out->len = w;
}
