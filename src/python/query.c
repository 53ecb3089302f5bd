#include "python/query.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/error.h"

typedef enum {
	PRED_EQ,
	PRED_MATCH,
	PRED_ANY_OF,
	PRED_RESOLVES_TO,
	PRED_HAS_KWARG
} pred_kind;

typedef struct {
	bool is_capture;
	uint32_t capture;
	const char *str; /* owned by the TSQuery */
	uint32_t len;
} pred_arg;

typedef struct {
	pred_kind kind;
	bool negated;
	uint32_t capture;  /* the subject */
	pred_arg *args;
	uint32_t arg_count;
	pcre2_code *re;    /* PRED_MATCH */
} predicate;

typedef struct {
	const mlr_rule *rule; /* the rule this pattern belongs to */
	predicate *preds;
	uint32_t count;
	uint32_t rule_index; /* its rule's place among the set's rules */
} pattern_preds;

struct mlr_query {
	TSQuery *ts;
	pattern_preds *patterns;
	uint32_t pattern_count;
	uint32_t finding_capture; /* UINT32_MAX when the query has no @finding */
};

struct mlr_query_set {
	mlr_query **queries;
	size_t count;
	const mlr_rule **rules; /* the rules with a query, in pattern order */
	size_t rule_count;
};

static const char *ts_query_error_name(TSQueryError e)
{
	switch (e) {
	case TSQueryErrorSyntax: return "syntax error";
	case TSQueryErrorNodeType: return "unknown node type";
	case TSQueryErrorField: return "unknown field";
	case TSQueryErrorCapture: return "unknown capture";
	case TSQueryErrorStructure: return "impossible pattern";
	case TSQueryErrorLanguage: return "language mismatch";
	default: return "error";
	}
}

static int parse_predicate(predicate *p, const mlr_query *q, const mlr_rule *rule,
	const TSQueryPredicateStep *steps, uint32_t n)
{
	if (n < 2 || steps[0].type != TSQueryPredicateStepTypeString)
		return mlr_error_set(MLR_ERULE, "%s: malformed predicate", rule->id);
	uint32_t len;
	const char *name = ts_query_string_value_for_id(q->ts, steps[0].value_id, &len);
	const char *base = name;
	if (!strncmp(name, "not-", 4)) {
		p->negated = true;
		base = name + 4;
	}
	if (!strcmp(base, "eq?"))
		p->kind = PRED_EQ;
	else if (!strcmp(base, "match?"))
		p->kind = PRED_MATCH;
	else if (!strcmp(base, "any-of?"))
		p->kind = PRED_ANY_OF;
	else if (!strcmp(base, "resolves-to?"))
		p->kind = PRED_RESOLVES_TO;
	else if (!strcmp(base, "has-kwarg?"))
		p->kind = PRED_HAS_KWARG;
	else
		return mlr_error_set(MLR_ERULE, "%s: unknown predicate #%s", rule->id, name);
	if (steps[1].type != TSQueryPredicateStepTypeCapture)
		return mlr_error_set(MLR_ERULE, "%s: #%s needs a capture as its first argument", rule->id, name);
	p->capture = steps[1].value_id;
	p->arg_count = n - 2;
	p->args = calloc(p->arg_count ? p->arg_count : 1, sizeof(pred_arg));
	if (!p->args)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	for (uint32_t i = 0; i < p->arg_count; i++) {
		const TSQueryPredicateStep *s = &steps[2 + i];
		if (s->type == TSQueryPredicateStepTypeCapture) {
			p->args[i].is_capture = true;
			p->args[i].capture = s->value_id;
		} else {
			p->args[i].str = ts_query_string_value_for_id(q->ts, s->value_id, &p->args[i].len);
		}
	}
	bool need_strings = p->kind != PRED_EQ;
	if (p->arg_count < 1 || (p->kind == PRED_MATCH && p->arg_count != 1) ||
	    (p->kind == PRED_EQ && p->arg_count != 1) ||
	    (p->kind == PRED_HAS_KWARG && p->arg_count > 2))
		return mlr_error_set(MLR_ERULE, "%s: wrong number of arguments to #%s", rule->id, name);
	for (uint32_t i = 0; need_strings && i < p->arg_count; i++)
		if (p->args[i].is_capture)
			return mlr_error_set(MLR_ERULE, "%s: #%s takes strings after its capture", rule->id, name);
	if (p->kind == PRED_MATCH) {
		int err;
		PCRE2_SIZE off;
		p->re = pcre2_compile((PCRE2_SPTR)p->args[0].str, p->args[0].len, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
			&err, &off, NULL);
		if (!p->re) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(err, msg, sizeof(msg));
			return mlr_error_set(MLR_ERULE, "%s: bad regex in #%s at %zu: %s", rule->id, name, (size_t)off, msg);
		}
	}
	return 0;
}

/* Compiles source, whose patterns belong to rules[i] for the bytes [starts[i], starts[i+1]). */
static int query_compile(mlr_query **out, const mlr_rule *const *rules, const uint32_t *starts,
	size_t nrules, const char *source, uint32_t len)
{
	int error = 0;
	mlr_query *q = calloc(1, sizeof(*q));
	if (!q)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	q->finding_capture = UINT32_MAX;
	uint32_t off;
	TSQueryError qerr;
	q->ts = ts_query_new(tree_sitter_python(), source, len, &off, &qerr);
	if (!q->ts) {
		size_t r = 0;
		while (r + 1 < nrules && starts[r + 1] <= off)
			r++;
		error = mlr_error_set(MLR_ERULE, "%s: query %s at offset %u", rules[r]->id,
			ts_query_error_name(qerr), off - starts[r]);
		goto cleanup;
	}
	for (uint32_t i = 0; i < ts_query_capture_count(q->ts); i++) {
		uint32_t clen;
		const char *name = ts_query_capture_name_for_id(q->ts, i, &clen);
		if (clen == 7 && !memcmp(name, "finding", 7))
			q->finding_capture = i;
	}
	q->pattern_count = ts_query_pattern_count(q->ts);
	q->patterns = calloc(q->pattern_count ? q->pattern_count : 1, sizeof(pattern_preds));
	if (!q->patterns) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (uint32_t pi = 0; pi < q->pattern_count; pi++) {
		pattern_preds *pp = &q->patterns[pi];
		uint32_t at = ts_query_start_byte_for_pattern(q->ts, pi);
		size_t r = 0;
		while (r + 1 < nrules && starts[r + 1] <= at)
			r++;
		pp->rule = rules[r];
		pp->rule_index = (uint32_t)r;
		uint32_t nsteps;
		const TSQueryPredicateStep *steps = ts_query_predicates_for_pattern(q->ts, pi, &nsteps);
		uint32_t npred = 0;
		for (uint32_t st = 0; st < nsteps; st++)
			npred += steps[st].type == TSQueryPredicateStepTypeDone;
		pp->preds = calloc(npred ? npred : 1, sizeof(predicate));
		if (!pp->preds) {
			error = mlr_error_set(MLR_ENOMEM, "out of memory");
			goto cleanup;
		}
		uint32_t start = 0;
		for (uint32_t st = 0; st < nsteps; st++) {
			if (steps[st].type != TSQueryPredicateStepTypeDone)
				continue;
			if ((error = parse_predicate(&pp->preds[pp->count++], q, pp->rule, steps + start, st - start)) < 0)
				goto cleanup;
			start = st + 1;
		}
	}
	*out = q;
	return 0;
cleanup:
	mlr_query_delete(q);
	return error;
}

int mlr_query_new(mlr_query **out, const mlr_rule *rule, const char *source)
{
	uint32_t start = 0;
	return query_compile(out, &rule, &start, 1, source, (uint32_t)strlen(source));
}

void mlr_query_delete(mlr_query *q)
{
	if (!q)
		return;
	for (uint32_t pi = 0; q->patterns && pi < q->pattern_count; pi++) {
		for (uint32_t i = 0; i < q->patterns[pi].count; i++) {
			free(q->patterns[pi].preds[i].args);
			pcre2_code_free(q->patterns[pi].preds[i].re);
		}
		free(q->patterns[pi].preds);
	}
	free(q->patterns);
	if (q->ts)
		ts_query_delete(q->ts);
	free(q);
}

/* "numpy.*" matches "numpy" and below; "*.fit" matches any name ending in ".fit"
 * (including "fit" alone); anything else matches exactly. */
bool mlr_name_matches(const char *name, size_t nlen, const char *pat, size_t plen)
{
	if (plen >= 2 && pat[plen - 2] == '.' && pat[plen - 1] == '*') {
		size_t base = plen - 2;
		return nlen >= base && !memcmp(name, pat, base) && (nlen == base || name[base] == '.');
	}
	if (plen >= 2 && pat[0] == '*' && pat[1] == '.') {
		size_t suf = plen - 2;
		if (nlen == suf)
			return !memcmp(name, pat + 2, suf);
		return nlen > suf && !memcmp(name + nlen - suf, pat + 2, suf) && name[nlen - suf - 1] == '.';
	}
	return nlen == plen && !memcmp(name, pat, plen);
}

static bool eval_on_node(const predicate *p, const mlr_py *py, TSNode node, const TSQueryMatch *m)
{
	size_t len;
	const char *text = mlr_py_text(py, node, &len);
	switch (p->kind) {
	case PRED_EQ: {
		const pred_arg *a = &p->args[0];
		if (!a->is_capture)
			return len == a->len && !memcmp(text, a->str, len);
		for (uint16_t i = 0; i < m->capture_count; i++) {
			if (m->captures[i].index != a->capture)
				continue;
			size_t olen;
			const char *other = mlr_py_text(py, m->captures[i].node, &olen);
			return olen == len && !memcmp(text, other, len);
		}
		return false;
	}
	case PRED_MATCH: {
		pcre2_match_data *md = pcre2_match_data_create_from_pattern(p->re, NULL);
		if (!md)
			return false;
		int rc = pcre2_match(p->re, (PCRE2_SPTR)text, len, 0, 0, md, NULL);
		pcre2_match_data_free(md);
		return rc >= 0;
	}
	case PRED_ANY_OF:
		for (uint32_t i = 0; i < p->arg_count; i++)
			if (len == p->args[i].len && !memcmp(text, p->args[i].str, len))
				return true;
		return false;
	case PRED_RESOLVES_TO: {
		mlr_buf raw = MLR_BUF_INIT, res = MLR_BUF_INIT;
		bool hit = false;
		TSNode subject = node;
		if (!strcmp(ts_node_type(node), "call"))
			subject = ts_node_child_by_field_name(node, "function", 8);
		if (mlr_py_dotted(&raw, py, subject)) {
			mlr_py_resolve(&res, py, mlr_buf_cstr(&raw), raw.len);
			for (uint32_t i = 0; !hit && i < p->arg_count; i++)
				hit = mlr_name_matches(mlr_buf_cstr(&res), res.len, p->args[i].str, p->args[i].len);
		}
		mlr_buf_dispose(&raw);
		mlr_buf_dispose(&res);
		return hit;
	}
	case PRED_HAS_KWARG: {
		char name[128];
		if (p->args[0].len >= sizeof(name))
			return false;
		memcpy(name, p->args[0].str, p->args[0].len);
		name[p->args[0].len] = '\0';
		TSNode v = mlr_py_kwarg(py, node, name);
		if (ts_node_is_null(v))
			return false;
		if (p->arg_count < 2)
			return true;
		size_t vlen;
		const char *vt = mlr_py_text(py, v, &vlen);
		return vlen == p->args[1].len && !memcmp(vt, p->args[1].str, vlen);
	}
	}
	return false;
}

/* A predicate holds when it holds for every node its capture took in this match. */
static bool eval_predicate(const predicate *p, const mlr_py *py, const TSQueryMatch *m)
{
	bool any = false;
	for (uint16_t i = 0; i < m->capture_count; i++) {
		if (m->captures[i].index != p->capture)
			continue;
		any = true;
		if (eval_on_node(p, py, m->captures[i].node, m) == p->negated)
			return false;
	}
	/* A capture that took no node (optional or quantified): positive tests fail. */
	return any || p->negated;
}

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* False when the deadline (0: none) passed before the last match. */
static bool query_run(const mlr_query *q, TSQueryCursor *cursor, const mlr_py *py,
	const bool *active, uint64_t deadline, mlr_query_emit_fn emit, void *payload)
{
	TSQueryMatch m;
	uint32_t n = 0;
	ts_query_cursor_exec(cursor, q->ts, py->root);
	while (ts_query_cursor_next_match(cursor, &m)) {
		/* a clock read every 64 matches: cheap next to matching, and next_match itself
		 * returns within milliseconds even on pathological trees */
		if (deadline && (++n & 63) == 0 && now_us() > deadline)
			return false;
		const pattern_preds *pp = &q->patterns[m.pattern_index];
		if (active && !active[pp->rule_index])
			continue; /* its triggers are not in the file: it cannot fire */
		bool ok = true;
		for (uint32_t i = 0; ok && i < pp->count; i++)
			ok = eval_predicate(&pp->preds[i], py, &m);
		if (!ok || m.capture_count == 0)
			continue;
		TSNode at = m.captures[0].node;
		for (uint16_t i = 0; i < m.capture_count; i++)
			if (m.captures[i].index == q->finding_capture)
				at = m.captures[i].node;
		emit(payload, pp->rule, at);
	}
	return true;
}

void mlr_query_run(const mlr_query *q, TSQueryCursor *cursor, const mlr_py *py,
	mlr_query_emit_fn emit, void *payload)
{
	query_run(q, cursor, py, NULL, 0, emit, payload);
}

/* All rules' queries become one query: one cursor pass over a tree serves every rule.
 * Compiling is the costly part of a small run (a pre-commit hook on one file), so each
 * rule is compiled alone only when the whole set fails, to name the rule at fault. */
int mlr_query_set_new(mlr_query_set **out, const mlr_rule *const *rules, size_t n)
{
	int error = 0;
	mlr_buf all = MLR_BUF_INIT;
	uint32_t *starts = calloc(n ? n : 1, sizeof(uint32_t));
	const mlr_rule **with = calloc(n ? n : 1, sizeof(*with));
	mlr_query_set *qs = calloc(1, sizeof(*qs));
	size_t count = 0;
	if (!starts || !with || !qs || !(qs->queries = calloc(1, sizeof(mlr_query *)))) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		if (!rules[i]->query)
			continue;
		starts[count] = (uint32_t)all.len;
		with[count++] = rules[i];
		mlr_buf_puts(&all, rules[i]->query);
		mlr_buf_putc(&all, '\n');
	}
	if (all.oom || all.len > UINT32_MAX) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (count && (error = query_compile(&qs->queries[0], with, starts, count, mlr_buf_cstr(&all),
		              (uint32_t)all.len)) < 0) {
		/* A pattern can be valid alone and still break the whole (one rule's text closing
		 * another's parenthesis): find the first rule that fails alone, else keep the
		 * set's own error. */
		for (size_t i = 0; i < count; i++) {
			mlr_query *alone = NULL;
			int rc = mlr_query_new(&alone, with[i], with[i]->query);
			mlr_query_delete(alone);
			if (rc < 0) {
				error = rc;
				break;
			}
		}
		goto cleanup;
	}
	qs->count = count ? 1 : 0;
	qs->rules = with;
	qs->rule_count = count;
	with = NULL;
	*out = qs;
	qs = NULL;
cleanup:
	mlr_query_set_delete(qs);
	mlr_buf_dispose(&all);
	free(starts);
	free(with);
	return error;
}

void mlr_query_set_delete(mlr_query_set *qs)
{
	if (!qs)
		return;
	for (size_t i = 0; i < qs->count; i++)
		mlr_query_delete(qs->queries[i]);
	free(qs->queries);
	free(qs->rules);
	free(qs);
}

size_t mlr_query_set_rule_count(const mlr_query_set *qs)
{
	return qs ? qs->rule_count : 0;
}

const mlr_rule *mlr_query_set_rule(const mlr_query_set *qs, size_t i)
{
	return qs->rules[i];
}

bool mlr_query_set_run(const mlr_query_set *qs, TSQueryCursor *cursor, const mlr_py *py,
	const bool *active, uint64_t budget_us, mlr_query_emit_fn emit, void *payload)
{
	uint64_t deadline = budget_us ? now_us() + budget_us : 0;
	for (size_t i = 0; i < qs->count; i++)
		if (!query_run(qs->queries[i], cursor, py, active, deadline, emit, payload))
			return false;
	return true;
}
