#include "python/py.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

struct mlr_py_parser {
	TSParser *ts;
};

/*
 * tree-sitter 0.20.7, Debian's, keeps a node's child count in 16 bits (fixed upstream in
 * 0.20.8). When error recovery packs more than 65,535 tokens into one ERROR node
 * (`x = not not not ...`), the node finds its children inside their block, and releasing
 * the tree frees that inner address: the process aborts. Every allocation tree-sitter
 * makes therefore carries a header, and a free() of an address that has none looks for
 * the block it lies in, 65,536 children at a time, and frees that. The children past the
 * count leak, once per such file; the tree is wrong, but every read stays in its block.
 * Drop this with a runtime of 0.20.8 or later.
 */
typedef struct {
	uint64_t tag; /* ts_tag ^ the header's address */
	uint64_t size;
} ts_header;

static uint64_t ts_tag;

#define TS_SUBTREE_SIZE 8 /* sizeof(Subtree) in 0.20.7: a pointer or 8 bytes inline */
#define TS_MAX_PROBES 1024

static bool ts_header_ok(const ts_header *h)
{
	return h->tag == (ts_tag ^ (uint64_t)(uintptr_t)h);
}

static void *ts_shim_malloc(size_t n)
{
	ts_header *h = n > SIZE_MAX - sizeof(*h) ? NULL : malloc(sizeof(*h) + n);
	if (!h)
		abort(); /* as tree-sitter's own allocator does: it never checks */
	h->tag = ts_tag ^ (uint64_t)(uintptr_t)h;
	h->size = n;
	return h + 1;
}

static void *ts_shim_calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		abort();
	void *p = ts_shim_malloc(count * size);
	memset(p, 0, count * size);
	return p;
}

static void ts_shim_free(void *p)
{
	if (!p)
		return;
	ts_header *h = (ts_header *)p - 1;
	if (ts_header_ok(h)) {
		free(h);
		return;
	}
	/* an inner address: the children of a node whose count wrapped */
	for (size_t k = 1; k <= TS_MAX_PROBES; k++) {
		h = (ts_header *)((char *)p - k * (size_t)65536 * TS_SUBTREE_SIZE) - 1;
		if (ts_header_ok(h)) {
			free(h);
			return;
		}
	}
	/* not found: leak rather than free what was never allocated */
}

static void *ts_shim_realloc(void *p, size_t n)
{
	if (!p)
		return ts_shim_malloc(n);
	ts_header *h = (ts_header *)p - 1;
	if (!ts_header_ok(h) || n > SIZE_MAX - sizeof(*h))
		abort(); /* tree-sitter only grows the arrays it allocated */
	h = realloc(h, sizeof(*h) + n);
	if (!h)
		abort();
	h->tag = ts_tag ^ (uint64_t)(uintptr_t)h;
	h->size = n;
	return h + 1;
}

/* Before main: no tree-sitter object may exist under the default allocator. */
__attribute__((constructor)) static void ts_shim_install(void)
{
	uint64_t x = (uint64_t)(uintptr_t)&ts_tag ^ 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 31)) * 0xbf58476d1ce4e5b9ull;
	ts_tag = x ^ (x >> 29) ^ 0x5f3759df1badb002ull;
	ts_set_allocator(ts_shim_malloc, ts_shim_calloc, ts_shim_realloc, ts_shim_free);
}

const uint8_t *mlr_py__type_of_symbol;
uint32_t mlr_py__type_of_symbol_len;
uint8_t mlr_py__error_type;
TSFieldId mlr_py__field_ids[MLR_PY_F_COUNT];
TSSymbol mlr_py__call_symbol;
static TSSymbol symbol_of_type[MLR_PY_T_COUNT]; /* the public symbol of each listed type */

static const char *const type_names[MLR_PY_T_COUNT] = {
	[MLR_PY_T_OTHER] = NULL,
#define TYPE_NAME(id, name) [MLR_PY_T_##id] = name,
	MLR_PY_TYPES(TYPE_NAME)
#undef TYPE_NAME
};

static const char *const field_names[MLR_PY_F_COUNT] = {
#define FIELD_NAME(id, name) [MLR_PY_F_##id] = name,
	MLR_PY_FIELDS(FIELD_NAME)
#undef FIELD_NAME
};

static pthread_once_t grammar_once = PTHREAD_ONCE_INIT;

static uint8_t type_of_name(const char *name)
{
	for (uint32_t t = 1; name && t < MLR_PY_T_COUNT; t++)
		if (!strcmp(type_names[t], name))
			return (uint8_t)t;
	return MLR_PY_T_OTHER;
}

/* Every symbol of the grammar, named or anonymous, gets the type its name has in the list:
 * the same answer as comparing ts_node_type(), whose string is the symbol's name. */
static void grammar_build(void)
{
	const TSLanguage *lang = tree_sitter_python();
	uint32_t n = ts_language_symbol_count(lang);
	uint8_t *tab = calloc(n ? n : 1, 1);
	if (tab) {
		for (uint32_t i = 0; i < n; i++)
			tab[i] = type_of_name(ts_language_symbol_name(lang, (TSSymbol)i));
		mlr_py__type_of_symbol = tab;
		mlr_py__type_of_symbol_len = n;
	}
	mlr_py__error_type = type_of_name(ts_language_symbol_name(lang, (TSSymbol)-1));
	mlr_py__call_symbol = ts_language_symbol_for_name(lang, "call", 4, true);
	for (uint32_t t = 1; t < MLR_PY_T_COUNT; t++)
		symbol_of_type[t] = ts_language_symbol_for_name(lang, type_names[t], (uint32_t)strlen(type_names[t]), true);
	for (uint32_t f = 0; f < MLR_PY_F_COUNT; f++)
		mlr_py__field_ids[f] = ts_language_field_id_for_name(lang, field_names[f], (uint32_t)strlen(field_names[f]));
}

int mlr_py_grammar_init(void)
{
	pthread_once(&grammar_once, grammar_build);
	return mlr_py__type_of_symbol ? 0 : mlr_error_set(MLR_ENOMEM, "out of memory");
}

int mlr_py_parser_new(mlr_py_parser **out, uint64_t timeout_us)
{
	int error = mlr_py_grammar_init();
	if (error < 0)
		return error;
	mlr_py_parser *p = calloc(1, sizeof(*p));
	if (!p)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	p->ts = ts_parser_new();
	if (!p->ts || !ts_parser_set_language(p->ts, tree_sitter_python())) {
		mlr_py_parser_delete(p);
		return mlr_error_set(MLR_ERULE, "tree-sitter-python grammar does not load in this runtime");
	}
	ts_parser_set_timeout_micros(p->ts, timeout_us);
	*out = p;
	return 0;
}

void mlr_py_parser_delete(mlr_py_parser *parser)
{
	if (!parser)
		return;
	if (parser->ts)
		ts_parser_delete(parser->ts);
	free(parser);
}

int mlr_py_imports_collect(mlr_py *py); /* imports.c */
int mlr_py_callees_collect(mlr_py *py); /* names.c */

/* Nesting that no Python compiles and that costs more than it can tell: tree-sitter
 * 0.20.7's parser frees a subtree twice past 65,535 open brackets, and its query matching
 * grows with the square of call nesting (`f()()()...` or `a.b().b()...` 20,000 long take
 * a minute; 100,000 long, hours). CPython refuses more than 200 open brackets and fails
 * to compile about 3,000 chained calls; real code nests calls 20 deep at most. A file past
 * these bounds gets a note and the text rules; its Python rules do not run. */
#ifndef MAX_BRACKET_DEPTH
#define MAX_BRACKET_DEPTH 30000
#endif
#ifndef MAX_CALL_DEPTH
#define MAX_CALL_DEPTH 200
#endif

/* The deepest bracket nesting outside strings and comments, as Python's tokenizer counts
 * it; 0 when it stays within MAX_BRACKET_DEPTH, else the 1-based line where it passes. A
 * closer that does not match the innermost opener closes nothing (tree-sitter keeps
 * both open), so `(]` repeated cannot hide its depth. */
static uint32_t bracket_overflow(const char *src, size_t len)
{
	static const char closer_of[] = { ['('] = ')', ['['] = ']', ['{'] = '}' };
	char opener[MAX_BRACKET_DEPTH];
	size_t depth = 0;
	uint32_t line = 1;
	for (size_t i = 0; i < len; i++) {
		char c = src[i];
		if (c == '\n') {
			line++;
		} else if (c == '#') {
			while (i + 1 < len && src[i + 1] != '\n')
				i++;
		} else if (c == '"' || c == '\'') {
			bool triple = i + 2 < len && src[i + 1] == c && src[i + 2] == c;
			i += triple ? 3 : 1;
			for (; i < len; i++) {
				if (src[i] == '\\') {
					if (i + 1 < len && src[i + 1] == '\n')
						line++;
					i++;
				} else if (src[i] == '\n') {
					line++;
					if (!triple)
						break; /* an unterminated string ends at the line */
				} else if (src[i] == c && (!triple || (i + 2 < len && src[i + 1] == c && src[i + 2] == c))) {
					i += triple ? 2 : 0;
					break;
				}
			}
		} else if (c == '(' || c == '[' || c == '{') {
			if (depth == MAX_BRACKET_DEPTH)
				return line;
			opener[depth++] = c;
		} else if ((c == ')' || c == ']' || c == '}') && depth && closer_of[(unsigned char)opener[depth - 1]] == c) {
			depth--;
		}
	}
	return 0;
}

static void shrink(void **items, size_t len, size_t size)
{
	void *p = len ? realloc(*items, len * size) : NULL;
	if (p)
		*items = p; /* a failed shrink keeps the larger block */
}

/* One walk: the named nodes in document order, each with its type, its nearest named
 * ancestor and the end of its subtree; then a counting sort of their positions by symbol,
 * so that visiting every `call` is a scan of a short list, not a tree walk. Memory is per
 * node and a pathological 8 MB file has 8 million of them: nothing is kept twice (a
 * node's start byte is in its TSNode, the tree pointer is the file's), and the nodes
 * still open during the walk are a chain of parents, not a stack of their own. */
static int index_nodes(mlr_py *py)
{
	mlr_array(mlr_py_node_ref) nodes = { 0 };
	mlr_array(uint32_t) parents = { 0 }, ends = { 0 };
	mlr_array(uint8_t) types = { 0 };
	mlr_array(uint32_t) calls = { 0 }; /* tree depths of the calls enclosing the cursor */
	/* The innermost named node enclosing the cursor; the others are its parents. While a
	 * node is open its ends[] slot holds its tree depth, and its end once it is closed. */
	uint32_t open = MLR_PY_NO_INDEX;
	TSSymbol call = mlr_py__call_symbol;
	TSTreeCursor c = ts_tree_cursor_new(py->root);
	int error = 0;
	uint32_t depth = 0;
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&c);
		TSSymbol sym = ts_node_symbol(n);
		while (calls.len && calls.items[calls.len - 1] >= depth)
			calls.len--; /* earlier siblings' calls, not ancestors */
		while (open != MLR_PY_NO_INDEX && ends.items[open] >= depth) {
			ends.items[open] = (uint32_t)nodes.len; /* left its subtree */
			open = parents.items[open];
		}
		if (ts_node_is_named(n)) {
			mlr_py_node_ref ref = { { n.context[0], n.context[1], n.context[2], n.context[3] }, n.id };
			if (depth && (open == MLR_PY_NO_INDEX || ends.items[open] + 1 != depth))
				py->anon_parent = true;
			if (nodes.len >= UINT32_MAX - 1 || mlr_array_push(&nodes, ref) < 0 ||
			    mlr_array_push(&parents, open) < 0 || mlr_array_push(&ends, depth) < 0 ||
			    mlr_array_push(&types, (uint8_t)mlr_py_type_of_symbol(sym)) < 0) {
				error = mlr_error_set(MLR_ENOMEM, "out of memory");
				break;
			}
			open = (uint32_t)nodes.len - 1;
		}
		if (sym == call) {
			if (mlr_array_push(&calls, depth) < 0) {
				error = mlr_error_set(MLR_ENOMEM, "out of memory");
				break;
			}
			if (calls.len > MAX_CALL_DEPTH) {
				error = mlr_error_set(MLR_EIO, "calls nested more than %d deep at line %u: matching rules on them would take minutes",
					MAX_CALL_DEPTH, ts_node_start_point(n).row + 1);
				break;
			}
		}
		if (ts_tree_cursor_goto_first_child(&c)) {
			depth++;
			continue;
		}
		bool up = true;
		while (!ts_tree_cursor_goto_next_sibling(&c)) {
			if (!ts_tree_cursor_goto_parent(&c)) {
				up = false;
				break;
			}
			depth--;
		}
		if (!up)
			break;
	}
	for (; !error && open != MLR_PY_NO_INDEX; open = parents.items[open])
		ends.items[open] = (uint32_t)nodes.len;
	mlr_array_delete(&calls);
	ts_tree_cursor_delete(&c);
	/* The arrays grew by doubling: hand the unused part back before the per-file tables
	 * that follow are allocated. */
	shrink((void **)&nodes.items, nodes.len, sizeof(*nodes.items));
	shrink((void **)&parents.items, parents.len, sizeof(*parents.items));
	shrink((void **)&ends.items, ends.len, sizeof(*ends.items));
	shrink((void **)&types.items, types.len, sizeof(*types.items));
	py->nodes = nodes.items;
	py->node_count = (uint32_t)nodes.len;
	py->parent = parents.items;
	py->subtree_end = ends.items;
	py->types = types.items;
	if (error)
		return error; /* mlr_py_dispose releases what is in py */
	py->symbol_count = ts_language_symbol_count(tree_sitter_python());
	py->symbol_start = calloc((size_t)py->symbol_count + 2, sizeof(uint32_t));
	py->by_symbol = malloc((py->node_count ? py->node_count : 1) * sizeof(uint32_t));
	if (!py->symbol_start || !py->by_symbol)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	for (uint32_t i = 0; i < py->node_count; i++) {
		TSSymbol s = ts_node_symbol(mlr_py_node(py, i));
		if (s < py->symbol_count)
			py->symbol_start[s + 2]++;
	}
	for (uint32_t s = 2; s <= py->symbol_count + 1; s++)
		py->symbol_start[s] += py->symbol_start[s - 1];
	for (uint32_t i = 0; i < py->node_count; i++) {
		TSSymbol s = ts_node_symbol(mlr_py_node(py, i));
		if (s < py->symbol_count)
			py->by_symbol[py->symbol_start[s + 1]++] = i;
	}
	return 0;
}

/* Which memo slot holds a type's field: a call's function and arguments, an attribute's
 * object and attribute, an assignment's sides, a keyword's name and value. */
static int8_t memo_slot(mlr_py_type_id type, mlr_py_field_id field)
{
	switch (type) {
	case MLR_PY_T_CALL:
		return field == MLR_PY_F_FUNCTION ? 0 : field == MLR_PY_F_ARGUMENTS ? 1 : -1;
	case MLR_PY_T_ATTRIBUTE:
		return field == MLR_PY_F_OBJECT ? 0 : field == MLR_PY_F_ATTRIBUTE ? 1 : -1;
	case MLR_PY_T_ASSIGNMENT:
	case MLR_PY_T_AUGMENTED_ASSIGNMENT:
		return field == MLR_PY_F_LEFT ? 0 : field == MLR_PY_F_RIGHT ? 1 : -1;
	case MLR_PY_T_KEYWORD_ARGUMENT:
	case MLR_PY_T_DEFAULT_PARAMETER:
	case MLR_PY_T_TYPED_DEFAULT_PARAMETER:
		return field == MLR_PY_F_NAME ? 0 : field == MLR_PY_F_VALUE ? 1 : -1;
	case MLR_PY_T_PAIR:
		return field == MLR_PY_F_KEY ? 0 : field == MLR_PY_F_VALUE ? 1 : -1;
	default:
		return -1;
	}
}

static bool memoized(mlr_py_type_id type)
{
	for (int f = 0; f < MLR_PY_F_COUNT; f++)
		if (memo_slot(type, (mlr_py_field_id)f) >= 0)
			return true;
	return false;
}

/* The memo slot of the node at `at` for field, or NULL. Nodes of a type are found among
 * the positions of its symbol, which are sorted. */
static uint32_t *memo_entry(const mlr_py *py, uint32_t at, mlr_py_field_id field)
{
	mlr_py_type_id type = (mlr_py_type_id)py->types[at];
	int8_t slot = py->field_memo ? memo_slot(type, field) : -1;
	if (slot < 0 || py->memo_base[type] == MLR_PY_NO_INDEX)
		return NULL;
	TSSymbol s = symbol_of_type[type];
	const uint32_t *list = py->by_symbol + py->symbol_start[s];
	uint32_t lo = 0, hi = py->symbol_start[s + 1] - py->symbol_start[s];
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (list[mid] < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == py->symbol_start[s + 1] - py->symbol_start[s] || list[lo] != at)
		return NULL;
	return &py->field_memo[py->memo_base[type] + 2 * (size_t)lo + (size_t)slot];
}

#define MEMO_UNKNOWN UINT32_MAX      /* not asked yet */
#define MEMO_NULL (UINT32_MAX - 1)   /* asked: no such child */
#define MEMO_UNLISTED (UINT32_MAX - 2) /* asked: an anonymous child, not in the node list */

/* The memo, two slots for each node of a type that has them. */
static int memo_new(mlr_py *py)
{
	size_t total = 0;
	for (uint32_t t = 0; t < MLR_PY_T_COUNT; t++) {
		TSSymbol s = symbol_of_type[t];
		py->memo_base[t] = MLR_PY_NO_INDEX;
		if (!memoized((mlr_py_type_id)t) || s >= py->symbol_count)
			continue;
		py->memo_base[t] = (uint32_t)total;
		total += 2 * (size_t)(py->symbol_start[s + 1] - py->symbol_start[s]);
	}
	if (total >= UINT32_MAX)
		return -1;
	py->field_memo = malloc((total ? total : 1) * sizeof(uint32_t));
	if (!py->field_memo)
		return -1;
	memset(py->field_memo, 0xff, total * sizeof(uint32_t)); /* MEMO_UNKNOWN */
	return 0;
}

int mlr_py_parse(mlr_py *out, mlr_py_parser *parser, const char *src, size_t len)
{
	memset(out, 0, sizeof(*out));
	out->src = src;
	out->len = len;
	if (len > UINT32_MAX)
		return mlr_error_set(MLR_EIO, "file too large to parse");
	uint32_t deep = bracket_overflow(src, len);
	if (deep)
		return mlr_error_set(MLR_EIO, "brackets nested more than %d deep at line %u (no Python compiles it)",
			MAX_BRACKET_DEPTH, deep);
	ts_parser_reset(parser->ts);
	out->tree = ts_parser_parse_string(parser->ts, NULL, src, (uint32_t)len);
	if (!out->tree)
		return mlr_error_set(MLR_EIO, "parse timed out");
	out->root = ts_tree_root_node(out->tree);
	out->has_error = ts_node_has_error(out->root);
	int error = index_nodes(out);
	if (!error && (memo_new(out) < 0 || mlr_py_imports_collect(out) < 0 || mlr_py_callees_collect(out) < 0))
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
	if (error)
		mlr_py_dispose(out);
	return error;
}

void mlr_py_dispose(mlr_py *py)
{
	if (!py)
		return;
	for (size_t i = 0; i < py->aliases.len; i++) {
		free(py->aliases.items[i].local);
		free(py->aliases.items[i].target);
	}
	mlr_array_delete(&py->aliases);
	for (size_t i = 0; i < py->modules.len; i++)
		free(py->modules.items[i]);
	mlr_array_delete(&py->modules);
	free(py->nodes);
	free(py->symbol_start);
	free(py->by_symbol);
	free(py->parent);
	free(py->subtree_end);
	free(py->callee_at);
	free(py->callee_len);
	free(py->callee_text);
	free(py->field_memo);
	py->field_memo = NULL;
	free(py->types);
	py->types = NULL;
	py->nodes = NULL;
	py->symbol_start = py->by_symbol = NULL;
	py->parent = py->subtree_end = NULL;
	py->callee_at = py->callee_len = NULL;
	py->callee_text = NULL;
	py->node_count = 0;
	if (py->tree)
		ts_tree_delete(py->tree);
	py->tree = NULL;
}

uint32_t mlr_py_index(const mlr_py *py, TSNode n)
{
	if (ts_node_is_null(n) || !py->node_count)
		return MLR_PY_NO_INDEX;
	uint32_t at = ts_node_start_byte(n);
	uint32_t lo = 0, hi = py->node_count;
	while (lo < hi) { /* the first node starting at or after n */
		uint32_t mid = lo + (hi - lo) / 2;
		if (ts_node_start_byte(mlr_py_node(py, mid)) < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* an attribute chain and its call start at the same byte: a handful at most */
	for (; lo < py->node_count && ts_node_start_byte(mlr_py_node(py, lo)) == at; lo++)
		if (ts_node_eq(mlr_py_node(py, lo), n))
			return lo;
	return MLR_PY_NO_INDEX;
}

TSNode mlr_py_parent(const mlr_py *py, TSNode n)
{
	uint32_t i = py->anon_parent ? MLR_PY_NO_INDEX : mlr_py_index(py, n);
	if (i == MLR_PY_NO_INDEX)
		return ts_node_is_null(n) ? n : ts_node_parent(n);
	return mlr_py_parent_at(py, i);
}

void mlr_py_walk(const mlr_py *py, uint32_t at, mlr_py_walk_fn fn, void *payload)
{
	if (at >= py->node_count)
		return;
	uint32_t end = py->subtree_end[at];
	while (at < end)
		at = fn(py, at, payload) ? at + 1 : py->subtree_end[at];
}

TSNode mlr_py_field_at(const mlr_py *py, uint32_t at, mlr_py_field_id field)
{
	TSNode child;
	mlr_py_field_pos(py, at, field, &child);
	return child;
}

uint32_t mlr_py_field_pos(const mlr_py *py, uint32_t at, mlr_py_field_id field, TSNode *child)
{
	*child = (TSNode){ 0 };
	if (at >= py->node_count)
		return MLR_PY_NO_INDEX;
	uint32_t *memo = memo_entry(py, at, field);
	if (memo && *memo == MEMO_NULL)
		return MLR_PY_NO_INDEX;
	if (memo && *memo != MEMO_UNKNOWN && *memo != MEMO_UNLISTED) {
		*child = mlr_py_node(py, *memo);
		return *memo;
	}
	*child = mlr_py_child(mlr_py_node(py, at), field);
	uint32_t c = MLR_PY_NO_INDEX;
	/* among the node's own named children, a few at most for these types */
	for (uint32_t k = at + 1; !ts_node_is_null(*child) && k < py->subtree_end[at]; k = py->subtree_end[k])
		if (ts_node_eq(mlr_py_node(py, k), *child)) {
			c = k;
			break;
		}
	if (memo && *memo == MEMO_UNKNOWN)
		*memo = ts_node_is_null(*child) ? MEMO_NULL : c == MLR_PY_NO_INDEX ? MEMO_UNLISTED : c;
	return c;
}

void mlr_py_children_start(mlr_py_children *it, const mlr_py *py, TSNode n)
{
	uint32_t i = py->anon_parent ? MLR_PY_NO_INDEX : mlr_py_index(py, n);
	it->py = py;
	it->node = n;
	it->at = MLR_PY_NO_INDEX;
	it->listed = i != MLR_PY_NO_INDEX;
	if (it->listed) {
		it->next = i + 1;
		it->end = py->subtree_end[i];
	} else {
		it->next = 0;
		it->end = ts_node_is_null(n) ? 0 : ts_node_named_child_count(n);
	}
}

bool mlr_py_children_next(mlr_py_children *it, TSNode *child)
{
	if (it->next >= it->end)
		return false;
	if (!it->listed) {
		*child = ts_node_named_child(it->node, it->next++);
		it->at = mlr_py_index(it->py, *child);
		return true;
	}
	it->at = it->next;
	*child = mlr_py_node(it->py, it->next);
	it->next = it->py->subtree_end[it->next]; /* past the child's own descendants */
	return true;
}

/* Named symbols sorted by name, built once: the C library's lookup compares the name
 * with every symbol of the grammar, and checks look names up for every file. */
typedef struct {
	const char *name;
	TSSymbol symbol;
} named_symbol;

static named_symbol *symbols_by_name;
static uint32_t symbols_by_name_count;
static pthread_once_t symbols_once = PTHREAD_ONCE_INIT;

static int cmp_named_symbol(const void *a, const void *b)
{
	const named_symbol *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->symbol > y->symbol) - (x->symbol < y->symbol);
}

static void symbols_build(void)
{
	const TSLanguage *lang = tree_sitter_python();
	uint32_t n = ts_language_symbol_count(lang);
	named_symbol *tab = calloc(n ? n : 1, sizeof(*tab));
	if (!tab)
		return;
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++) {
		TSSymbol sym = (TSSymbol)i;
		if (ts_language_symbol_type(lang, sym) != TSSymbolTypeRegular)
			continue;
		tab[k].name = ts_language_symbol_name(lang, sym);
		tab[k].symbol = ts_language_symbol_for_name(lang, tab[k].name, (uint32_t)strlen(tab[k].name), true);
		k++;
	}
	qsort(tab, k, sizeof(*tab), cmp_named_symbol);
	symbols_by_name = tab;
	symbols_by_name_count = k;
}

TSSymbol mlr_py_symbol(const char *type)
{
	pthread_once(&symbols_once, symbols_build);
	size_t lo = 0, hi = symbols_by_name_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(symbols_by_name[mid].name, type);
		if (c == 0)
			return symbols_by_name[mid].symbol;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* not a named node type of this grammar: a symbol no node has */
	return (TSSymbol)-1;
}

/* Merges the visitors' lists by position, so nodes come in document order whatever their
 * types: imports must bind in order ("later bindings win"). types[] ends with NULL; at
 * most 16 of them. */
static void visit_merged(const mlr_py *py, const char *const *types, size_t n,
	void (*call)(const mlr_py *py, size_t which, uint32_t at, const void *visitors, void *payload),
	const void *visitors, void *payload)
{
	uint32_t pos[16], end[16];
	if (n > 16)
		n = 16;
	for (size_t i = 0; i < n; i++) {
		TSSymbol s = mlr_py_symbol(types[i]);
		pos[i] = end[i] = 0;
		if (s < py->symbol_count) {
			pos[i] = py->symbol_start[s];
			end[i] = py->symbol_start[s + 1];
		}
	}
	for (;;) {
		size_t best = n;
		for (size_t i = 0; i < n; i++)
			if (pos[i] < end[i] && (best == n || py->by_symbol[pos[i]] < py->by_symbol[pos[best]]))
				best = i;
		if (best == n)
			return;
		call(py, best, py->by_symbol[pos[best]++], visitors, payload);
	}
}

static void call_visitor(const mlr_py *py, size_t which, uint32_t at, const void *visitors, void *payload)
{
	((const mlr_py_visitor *)visitors)[which].fn(py, mlr_py_node(py, at), payload);
}

static void call_visitor_at(const mlr_py *py, size_t which, uint32_t at, const void *visitors, void *payload)
{
	((const mlr_py_visitor_at *)visitors)[which].fn(py, at, payload);
}

void mlr_py_visit(const mlr_py *py, const mlr_py_visitor *visitors, void *payload)
{
	const char *types[16];
	size_t n = 0;
	for (; visitors[n].type && n < 16; n++)
		types[n] = visitors[n].type;
	visit_merged(py, types, n, call_visitor, visitors, payload);
}

void mlr_py_visit_at(const mlr_py *py, const mlr_py_visitor_at *visitors, void *payload)
{
	const char *types[16];
	size_t n = 0;
	for (; visitors[n].type && n < 16; n++)
		types[n] = visitors[n].type;
	visit_merged(py, types, n, call_visitor_at, visitors, payload);
}

void mlr_py_each(const mlr_py *py, const char *type, mlr_py_visit_fn fn, void *payload)
{
	mlr_py_visitor v[2] = { { type, fn }, { NULL, NULL } };
	mlr_py_visit(py, v, payload);
}

void mlr_py_each_at(const mlr_py *py, const char *type, mlr_py_visit_at_fn fn, void *payload)
{
	mlr_py_visitor_at v[2] = { { type, fn }, { NULL, NULL } };
	mlr_py_visit_at(py, v, payload);
}
