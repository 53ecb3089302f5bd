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
