/*
 * MLR501 preprocessing-leakage. Two patterns of test rows reaching what a model learns:
 *
 *  - within one function (or one module's top level, or a notebook), a scaler, encoder,
 *    imputer, selector or resampler is fitted on data that is later split or
 *    cross-validated: `scaler.fit_transform(X)` ... `train_test_split(X_scaled, y)`.
 *    The data flow is followed through the fit's result (`X_scaled = ...fit_transform(X)`),
 *    later `.transform` calls of the same object and plain reassignments;
 *  - anything is fitted on data named like a test or validation split:
 *    `scaler.fit(X_test)`, `enc.fit_transform(pd.concat([train, test]))`.
 *
 * Statements are taken in source order; loops are not unrolled, so a fit inside the
 * cross-validation loop (the correct place) comes after the split and stays silent.
 */
#include "engine/engine.h"

#include <ctype.h>
#include <string.h>

#include "rules/checks/pyscan.h"

#define MAX_CHAIN 64

typedef struct {
	const char *s;
	size_t n;
} span;

typedef struct {
	span var;
	char cls[48]; /* "StandardScaler" */
	size_t fit;   /* its fit in this scope, + 1; 0 when not fitted yet */
} prep_var;

typedef struct {
	TSNode call;
	char cls[48];
	span data;    /* what was fitted on, for the message */
	bool reported;
} fit_event;

typedef struct {
	span name;
	size_t fit; /* index into fits */
} taint;

typedef struct {
	mlr_file_ctx *ctx;
	const mlr_rule *rule;
	mlr_array(prep_var) preps;
	size_t module_preps; /* the first ones come from the module's top level */
	mlr_array(span) splitters;
	size_t module_splitters;
	mlr_array(fit_event) fits;
	mlr_array(taint) taints;
	bool sklearn_like;   /* imports a library whose estimators these are */
	bool module_pass;
} leak_state;

static bool span_eq(span a, span b)
{
	return a.n == b.n && !memcmp(a.s, b.s, a.n);
}

static span text_of(const mlr_py *py, TSNode n)
{
	span s;
	s.s = mlr_py_text(py, n, &s.n);
	return s;
}

/* The variable an expression is made from: `X`, `df[cols]`, `df.values`,
 * `df.drop("y", axis=1)` all come from their leftmost name. */
static TSNode root_name(TSNode n)
{
	for (int i = 0; i < MAX_CHAIN && !ts_node_is_null(n); i++) {
		mlr_py_type_id t = mlr_py_type(n);
		if (t == MLR_PY_T_IDENTIFIER)
			return n;
		if (t == MLR_PY_T_ATTRIBUTE)
			n = mlr_py_child(n, MLR_PY_F_OBJECT);
		else if (t == MLR_PY_T_SUBSCRIPT)
			n = mlr_py_child(n, MLR_PY_F_VALUE);
		else if (t == MLR_PY_T_PARENTHESIZED_EXPRESSION)
			n = ts_node_named_child(n, 0);
		else if (t == MLR_PY_T_CALL) {
			TSNode fn = mlr_py_child(n, MLR_PY_F_FUNCTION);
			if (ts_node_is_null(fn) || !mlr_py_is(fn, MLR_PY_T_ATTRIBUTE))
				break;
			n = mlr_py_child(fn, MLR_PY_F_OBJECT);
		} else
			break;
	}
	return (TSNode){ 0 };
}

static const char *const prep_modules[] = {
	"sklearn.preprocessing.", "sklearn.impute.", "sklearn.feature_selection.",
	"sklearn.decomposition.", "sklearn.feature_extraction.", "sklearn.random_projection.",
	"sklearn.kernel_approximation.", "sklearn.compose.", "imblearn.", "category_encoders.",
	"feature_engine.", NULL
};

/* Star imports leave names unresolved: the common transformers by name. */
static const char *const prep_names[] = {
	"StandardScaler", "MinMaxScaler", "RobustScaler", "MaxAbsScaler", "Normalizer",
	"QuantileTransformer", "PowerTransformer", "OneHotEncoder", "OrdinalEncoder", "TargetEncoder",
	"SimpleImputer", "KNNImputer", "IterativeImputer", "PCA", "TruncatedSVD", "SelectKBest",
	"SelectPercentile", "VarianceThreshold", "RFE", "RFECV", "PolynomialFeatures",
	"KBinsDiscretizer", "TfidfVectorizer", "CountVectorizer", "SMOTE", "ADASYN",
	"RandomOverSampler", "RandomUnderSampler", "ColumnTransformer", NULL
};

/* Fitting a label encoder on all labels leaks only the label set: not this rule. */
static bool is_label_transformer(const char *last)
{
	return !strcmp(last, "LabelEncoder") || !strcmp(last, "LabelBinarizer") ||
	       !strcmp(last, "MultiLabelBinarizer");
}

/* The class name when call constructs a preprocessing step, else NULL (into buf). */
static const char *prep_ctor(const leak_state *st, TSNode call, char *buf, size_t bufsz)
{
	size_t len;
	const char *n = mlr_py_is(call, MLR_PY_T_CALL) ? mlr_py_callee_name(st->ctx->py, call, &len) : NULL;
	if (!n)
		return NULL;
	const char *last = mlr_pyscan_last(n);
	if (is_label_transformer(last) || !isupper((unsigned char)last[0]))
		return NULL;
	bool hit = false;
	for (size_t i = 0; prep_modules[i] && !hit; i++)
		hit = !strncmp(n, prep_modules[i], strlen(prep_modules[i]));
	for (size_t i = 0; prep_names[i] && !hit && st->sklearn_like && last == n; i++)
		hit = !strcmp(n, prep_names[i]);
	if (!hit)
		return NULL;
	snprintf(buf, bufsz, "%s", last);
	return buf;
}

/* KFold(...), StratifiedShuffleSplit(...), LeaveOneOut() */
static bool is_splitter_ctor(const leak_state *st, TSNode call)
{
	size_t len;
	const char *n = mlr_py_is(call, MLR_PY_T_CALL) ? mlr_py_callee_name(st->ctx->py, call, &len) : NULL;
	if (!n)
		return false;
	const char *last = mlr_pyscan_last(n);
	size_t ll = strlen(last);
	bool shaped = (ll > 4 && !strcmp(last + ll - 4, "Fold")) || (ll > 5 && !strcmp(last + ll - 5, "Split")) ||
	              !strncmp(last, "LeaveOne", 8) || !strncmp(last, "LeaveP", 6);
	return shaped && (!strncmp(n, "sklearn.", 8) || (st->sklearn_like && last == n));
}

/* `X_test`, `test_df`, `df_val`, `Xtest`, `holdout`: a name token that says test or
 * validation split. `X_trainval` and `X_train_val` are a deliberate refit on both. */
static bool is_test_name(const char *s, size_t n)
{
	static const char *const words[] = { "test", "val", "valid", "validation", "holdout", NULL };
	static const char *const affixes[] = { "", "x", "y", "df", "data", "set", NULL };
	bool test = false, train = false;
	size_t i = 0;
	while (i < n) {
		while (i < n && (s[i] == '_' || isdigit((unsigned char)s[i])))
			i++;
		size_t start = i;
		while (i < n && s[i] != '_' && !isdigit((unsigned char)s[i]))
			i++;
		char tok[32];
		size_t tl = i - start;
		if (!tl || tl >= sizeof(tok))
			continue;
		for (size_t k = 0; k < tl; k++)
			tok[k] = (char)tolower((unsigned char)s[start + k]);
		tok[tl] = '\0';
		if (strstr(tok, "train"))
			train = true;
		/* token = affix? word affix?: "xtest", "testx", "testset", "dftest" */
		for (size_t w = 0; words[w] && !test; w++) {
			const char *hitp = strstr(tok, words[w]);
			if (!hitp)
				continue;
			size_t pre = (size_t)(hitp - tok), wl = strlen(words[w]);
			for (size_t a = 0; affixes[a] && !test; a++)
				for (size_t b = 0; affixes[b] && !test; b++)
					test = strlen(affixes[a]) == pre && !strncmp(tok, affixes[a], pre) &&
					       !strcmp(hitp + wl, affixes[b]);
		}
	}
	return test && !train;
}

typedef struct {
	const mlr_py *py;
	span found;
	bool hit;
} test_scan;

static bool scan_test_names(const mlr_py *py, TSNode n, void *payload)
{
	test_scan *ts = payload;
	mlr_py_type_id t = mlr_py_type(n);
	if (ts->hit || t == MLR_PY_T_LAMBDA || t == MLR_PY_T_STRING || t == MLR_PY_T_KEYWORD_ARGUMENT)
		return false;
	if (t == MLR_PY_T_IDENTIFIER) {
		/* an attribute's name is the object's field: `splits.X_test` counts, `x.test` too */
		span s = text_of(py, n);
		if (is_test_name(s.s, s.n)) {
			ts->hit = true;
			ts->found = s;
		}
	}
	return true;
}

/* The data a fit is given: its first positional argument, or X= / x=. */
static TSNode fit_data(const mlr_py *py, TSNode call)
{
	TSNode d = mlr_py_positional(call, 0);
	if (ts_node_is_null(d))
		d = mlr_py_kwarg(py, call, "X");
	if (ts_node_is_null(d))
		d = mlr_py_kwarg(py, call, "x");
	return d;
}

static bool is_fit_method(const mlr_py *py, TSNode attr)
{
	return mlr_py_text_eq(py, attr, "fit") || mlr_py_text_eq(py, attr, "fit_transform") ||
	       mlr_py_text_eq(py, attr, "fit_resample");
}

static prep_var *find_prep(leak_state *st, span name)
{
	for (size_t i = st->preps.len; i-- > 0;)
		if (span_eq(st->preps.items[i].var, name))
			return &st->preps.items[i];
	return NULL;
}

/* Names are looked up linearly: past this many, a generated script stops being followed
 * rather than going quadratic. */
#define MAX_TRACKED 1024

static void add_taint(leak_state *st, span name, size_t fit)
{
	taint t = { name, fit };
	if (st->taints.len < MAX_TRACKED)
		(void)mlr_array_push(&st->taints, t); /* a missed taint only misses a finding */
}

static const taint *find_taint(const leak_state *st, span name)
{
	for (size_t i = 0; i < st->taints.len; i++)
		if (span_eq(st->taints.items[i].name, name))
			return &st->taints.items[i];
	return NULL;
}

/* Names bound by an assignment's left side: `a`, `a, b`, `(a, b)`, `[a, b]`. */
static void taint_targets(leak_state *st, TSNode left, size_t fit)
{
	const mlr_py *py = st->ctx->py;
	mlr_py_type_id t = mlr_py_type(left);
	if (t == MLR_PY_T_IDENTIFIER) {
		add_taint(st, text_of(py, left), fit);
		return;
	}
	if (t != MLR_PY_T_PATTERN_LIST && t != MLR_PY_T_TUPLE_PATTERN && t != MLR_PY_T_LIST_PATTERN)
		return;
	uint32_t count = ts_node_named_child_count(left);
	for (uint32_t i = 0; i < count; i++) {
		TSNode c = ts_node_named_child(left, i);
		if (mlr_py_is(c, MLR_PY_T_IDENTIFIER))
			add_taint(st, text_of(py, c), fit);
	}
}

/* The assignment whose right side is n, if any. */
static TSNode assigned_by(const mlr_py *py, TSNode n)
{
	TSNode p = mlr_py_parent(py, n);
	if (!ts_node_is_null(p) && mlr_py_is(p, MLR_PY_T_ASSIGNMENT)) {
		TSNode right = mlr_py_child(p, MLR_PY_F_RIGHT);
		if (!ts_node_is_null(right) && ts_node_eq(right, n))
			return p;
	}
	return (TSNode){ 0 };
}

static void report_leak(leak_state *st, const fit_event *cfit, TSNode split, const char *what)
{
	fit_event *fit = (fit_event *)cfit;
	if (fit->reported)
		return;
	fit->reported = true;
	mlr_emit_node(st->ctx, st->rule, fit->call, false,
		"`%s` is fitted on `%.*s` before %s at line %u: statistics of the test rows leak into preprocessing",
		fit->cls, (int)(fit->data.n > 40 ? 40 : fit->data.n), fit->data.s, what,
		ts_node_start_point(split).row + 1);
}

static void check_split_arg(leak_state *st, TSNode arg, TSNode split, const char *what)
{
	if (ts_node_is_null(arg))
		return;
	TSNode root = root_name(arg);
	if (ts_node_is_null(root))
		return;
	const taint *t = find_taint(st, text_of(st->ctx->py, root));
	if (t)
		report_leak(st, &st->fits.items[t->fit], split, what);
}

static void on_split(leak_state *st, TSNode call, const char *last)
{
	const mlr_py *py = st->ctx->py;
	if (!strcmp(last, "train_test_split")) {
		for (uint32_t i = 0; i < 8; i++)
			check_split_arg(st, mlr_py_positional(call, i), call, "train_test_split");
	} else if (!strcmp(last, "cross_val_score") || !strcmp(last, "cross_validate") ||
	           !strcmp(last, "cross_val_predict") || !strcmp(last, "learning_curve") ||
	           !strcmp(last, "validation_curve") || !strcmp(last, "permutation_test_score")) {
		TSNode x = mlr_py_positional(call, 1);
		check_split_arg(st, ts_node_is_null(x) ? mlr_py_kwarg(py, call, "X") : x, call, last);
	}
}

static void on_fit(leak_state *st, TSNode call, TSNode receiver, TSNode method)
{
	const mlr_py *py = st->ctx->py;
	TSNode data = fit_data(py, call);
	if (ts_node_is_null(data))
		return;
	char cls[48];
	const char *ctor = prep_ctor(st, receiver, cls, sizeof(cls));
	prep_var *pv = NULL;
	if (!ctor && mlr_py_is(receiver, MLR_PY_T_IDENTIFIER) && (pv = find_prep(st, text_of(py, receiver))))
		ctor = pv->cls;

	test_scan ts = { py, { NULL, 0 }, false };
	mlr_pyscan_walk(py, data, scan_test_names, &ts);
	if (ts.hit) {
		span m = text_of(py, method);
		mlr_emit_node(st->ctx, st->rule, call, false,
			"`.%.*s` on test data `%.*s`: fit on the training split only, then transform the others",
			(int)m.n, m.s, (int)(ts.found.n > 40 ? 40 : ts.found.n), ts.found.s);
	}
	if (!ctor)
		return;
	fit_event fe = { .call = call, .reported = ts.hit };
	snprintf(fe.cls, sizeof(fe.cls), "%s", ctor);
	TSNode root = root_name(data);
	fe.data = text_of(py, ts_node_is_null(root) ? data : root);
	if (st->fits.len >= MAX_TRACKED || mlr_array_push(&st->fits, fe) < 0)
		return;
	size_t idx = st->fits.len - 1;
	if (pv)
		pv->fit = idx + 1;
	if (!ts_node_is_null(root))
		add_taint(st, text_of(py, root), idx);
	TSNode as = assigned_by(py, call);
	/* `pca = PCA(10).fit(X)`: the fitted object is bound here */
	TSNode left = ts_node_is_null(as) ? as : mlr_py_child(as, MLR_PY_F_LEFT);
	prep_var *bound = !ts_node_is_null(left) && mlr_py_is(left, MLR_PY_T_IDENTIFIER) ? find_prep(st, text_of(py, left)) : NULL;
	if (bound && mlr_py_text_eq(py, method, "fit"))
		bound->fit = idx + 1;
	if (!ts_node_is_null(as) && !mlr_py_text_eq(py, method, "fit"))
		taint_targets(st, mlr_py_child(as, MLR_PY_F_LEFT), idx);
}

static void on_call(leak_state *st, uint32_t at)
{
	const mlr_py *py = st->ctx->py;
	if (st->module_pass)
		return;
	TSNode call = mlr_py_node(py, at);
	size_t len;
	const char *n = mlr_py_callee_name_at(py, at, &len);
	/* A method call's resolved name ends in the method's name: only these methods (or a
	 * call without a name) need a look at the receiver. */
	const char *last = n ? mlr_pyscan_last(n) : NULL;
	bool watched = !n || !strcmp(last, "fit") || !strcmp(last, "fit_transform") ||
	               !strcmp(last, "fit_resample") || !strcmp(last, "transform") || !strcmp(last, "split");
	TSNode fn = watched ? mlr_py_field_at(py, at, MLR_PY_F_FUNCTION) : (TSNode){ 0 };
	if (watched && ts_node_is_null(fn))
		return;
	if (watched && mlr_py_is(fn, MLR_PY_T_ATTRIBUTE)) {
		TSNode recv = mlr_py_child(fn, MLR_PY_F_OBJECT);
		TSNode method = mlr_py_child(fn, MLR_PY_F_ATTRIBUTE);
		if (ts_node_is_null(recv) || ts_node_is_null(method))
			return;
		if (is_fit_method(py, method)) {
			on_fit(st, call, recv, method);
			return;
		}
		bool is_ident = mlr_py_is(recv, MLR_PY_T_IDENTIFIER);
		/* `X2 = scaler.transform(X)` after the scaler saw everything */
		prep_var *pv = is_ident && mlr_py_text_eq(py, method, "transform") ? find_prep(st, text_of(py, recv)) : NULL;
		TSNode as = pv && pv->fit ? assigned_by(py, call) : (TSNode){ 0 };
		if (!ts_node_is_null(as))
			taint_targets(st, mlr_py_child(as, MLR_PY_F_LEFT), pv->fit - 1);
		/* `kf.split(X)`, `KFold(5).split(X)` */
		if (mlr_py_text_eq(py, method, "split")) {
			bool splitter = is_splitter_ctor(st, recv);
			for (size_t i = 0; !splitter && is_ident && i < st->splitters.len; i++)
				splitter = span_eq(st->splitters.items[i], text_of(py, recv));
			if (splitter) {
				TSNode x = mlr_py_positional(call, 0);
				check_split_arg(st, ts_node_is_null(x) ? mlr_py_kwarg(py, call, "X") : x, call,
					"the cross-validation split");
			}
		}
	}
	if (n && (!strncmp(n, "sklearn.", 8) || (st->sklearn_like && !strchr(n, '.'))))
		on_split(st, call, last);
}

static void on_assignment(leak_state *st, uint32_t at)
{
	const mlr_py *py = st->ctx->py;
	TSNode left = mlr_py_field_at(py, at, MLR_PY_F_LEFT);
	TSNode right = mlr_py_field_at(py, at, MLR_PY_F_RIGHT);
	if (ts_node_is_null(left) || ts_node_is_null(right) || !mlr_py_is(left, MLR_PY_T_IDENTIFIER))
		return;
	span var = text_of(py, left);
	char cls[48];
	/* `scaler = StandardScaler()`, or fitted on the spot: `pca = PCA(10).fit(X)` */
	TSNode ctor = right;
	if (mlr_py_is(right, MLR_PY_T_CALL)) {
		TSNode fn = mlr_py_child(right, MLR_PY_F_FUNCTION);
		if (!ts_node_is_null(fn) && mlr_py_is(fn, MLR_PY_T_ATTRIBUTE) &&
		    mlr_py_text_eq(py, mlr_py_child(fn, MLR_PY_F_ATTRIBUTE), "fit"))
			ctor = mlr_py_child(fn, MLR_PY_F_OBJECT);
	}
	if (prep_ctor(st, ctor, cls, sizeof(cls))) {
		prep_var pv = { .var = var };
		snprintf(pv.cls, sizeof(pv.cls), "%s", cls);
		if (st->preps.len < MAX_TRACKED)
			(void)mlr_array_push(&st->preps, pv);
		return;
	}
	if (is_splitter_ctor(st, right)) {
		if (st->splitters.len < MAX_TRACKED)
			(void)mlr_array_push(&st->splitters, var);
		return;
	}
	if (st->module_pass || !st->taints.len)
		return; /* no fitted data in this scope yet: nothing to follow */
	/* `X = pd.DataFrame(X_scaled, columns=cols)`, `X_all = X_scaled`: the data moves on */
	TSNode src = root_name(right);
	const taint *t = ts_node_is_null(src) ? NULL : find_taint(st, text_of(py, src));
	if (!t && mlr_py_is(right, MLR_PY_T_CALL)) {
		src = root_name(mlr_py_positional(right, 0));
		t = ts_node_is_null(src) ? NULL : find_taint(st, text_of(py, src));
	}
	if (t)
		add_taint(st, var, t->fit);
}

static bool visit_scope(const mlr_py *py, uint32_t at, void *payload)
{
	leak_state *st = payload;
	mlr_py_type_id t = py->types[at];
	if (t == MLR_PY_T_FUNCTION_DEFINITION || t == MLR_PY_T_CLASS_DEFINITION || t == MLR_PY_T_LAMBDA)
		return false; /* their own scopes */
	if (t == MLR_PY_T_ASSIGNMENT)
		on_assignment(st, at);
	else if (t == MLR_PY_T_CALL)
		on_call(st, at);
	return true;
}

/* The statements of a body (or of the module), each with what it contains. */
static void visit_statements(leak_state *st, TSNode body)
{
	const mlr_py *py = st->ctx->py;
	mlr_py_children it;
	TSNode s;
	for (mlr_py_children_start(&it, py, body); mlr_py_children_next(&it, &s);)
		mlr_py_walk(py, it.at, visit_scope, st);
}

static void reset_scope(leak_state *st)
{
	st->preps.len = st->module_preps;
	st->splitters.len = st->module_splitters;
	for (size_t i = 0; i < st->preps.len; i++)
		st->preps.items[i].fit = 0;
	st->fits.len = 0;
	st->taints.len = 0;
}

static void visit_function(const mlr_py *py, TSNode def, void *payload)
{
	leak_state *st = payload;
	TSNode body = mlr_py_child(def, MLR_PY_F_BODY);
	if (ts_node_is_null(body))
		return;
	reset_scope(st);
	visit_statements(st, body);
}

void mlr_check_preprocessing_leakage(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	const mlr_py *py = ctx->py;
	/* Test code fits on fixtures named X_test on purpose. */
	if (ctx->facts->flags & MLR_FACT_TEST_FILE)
		return;
	leak_state st = { .ctx = ctx, .rule = rule };
	st.sklearn_like = mlr_pyscan_imports(py, "sklearn") || mlr_pyscan_imports(py, "imblearn") ||
	                  mlr_pyscan_imports(py, "category_encoders") || mlr_pyscan_imports(py, "feature_engine");

	/* Module-level objects are visible in every function: collect them first. */
	st.module_pass = true;
	visit_statements(&st, py->root);
	st.module_preps = st.preps.len;
	st.module_splitters = st.splitters.len;

	/* The top level as a scope of its own: scripts and notebooks. */
	st.module_pass = false;
	reset_scope(&st);
	visit_statements(&st, py->root);
	mlr_py_each(py, "function_definition", visit_function, &st);

	mlr_array_delete(&st.preps);
	mlr_array_delete(&st.splitters);
	mlr_array_delete(&st.fits);
	mlr_array_delete(&st.taints);
}
