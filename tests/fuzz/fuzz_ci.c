/* CI configurations of every service the CI rules know, through the repository checks
 * (libyaml, command classification) and the text rules. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		".github/workflows/ci.yml", ".gitlab-ci.yml", "azure-pipelines.yml", ".circleci/config.yml",
		"bitbucket-pipelines.yml", "Jenkinsfile", ".pre-commit-config.yaml", ".travis.yml",
	};
	fz_lint_file(paths[fz_pick(data, size, sizeof(paths) / sizeof(paths[0]))], data, size);
	return 0;
}
