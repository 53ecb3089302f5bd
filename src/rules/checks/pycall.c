#include "rules/checks/pycall.h"

#include <string.h>

#include "core/buf.h"

bool mlr_node_is_scope(TSNode n)
{
	const char *t = ts_node_type(n);
	return !strcmp(t, "function_definition") || !strcmp(t, "class_definition") || !strcmp(t, "lambda");
}

/* The pattern language of the query predicate #resolves-to?. */
static bool name_matches(const char *name, const char *pat)
{
	size_t nlen = strlen(name), plen = strlen(pat);
	if (plen >= 2 && pat[plen - 2] == '.' && pat[plen - 1] == '*') {
		size_t base = plen - 2;
		return nlen >= base && !memcmp(name, pat, base) && (nlen == base || name[base] == '.');
	}
	if (plen >= 2 && pat[0] == '*' && pat[1] == '.') {
		size_t suf = plen - 2;
		if (nlen == suf)
			return !memcmp(name, pat + 2, suf);
		return nlen > suf && !memcmp(name + nlen - suf, pat + 2, suf) && name[nlen - suf - 1] == '.';
	}
	return !strcmp(name, pat);
}

bool mlr_callee_in(const mlr_py *py, TSNode call, const char *const *names)
{
	mlr_buf callee = MLR_BUF_INIT;
	bool hit = false;
	if (mlr_py_callee(&callee, py, call))
		for (size_t i = 0; !hit && names[i]; i++)
			hit = name_matches(mlr_buf_cstr(&callee), names[i]);
	mlr_buf_dispose(&callee);
	return hit;
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
