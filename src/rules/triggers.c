/*
 * The trigger scan: one pass over a file's bytes, splitting identifiers out and looking
 * each up once in a hash table of the exact atoms, then against the few wildcard atoms.
 */
#include "rules/triggers.h"
#include "python/lex.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/error.h"

enum { ATOM_EXACT, ATOM_PREFIX, ATOM_SUFFIX, ATOM_CONTAINS };

typedef struct {
	char *text;   /* the identifier part; lower case for wildcards */
	size_t len;
	int kind;
	bool def;     /* only the name a def or class statement introduces */
	bool prose;   /* in strings and comments too, not only in code */
	char follow;  /* ':' or '(': the word must be followed by it (`except:`, `forward(`) */
} atom;

typedef struct {
	uint32_t first, count; /* its atoms in the term pool: any of them */
} term;

typedef struct {
	uint32_t first, count; /* its terms: all of them */
} conj;

typedef struct {
	uint32_t first, count; /* its conjunctions */
} condition;

typedef struct {
	uint32_t atom; /* index + 1; 0 is an empty slot */
} slot;

struct mlr_trigger_set {
	mlr_array(atom) atoms;
	mlr_array(uint32_t) wild;      /* wildcard atoms */
	mlr_array(uint32_t) term_atoms;
	mlr_array(term) terms;
	mlr_array(conj) conjs;
	mlr_array(condition) conds;
	slot *table;                   /* exact atoms, open addressing; both forms of a word */
	size_t table_size;             /* a power of two, at least twice the exact atoms */
};

static bool ident_start(unsigned char c)
{
	return c == '_' || (unsigned)((c | 0x20) - 'a') < 26u || c >= 0x80;
}

static bool ident_char(unsigned char c)
{
	return ident_start(c) || (unsigned)(c - '0') < 10u;
}

/* Strips a "def:" or "text:" scope; returns which. */
static int scope_of(const char **s, size_t *len)
{
	if (*len > 4 && !memcmp(*s, "def:", 4)) {
		*s += 4;
		*len -= 4;
		return 'd';
	}
	if (*len > 5 && !memcmp(*s, "text:", 5)) {
		*s += 5;
		*len -= 5;
		return 't';
	}
	return 0;
}

bool mlr_trigger_atom_valid(const char *s, size_t len, const char **why)
{
	if ((len == 5 && !memcmp(s, "text:", 5)) || (len == 4 && !memcmp(s, "def:", 4))) {
		*why = "a scope needs a trigger after it";
		return false;
	}
	scope_of(&s, &len);
	if (len > 1 && (s[len - 1] == ':' || s[len - 1] == '(') && s[len - 2] != '*')
		len--; /* `except:`, `forward(` */
	size_t a = len && s[0] == '*', b = len > a && s[len - 1] == '*';
	if (len <= a + b) {
		*why = "a trigger needs an identifier";
		return false;
	}
	for (size_t i = a; i < len - b; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || !(i == a ? ident_start(c) : ident_char(c))) {
			*why = "a trigger is an ASCII identifier, with '*' only at its ends, an optional 'def:' or 'text:' before it and ':' or '(' after it";
			return false;
		}
	}
	return true;
}

int mlr_trigger_set_new(mlr_trigger_set **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : mlr_error_set(MLR_ENOMEM, "out of memory");
}

void mlr_trigger_set_delete(mlr_trigger_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->atoms.len; i++)
		free(set->atoms.items[i].text);
	mlr_array_delete(&set->atoms);
	mlr_array_delete(&set->wild);
	mlr_array_delete(&set->term_atoms);
	mlr_array_delete(&set->terms);
	mlr_array_delete(&set->conjs);
	mlr_array_delete(&set->conds);
	free(set->table);
	free(set);
}

static uint64_t hash_word(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static int rebuild_table(mlr_trigger_set *set)
{
	size_t exact = 0;
	for (size_t i = 0; i < set->atoms.len; i++)
		exact += set->atoms.items[i].kind == ATOM_EXACT;
	size_t size = 16;
	while (size < exact * 2)
		size *= 2;
	slot *t = calloc(size, sizeof(slot));
	if (!t)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	for (size_t i = 0; i < set->atoms.len; i++) {
		const atom *a = &set->atoms.items[i];
		if (a->kind != ATOM_EXACT)
			continue;
		size_t h = (size_t)hash_word(a->text, a->len) & (size - 1);
		while (t[h].atom)
			h = (h + 1) & (size - 1);
		t[h].atom = (uint32_t)i + 1;
	}
	free(set->table);
	set->table = t;
	set->table_size = size;
	return 0;
}

/* The index of the atom s[0..len) names, added if new. */
static int intern(mlr_trigger_set *set, const char *s, size_t len, uint32_t *index)
{
	atom a = { 0 };
	int scope = scope_of(&s, &len);
	a.def = scope == 'd';
	a.prose = scope == 't';
	if (len > 1 && (s[len - 1] == ':' || s[len - 1] == '(')) {
		a.follow = s[len - 1];
		len--;
	}
	bool lead = s[0] == '*', trail = s[len - 1] == '*';
	a.kind = lead && trail ? ATOM_CONTAINS : lead ? ATOM_SUFFIX : trail ? ATOM_PREFIX : ATOM_EXACT;
	s += lead;
	len -= (size_t)lead + trail;
	for (size_t i = 0; i < set->atoms.len; i++) {
		const atom *o = &set->atoms.items[i];
		if (o->kind == a.kind && o->def == a.def && o->prose == a.prose && o->follow == a.follow && o->len == len &&
		    (a.kind == ATOM_EXACT ? !memcmp(o->text, s, len) : !strncasecmp(o->text, s, len))) {
			*index = (uint32_t)i;
			return 0;
		}
	}
	if (!(a.text = malloc(len + 1)))
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	for (size_t i = 0; i < len; i++)
		a.text[i] = a.kind == ATOM_EXACT ? s[i] : (char)tolower((unsigned char)s[i]);
	a.text[len] = '\0';
	a.len = len;
	*index = (uint32_t)set->atoms.len;
	if (mlr_array_push(&set->atoms, a) < 0) {
		free(a.text);
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	/* a wildcard left out of the list would never match: the set is unusable then */
	if (a.kind != ATOM_EXACT && mlr_array_push(&set->wild, *index) < 0)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	return 0;
}

int mlr_trigger_set_add(mlr_trigger_set *set, const char *triggers, uint32_t *id)
{
	int error;
	*id = MLR_TRIGGER_ALWAYS;
	if (!triggers || !*triggers)
		return 0;
	condition c = { (uint32_t)set->conjs.len, 0 };
	const char *p = triggers;
	for (;;) { /* alternatives, '|' */
		conj k = { (uint32_t)set->terms.len, 0 };
		for (;;) { /* all of, '&' */
			term t = { (uint32_t)set->term_atoms.len, 0 };
			for (;;) { /* any of, ',' */
				size_t n = strcspn(p, "|&,");
				const char *why;
				uint32_t index = 0;
				if (!mlr_trigger_atom_valid(p, n, &why))
					return mlr_error_set(MLR_ERULE, "triggers '%s': %s", triggers, why);
				if ((error = intern(set, p, n, &index)) < 0)
					return error;
				if (mlr_array_push(&set->term_atoms, index) < 0)
					return mlr_error_set(MLR_ENOMEM, "out of memory");
				t.count++;
				p += n;
				if (*p != ',')
					break;
				p++;
			}
			if (mlr_array_push(&set->terms, t) < 0)
				return mlr_error_set(MLR_ENOMEM, "out of memory");
			k.count++;
			if (*p != '&')
				break;
			p++;
		}
		if (mlr_array_push(&set->conjs, k) < 0)
			return mlr_error_set(MLR_ENOMEM, "out of memory");
		c.count++;
		if (*p != '|')
			break;
		p++;
	}
	if (mlr_array_push(&set->conds, c) < 0)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	*id = (uint32_t)set->conds.len - 1;
	return rebuild_table(set);
}

size_t mlr_trigger_set_words(const mlr_trigger_set *set)
{
	return (set->atoms.len + 63) / 64;
}

static bool wild_matches(const atom *a, const char *tok, size_t n)
{
	if (n < a->len)
		return false;
	switch (a->kind) {
	case ATOM_PREFIX:
		return !strncasecmp(tok, a->text, a->len);
	case ATOM_SUFFIX:
		return !strncasecmp(tok + n - a->len, a->text, a->len);
	default:
		for (size_t i = 0; i + a->len <= n; i++)
			if (tolower((unsigned char)tok[i]) == a->text[0] && !strncasecmp(tok + i, a->text, a->len))
				return true;
		return false;
	}
}

static inline void mark(uint64_t *seen, uint32_t index)
{
	seen[index / 64] |= 1ull << (index % 64);
}

/* Where a word stands: code (every atom), or prose (a string or comment: text: atoms). */
enum { IN_CODE, IN_DEF, IN_PROSE };

static bool fits(const atom *a, int where, char next)
{
	/* `forward(` is a call: the name a def introduces is followed by '(' too, and is not one */
	if (a->follow && (a->follow != next || (next == '(' && where == IN_DEF)))
		return false;
	return where == IN_PROSE ? a->prose : !a->def || where == IN_DEF;
}

/* next: the byte after the word and any blanks */
static void on_word(const mlr_trigger_set *set, const char *tok, size_t n, int where, char next,
	uint64_t *seen)
{
	size_t mask = set->table_size - 1;
	for (size_t h = (size_t)hash_word(tok, n) & mask; set->table[h].atom; h = (h + 1) & mask) {
		uint32_t i = set->table[h].atom - 1;
		const atom *a = &set->atoms.items[i];
		if (a->len == n && !memcmp(a->text, tok, n) && fits(a, where, next))
			mark(seen, i);
	}
	for (size_t w = 0; w < set->wild.len; w++) {
		uint32_t i = set->wild.items[w];
		const atom *a = &set->atoms.items[i];
		if (fits(a, where, next) && wild_matches(a, tok, n))
			mark(seen, i);
	}
}

/* The words of a string or comment. */
static void scan_prose(const mlr_trigger_set *set, const char *data, size_t from, size_t to, int where,
	uint64_t *seen)
{
	const unsigned char *s = (const unsigned char *)data;
	for (size_t i = from; i < to;) {
		if (!ident_start(s[i])) {
			/* a word starts after a non-word byte; skip a number's letters */
			size_t j = i + 1;
			if ((unsigned)(s[i] - '0') < 10u)
				while (j < to && ident_char(s[j]))
					j++;
			i = j;
			continue;
		}
		size_t j = i + 1;
		while (j < to && ident_char(s[j]))
			j++;
		on_word(set, data + i, j - i, where, 0, seen);
		i = j;
	}
}

void mlr_trigger_scan(const mlr_trigger_set *set, const char *data, size_t len, uint64_t *seen)
{
	if (!set->table)
		return;
	const unsigned char *s = (const unsigned char *)data;
	bool after_def = false; /* the last word was `def`, then only blanks */
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		if (ident_start(c)) {
			size_t j = i + 1;
			while (j < len && ident_char(s[j]))
				j++;
			const char *tok = data + i;
			size_t n = j - i;
			if (j < len && (s[j] == '"' || s[j] == '\'') && mlr_py_lex_string_prefix(tok, n)) {
				/* an f-string's braces hold code: its words count as both */
				size_t end = mlr_py_lex_string_end(data, len, j);
				bool f = memchr(tok, 'f', n) || memchr(tok, 'F', n) || memchr(tok, 't', n) || memchr(tok, 'T', n);
				scan_prose(set, data, j, end, f ? IN_CODE : IN_PROSE, seen);
				if (f)
					scan_prose(set, data, j, end, IN_PROSE, seen);
				after_def = false;
				i = end;
				continue;
			}
			size_t k = j; /* blanks, newlines and continuations may stand before '(' or ':' */
			while (k < len && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r' || s[k] == '\\'))
				k++;
			on_word(set, tok, n, after_def ? IN_DEF : IN_CODE, k < len ? (char)s[k] : 0, seen);
			after_def = n == 3 && !memcmp(tok, "def", 3);
			i = j;
		} else if ((unsigned)(c - '0') < 10u) {
			/* a number's letters (1e5, 0x1f, 3j) are not words */
			while (i < len && ident_char(s[i]))
				i++;
			after_def = false;
		} else if (c == '"' || c == '\'') {
			size_t end = mlr_py_lex_string_end(data, len, i);
			scan_prose(set, data, i, end, IN_PROSE, seen);
			after_def = false;
			i = end;
		} else if (c == '#') {
			const unsigned char *eol = memchr(s + i, '\n', len - i);
			size_t end = eol ? (size_t)(eol - s) : len;
			scan_prose(set, data, i, end, IN_PROSE, seen);
			after_def = false;
			i = end;
		} else {
			if (c != ' ' && c != '\t')
				after_def = false;
			i++;
		}
	}
}

bool mlr_trigger_holds(const mlr_trigger_set *set, uint32_t id, const uint64_t *seen)
{
	if (id == MLR_TRIGGER_ALWAYS)
		return true;
	const condition *c = &set->conds.items[id];
	for (uint32_t k = 0; k < c->count; k++) {
		const conj *cj = &set->conjs.items[c->first + k];
		bool all = true;
		for (uint32_t t = 0; t < cj->count && all; t++) {
			const term *tm = &set->terms.items[cj->first + t];
			bool any = false;
			for (uint32_t a = 0; a < tm->count && !any; a++) {
				uint32_t i = set->term_atoms.items[tm->first + a];
				any = (seen[i / 64] >> (i % 64)) & 1;
			}
			all = any;
		}
		if (all)
			return true;
	}
	return false;
}
