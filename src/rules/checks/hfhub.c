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
	TSNode args = ts_node_child_by_field_name(call, "arguments", 9);
	uint32_t n = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
	for (uint32_t i = 0; i < n; i++)
		if (!strcmp(ts_node_type(ts_node_named_child(args, i)), "dictionary_splat"))
			return true;
	TSNode rev = mlr_py_kwarg(py, call, "revision");
	if (ts_node_is_null(rev))
		return false;
	const char *v;
	size_t len;
	if (!mlr_py_string_value(py, rev, &v, &len))
		return strcmp(ts_node_type(rev), "none") != 0 && strcmp(ts_node_type(rev), "string") != 0;
	return is_commit(v, len);
}
