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

/* An import binding: the local name and the dotted name it stands for. */
typedef struct {
	char *local;  /* "np" */
	char *target; /* "numpy" */
} mlr_py_alias;

typedef mlr_array(mlr_py_alias) mlr_py_alias_array;
typedef mlr_array(char *) mlr_py_module_array;

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
	TSNode *nodes;
	uint32_t node_count;
	uint32_t *symbol_start; /* symbol s occupies by_symbol[symbol_start[s] .. symbol_start[s+1]) */
	uint32_t *by_symbol;
	uint32_t symbol_count;
} mlr_py;

typedef struct mlr_py_parser mlr_py_parser;

/* One parser per worker thread. timeout_us bounds one parse (0: no limit). */
int mlr_py_parser_new(mlr_py_parser **out, uint64_t timeout_us);
void mlr_py_parser_delete(mlr_py_parser *parser);

/* Parses src and collects its imports into *out (which the caller releases with
 * mlr_py_dispose). MLR_EIO with a message when the parse is cancelled by the timeout. */
int mlr_py_parse(mlr_py *out, mlr_py_parser *parser, const char *src, size_t len);
void mlr_py_dispose(mlr_py *py);

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

/* Resolves a dotted name through the file's imports: with `import numpy as np`,
 * "np.load" → "numpy.load"; with `from torch import load as tl`, "tl" → "torch.load".
 * Unknown roots are returned unchanged. Writes into out (reset first). */
void mlr_py_resolve(mlr_buf *out, const mlr_py *py, const char *dotted, size_t len);

/* The resolved callee of a `call` node into out; false when it has no dotted name. */
bool mlr_py_callee(mlr_buf *out, const mlr_py *py, TSNode call);

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

/* The grammar symbol of a named node type ("call"), or a symbol no node has. */
TSSymbol mlr_py_symbol(const char *type);

/* One walk, several node types: visitors[] ends with a { NULL, NULL } entry. */
typedef struct {
	const char *type;
	mlr_py_visit_fn fn;
} mlr_py_visitor;

void mlr_py_visit(const mlr_py *py, const mlr_py_visitor *visitors, void *payload);

#endif
