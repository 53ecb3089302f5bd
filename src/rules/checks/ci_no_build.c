/* MLR705 ci-no-build: a package or a container is defined but CI never builds it. */
#include "repo/ci.h"

#include <strings.h>

/* What the repository ships: a Python package (pyproject with a project or Poetry name,
 * setup.py, setup.cfg) or a container image (Dockerfile, Containerfile). */
static const char *shippable(mlr_repo_ctx *ctx)
{
	for (size_t i = 0; i < ctx->files->len; i++) {
		const char *base = mlr_path_base(ctx->files->items[i].path);
		if (!strcmp(base, "Dockerfile") || !strncmp(base, "Dockerfile.", 11) || !strcmp(base, "Containerfile") ||
		    (strlen(base) > 11 && !strcasecmp(base + strlen(base) - 11, ".dockerfile")))
			return "a container image";
	}
	if (mlr_repo_find(ctx, "setup.py") || mlr_repo_find(ctx, "setup.cfg"))
		return "a Python package";
	const mlr_file *py = mlr_repo_find(ctx, "pyproject.toml");
	char *data = NULL;
	size_t len = 0;
	bool package = false;
	if (py && mlr_repo_read(&data, &len, NULL, ctx, py, 0) == 0)
		package = strstr(data, "[project]") || strstr(data, "[tool.poetry]");
	free(data);
	return package ? "a Python package" : NULL;
}

void mlr_check_ci_no_build(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_ci_file_array ci = { 0 };
	char files[256];
	if (!mlr_repo_is_snapshot(ctx) || mlr_ci_load(&ci, ctx) < 0 || ci.len == 0)
		goto cleanup;
	const char *what = shippable(ctx);
	if (!what)
		goto cleanup;
	ctx->assessed = true;
	if (mlr_ci_caps(&ci) & MLR_CI_BUILD)
		goto cleanup;
	mlr_ci_list(files, sizeof(files), &ci);
	mlr_emit(ctx->findings, rule, NULL, 0, 0, 0, false,
		"the repository defines %s but CI (%s) never builds it", what, files);
cleanup:
	mlr_ci_dispose(&ci);
}
