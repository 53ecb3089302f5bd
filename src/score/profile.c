/*
 * Scoring profiles. A profile says how much each responsibility matters at a stage of a
 * project and how close to a KPI's target a repository must be; it never adds, removes or
 * re-grades a rule, so findings are the same whatever the profile. docs/scoring.md
 * explains each number here and must change with it.
 */
#include "mlready.h"

#include "core/error.h"

#include <strings.h>

/* Category order: testing, security, reproducibility, documentation, data quality,
 * monitoring, CI/CD, hygiene, change. */
static const mlr_profile profiles[] = {
	{
		"default",
		"every responsibility counts the same; KPI targets as each rule sets them",
		{ 1, 1, 1, 1, 1, 1, 1, 1, 1 },
		{ 1, 1, 1, 1, 1, 1, 1, 1, 1 },
	},
	{
		/* Research code that may never ship: a leaked key and an experiment nobody can
		 * reproduce are as costly as in production, the serving-side responsibilities
		 * are not yet, and half of a ratio target is a fair first milestone. */
		"prototype",
		"early research code: secrets and reproducibility weigh most, serving concerns least, KPI targets halved",
		{ 0.5, 2, 1.5, 0.5, 1, 0.25, 0.5, 1, 0.5 },
		{ 0.5, 1, 1, 0.5, 0.75, 0.5, 0.5, 1, 1 },
	},
	{
		/* A model that serves users: what keeps it correct and observable weighs more,
		 * and a ratio must come a quarter closer to complete than a rule asks by
		 * default (a target of 0.8 becomes 1.0). */
		"production",
		"a model that serves users: tests, security, data quality, monitoring and CI weigh more, KPI targets raised by a quarter",
		{ 1.5, 2, 1, 1, 1.5, 1.5, 1.5, 0.75, 1 },
		{ 1.25, 1.25, 1.25, 1.25, 1.25, 1.25, 1.25, 1.25, 1.25 },
	},
};

#define PROFILE_COUNT (sizeof(profiles) / sizeof(profiles[0]))

const mlr_profile *mlr_profiles(size_t *count)
{
	if (count)
		*count = PROFILE_COUNT;
	return profiles;
}

int mlr_profile_find(const mlr_profile **out, const char *name)
{
	if (!out)
		return mlr_error_set(MLR_EUSAGE, "no profile output given");
	*out = NULL;
	if (!name || !*name) {
		*out = &profiles[0];
		return 0;
	}
	for (size_t i = 0; i < PROFILE_COUNT; i++) {
		if (strcasecmp(name, profiles[i].name) == 0) {
			*out = &profiles[i];
			return 0;
		}
	}
	return mlr_error_set(MLR_EUSAGE, "unknown profile '%.64s' (expected default, prototype or production)",
		name);
}
