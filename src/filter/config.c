/*
 * Reading .mlready.yml with libyaml's document API: every node keeps its marks, so every
 * problem names the line and column of the value that is wrong. The file comes from the
 * repository being linted, so it is untrusted: its size is bounded, aliases are never
 * expanded (the walk does not recurse past the schema's depth), and after a hundred
 * problems the rest are not listed.
 */
#include "filter/config_int.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <yaml.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/shown.h"
#include "filter/glob.h"
#include "repo/yaml_limits.h"

#define CONFIG_FILE_MAX (1024 * 1024)
#define MAX_PROBLEMS 100

typedef struct {
	mlr_config *cfg;
	mlr_diag *diag;
	int first_problem; /* d->count when loading started */
	const char *path;
	yaml_document_t *doc;
	bool oom;
} reader;

static void problem(reader *r, yaml_mark_t m, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void problem(reader *r, yaml_mark_t m, const char *fmt, ...)
{
	int n = r->diag->count - r->first_problem;
	if (n > MAX_PROBLEMS)
		return;
	char msg[1024];
	if (n == MAX_PROBLEMS) {
		snprintf(msg, sizeof(msg), "too many problems; the rest are not listed");
	} else {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
	}
	mlr_diag_report(r->diag, r->path, m.line + 1, m.column + 1, "%s", msg);
}

static mlr_rule_mark to_mark(yaml_mark_t m)
{
	return (mlr_rule_mark){ m.line + 1, m.column + 1 };
}

static yaml_mark_t from_mark(mlr_rule_mark m)
{
	yaml_mark_t y = { 0, m.line ? m.line - 1 : 0, m.column ? m.column - 1 : 0 };
	return y;
}

void mlr_cfg_strs_dispose(mlr_cfg_strs *a)
{
	for (size_t i = 0; i < a->len; i++)
		free(a->items[i].text);
	mlr_array_delete(a);
}

int mlr_config_new(mlr_config **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : mlr_error_set(MLR_ENOMEM, "out of memory");
}

void mlr_config_free(mlr_config *cfg)
{
	if (!cfg)
		return;
	mlr_config__free_custom(cfg);
	free(cfg->path);
	free(cfg->base_dir);
	free(cfg->profile);
	mlr_cfg_strs_dispose(&cfg->select);
	mlr_cfg_strs_dispose(&cfg->ignore);
	mlr_cfg_strs_dispose(&cfg->exclude);
	mlr_cfg_strs_dispose(&cfg->trackers);
	mlr_cfg_strs_dispose(&cfg->secret_names);
	for (size_t i = 0; i < cfg->path_ignores.len; i++) {
		free(cfg->path_ignores.items[i].glob.text);
		mlr_cfg_strs_dispose(&cfg->path_ignores.items[i].selectors);
	}
	mlr_array_delete(&cfg->path_ignores);
	for (size_t i = 0; i < cfg->severities.len; i++)
		free(cfg->severities.items[i].selector.text);
	mlr_array_delete(&cfg->severities);
	for (size_t i = 0; i < cfg->thresholds.len; i++) {
		free(cfg->thresholds.items[i].rule.text);
		free(cfg->thresholds.items[i].key);
	}
	mlr_array_delete(&cfg->thresholds);
	free(cfg->custom_dir.text);
	free(cfg);
}

/* ------------------------------------------------------------------ suggestions */

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63)
		return 99;
	size_t row[64];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* The closest of words to s, if it is close enough to be a typo. */
static const char *closest(const char *s, const char *const *words, size_t n)
{
	const char *best = NULL;
	size_t bd = 3;
	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(s, words[i]);
		if (d < bd) {
			bd = d;
			best = words[i];
		}
	}
	return best;
}

/* ------------------------------------------------------------------ YAML access */

static yaml_node_t *node_at(reader *r, int index)
{
	return yaml_document_get_node(r->doc, index);
}

static const char *node_kind(const yaml_node_t *n)
{
	return n->type == YAML_MAPPING_NODE ? "a mapping" : n->type == YAML_SEQUENCE_NODE ? "a list" : "a string";
}

/* A scalar's value as a new string, or NULL after reporting why it is not one. */
static char *scalar(reader *r, yaml_node_t *n, const char *what)
{
	if (n->type != YAML_SCALAR_NODE) {
		problem(r, n->start_mark, "%s must be a string, not %s", what, node_kind(n));
		return NULL;
	}
	const char *v = (const char *)n->data.scalar.value;
	size_t len = n->data.scalar.length;
	if (memchr(v, '\0', len)) {
		problem(r, n->start_mark, "%s contains a NUL byte", what);
		return NULL;
	}
	if (len == 0) {
		problem(r, n->start_mark, "%s is empty", what);
		return NULL;
	}
	if (len > 4096) {
		problem(r, n->start_mark, "%s is longer than 4096 characters", what);
		return NULL;
	}
	char *s = mlr_strndup(v, len);
	if (!s)
		r->oom = true;
	return s;
}

static bool push_str(reader *r, mlr_cfg_strs *a, char *s, yaml_mark_t m)
{
	mlr_cfg_str v = { s, to_mark(m) };
	if (mlr_array_push(a, v) < 0) {
		free(s);
		r->oom = true;
		return false;
	}
	return true;
}

/* A list of strings; a single string is a list of one. check (may be NULL) returns why an
 * item is not valid. */
typedef const char *(*item_check_fn)(const char *s);

static void string_list(reader *r, yaml_node_t *n, const char *what, mlr_cfg_strs *out, item_check_fn check)
{
	yaml_node_item_t one[1];
	yaml_node_item_t *start, *top;
	if (n->type == YAML_SCALAR_NODE) {
		one[0] = (yaml_node_item_t)(n - r->doc->nodes.start + 1);
		start = one;
		top = one + 1;
	} else if (n->type == YAML_SEQUENCE_NODE) {
		start = n->data.sequence.items.start;
		top = n->data.sequence.items.top;
	} else {
		problem(r, n->start_mark, "%s must be a list of strings, not a mapping", what);
		return;
	}
	for (yaml_node_item_t *it = start; it < top && !r->oom; it++) {
		yaml_node_t *item = node_at(r, *it);
		if (!item)
			continue;
		char *s = scalar(r, item, what);
		if (!s)
			continue;
		const char *why = check ? check(s) : NULL;
		if (why) {
			char shown[MLR_SHOWN_SIZE];
			problem(r, item->start_mark, "%s: %s is %s", what, mlr_shown_str(shown, sizeof(shown), s), why);
			free(s);
			continue;
		}
		push_str(r, out, s, item->start_mark);
	}
}

typedef void (*pair_fn)(reader *r, const char *key, yaml_node_t *k, yaml_node_t *v, void *payload);

/* Each key/value pair of a mapping; non-string and repeated keys are problems. */
static void each_pair(reader *r, yaml_node_t *map, const char *what, pair_fn fn, void *payload)
{
	if (map->type != YAML_MAPPING_NODE) {
		problem(r, map->start_mark, "%s must be a mapping, not %s", what, node_kind(map));
		return;
	}
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top && !r->oom; p++) {
		yaml_node_t *k = node_at(r, p->key), *v = node_at(r, p->value);
		if (!k || !v)
			continue;
		if (k->type != YAML_SCALAR_NODE || !k->data.scalar.length) {
			problem(r, k->start_mark, "keys of %s must be strings", what);
			continue;
		}
		const char *key = (const char *)k->data.scalar.value;
		bool repeated = false;
		for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p && !repeated; q++) {
			yaml_node_t *qk = node_at(r, q->key);
			repeated = qk && qk->type == YAML_SCALAR_NODE && !strcmp((const char *)qk->data.scalar.value, key);
		}
		if (repeated) {
			char shown[MLR_SHOWN_SIZE];
			problem(r, k->start_mark, "duplicate key %s in %s", mlr_shown_str(shown, sizeof(shown), key), what);
			continue;
		}
		fn(r, key, k, v, payload);
	}
}

static bool number(reader *r, yaml_node_t *n, const char *what, double lo, double hi, double *out)
{
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
		problem(r, n->start_mark, "%s must be a number from %g to %g", what, lo, hi);
		return false;
	}
	const char *s = (const char *)n->data.scalar.value;
	char *end = NULL;
	errno = 0;
	double v = strtod(s, &end);
	if (!*s || *end || errno || !isfinite(v) || v < lo || v > hi) {
		char shown[MLR_SHOWN_SIZE];
		problem(r, n->start_mark, "%s must be a number from %g to %g (got %s)", what, lo, hi,
			mlr_shown_str(shown, sizeof(shown), s));
		return false;
	}
	*out = v;
	return true;
}

/* ------------------------------------------------------------------ value checks */

static const char *check_glob(const char *s)
{
	return mlr_glob_invalid(s);
}

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* `pkg.module.call`, `pkg.*` (the package and everything in it) or `*.call` (any callee
 * whose last segments are these). */
static const char *check_tracker(const char *s)
{
	const char *p = s, *end = s + strlen(s);
	if (!strncmp(p, "*.", 2))
		p += 2;
	if (end - p >= 2 && !strcmp(end - 2, ".*"))
		end -= 2;
	if (p >= end)
		return "not a dotted name like ourco.tracking.*";
	bool seg_start = true;
	for (const char *q = p; q < end; q++) {
		if (*q == '.') {
			if (seg_start)
				return "not a dotted name like ourco.tracking.*";
			seg_start = true;
			continue;
		}
		if (!ident_char(*q) || (seg_start && *q >= '0' && *q <= '9'))
			return "not a dotted name like ourco.tracking.* (letters, digits, '_', '.', a leading '*.' or a trailing '.*')";
		seg_start = false;
	}
	return seg_start ? "not a dotted name like ourco.tracking.*" : NULL;
}

/* An identifier with optional `*` and `?` wildcards: corp_pin, *_passkey, VAULT_*. */
static const char *check_secret_name(const char *s)
{
	size_t n = strlen(s);
	if (n > 128)
		return "longer than 128 characters";
	bool has_letter = false;
	for (const char *p = s; *p; p++) {
		if (!ident_char(*p) && *p != '-' && *p != '*' && *p != '?')
			return "not a name pattern (letters, digits, '_', '-', and the wildcards '*' and '?')";
		if (ident_char(*p))
			has_letter = true;
	}
	return has_letter ? NULL : "a pattern that would match every name";
}

/* ------------------------------------------------------------------ keys */

static void profile_key(reader *r, yaml_node_t *v)
{
	char *s = scalar(r, v, "'profile'");
	const mlr_profile *p;
	if (!s)
		return;
	if (mlr_profile_find(&p, s) < 0) {
		size_t n;
		const mlr_profile *all = mlr_profiles(&n);
		mlr_buf names = MLR_BUF_INIT;
		for (size_t i = 0; i < n; i++)
			mlr_buf_printf(&names, "%s%s", i ? (i + 1 == n ? " or " : ", ") : "", all[i].name);
		char shown[MLR_SHOWN_SIZE];
		problem(r, v->start_mark, "unknown profile %s (expected %s)", mlr_shown_str(shown, sizeof(shown), s),
			mlr_buf_cstr(&names));
		mlr_buf_dispose(&names);
		free(s);
		return;
	}
	free(r->cfg->profile);
	r->cfg->profile = s;
}

static void fail_on_key(reader *r, yaml_node_t *v)
{
	char *s = scalar(r, v, "'fail-on'");
	mlr_severity sev;
	if (!s)
		return;
	if (!strcmp(s, "never")) {
		r->cfg->fail_on = 3;
		r->cfg->has_fail_on = true;
	} else if (mlr_severity_parse(&sev, s) == 0) {
		r->cfg->fail_on = (int)sev;
		r->cfg->has_fail_on = true;
	} else {
		char shown[MLR_SHOWN_SIZE];
		problem(r, v->start_mark, "'fail-on' must be error, warning, note or never (got %s)",
			mlr_shown_str(shown, sizeof(shown), s));
	}
	free(s);
}

/* Bytes, a whole number: what --max-python-size takes. */
static void max_python_size_key(reader *r, yaml_node_t *v)
{
	char *end = NULL;
	const char *s = v->type == YAML_SCALAR_NODE && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE
		? (const char *)v->data.scalar.value : NULL;
	unsigned long long n = 0;
	errno = 0;
	/* digits only: strtoull would take a sign or leading blanks */
	if (s && *s >= '0' && *s <= '9')
		n = strtoull(s, &end, 10);
	if (!end || *end || errno || n == 0 || n > (1ULL << 40)) {
		char shown[MLR_SHOWN_SIZE];
		problem(r, v->start_mark, "'max-python-size' must be a whole number of bytes, from 1 to %llu (got %s)",
			1ULL << 40, s ? mlr_shown_str(shown, sizeof(shown), s) : node_kind(v));
		return;
	}
	r->cfg->max_python_size = n;
}

static void path_ignore_pair(reader *r, const char *key, yaml_node_t *k, yaml_node_t *v, void *payload)
{
	(void)payload;
	const char *why = mlr_glob_invalid(key);
	if (why) {
		char shown[MLR_SHOWN_SIZE];
		problem(r, k->start_mark, "per-path-ignores: %s is %s", mlr_shown_str(shown, sizeof(shown), key), why);
		return;
	}
	mlr_cfg_path_ignore pi = { { mlr_strdup(key), to_mark(k->start_mark) }, { 0 } };
	if (!pi.glob.text || mlr_array_push(&r->cfg->path_ignores, pi) < 0) {
		free(pi.glob.text);
		r->oom = true;
		return;
	}
	string_list(r, v, "per-path-ignores", &r->cfg->path_ignores.items[r->cfg->path_ignores.len - 1].selectors, NULL);
}

static void severity_pair(reader *r, const char *key, yaml_node_t *k, yaml_node_t *v, void *payload)
{
	(void)payload;
	char *s = scalar(r, v, "a severity");
	mlr_severity sev;
	if (!s)
		return;
	if (mlr_severity_parse(&sev, s) < 0) {
		char shown_key[MLR_SHOWN_SIZE], shown[MLR_SHOWN_SIZE];
		problem(r, v->start_mark, "severity of %s must be error, warning or note (got %s)",
			mlr_shown_str(shown_key, sizeof(shown_key), key), mlr_shown_str(shown, sizeof(shown), s));
	} else {
		mlr_cfg_severity e = { { mlr_strdup(key), to_mark(k->start_mark) }, sev };
		if (!e.selector.text || mlr_array_push(&r->cfg->severities, e) < 0) {
			free(e.selector.text);
			r->oom = true;
		}
	}
	free(s);
}

/* The thresholds that exist (docs/config.md lists them with the same words). */
static const struct {
	const char *key;
	double lo, hi;
	const char *rules; /* the rule ids (space-separated) that read it; NULL: any KPI rule */
} thresholds[] = {
	{ "target", 0, 1, NULL },
	{ "commits", 1, 1e6, "MLR407" },
	{ "days", 0, 36500, "MLR407" },
	{ "data-bytes", 1, 1e12, "MLR812" },
	{ "file-bytes", 1, 1e12, "MLR812" },
	{ "blob-bytes", 1, 1e12, "MLR813" },
};

typedef struct {
	const char *rule;
	yaml_mark_t rule_mark;
} threshold_ctx;

static void threshold_pair(reader *r, const char *key, yaml_node_t *k, yaml_node_t *v, void *payload)
{
	threshold_ctx *t = payload;
	size_t i, n = sizeof(thresholds) / sizeof(thresholds[0]);
	for (i = 0; i < n && strcmp(key, thresholds[i].key); i++)
		;
	char shown_rule[MLR_SHOWN_SIZE];
	mlr_shown_bare(shown_rule, sizeof(shown_rule), t->rule);
	if (i == n) {
		char shown[MLR_SHOWN_SIZE];
		problem(r, k->start_mark, "unknown threshold %s for %s (expected target, commits, days, "
			"data-bytes, file-bytes or blob-bytes)", mlr_shown_str(shown, sizeof(shown), key), shown_rule);
		return;
	}
	char what[160];
	snprintf(what, sizeof(what), "'%s' of %s", thresholds[i].key, shown_rule);
	double value;
	if (!number(r, v, what, thresholds[i].lo, thresholds[i].hi, &value))
		return;
	mlr_cfg_threshold th = { { mlr_strdup(t->rule), to_mark(t->rule_mark) }, NULL, mlr_strdup(key),
		to_mark(k->start_mark), value };
	if (!th.rule.text || !th.key || mlr_array_push(&r->cfg->thresholds, th) < 0) {
		free(th.rule.text);
		free(th.key);
		r->oom = true;
	}
}

static void rules_pair(reader *r, const char *key, yaml_node_t *k, yaml_node_t *v, void *payload)
{
	(void)payload;
	threshold_ctx t = { key, k->start_mark };
	char what[MLR_SHOWN_SIZE + 16], shown[MLR_SHOWN_SIZE];
	snprintf(what, sizeof(what), "'rules.%s'", mlr_shown_bare(shown, sizeof(shown), key));
	each_pair(r, v, what, threshold_pair, &t);
}

static const char *const top_keys[] = {
	"profile", "min-score", "fail-on", "select", "ignore", "exclude", "per-path-ignores",
	"severity", "rules", "trackers", "secret-names", "custom-rules", "max-python-size",
};

static void top_pair(reader *r, const char *key, yaml_node_t *k, yaml_node_t *v, void *payload)
{
	(void)payload;
	mlr_config *cfg = r->cfg;
	if (!strcmp(key, "profile")) {
		profile_key(r, v);
	} else if (!strcmp(key, "min-score")) {
		cfg->has_min_score = number(r, v, "'min-score'", 0, 100, &cfg->min_score);
	} else if (!strcmp(key, "max-python-size")) {
		max_python_size_key(r, v);
	} else if (!strcmp(key, "fail-on")) {
		fail_on_key(r, v);
	} else if (!strcmp(key, "select")) {
		cfg->has_select = true;
		string_list(r, v, "'select'", &cfg->select, NULL);
	} else if (!strcmp(key, "ignore")) {
		string_list(r, v, "'ignore'", &cfg->ignore, NULL);
	} else if (!strcmp(key, "exclude")) {
		string_list(r, v, "'exclude'", &cfg->exclude, check_glob);
	} else if (!strcmp(key, "per-path-ignores")) {
		each_pair(r, v, "'per-path-ignores'", path_ignore_pair, NULL);
	} else if (!strcmp(key, "severity")) {
		each_pair(r, v, "'severity'", severity_pair, NULL);
	} else if (!strcmp(key, "rules")) {
		each_pair(r, v, "'rules'", rules_pair, NULL);
	} else if (!strcmp(key, "trackers")) {
		string_list(r, v, "'trackers'", &cfg->trackers, check_tracker);
	} else if (!strcmp(key, "secret-names")) {
		string_list(r, v, "'secret-names'", &cfg->secret_names, check_secret_name);
	} else if (!strcmp(key, "custom-rules")) {
		char *s = scalar(r, v, "'custom-rules'");
		if (s) {
			free(cfg->custom_dir.text);
			cfg->custom_dir = (mlr_cfg_str){ s, to_mark(v->start_mark) };
		}
	} else {
		const char *near = closest(key, top_keys, sizeof(top_keys) / sizeof(top_keys[0]));
		char shown[MLR_SHOWN_SIZE];
		mlr_shown_str(shown, sizeof(shown), key);
		if (near)
			problem(r, k->start_mark, "unknown key %s (did you mean '%s'?)", shown, near);
		else
			problem(r, k->start_mark, "unknown key %s (expected profile, min-score, fail-on, select, "
				"ignore, exclude, per-path-ignores, severity, rules, trackers, secret-names, custom-rules, "
				"max-python-size)", shown);
	}
}

/* ------------------------------------------------------------------ after the walk */

static void check_selectors(reader *r, const mlr_cfg_strs *list, const char *what)
{
	char buf[256];
	for (size_t i = 0; i < list->len; i++) {
		const char *why = mlr_config_selector_problem(r->cfg, list->items[i].text, buf, sizeof(buf));
		if (why)
			problem(r, from_mark(list->items[i].mark), "%s: %s", what, why);
	}
}

static void resolve(reader *r)
{
	mlr_config *cfg = r->cfg;
	char buf[256];
	check_selectors(r, &cfg->select, "select");
	check_selectors(r, &cfg->ignore, "ignore");
	for (size_t i = 0; i < cfg->path_ignores.len; i++)
		check_selectors(r, &cfg->path_ignores.items[i].selectors, "per-path-ignores");
	for (size_t i = 0; i < cfg->severities.len; i++) {
		const mlr_cfg_str *s = &cfg->severities.items[i].selector;
		const char *why = mlr_config_selector_problem(cfg, s->text, buf, sizeof(buf));
		if (why)
			problem(r, from_mark(s->mark), "severity: %s", why);
	}
	for (size_t i = 0; i < cfg->thresholds.len; i++) {
		mlr_cfg_threshold *t = &cfg->thresholds.items[i];
		t->resolved = mlr_config_rule_find(cfg, t->rule.text);
		char shown[MLR_SHOWN_SIZE];
		if (!t->resolved)
			problem(r, from_mark(t->rule.mark), "rules: no rule %s (mlready rules lists them)",
				mlr_shown_str(shown, sizeof(shown), t->rule.text));
		else if (!strcmp(t->key, "target") && t->resolved->scope != MLR_SCOPE_REPO)
			problem(r, from_mark(t->key_mark), "rules: %s reports no KPI, so it has no 'target' "
				"(repository rules such as MLR101 do)", t->resolved->id);
		else
			for (size_t k = 0; k < sizeof(thresholds) / sizeof(thresholds[0]); k++)
				if (!strcmp(t->key, thresholds[k].key) && thresholds[k].rules &&
				    !strstr(thresholds[k].rules, t->resolved->id))
					problem(r, from_mark(t->key_mark), "rules: %s has no '%s' threshold (%s do)",
						t->resolved->id, t->key, thresholds[k].rules);
	}
}

static void report_parser(reader *r, const yaml_parser_t *parser, const char *text, size_t len)
{
	yaml_mark_t m = parser->problem_mark;
	if (parser->error == YAML_READER_ERROR) {
		m.line = m.column = 0;
		for (size_t i = 0; i < parser->problem_offset && i < len; i++) {
			if (text[i] == '\n') {
				m.line++;
				m.column = 0;
			} else {
				m.column++;
			}
		}
	}
	const char *what = parser->problem ? parser->problem : "cannot parse";
	if (parser->context)
		problem(r, m, "invalid YAML: %s %s", what, parser->context);
	else
		problem(r, m, "invalid YAML: %s", what);
}

int mlr_config_parse(mlr_config **out, mlr_diag *d, const char *display_path, const char *text,
	size_t len, const char *base_dir)
{
	int error = 0;
	yaml_parser_t parser;
	yaml_document_t doc, extra;
	bool have_parser = false, have_doc = false;
	mlr_config *cfg = NULL;
	reader r = { NULL, d, d->count, display_path, &doc, false };
	yaml_mark_t start = { 0, 0, 0 };

	*out = NULL;
	if ((error = mlr_config_new(&cfg)) < 0)
		return error;
	r.cfg = cfg;
	if (!(cfg->path = mlr_strdup(display_path)) || (base_dir && !(cfg->base_dir = mlr_strdup(base_dir)))) {
		r.oom = true;
		goto cleanup;
	}
	if (len > CONFIG_FILE_MAX) {
		problem(&r, start, "larger than %d bytes", CONFIG_FILE_MAX);
		goto cleanup;
	}
	uint32_t over_line, over_col;
	const char *over = mlr_yaml_over_limits(text, len, &over_line, &over_col);
	if (over) {
		yaml_mark_t at = { 0, over_line - 1, over_col ? over_col - 1 : 0 };
		problem(&r, at, "%s for a safe parse", over);
		goto cleanup;
	}
	if (!yaml_parser_initialize(&parser)) {
		r.oom = true;
		goto cleanup;
	}
	have_parser = true;
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		report_parser(&r, &parser, text, len);
		goto cleanup;
	}
	have_doc = true;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (!root)
		goto cleanup; /* an empty file: the defaults */
	if (!yaml_parser_load(&parser, &extra)) {
		report_parser(&r, &parser, text, len);
		goto cleanup;
	}
	if (yaml_document_get_root_node(&extra))
		problem(&r, extra.start_mark, "one configuration per file: a second YAML document starts here");
	yaml_document_delete(&extra);
	if (root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)
		goto cleanup; /* `---` alone */
	each_pair(&r, root, "the configuration", top_pair, NULL);
	if (r.oom)
		goto cleanup;
	bool custom_failed = false;
	if (cfg->custom_dir.text) {
		if (!cfg->base_dir)
			problem(&r, from_mark(cfg->custom_dir.mark),
				"custom-rules cannot be used here (a configuration read from a commit)");
		else if ((error = mlr_config__load_custom(cfg, d)) == MLR_ENOMEM)
			goto cleanup;
		custom_failed = error < 0;
		error = 0;
	}
	/* selectors may name custom rules: when those did not load, every selector of theirs
	 * would be one more, misleading, problem */
	if (!custom_failed)
		resolve(&r);

cleanup:
	if (have_doc)
		yaml_document_delete(&doc);
	if (have_parser)
		yaml_parser_delete(&parser);
	if (r.oom || error == MLR_ENOMEM) {
		mlr_config_free(cfg);
		return mlr_error_set(MLR_ENOMEM, "out of memory reading %s", display_path);
	}
	if (d->count > r.first_problem) {
		mlr_config_free(cfg);
		return MLR_ECONFIG; /* mlr_error_last(): the first problem, as mlr_diag_report set it */
	}
	*out = cfg;
	return 0;
}

int mlr_config_load(mlr_config **out, mlr_diag *d, const char *path)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		mlr_diag_report(d, path, 1, 1, "cannot read the configuration: %s", strerror(errno));
		return MLR_ECONFIG;
	}
	char *buf = malloc(CONFIG_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	size_t n = fread(buf, 1, CONFIG_FILE_MAX + 1, f);
	bool bad = ferror(f);
	fclose(f);
	if (bad || n > CONFIG_FILE_MAX) {
		mlr_diag_report(d, path, 1, 1, bad ? "cannot read the configuration" : "larger than 1 MiB");
		free(buf);
		return MLR_ECONFIG;
	}
	/* relative paths in the file are relative to the file */
	const char *slash = strrchr(path, '/');
	char *dir = slash ? mlr_strndup(path, slash == path ? 1 : (size_t)(slash - path)) : mlr_strdup(".");
	int rc = dir ? mlr_config_parse(out, d, path, buf, n, dir) : mlr_error_set(MLR_ENOMEM, "out of memory");
	free(dir);
	free(buf);
	return rc;
}

/* ------------------------------------------------------------------ discovery */

static char *join(const char *dir, const char *name)
{
	mlr_buf b = MLR_BUF_INIT;
	size_t n = strlen(dir);
	mlr_buf_puts(&b, dir);
	if (n && dir[n - 1] != '/')
		mlr_buf_putc(&b, '/');
	mlr_buf_puts(&b, name);
	return mlr_buf_detach(&b);
}

/* Messages name the file as the user would: relative when it is under the current
 * directory ("" for the directory itself). */
static char *relative_to_cwd(const char *abs)
{
	char cwd[4096];
	if (getcwd(cwd, sizeof(cwd))) {
		size_t n = strlen(cwd);
		if (n > 1 && !strncmp(abs, cwd, n) && abs[n] == '/')
			return mlr_strdup(abs + n + 1);
	}
	return mlr_strdup(abs);
}

int mlr_config_discover(char **out, const mlr_options *opts)
{
	const char *path = opts->path && *opts->path ? opts->path : ".";
	char *root = NULL, *file = NULL;
	git_repository *repo = NULL;
	struct stat st;
	int error = 0;

	*out = NULL;
	if (opts->source != MLR_SOURCE_DIR) {
		if (git_libgit2_init() < 0)
			return mlr_error_set(MLR_EREPO, "cannot initialise libgit2");
		int rc = git_repository_open_ext(&repo, path, 0, NULL);
		if (rc == 0) {
			const char *wd = git_repository_workdir(repo);
			if (!wd || git_repository_is_bare(repo))
				goto cleanup; /* no work tree: no file to read */
			root = relative_to_cwd(wd);
		} else if (rc != GIT_ENOTFOUND) {
			/* the run itself will report what is wrong with the repository */
			goto cleanup;
		}
	}
	if (!root) {
		/* outside Git: the directory named, or the one holding the file named */
		if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
			const char *slash = strrchr(path, '/');
			root = slash ? mlr_strndup(path, slash == path ? 1 : (size_t)(slash - path)) : mlr_strdup(".");
		} else {
			root = mlr_strdup(path);
		}
	}
	if (!root || !(file = join(root, MLR_CONFIG_FILE))) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	/* The file comes from the repository: a symlink is followed only while it stays inside
	 * the root, and anything but a regular file (a directory, a FIFO that would block the
	 * read) is an error that names it rather than a silent run without the config. */
	if (lstat(file, &st) == 0) {
		char *real = S_ISLNK(st.st_mode) ? realpath(file, NULL) : NULL;
		char *rroot = real ? realpath(*root ? root : ".", NULL) : NULL;
		size_t n = rroot ? strlen(rroot) : 0;
		if (S_ISLNK(st.st_mode) &&
		    !(real && rroot && !strncmp(real, rroot, n) && (real[n] == '/' || n == 1))) {
			error = mlr_error_set(MLR_ECONFIG, "%s: a symlink that leads %s: not read", file,
				real ? "outside the repository" : "nowhere");
		} else if (real ? stat(real, &st) < 0 || !S_ISREG(st.st_mode) : !S_ISREG(st.st_mode)) {
			error = mlr_error_set(MLR_ECONFIG, "%s: not a regular file (%s): not read as the configuration",
				file, S_ISDIR(st.st_mode) ? "a directory" : "a special file");
		} else {
			*out = file;
			file = NULL;
		}
		free(real);
		free(rroot);
	}

cleanup:
	if (opts->source != MLR_SOURCE_DIR) {
		git_repository_free(repo);
		git_libgit2_shutdown();
	}
	free(root);
	free(file);
	return error;
}

/* ------------------------------------------------------------------ flags */

static int flag_list(mlr_config *cfg, mlr_diag *d, const char *what, const char *list, mlr_cfg_strs *out)
{
	int before = d->count;
	char buf[256];
	const char *p = list;
	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		while (n && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n) {
			char *s = mlr_strndup(p, n);
			if (!s)
				return mlr_error_set(MLR_ENOMEM, "out of memory");
			const char *why = mlr_config_selector_problem(cfg, s, buf, sizeof(buf));
			if (why) {
				mlr_diag_report(d, what, 0, 0, "%s", why);
				free(s);
			} else {
				mlr_cfg_str v = { s, { 0, 0 } };
				if (mlr_array_push(out, v) < 0) {
					free(s);
					return mlr_error_set(MLR_ENOMEM, "out of memory");
				}
			}
		}
		p = comma ? comma + 1 : NULL;
	}
	if (out->len == 0 && d->count == before)
		mlr_diag_report(d, what, 0, 0, "needs at least one rule, category or prefix");
	return d->count > before ? MLR_EUSAGE : 0;
}

int mlr_config_set_select(mlr_config *cfg, mlr_diag *d, const char *what, const char *list)
{
	mlr_cfg_strs fresh = { 0 };
	int rc = flag_list(cfg, d, what, list, &fresh);
	if (rc < 0) {
		mlr_cfg_strs_dispose(&fresh);
		return rc;
	}
	mlr_cfg_strs_dispose(&cfg->select);
	cfg->select = fresh;
	cfg->has_select = true;
	return 0;
}

int mlr_config_add_ignore(mlr_config *cfg, mlr_diag *d, const char *what, const char *list)
{
	return flag_list(cfg, d, what, list, &cfg->ignore);
}

int mlr_config_add_select(mlr_config *cfg, mlr_diag *d, const char *what, const char *list)
{
	int rc = flag_list(cfg, d, what, list, &cfg->select);
	cfg->has_select = true;
	return rc;
}
