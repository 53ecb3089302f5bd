#include "repo/docs.h"

#include <string.h>
#include <strings.h>

/* The stem of a base name ("CHANGELOG" of "CHANGELOG.md") equals or starts one of names. */
static bool stem_is(const char *base, const char *const *names, bool prefix)
{
	size_t stem = strcspn(base, ".");
	for (size_t i = 0; names[i]; i++) {
		size_t n = strlen(names[i]);
		if (prefix ? !strncasecmp(base, names[i], n) : (stem == n && !strncasecmp(base, names[i], n)))
			return true;
	}
	return false;
}

const mlr_file *mlr_docs_readme(const mlr_repo_ctx *ctx)
{
	static const char *const names[] = { "README.md", "README.rst", "README.txt", "README", "README.markdown",
		"readme.md", "Readme.md", NULL };
	for (size_t i = 0; names[i]; i++) {
		const mlr_file *f = mlr_repo_find(ctx, names[i]);
		if (f)
			return f;
	}
	return mlr_repo_find_ci(ctx, "README.md");
}

const mlr_file *mlr_docs_changelog(const mlr_repo_ctx *ctx)
{
	static const char *const names[] = { "CHANGELOG", "CHANGES", "HISTORY", "NEWS", "RELEASE_NOTES",
		"RELEASE-NOTES", "RELEASENOTES", "RELEASES", NULL };
	/* the root and docs/ first; then a package's own (src/pkg/CHANGELOG.md in a monorepo) */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < ctx->files->len; i++) {
			const char *path = ctx->files->items[i].path;
			const char *base = mlr_path_base(path);
			bool top = base == path;
			bool docs = !strncmp(path, "docs/", 5) || !strncmp(path, "doc/", 4);
			if ((pass == 1 || top || docs) && stem_is(base, names, false) &&
			    !mlr_path_has_dir(path, "tests") && !mlr_path_has_dir(path, "examples"))
				return &ctx->files->items[i];
		}
	/* towncrier and similar keep fragments in changelog.d/ */
	for (size_t i = 0; i < ctx->files->len; i++)
		if (!strncmp(ctx->files->items[i].path, "changelog.d/", 12) || !strncmp(ctx->files->items[i].path, "newsfragments/", 14))
			return &ctx->files->items[i];
	return NULL;
}

const mlr_file *mlr_docs_license(const mlr_repo_ctx *ctx)
{
	static const char *const names[] = { "LICENSE", "LICENCE", "COPYING", "COPYRIGHT", "UNLICENSE", NULL };
	for (size_t i = 0; i < ctx->files->len; i++) {
		const char *path = ctx->files->items[i].path;
		const char *base = mlr_path_base(path);
		if ((base == path && stem_is(base, names, true)) || !strncmp(path, "LICENSES/", 9))
			return &ctx->files->items[i];
	}
	return NULL;
}

bool mlr_docs_packaged(mlr_repo_ctx *ctx)
{
	if (mlr_repo_find(ctx, "setup.py"))
		return true;
	static const struct {
		const char *file, *marker;
	} meta[] = { { "pyproject.toml", "[project]" }, { "pyproject.toml", "[tool.poetry]" }, { "setup.cfg", "[metadata]" } };
	for (size_t i = 0; i < sizeof(meta) / sizeof(meta[0]); i++) {
		const mlr_file *f = mlr_repo_find(ctx, meta[i].file);
		char *data = NULL;
		size_t len = 0;
		if (!f || mlr_repo_read(&data, &len, NULL, ctx, f, 0) < 0)
			continue;
		bool hit = strstr(data, meta[i].marker) != NULL;
		free(data);
		if (hit)
			return true;
	}
	return false;
}

bool mlr_md_covers(const mlr_md *md, const char *const *headings, const char *const *phrases)
{
	if (headings && mlr_md_find_heading(md, headings))
		return true;
	for (size_t l = 0; phrases && l < md->lines.len; l++) {
		const mlr_md_line *ln = &md->lines.items[l];
		if (ln->flags & (MLR_MD_COMMENT | MLR_MD_FRONT))
			continue;
		for (size_t i = 0; phrases[i]; i++)
			if (mlr_memcasemem(md->data + ln->off, ln->len, phrases[i]))
				return true;
	}
	return false;
}
