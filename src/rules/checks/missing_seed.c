/*
 * MLR302 missing-seed: a training entry point (MLR_FACT_TRAINS) that draws random numbers
 * from a library it never seeds. Which libraries need a seed comes from what the file
 * imports and calls: the stdlib `random` when imported, numpy when it calls numpy.random,
 * torch when imported, TensorFlow/Keras when imported without torch.
 */
#include "engine/engine.h"

#include <ctype.h>
#include <string.h>

#include "core/buf.h"
#include "core/hash.h"
#include "rules/checks/pycall.h"
#include "rules/checks/pyscan.h"

enum {
	LIB_RANDOM = 1u << 0,
	LIB_NUMPY = 1u << 1,
	LIB_TORCH = 1u << 2,
	LIB_TF = 1u << 3,
	LIB_ALL = LIB_RANDOM | LIB_NUMPY | LIB_TORCH | LIB_TF
};

typedef struct {
	uint32_t seeded;
	bool numpy_random;   /* calls numpy.random.* */
	bool optimizer_step; /* optimizer.step(), opt_g.step(), scaler.step(opt) */
	bool cli_seed;       /* the file says seed_everything_default somewhere */
} seed_state;

/* The facts call any backward() + step() a training loop; guidance in a diffusion sampler
 * (a gradient, then scheduler.step()) is not one. */
static bool is_optimizer_receiver(const mlr_py *py, TSNode call)
{
	TSNode fn = mlr_py_child(call, MLR_PY_F_FUNCTION);
	TSNode recv = ts_node_is_null(fn) ? fn : mlr_py_child(fn, MLR_PY_F_OBJECT);
	if (ts_node_is_null(recv))
		return false;
	size_t len;
	const char *t = mlr_py_text(py, recv, &len);
	return (memmem(t, len, "opt", 3) || memmem(t, len, "Opt", 3) || memmem(t, len, "scaler", 6)) &&
	       !memmem(t, len, "sched", 5);
}

/* Helpers that seed several generators at once. */
static const struct {
	const char *name;
	uint32_t libs;
} seeders[] = {
	{ "random.seed", LIB_RANDOM },
	{ "random.Random", LIB_RANDOM },
	{ "numpy.random.seed", LIB_NUMPY },
	{ "numpy.random.default_rng", LIB_NUMPY },
	{ "numpy.random.RandomState", LIB_NUMPY },
	{ "numpy.random.Generator", LIB_NUMPY },
	{ "torch.manual_seed", LIB_TORCH },
	{ "torch.random.manual_seed", LIB_TORCH },
	{ "tensorflow.random.set_seed", LIB_TF },
	{ "tensorflow.set_random_seed", LIB_TF },
	{ "tensorflow.compat.v1.set_random_seed", LIB_TF },
	{ "tensorflow.compat.v1.random.set_random_seed", LIB_TF },
	{ "keras.utils.set_random_seed", LIB_RANDOM | LIB_NUMPY | LIB_TF },
	{ "tensorflow.keras.utils.set_random_seed", LIB_RANDOM | LIB_NUMPY | LIB_TF },
	{ "tf_keras.utils.set_random_seed", LIB_RANDOM | LIB_NUMPY | LIB_TF },
	{ NULL, 0 }
};

/* `set_seed(cfg.seed)`, `seed_everything(42)`, `utils.fix_seeds()`: lightning, transformers,
 * accelerate and most projects' own helpers seed every library at once. */
static bool names_a_seed_helper(const char *last)
{
	char low[64];
	size_t n = strlen(last);
	if (n >= sizeof(low))
		return false;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)last[i]);
	/* torch.cuda.manual_seed_all and Generator.manual_seed leave the global CPU generator */
	return strstr(low, "seed") && strcmp(low, "seed") && !strstr(low, "get_seed") &&
	       !strstr(low, "initial_seed") && !strstr(low, "manual_seed");
}

static bool non_none_kwarg(const mlr_py *py, TSNode call, const char *name)
{
	TSNode v = mlr_py_kwarg(py, call, name);
	return !ts_node_is_null(v) && !mlr_py_is(v, MLR_PY_T_NONE) && !mlr_py_is(v, MLR_PY_T_FALSE);
}

static void visit_call(const mlr_py *py, uint32_t at, void *payload)
{
	seed_state *st = payload;
	TSNode call = mlr_py_node(py, at);
	size_t nlen;
	const char *name = mlr_py_callee_name_at(py, at, &nlen);
	if (!name)
		return;
	bool matched = false;
	uint32_t libs = 0;
	for (size_t i = 0; seeders[i].name; i++) {
		if (!strcmp(name, seeders[i].name)) {
			matched = true;
			libs |= seeders[i].libs;
		}
	}
	bool numpy_random = !strncmp(name, "numpy.random.", 13);
	/* random.seed(), default_rng() and Random() without a seed draw from the OS */
	bool has_args = (matched || numpy_random) && (!ts_node_is_null(mlr_py_positional(call, 0)) ||
	                                              !ts_node_is_null(mlr_py_kwarg(py, call, "seed")));
	if (matched && has_args)
		st->seeded |= libs;
	const char *last = mlr_pyscan_last(name);
	if (numpy_random && !(matched && has_args))
		st->numpy_random = true;
	else if (!matched && names_a_seed_helper(last))
		st->seeded |= LIB_ALL;
	/* launchers and CLIs seed every generator: colossalai.launch_from_torch(seed=...),
	 * LightningCLI(seed_everything_default=...) */
	else if (!matched && ((strstr(last, "launch") && non_none_kwarg(py, call, "seed")) ||
	                      (st->cli_seed && non_none_kwarg(py, call, "seed_everything_default"))))
		st->seeded |= LIB_ALL;
	if (!strcmp(last, "step") && is_optimizer_receiver(py, call))
		st->optimizer_step = true;
}

/* Trainers that seed from their arguments by default (transformers' Trainer: seed=42). */
static bool trainer_seeds_itself(const char *train_call)
{
	static const char *const prefixes[] = { "transformers.", "trl.", "setfit.", "sentence_transformers.",
		"ultralytics.", NULL };
	for (size_t i = 0; train_call && prefixes[i]; i++)
		if (!strncmp(train_call, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* The facts call a file named train*.py an entry point; a trainer.py that only defines a
 * Trainer class is library code, seeded by whoever runs it. A script has a main guard or
 * trains at module level. */
static bool runs_as_script(const mlr_py *py, uint32_t train_line)
{
	mlr_py_children it;
	TSNode top;
	for (mlr_py_children_start(&it, py, py->root); mlr_py_children_next(&it, &top);) {
		mlr_py_type_id t = mlr_py_type(top);
		if (t == MLR_PY_T_FUNCTION_DEFINITION || t == MLR_PY_T_CLASS_DEFINITION ||
		    t == MLR_PY_T_DECORATED_DEFINITION)
			continue;
		if (t == MLR_PY_T_IF_STATEMENT) {
			size_t len;
			const char *c = mlr_py_text(py, mlr_py_child(top, MLR_PY_F_CONDITION), &len);
			if (memmem(c, len, "__name__", 8) && memmem(c, len, "__main__", 8))
				return true;
		}
		if (ts_node_start_point(top).row + 1 <= train_line && ts_node_end_point(top).row + 1 >= train_line)
			return true;
	}
	return false;
}

void mlr_check_missing_seed(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	const mlr_py *py = ctx->py;
	if (!py || !(ctx->facts->flags & MLR_FACT_TRAINS) || trainer_seeds_itself(ctx->facts->train_call))
		return;
	if (!runs_as_script(py, ctx->facts->train_line))
		return;
	seed_state st = { .cli_seed = memmem(py->src, py->len, "seed_everything_default", 23) != NULL };
	mlr_py_each_at(py, "call", visit_call, &st);
	if (ctx->facts->train_call && strstr(ctx->facts->train_call, "backward()") && !st.optimizer_step)
		return;

	uint32_t needed = 0;
	bool torch = mlr_py_imports(py, "torch") || mlr_py_imports(py, "lightning") ||
	             mlr_py_imports(py, "pytorch_lightning");
	if (mlr_py_imports(py, "random"))
		needed |= LIB_RANDOM;
	if (st.numpy_random)
		needed |= LIB_NUMPY;
	if (torch)
		needed |= LIB_TORCH;
	if (!torch && (mlr_py_imports(py, "tensorflow") || mlr_py_imports(py, "keras") ||
	               mlr_py_imports(py, "tf_keras")))
		needed |= LIB_TF;
	uint32_t missing = needed & ~st.seeded;
	if (!missing)
		return;

	static const struct {
		uint32_t lib;
		const char *name;
	} names[] = { { LIB_TORCH, "torch" }, { LIB_TF, "tensorflow" }, { LIB_NUMPY, "numpy.random" },
		{ LIB_RANDOM, "random" } };
	mlr_buf list = MLR_BUF_INIT;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (missing & names[i].lib)
			mlr_buf_printf(&list, "%s%s", list.len ? ", " : "", names[i].name);
	const char *what = ctx->facts->train_call ? ctx->facts->train_call : "training";
	uint64_t h = mlr_hash_str(mlr_hash_str(MLR_HASH_SEED, what), mlr_buf_cstr(&list));
	mlr_emit(ctx->findings, rule, ctx->file->path, ctx->facts->train_line, 1, h, false,
		"trains a model (%s) but never seeds %s", what, mlr_buf_cstr(&list));
	mlr_buf_dispose(&list);
}
