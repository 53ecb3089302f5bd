#include "secrets/lockfiles.h"

#include <string.h>

#define MINIFIED_LINE (64u * 1024u)

static const char *const lockfiles[] = {
	"poetry.lock", "Pipfile.lock", "pdm.lock", "uv.lock", "conda-lock.yml",
	"package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock",
	"Cargo.lock", "composer.lock", "go.sum", "Gemfile.lock", "flake.lock", "Podfile.lock",
	"pubspec.lock", "mix.lock", "packages.lock.json", "gradle.lockfile", NULL,
};

bool mlr_secret_path_is_lockfile(const char *path)
{
	if (!path)
		return false;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	for (size_t i = 0; lockfiles[i]; i++)
		if (!strcmp(base, lockfiles[i]))
			return true;
	return false;
}

bool mlr_secret_data_is_minified(const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	while ((size_t)(end - p) > MINIFIED_LINE) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((eol ? eol : end) - p);
		if (n > MINIFIED_LINE) {
			size_t blanks = 0;
			for (size_t i = 0; i < n; i++)
				blanks += p[i] == ' ' || p[i] == '\t';
			return blanks * 10 < n;
		}
		p = eol ? eol + 1 : end;
	}
	return false;
}
