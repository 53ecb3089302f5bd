/* The config's filter stage (see filter.h). */
#include "filter/filter.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "filter/config.h"

static bool keep_finding(const mlr_config *cfg, const mlr_finding *f, bool history)
{
	/* a custom rule is not a history rule: --history runs the secret rules only */
	if (history && !mlr_rule_find(f->rule->id))
		return false;
	if (f->path && mlr_config_excluded(cfg, f->path))
		return false;
	return mlr_config_rule_enabled_at(cfg, f->rule, f->path);
}

int mlr_filter_apply(const mlr_options *opts, mlr_finding_array *findings, mlr_kpi_array *kpis,
	mlr_rule_status **rules, size_t *rule_count, bool saw_python)
{
	const mlr_config *cfg = opts->config;
	bool history = opts->source == MLR_SOURCE_HISTORY;
	if (!cfg)
		return 0;

	size_t ncustom = 0;
	const mlr_rule *custom = mlr_config_custom_rules(cfg, &ncustom);
	if (ncustom) {
		mlr_rule_status *grown = realloc(*rules, (*rule_count + ncustom) * sizeof(*grown));
		if (!grown)
			return mlr_error_set(MLR_ENOMEM, "out of memory");
		*rules = grown;
		for (size_t i = 0; i < ncustom; i++)
			grown[(*rule_count)++] = (mlr_rule_status){ &custom[i], saw_python && !history };
	}
	for (size_t i = 0; i < *rule_count; i++)
		if (!mlr_config_rule_enabled(cfg, (*rules)[i].rule))
			(*rules)[i].assessed = false;

	size_t w = 0;
	for (size_t r = 0; r < findings->len; r++) {
		mlr_finding *f = &findings->items[r];
		if (!keep_finding(cfg, f, history)) {
			mlr_finding_dispose(f);
			continue;
		}
		f->severity = mlr_config_severity(cfg, f->rule);
		findings->items[w++] = *f;
	}
	findings->len = w;

	w = 0;
	for (size_t r = 0; r < kpis->len; r++) {
		mlr_kpi *k = &kpis->items[r];
		if (!mlr_config_rule_enabled(cfg, k->rule)) {
			free(k->key);
			free(k->label);
			continue;
		}
		k->target = mlr_config_threshold(cfg, k->rule, "target", k->target);
		kpis->items[w++] = *k;
	}
	kpis->len = w;
	return 0;
}

int mlr_filter_profile(const mlr_profile **out, const mlr_options *opts)
{
	const char *name = opts->profile && *opts->profile ? opts->profile : mlr_config_profile(opts->config);
	return mlr_profile_find(out, name);
}
