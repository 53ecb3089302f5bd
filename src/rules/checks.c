/* The C checks that the rule files name with `check:`. A rule naming a check that is not here
 * fails the run at start-up (and the rule-table test). */
#include <string.h>

#include "engine/engine.h"

void mlr_check_hardcoded_secret(mlr_file_ctx *ctx, const mlr_rule *rule);
void mlr_check_missing_tests(mlr_repo_ctx *ctx, const mlr_rule *rule);
void mlr_check_untracked_experiment(mlr_repo_ctx *ctx, const mlr_rule *rule);
void mlr_check_missing_model_card(mlr_repo_ctx *ctx, const mlr_rule *rule);

static const mlr_check checks[] = {
	{ "hardcoded_secret", mlr_check_hardcoded_secret, NULL },
	{ "missing_model_card", NULL, mlr_check_missing_model_card },
	{ "missing_tests", NULL, mlr_check_missing_tests },
	{ "untracked_experiment", NULL, mlr_check_untracked_experiment },
};

const mlr_check *mlr_check_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof(checks) / sizeof(checks[0]); i++)
		if (!strcmp(checks[i].name, name))
			return &checks[i];
	return NULL;
}
