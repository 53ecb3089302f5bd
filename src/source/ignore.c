#include "source/ignore.h"

#include "mlready.h"
#include "core/array.h"
#include "core/buf.h"
#include "core/error.h"
#include "source/fsread.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

/*
 * Only the top-level .gitignore, and only its simple forms:
 *   name, *.ext, ba?e, [abc]  matched against the last path component, at any depth
 *   dir/                      as above, directories only
 *   /rooted, a/b              a pattern with a '/' before its end is anchored to the root
 *                             and matched against the whole path ('*' does not cross '/')
 *   !pattern                  re-includes; the last matching pattern wins
 *   # comment, blank lines, trailing spaces are ignored
 * Not supported: `**`, nested .gitignore files, .git/info/exclude, escapes with '\'.
 * An ignored directory is not entered, so nothing beneath it can be re-included (as in
 * git).
 */

#define IGNORE_FILE_LIMIT (1u << 20)

typedef struct {
	char *pattern;
	bool negate;
	bool dir_only;
	bool anchored;
} ignore_rule;

struct mlr_ignore {
	mlr_array(ignore_rule) rules;
};

static int add_rule(mlr_ignore *ig, const char *line, size_t n)
{
	ignore_rule r = { NULL, false, false, false };

	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
		n--;
	if (n == 0 || line[0] == '#')
		return 0;
	if (line[0] == '!') {
		r.negate = true;
		line++;
		n--;
	}
	if (n && line[n - 1] == '/') {
		r.dir_only = true;
		n--;
	}
	if (n && line[0] == '/') {
		r.anchored = true;
		line++;
		n--;
	}
	if (n == 0)
		return 0;
	if (memchr(line, '/', n))
		r.anchored = true;
	r.pattern = mlr_strndup(line, n);
	if (!r.pattern || mlr_array_push(&ig->rules, r) < 0) {
		free(r.pattern);
		return mlr_error_set(MLR_ENOMEM, "out of memory reading .gitignore");
	}
	return 0;
}

int mlr_ignore_parse(mlr_ignore **out, const char *text, size_t len)
{
	int error = 0;
	mlr_ignore *ig = calloc(1, sizeof(*ig));

	*out = NULL;
	if (!ig)
		return mlr_error_set(MLR_ENOMEM, "out of memory reading .gitignore");
	size_t i = 0;
	while (i < len) {
		const char *line = text + i;
		const char *nl = memchr(line, '\n', len - i);
		size_t n = nl ? (size_t)(nl - line) : len - i;
		/* a NUL inside a line would cut the pattern short: such a line is no pattern */
		if (!memchr(line, '\0', n) && (error = add_rule(ig, line, n)) < 0)
			goto cleanup;
		i += n + 1;
	}
	*out = ig;
	ig = NULL;

cleanup:
	mlr_ignore_free(ig);
	return error;
}

int mlr_ignore_load(mlr_ignore **out, int rootfd)
{
	char *text = NULL;
	size_t len = 0;
	bool truncated;

	int error = mlr_fsread_beneath(&text, &len, &truncated, rootfd, ".gitignore",
		IGNORE_FILE_LIMIT);
	if (error == MLR_ENOTFOUND || error == MLR_EIO) {
		/* absent, a symlink, or unreadable: walk without ignore rules */
		mlr_error_clear();
		return mlr_ignore_parse(out, "", 0);
	}
	if (error < 0)
		return error;
	error = mlr_ignore_parse(out, text, len);
	free(text);
	return error;
}

bool mlr_ignore_match(const mlr_ignore *ig, const char *path, bool is_dir)
{
	if (!ig || !path)
		return false;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	bool ignored = false;
	for (size_t i = 0; i < ig->rules.len; i++) {
		const ignore_rule *r = &ig->rules.items[i];
		if (r->dir_only && !is_dir)
			continue;
		int rc = r->anchored ? fnmatch(r->pattern, path, FNM_PATHNAME)
				     : fnmatch(r->pattern, base, 0);
		if (rc == 0)
			ignored = !r->negate;
	}
	return ignored;
}

void mlr_ignore_free(mlr_ignore *ig)
{
	if (!ig)
		return;
	for (size_t i = 0; i < ig->rules.len; i++)
		free(ig->rules.items[i].pattern);
	mlr_array_delete(&ig->rules);
	free(ig);
}
