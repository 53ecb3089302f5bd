/* MLR710 dockerfile-missing: a repository that serves a model has no container build. */
#include "repo/dockerfile.h"
#include "repo/serving.h"

#include <strings.h>

/* Other ways to package a service into an image or a platform build. */
static bool container_build(const mlr_repo_ctx *ctx)
{
	static const char *const names[] = { "bentofile.yaml", "cog.yaml", "Procfile", "app.yaml", "serverless.yml",
		"serverless.yaml", "template.yaml", "fly.toml", "render.yaml", "Chart.yaml", "skaffold.yaml",
		"kustomization.yaml", "apprunner.yaml", "modal.toml", NULL };
	for (size_t i = 0; i < ctx->files->len; i++) {
		const char *path = ctx->files->items[i].path;
		if (mlr_dockerfile_name(path))
			return true;
		for (size_t k = 0; names[k]; k++)
			if (!strcmp(mlr_path_base(path), names[k]))
				return true;
	}
	return false;
}

/* A Hugging Face Space (README front matter with `sdk:`) is built by the Hub. */
static bool hf_space(mlr_repo_ctx *ctx)
{
	const mlr_file *f = mlr_repo_find_ci(ctx, "README.md");
	char *data = NULL;
	size_t len = 0;
	bool space = false;
	if (f && mlr_repo_read(&data, &len, NULL, ctx, f, 4096) == 0)
		space = !strncmp(data, "---", 3) && strstr(data, "\nsdk:");
	free(data);
	return space;
}

void mlr_check_dockerfile_missing(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	if (!mlr_repo_is_snapshot(ctx))
		return;
	const char *serving = mlr_repo_service(ctx);
	if (!serving)
		return;
	ctx->assessed = true;
	if (container_build(ctx) || hf_space(ctx))
		return;
	mlr_emit(ctx->findings, rule, NULL, 0, 0, mlr_repo_hash(serving), false,
		"the repository serves a model (%s) but has no Dockerfile or other container build: the serving "
		"environment exists only on the machine that runs it", serving);
}
