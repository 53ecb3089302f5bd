/*
 * The rule registry: lookups over the table rulegen generates from the rule files, and
 * the category and severity vocabularies shared by config, reporters and the CLI.
 */
#include "rules/builtin.h"

#include "core/error.h"

static const mlr_category_info categories[] = {
	{ MLR_CAT_TESTING, "testing", "Testing",
	  "unit and integration tests for preprocessing, feature logic and inference" },
	{ MLR_CAT_SECURITY, "security", "Security & privacy",
	  "secrets management, safe handling of data and models, PII kept out" },
	{ MLR_CAT_REPRODUCIBILITY, "reproducibility", "Reproducibility",
	  "experiment tracking, seeds, pinned environments, versioned data and artifacts" },
	{ MLR_CAT_DOCUMENTATION, "documentation", "Responsible AI & documentation",
	  "model card (intent, data, evaluation, limitations), runbook, changelog, kept current" },
	{ MLR_CAT_DATA_QUALITY, "data-quality", "Data quality",
	  "data validation and schema checks, leakage prevention" },
	{ MLR_CAT_MONITORING, "monitoring", "Monitoring & operations",
	  "logging, metrics, health checks, errors surfaced not swallowed" },
	{ MLR_CAT_CICD, "cicd", "CI/CD & packaging",
	  "CI that tests, lints and scans; packaging and containers" },
	{ MLR_CAT_HYGIENE, "hygiene", "Repository hygiene",
	  "notebooks kept clean, no notebook-only logic, no committed weights or raw data" },
	{ MLR_CAT_CHANGE, "change", "Change (PR mode)",
	  "model behaviour changed without evaluation, monitoring or documentation changing with it" },
};

static const char *const severity_names[] = { "note", "warning", "error" };

/* ASCII only: rule ids and names are ASCII, and the locale must not change a lookup. */
static int ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y || !x)
			return x - y;
	}
}

const mlr_rule *mlr_rules(size_t *count)
{
	if (count)
		*count = mlr_builtin_rule_count;
	return mlr_builtin_rules;
}

const mlr_rule *mlr_rule_find(const char *id_or_name)
{
	if (!id_or_name)
		return NULL;
	for (size_t i = 0; i < mlr_builtin_rule_count; i++) {
		const mlr_rule *r = &mlr_builtin_rules[i];
		if (!ascii_casecmp(r->id, id_or_name) || !ascii_casecmp(r->name, id_or_name))
			return r;
	}
	return NULL;
}

const mlr_category_info *mlr_category_get(mlr_category id)
{
	if (id < MLR_CAT_FIRST || id > MLR_CAT_LAST)
		return NULL;
	return &categories[id - MLR_CAT_FIRST];
}

const char *mlr_severity_name(mlr_severity sev)
{
	if ((int)sev < (int)MLR_SEV_NOTE || sev > MLR_SEV_ERROR)
		return "unknown";
	return severity_names[sev];
}

int mlr_severity_parse(mlr_severity *out, const char *name)
{
	if (!out || !name)
		return mlr_error_set(MLR_EUSAGE, "missing severity");
	for (int i = MLR_SEV_NOTE; i <= MLR_SEV_ERROR; i++) {
		if (!ascii_casecmp(name, severity_names[i])) {
			*out = (mlr_severity)i;
			return 0;
		}
	}
	return mlr_error_set(MLR_EUSAGE, "unknown severity '%.40s' (expected error, warning or note)", name);
}
