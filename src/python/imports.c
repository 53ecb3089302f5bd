/* Import bindings of one file, from every import statement in it (imports inside functions
 * and `if` blocks count: training scripts often import trackers lazily). */
#include "python/py.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

typedef struct {
	int failed;
} collect_state;

int mlr_py_add_alias(mlr_py *py, const char *local, size_t llen, const char *target, size_t tlen)
{
	mlr_py_alias a = { mlr_strndup(local, llen), mlr_strndup(target, tlen), 0 };
	if (a.local)
		a.local_len = strlen(a.local);
	if (!a.local || !a.target || mlr_array_push(&py->aliases, a) < 0) {
		free(a.local);
		free(a.target);
		return -1;
	}
	return 0;
}

int mlr_py_add_module(mlr_py *py, const char *name, size_t len)
{
	char *m = mlr_strndup(name, len);
	if (!m || mlr_array_push(&py->modules, m) < 0) {
		free(m);
		return -1;
	}
	return 0;
}

/* Text of a dotted_name or relative_import node, without whitespace. */
static void node_name(mlr_buf *out, const mlr_py *py, TSNode n)
{
	size_t len;
	const char *t = mlr_py_text(py, n, &len);
	for (size_t i = 0; i < len; i++)
		if (t[i] != ' ' && t[i] != '\t' && t[i] != '\\' && t[i] != '\n' && t[i] != '\r')
			mlr_buf_putc(out, t[i]);
}

static void visit_import(const mlr_py *cpy, TSNode n, void *payload)
{
	mlr_py *py = (mlr_py *)cpy;
	collect_state *st = payload;
	uint32_t count = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_named_child(n, i);
		mlr_py_type_id type = mlr_py_type(c);
		mlr_buf name = MLR_BUF_INIT, alias = MLR_BUF_INIT;
		if (type == MLR_PY_T_DOTTED_NAME) {
			node_name(&name, py, c);
			const char *dot = strchr(mlr_buf_cstr(&name), '.');
			size_t rootlen = dot ? (size_t)(dot - name.ptr) : name.len;
			if (name.len && (mlr_py_add_module(py, name.ptr, name.len) < 0 ||
			                 mlr_py_add_alias(py, name.ptr, rootlen, name.ptr, rootlen) < 0))
				st->failed = 1;
		} else if (type == MLR_PY_T_ALIASED_IMPORT) {
			node_name(&name, py, mlr_py_child(c, MLR_PY_F_NAME));
			node_name(&alias, py, mlr_py_child(c, MLR_PY_F_ALIAS));
			if (name.len && alias.len && (mlr_py_add_module(py, name.ptr, name.len) < 0 ||
			                              mlr_py_add_alias(py, alias.ptr, alias.len, name.ptr, name.len) < 0))
				st->failed = 1;
		}
		mlr_buf_dispose(&name);
		mlr_buf_dispose(&alias);
	}
}

static void visit_import_from(const mlr_py *cpy, TSNode n, void *payload)
{
	mlr_py *py = (mlr_py *)cpy;
	collect_state *st = payload;
	TSNode modnode = mlr_py_child(n, MLR_PY_F_MODULE_NAME);
	if (ts_node_is_null(modnode))
		return;
	mlr_buf mod = MLR_BUF_INIT;
	node_name(&mod, py, modnode);
	if (!mod.len || mlr_py_add_module(py, mod.ptr, mod.len) < 0) {
		st->failed |= mod.oom;
		mlr_buf_dispose(&mod);
		return;
	}
	uint32_t count = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_named_child(n, i);
		if (ts_node_eq(c, modnode))
			continue;
		mlr_py_type_id type = mlr_py_type(c);
		mlr_buf name = MLR_BUF_INIT, local = MLR_BUF_INIT, target = MLR_BUF_INIT;
		if (type == MLR_PY_T_DOTTED_NAME) {
			node_name(&name, py, c);
			mlr_buf_put(&local, mlr_buf_cstr(&name), name.len);
		} else if (type == MLR_PY_T_ALIASED_IMPORT) {
			node_name(&name, py, mlr_py_child(c, MLR_PY_F_NAME));
			node_name(&local, py, mlr_py_child(c, MLR_PY_F_ALIAS));
		}
		if (name.len && local.len) {
			mlr_buf_put(&target, mod.ptr, mod.len);
			if (mod.ptr[mod.len - 1] != '.')
				mlr_buf_putc(&target, '.');
			mlr_buf_put(&target, name.ptr, name.len);
			if (target.oom || mlr_py_add_alias(py, local.ptr, local.len, target.ptr, target.len) < 0)
				st->failed = 1;
		}
		mlr_buf_dispose(&name);
		mlr_buf_dispose(&local);
		mlr_buf_dispose(&target);
	}
	mlr_buf_dispose(&mod);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int mlr_py_imports_collect(mlr_py *py)
{
	collect_state st = { 0 };
	static const mlr_py_visitor visitors[] = {
		{ "import_statement", visit_import },
		{ "import_from_statement", visit_import_from },
		{ NULL, NULL }
	};
	mlr_py_visit(py, visitors, &st);
	if (st.failed)
		return -1;
	mlr_py_modules_sort(py);
	return 0;
}

void mlr_py_modules_sort(mlr_py *py)
{
	if (py->modules.len > 1) {
		qsort(py->modules.items, py->modules.len, sizeof(char *), cmp_str);
		size_t w = 1;
		for (size_t r = 1; r < py->modules.len; r++) {
			if (strcmp(py->modules.items[r], py->modules.items[w - 1]))
				py->modules.items[w++] = py->modules.items[r];
			else
				free(py->modules.items[r]);
		}
		py->modules.len = w;
	}
}

bool mlr_py_imports(const mlr_py *py, const char *module)
{
	size_t ml = strlen(module);
	for (size_t i = 0; i < py->modules.len; i++) {
		const char *m = py->modules.items[i];
		if (!strncmp(m, module, ml) && (m[ml] == '\0' || m[ml] == '.'))
			return true;
	}
	return false;
}
