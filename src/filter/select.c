/* What the run asks of a loaded config: rule selection, paths, severities, thresholds,
 * extra trackers and secret names. All read-only, safe from any worker. */
#include "filter/config_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/shown.h"
#include "filter/glob.h"

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Letters then digits: MLR, MLR2, MLR201, ORG, ORG12. */
static bool id_like(const char *s)
{
	const char *p = s;
	while (is_alpha(*p))
		p++;
	if (p == s)
		return false;
	while (is_digit(*p))
		p++;
	return *p == '\0';
}

/* Written like an id (capitals, or digits), not like a misspelt name or category. */
static bool looks_like_id(const char *s)
{
	bool upper = true, digit = false;
	for (const char *p = s; *p; p++) {
		if (*p >= 'a' && *p <= 'z')
			upper = false;
		digit |= is_digit(*p);
	}
	return upper || digit;
}

static const mlr_category_info *category_by_key(const char *s)
{
	for (int c = MLR_CAT_FIRST; c <= MLR_CAT_LAST; c++) {
		const mlr_category_info *info = mlr_category_get((mlr_category)c);
		if (info && !strcasecmp(info->key, s))
			return info;
	}
	return NULL;
}

bool mlr_selector_matches(const char *sel, const mlr_rule *rule)
{
	if (!strcasecmp(sel, "all"))
		return true;
	const mlr_category_info *cat = category_by_key(sel);
	if (cat)
		return cat->id == rule->category;
	if (!strcmp(sel, rule->name))
		return true;
	return id_like(sel) && !strncasecmp(rule->id, sel, strlen(sel));
}

/* How specific a matching selector is: a rule beats a prefix, a longer prefix a shorter
 * one, and a category ranks with the one-digit prefix it stands for. */
static size_t specificity(const char *sel, const mlr_rule *rule)
{
	if (!strcasecmp(sel, "all"))
		return 0;
	if (category_by_key(sel))
		return 4;
	if (!strcmp(sel, rule->name) || !strcasecmp(sel, rule->id))
		return 1000;
	return strlen(sel);
}

const mlr_rule *mlr_config_rule_find(const mlr_config *cfg, const char *id_or_name)
{
	const mlr_rule *r = mlr_rule_find(id_or_name);
	if (r || !cfg)
		return r;
	for (size_t i = 0; i < cfg->custom_count; i++)
		if (!strcasecmp(cfg->custom[i].id, id_or_name) || !strcmp(cfg->custom[i].name, id_or_name))
			return &cfg->custom[i];
	return NULL;
}

static bool any_id_has_prefix(const mlr_config *cfg, const char *prefix)
{
	size_t n, len = strlen(prefix);
	const mlr_rule *rules = mlr_rules(&n);
	for (size_t i = 0; i < n; i++)
		if (!strncasecmp(rules[i].id, prefix, len))
			return true;
	for (size_t i = 0; cfg && i < cfg->custom_count; i++)
		if (!strncasecmp(cfg->custom[i].id, prefix, len))
			return true;
	return false;
}

const char *mlr_config_selector_problem(const mlr_config *cfg, const char *sel, char *buf, size_t bufsz)
{
	char shown[MLR_SHOWN_SIZE];
	if (!*sel)
		return "an empty rule selector";
	if (!strcasecmp(sel, "all") || category_by_key(sel) || mlr_config_rule_find(cfg, sel))
		return NULL;
	if (id_like(sel)) {
		if (any_id_has_prefix(cfg, sel))
			return NULL;
		if (!looks_like_id(sel))
			goto unknown;
		/* MLR, MLR2, MLR23: a category's range, which may hold no rule yet */
		size_t n = strlen(sel);
		if (n >= 3 && n <= 5 && !strncasecmp(sel, "MLR", 3) && (n == 3 || (sel[3] >= '1' && sel[3] <= '9')))
			return NULL;
		if (n == 6 && !strncasecmp(sel, "MLR", 3) && is_digit(sel[3]) && is_digit(sel[4]) && is_digit(sel[5]))
			snprintf(buf, bufsz, "no rule %s (mlready rules lists them)", sel); /* MLR and 3 digits */
		else
			snprintf(buf, bufsz, "no rule id starts with %s (mlready rules lists them)",
				mlr_shown_str(shown, sizeof(shown), sel));
		return buf;
	}
unknown:
	snprintf(buf, bufsz, "%s is not a rule id, rule name, category or id prefix (mlready rules lists them)",
		mlr_shown_str(shown, sizeof(shown), sel));
	return buf;
}

static bool any_matches(const mlr_cfg_strs *list, const mlr_rule *rule)
{
	for (size_t i = 0; i < list->len; i++)
		if (mlr_selector_matches(list->items[i].text, rule))
			return true;
	return false;
}

bool mlr_config_rule_enabled(const mlr_config *cfg, const mlr_rule *rule)
{
	if (!cfg)
		return true;
	if (cfg->has_select && !any_matches(&cfg->select, rule))
		return false;
	return !any_matches(&cfg->ignore, rule);
}

bool mlr_config_rule_enabled_at(const mlr_config *cfg, const mlr_rule *rule, const char *path)
{
	if (!mlr_config_rule_enabled(cfg, rule))
		return false;
	if (!cfg || !path)
		return true;
	for (size_t i = 0; i < cfg->path_ignores.len; i++) {
		const mlr_cfg_path_ignore *pi = &cfg->path_ignores.items[i];
		if (any_matches(&pi->selectors, rule) && mlr_glob_match(pi->glob.text, path))
			return false;
	}
	return true;
}

bool mlr_config_excluded(const mlr_config *cfg, const char *path)
{
	if (!cfg || !path)
		return false;
	for (size_t i = 0; i < cfg->exclude.len; i++)
		if (mlr_glob_match(cfg->exclude.items[i].text, path))
			return true;
	return false;
}

mlr_severity mlr_config_severity(const mlr_config *cfg, const mlr_rule *rule)
{
	mlr_severity sev = rule->severity;
	size_t best = 0;
	bool found = false;
	for (size_t i = 0; cfg && i < cfg->severities.len; i++) {
		const mlr_cfg_severity *s = &cfg->severities.items[i];
		if (!mlr_selector_matches(s->selector.text, rule))
			continue;
		size_t spec = specificity(s->selector.text, rule);
		if (!found || spec >= best) {
			best = spec;
			sev = s->severity;
			found = true;
		}
	}
	return sev;
}

double mlr_config_threshold(const mlr_config *cfg, const mlr_rule *rule, const char *key, double dflt)
{
	double v = dflt;
	for (size_t i = 0; cfg && i < cfg->thresholds.len; i++) {
		const mlr_cfg_threshold *t = &cfg->thresholds.items[i];
		if (t->resolved == rule && !strcmp(t->key, key))
			v = t->value;
	}
	return v;
}

const char *mlr_config_path(const mlr_config *cfg)
{
	return cfg ? cfg->path : NULL;
}

const char *mlr_config_profile(const mlr_config *cfg)
{
	return cfg ? cfg->profile : NULL;
}

bool mlr_config_min_score(const mlr_config *cfg, double *out)
{
	if (!cfg || !cfg->has_min_score)
		return false;
	*out = cfg->min_score;
	return true;
}

bool mlr_config_fail_on(const mlr_config *cfg, int *out)
{
	if (!cfg || !cfg->has_fail_on)
		return false;
	*out = cfg->fail_on;
	return true;
}

uint64_t mlr_config_max_python_size(const mlr_config *cfg)
{
	return cfg && cfg->max_python_size ? cfg->max_python_size : MLR_DEFAULT_MAX_PYTHON_SIZE;
}

void mlr_config_set_max_python_size(mlr_config *cfg, uint64_t n)
{
	if (cfg)
		cfg->max_python_size = n;
}

bool mlr_config_has_trackers(const mlr_config *cfg)
{
	return cfg && cfg->trackers.len > 0;
}

/* The pattern forms check_tracker accepts: exact, `pkg.*`, `*.call`. */
static bool tracker_matches(const char *pat, const char *name)
{
	size_t pl = strlen(pat), nl = strlen(name);
	if (pl > 2 && !strncmp(pat, "*.", 2)) {
		size_t sl = pl - 2;
		return nl >= sl && !strcmp(name + nl - sl, pat + 2) && (nl == sl || name[nl - sl - 1] == '.');
	}
	if (pl > 2 && !strcmp(pat + pl - 2, ".*"))
		return nl >= pl - 2 && !strncmp(name, pat, pl - 2) && (nl == pl - 2 || name[pl - 2] == '.');
	return !strcmp(pat, name);
}

bool mlr_config_is_tracker(const mlr_config *cfg, const char *callee)
{
	for (size_t i = 0; cfg && callee && i < cfg->trackers.len; i++)
		if (tracker_matches(cfg->trackers.items[i].text, callee))
			return true;
	return false;
}

char *mlr_config_tracker_words(const mlr_config *cfg)
{
	mlr_buf out = MLR_BUF_INIT;
	for (size_t i = 0; cfg && i < cfg->trackers.len; i++) {
		/* every segment of a matching name is a word of the file: take the last one the
		 * pattern spells out (`ourco.tracking.*` -> tracking, `*.log_run` -> log_run) */
		const char *p = cfg->trackers.items[i].text, *end = p + strlen(p);
		if (end - p > 2 && !strcmp(end - 2, ".*"))
			end -= 2;
		const char *seg = end;
		while (seg > p && seg[-1] != '.')
			seg--;
		if (seg == end)
			continue;
		if (out.len)
			mlr_buf_putc(&out, '|');
		mlr_buf_put(&out, seg, (size_t)(end - seg));
	}
	if (out.oom) {
		mlr_buf_dispose(&out);
		return NULL;
	}
	return mlr_buf_detach(&out);
}

bool mlr_config_has_secret_names(const mlr_config *cfg)
{
	return cfg && cfg->secret_names.len > 0;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* Case-insensitive `*` / `?` wildcard; backtracks only to the last `*`. */
static bool wildcard_ci(const char *p, const char *s, size_t n)
{
	const char *star_p = NULL;
	size_t i = 0, star_i = 0;
	while (i < n) {
		if (*p == '*') {
			star_p = ++p;
			star_i = i;
			continue;
		}
		if (*p && (*p == '?' || lower(*p) == lower(s[i]))) {
			p++;
			i++;
			continue;
		}
		if (!star_p)
			return false;
		p = star_p;
		i = ++star_i;
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

bool mlr_config_secret_name(const mlr_config *cfg, const char *name, size_t len)
{
	for (size_t i = 0; cfg && name && i < cfg->secret_names.len; i++)
		if (wildcard_ci(cfg->secret_names.items[i].text, name, len))
			return true;
	return false;
}

const mlr_rule *mlr_config_custom_rules(const mlr_config *cfg, size_t *count)
{
	if (count)
		*count = cfg ? cfg->custom_count : 0;
	return cfg ? cfg->custom : NULL;
}

const mlr_query_set *mlr_config_queries(const mlr_config *cfg)
{
	return cfg ? cfg->queries : NULL;
}
