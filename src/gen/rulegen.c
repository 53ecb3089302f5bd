/*
 * rulegen: the build-time rule compiler.
 *
 *   rulegen --c OUT.c RULE.yml...     the rule table linked into libmlready
 *   rulegen --md OUT.md RULE.yml...   docs/rules.md
 *   rulegen --check RULE.yml...       validate only
 *
 * A rule file that fails to load is a build error: every problem is reported as
 * `FILE:LINE:COL: message` on stderr and the exit status is 2. Outputs are written to a
 * temporary file and renamed, so a failed run never leaves a half-written table behind,
 * and they depend only on the rule files (sorted by id), so they are byte-for-byte
 * reproducible.
 *
 * This tool is linked on its own (libyaml, libtree-sitter, the grammar), not against
 * libmlready, so it keeps its own small helpers.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>
#include <yaml.h>

#include "core/array.h"

const TSLanguage *tree_sitter_python(void);

#define EXIT_RULE 2
#define MAX_RULE_FILE (1024 * 1024)

/* Category keys by id digit; the order is the one of mlr_category. */
static const char *const category_keys[] = {
	NULL, "testing", "security", "reproducibility", "documentation",
	"data-quality", "monitoring", "cicd", "hygiene", "change",
};

static const char *const severity_names[] = { "note", "warning", "error" };
static const char *const severity_enums[] = { "MLR_SEV_NOTE", "MLR_SEV_WARNING", "MLR_SEV_ERROR" };
static const char *const scope_names[] = { "python", "text", "repo" };
static const char *const scope_enums[] = { "MLR_SCOPE_PYTHON", "MLR_SCOPE_TEXT", "MLR_SCOPE_REPO" };
static const char *const category_enums[] = {
	NULL, "MLR_CAT_TESTING", "MLR_CAT_SECURITY", "MLR_CAT_REPRODUCIBILITY",
	"MLR_CAT_DOCUMENTATION", "MLR_CAT_DATA_QUALITY", "MLR_CAT_MONITORING", "MLR_CAT_CICD",
	"MLR_CAT_HYGIENE", "MLR_CAT_CHANGE",
};

typedef mlr_array(char *) str_array;

typedef struct {
	const char *path; /* as given on the command line: errors name it */
	char *id, *name, *summary, *message, *fix, *check, *query;
	char *what, *why, *example, *instead;
	int category, severity, scope;
	double weight;
	bool has_weight, has_category, has_severity, has_scope;
	str_array invalid, valid;
	bool has_invalid, has_valid;
	yaml_mark_t id_mark, name_mark;
} rule;

typedef mlr_array(rule *) rule_array;

/* The file being loaded: what error locations and query offsets are computed against. */
typedef struct {
	const char *path;
	const unsigned char *text;
	size_t len;
	yaml_document_t *doc;
	/* read after the top level, once the scope is known: repo-scope examples have a shape */
	yaml_node_t *query_node, *docs_node, *examples_node;
} loader;

static int total_errors;

static void report(const char *path, yaml_mark_t mark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(const char *path, yaml_mark_t mark, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%zu:%zu: ", path, mark.line + 1, mark.column + 1);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	total_errors++;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("rulegen: out of memory\n", stderr);
		exit(EXIT_RULE);
	}
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void rule_free(rule *r)
{
	if (!r)
		return;
	char **fields[] = { &r->id, &r->name, &r->summary, &r->message, &r->fix, &r->check,
			    &r->query, &r->what, &r->why, &r->example, &r->instead };
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		free(*fields[i]);
	for (size_t i = 0; i < r->invalid.len; i++)
		free(r->invalid.items[i]);
	for (size_t i = 0; i < r->valid.len; i++)
		free(r->valid.items[i]);
	mlr_array_delete(&r->invalid);
	mlr_array_delete(&r->valid);
	free(r);
}

/* ------------------------------------------------------------------ small checks */

static bool is_lower(int c) { return c >= 'a' && c <= 'z'; }
static bool is_digit(int c) { return c >= '0' && c <= '9'; }

static bool id_valid(const char *s)
{
	return strlen(s) == 6 && !strncmp(s, "MLR", 3) && s[3] >= '1' && s[3] <= '9' &&
	       is_digit(s[4]) && is_digit(s[5]);
}

static bool name_valid(const char *s)
{
	if (!is_lower(s[0]) || strlen(s) > 64)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '-') {
			if (!(is_lower(p[1]) || is_digit(p[1])))
				return false;
		} else if (!is_lower(*p) && !is_digit(*p)) {
			return false;
		}
	}
	return true;
}

static bool c_ident_valid(const char *s)
{
	if (!(is_lower(s[0]) || s[0] == '_'))
		return false;
	for (const char *p = s; *p; p++)
		if (!is_lower(*p) && !is_digit(*p) && *p != '_')
			return false;
	return true;
}

static int lookup(const char *const *table, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (table[i] && !strcmp(table[i], s))
			return (int)i;
	return -1;
}

static bool is_blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* Trailing whitespace (a block scalar's final newline) is layout, not content. */
static void rstrip(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

/* ------------------------------------------------------------------ YAML access */

static yaml_node_t *node_at(loader *l, int index)
{
	return yaml_document_get_node(l->doc, index);
}

/* Returns a copy of a scalar's value, or NULL after reporting why it is not one. */
static char *scalar_dup(loader *l, yaml_node_t *node, const char *key)
{
	if (node->type != YAML_SCALAR_NODE) {
		report(l->path, node->start_mark, "'%s' must be a string", key);
		return NULL;
	}
	const char *v = (const char *)node->data.scalar.value;
	size_t n = node->data.scalar.length;
	if (memchr(v, '\0', n)) {
		report(l->path, node->start_mark, "'%s' contains a NUL byte", key);
		return NULL;
	}
	return xstrndup(v, n);
}

static char *text_field(loader *l, yaml_node_t *node, const char *key, bool one_line)
{
	char *s = scalar_dup(l, node, key);
	if (!s)
		return NULL;
	if (is_blank(s)) {
		report(l->path, node->start_mark, "'%s' is empty", key);
		free(s);
		return NULL;
	}
	if (one_line) {
		rstrip(s);
		if (strchr(s, '\n')) {
			report(l->path, node->start_mark, "'%s' must be one line", key);
			free(s);
			return NULL;
		}
	}
	return s;
}

/* Calls fn for each key/value pair of a mapping, rejecting non-scalar and repeated keys. */
typedef void (*pair_fn)(loader *l, rule *r, const char *key, yaml_node_t *knode, yaml_node_t *value);

static void walk_mapping(loader *l, rule *r, yaml_node_t *map, const char *what, pair_fn fn)
{
	if (map->type != YAML_MAPPING_NODE) {
		report(l->path, map->start_mark, "%s must be a mapping", what);
		return;
	}
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node_at(l, p->key);
		yaml_node_t *v = node_at(l, p->value);
		if (!k || !v)
			continue;
		if (k->type != YAML_SCALAR_NODE) {
			report(l->path, k->start_mark, "keys of %s must be strings", what);
			continue;
		}
		const char *key = (const char *)k->data.scalar.value;
		bool repeated = false;
		for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
			yaml_node_t *qk = node_at(l, q->key);
			if (qk && qk->type == YAML_SCALAR_NODE && !strcmp((const char *)qk->data.scalar.value, key))
				repeated = true;
		}
		if (repeated) {
			report(l->path, k->start_mark, "duplicate key '%s'", key);
			continue;
		}
		fn(l, r, key, k, v);
	}
}

/* ------------------------------------------------------------------ queries */

/*
 * Maps a byte offset in a scalar's value back to the file. A literal block scalar keeps
 * its lines, so value line k is file line header+1+k at the block's indentation: exact.
 * Other styles are exact on their first line and fall back to the scalar's start.
 */
static yaml_mark_t scalar_offset_mark(loader *l, yaml_node_t *node, size_t offset)
{
	yaml_mark_t m = node->start_mark;
	const char *v = (const char *)node->data.scalar.value;
	size_t line = 0, col = 0;
	for (size_t i = 0; i < offset && i < node->data.scalar.length; i++) {
		if (v[i] == '\n') {
			line++;
			col = 0;
		} else {
			col++;
		}
	}
	switch (node->data.scalar.style) {
	case YAML_LITERAL_SCALAR_STYLE: {
		size_t i = m.index;
		while (i < l->len && l->text[i] != '\n')
			i++;
		/* the block's indentation is the one of its first non-empty line */
		size_t indent = 0;
		for (size_t j = i + 1; j < l->len;) {
			size_t s = 0;
			while (j + s < l->len && l->text[j + s] == ' ')
				s++;
			if (j + s < l->len && l->text[j + s] != '\n' && l->text[j + s] != '\r') {
				indent = s;
				break;
			}
			while (j < l->len && l->text[j] != '\n')
				j++;
			j++;
		}
		m.line += 1 + line;
		m.column = indent + col;
		break;
	}
	case YAML_PLAIN_SCALAR_STYLE:
		if (line == 0)
			m.column += col;
		break;
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		if (line == 0)
			m.column += 1 + col;
		break;
	default:
		break;
	}
	return m;
}

static int token_len(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && n < 64 && (is_lower(s[n] | 0x20) || is_digit(s[n]) || s[n] == '_' || s[n] == '.' || s[n] == '-' || s[n] == '?' || s[n] == '!'))
		n++;
	return (int)n;
}

/*
 * The predicates the engine evaluates (src/python/query.c, docs/writing-rules.md). The tree-sitter C
 * library only parses them, so an unknown or misspelt predicate would otherwise be
 * silently ignored at run time and the rule would fire on everything.
 */
typedef struct {
	const char *name;
	int min_strings; /* literal arguments after the capture */
	int max_strings; /* -1: no limit */
	bool second_may_be_capture;
} predicate_spec;

static const predicate_spec predicates[] = {
	{ "eq?", 1, 1, true },
	{ "not-eq?", 1, 1, true },
	{ "match?", 1, 1, false },
	{ "not-match?", 1, 1, false },
	{ "any-of?", 1, -1, false },
	{ "not-any-of?", 1, -1, false },
	{ "resolves-to?", 1, -1, false },
	{ "not-resolves-to?", 1, -1, false },
	{ "has-kwarg?", 1, 2, false },
	{ "not-has-kwarg?", 1, 2, false },
};

static void predicate_error(loader *l, yaml_node_t *node, const char *src, uint32_t pattern_start,
			    const char *name, uint32_t name_len, const char *msg)
{
	size_t off = pattern_start;
	const char *hit = NULL;
	for (size_t i = pattern_start; src[i]; i++) {
		if (src[i] == '#' && !strncmp(src + i + 1, name, name_len)) {
			hit = src + i;
			break;
		}
	}
	if (hit)
		off = (size_t)(hit - src);
	report(l->path, scalar_offset_mark(l, node, off), "query: #%.*s %s", (int)name_len, name, msg);
}

static void check_predicates(loader *l, yaml_node_t *node, const char *src, TSQuery *q)
{
	uint32_t patterns = ts_query_pattern_count(q);
	for (uint32_t p = 0; p < patterns; p++) {
		uint32_t nsteps = 0;
		const TSQueryPredicateStep *steps = ts_query_predicates_for_pattern(q, p, &nsteps);
		uint32_t start = ts_query_start_byte_for_pattern(q, p);
		for (uint32_t i = 0; i < nsteps;) {
			uint32_t end = i;
			while (end < nsteps && steps[end].type != TSQueryPredicateStepTypeDone)
				end++;
			if (steps[i].type != TSQueryPredicateStepTypeString) {
				i = end + 1;
				continue;
			}
			uint32_t nlen = 0;
			const char *name = ts_query_string_value_for_id(q, steps[i].value_id, &nlen);
			const predicate_spec *spec = NULL;
			for (size_t k = 0; k < sizeof(predicates) / sizeof(predicates[0]); k++)
				if (strlen(predicates[k].name) == nlen && !memcmp(predicates[k].name, name, nlen))
					spec = &predicates[k];
			if (!spec) {
				predicate_error(l, node, src, start, name, nlen, "is not a predicate the engine evaluates");
			} else if (end - i < 2 || steps[i + 1].type != TSQueryPredicateStepTypeCapture) {
				predicate_error(l, node, src, start, name, nlen, "needs a capture as its first argument");
			} else {
				int nargs = (int)(end - i - 2);
				bool ok = nargs >= spec->min_strings && (spec->max_strings < 0 || nargs <= spec->max_strings);
				for (uint32_t a = i + 2; ok && a < end; a++)
					if (steps[a].type == TSQueryPredicateStepTypeCapture && !(spec->second_may_be_capture && a == i + 2))
						ok = false;
				if (!ok)
					predicate_error(l, node, src, start, name, nlen, "has the wrong arguments");
			}
			i = end + 1;
		}
	}
}

static void check_query(loader *l, yaml_node_t *node, const char *src)
{
	size_t len = strlen(src);
	if (len > UINT32_MAX) {
		report(l->path, node->start_mark, "query is too long");
		return;
	}
	uint32_t offset = 0;
	TSQueryError err = TSQueryErrorNone;
	TSQuery *q = ts_query_new(tree_sitter_python(), src, (uint32_t)len, &offset, &err);
	if (!q) {
		/* an error at the very end (an unclosed pattern) points after the last character */
		yaml_mark_t m = scalar_offset_mark(l, node, offset >= len && len ? len - 1 : offset);
		int n = offset < len ? token_len(src + offset, len - offset) : 0;
		const char *at = src + (offset < len ? offset : len);
		switch (err) {
		case TSQueryErrorNodeType:
			report(l->path, m, "query: unknown node type '%.*s' in tree-sitter-python", n, at);
			break;
		case TSQueryErrorField:
			report(l->path, m, "query: unknown field '%.*s' in tree-sitter-python", n, at);
			break;
		case TSQueryErrorCapture:
			report(l->path, m, "query: unknown capture '%.*s'", n, at);
			break;
		case TSQueryErrorStructure:
			report(l->path, m, "query: impossible pattern structure");
			break;
		default:
			report(l->path, m, "query: syntax error");
			break;
		}
		return;
	}
	bool has_finding = false;
	for (uint32_t i = 0; i < ts_query_capture_count(q); i++) {
		uint32_t n = 0;
		const char *name = ts_query_capture_name_for_id(q, i, &n);
		if (n == 7 && !memcmp(name, "finding", 7))
			has_finding = true;
	}
	if (!has_finding)
		report(l->path, node->start_mark, "query has no @finding capture (the node a finding points at)");
	check_predicates(l, node, src, q);
	ts_query_delete(q);
}

/* ------------------------------------------------------------------ schema */

/* A YAML alias can hand the same key a value twice: keep the last. */
static void set_field(char **field, char *value)
{
	free(*field);
	*field = value;
}

static void docs_pair(loader *l, rule *r, const char *key, yaml_node_t *k, yaml_node_t *v)
{
	static const char *const keys[] = { "what", "why", "example", "instead" };
	char **fields[] = { &r->what, &r->why, &r->example, &r->instead };
	int i = lookup(keys, 4, key);
	if (i < 0) {
		report(l->path, k->start_mark, "unknown key 'docs.%s' (expected what, why, example, instead)", key);
		return;
	}
	char *s = text_field(l, v, key, false);
	if (s) {
		rstrip(s);
		set_field(fields[i], s);
	}
}

static void examples_list(loader *l, rule *r, const char *key, yaml_node_t *v, str_array *out)
{
	if (v->type != YAML_SEQUENCE_NODE) {
		report(l->path, v->start_mark, "'examples.%s' must be a list of snippets", key);
		return;
	}
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		yaml_node_t *item = node_at(l, *it);
		if (!item)
			continue;
		char *s = scalar_dup(l, item, key);
		if (!s)
			continue;
		if (is_blank(s)) {
			report(l->path, item->start_mark, "an example in 'examples.%s' is empty", key);
			free(s);
			continue;
		}
		if (r->has_scope && r->scope == 2 && strncmp(s, "# file: ", 8)) {
			report(l->path, item->start_mark,
			       "a repo-scope example must start with a '# file: PATH' line");
			free(s);
			continue;
		}
		if (mlr_array_push(out, s) < 0) {
			fputs("rulegen: out of memory\n", stderr);
			exit(EXIT_RULE);
		}
	}
}

static void examples_pair(loader *l, rule *r, const char *key, yaml_node_t *k, yaml_node_t *v)
{
	if (!strcmp(key, "invalid")) {
		r->has_invalid = v->type == YAML_SEQUENCE_NODE;
		examples_list(l, r, key, v, &r->invalid);
	} else if (!strcmp(key, "valid")) {
		r->has_valid = v->type == YAML_SEQUENCE_NODE;
		examples_list(l, r, key, v, &r->valid);
	} else {
		report(l->path, k->start_mark, "unknown key 'examples.%s' (expected invalid, valid)", key);
	}
}

static void top_pair(loader *l, rule *r, const char *key, yaml_node_t *k, yaml_node_t *v)
{
	if (!strcmp(key, "docs")) {
		l->docs_node = v;
		return;
	}
	if (!strcmp(key, "examples")) {
		l->examples_node = v;
		return;
	}
	if (!strcmp(key, "weight")) {
		char *s = scalar_dup(l, v, key);
		if (!s)
			return;
		char *end = NULL;
		errno = 0;
		double w = strtod(s, &end);
		if (!*s || *end || errno || !isfinite(w) || w < 0 || w > 100 ||
		    v->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
			report(l->path, v->start_mark, "'weight' must be a number from 0 to 100");
		else {
			r->weight = w;
			r->has_weight = true;
		}
		free(s);
		return;
	}
	static const char *const one_line[] = { "id", "name", "category", "severity", "scope",
						"summary", "message", "fix", "check" };
	int i = lookup(one_line, sizeof(one_line) / sizeof(one_line[0]), key);
	if (i < 0 && strcmp(key, "query")) {
		report(l->path, k->start_mark,
		       "unknown key '%s' (expected id, name, category, severity, scope, weight, summary, "
		       "message, fix, check or query, docs, examples)", key);
		return;
	}
	char *s = text_field(l, v, key, i >= 0);
	if (!s)
		return;
	if (!strcmp(key, "query")) {
		l->query_node = v;
		set_field(&r->query, s);
	} else if (!strcmp(key, "id")) {
		if (!id_valid(s))
			report(l->path, v->start_mark, "'id' must be MLR and three digits, the first 1-9 (got '%s')", s);
		r->id_mark = v->start_mark;
		set_field(&r->id, s);
	} else if (!strcmp(key, "name")) {
		if (!name_valid(s))
			report(l->path, v->start_mark, "'name' must be kebab-case, like hardcoded-secret (got '%s')", s);
		r->name_mark = v->start_mark;
		set_field(&r->name, s);
	} else if (!strcmp(key, "category")) {
		int c = lookup(category_keys, 10, s);
		if (c < 0)
			report(l->path, v->start_mark, "unknown category '%s'", s);
		else if (r->id && id_valid(r->id) && r->id[3] - '0' != c)
			report(l->path, v->start_mark, "category '%s' does not match id %s (MLR%c.. is %s)", s,
			       r->id, r->id[3], category_keys[r->id[3] - '0']);
		else {
			r->category = c;
			r->has_category = true;
		}
		free(s);
	} else if (!strcmp(key, "severity")) {
		int c = lookup(severity_names, 3, s);
		if (c < 0)
			report(l->path, v->start_mark, "'severity' must be error, warning or note (got '%s')", s);
		r->severity = c;
		r->has_severity = c >= 0;
		free(s);
	} else if (!strcmp(key, "scope")) {
		int c = lookup(scope_names, 3, s);
		if (c < 0)
			report(l->path, v->start_mark, "'scope' must be python, text or repo (got '%s')", s);
		r->scope = c;
		r->has_scope = c >= 0;
		free(s);
	} else if (!strcmp(key, "check")) {
		if (!c_ident_valid(s))
			report(l->path, v->start_mark, "'check' must be a C identifier in lower case (got '%s')", s);
		set_field(&r->check, s);
	} else if (!strcmp(key, "summary")) {
		set_field(&r->summary, s);
	} else if (!strcmp(key, "message")) {
		set_field(&r->message, s);
	} else {
		set_field(&r->fix, s);
	}
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static bool mapping_has(loader *l, yaml_node_t *map, const char *key)
{
	if (map->type != YAML_MAPPING_NODE)
		return false;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node_at(l, p->key);
		if (k && k->type == YAML_SCALAR_NODE && !strcmp((const char *)k->data.scalar.value, key))
			return true;
	}
	return false;
}

/* Checks the loaded document against the schema. Absent keys are reported here; keys
 * present with a bad value were reported where they were read. */
static void rule_check(loader *l, rule *r, yaml_node_t *root)
{
	yaml_node_t *docs_node, *examples_node, *query_node;
	walk_mapping(l, r, root, "a rule file", top_pair);
	if (root->type != YAML_MAPPING_NODE)
		return;
	docs_node = l->docs_node;
	examples_node = l->examples_node;
	query_node = l->query_node;
	/* category was compared with the id when it came after it; this covers the other order */
	if (r->has_category && r->id && id_valid(r->id) && r->id[3] - '0' != r->category)
		report(l->path, r->id_mark, "id %s does not match category '%s'", r->id, category_keys[r->category]);
	if (docs_node)
		walk_mapping(l, r, docs_node, "'docs'", docs_pair);
	if (examples_node)
		walk_mapping(l, r, examples_node, "'examples'", examples_pair);

	yaml_mark_t top = root->start_mark;
	static const char *const required[] = { "id", "name", "category", "severity", "scope", "weight",
						"summary", "message", "fix", "docs", "examples" };
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!mapping_has(l, root, required[i]))
			report(l->path, top, "missing required key '%s'", required[i]);

	if (docs_node && docs_node->type == YAML_MAPPING_NODE) {
		static const char *const parts[] = { "what", "why", "example", "instead" };
		for (int i = 0; i < 4; i++)
			if (!mapping_has(l, docs_node, parts[i]))
				report(l->path, docs_node->start_mark, "missing required key 'docs.%s'", parts[i]);
	}
	if (examples_node && examples_node->type == YAML_MAPPING_NODE) {
		/* has_valid / has_invalid: present as a list (a non-list was reported already) */
		bool need_invalid = r->has_scope && r->scope != 2;
		if (!mapping_has(l, examples_node, "valid"))
			report(l->path, examples_node->start_mark, "missing required key 'examples.valid'");
		else if (r->has_valid && r->valid.len == 0)
			report(l->path, examples_node->start_mark, "'examples.valid' needs at least one snippet");
		if (need_invalid && !mapping_has(l, examples_node, "invalid"))
			report(l->path, examples_node->start_mark, "missing required key 'examples.invalid'");
		else if (need_invalid && r->has_invalid && r->invalid.len == 0)
			report(l->path, examples_node->start_mark,
			       "'examples.invalid' needs at least one snippet for a %s-scope rule", scope_names[r->scope]);
	}

	bool has_query = mapping_has(l, root, "query"), has_check = mapping_has(l, root, "check");
	if (has_query && has_check)
		report(l->path, top, "a rule has either 'query' or 'check', not both");
	else if (!has_query && !has_check)
		report(l->path, top, "a rule needs a 'query' or a 'check'");
	if (r->query) {
		if (r->has_scope && r->scope != 0)
			report(l->path, query_node->start_mark, "a query rule must have scope python (got %s)",
			       scope_names[r->scope]);
		check_query(l, query_node, r->query);
	}

	if (r->id && r->name && id_valid(r->id) && name_valid(r->name)) {
		size_t need = strlen(r->id) + strlen(r->name) + 6;
		char *expect = xmalloc(need);
		snprintf(expect, need, "%s-%s.yml", r->id, r->name);
		if (strcmp(base_name(l->path), expect))
			report(l->path, r->id_mark, "file name must be %s (<id>-<name>.yml)", expect);
		free(expect);
	}
}

/* ------------------------------------------------------------------ loading */

static yaml_mark_t mark_of_offset(const unsigned char *text, size_t len, size_t offset)
{
	yaml_mark_t m = { offset, 0, 0 };
	for (size_t i = 0; i < offset && i < len; i++) {
		if (text[i] == '\n') {
			m.line++;
			m.column = 0;
		} else {
			m.column++;
		}
	}
	return m;
}

static void report_parser(const char *path, const yaml_parser_t *parser, const unsigned char *text, size_t len)
{
	yaml_mark_t m = parser->problem_mark;
	if (parser->error == YAML_READER_ERROR)
		m = mark_of_offset(text, len, parser->problem_offset);
	const char *problem = parser->problem ? parser->problem : "cannot parse";
	if (parser->context)
		report(path, m, "invalid YAML: %s %s", problem, parser->context);
	else
		report(path, m, "invalid YAML: %s", problem);
}

static unsigned char *read_file(const char *path, size_t *len)
{
	yaml_mark_t start = { 0, 0, 0 };
	FILE *f = fopen(path, "rb");
	if (!f) {
		report(path, start, "cannot open: %s", strerror(errno));
		return NULL;
	}
	unsigned char *buf = xmalloc(MAX_RULE_FILE + 1);
	size_t n = fread(buf, 1, MAX_RULE_FILE + 1, f);
	bool bad = ferror(f);
	fclose(f);
	if (bad || n > MAX_RULE_FILE) {
		report(path, start, bad ? "cannot read" : "larger than %d bytes", MAX_RULE_FILE);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Loads and checks one rule file. Returns NULL when it has errors (already reported). */
static rule *rule_load(const char *path)
{
	size_t len = 0;
	unsigned char *text = read_file(path, &len);
	if (!text)
		return NULL;
	int before = total_errors;
	yaml_parser_t parser;
	yaml_document_t doc, extra;
	bool have_doc = false;
	rule *r = xmalloc(sizeof(*r));
	memset(r, 0, sizeof(*r));
	r->path = path;

	if (!yaml_parser_initialize(&parser)) {
		fputs("rulegen: out of memory\n", stderr);
		exit(EXIT_RULE);
	}
	yaml_parser_set_input_string(&parser, text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		report_parser(path, &parser, text, len);
		goto cleanup;
	}
	have_doc = true;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (!root) {
		yaml_mark_t start = { 0, 0, 0 };
		report(path, start, "empty rule file");
		goto cleanup;
	}
	if (!yaml_parser_load(&parser, &extra)) {
		report_parser(path, &parser, text, len);
		goto cleanup;
	}
	if (yaml_document_get_root_node(&extra))
		report(path, extra.start_mark, "one rule per file: a second YAML document starts here");
	yaml_document_delete(&extra);

	loader l = { path, text, len, &doc, NULL, NULL, NULL };
	rule_check(&l, r, root);

cleanup:
	if (have_doc)
		yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	free(text);
	if (total_errors > before) {
		rule_free(r);
		return NULL;
	}
	return r;
}

static int rule_cmp(const void *a, const void *b)
{
	const rule *x = *(rule *const *)a, *y = *(rule *const *)b;
	int c = strcmp(x->id, y->id);
	return c ? c : strcmp(x->path, y->path);
}

static void check_unique(rule_array *rules)
{
	for (size_t i = 1; i < rules->len; i++) {
		rule *prev = rules->items[i - 1], *r = rules->items[i];
		if (!strcmp(prev->id, r->id))
			report(r->path, r->id_mark, "duplicate id %s (also in %s)", r->id, prev->path);
	}
	for (size_t i = 0; i < rules->len; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(rules->items[i]->name, rules->items[j]->name))
				report(rules->items[i]->path, rules->items[i]->name_mark,
				       "duplicate name %s (also in %s)", rules->items[i]->name, rules->items[j]->path);
}

/* ------------------------------------------------------------------ C output */

/* Octal escapes for everything outside printable ASCII: any byte survives, and an octal
 * escape (unlike \x) cannot swallow the digits that follow it. '?' is escaped so that no
 * trigraph can form. */
static void c_string(FILE *f, const char *s, const char *indent)
{
	if (!s) {
		fputs("NULL", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '\\': fputs("\\\\", f); break;
		case '"': fputs("\\\"", f); break;
		case '?': fputs("\\?", f); break;
		case '\t': fputs("\\t", f); break;
		case '\n':
			fputs("\\n\"", f);
			if (p[1])
				fprintf(f, "\n%s\"", indent);
			else
				return;
			break;
		default:
			if (*p < 0x20 || *p >= 0x7f)
				fprintf(f, "\\%03o", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static void c_examples(FILE *f, const rule *r, const char *kind, const str_array *list)
{
	fprintf(f, "static const char *const %s_%s[] = {\n", r->id, kind);
	for (size_t i = 0; i < list->len; i++) {
		fputs("\t", f);
		c_string(f, list->items[i], "\t");
		fputs(",\n", f);
	}
	fputs("\tNULL\n};\n\n", f);
}

static bool check_seen_before(const rule_array *rules, size_t upto, const char *name)
{
	for (size_t j = 0; j < upto; j++)
		if (rules->items[j]->check && !strcmp(rules->items[j]->check, name))
			return true;
	return false;
}

/* The C checks the rules name, declared and tabled here, so a rule that names a check
 * nobody wrote is a link error, and adding a check touches no shared table. */
static void write_c_checks(FILE *f, const rule_array *rules)
{
	fputs("\n", f);
	for (size_t i = 0; i < rules->len; i++) {
		const rule *r = rules->items[i];
		if (!r->check || check_seen_before(rules, i, r->check))
			continue;
		fprintf(f, "void mlr_check_%s(%s *ctx, const mlr_rule *rule);\n", r->check,
			r->scope == 2 ? "mlr_repo_ctx" : "mlr_file_ctx");
	}
	fputs("\nconst mlr_check mlr_builtin_checks[] = {\n", f);
	for (size_t i = 0; i < rules->len; i++) {
		const rule *r = rules->items[i];
		if (!r->check || check_seen_before(rules, i, r->check))
			continue;
		if (r->scope == 2)
			fprintf(f, "\t{ \"%s\", NULL, mlr_check_%s },\n", r->check, r->check);
		else
			fprintf(f, "\t{ \"%s\", mlr_check_%s, NULL },\n", r->check, r->check);
	}
	fputs("\t{ NULL, NULL, NULL }\n};\n", f);
}

static void write_c(FILE *f, const rule_array *rules)
{
	fputs("/* Generated by rulegen from rules/<ID>-<name>.yml. Do not edit: edit the rule file. */\n"
	      "#include \"engine/engine.h\"\n#include \"rules/builtin.h\"\n\n", f);
	for (size_t i = 0; i < rules->len; i++) {
		const rule *r = rules->items[i];
		c_examples(f, r, "invalid", &r->invalid);
		c_examples(f, r, "valid", &r->valid);
	}
	fputs("const mlr_rule mlr_builtin_rules[] = {\n", f);
	for (size_t i = 0; i < rules->len; i++) {
		const rule *r = rules->items[i];
		const char *in = "\t\t\t";
		fputs("\t{\n", f);
		fputs("\t\t.id = ", f); c_string(f, r->id, in); fputs(",\n", f);
		fputs("\t\t.name = ", f); c_string(f, r->name, in); fputs(",\n", f);
		fprintf(f, "\t\t.category = %s,\n", category_enums[r->category]);
		fprintf(f, "\t\t.severity = %s,\n", severity_enums[r->severity]);
		fprintf(f, "\t\t.scope = %s,\n", scope_enums[r->scope]);
		fprintf(f, "\t\t.weight = %.17g,\n", r->weight);
		fputs("\t\t.message = ", f); c_string(f, r->message, in); fputs(",\n", f);
		fputs("\t\t.summary = ", f); c_string(f, r->summary, in); fputs(",\n", f);
		fputs("\t\t.fix = ", f); c_string(f, r->fix, in); fputs(",\n", f);
		fputs("\t\t.doc_what =\n\t\t\t", f); c_string(f, r->what, in); fputs(",\n", f);
		fputs("\t\t.doc_why =\n\t\t\t", f); c_string(f, r->why, in); fputs(",\n", f);
		fputs("\t\t.doc_example =\n\t\t\t", f); c_string(f, r->example, in); fputs(",\n", f);
		fputs("\t\t.doc_instead =\n\t\t\t", f); c_string(f, r->instead, in); fputs(",\n", f);
		fputs("\t\t.query = ", f); c_string(f, r->query, in); fputs(",\n", f);
		fputs("\t\t.check = ", f); c_string(f, r->check, in); fputs(",\n", f);
		fprintf(f, "\t\t.invalid = %s_invalid,\n", r->id);
		fprintf(f, "\t\t.valid = %s_valid,\n", r->id);
		fputs("\t},\n", f);
	}
	fputs("};\n\nconst size_t mlr_builtin_rule_count = sizeof(mlr_builtin_rules) / sizeof(mlr_builtin_rules[0]);\n", f);
	write_c_checks(f, rules);
}

/* ------------------------------------------------------------------ Markdown output */

static void md_cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else
			fputc(*s, f);
	}
}

/* The fence language of an example: from the extension of its `# file:` line, else
 * from where the rule runs. */
static const char *example_lang(const rule *r)
{
	static const struct { const char *ext, *lang; } langs[] = {
		{ ".py", "python" }, { ".yml", "yaml" }, { ".yaml", "yaml" }, { ".md", "markdown" },
		{ ".toml", "toml" }, { ".json", "json" }, { ".ipynb", "json" }, { ".sh", "sh" },
		{ ".cfg", "ini" }, { ".ini", "ini" }, { "Dockerfile", "dockerfile" },
	};
	const char *s = r->example;
	if (!strncmp(s, "# file: ", 8)) {
		const char *end = strchr(s, '\n');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
			size_t e = strlen(langs[i].ext);
			if (n >= 8 + e && !strncmp(s + n - e, langs[i].ext, e))
				return langs[i].lang;
		}
		return "text";
	}
	return r->scope == 0 ? "python" : "text";
}

/* A fence one backtick longer than any run inside the code, so the code cannot close it. */
static void md_code(FILE *f, const char *code, const char *lang)
{
	size_t longest = 0, run = 0;
	for (const char *p = code; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	size_t n = longest >= 3 ? longest + 1 : 3;
	for (size_t i = 0; i < n; i++)
		fputc('`', f);
	fprintf(f, "%s\n%s\n", lang, code);
	for (size_t i = 0; i < n; i++)
		fputc('`', f);
	fputc('\n', f);
}

static void write_md(FILE *f, const rule_array *rules)
{
	fputs("<!-- Generated by rulegen from rules/*.yml: do not edit. Change the rule file, then run `make docs`. -->\n\n"
	      "# Rules\n\n"
	      "Every built-in rule, generated from its file in `rules/` (the same source feeds the binary,\n"
	      "`mlready rules` and `mlready explain ID`). Rule ids are grouped by category: MLR1xx testing,\n"
	      "MLR2xx security, MLR3xx reproducibility, MLR4xx documentation, MLR5xx data quality,\n"
	      "MLR6xx monitoring, MLR7xx CI/CD, MLR8xx hygiene, MLR9xx change. To add one, see\n"
	      "[writing-rules.md](writing-rules.md).\n\n"
	      "| ID | Name | Category | Severity | Summary |\n"
	      "|---|---|---|---|---|\n", f);
	for (size_t i = 0; i < rules->len; i++) {
		const rule *r = rules->items[i];
		fprintf(f, "| [%s](#", r->id);
		for (const char *p = r->id; *p; p++)
			fputc(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p, f);
		fprintf(f, "-%s) | %s | %s | %s | ", r->name, r->name, category_keys[r->category],
			severity_names[r->severity]);
		md_cell(f, r->summary);
		fputs(" |\n", f);
	}
	for (size_t i = 0; i < rules->len; i++) {
		const rule *r = rules->items[i];
		fprintf(f, "\n## %s %s\n\n", r->id, r->name);
		fprintf(f, "Category: **%s** · Severity: **%s** · Weight: %g · Scope: %s · ",
			category_keys[r->category], severity_names[r->severity], r->weight, scope_names[r->scope]);
		if (r->check)
			fprintf(f, "Check: `%s`\n\n", r->check);
		else
			fputs("Query rule\n\n", f);
		fprintf(f, "%s\n\n", r->summary);
		fprintf(f, "### What it does\n\n%s\n\n", r->what);
		fprintf(f, "### Why it matters\n\n%s\n\n", r->why);
		fputs("### Example\n\n", f);
		md_code(f, r->example, example_lang(r));
		fprintf(f, "\n### Use instead\n\n%s\n", r->instead);
		if (r->query) {
			fputs("\n### Query\n\n", f);
			md_code(f, r->query, "scheme");
		}
	}
}

/* ------------------------------------------------------------------ main */

static int usage(void)
{
	fputs("usage: rulegen (--c OUT.c | --md OUT.md | --check) RULE.yml...\n", stderr);
	return EXIT_RULE;
}

static int write_output(const char *out, bool md, const rule_array *rules)
{
	size_t n = strlen(out) + 5;
	char *tmp = xmalloc(n);
	snprintf(tmp, n, "%s.tmp", out);
	int rc = EXIT_RULE;
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		fprintf(stderr, "rulegen: %s: %s\n", tmp, strerror(errno));
		goto cleanup;
	}
	if (md)
		write_md(f, rules);
	else
		write_c(f, rules);
	bool bad = ferror(f) != 0;
	if (fclose(f) != 0 || bad) {
		fprintf(stderr, "rulegen: %s: write failed\n", tmp);
		remove(tmp);
		goto cleanup;
	}
	if (rename(tmp, out) != 0) {
		fprintf(stderr, "rulegen: %s: %s\n", out, strerror(errno));
		remove(tmp);
		goto cleanup;
	}
	rc = 0;
cleanup:
	free(tmp);
	return rc;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	bool md = false;
	int first = 2;
	rule_array rules = { 0 };
	int rc = EXIT_RULE;

	if (argc < 3)
		return usage();
	if (!strcmp(argv[1], "--c") || !strcmp(argv[1], "--md")) {
		if (argc < 4)
			return usage();
		md = !strcmp(argv[1], "--md");
		out = argv[2];
		first = 3;
	} else if (strcmp(argv[1], "--check")) {
		return usage();
	}

	for (int i = first; i < argc; i++) {
		rule *r = rule_load(argv[i]);
		if (r && mlr_array_push(&rules, r) < 0) {
			fputs("rulegen: out of memory\n", stderr);
			goto cleanup;
		}
	}
	if (total_errors)
		goto cleanup;
	qsort(rules.items, rules.len, sizeof(rules.items[0]), rule_cmp);
	check_unique(&rules);
	if (total_errors)
		goto cleanup;
	rc = out ? write_output(out, md, &rules) : 0;

cleanup:
	if (total_errors)
		fprintf(stderr, "rulegen: %d error%s\n", total_errors, total_errors == 1 ? "" : "s");
	for (size_t i = 0; i < rules.len; i++)
		rule_free(rules.items[i]);
	mlr_array_delete(&rules);
	return rc;
}
