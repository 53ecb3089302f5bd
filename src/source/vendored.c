#include "source/source_int.h"

#include <string.h>

/*
 * Directory names whose contents are someone else's code or generated output. `env` is
 * deliberately absent: it is too common a name for a real package or config directory.
 */
static const char *const vendored_dirs[] = {
	".venv", "venv", "virtualenv", ".tox", ".nox", "node_modules", "site-packages",
	"dist-packages", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache",
	".ipynb_checkpoints", "build", "dist", ".eggs",
};

#define EGG_INFO ".egg-info"

bool mlr_source__dirname_is_vendored(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(vendored_dirs) / sizeof(vendored_dirs[0]); i++) {
		if (strlen(vendored_dirs[i]) == len && memcmp(vendored_dirs[i], name, len) == 0)
			return true;
	}
	size_t sfx = sizeof(EGG_INFO) - 1;
	return len > sfx && memcmp(name + len - sfx, EGG_INFO, sfx) == 0;
}

/* Only directory components count: a file called `build` or `dist` is real code. */
bool mlr_path_is_vendored(const char *path)
{
	if (!path)
		return false;
	const char *p = path;
	const char *slash;
	while ((slash = strchr(p, '/')) != NULL) {
		if (mlr_source__dirname_is_vendored(p, (size_t)(slash - p)))
			return true;
		p = slash + 1;
	}
	return false;
}
