#include "rules/checks/pyscan.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"

void mlr_pyscan_walk(const mlr_py *py, TSNode root, mlr_pyscan_fn fn, void *payload)
{
	/* A named node's subtree is a range of the file's node list: no tree-sitter cursor,
	 * whose sibling steps cost more than the visits. Anonymous nodes (punctuation,
	 * keywords) are not in the list; no visitor looks at them. */
	uint32_t i = py->anon_parent ? MLR_PY_NO_INDEX : mlr_py_index(py, root);
	if (i != MLR_PY_NO_INDEX) {
		uint32_t end = py->subtree_end[i];
		while (i < end)
			i = fn(py, mlr_py_node(py, i), payload) ? i + 1 : py->subtree_end[i];
		return;
	}
	/* not in the node list (an anonymous root): with a cursor */
	TSTreeCursor c = ts_tree_cursor_new(root);
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&c);
		if (fn(py, n, payload) && ts_tree_cursor_goto_first_child(&c))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&c)) {
			if (!ts_tree_cursor_goto_parent(&c)) {
				ts_tree_cursor_delete(&c);
				return;
			}
		}
	}
}

bool mlr_pyscan_imports(const mlr_py *py, const char *module)
{
	if (mlr_py_imports(py, module))
		return true;
	size_t ml = strlen(module);
	for (size_t i = 0; i < py->aliases.len; i++) {
		const char *t = py->aliases.items[i].target;
		if (!strncmp(t, module, ml) && (t[ml] == '\0' || t[ml] == '.'))
			return true;
	}
	return false;
}

const char *mlr_pyscan_imports_any(const mlr_py *py, const char *const *modules)
{
	for (size_t i = 0; modules[i]; i++)
		if (mlr_pyscan_imports(py, modules[i]))
			return modules[i];
	return NULL;
}

/* Web and model servers a team runs in production (demo UIs such as Gradio and Streamlit
 * are left out), then the orchestrators batch pipelines run on. */
static const char *const service_modules[] = {
	"fastapi", "flask", "bentoml", "ray.serve", "kserve", "litserve", "starlette", "sanic",
	"aiohttp.web", "ts.torch_handler", "mlserver", "tornado.web", "quart", "falcon", "litestar",
	"connexion", "triton_python_backend_utils", "seldon_core",
	"airflow", "prefect", "dagster", "kfp", "luigi", "metaflow", "zenml", "apache_beam",
	"flytekit", "kedro", "celery", NULL
};

static bool is_lambda_handler(const mlr_py *py, TSNode def)
{
	TSNode name = mlr_py_child(def, MLR_PY_F_NAME);
	if (mlr_py_text_eq(py, name, "lambda_handler"))
		return true;
	if (!mlr_py_text_eq(py, name, "handler"))
		return false;
	TSNode params = mlr_py_child(def, MLR_PY_F_PARAMETERS);
	if (ts_node_is_null(params) || ts_node_named_child_count(params) != 2)
		return false;
	return mlr_py_text_eq(py, ts_node_named_child(params, 0), "event") &&
	       mlr_py_text_eq(py, ts_node_named_child(params, 1), "context");
}

bool mlr_pyscan_defines_lambda_handler(const mlr_py *py)
{
	mlr_py_children it;
	TSNode s;
	for (mlr_py_children_start(&it, py, py->root); mlr_py_children_next(&it, &s);) {
		if (mlr_py_is(s, MLR_PY_T_DECORATED_DEFINITION))
			s = mlr_py_child(s, MLR_PY_F_DEFINITION);
		if (!ts_node_is_null(s) && mlr_py_is(s, MLR_PY_T_FUNCTION_DEFINITION) && is_lambda_handler(py, s))
			return true;
	}
	return false;
}

const char *mlr_pyscan_service_kind(const mlr_py *py)
{
	const char *m = mlr_pyscan_imports_any(py, service_modules);
	if (m)
		return m;
	return mlr_pyscan_defines_lambda_handler(py) ? "AWS Lambda" : NULL;
}

TSNode mlr_pyscan_enclosing_function(const mlr_py *py, TSNode n)
{
	for (TSNode p = mlr_py_parent(py, n); !ts_node_is_null(p); p = mlr_py_parent(py, p)) {
		mlr_py_type_id t = mlr_py_type(p);
		if (t == MLR_PY_T_FUNCTION_DEFINITION || t == MLR_PY_T_LAMBDA)
			return p;
	}
	return (TSNode){ 0 };
}

TSNode mlr_pyscan_enclosing_class(const mlr_py *py, TSNode fn)
{
	TSNode p = mlr_py_parent(py, fn);
	if (!ts_node_is_null(p) && mlr_py_is(p, MLR_PY_T_DECORATED_DEFINITION))
		p = mlr_py_parent(py, p);
	if (ts_node_is_null(p) || !mlr_py_is(p, MLR_PY_T_BLOCK))
		return (TSNode){ 0 };
	p = mlr_py_parent(py, p);
	return !ts_node_is_null(p) && mlr_py_is(p, MLR_PY_T_CLASS_DEFINITION) ? p : (TSNode){ 0 };
}

bool mlr_pyscan_class_defines(const mlr_py *py, TSNode cls, const char *method)
{
	TSNode body = ts_node_is_null(cls) ? cls : mlr_py_child(cls, MLR_PY_F_BODY);
	uint32_t n = ts_node_is_null(body) ? 0 : ts_node_named_child_count(body);
	for (uint32_t i = 0; i < n; i++) {
		TSNode d = ts_node_named_child(body, i);
		if (mlr_py_is(d, MLR_PY_T_DECORATED_DEFINITION))
			d = mlr_py_child(d, MLR_PY_F_DEFINITION);
		if (mlr_py_is(d, MLR_PY_T_FUNCTION_DEFINITION) && mlr_py_text_eq(py, mlr_py_child(d, MLR_PY_F_NAME), method))
			return true;
	}
	return false;
}

bool mlr_pyscan_in_main_guard(const mlr_py *py, TSNode n)
{
	for (TSNode p = mlr_py_parent(py, n); !ts_node_is_null(p); p = mlr_py_parent(py, p)) {
		if (!mlr_py_is(p, MLR_PY_T_IF_STATEMENT))
			continue;
		TSNode parent = mlr_py_parent(py, p);
		if (ts_node_is_null(parent) || !mlr_py_is(parent, MLR_PY_T_MODULE))
			continue;
		TSNode cond = mlr_py_child(p, MLR_PY_F_CONDITION);
		size_t len;
		const char *t = mlr_py_text(py, cond, &len);
		if (len < 64 && memmem(t, len, "__name__", 8) && memmem(t, len, "__main__", 8))
			return true;
	}
	return false;
}

const char *mlr_pyscan_last(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot ? dot + 1 : name;
}

/* path == stem + suffix, or (unanchored) ends with "/" stem suffix. */
static bool path_is(const char *path, const char *stem, size_t n, const char *suffix, bool anchored)
{
	size_t plen = strlen(path), sl = strlen(suffix);
	if (plen < n + sl || strcmp(path + plen - sl, suffix) || memcmp(path + plen - sl - n, stem, n))
		return false;
	if (plen == n + sl)
		return true;
	return !anchored && path[plen - sl - n - 1] == '/';
}

bool mlr_pyscan_module_is_path(const char *module, const char *importer, const char *path)
{
	char want[512];
	size_t dots = 0;
	while (module[dots] == '.')
		dots++;
	size_t n = 0;
	if (dots) {
		const char *slash = strrchr(importer, '/');
		size_t dirlen = slash ? (size_t)(slash - importer) : 0;
		/* each dot beyond the first climbs one directory */
		for (size_t up = 1; up < dots && dirlen; up++) {
			while (dirlen && importer[dirlen - 1] != '/')
				dirlen--;
			if (dirlen)
				dirlen--;
		}
		if (dirlen + 1 >= sizeof(want))
			return false;
		memcpy(want, importer, dirlen);
		n = dirlen;
		if (n)
			want[n++] = '/';
	}
	if (!module[dots])
		return false; /* `from . import x` names x, not the package */
	for (const char *p = module + dots; *p && n + 1 < sizeof(want); p++)
		want[n++] = *p == '.' ? '/' : *p;
	want[n] = '\0';
	return path_is(path, want, n, ".py", dots > 0) || path_is(path, want, n, "/__init__.py", dots > 0);
}

typedef struct {
	const char *stem; /* into the path */
	size_t len;
	size_t file;
} stem_entry;

static int cmp_stem(const void *pa, const void *pb)
{
	const stem_entry *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->stem, b->stem, n);
	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

/* "pkg/sub.py" → "sub", "pkg/sub/__init__.py" → "sub": the name an import ends with. */
static bool module_stem(const char *path, const char **stem, size_t *len)
{
	size_t pl = strlen(path);
	if (pl < 4 || strcmp(path + pl - 3, ".py"))
		return false;
	const char *end = path + pl - 3;
	const char *slash = memrchr(path, '/', (size_t)(end - path));
	const char *base = slash ? slash + 1 : path;
	if (!strcmp(base, "__init__.py")) {
		if (!slash)
			return false;
		end = slash;
		slash = memrchr(path, '/', (size_t)(end - path));
		base = slash ? slash + 1 : path;
	}
	*stem = base;
	*len = (size_t)(end - base);
	return *len > 0;
}

bool mlr_pyscan_is_notebook(const char *path)
{
	size_t pl = strlen(path);
	return pl >= 6 && !strcmp(path + pl - 6, ".ipynb");
}

bool mlr_pyscan_has_dir(const char *path, const char *dir)
{
	size_t dl = strlen(dir);
	for (const char *p = path; (p = strstr(p, dir)); p += dl)
		if ((p == path || p[-1] == '/') && p[dl] == '/')
			return true;
	return false;
}

void mlr_pyscan_graph_dispose(mlr_pyscan_graph *g)
{
	if (!g)
		return;
	for (size_t i = 0; g->to && i < g->n; i++)
		free(g->to[i]);
	free(g->to);
	free(g->count);
	memset(g, 0, sizeof(*g));
}

int mlr_pyscan_graph_build(mlr_pyscan_graph *g, const mlr_repo_ctx *ctx)
{
	size_t n = ctx->files->len;
	mlr_array(stem_entry) stems = { 0 };
	int error = 0;
	memset(g, 0, sizeof(*g));
	g->n = n;
	g->to = calloc(n ? n : 1, sizeof(size_t *));
	g->count = calloc(n ? n : 1, sizeof(size_t));
	if (!g->to || !g->count)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		stem_entry e = { .file = i };
		if ((ctx->facts[i].flags & MLR_FACT_PYTHON) && module_stem(ctx->files->items[i].path, &e.stem, &e.len) &&
		    mlr_array_push(&stems, e) < 0)
			goto oom;
	}
	if (stems.len > 1)
		qsort(stems.items, stems.len, sizeof(stem_entry), cmp_stem);
	for (size_t i = 0; i < n; i++) {
		const mlr_file_facts *f = &ctx->facts[i];
		mlr_array(size_t) to = { 0 };
		for (size_t m = 0; m < f->import_count; m++) {
			const char *mod = f->imports[m];
			const char *last = mlr_pyscan_last(mod);
			stem_entry key = { last, strlen(last), 0 };
			if (!key.len || !stems.len)
				continue;
			stem_entry *hit = bsearch(&key, stems.items, stems.len, sizeof(stem_entry), cmp_stem);
			if (!hit)
				continue;
			while (hit > stems.items && !cmp_stem(hit - 1, &key))
				hit--;
			for (; hit < stems.items + stems.len && !cmp_stem(hit, &key); hit++)
				if (hit->file != i &&
				    mlr_pyscan_module_is_path(mod, ctx->files->items[i].path, ctx->files->items[hit->file].path) &&
				    mlr_array_push(&to, hit->file) < 0) {
					mlr_array_delete(&to);
					goto oom;
				}
		}
		g->to[i] = to.items;
		g->count[i] = to.len;
	}
	goto cleanup;
oom:
	mlr_pyscan_graph_dispose(g);
	error = mlr_error_set(MLR_ENOMEM, "out of memory");
cleanup:
	mlr_array_delete(&stems);
	return error;
}

bool mlr_pyscan_graph_edge(const mlr_pyscan_graph *g, size_t from, size_t to)
{
	if (from >= g->n)
		return false;
	for (size_t k = 0; k < g->count[from]; k++)
		if (g->to[from][k] == to)
			return true;
	return false;
}

bool mlr_pyscan_is_test_code(const char *path, uint32_t flags)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	return (flags & MLR_FACT_TEST_FILE) || !strcmp(base, "conftest.py") || mlr_pyscan_has_dir(path, "tests") ||
	       mlr_pyscan_has_dir(path, "test") || mlr_pyscan_has_dir(path, "testing");
}

bool mlr_pyscan_is_operated_app(const mlr_repo_ctx *ctx, size_t i)
{
	const char *path = ctx->files->items[i].path;
	uint32_t fl = ctx->facts[i].flags;
	return (fl & MLR_FACT_WEB_APP) && !mlr_pyscan_is_notebook(path) && !mlr_pyscan_is_test_code(path, fl) &&
	       !mlr_pyscan_has_dir(path, "docs") && !mlr_pyscan_has_dir(path, "examples");
}

static bool has_flags(const mlr_repo_ctx *ctx, size_t i, void *payload)
{
	return (ctx->facts[i].flags & *(const uint32_t *)payload) != 0;
}

/* i or what it imports, one or two hops down. */
static bool below(const mlr_repo_ctx *ctx, const mlr_pyscan_graph *g, size_t i, mlr_pyscan_pred has,
	void *payload)
{
	if (has(ctx, i, payload))
		return true;
	for (size_t k = 0; k < g->count[i]; k++) {
		size_t m = g->to[i][k];
		if (has(ctx, m, payload))
			return true;
		for (size_t j = 0; j < g->count[m]; j++)
			if (has(ctx, g->to[m][j], payload))
				return true;
	}
	return false;
}

bool mlr_pyscan_near_by(const mlr_repo_ctx *ctx, const mlr_pyscan_graph *g, size_t i, mlr_pyscan_pred has,
	void *payload)
{
	if (i >= g->n)
		return has(ctx, i, payload);
	if (below(ctx, g, i, has, payload))
		return true;
	for (size_t m = 0; m < g->n; m++)
		if (m != i && mlr_pyscan_graph_edge(g, m, i) && below(ctx, g, m, has, payload))
			return true;
	return false;
}

bool mlr_pyscan_near(const mlr_repo_ctx *ctx, const mlr_pyscan_graph *g, size_t i, uint32_t flags)
{
	return mlr_pyscan_near_by(ctx, g, i, has_flags, &flags);
}
