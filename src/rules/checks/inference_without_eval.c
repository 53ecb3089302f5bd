/*
 * MLR321 inference-without-eval: a PyTorch evaluation or prediction function (named
 * predict..., infer..., inference..., eval.../evaluate..., valid.../validate..., test) that calls a model
 * without putting it in eval mode, or outside torch.no_grad()/inference_mode(). A model is
 * a local name or attribute called like a function whose name says it is one (`model`,
 * `self.net`, `text_encoder`, `ema_model`); `model.eval()` may be anywhere in the function
 * or, for `self.model` and module-level models, anywhere in the file. A module's own
 * method calling `self.<submodule>` is not a model in hand: its caller sets the mode.
 */
#include "engine/engine.h"

#include <ctype.h>
#include <string.h>

#include "core/buf.h"
#include "rules/checks/pycall.h"
#include "rules/checks/pyscan.h"

static const char *const no_grad_contexts[] = { "torch.no_grad", "torch.inference_mode",
	"torch.autograd.no_grad", "torch.autograd.grad_mode.no_grad", "torch.autograd.grad_mode.inference_mode",
	NULL };
static const char *const grad_switches[] = { "torch.set_grad_enabled", "torch.autograd.set_grad_enabled",
	"torch.autograd.grad_mode.set_grad_enabled", NULL };

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static void lower_copy(char *out, size_t outsz, const char *s, size_t len)
{
	size_t n = len < outsz - 1 ? len : outsz - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[n] = '\0';
}

static bool is_inference_name(const char *s, size_t len)
{
	char name[96];
	lower_copy(name, sizeof(name), s, len);
	const char *n = name;
	while (*n == '_')
		n++;
	if (starts_with(n, "run_") || starts_with(n, "do_"))
		n = strchr(n, '_') + 1;
	if (starts_with(n, "on_") || ends_with(n, "_step") || ends_with(n, "_end") || ends_with(n, "_start"))
		return false; /* framework hooks run in eval mode and without gradients already */
	static const char *const prefixes[] = { "predict", "infer", "evaluat", "eval", "validat", "valid", NULL };
	for (size_t i = 0; prefixes[i]; i++)
		if (starts_with(n, prefixes[i]))
			return true;
	return !strcmp(n, "test") || !strcmp(n, "test_model") || !strcmp(n, "test_epoch");
}

/* `model`, `self.ema_model`, `text_encoder`, `net`; not `build_model(...)` or `Model(...)`. */
static bool is_model_name(const char *last)
{
	char n[96];
	lower_copy(n, sizeof(n), last, strlen(last));
	if (isupper((unsigned char)last[0]))
		return false;
	if (strstr(n, "_from_"))
		return false; /* extract_embedder_from_model(...): a function of a model */
	static const char *const verbs[] = { "build", "create", "get", "load", "make", "init", "setup", "prepare",
		"extract",
		"save", "export", "to", "from", "run", "call", "wrap", "compile", "train", "eval", "update", "set",
		"apply", "freeze", "unwrap", "is", "has", "num", "count", NULL };
	for (size_t i = 0; verbs[i]; i++) {
		size_t vl = strlen(verbs[i]);
		if (!strncmp(n, verbs[i], vl) && n[vl] == '_')
			return false;
	}
	static const char *const nouns[] = { "model", "net", "encoder", "decoder", "classifier", "backbone",
		"unet", "vae", "generator", "discriminator", "detector", NULL };
	for (size_t i = 0; nouns[i]; i++)
		if (ends_with(n, nouns[i]))
			return true;
	return false;
}

typedef struct {
	bool training, eval, no_grad;
	TSNode model_call; /* the first model call, or null */
	TSNode receiver;   /* what it calls: `model`, `self.net` */
} fn_scan;

/* The model a call runs, or a null node: `model(x)`, `self.net(x)`, `model.forward(x)`. */
static TSNode called_model(const mlr_py *py, TSNode call)
{
	TSNode none = { 0 };
	TSNode fn = mlr_py_child(call, MLR_PY_F_FUNCTION);
	if (ts_node_is_null(fn))
		return none;
	if (mlr_py_is(fn, MLR_PY_T_ATTRIBUTE)) {
		TSNode attr = mlr_py_child(fn, MLR_PY_F_ATTRIBUTE);
		if (!ts_node_is_null(attr) && mlr_py_text_eq(py, attr, "forward"))
			fn = mlr_py_child(fn, MLR_PY_F_OBJECT);
	}
	mlr_py_type_id t = mlr_py_type(fn);
	if (t != MLR_PY_T_IDENTIFIER && t != MLR_PY_T_ATTRIBUTE)
		return none;
	mlr_buf raw = MLR_BUF_INIT, res = MLR_BUF_INIT;
	bool ok = false;
	if (mlr_py_dotted(&raw, py, fn) && raw.len && raw.ptr[0] != '.') {
		mlr_py_resolve(&res, py, mlr_buf_cstr(&raw), raw.len);
		/* an imported name is a library function, not a model in hand */
		ok = !strcmp(mlr_buf_cstr(&raw), mlr_buf_cstr(&res)) && is_model_name(mlr_pyscan_last(mlr_buf_cstr(&raw)));
	}
	mlr_buf_dispose(&raw);
	mlr_buf_dispose(&res);
	return ok ? fn : none;
}

static bool first_arg_is_false(const mlr_py *py, TSNode call, const char *kw)
{
	TSNode a = mlr_py_kwarg(py, call, kw);
	if (ts_node_is_null(a))
		a = mlr_py_positional(call, 0);
	return !ts_node_is_null(a) && mlr_py_is(a, MLR_PY_T_FALSE);
}

static bool scan_fn(const mlr_py *py, TSNode n, void *payload)
{
	fn_scan *s = payload;
	if (mlr_node_is_scope(n))
		return false;
	if (!mlr_py_is(n, MLR_PY_T_CALL))
		return true;
	TSNode fn = mlr_py_child(n, MLR_PY_F_FUNCTION);
	mlr_buf name = MLR_BUF_INIT;
	if (!ts_node_is_null(fn) && mlr_py_dotted(&name, py, fn)) {
		const char *last = mlr_pyscan_last(mlr_buf_cstr(&name));
		if (!strcmp(last, "backward") || !strcmp(last, "zero_grad") ||
		    (!strcmp(last, "step") && strstr(mlr_buf_cstr(&name), "opt")))
			s->training = true;
		else if (!strcmp(last, "eval") && ts_node_is_null(mlr_py_positional(n, 0)))
			s->eval = true;
		else if (!strcmp(last, "train") && first_arg_is_false(py, n, "mode"))
			s->eval = true;
		else if (!strcmp(last, "requires_grad_") && first_arg_is_false(py, n, "requires_grad"))
			s->no_grad = true;
		else if (mlr_callee_in(py, n, grad_switches) && first_arg_is_false(py, n, "mode"))
			s->no_grad = true;
	}
	mlr_buf_dispose(&name);
	if (ts_node_is_null(s->model_call)) {
		TSNode m = called_model(py, n);
		if (!ts_node_is_null(m)) {
			s->model_call = n;
			s->receiver = m;
		}
	}
	return true;
}

/* Is this with-item or decorator expression torch.no_grad() / inference_mode() /
 * set_grad_enabled(False)? */
static bool disables_grad(const mlr_py *py, TSNode e)
{
	if (ts_node_is_null(e))
		return false;
	if (mlr_py_is(e, MLR_PY_T_AS_PATTERN))
		e = ts_node_named_child(e, 0);
	if (mlr_py_is(e, MLR_PY_T_CALL))
		return mlr_callee_in(py, e, no_grad_contexts) ||
		       (mlr_callee_in(py, e, grad_switches) && first_arg_is_false(py, e, "mode"));
	mlr_buf raw = MLR_BUF_INIT, res = MLR_BUF_INIT;
	bool hit = false;
	if (mlr_py_dotted(&raw, py, e)) {
		mlr_py_resolve(&res, py, mlr_buf_cstr(&raw), raw.len);
		for (size_t i = 0; no_grad_contexts[i] && !hit; i++)
			hit = !strcmp(mlr_buf_cstr(&res), no_grad_contexts[i]);
	}
	mlr_buf_dispose(&raw);
	mlr_buf_dispose(&res);
	return hit;
}

/* Under a `with torch.no_grad():` between n and fn, or fn decorated with one. */
static bool under_no_grad(const mlr_py *py, TSNode n, TSNode fn)
{
	for (TSNode p = mlr_py_parent(py, n); !ts_node_is_null(p) && !ts_node_eq(p, fn); p = mlr_py_parent(py, p)) {
		if (!mlr_py_is(p, MLR_PY_T_WITH_STATEMENT))
			continue;
		TSNode clause = ts_node_named_child(p, 0);
		uint32_t count = ts_node_is_null(clause) ? 0 : ts_node_named_child_count(clause);
		for (uint32_t i = 0; i < count; i++) {
			TSNode item = ts_node_named_child(clause, i);
			if (disables_grad(py, mlr_py_child(item, MLR_PY_F_VALUE)))
				return true;
		}
	}
	TSNode deco = mlr_py_parent(py, fn);
	if (ts_node_is_null(deco) || !mlr_py_is(deco, MLR_PY_T_DECORATED_DEFINITION))
		return false;
	uint32_t count = ts_node_named_child_count(deco);
	for (uint32_t i = 0; i < count; i++) {
		TSNode d = ts_node_named_child(deco, i);
		if (mlr_py_is(d, MLR_PY_T_DECORATOR) && disables_grad(py, ts_node_named_child(d, 0)))
			return true;
	}
	return false;
}

/* `inference_context(model)`, `eval_mode(self.net)`: a helper whose name says it puts
 * the model it is given into eval mode. */
static bool enters_eval(const mlr_py *py, TSNode e, TSNode receiver)
{
	if (ts_node_is_null(e) || !mlr_py_is(e, MLR_PY_T_CALL))
		return false;
	TSNode arg = mlr_py_positional(e, 0);
	mlr_buf name = MLR_BUF_INIT;
	bool hit = false;
	if (!ts_node_is_null(arg) && mlr_py_dotted(&name, py, mlr_py_child(e, MLR_PY_F_FUNCTION))) {
		char last[64];
		const char *l = mlr_pyscan_last(mlr_buf_cstr(&name));
		lower_copy(last, sizeof(last), l, strlen(l));
		hit = (strstr(last, "eval") || strstr(last, "inference")) && mlr_py_same_text(py, arg, receiver);
	}
	mlr_buf_dispose(&name);
	return hit;
}

/* What was found on the model's behalf, by a walk of the function or of the file. */
typedef struct {
	TSNode receiver;
	bool eval, no_grad;
} model_prep;

/* Contexts the function enters on the model's behalf: `with inference_context(model):`,
 * and through an ExitStack, `stack.enter_context(torch.no_grad())`, which no `with`
 * around the call shows. */
static bool scan_contexts(const mlr_py *py, TSNode n, void *payload)
{
	model_prep *s = payload;
	if (mlr_node_is_scope(n))
		return false;
	if (mlr_py_is(n, MLR_PY_T_WITH_STATEMENT)) {
		TSNode clause = ts_node_named_child(n, 0);
		uint32_t count = ts_node_is_null(clause) ? 0 : ts_node_named_child_count(clause);
		for (uint32_t i = 0; i < count; i++)
			s->eval |= enters_eval(py, mlr_py_child(ts_node_named_child(clause, i), MLR_PY_F_VALUE), s->receiver);
		return true;
	}
	if (!mlr_py_is(n, MLR_PY_T_CALL))
		return true;
	TSNode fn = mlr_py_child(n, MLR_PY_F_FUNCTION);
	if (ts_node_is_null(fn) || !mlr_py_is(fn, MLR_PY_T_ATTRIBUTE) ||
	    !mlr_py_text_eq(py, mlr_py_child(fn, MLR_PY_F_ATTRIBUTE), "enter_context"))
		return true;
	TSNode arg = mlr_py_positional(n, 0);
	s->no_grad |= disables_grad(py, arg);
	s->eval |= enters_eval(py, arg, s->receiver);
	return true;
}

/* `self.model.eval()` in __init__, `model.eval()` at module level, `model.requires_grad_(False)`. */
static void scan_file_call(const mlr_py *py, TSNode call, void *payload)
{
	model_prep *s = payload;
	TSNode fn = mlr_py_child(call, MLR_PY_F_FUNCTION);
	if (ts_node_is_null(fn) || !mlr_py_is(fn, MLR_PY_T_ATTRIBUTE))
		return;
	TSNode attr = mlr_py_child(fn, MLR_PY_F_ATTRIBUTE);
	TSNode obj = mlr_py_child(fn, MLR_PY_F_OBJECT);
	if (!mlr_py_same_text(py, obj, s->receiver))
		return;
	if (mlr_py_text_eq(py, attr, "eval") || (mlr_py_text_eq(py, attr, "train") && first_arg_is_false(py, call, "mode")))
		s->eval = true;
	else if (mlr_py_text_eq(py, attr, "requires_grad_") && first_arg_is_false(py, call, "requires_grad"))
		s->no_grad = true;
}

/* `def evaluate(model, loader)`: a model passed in is the function's to prepare, so a
 * `model.eval()` elsewhere in the file (on some other `model`) does not count. */
static bool is_parameter_model(const mlr_py *py, TSNode fn, TSNode receiver)
{
	TSNode root = receiver;
	while (mlr_py_is(root, MLR_PY_T_ATTRIBUTE))
		root = mlr_py_child(root, MLR_PY_F_OBJECT);
	if (ts_node_is_null(root) || !mlr_py_is(root, MLR_PY_T_IDENTIFIER) || mlr_py_text_eq(py, root, "self"))
		return false;
	TSNode params = mlr_py_child(fn, MLR_PY_F_PARAMETERS);
	uint32_t n = ts_node_is_null(params) ? 0 : ts_node_named_child_count(params);
	for (uint32_t i = 0; i < n; i++) {
		TSNode p = ts_node_named_child(params, i);
		TSNode name = p;
		if (mlr_py_is(p, MLR_PY_T_DEFAULT_PARAMETER) || mlr_py_is(p, MLR_PY_T_TYPED_DEFAULT_PARAMETER))
			name = mlr_py_child(p, MLR_PY_F_NAME);
		else if (mlr_py_is(p, MLR_PY_T_TYPED_PARAMETER))
			name = ts_node_named_child(p, 0);
		if (!ts_node_is_null(name) && mlr_py_same_text(py, name, root))
			return true;
	}
	return false;
}

/* Whether fn is a method of a class whose bases mention `base` (LightningModule,
 * nn.Module). */
static bool in_class_of(const mlr_py *py, TSNode fn, const char *base)
{
	for (TSNode p = mlr_py_parent(py, fn); !ts_node_is_null(p); p = mlr_py_parent(py, p)) {
		if (!mlr_py_is(p, MLR_PY_T_CLASS_DEFINITION))
			continue;
		TSNode supers = mlr_py_child(p, MLR_PY_F_SUPERCLASSES);
		if (ts_node_is_null(supers))
			continue;
		size_t len;
		const char *t = mlr_py_text(py, supers, &len);
		if (memmem(t, len, base, strlen(base)))
			return true;
	}
	return false;
}

/* `self.backbone(x)` inside a module's own method: the module is a part of the model its
 * caller put in eval mode, not a model in hand. */
static bool submodule_call(const mlr_py *py, TSNode fn, TSNode receiver)
{
	TSNode root = receiver;
	while (mlr_py_is(root, MLR_PY_T_ATTRIBUTE))
		root = mlr_py_child(root, MLR_PY_F_OBJECT);
	return !ts_node_eq(root, receiver) && mlr_py_is(root, MLR_PY_T_IDENTIFIER) &&
	       mlr_py_text_eq(py, root, "self") && (in_class_of(py, fn, "Module") ||
	       mlr_pyscan_class_defines(py, mlr_pyscan_enclosing_class(py, fn), "forward"));
}

typedef struct {
	mlr_file_ctx *ctx;
	const mlr_rule *rule;
} eval_state;

static void visit_function(const mlr_py *py, TSNode fn, void *payload)
{
	eval_state *st = payload;
	TSNode name = mlr_py_child(fn, MLR_PY_F_NAME);
	TSNode body = mlr_py_child(fn, MLR_PY_F_BODY);
	size_t nlen;
	if (ts_node_is_null(name) || ts_node_is_null(body))
		return;
	const char *nt = mlr_py_text(py, name, &nlen);
	if (!is_inference_name(nt, nlen) || in_class_of(py, fn, "LightningModule"))
		return;
	fn_scan s = { 0 };
	mlr_pyscan_walk(py, body, scan_fn, &s);
	if (s.training || ts_node_is_null(s.model_call) || submodule_call(py, fn, s.receiver))
		return;
	model_prep cs = { s.receiver, false, false };
	mlr_pyscan_walk(py, body, scan_contexts, &cs);
	bool no_grad = s.no_grad || cs.no_grad || under_no_grad(py, s.model_call, fn);
	bool eval = s.eval || cs.eval;
	if ((!eval || !no_grad) && !is_parameter_model(py, fn, s.receiver)) {
		model_prep fs = { s.receiver, false, false };
		mlr_py_each(py, "call", scan_file_call, &fs);
		eval |= fs.eval;
		no_grad |= fs.no_grad;
	}
	if (eval && no_grad)
		return;
	size_t rlen;
	const char *rt = mlr_py_text(py, s.receiver, &rlen);
	int r = (int)(rlen > 40 ? 40 : rlen), nl = (int)(nlen > 60 ? 60 : nlen);
	if (!eval && !no_grad)
		mlr_emit_node(st->ctx, st->rule, s.model_call, false,
			"%.*s() calls %.*s(...) without %.*s.eval() and outside torch.no_grad()/inference_mode()",
			nl, nt, r, rt, r, rt);
	else if (!eval)
		mlr_emit_node(st->ctx, st->rule, s.model_call, false,
			"%.*s() calls %.*s(...) without %.*s.eval(): dropout and batch norm stay in training mode",
			nl, nt, r, rt, r, rt);
	else
		mlr_emit_node(st->ctx, st->rule, s.model_call, false,
			"%.*s() calls %.*s(...) outside torch.no_grad()/inference_mode(): autograd keeps every activation",
			nl, nt, r, rt);
}

void mlr_check_inference_without_eval(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	const mlr_py *py = ctx->py;
	if (!py || mlr_pyscan_is_test_code(ctx->file->path, ctx->facts->flags) ||
	    !(mlr_py_imports(py, "torch") || mlr_py_imports(py, "lightning") || mlr_py_imports(py, "pytorch_lightning")))
		return;
	eval_state st = { ctx, rule };
	mlr_py_each(py, "function_definition", visit_function, &st);
}
