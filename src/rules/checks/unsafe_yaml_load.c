/*
 * MLR204 unsafe-yaml-load: PyYAML loads that construct arbitrary Python objects. A C check
 * rather than a query because `yaml` must be PyYAML: ruamel code names its instance `yaml`
 * too (`yaml = YAML(typ="safe"); yaml.load(f)`), a Loader may be a local subclass of
 * SafeLoader defined elsewhere in the file, and test code is left alone.
 */
#include "engine/engine.h"

#include <string.h>

#include "rules/checks/pycall.h"
#include "rules/checks/pyscan.h"

typedef struct {
	mlr_file_ctx *ctx;
	const mlr_rule *rule;
	mlr_array(TSNode) safe_classes; /* names of local subclasses of a safe loader */
} yaml_state;

/* A loader that builds only plain data: SafeLoader, CSafeLoader, BaseLoader, CBaseLoader,
 * or anything named as such (`getattr(yaml, "CSafeLoader", yaml.SafeLoader)`). */
static bool text_names_safe_loader(const char *t, size_t len)
{
	return (memmem(t, len, "SafeLoader", 10) || memmem(t, len, "BaseLoader", 10)) &&
	       !memmem(t, len, "Unsafe", 6);
}

static void visit_class(const mlr_py *py, TSNode cls, void *payload)
{
	yaml_state *st = payload;
	TSNode supers = mlr_py_child(cls, MLR_PY_F_SUPERCLASSES);
	TSNode name = mlr_py_child(cls, MLR_PY_F_NAME);
	size_t len;
	if (ts_node_is_null(supers) || ts_node_is_null(name))
		return;
	const char *t = mlr_py_text(py, supers, &len);
	if (text_names_safe_loader(t, len))
		(void)mlr_array_push(&st->safe_classes, name); /* on failure: a finding too many */
}

static bool loader_is_safe(const yaml_state *st, TSNode loader)
{
	const mlr_py *py = st->ctx->py;
	size_t len;
	const char *t = mlr_py_text(py, loader, &len);
	if (text_names_safe_loader(t, len))
		return true;
	/* `from yaml import CSafeLoader as Loader` */
	mlr_buf raw = MLR_BUF_INIT, res = MLR_BUF_INIT;
	bool safe = false;
	if (mlr_py_dotted(&raw, py, loader)) {
		mlr_py_resolve(&res, py, mlr_buf_cstr(&raw), raw.len);
		safe = text_names_safe_loader(mlr_buf_cstr(&res), res.len);
	}
	mlr_buf_dispose(&raw);
	mlr_buf_dispose(&res);
	if (safe)
		return true;
	for (size_t i = 0; i < st->safe_classes.len; i++) {
		size_t nlen;
		const char *n = mlr_py_text(py, st->safe_classes.items[i], &nlen);
		if (nlen == len && !memcmp(n, t, len))
			return true;
	}
	return false;
}

static void visit_call(const mlr_py *py, TSNode call, void *payload)
{
	yaml_state *st = payload;
	static const char *const loads[] = { "yaml.load", "yaml.load_all", NULL };
	static const char *const unsafe[] = { "yaml.unsafe_load", "yaml.unsafe_load_all",
		"yaml.full_load", "yaml.full_load_all", NULL };
	if (mlr_callee_in(py, call, unsafe)) {
		TSNode fn = mlr_py_child(call, MLR_PY_F_FUNCTION);
		size_t len;
		const char *t = mlr_py_text(py, fn, &len);
		mlr_emit_node(st->ctx, st->rule, call, false,
			"%.*s() constructs arbitrary Python objects from the document; use yaml.safe_load()",
			(int)(len > 64 ? 64 : len), t);
		return;
	}
	if (!mlr_callee_in(py, call, loads))
		return;
	TSNode loader = mlr_py_kwarg(py, call, "Loader");
	if (ts_node_is_null(loader))
		loader = mlr_py_positional(call, 1);
	if (ts_node_is_null(loader)) {
		mlr_emit_node(st->ctx, st->rule, call, false,
			"yaml.load() without a Loader uses an unsafe default on older PyYAML; use yaml.safe_load()");
		return;
	}
	if (loader_is_safe(st, loader))
		return;
	size_t len;
	const char *t = mlr_py_text(py, loader, &len);
	mlr_emit_node(st->ctx, st->rule, call, false,
		"yaml.load() with Loader=%.*s constructs arbitrary Python objects; use yaml.safe_load()",
		(int)(len > 64 ? 64 : len), t);
}

void mlr_check_unsafe_yaml_load(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	/* tests read back the YAML they wrote */
	if (!ctx->py || !mlr_py_imports(ctx->py, "yaml") || mlr_pyscan_is_test_code(ctx->file->path, ctx->facts->flags))
		return;
	yaml_state st = { ctx, rule, { 0 } };
	mlr_py_each(ctx->py, "class_definition", visit_class, &st);
	mlr_py_each(ctx->py, "call", visit_call, &st);
	mlr_array_delete(&st.safe_classes);
}
