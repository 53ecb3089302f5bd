#include "python/query.h"
#include "rules/checks/pycall.h"

#include <string.h>

#include "core/buf.h"

bool mlr_node_is_scope(TSNode n)
{
	mlr_py_type_id t = mlr_py_type(n);
	return t == MLR_PY_T_FUNCTION_DEFINITION || t == MLR_PY_T_CLASS_DEFINITION || t == MLR_PY_T_LAMBDA;
}

/* The pattern language of the query predicate #resolves-to?. */
bool mlr_name_in(const char *name, size_t len, const char *const *names)
{
	for (size_t i = 0; name && names[i]; i++) {
		const char *p = names[i];
		/* an exact name or a "mod.*" prefix starts with the name's first letter */
		if (p[0] != '*' && p[0] != '.' && p[0] != name[0])
			continue;
		if (mlr_name_matches(name, len, p, strlen(p)))
			return true;
	}
	return false;
}

bool mlr_callee_in_at(const mlr_py *py, uint32_t at, const char *const *names)
{
	size_t len = 0;
	const char *callee = mlr_py_callee_name_at(py, at, &len);
	return mlr_name_in(callee, len, names);
}

bool mlr_callee_in(const mlr_py *py, TSNode call, const char *const *names)
{
	size_t len = 0;
	const char *callee = mlr_py_callee_name(py, call, &len);
	return mlr_name_in(callee, len, names);
}

bool mlr_resolves_to(const mlr_py *py, TSNode n, const char *want)
{
	mlr_buf raw = MLR_BUF_INIT, res = MLR_BUF_INIT;
	bool hit = false;
	if (mlr_py_dotted(&raw, py, n)) {
		mlr_py_resolve(&res, py, mlr_buf_cstr(&raw), raw.len);
		hit = !res.oom && !strcmp(mlr_buf_cstr(&res), want);
	}
	mlr_buf_dispose(&raw);
	mlr_buf_dispose(&res);
	return hit;
}
