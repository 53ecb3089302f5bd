/* .mlready.yml: the config loader on arbitrary YAML (custom rules refused: no base
 * directory), then what the run asks of a loaded config. Every problem must come out
 * as a diagnostic, never as a crash or silence. */
#include "fuzz.h"

#include <string.h>

#include "core/error.h"
#include "filter/config.h"
#include "rules/builtin.h"

static void diag(void *payload, const char *path, size_t line, size_t column, const char *message)
{
	(void)path;
	(void)line;
	(void)column;
	FZ_ASSERT(message && *message, "empty diagnostic");
	++*(int *)payload;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int seen = 0;
	mlr_diag d = { diag, &seen, 0 };
	mlr_config *cfg = NULL;
	int rc = mlr_config_parse(&cfg, &d, ".mlready.yml", (const char *)data, size, NULL);
	if (rc < 0) {
		FZ_ASSERT(!cfg, "failed load left a config");
		FZ_ASSERT(d.count > 0 || rc == MLR_ENOMEM, "config refused (%d) without a diagnostic", rc);
		return 0;
	}
	FZ_ASSERT(cfg, "config loaded as NULL");
	double v;
	int sev;
	(void)mlr_config_min_score(cfg, &v);
	(void)mlr_config_fail_on(cfg, &sev);
	(void)mlr_config_profile(cfg);
	static const char *const paths[] = { "train.py", "src/a/b.py", "notebooks/x.ipynb", "", "a//b" };
	for (size_t i = 0; i < mlr_builtin_rule_count; i++) {
		const mlr_rule *r = &mlr_builtin_rules[i];
		(void)mlr_config_rule_enabled(cfg, r);
		(void)mlr_config_severity(cfg, r);
		(void)mlr_config_threshold(cfg, r, "target", 1.0);
		for (size_t p = 0; p < sizeof(paths) / sizeof(paths[0]); p++)
			(void)mlr_config_rule_enabled_at(cfg, r, paths[p]);
	}
	for (size_t p = 0; p < sizeof(paths) / sizeof(paths[0]); p++)
		(void)mlr_config_excluded(cfg, paths[p]);
	(void)mlr_config_is_tracker(cfg, "ourco.tracking.log");
	(void)mlr_config_secret_name(cfg, "db_passphrase", 13);
	mlr_config_free(cfg);
	return 0;
}
