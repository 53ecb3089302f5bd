#include "rules/checks/dockerscan.h"

#include <stdlib.h>

void mlr_dockerfile_each(mlr_repo_ctx *ctx, const mlr_rule *rule, mlr_dockerfile_visit visit, void *payload)
{
	if (!mlr_repo_is_snapshot(ctx))
		return;
	for (size_t i = 0; i < ctx->files->len; i++) {
		const mlr_file *f = &ctx->files->items[i];
		if (!mlr_dockerfile_name(f->path))
			continue;
		char *data = NULL;
		size_t len = 0;
		mlr_docker_instrs ins = { 0 };
		if (mlr_repo_read(&data, &len, NULL, ctx, f, 0) < 0)
			continue;
		ctx->assessed = true;
		if (mlr_dockerfile_parse(&ins, data, len) == 0)
			visit(ctx, rule, f, &ins, payload);
		mlr_dockerfile_dispose(&ins);
		free(data);
	}
}
