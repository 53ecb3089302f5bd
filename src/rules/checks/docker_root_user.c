/* MLR712 docker-root-user: the final stage of a Dockerfile runs as root. */
#include "rules/checks/dockerscan.h"

#include <strings.h>

/* Images that already run as an unprivileged user. */
static bool nonroot_base(const char *args)
{
	return strstr(args, "nonroot") || strstr(args, "chainguard") || strstr(args, "bitnami/");
}

static bool root_user(const char *u)
{
	size_t n = strcspn(u, ": \t");
	return (n == 4 && !strncmp(u, "root", 4)) || (n == 1 && u[0] == '0');
}

static void check_file(mlr_repo_ctx *ctx, const mlr_rule *rule, const mlr_file *file,
	const mlr_docker_instrs *ins, void *payload)
{
	(void)payload;
	const mlr_docker_instr *from = NULL, *user = NULL;
	for (size_t i = 0; i < ins->len; i++) {
		if (!strcmp(ins->items[i].cmd, "FROM")) {
			from = &ins->items[i];
			user = NULL;
		} else if (!strcmp(ins->items[i].cmd, "USER")) {
			user = &ins->items[i];
		}
	}
	if (!from || nonroot_base(from->args))
		return;
	if (!user)
		mlr_emit(ctx->findings, rule, file->path, from->line, 1, 1, false,
			"the final stage has no USER instruction, so the container runs as root");
	else if (root_user(user->args))
		mlr_emit(ctx->findings, rule, file->path, user->line, 1, 2, false,
			"the final stage switches to USER %s: the container runs as root", user->args[0] == '0' ? "0" : "root");
}

void mlr_check_docker_root_user(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_dockerfile_each(ctx, rule, check_file, NULL);
}
