#include "rules/checks/hfhub.h"

#include <ctype.h>
#include <string.h>

bool mlr_hf_is_repo_id(const char *s, size_t n)
{
	if (n == 0 || n > 96 || !isalnum((unsigned char)s[0]))
		return false;
	int slashes = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '/') {
			if (++slashes > 1 || i + 1 == n)
				return false;
		} else if (!isalnum((unsigned char)c) && c != '_' && c != '.' && c != '-') {
			return false;
		}
	}
	return true;
}

static bool is_commit(const char *s, size_t n)
{
	if (n < 7 || n > 40)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

bool mlr_hf_revision_handled(const mlr_py *py, TSNode call)
{
	TSNode args = mlr_py_child(call, MLR_PY_F_ARGUMENTS);
	uint32_t n = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
	for (uint32_t i = 0; i < n; i++)
		if (mlr_py_is(ts_node_named_child(args, i), MLR_PY_T_DICTIONARY_SPLAT))
			return true;
	TSNode rev = mlr_py_kwarg(py, call, "revision");
	if (ts_node_is_null(rev))
		return false;
	const char *v;
	size_t len;
	if (!mlr_py_string_value(py, rev, &v, &len))
		return !mlr_py_is(rev, MLR_PY_T_NONE) && !mlr_py_is(rev, MLR_PY_T_STRING);
	return is_commit(v, len);
}
