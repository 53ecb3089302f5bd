/*
 * MLR202 unsafe-deserialization: pickle-based loads (pickle and its relatives, joblib,
 * pandas.read_pickle, numpy.load with allow_pickle=True). A C check rather than a query
 * only to leave test code alone: tests unpickle what they pickled a line earlier.
 */
#include "engine/engine.h"

#include <string.h>

#include "core/buf.h"
#include "rules/checks/pycall.h"
#include "rules/checks/pyscan.h"

static const char *const unpicklers[] = {
	"pickle.load", "pickle.loads", "pickle.Unpickler",
	"_pickle.load", "_pickle.loads", "_pickle.Unpickler",
	"cPickle.load", "cPickle.loads", "cPickle.Unpickler",
	"pickle5.load", "pickle5.loads", "pickle5.Unpickler",
	"dill.load", "dill.loads", "dill.Unpickler", "dill.load_session", "dill.load_module",
	"cloudpickle.load", "cloudpickle.loads",
	"jsonpickle.decode", "jsonpickle.unpickler.decode", "jsonpickle.unpickler.Unpickler",
	"marshal.load", "marshal.loads",
	"shelve.open", "shelve.DbfilenameShelf",
	"joblib.load", "sklearn.externals.joblib.load",
	"pandas.read_pickle",
	NULL
};

static const char *const numpy_load[] = { "numpy.load", NULL };

typedef struct {
	mlr_file_ctx *ctx;
	const mlr_rule *rule;
} deser_state;

static void visit_call(const mlr_py *py, uint32_t at, void *payload)
{
	deser_state *st = payload;
	TSNode call = mlr_py_node(py, at);
	const char *what = NULL;
	size_t clen = 0;
	const char *callee = mlr_py_callee_name_at(py, at, &clen);
	if (!callee)
		return;
	if (mlr_name_in(callee, clen, unpicklers)) {
		what = "unpickles";
	} else if (mlr_name_in(callee, clen, numpy_load)) {
		TSNode v = mlr_py_kwarg(py, call, "allow_pickle");
		if (ts_node_is_null(v) || !mlr_py_is(v, MLR_PY_T_TRUE))
			return;
		what = "with allow_pickle=True unpickles object arrays";
	} else {
		return;
	}
	TSNode fn = mlr_py_child(call, MLR_PY_F_FUNCTION);
	size_t len;
	const char *t = mlr_py_text(py, fn, &len);
	mlr_emit_node(st->ctx, st->rule, call, false,
		"%.*s() %s: a crafted file runs code as it loads; load only files you produced, or use a data-only format",
		(int)(len > 60 ? 60 : len), t, what);
}

void mlr_check_unsafe_deserialization(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	if (!ctx->py || mlr_pyscan_is_test_code(ctx->file->path, ctx->facts->flags))
		return;
	deser_state st = { ctx, rule };
	mlr_py_each_at(ctx->py, "call", visit_call, &st);
}
