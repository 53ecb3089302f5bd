/* MLR409 readme-incomplete: no README, or one that says neither how to install nor how to
 * use the project. */
#include "repo/docs.h"

#include <strings.h>

static const char *const install_headings[] = { "install", "setup", "set up", "getting started", "requirements",
	"dependencies", "environment", "quickstart", "quick start", "prerequisites", NULL };
static const char *const install_phrases[] = { "pip install", "pip3 install", "conda env create", "conda create",
	"conda install", "mamba env create", "poetry install", "uv sync", "uv pip install", "pipenv install",
	"pdm install", "docker build", "docker run", "docker compose up", "docker-compose up", "make install",
	"make setup", "setup.py install", "requirements.txt", NULL };
static const char *const usage_headings[] = { "usage", "how to use", "quickstart", "quick start", "getting started",
	"example", "tutorial", "running", "run", "how to run", "train", "inference", "demo", "commands", "reproduc",
	"evaluation", "sampling", NULL };
static const char *const usage_phrases[] = { "python ", "python3 ", "import ", "jupyter ", "streamlit run",
	"uvicorn ", "make train", "make run", "dvc repro", NULL };

void mlr_check_readme_incomplete(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	if (!mlr_repo_is_snapshot(ctx) || ctx->files->len == 0)
		return;
	ctx->assessed = true;
	const mlr_file *f = mlr_docs_readme(ctx);
	if (!f) {
		mlr_emit(ctx->findings, rule, NULL, 0, 0, 0, false,
			"no README at the repository root: nobody can tell what this is, how to install it or how to run it");
		return;
	}
	char *data = NULL;
	size_t len = 0;
	mlr_md md;
	if (mlr_repo_read(&data, &len, NULL, ctx, f, 0) < 0)
		return;
	const char *ext = strrchr(mlr_path_base(f->path), '.');
	if (mlr_md_parse(&md, data, len, ext && !strcasecmp(ext, ".rst")) == 0) {
		bool install = mlr_md_covers(&md, install_headings, install_phrases);
		bool usage = mlr_md_covers(&md, usage_headings, usage_phrases);
		if (!install || !usage)
			mlr_emit(ctx->findings, rule, f->path, 0, 0, (install ? 1 : 0) | (usage ? 2 : 0), false,
				"the README says nothing about %s", !install && !usage ? "how to install or use the project"
				: !install ? "how to install the project (dependencies, environment)" : "how to use the project (a command or code example)");
		mlr_md_dispose(&md);
	}
	free(data);
}
