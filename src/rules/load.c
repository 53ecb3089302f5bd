/*
 * The rule file loader (see load.h): libyaml's document API, so every node keeps its
 * marks and every problem points at the line and column of the value that is wrong.
 */
#include "rules/load.h"
#include "rules/triggers.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>
#include <yaml.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/shown.h"
#include "mlready.h"
#include "repo/yaml_limits.h"

const TSLanguage *tree_sitter_python(void);

const char *const mlr_rule_category_keys[10] = {
	NULL, "testing", "security", "reproducibility", "documentation",
	"data-quality", "monitoring", "cicd", "hygiene", "change",
};
const char *const mlr_rule_severity_names[3] = { "note", "warning", "error" };
const char *const mlr_rule_scope_names[3] = { "python", "text", "repo" };

void mlr_diag_report(mlr_diag *d, const char *path, size_t line, size_t column, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (d->count == 0)
		mlr_error_set(MLR_ERULE, "%s:%zu:%zu: %s", path, line, column, msg);
	d->count++;
	if (d->fn)
		d->fn(d->payload, path, line, column, msg);
}

/* The file being loaded: what problem locations and query offsets are computed against. */
typedef struct {
	const char *path;
	const unsigned char *text;
	size_t len;
	yaml_document_t *doc;
	mlr_diag *diag;
	mlr_rule_origin origin;
	bool oom;
	bool has_weight, has_category, has_severity, has_scope, has_invalid, has_valid;
	yaml_mark_t needs_facts_mark;
	/* read after the top level, once the scope is known: repo-scope examples have a shape */
	yaml_node_t *query_node, *docs_node, *examples_node;
} loader;

static void report(loader *l, yaml_mark_t mark, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void report(loader *l, yaml_mark_t mark, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mlr_diag_report(l->diag, l->path, mark.line + 1, mark.column + 1, "%s", msg);
}

static mlr_rule_mark to_mark(yaml_mark_t m)
{
	return (mlr_rule_mark){ m.line + 1, m.column + 1 };
}

void mlr_rule_def_free(mlr_rule_def *r)
{
	if (!r)
		return;
	char **fields[] = { &r->path, &r->id, &r->name, &r->summary, &r->message, &r->fix,
			    &r->check, &r->query, &r->what, &r->why, &r->example, &r->instead, &r->triggers };
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		free(*fields[i]);
	for (size_t i = 0; i < r->invalid.len; i++)
		free(r->invalid.items[i]);
	for (size_t i = 0; i < r->valid.len; i++)
		free(r->valid.items[i]);
	mlr_array_delete(&r->invalid);
	mlr_array_delete(&r->valid);
	free(r->invalid_marks);
	free(r->valid_marks);
	free(r);
}

/* ------------------------------------------------------------------ small checks */

static bool is_lower(int c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static bool is_digit(int c) { return c >= '0' && c <= '9'; }

/* Built-in: MLR, the category digit, two digits. Custom: one to six capital letters (not
 * starting with MLR, which is mlready's own) and one to four digits: X001, ORG12, ACME0042. */
bool mlr_rule_id_valid(const char *s, mlr_rule_origin origin)
{
	if (!s)
		return false;
	if (origin == MLR_RULE_BUILTIN)
		return strlen(s) == 6 && !strncmp(s, "MLR", 3) && s[3] >= '1' && s[3] <= '9' &&
		       is_digit(s[4]) && is_digit(s[5]);
	size_t letters = 0, digits = 0;
	while (is_upper(s[letters]))
		letters++;
	while (is_digit(s[letters + digits]))
		digits++;
	return letters >= 1 && letters <= 6 && digits >= 1 && digits <= 4 && !s[letters + digits] &&
	       strncmp(s, "MLR", 3) != 0;
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

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
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
		report(l, node->start_mark, "'%s' must be a string", key);
		return NULL;
	}
	const char *v = (const char *)node->data.scalar.value;
	size_t n = node->data.scalar.length;
	if (memchr(v, '\0', n)) {
		report(l, node->start_mark, "'%s' contains a NUL byte", key);
		return NULL;
	}
	char *s = mlr_strndup(v, n);
	if (!s)
		l->oom = true;
	return s;
}

static char *text_field(loader *l, yaml_node_t *node, const char *key, bool one_line)
{
	char *s = scalar_dup(l, node, key);
	if (!s)
		return NULL;
	if (is_blank(s)) {
		report(l, node->start_mark, "'%s' is empty", key);
		free(s);
		return NULL;
	}
	if (one_line) {
		rstrip(s);
		if (strchr(s, '\n')) {
			report(l, node->start_mark, "'%s' must be one line", key);
			free(s);
			return NULL;
		}
	}
	return s;
}

/* Calls fn for each key/value pair of a mapping, rejecting non-scalar and repeated keys. */
typedef void (*pair_fn)(loader *l, mlr_rule_def *r, const char *key, yaml_node_t *knode, yaml_node_t *value);

static void walk_mapping(loader *l, mlr_rule_def *r, yaml_node_t *map, const char *what, pair_fn fn)
{
	if (map->type != YAML_MAPPING_NODE) {
		report(l, map->start_mark, "%s must be a mapping", what);
		return;
	}
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node_at(l, p->key);
		yaml_node_t *v = node_at(l, p->value);
		if (!k || !v)
			continue;
		if (k->type != YAML_SCALAR_NODE) {
			report(l, k->start_mark, "keys of %s must be strings", what);
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
			char shown[MLR_SHOWN_SIZE];
			report(l, k->start_mark, "duplicate key %s", mlr_shown_str(shown, sizeof(shown), key));
			continue;
		}
		fn(l, r, key, k, v);
	}
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
	while (n < max && n < 64 && (is_lower(s[n] | 0x20) || is_digit(s[n]) || s[n] == '_' || s[n] == '.' ||
				     s[n] == '-' || s[n] == '?' || s[n] == '!'))
		n++;
	return (int)n;
}

/*
 * The predicates the engine evaluates (src/python/query.c, docs/writing-rules.md). The
 * tree-sitter C library only parses them, so an unknown or misspelt predicate would
 * otherwise be silently ignored at run time and the rule would fire on everything.
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
	for (size_t i = pattern_start; src[i]; i++) {
		if (src[i] == '#' && !strncmp(src + i + 1, name, name_len)) {
			off = i;
			break;
		}
	}
	char raw[MLR_SHOWN_MAX + 2], shown[MLR_SHOWN_SIZE];
	snprintf(raw, sizeof(raw), "%.*s", (int)name_len, name);
	report(l, scalar_offset_mark(l, node, off), "query: #%s %s", mlr_shown_bare(shown, sizeof(shown), raw), msg);
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
					if (steps[a].type == TSQueryPredicateStepTypeCapture &&
					    !(spec->second_may_be_capture && a == i + 2))
						ok = false;
				if (!ok)
					predicate_error(l, node, src, start, name, nlen, "has the wrong arguments");
			}
			i = end + 1;
		}
	}
}

/* Identifier characters as tree-sitter's query parser reads them: `?` and `!` belong to a
 * name (for predicates), so `(identifier?)` names a node type "identifier?". */
static bool ident_start(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

static bool ident_char(char c)
{
	return ident_start(c) || c == '.' || c == '?' || c == '!';
}

/* What tree-sitter's query reader skips between tokens: white space (iswspace: ASCII in
 * the C locale, \v and \f included) and comments, from ';' to the end of the line or a
 * NUL. Every guard below reads a query the way it does: `body: ; note\n (#x)` is a
 * predicate where a field's pattern starts. */
static bool query_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static size_t skip_trivia(const char *src, size_t len, size_t i)
{
	while (i < len) {
		if (query_space(src[i])) {
			i++;
		} else if (src[i] == ';') {
			for (i++; i < len && src[i] && src[i] != '\n'; i++)
				;
		} else {
			break;
		}
	}
	return i;
}

/* tree-sitter 0.20.7's query compiler reads out of bounds or loops forever on a quantifier
 * applied to a pattern that may already match nothing: one quantified already (`(x)??`,
 * `(x)? @c ?`), a group whose every item may match nothing (`((x)*)?`, `((x)? (y)?)?`,
 * found by fuzz_rule's diagnosis build), or an alternation with such a branch. Its `?`
 * and `*` follow the chain of alternatives from the pattern's first step, which then runs
 * past the end of its step array. Rule files may come from the linted repository (custom
 * rules), so such a query is refused before tree-sitter sees it, and so is one nested
 * deeper than QUERY_MAX_DEPTH (tree-sitter recurses once per level). Returns the offset
 * of the offending quantifier or bracket, or len; *why says which. */
#define QUERY_MAX_DEPTH 256
typedef enum { QUANT_OK, QUANT_TWICE, QUANT_DEEP } quant_problem;

static size_t quantifier_problem(const char *src, size_t len, quant_problem *why)
{
	struct {
		char open;        /* '(' or '[' */
		bool group;       /* a grouping or alternation, not a node pattern */
		bool predicate;   /* `(#eq? ...)`, `(.eq? ...)`, `(eq? ...)`: not a pattern */
		unsigned items;   /* patterns in it so far */
		unsigned empties; /* those that may match nothing */
	} frame[QUERY_MAX_DEPTH];
	size_t depth = 0;
	bool item_end = false;   /* the last significant token ended a pattern */
	bool item_quant = false; /* ... and a quantifier followed it */
	bool item_empty = false; /* ... and it may match nothing */
	*why = QUANT_OK;
	memset(&frame[0], 0, sizeof(frame[0]));
	frame[0].group = true;
	for (size_t i = 0; i < len; i++) {
		char c = src[i];
		size_t past = skip_trivia(src, len, i);
		if (past > i) {
			i = past - 1;
			continue;
		}
		if (c == '@') { /* a capture names the pattern before it: it stays the last one */
			/* as tree-sitter reads the name: `@p! ?` is the capture `p!`, then a quantifier */
			while (i + 1 < len && ident_char(src[i + 1]))
				i++;
			continue;
		}
		if ((c == '?' || c == '*' || c == '+') && item_end) {
			if (item_quant || item_empty) {
				*why = QUANT_TWICE;
				return i;
			}
			item_quant = true;
			if (c != '+') {
				item_empty = true;
				frame[depth].empties++;
			}
			continue;
		}
		bool ended = false;
		if (c == '(' || c == '[') {
			if (depth + 1 >= QUERY_MAX_DEPTH) {
				*why = QUANT_DEEP;
				return i;
			}
			size_t j = skip_trivia(src, len, i + 1), k = j;
			while (k < len && ident_char(src[k]))
				k++;
			depth++;
			memset(&frame[depth], 0, sizeof(frame[depth]));
			frame[depth].open = c;
			frame[depth].group = c == '[' || (j < len && strchr("([\"_", src[j]));
			frame[depth].predicate = c == '(' && j < len &&
				(src[j] == '#' || src[j] == '.' || (k > j && (src[k - 1] == '?' || src[k - 1] == '!')));
		} else if ((c == ')' || c == ']') && depth) {
			bool pred = frame[depth].predicate;
			/* a group may match nothing when all its items may; an alternation when one
			 * branch may */
			bool empty = frame[depth].group && frame[depth].items > 0 &&
				(frame[depth].open == '[' ? frame[depth].empties > 0 : frame[depth].empties == frame[depth].items);
			depth--;
			if (pred) { /* adds no step: the pattern before it stays the last one */
				continue;
			}
			frame[depth].items++;
			frame[depth].empties += empty;
			item_end = true;
			item_quant = false;
			item_empty = empty;
			continue;
		} else if (c == '"') {
			for (i++; i < len && src[i] != '"'; i++)
				if (src[i] == '\\')
					i++;
			ended = true;
		} else if (c == '_' && (i + 1 >= len || !(isalnum((unsigned char)src[i + 1]) || src[i + 1] == '_'))) {
			ended = true;
		} else {
			/* a bare token: a field (`name:`), a predicate (`#eq?`), an anchor (`.`), a
			 * negated field, or something tree-sitter may still take for a pattern
			 * (`___`): only the first three are known not to be one */
			size_t start = i;
			while (i + 1 < len && !query_space(src[i + 1]) && !strchr("()[]\"@;?*+", src[i + 1]))
				i++;
			ended = !(src[start] == '#' || src[i] == ':' || (i == start && c == '.'));
		}
		if (ended)
			frame[depth].items++;
		item_end = ended;
		item_quant = false;
		item_empty = false;
	}
	return len;
}

/* A string literal at src[i] (the opening quote): its end (past the closing quote), and
 * its value unescaped as tree-sitter unescapes it into out, when it fits. */
static size_t string_end(const char *src, size_t len, size_t i, char *out, size_t outsz, size_t *outlen)
{
	size_t n = 0;
	bool fits = true;
	for (i++; i < len && src[i] != '"'; i++) {
		char c = src[i];
		if (c == '\\' && i + 1 < len) {
			c = src[++i];
			c = c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c == '0' ? '\0' : c;
		}
		if (n < outsz)
			out[n++] = c;
		else
			fits = false;
	}
	*outlen = fits ? n : SIZE_MAX;
	return i < len ? i + 1 : len;
}

/* tree-sitter 0.20.7's query compiler reads uninitialised memory when it refuses a node
 * type or a predicate that follows a field (`(call function: (identifier?))`,
 * `(call function: (#x))`; found by valgrind after the fuzzer saw the heap damaged), and
 * leaks when it refuses a field name. So every node
 * type and field a query names is looked up here first, as tree-sitter looks it up, and
 * tree-sitter only compiles queries whose names all exist. Predicates and their strings
 * are passed over. Returns the offset of the first unknown name (with its kind in *err),
 * or len. */
static size_t unknown_name(const char *src, size_t len, TSQueryError *err)
{
	const TSLanguage *lang = tree_sitter_python();
	char lit[256];
	for (size_t i = 0; i < len;) {
		char c = src[i];
		if (c == ';' || query_space(c)) {
			i = skip_trivia(src, len, i);
			continue;
		}
		if (c == '"') { /* an anonymous node: "def", "(" */
			size_t n;
			size_t end = string_end(src, len, i, lit, sizeof(lit), &n);
			/* tree-sitter compares names with strncmp, then reads past the shorter one when
			 * the name holds a NUL (`"\0"`): no node type has one */
			if (n != SIZE_MAX && (memchr(lit, '\0', n) || !ts_language_symbol_for_name(lang, lit, (uint32_t)n, false))) {
				*err = TSQueryErrorNodeType;
				return i + 1;
			}
			i = end;
			continue;
		}
		if (c == '(') {
			size_t j = skip_trivia(src, len, i + 1);
			/* a predicate (tree-sitter still takes `(.eq? ...)`, the old spelling, for
			 * one): to its closing parenthesis */
			if (j < len && (src[j] == '#' || src[j] == '.')) {
				int depth = 1;
				for (i = j; i < len && depth > 0;) {
					if (src[i] == '"') {
						size_t n;
						i = string_end(src, len, i, lit, 0, &n);
						continue;
					}
					if (src[i] == ';') { /* a comment: its parentheses are not the query's */
						i = skip_trivia(src, len, i);
						continue;
					}
					depth += src[i] == '(' ? 1 : src[i] == ')' ? -1 : 0;
					i++;
				}
				continue;
			}
			if (j < len && ident_start(src[j])) { /* a node type */
				size_t k = j;
				while (k < len && ident_char(src[k]))
					k++;
				bool wildcard = k - j == 1 && src[j] == '_';
				bool error = k - j == 5 && !memcmp(src + j, "ERROR", 5);
				if (!wildcard && !error && !ts_language_symbol_for_name(lang, src + j, (uint32_t)(k - j), true)) {
					*err = TSQueryErrorNodeType;
					return j;
				}
				i = k;
				continue;
			}
			i++;
			continue;
		}
		if (c == '@') { /* a capture */
			for (i++; i < len && ident_char(src[i]); i++)
				;
			continue;
		}
		if (ident_start(c) || (c == '!' && i + 1 < len && ident_start(src[i + 1]))) {
			size_t j = c == '!' ? i + 1 : i, k = j;
			while (k < len && ident_char(src[k]))
				k++;
			/* a field (`name:`), or a negated one (`!name`) */
			size_t colon = skip_trivia(src, len, k);
			bool field = c == '!' || (colon < len && src[colon] == ':');
			if (field && !ts_language_field_id_for_name(lang, src + j, (uint32_t)(k - j))) {
				*err = TSQueryErrorField;
				return j;
			}
			/* a predicate where a field's pattern begins (`(#x)`, `((#x))`, `(.x)`) takes
			 * the same broken path */
			size_t v = c == '!' ? len : skip_trivia(src, len, colon + 1), w = v;
			while (w < len && src[w] == '(')
				w = skip_trivia(src, len, w + 1);
			if (field && w > v && w < len && (src[w] == '#' || src[w] == '.')) {
				*err = TSQueryErrorSyntax;
				return v;
			}
			i = k;
			continue;
		}
		i++;
	}
	return len;
}

static void check_query(loader *l, yaml_node_t *node, const char *src)
{
	size_t len = strlen(src);
	if (len > UINT32_MAX) {
		report(l, node->start_mark, "query is too long");
		return;
	}
	quant_problem why;
	size_t bad = quantifier_problem(src, len, &why);
	if (bad < len && why == QUANT_DEEP) {
		report(l, scalar_offset_mark(l, node, bad), "query: patterns nested more than %d deep", QUERY_MAX_DEPTH - 1);
		return;
	}
	if (bad < len) {
		report(l, scalar_offset_mark(l, node, bad), "query: a quantifier on a pattern that is already "
			"quantified or may match nothing (tree-sitter 0.20.7 cannot compile it)");
		return;
	}
	uint32_t offset = 0;
	TSQueryError err = TSQueryErrorNone;
	size_t unknown = unknown_name(src, len, &err);
	TSQuery *q = NULL;
	if (unknown < len)
		offset = (uint32_t)unknown;
	else
		q = ts_query_new(tree_sitter_python(), src, (uint32_t)len, &offset, &err);
	if (!q) {
		/* an error at the very end (an unclosed pattern) points after the last character */
		yaml_mark_t m = scalar_offset_mark(l, node, offset >= len && len ? len - 1 : offset);
		int n = offset < len ? token_len(src + offset, len - offset) : 0;
		const char *at = src + (offset < len ? offset : len);
		char shown[MLR_SHOWN_SIZE];
		mlr_shown(shown, sizeof(shown), at, (size_t)n);
		switch (err) {
		case TSQueryErrorNodeType:
			report(l, m, "query: unknown node type %s in tree-sitter-python", shown);
			break;
		case TSQueryErrorField:
			report(l, m, "query: unknown field %s in tree-sitter-python", shown);
			break;
		case TSQueryErrorCapture:
			report(l, m, "query: unknown capture %s", shown);
			break;
		case TSQueryErrorStructure:
			report(l, m, "query: impossible pattern structure");
			break;
		default:
			report(l, m, "query: syntax error");
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
		report(l, node->start_mark, "query has no @finding capture (the node a finding points at)");
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

static void docs_pair(loader *l, mlr_rule_def *r, const char *key, yaml_node_t *k, yaml_node_t *v)
{
	static const char *const keys[] = { "what", "why", "example", "instead" };
	char **fields[] = { &r->what, &r->why, &r->example, &r->instead };
	int i = lookup(keys, 4, key);
	if (i < 0) {
		char shown[MLR_SHOWN_SIZE];
		report(l, k->start_mark, "unknown key 'docs.%s' (expected what, why, example, instead)",
			mlr_shown_bare(shown, sizeof(shown), key));
		return;
	}
	char *s = text_field(l, v, key, false);
	if (s) {
		rstrip(s);
		set_field(fields[i], s);
	}
}

static void examples_list(loader *l, mlr_rule_def *r, const char *key, yaml_node_t *v,
	mlr_rule_strings *out, mlr_rule_mark **marks)
{
	if (v->type != YAML_SEQUENCE_NODE) {
		report(l, v->start_mark, "'examples.%s' must be a list of snippets", key);
		return;
	}
	size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	free(*marks);
	*marks = calloc(n ? n : 1, sizeof(**marks));
	if (!*marks) {
		l->oom = true;
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
			report(l, item->start_mark, "an example in 'examples.%s' is empty", key);
			free(s);
			continue;
		}
		if (l->has_scope && r->scope == MLR_SCOPE_REPO && strncmp(s, "# file: ", 8)) {
			report(l, item->start_mark, "a repo-scope example must start with a '# file: PATH' line");
			free(s);
			continue;
		}
		if (out->len >= n || mlr_array_push(out, s) < 0) {
			l->oom = true;
			free(s);
			return;
		}
		(*marks)[out->len - 1] = to_mark(item->start_mark);
	}
}

static void examples_pair(loader *l, mlr_rule_def *r, const char *key, yaml_node_t *k, yaml_node_t *v)
{
	if (!strcmp(key, "invalid")) {
		l->has_invalid = v->type == YAML_SEQUENCE_NODE;
		examples_list(l, r, key, v, &r->invalid, &r->invalid_marks);
	} else if (!strcmp(key, "valid")) {
		l->has_valid = v->type == YAML_SEQUENCE_NODE;
		examples_list(l, r, key, v, &r->valid, &r->valid_marks);
	} else {
		char shown[MLR_SHOWN_SIZE];
		report(l, k->start_mark, "unknown key 'examples.%s' (expected invalid, valid)",
			mlr_shown_bare(shown, sizeof(shown), key));
	}
}

static void id_pair(loader *l, mlr_rule_def *r, yaml_node_t *v, char *s)
{
	char shown[MLR_SHOWN_SIZE];
	if (!mlr_rule_id_valid(s, l->origin)) {
		if (l->origin == MLR_RULE_BUILTIN)
			report(l, v->start_mark, "'id' must be MLR and three digits, the first 1-9 (got %s)",
			       mlr_shown_str(shown, sizeof(shown), s));
		else if (!strncmp(s, "MLR", 3))
			report(l, v->start_mark, "'id' %s is in mlready's own range: custom rules use a prefix of their "
			       "own, like X001 or ORG12", mlr_shown_bare(shown, sizeof(shown), s));
		else
			report(l, v->start_mark, "'id' must be 1-6 capital letters and 1-4 digits, like X001 or ORG12 "
			       "(got %s)", mlr_shown_str(shown, sizeof(shown), s));
	}
	r->id_mark = to_mark(v->start_mark);
	set_field(&r->id, s);
}

static void category_pair(loader *l, mlr_rule_def *r, yaml_node_t *v, char *s)
{
	int c = lookup(mlr_rule_category_keys, 10, s);
	bool builtin_id = l->origin == MLR_RULE_BUILTIN && r->id && mlr_rule_id_valid(r->id, MLR_RULE_BUILTIN);
	char shown[MLR_SHOWN_SIZE];
	if (c < 0)
		report(l, v->start_mark, "unknown category %s (expected testing, security, reproducibility, "
		       "documentation, data-quality, monitoring, cicd, hygiene or change)", mlr_shown_str(shown, sizeof(shown), s));
	else if (builtin_id && r->id[3] - '0' != c)
		report(l, v->start_mark, "category '%s' does not match id %s (MLR%c.. is %s)", s, r->id, r->id[3],
		       mlr_rule_category_keys[r->id[3] - '0']);
	else {
		r->category = c;
		l->has_category = true;
	}
	free(s);
}

/* Appends one atom to the canonical form (src/rules/triggers.h), after sep. */
static bool trigger_atom(loader *l, mlr_buf *out, char sep, yaml_node_t *v)
{
	const char *why;
	if (v->type != YAML_SCALAR_NODE) {
		report(l, v->start_mark, "a trigger is an identifier; a list of them must all appear, and a list inside that list needs any of its own");
		return false;
	}
	const char *s = (const char *)v->data.scalar.value;
	size_t n = v->data.scalar.length;
	if (!mlr_trigger_atom_valid(s, n, &why)) {
		char shown[MLR_SHOWN_SIZE];
		report(l, v->start_mark, "'triggers': %s (got %s)", why, mlr_shown(shown, sizeof(shown), s, n));
		return false;
	}
	if (out->len)
		mlr_buf_putc(out, sep);
	mlr_buf_put(out, s, n);
	return true;
}

/* `triggers: [load, loads, [backward, step], [[except:, Exception], [torch, pandas]]]`: any
 * item; a nested list needs all of its items, and a list inside that any of its own.
 * Kept as "load|loads|backward&step|except:,Exception&torch,pandas". */
/* One level of the trigger lists into out: level 0 is the alternatives ('|'), 1 a list
 * that needs all of its items ('&'), 2 a list inside that which needs any (','). A list
 * item opens the next level; atoms go in as they are. */
static bool trigger_list(loader *l, mlr_buf *out, yaml_node_t *v, int level)
{
	static const char seps[] = { '|', '&', ',' };
	static const char *const names[] = { "'triggers'", "an all-of trigger list", "an any-of trigger list" };
	if (v->data.sequence.items.top == v->data.sequence.items.start) {
		report(l, v->start_mark, "%s cannot be empty", names[level]);
		return false;
	}
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		yaml_node_t *item = node_at(l, *it);
		if (!item)
			return false;
		if (item->type != YAML_SEQUENCE_NODE || level == 2) {
			if (!trigger_atom(l, out, seps[level], item))
				return false;
			continue;
		}
		mlr_buf sub = MLR_BUF_INIT;
		bool ok = trigger_list(l, &sub, item, level + 1);
		if (ok) {
			if (out->len)
				mlr_buf_putc(out, seps[level]);
			mlr_buf_put(out, sub.ptr, sub.len);
		}
		l->oom |= sub.oom;
		mlr_buf_dispose(&sub);
		if (!ok)
			return false;
	}
	return true;
}

static void triggers_pair(loader *l, mlr_rule_def *r, yaml_node_t *v)
{
	mlr_buf out = MLR_BUF_INIT;
	if (v->type != YAML_SEQUENCE_NODE) {
		report(l, v->start_mark, "'triggers' must be a non-empty list of identifiers");
		return;
	}
	bool ok = trigger_list(l, &out, v, 0);
	if (out.oom)
		l->oom = true;
	else if (ok)
		set_field(&r->triggers, mlr_buf_detach(&out));
	mlr_buf_dispose(&out);
}

static void top_pair(loader *l, mlr_rule_def *r, const char *key, yaml_node_t *k, yaml_node_t *v)
{
	if (!strcmp(key, "docs")) {
		l->docs_node = v;
		return;
	}
	if (!strcmp(key, "examples")) {
		l->examples_node = v;
		return;
	}
	if (!strcmp(key, "triggers")) {
		triggers_pair(l, r, v);
		return;
	}
	if (!strcmp(key, "needs-facts")) {
		char *s = scalar_dup(l, v, key);
		if (!s)
			return;
		if (v->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || (strcmp(s, "true") && strcmp(s, "false")))
			report(l, v->start_mark, "'needs-facts' must be true or false");
		else
			r->no_facts = !strcmp(s, "false");
		l->needs_facts_mark = v->start_mark;
		free(s);
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
			report(l, v->start_mark, "'weight' must be a number from 0 to 100");
		else {
			r->weight = w;
			l->has_weight = true;
		}
		free(s);
		return;
	}
	static const char *const one_line[] = { "id", "name", "category", "severity", "scope",
						"summary", "message", "fix", "check" };
	int i = lookup(one_line, sizeof(one_line) / sizeof(one_line[0]), key);
	if (i < 0 && strcmp(key, "query")) {
		char shown[MLR_SHOWN_SIZE];
		report(l, k->start_mark,
		       "unknown key %s (expected id, name, category, severity, scope, weight, summary, "
		       "message, fix, check or query, triggers, needs-facts, docs, examples)", mlr_shown_str(shown, sizeof(shown), key));
		return;
	}
	char shown[MLR_SHOWN_SIZE];
	char *s = text_field(l, v, key, i >= 0);
	if (!s)
		return;
	if (!strcmp(key, "query")) {
		l->query_node = v;
		r->query_mark = to_mark(v->start_mark);
		set_field(&r->query, s);
	} else if (!strcmp(key, "id")) {
		id_pair(l, r, v, s);
	} else if (!strcmp(key, "name")) {
		if (!name_valid(s))
			report(l, v->start_mark, "'name' must be kebab-case, like hardcoded-secret (got %s)",
			       mlr_shown_str(shown, sizeof(shown), s));
		r->name_mark = to_mark(v->start_mark);
		set_field(&r->name, s);
	} else if (!strcmp(key, "category")) {
		category_pair(l, r, v, s);
	} else if (!strcmp(key, "severity")) {
		int c = lookup(mlr_rule_severity_names, 3, s);
		if (c < 0)
			report(l, v->start_mark, "'severity' must be error, warning or note (got %s)",
			       mlr_shown_str(shown, sizeof(shown), s));
		r->severity = c;
		l->has_severity = c >= 0;
		free(s);
	} else if (!strcmp(key, "scope")) {
		int c = lookup(mlr_rule_scope_names, 3, s);
		if (c < 0)
			report(l, v->start_mark, "'scope' must be python, text or repo (got %s)",
			       mlr_shown_str(shown, sizeof(shown), s));
		else if (c != MLR_SCOPE_PYTHON && l->origin == MLR_RULE_CUSTOM)
			report(l, v->start_mark, "a custom rule is a query rule: 'scope' must be python (got '%s')", s);
		r->scope = c;
		l->has_scope = c >= 0;
		free(s);
	} else if (!strcmp(key, "check")) {
		if (l->origin == MLR_RULE_CUSTOM)
			report(l, k->start_mark, "a custom rule cannot name a C check: write a 'query'");
		else if (!c_ident_valid(s))
			report(l, v->start_mark, "'check' must be a C identifier in lower case (got %s)",
			       mlr_shown_str(shown, sizeof(shown), s));
		set_field(&r->check, s);
	} else if (!strcmp(key, "summary")) {
		set_field(&r->summary, s);
	} else if (!strcmp(key, "message")) {
		set_field(&r->message, s);
	} else {
		set_field(&r->fix, s);
	}
}

static void check_examples_present(loader *l, mlr_rule_def *r, yaml_node_t *examples_node)
{
	if (examples_node->type != YAML_MAPPING_NODE)
		return;
	/* has_valid / has_invalid: present as a list (a non-list was reported already) */
	bool need_invalid = l->has_scope && r->scope != MLR_SCOPE_REPO;
	if (!mapping_has(l, examples_node, "valid"))
		report(l, examples_node->start_mark, "missing required key 'examples.valid'");
	else if (l->has_valid && r->valid.len == 0)
		report(l, examples_node->start_mark, "'examples.valid' needs at least one snippet");
	if (need_invalid && !mapping_has(l, examples_node, "invalid"))
		report(l, examples_node->start_mark, "missing required key 'examples.invalid'");
	else if (need_invalid && l->has_invalid && r->invalid.len == 0)
		report(l, examples_node->start_mark, "'examples.invalid' needs at least one snippet for a %s-scope rule",
		       mlr_rule_scope_names[r->scope]);
}

/* A rule never runs on a file without its triggers: each example that must fire has to
 * mention them, or the triggers are wrong (or the example is). */
static void check_examples_trigger(loader *l, mlr_rule_def *r)
{
	mlr_trigger_set *set = NULL;
	uint32_t id;
	if (mlr_trigger_set_new(&set) < 0 || mlr_trigger_set_add(set, r->triggers, &id) < 0) {
		l->oom = true;
		goto cleanup;
	}
	uint64_t *seen = calloc(mlr_trigger_set_words(set) + 1, sizeof(uint64_t));
	if (!seen) {
		l->oom = true;
		goto cleanup;
	}
	for (size_t i = 0; i < r->invalid.len; i++) {
		memset(seen, 0, (mlr_trigger_set_words(set) + 1) * sizeof(uint64_t));
		mlr_trigger_scan(set, r->invalid.items[i], strlen(r->invalid.items[i]), seen);
		if (!mlr_trigger_holds(set, id, seen)) {
			yaml_mark_t m = { 0, r->invalid_marks[i].line - 1, r->invalid_marks[i].column - 1 };
			report(l, m, "this 'invalid' example does not mention the rule's triggers, so the rule never runs on it");
		}
	}
	free(seen);
cleanup:
	mlr_trigger_set_delete(set);
}

/* Checks the loaded document against the schema. Absent keys are reported here; keys
 * present with a bad value were reported where they were read. */
static void rule_check(loader *l, mlr_rule_def *r, yaml_node_t *root)
{
	walk_mapping(l, r, root, "a rule file", top_pair);
	if (root->type != YAML_MAPPING_NODE)
		return;
	yaml_node_t *docs_node = l->docs_node, *examples_node = l->examples_node, *query_node = l->query_node;
	yaml_mark_t id_mark = { 0, r->id_mark.line - (r->id_mark.line > 0), r->id_mark.column - (r->id_mark.column > 0) };
	/* category was compared with the id when it came after it; this covers the other order */
	if (l->origin == MLR_RULE_BUILTIN && l->has_category && r->id && mlr_rule_id_valid(r->id, MLR_RULE_BUILTIN) &&
	    r->id[3] - '0' != r->category)
		report(l, id_mark, "id %s does not match category '%s'", r->id, mlr_rule_category_keys[r->category]);
	if (docs_node)
		walk_mapping(l, r, docs_node, "'docs'", docs_pair);
	if (examples_node)
		walk_mapping(l, r, examples_node, "'examples'", examples_pair);

	yaml_mark_t top = root->start_mark;
	static const char *const required[] = { "id", "name", "category", "severity", "scope", "weight",
						"summary", "message", "fix", "docs", "examples" };
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!mapping_has(l, root, required[i]))
			report(l, top, "missing required key '%s'", required[i]);

	if (docs_node && docs_node->type == YAML_MAPPING_NODE) {
		static const char *const parts[] = { "what", "why", "example", "instead" };
		for (int i = 0; i < 4; i++)
			if (!mapping_has(l, docs_node, parts[i]))
				report(l, docs_node->start_mark, "missing required key 'docs.%s'", parts[i]);
	}
	if (examples_node)
		check_examples_present(l, r, examples_node);

	bool has_query = mapping_has(l, root, "query"), has_check = mapping_has(l, root, "check");
	if (has_query && has_check)
		report(l, top, "a rule has either 'query' or 'check', not both");
	else if (!has_query && !has_check)
		report(l, top, l->origin == MLR_RULE_CUSTOM ? "a custom rule needs a 'query'"
							      : "a rule needs a 'query' or a 'check'");
	/* The engine runs such a check on its own thread while the files are analyzed, before
	 * any file has facts: only a repository check can promise not to read them. */
	if (r->no_facts && (!has_check || (l->has_scope && r->scope != MLR_SCOPE_REPO)))
		report(l, l->needs_facts_mark, "'needs-facts: false' is for a repository check (scope repo, a 'check')");
	if (r->triggers && l->has_scope && r->scope != MLR_SCOPE_PYTHON)
		report(l, top, "'triggers' decide which Python files are parsed: only a python-scope rule has them");
	else if (r->triggers && r->invalid_marks)
		check_examples_trigger(l, r);
	if (r->query) {
		if (l->has_scope && r->scope != MLR_SCOPE_PYTHON)
			report(l, query_node->start_mark, "a query rule must have scope python (got %s)",
			       mlr_rule_scope_names[r->scope]);
		check_query(l, query_node, r->query);
	}

	if (r->id && r->name && mlr_rule_id_valid(r->id, l->origin) && name_valid(r->name)) {
		char expect[160];
		snprintf(expect, sizeof(expect), "%s-%s.yml", r->id, r->name);
		if (strcmp(base_name(l->path), expect))
			report(l, id_mark, "file name must be %s (<id>-<name>.yml)", expect);
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

static void report_parser(loader *l, const yaml_parser_t *parser)
{
	yaml_mark_t m = parser->problem_mark;
	if (parser->error == YAML_READER_ERROR)
		m = mark_of_offset(l->text, l->len, parser->problem_offset);
	const char *problem = parser->problem ? parser->problem : "cannot parse";
	if (parser->context)
		report(l, m, "invalid YAML: %s %s", problem, parser->context);
	else
		report(l, m, "invalid YAML: %s", problem);
}

int mlr_rule_def_parse(mlr_rule_def **out, mlr_diag *d, const char *path, const char *text,
	size_t len, mlr_rule_origin origin)
{
	int before = d->count;
	yaml_parser_t parser;
	yaml_document_t doc, extra;
	bool have_doc = false, have_parser = false;
	yaml_mark_t start = { 0, 0, 0 };
	loader l = { .path = path, .text = (const unsigned char *)text, .len = len, .doc = &doc, .diag = d,
		     .origin = origin };
	mlr_rule_def *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r || !(r->path = mlr_strdup(path))) {
		l.oom = true;
		goto cleanup;
	}
	if (len > MLR_RULE_FILE_MAX) {
		report(&l, start, "larger than %d bytes", MLR_RULE_FILE_MAX);
		goto cleanup;
	}
	uint32_t over_line, over_col;
	const char *over = mlr_yaml_over_limits(text, len, &over_line, &over_col);
	if (over) {
		yaml_mark_t at = { 0, over_line - 1, over_col ? over_col - 1 : 0 };
		report(&l, at, "%s for a safe parse", over);
		goto cleanup;
	}
	if (!yaml_parser_initialize(&parser)) {
		l.oom = true;
		goto cleanup;
	}
	have_parser = true;
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		report_parser(&l, &parser);
		goto cleanup;
	}
	have_doc = true;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (!root) {
		report(&l, start, "empty rule file");
		goto cleanup;
	}
	if (!yaml_parser_load(&parser, &extra)) {
		report_parser(&l, &parser);
		goto cleanup;
	}
	if (yaml_document_get_root_node(&extra))
		report(&l, extra.start_mark, "one rule per file: a second YAML document starts here");
	yaml_document_delete(&extra);
	rule_check(&l, r, root);

cleanup:
	if (have_doc)
		yaml_document_delete(&doc);
	if (have_parser)
		yaml_parser_delete(&parser);
	if (l.oom) {
		mlr_rule_def_free(r);
		return mlr_error_set(MLR_ENOMEM, "out of memory loading %s", path);
	}
	if (d->count > before) {
		mlr_rule_def_free(r);
		return MLR_ERULE; /* described by the first problem (mlr_diag_report) */
	}
	*out = r;
	return 0;
}

int mlr_rule_def_load(mlr_rule_def **out, mlr_diag *d, const char *path, mlr_rule_origin origin)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		mlr_diag_report(d, path, 1, 1, "cannot open: %s", strerror(errno));
		return MLR_ERULE;
	}
	char *buf = malloc(MLR_RULE_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	size_t n = fread(buf, 1, MLR_RULE_FILE_MAX + 1, f);
	bool bad = ferror(f);
	fclose(f);
	if (bad || n > MLR_RULE_FILE_MAX) {
		if (bad)
			mlr_diag_report(d, path, 1, 1, "cannot read");
		else
			mlr_diag_report(d, path, 1, 1, "larger than %d bytes", MLR_RULE_FILE_MAX);
		free(buf);
		return MLR_ERULE;
	}
	buf[n] = '\0';
	int rc = mlr_rule_def_parse(out, d, path, buf, n, origin);
	free(buf);
	return rc;
}

static int def_cmp(const void *a, const void *b)
{
	const mlr_rule_def *x = *(mlr_rule_def *const *)a, *y = *(mlr_rule_def *const *)b;
	int c = strcmp(x->id, y->id);
	return c ? c : strcmp(x->path, y->path);
}

int mlr_rule_defs_check_unique(mlr_rule_def_array *defs, mlr_diag *d)
{
	int before = d->count;
	if (defs->len > 1)
		qsort(defs->items, defs->len, sizeof(defs->items[0]), def_cmp);
	for (size_t i = 1; i < defs->len; i++) {
		const mlr_rule_def *prev = defs->items[i - 1], *r = defs->items[i];
		if (!strcmp(prev->id, r->id))
			mlr_diag_report(d, r->path, r->id_mark.line, r->id_mark.column, "duplicate id %s (also in %s)",
				r->id, prev->path);
	}
	for (size_t i = 0; i < defs->len; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(defs->items[i]->name, defs->items[j]->name))
				mlr_diag_report(d, defs->items[i]->path, defs->items[i]->name_mark.line,
					defs->items[i]->name_mark.column, "duplicate name %s (also in %s)",
					defs->items[i]->name, defs->items[j]->path);
	return d->count - before;
}
