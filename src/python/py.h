/*
 * Python analysis: one tree-sitter parse per file, the file's import aliases, and helpers
 * that name what a call resolves to ("np.load" → "numpy.load").
 */
#ifndef MLR_PYTHON_PY_H
#define MLR_PYTHON_PY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "core/array.h"
#include "core/buf.h"

const TSLanguage *tree_sitter_python(void);

/*
 * Node types and fields by number. tree-sitter names both with strings, and comparing a
 * node's type or finding its `function` child by name means a string compare on every
 * call (a child lookup by name scans the grammar's field names). The names the code uses
 * are listed here once and resolved against the grammar when the first parser is made.
 */
#define MLR_PY_TYPES(X) \
	X(ALIASED_IMPORT, "aliased_import") X(ARGUMENT_LIST, "argument_list") \
	X(AS_PATTERN, "as_pattern") X(ASSERT_STATEMENT, "assert_statement") \
	X(ASSIGNMENT, "assignment") X(ATTRIBUTE, "attribute") \
	X(AUGMENTED_ASSIGNMENT, "augmented_assignment") X(AWAIT, "await") X(BLOCK, "block") \
	X(CALL, "call") X(CLASS_DEFINITION, "class_definition") X(COMMENT, "comment") \
	X(COMPARISON_OPERATOR, "comparison_operator") X(CONCATENATED_STRING, "concatenated_string") \
	X(CONDITIONAL_EXPRESSION, "conditional_expression") \
	X(CONTINUE_STATEMENT, "continue_statement") \
	X(DECORATED_DEFINITION, "decorated_definition") X(DECORATOR, "decorator") \
	X(DEFAULT_PARAMETER, "default_parameter") X(DICTIONARY, "dictionary") \
	X(DICTIONARY_SPLAT, "dictionary_splat") X(DOTTED_NAME, "dotted_name") \
	X(ELLIPSIS, "ellipsis") X(EXCEPT_CLAUSE, "except_clause") \
	X(EXPRESSION_STATEMENT, "expression_statement") X(FALSE, "false") \
	X(FOR_STATEMENT, "for_statement") X(FUNCTION_DEFINITION, "function_definition") \
	X(IDENTIFIER, "identifier") X(IF_STATEMENT, "if_statement") \
	X(IMPORT_FROM_STATEMENT, "import_from_statement") X(IMPORT_STATEMENT, "import_statement") \
	X(INTERPOLATION, "interpolation") X(KEYWORD_ARGUMENT, "keyword_argument") \
	X(LAMBDA, "lambda") X(LIST, "list") X(LIST_PATTERN, "list_pattern") \
	X(LIST_SPLAT, "list_splat") X(MATCH_STATEMENT, "match_statement") X(MODULE, "module") \
	X(NONE, "none") X(PAIR, "pair") X(PARENTHESIZED_EXPRESSION, "parenthesized_expression") \
	X(PASS_STATEMENT, "pass_statement") X(PATTERN_LIST, "pattern_list") \
	X(RAISE_STATEMENT, "raise_statement") X(RETURN_STATEMENT, "return_statement") \
	X(STRING, "string") X(STRING_CONTENT, "string_content") X(SUBSCRIPT, "subscript") \
	X(TRUE, "true") X(TRY_STATEMENT, "try_statement") X(TUPLE, "tuple") \
	X(TUPLE_PATTERN, "tuple_pattern") X(TYPED_DEFAULT_PARAMETER, "typed_default_parameter") \
	X(TYPED_PARAMETER, "typed_parameter") X(WHILE_STATEMENT, "while_statement") \
	X(WITH_STATEMENT, "with_statement")

#define MLR_PY_FIELDS(X) \
	X(ALIAS, "alias") X(ARGUMENTS, "arguments") X(ATTRIBUTE, "attribute") X(BODY, "body") \
	X(CONDITION, "condition") X(DEFINITION, "definition") X(FUNCTION, "function") \
	X(KEY, "key") X(LEFT, "left") X(MODULE_NAME, "module_name") X(NAME, "name") \
	X(OBJECT, "object") X(PARAMETERS, "parameters") X(RIGHT, "right") \
	X(SUBSCRIPT, "subscript") X(SUPERCLASSES, "superclasses") X(TYPE, "type") \
	X(VALUE, "value")

typedef enum {
	MLR_PY_T_OTHER = 0, /* a type the list does not name, or a null node */
#define MLR_PY__TYPE_ENUM(id, name) MLR_PY_T_##id,
	MLR_PY_TYPES(MLR_PY__TYPE_ENUM)
#undef MLR_PY__TYPE_ENUM
	MLR_PY_T_COUNT
} mlr_py_type_id;

typedef enum {
#define MLR_PY__FIELD_ENUM(id, name) MLR_PY_F_##id,
	MLR_PY_FIELDS(MLR_PY__FIELD_ENUM)
#undef MLR_PY__FIELD_ENUM
	MLR_PY_F_COUNT
} mlr_py_field_id;

/* An import binding: the local name and the dotted name it stands for. */
typedef struct {
	char *local;  /* "np" */
	char *target; /* "numpy" */
	size_t local_len;
} mlr_py_alias;

typedef mlr_array(mlr_py_alias) mlr_py_alias_array;
typedef mlr_array(char *) mlr_py_module_array;

/* A node of the list below: a TSNode without its tree pointer, which every node of a file
 * shares (mlr_py_node puts it back). A pathological 8 MB file has 8 million nodes. */
typedef struct {
	uint32_t context[4];
	const void *id;
} mlr_py_node_ref;

typedef struct {
	const char *src;      /* the file's bytes (not owned) */
	size_t len;
	TSTree *tree;
	TSNode root;
	bool has_error;       /* the tree contains syntax errors */
	mlr_py_alias_array aliases;
	mlr_py_module_array modules; /* every module imported, dotted, sorted, unique */
	/* Every named node in document order, and for each grammar symbol the positions of its
	 * nodes in that list: one tree walk per file serves every check that visits nodes. */
	mlr_py_node_ref *nodes; /* read them with mlr_py_node */
	uint32_t node_count;
	uint32_t *symbol_start; /* symbol s occupies by_symbol[symbol_start[s] .. symbol_start[s+1]) */
	uint32_t *by_symbol;
	uint32_t symbol_count;
	/* Per node of that list: the position of its nearest named ancestor (MLR_PY_NO_INDEX
	 * for the root), and the position just past its last named descendant, so that a
	 * subtree is a range. (Positions are found by start byte: the list is in document
	 * order.) */
	uint32_t *parent;
	uint32_t *subtree_end;
	uint8_t *types;   /* mlr_py_type of each */
	bool anon_parent; /* some named node sits under an anonymous one: parents come from tree-sitter */
	/* The resolved callee of every call (mlr_py_callee), in the order of the calls in
	 * by_symbol: offset into callee_text, or MLR_PY_NO_INDEX when the call has no dotted
	 * name. Computed once per file; a dozen checks ask it of every call. */
	uint32_t *callee_at;
	uint32_t *callee_len;
	char *callee_text;
	/* Children by field, remembered as checks ask for them (mlr_py_field_at): two slots
	 * for each node of the types that have them, their meaning set by the type; the nodes
	 * of type t start at memo_base[t] and come in their by_symbol order. */
	uint32_t *field_memo;
	uint32_t memo_base[MLR_PY_T_COUNT];
} mlr_py;

#define MLR_PY_NO_INDEX UINT32_MAX

typedef struct mlr_py_parser mlr_py_parser;

/* One parser per worker thread. timeout_us bounds one parse (0: no limit). */
int mlr_py_parser_new(mlr_py_parser **out, uint64_t timeout_us);
void mlr_py_parser_delete(mlr_py_parser *parser);

/* Parses src into *out (which the caller releases with mlr_py_dispose): the tree, its node
 * index, its imports and every call's resolved callee. MLR_EIO with a message when the
 * parse is cancelled by the timeout. */
int mlr_py_parse(mlr_py *out, mlr_py_parser *parser, const char *src, size_t len);
void mlr_py_dispose(mlr_py *py);

/* Resolves the names against the grammar, once (mlr_py_parser_new does it; code that makes
 * its own TSParser calls it first). 0, or MLR_ENOMEM. */
int mlr_py_grammar_init(void);

/* Filled by mlr_py_grammar_init; read-only after. */
extern const uint8_t *mlr_py__type_of_symbol; /* grammar symbol -> mlr_py_type_id */
extern uint32_t mlr_py__type_of_symbol_len;
extern uint8_t mlr_py__error_type;            /* for ts_builtin_sym_error, past the table */
extern TSFieldId mlr_py__field_ids[MLR_PY_F_COUNT];
extern TSSymbol mlr_py__call_symbol;

static inline mlr_py_type_id mlr_py_type_of_symbol(TSSymbol s)
{
	if (s < mlr_py__type_of_symbol_len)
		return (mlr_py_type_id)mlr_py__type_of_symbol[s];
	return s == (TSSymbol)-1 ? (mlr_py_type_id)mlr_py__error_type : MLR_PY_T_OTHER;
}

/* The node's type as listed above: `mlr_py_type(n) == MLR_PY_T_CALL` holds exactly when
 * strcmp(ts_node_type(n), "call") == 0, for named and anonymous nodes alike. */
static inline mlr_py_type_id mlr_py_type(TSNode n)
{
	return ts_node_is_null(n) ? MLR_PY_T_OTHER : mlr_py_type_of_symbol(ts_node_symbol(n));
}

static inline bool mlr_py_is(TSNode n, mlr_py_type_id type)
{
	return mlr_py_type(n) == type;
}

/* ts_node_child_by_field_name(n, "function", 8), without the name lookup; null for a
 * null node. */
static inline TSNode mlr_py_child(TSNode n, mlr_py_field_id field)
{
	if (ts_node_is_null(n))
		return n;
	return ts_node_child_by_field_id(n, mlr_py__field_ids[field]);
}

/* The node at position `at` of py->nodes. */
static inline TSNode mlr_py_node(const mlr_py *py, uint32_t at)
{
	const mlr_py_node_ref *r = &py->nodes[at];
	TSNode n = { { r->context[0], r->context[1], r->context[2], r->context[3] }, r->id, py->tree };
	return n;
}

/* n's position in py->nodes, or MLR_PY_NO_INDEX (an anonymous node, a null node). */
uint32_t mlr_py_index(const mlr_py *py, TSNode n);

/* ts_node_parent(n), from the node list when n is in it: tree-sitter 0.20.7 finds a
 * parent by descending from the root, which checks that ask it in a loop pay per level.
 * (py->parent[] holds the structural parent; see mlr_py_parent_at.) */
TSNode mlr_py_parent(const mlr_py *py, TSNode n);

/* Visits the node at position `at` of py->nodes and its named descendants, in document
 * order, by position: fn reads mlr_py_node(py, at), py->types[at], py->parent[at] without
 * asking tree-sitter. Returning false from fn skips the node's descendants. */
typedef bool (*mlr_py_walk_fn)(const mlr_py *py, uint32_t at, void *payload);
void mlr_py_walk(const mlr_py *py, uint32_t at, mlr_py_walk_fn fn, void *payload);

/* mlr_py_child of the node at position `at`; the children checks ask for again and again
 * (a call's function, an assignment's sides, a keyword's value) are looked up once. */
TSNode mlr_py_field_at(const mlr_py *py, uint32_t at, mlr_py_field_id field);
/* The same, with the child's position (MLR_PY_NO_INDEX when there is no child, or it is
 * an anonymous one, *child then telling which). */
uint32_t mlr_py_field_pos(const mlr_py *py, uint32_t at, mlr_py_field_id field, TSNode *child);

/* mlr_py_parent of the node at position `at`. tree-sitter 0.20.7 finds a parent by
 * position, and for a zero-width node (a missing token, an empty block after an ERROR)
 * that can be a node before it rather than the one holding it; such nodes keep that
 * answer, so that checks see what they always saw. */
static inline TSNode mlr_py_parent_at(const mlr_py *py, uint32_t at)
{
	TSNode n = mlr_py_node(py, at);
	if (py->anon_parent || ts_node_start_byte(n) == ts_node_end_byte(n))
		return ts_node_parent(n);
	return py->parent[at] == MLR_PY_NO_INDEX ? (TSNode){ 0 } : mlr_py_node(py, py->parent[at]);
}

/* The named children of a node, first to last:
 *
 *     mlr_py_children it;
 *     TSNode c;
 *     for (mlr_py_children_start(&it, py, n); mlr_py_children_next(&it, &c);)
 *
 * ts_node_named_child(n, i) starts again from the first child on every call, which makes
 * a loop over a module's statements quadratic; this steps through the node list. */
typedef struct {
	const mlr_py *py;
	TSNode node;     /* n, when it is not in the node list */
	uint32_t next, end; /* positions in the node list, or the child index and count */
	bool listed;
	uint32_t at;     /* the child just returned: its position in the node list */
} mlr_py_children;

void mlr_py_children_start(mlr_py_children *it, const mlr_py *py, TSNode n);
bool mlr_py_children_next(mlr_py_children *it, TSNode *child);

/* The node's source text (not NUL-terminated). */
static inline const char *mlr_py_text(const mlr_py *py, TSNode n, size_t *len)
{
	uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
	if (e > py->len)
		e = (uint32_t)py->len;
	if (s > e)
		s = e;
	*len = e - s;
	return py->src + s;
}

bool mlr_py_text_eq(const mlr_py *py, TSNode n, const char *s);
/* Whether two nodes have the same source text (`model` here and `model` there). */
bool mlr_py_same_text(const mlr_py *py, TSNode a, TSNode b);

/* Import bindings, for the tree walk (imports.c) and the lexer (importscan.c) alike. */
int mlr_py_add_module(mlr_py *py, const char *name, size_t len);
int mlr_py_add_alias(mlr_py *py, const char *local, size_t llen, const char *target, size_t tlen);
/* Sorts py->modules and drops repeats. */
void mlr_py_modules_sort(mlr_py *py);
/* Fills py->modules and py->aliases from src without a tree (py otherwise zeroed): what
 * mlr_py_parse would collect, for a file that is not parsed. -1 when out of memory. */
int mlr_py_scan_imports(mlr_py *py, const char *src, size_t len);

/* Appends the dotted name of an identifier/attribute chain ("a.b.c") to out. A chain whose
 * root is not a name (a call, a subscript) yields ".c" for its last attribute. Returns
 * false (appending nothing) for anything else. */
bool mlr_py_dotted(mlr_buf *out, const mlr_py *py, TSNode n);
/* ... of the node at position `at` of py->nodes. */
bool mlr_py_dotted_at(mlr_buf *out, const mlr_py *py, uint32_t at);

/* Resolves a dotted name through the file's imports: with `import numpy as np`,
 * "np.load" → "numpy.load"; with `from torch import load as tl`, "tl" → "torch.load".
 * Unknown roots are returned unchanged. Writes into out (reset first). */
void mlr_py_resolve(mlr_buf *out, const mlr_py *py, const char *dotted, size_t len);

/* The resolved callee of a `call` node into out; false when it has no dotted name. */
bool mlr_py_callee(mlr_buf *out, const mlr_py *py, TSNode call);

/* The same without a copy: the name (NUL-terminated, valid while py is) and its length,
 * or NULL when the call has no dotted name. For a call node of py's tree. */
const char *mlr_py_callee_name(const mlr_py *py, TSNode call, size_t *len);
/* ... of the call at position `at` of py->nodes. */
const char *mlr_py_callee_name_at(const mlr_py *py, uint32_t at, size_t *len);

/* True if the file imports module or any submodule of it ("torch" matches "torch.nn"). */
bool mlr_py_imports(const mlr_py *py, const char *module);

/* A string literal's content without prefix and quotes (no escapes decoded); false when n is
 * not a plain string (f-strings with interpolation, concatenations, bytes are false). */
bool mlr_py_string_value(const mlr_py *py, TSNode n, const char **value, size_t *len);

/* The keyword argument `name=` of a call node, or a null node. */
TSNode mlr_py_kwarg(const mlr_py *py, TSNode call, const char *name);

/* The idx-th positional argument of a call node (0-based), or a null node. */
TSNode mlr_py_positional(TSNode call, uint32_t idx);

/* Calls fn for every node of the given grammar symbol name, in document order. */
typedef void (*mlr_py_visit_fn)(const mlr_py *py, TSNode node, void *payload);
void mlr_py_each(const mlr_py *py, const char *type, mlr_py_visit_fn fn, void *payload);
/* The same, given each node's position in py->nodes. */
typedef void (*mlr_py_visit_at_fn)(const mlr_py *py, uint32_t at, void *payload);
void mlr_py_each_at(const mlr_py *py, const char *type, mlr_py_visit_at_fn fn, void *payload);

/* The grammar symbol of a named node type ("call"), or a symbol no node has. */
TSSymbol mlr_py_symbol(const char *type);

/* One walk, several node types: visitors[] ends with a { NULL, NULL } entry. */
typedef struct {
	const char *type;
	mlr_py_visit_fn fn;
} mlr_py_visitor;

void mlr_py_visit(const mlr_py *py, const mlr_py_visitor *visitors, void *payload);

/* The same, each visitor given the node's position in py->nodes. */
typedef struct {
	const char *type;
	mlr_py_visit_at_fn fn;
} mlr_py_visitor_at;

void mlr_py_visit_at(const mlr_py *py, const mlr_py_visitor_at *visitors, void *payload);

#endif
