/*
 * Inline suppressions. A marker on the finding's line or the line above silences it:
 * `mlready: ignore[MLR201]` in any comment syntax (`# ...` in Python, YAML, shell, TOML;
 * `<!-- ... -->` in Markdown; `// ...` elsewhere), since the marker is found by its text.
 *
 * Each unit of text (a file, a notebook's code cells, one of its markdown cells) is
 * scanned for markers once; findings consult them, and each marker remembers which of its
 * rules it silenced. A marker, or a rule in its list, that silenced nothing is reported as
 * MLR803 unused-suppression — except where the marker is plainly being quoted (in a
 * Python string, a Markdown code block, after a quote or backtick) rather than used, and
 * for rules that could not have fired there (turned off by the config, or not run).
 */
#include "engine/analyze.h"

#include <string.h>
#include <strings.h>

#include "core/hash.h"
#include "filter/config.h"

#define MARKER "mlready: ignore"
#define MARKER_LEN (sizeof(MARKER) - 1)
#define MAX_ENTRIES 8
/* Markers remembered per unit; lines past them are checked from their text, without
 * telling used from unused, so a file made of markers costs bounded memory. */
#define MAX_MARKERS 65536

typedef struct {
	uint16_t off, len; /* of the word, from the marker's start */
	bool used;
} entry;

typedef struct {
	uint32_t line, column; /* 1-based, in the unit */
	size_t offset;         /* of the marker's text in the unit */
	size_t line_end;
	bool all;              /* no list: every rule */
	bool closed;           /* the list ends with ']' */
	bool used;
	bool reportable;       /* used as a comment, not quoted */
	uint8_t count;
	entry entries[MAX_ENTRIES];
} marker;

typedef mlr_array(marker) marker_array;

static bool starts_ci(const char *s, size_t n, const char *lit, size_t ln)
{
	return n >= ln && !strncasecmp(s, lit, ln);
}

static const char *find_in(const char *s, size_t n, const char *needle)
{
	size_t nl = strlen(needle);
	for (size_t i = 0; i + nl <= n; i++)
		if ((s[i] | 0x20) == (needle[0] | 0x20) && !strncasecmp(s + i, needle, nl))
			return s + i;
	return NULL;
}

/* Parses the marker at m (which starts with MARKER) on a line ending at end. False when
 * the text goes on like prose (`mlready: ignored...`). */
static bool parse_marker(marker *mk, const char *m, const char *end)
{
	const char *p = m + MARKER_LEN;
	if (p < end && *p != '[' && *p != ' ' && *p != '\t' && *p != '-' && *p != '\r')
		return false;
	mk->all = p >= end || *p != '[';
	if (mk->all)
		return true;
	p++;
	while (p < end && *p != ']') {
		while (p < end && (*p == ' ' || *p == ','))
			p++;
		const char *w = p;
		while (p < end && *p != ',' && *p != ']' && *p != ' ')
			p++;
		if (p > w && mk->count < MAX_ENTRIES && p - m < 65535)
			mk->entries[mk->count++] = (entry){ (uint16_t)(w - m), (uint16_t)(p - w), false };
	}
	mk->closed = p < end && *p == ']';
	return true;
}

static bool in_code_fence_toggle(const char *line, size_t n)
{
	size_t i = 0;
	while (i < n && i < 3 && line[i] == ' ')
		i++;
	return starts_ci(line + i, n - i, "```", 3) || starts_ci(line + i, n - i, "~~~", 3);
}

static bool is_markdown(const char *path)
{
	size_t n = path ? strlen(path) : 0;
	return (n >= 3 && !strcasecmp(path + n - 3, ".md")) || (n >= 9 && !strcasecmp(path + n - 9, ".markdown"));
}

/* Is the marker used as a comment rather than quoted? */
static bool reportable(const mlr_suppress_unit *u, const char *data, size_t line_start, size_t off, bool fenced)
{
	if (fenced)
		return false;
	/* `# mlready: ignore` written inside quotes or backticks is being shown, not used */
	size_t i = off;
	while (i > line_start && (data[i - 1] == ' ' || data[i - 1] == '#' || data[i - 1] == '/' ||
				  data[i - 1] == '-' || data[i - 1] == '!' || data[i - 1] == '<'))
		i--;
	if (i > line_start && (data[i - 1] == '`' || data[i - 1] == '"' || data[i - 1] == '\''))
		return false;
	if (u && u->py) {
		TSNode n = ts_node_descendant_for_byte_range(u->py->root, (uint32_t)off, (uint32_t)off);
		if (!ts_node_is_null(n) && strcmp(ts_node_type(n), "comment"))
			return false; /* inside a string, not a comment */
		return true;
	}
	/* without a syntax tree: after an odd number of double quotes, inside a string literal */
	size_t quotes = 0;
	for (size_t k = line_start; k < off; k++)
		quotes += data[k] == '"' && (k == line_start || data[k - 1] != '\\');
	return quotes % 2 == 0;
}

/* Returns the last line whose markers are all in out (UINT32_MAX: every line). */
static uint32_t scan_markers(marker_array *out, const char *data, size_t len, const mlr_suppress_unit *u)
{
	bool md = u && !u->py && (u->markdown || is_markdown(u->path)), fenced = false;
	uint32_t line = 1;
	for (size_t pos = 0; pos < len; line++) {
		if (out->len >= MAX_MARKERS)
			return line - 1;
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) : len;
		if (md && in_code_fence_toggle(data + pos, end - pos))
			fenced = !fenced;
		const char *s = data + pos;
		while (s < data + end) {
			const char *m = find_in(s, (size_t)(data + end - s), MARKER);
			if (!m)
				break;
			marker mk = { 0 };
			if (parse_marker(&mk, m, data + end)) {
				mk.line = line;
				mk.offset = (size_t)(m - data);
				mk.column = (uint32_t)(mk.offset - pos + 1);
				mk.line_end = end;
				mk.reportable = reportable(u, data, pos, mk.offset, fenced);
				if (mlr_array_push(out, mk) < 0) {
					/* forget this line's markers: it is checked from its text */
					while (out->len && out->items[out->len - 1].line == line)
						out->len--;
					return line - 1;
				}
			}
			s = m + MARKER_LEN;
		}
		if (!nl)
			break;
		pos = end + 1;
	}
	return UINT32_MAX;
}


static bool entry_is(const char *data, const marker *mk, const entry *e, const mlr_rule *rule)
{
	const char *w = data + mk->offset + e->off;
	size_t wl = e->len;
	return (wl == strlen(rule->id) && !strncasecmp(w, rule->id, wl)) ||
	       (wl == strlen(rule->name) && !strncmp(w, rule->name, wl));
}

/* Marks what in mk silences rule; false when nothing does. */
static bool marker_silences(const char *data, marker *mk, const mlr_rule *rule)
{
	if (mk->all) {
		mk->used = true;
		return true;
	}
	bool hit = false;
	for (uint8_t i = 0; i < mk->count; i++)
		if (entry_is(data, mk, &mk->entries[i], rule)) {
			mk->entries[i].used = true;
			hit = true;
		}
	return hit;
}

/* Past the remembered markers: does the text of line [s, e) silence rule? */
static bool line_text_silences(const char *s, size_t n, const mlr_rule *rule)
{
	for (const char *p = s, *end = s + n; p < end;) {
		const char *m = find_in(p, (size_t)(end - p), MARKER);
		if (!m)
			return false;
		marker mk = { 0 };
		mk.offset = 0;
		if (parse_marker(&mk, m, end) && marker_silences(m, &mk, rule))
			return true;
		p = m + MARKER_LEN;
	}
	return false;
}

/* The markers other tools use for secrets, honoured for MLR201 on the same two lines. */
static bool foreign_marker(const char *s, size_t n, const mlr_rule *rule)
{
	if (strcmp(rule->id, "MLR201"))
		return false;
	return find_in(s, n, "gitleaks:allow") || find_in(s, n, "pragma: allowlist secret") ||
	       find_in(s, n, "noqa: S105") || find_in(s, n, "noqa: S106") || find_in(s, n, "noqa: S107");
}

/* Walks the data line by line. Findings of one file arrive mostly in line order, so the
 * cursor moves forward and the filter stays linear; going back restarts from the top. */
typedef struct {
	const char *data;
	size_t len;
	uint32_t line; /* the line that starts at pos */
	size_t pos;
} line_cursor;

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

/* In a notebook's code, the line above belongs to the same cell, or it does not count. */
static bool same_cell(const mlr_suppress_unit *u, uint32_t a, uint32_t b)
{
	if (!u || !u->nb || a == b)
		return true;
	mlr_nb_line la, lb;
	return mlr_notebook_locate(u->nb, a, &la) && mlr_notebook_locate(u->nb, b, &lb) && la.cell == lb.cell;
}

static bool suppressed(const mlr_finding *f, marker_array *markers, uint32_t scanned, line_cursor *c,
	const mlr_suppress_unit *u)
{
	uint32_t above = f->line > 1 ? f->line - 1 : f->line;
	bool hit = false;
	/* markers are in line order: find the first on the line above */
	size_t lo = 0, hi = markers->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (markers->items[mid].line < above)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < markers->len && markers->items[i].line <= f->line; i++) {
		marker *mk = &markers->items[i];
		if (same_cell(u, mk->line, f->line) && marker_silences(c->data, mk, f->rule))
			hit = true; /* go on: every marker that names the rule counts as used */
	}
	if (hit)
		return true;
	for (uint32_t l = above;; l++) {
		size_t s, e;
		if (same_cell(u, l, f->line) && line_span(c, l, &s, &e) &&
		    (foreign_marker(c->data + s, e - s, f->rule) ||
		     (l > scanned && line_text_silences(c->data + s, e - s, f->rule))))
			return true;
		if (l == f->line) /* not `l <= line`: line may be UINT32_MAX */
			return false;
	}
}

/* Could this rule have fired in this unit? If not, a marker naming it is not "unused". */
static bool rule_could_fire(const mlr_suppress_unit *u, const mlr_rule *rule)
{
	if (!mlr_config_rule_enabled_at(u->config, rule, u->path))
		return false;
	if (rule->scope == MLR_SCOPE_PYTHON && u->python_failed)
		return false;
	return true;
}

/* An id (MLR201, ORG12) or a name (hardcoded-secret): what a typo of a selector looks
 * like, and what is safe to quote back. */
static bool looks_like_selector(const char *w, size_t n)
{
	size_t i = 0, letters = 0;
	while (i < n && ((w[i] >= 'A' && w[i] <= 'Z') || (w[i] >= 'a' && w[i] <= 'z')))
		i++, letters++;
	if (letters >= 2 && letters <= 5 && i < n && n - i <= 4) {
		while (i < n && w[i] >= '0' && w[i] <= '9')
			i++;
		if (i == n)
			return true;
	}
	if (n == 0 || n > 48)
		return false;
	for (i = 0; i < n; i++)
		if (!((w[i] >= 'a' && w[i] <= 'z') || w[i] == '-'))
			return false;
	return true;
}

static void report_unused(mlr_finding_array *out, const char *data, const marker *mk, const mlr_suppress_unit *u)
{
	const mlr_rule *self = u->unused_rule;
	mlr_buf known = MLR_BUF_INIT, unknown = MLR_BUF_INIT, hint = MLR_BUF_INIT;
	size_t nknown = 0, nunknown = 0;
	if (!mk->reportable || (mk->all && mk->used) || (!mk->all && !mk->closed))
		return;
	for (uint8_t i = 0; i < mk->count; i++)
		if (entry_is(data, mk, &mk->entries[i], self))
			return; /* the marker silences this very rule */
	for (uint8_t i = 0; i < mk->count; i++) {
		const entry *e = &mk->entries[i];
		if (e->used)
			continue;
		char word[80];
		size_t wl = e->len < sizeof(word) - 1 ? e->len : sizeof(word) - 1;
		memcpy(word, data + mk->offset + e->off, wl);
		word[wl] = '\0';
		const mlr_rule *rule = mlr_config_rule_find(u->config, word);
		if (!rule) {
			/* the marker is the repository's text: a word that is not shaped like a rule
			 * id or name may be anything, a credential pasted by mistake included */
			char shown[40];
			if (!looks_like_selector(word, wl))
				mlr_redact(shown, sizeof(shown), word, wl);
			mlr_buf_printf(&unknown, "%s%s", nunknown++ ? ", " : "",
				looks_like_selector(word, wl) ? word : shown);
			continue;
		}
		if (!rule_could_fire(u, rule))
			continue;
		mlr_buf_printf(&known, "%s%s", nknown++ ? ", " : "", word);
		if (rule->scope == MLR_SCOPE_REPO && !hint.len)
			mlr_buf_printf(&hint, "; %s reports whole files: ignore it for a path with per-path-ignores in "
				".mlready.yml", rule->id);
	}
	mlr_buf msg = MLR_BUF_INIT;
	if (mk->all) {
		mlr_buf_puts(&msg, "unused suppression: `mlready: ignore` silences nothing on this line or the next");
	} else if (nknown || nunknown) {
		mlr_buf_puts(&msg, "unused suppression: ");
		if (nknown)
			mlr_buf_printf(&msg, "%s %s nothing on this line or the next%s", mlr_buf_cstr(&known),
				nknown == 1 ? "silences" : "silence", nunknown ? "; " : "");
		if (nunknown)
			mlr_buf_printf(&msg, "%s %s", mlr_buf_cstr(&unknown), nunknown == 1 ? "is not a rule" : "are not rules");
		mlr_buf_puts(&msg, mlr_buf_cstr(&hint));
	}
	if (msg.len) {
		uint64_t h = mlr_hash_bytes(MLR_HASH_SEED, data + mk->offset, mk->line_end - mk->offset);
		mlr_emit(out, self, u->path, mk->line, mk->column, h, false, "%s", mlr_buf_cstr(&msg));
	}
	mlr_buf_dispose(&msg);
	mlr_buf_dispose(&known);
	mlr_buf_dispose(&unknown);
	mlr_buf_dispose(&hint);
}

void mlr_suppress_apply(mlr_finding_array *out, size_t from, const char *data, size_t len,
	const mlr_suppress_unit *u)
{
	marker_array markers = { 0 };
	line_cursor c = { data, len, 1, 0 };
	uint32_t scanned = data ? scan_markers(&markers, data, len, u) : UINT32_MAX;
	size_t w = from;
	for (size_t r = from; r < out->len; r++) {
		mlr_finding *f = &out->items[r];
		if (f->line && f->cell == 0 && suppressed(f, &markers, scanned, &c, u)) {
			mlr_finding_dispose(f);
			continue;
		}
		out->items[w++] = *f;
	}
	out->len = w;
	if (u && u->unused_rule && u->path)
		for (size_t i = 0; i < markers.len; i++)
			report_unused(out, data, &markers.items[i], u);
	mlr_array_delete(&markers);
}

void mlr_suppress_filter(mlr_finding_array *out, size_t from, const char *data, size_t len)
{
	mlr_suppress_apply(out, from, data, len, NULL);
}
