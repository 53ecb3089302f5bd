#include "facts/names.h"

#include <string.h>

bool mlr_facts_has_dir(const char *path, const char *dir)
{
	size_t dl = strlen(dir);
	for (const char *p = path; (p = strstr(p, dir)); p += dl)
		if ((p == path || p[-1] == '/') && p[dl] == '/')
			return true;
	return false;
}

const char *mlr_facts_last_segment(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot ? dot + 1 : name;
}

bool mlr_facts_imports(const mlr_file_facts *f, const char *mod)
{
	size_t ml = strlen(mod);
	for (size_t i = 0; i < f->import_count; i++)
		if (!strncmp(f->imports[i], mod, ml) && (f->imports[i][ml] == '\0' || f->imports[i][ml] == '.'))
			return true;
	return false;
}
