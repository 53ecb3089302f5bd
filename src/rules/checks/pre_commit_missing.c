/* MLR707 pre-commit-missing: no usable .pre-commit-config.yaml. */
#include "repo/repo.h"
#include "repo/yaml.h"

void mlr_check_pre_commit_missing(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	if (!mlr_repo_is_snapshot(ctx) || !mlr_repo_has_python(ctx))
		return;
	ctx->assessed = true;
	const mlr_file *f = mlr_repo_find(ctx, ".pre-commit-config.yaml");
	if (!f)
		f = mlr_repo_find(ctx, ".pre-commit-config.yml");
	if (!f) {
		mlr_emit(ctx->findings, rule, NULL, 0, 0, 0, false,
			"no .pre-commit-config.yaml: formatting, lint and secret checks run only if someone remembers to");
		return;
	}
	char *data = NULL;
	size_t len = 0;
	if (mlr_repo_read(&data, &len, NULL, ctx, f, 0) < 0)
		return;
	mlr_yaml y;
	if (mlr_yaml_load(&y, data, len) < 0) {
		mlr_emit(ctx->findings, rule, f->path, y.err_line, y.err_col, mlr_repo_hash(y.err), false,
			"pre-commit configuration is not valid YAML: %s; pre-commit refuses to run", y.err);
	} else {
		yaml_node_t *repos = mlr_yaml_get(&y, mlr_yaml_root(&y), "repos");
		if (!repos || repos->type != YAML_SEQUENCE_NODE || mlr_yaml_len(repos) == 0)
			mlr_emit(ctx->findings, rule, f->path, 0, 0, 1, false,
				"pre-commit configuration has no repos: no hook runs");
		mlr_yaml_dispose(&y);
	}
	free(data);
}
