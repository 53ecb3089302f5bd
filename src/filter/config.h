/*
 * .mlready.yml: the project's configuration (docs/config.md describes every key).
 *
 * A config is loaded once, before the run, and is read-only afterwards: workers share it
 * without locks. Every problem in the file (unknown key, bad value, a selector that names
 * no rule, a custom rule that does not load) is reported through an mlr_diag sink as
 * `FILE:LINE:COL: message`; loading returns MLR_ECONFIG (or MLR_ERULE for a custom rule
 * file) and the command line exits 2.
 *
 * Rule selectors, used by select, ignore, per-path-ignores and severity: a rule id
 * (MLR201, ORG12; any case), a rule name (hardcoded-secret), a category key (security),
 * an id prefix (MLR2, MLR20, ORG), or `all`.
 */
#ifndef MLR_FILTER_CONFIG_H
#define MLR_FILTER_CONFIG_H

#include "mlready.h"
#include "python/query.h"
#include "rules/load.h"

typedef struct mlr_config mlr_config;

/* The name of the file looked for at the repository root. */
#define MLR_CONFIG_FILE ".mlready.yml"

/* An empty config: every rule on, nothing excluded (flags may then add to it). */
int mlr_config_new(mlr_config **out);

/* Reads and checks a config file. Relative paths in it (custom-rules) are resolved from
 * the file's directory. */
int mlr_config_load(mlr_config **out, mlr_diag *d, const char *path);

/* The same from a buffer (a config read from a commit, for PR mode): display_path names
 * it in problems, base_dir resolves custom-rules (NULL: custom rules are refused). */
int mlr_config_parse(mlr_config **out, mlr_diag *d, const char *display_path, const char *text,
	size_t len, const char *base_dir);

void mlr_config_free(mlr_config *cfg);

/* The config file for a run: <root>/.mlready.yml, where root is the work tree of the
 * repository containing opts->path (or that directory itself, outside Git or with
 * MLR_SOURCE_DIR). Sets *out to a new string, or to NULL when there is none (a bare
 * repository has no work tree to hold one). */
int mlr_config_discover(char **out, const mlr_options *opts);

/* Command-line selection: --select replaces the config's select list, --ignore adds to
 * its ignore list. list is comma-separated. Problems go to d with what ("--select") as
 * the path and line 0. */
int mlr_config_set_select(mlr_config *cfg, mlr_diag *d, const char *what, const char *list);
int mlr_config_add_ignore(mlr_config *cfg, mlr_diag *d, const char *what, const char *list);
/* A further --select list: added to the ones before it. */
int mlr_config_add_select(mlr_config *cfg, mlr_diag *d, const char *what, const char *list);

/* ------------------------------------------------------------------ what the run reads */

/* Values set in the file; NULL / false when absent. */
const char *mlr_config_path(const mlr_config *cfg);
const char *mlr_config_profile(const mlr_config *cfg);
bool mlr_config_min_score(const mlr_config *cfg, double *out);
bool mlr_config_fail_on(const mlr_config *cfg, int *out); /* an mlr_severity, or 3: never */

/* The largest Python (a .py file, a notebook's code cells) parsed: a parse costs 100 to
 * 250 bytes of memory per byte. Larger files get the text rules only, and a note. The
 * file's `max-python-size`, --max-python-size over it, else the default. */
#define MLR_DEFAULT_MAX_PYTHON_SIZE ((uint64_t)2 << 20)
uint64_t mlr_config_max_python_size(const mlr_config *cfg);
/* --max-python-size: n bytes, over the file's value. */
void mlr_config_set_max_python_size(mlr_config *cfg, uint64_t n);

/* Is the rule selected (select and ignore)? NULL cfg: yes. */
bool mlr_config_rule_enabled(const mlr_config *cfg, const mlr_rule *rule);
/* The same, and not ignored for this path by per-path-ignores. path may be NULL. */
bool mlr_config_rule_enabled_at(const mlr_config *cfg, const mlr_rule *rule, const char *path);
/* Is the path excluded (never read, never reported)? */
bool mlr_config_excluded(const mlr_config *cfg, const char *path);
/* The rule's severity after overrides: the most specific matching selector wins. */
mlr_severity mlr_config_severity(const mlr_config *cfg, const mlr_rule *rule);

/*
 * Per-rule thresholds (`rules: {MLR101: {target: 0.8}}`). Returns the configured value
 * of key for rule, or dflt. The thresholds that exist are listed in docs/config.md:
 *
 *   target   any repository rule that reports a KPI: the ratio that earns full points
 *            (0..1). Applied by the engine to every KPI the rule reports, so a check
 *            need not read it.
 *
 * Repository checks reach the config as ctx->opts->config.
 */
double mlr_config_threshold(const mlr_config *cfg, const mlr_rule *rule, const char *key, double dflt);

/* Extra experiment trackers: does a resolved callee ("ourco.tracking.log") match one of
 * the `trackers` patterns? */
bool mlr_config_has_trackers(const mlr_config *cfg);
bool mlr_config_is_tracker(const mlr_config *cfg, const char *callee);
/* The words a file calling one of them must contain, as a trigger condition
 * (src/rules/triggers.h): "tracking|log_run". An empty string for none; NULL when out of
 * memory. The caller frees it. */
char *mlr_config_tracker_words(const mlr_config *cfg);

/* Extra secret names: does an identifier match one of the `secret-names` patterns? */
bool mlr_config_has_secret_names(const mlr_config *cfg);
bool mlr_config_secret_name(const mlr_config *cfg, const char *name, size_t len);

/* Custom rules, sorted by id; they live as long as cfg. */
const mlr_rule *mlr_config_custom_rules(const mlr_config *cfg, size_t *count);
/* Their compiled queries (NULL when there are none): shared by the workers. */
const mlr_query_set *mlr_config_queries(const mlr_config *cfg);
/* A built-in or custom rule by id or name. */
const mlr_rule *mlr_config_rule_find(const mlr_config *cfg, const char *id_or_name);

/* Why a selector is not valid, or NULL (for messages; buf holds the text). */
const char *mlr_config_selector_problem(const mlr_config *cfg, const char *selector, char *buf,
	size_t bufsz);
/* Does a valid selector cover the rule? */
bool mlr_selector_matches(const char *selector, const mlr_rule *rule);

#endif
