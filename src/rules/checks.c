#include <string.h>

#include "engine/engine.h"

/* Generated beside the rule table: one entry per check a rule names, NULL-terminated. */
extern const mlr_check mlr_builtin_checks[];

const mlr_check *mlr_check_find(const char *name)
{
	for (const mlr_check *c = mlr_builtin_checks; name && c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}
