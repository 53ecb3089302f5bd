/*
 * MLR209 unsafe-archive-extract: tarfile / zipfile `extractall` (and shutil.unpack_archive)
 * without a filter or a member selection. A C check because `tar.extractall()` names a
 * local variable: what it holds comes from its binding (`tar = tarfile.open(p)`,
 * `with zipfile.ZipFile(p) as zf:`), found in the same function.
 */
#include "engine/engine.h"

#include <string.h>

#include "rules/checks/pycall.h"
#include "rules/checks/pyscan.h"

typedef enum { ARCHIVE_UNKNOWN = 0, ARCHIVE_TAR, ARCHIVE_ZIP } archive_kind;

static const char *const tar_openers[] = { "tarfile.open", "tarfile.TarFile", "tarfile.TarFile.open",
	"tarfile.TarFile.taropen", "tarfile.TarFile.gzopen", "tarfile.TarFile.bz2open",
	"tarfile.TarFile.xzopen", NULL };
static const char *const zip_openers[] = { "zipfile.ZipFile", "zipfile.PyZipFile", NULL };

static archive_kind kind_of_value(const mlr_py *py, TSNode value)
{
	if (ts_node_is_null(value) || !mlr_py_is(value, MLR_PY_T_CALL))
		return ARCHIVE_UNKNOWN;
	if (mlr_callee_in(py, value, tar_openers))
		return ARCHIVE_TAR;
	if (mlr_callee_in(py, value, zip_openers))
		return ARCHIVE_ZIP;
	return ARCHIVE_UNKNOWN;
}

typedef struct {
	TSNode name; /* the receiver, e.g. `tar` or `self.archive` */
	archive_kind kind;
} binding_search;

/* `name = opener(...)` and `with opener(...) as name:` */
static bool find_binding(const mlr_py *py, TSNode n, void *payload)
{
	binding_search *s = payload;
	if (s->kind != ARCHIVE_UNKNOWN)
		return false;
	mlr_py_type_id t = mlr_py_type(n);
	if (t == MLR_PY_T_ASSIGNMENT) {
		TSNode left = mlr_py_child(n, MLR_PY_F_LEFT);
		if (!ts_node_is_null(left) && mlr_py_same_text(py, left, s->name))
			s->kind = kind_of_value(py, mlr_py_child(n, MLR_PY_F_RIGHT));
	} else if (t == MLR_PY_T_AS_PATTERN) {
		TSNode alias = mlr_py_child(n, MLR_PY_F_ALIAS);
		TSNode target = ts_node_is_null(alias) ? alias : ts_node_named_child(alias, 0);
		if (!ts_node_is_null(target) && mlr_py_same_text(py, target, s->name))
			s->kind = kind_of_value(py, ts_node_named_child(n, 0));
	}
	return true;
}

static archive_kind receiver_kind(const mlr_py *py, TSNode receiver, bool tar_imported, bool zip_imported)
{
	archive_kind k = kind_of_value(py, receiver);
	if (k != ARCHIVE_UNKNOWN)
		return k;
	mlr_py_type_id t = mlr_py_type(receiver);
	if (t == MLR_PY_T_IDENTIFIER || t == MLR_PY_T_ATTRIBUTE) {
		binding_search s = { receiver, ARCHIVE_UNKNOWN };
		TSNode fn = mlr_pyscan_enclosing_function(py, receiver);
		mlr_pyscan_walk(py, ts_node_is_null(fn) ? py->root : fn, find_binding, &s);
		/* `self.tar` is bound in another method: look through the whole file */
		if (s.kind == ARCHIVE_UNKNOWN && !ts_node_is_null(fn))
			mlr_pyscan_walk(py, py->root, find_binding, &s);
		if (s.kind != ARCHIVE_UNKNOWN)
			return s.kind;
	}
	if (tar_imported != zip_imported)
		return tar_imported ? ARCHIVE_TAR : ARCHIVE_ZIP;
	return ARCHIVE_UNKNOWN;
}

/* members= that selects: anything but the archive's full listing. */
static bool selects_members(const mlr_py *py, TSNode call)
{
	TSNode m = mlr_py_kwarg(py, call, "members");
	if (ts_node_is_null(m))
		m = mlr_py_positional(call, 1);
	if (ts_node_is_null(m))
		return false;
	if (mlr_py_is(m, MLR_PY_T_NONE))
		return false;
	if (mlr_py_is(m, MLR_PY_T_CALL)) {
		static const char *const listings[] = { "*.getmembers", "*.infolist", "*.namelist", NULL };
		return !mlr_callee_in(py, m, listings);
	}
	return true;
}

/* filter="data", or a filter function the author wrote or chose (tarfile.data_filter). */
static bool has_safe_filter(const mlr_py *py, TSNode call)
{
	TSNode f = mlr_py_kwarg(py, call, "filter");
	if (ts_node_is_null(f) || mlr_py_is(f, MLR_PY_T_NONE))
		return false;
	const char *v;
	size_t len;
	if (mlr_py_string_value(py, f, &v, &len))
		return len == 4 && !memcmp(v, "data", 4);
	return true;
}

typedef struct {
	mlr_file_ctx *ctx;
	const mlr_rule *rule;
	bool tar, zip;
} extract_state;

static void visit_call(const mlr_py *py, TSNode call, void *payload)
{
	extract_state *st = payload;
	static const char *const unpack[] = { "shutil.unpack_archive", NULL };
	if (mlr_callee_in(py, call, unpack)) {
		if (!has_safe_filter(py, call))
			mlr_emit_node(st->ctx, st->rule, call, false,
				"shutil.unpack_archive() without filter=\"data\" lets a tar archive write outside the target directory");
		return;
	}
	TSNode fn = mlr_py_child(call, MLR_PY_F_FUNCTION);
	if (ts_node_is_null(fn) || !mlr_py_is(fn, MLR_PY_T_ATTRIBUTE))
		return;
	TSNode attr = mlr_py_child(fn, MLR_PY_F_ATTRIBUTE);
	if (ts_node_is_null(attr) || !mlr_py_text_eq(py, attr, "extractall"))
		return;
	TSNode receiver = mlr_py_child(fn, MLR_PY_F_OBJECT);
	if (ts_node_is_null(receiver))
		return;
	archive_kind k = receiver_kind(py, receiver, st->tar, st->zip);
	if (k == ARCHIVE_UNKNOWN || selects_members(py, call))
		return;
	if (k == ARCHIVE_TAR && !has_safe_filter(py, call))
		mlr_emit_node(st->ctx, st->rule, call, false,
			"tarfile extractall() without filter=\"data\" lets a crafted archive write outside the target directory (absolute paths, '..', links)");
	else if (k == ARCHIVE_ZIP)
		mlr_emit_node(st->ctx, st->rule, call, false,
			"zipfile extractall() of every member without checking names or sizes; validate members first");
}

void mlr_check_unsafe_archive_extract(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	if (!ctx->py)
		return;
	extract_state st = { ctx, rule, mlr_py_imports(ctx->py, "tarfile"), mlr_py_imports(ctx->py, "zipfile") };
	if (!st.tar && !st.zip && !mlr_py_imports(ctx->py, "shutil"))
		return;
	mlr_py_each(ctx->py, "call", visit_call, &st);
}
