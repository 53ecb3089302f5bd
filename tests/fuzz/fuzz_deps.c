/* Requirements, lock and environment files: whatever rules read them (pinning, lock
 * files), and the secret scanner's lock-file mode. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"requirements.txt", "requirements-dev.txt", "environment.yml", "pyproject.toml", "poetry.lock",
		"Pipfile.lock", "setup.cfg", "uv.lock", "Dockerfile", "package-lock.json",
	};
	fz_lint_file(paths[fz_pick(data, size, sizeof(paths) / sizeof(paths[0]))], data, size);
	return 0;
}
