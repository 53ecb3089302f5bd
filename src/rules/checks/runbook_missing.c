/* MLR412 runbook-missing: a repository that serves a model has no runbook covering
 * deployment, rollback and troubleshooting. */
#include "repo/docs.h"
#include "repo/serving.h"

#include <strings.h>

#include "core/buf.h"

static const char *const deploy_h[] = { "deploy", "release", "rollout", "roll out", "serving", NULL };
static const char *const deploy_p[] = { "deploy", "kubectl apply", "helm upgrade", "docker push", "rollout", NULL };
static const char *const rollback_h[] = { "rollback", "roll back", "revert", "downgrade", "recover", NULL };
static const char *const rollback_p[] = { "rollback", "roll back", "previous version", "revert to", "rollout undo",
	"helm rollback", NULL };
static const char *const trouble_h[] = { "troubleshoot", "debug", "incident", "on-call", "oncall", "alert",
	"known issue", "faq", "common problems", "failure", "operations", NULL };
static const char *const trouble_p[] = { "troubleshoot", "if the service", "on-call", "runbook", "incident",
	"alert fires", "health check fails", NULL };

/* RUNBOOK.md, docs/runbook.md, operations.md, playbook.md, anything under ops/ */
static bool runbook_name(const char *path)
{
	static const char *const words[] = { "runbook", "run-book", "run_book", "playbook", "operations", "ops",
		"oncall", "on-call", "deployment", "deploy", NULL };
	const char *base = mlr_path_base(path);
	size_t bl = strlen(base);
	bool doc = (bl > 3 && !strcasecmp(base + bl - 3, ".md")) || (bl > 4 && !strcasecmp(base + bl - 4, ".rst"));
	if (!doc)
		return false;
	for (size_t i = 0; words[i]; i++)
		if (!strncasecmp(base, words[i], strlen(words[i])))
			return true;
	/* an operations directory holds runbooks whatever their names */
	return mlr_path_has_dir(path, "runbooks") || mlr_path_has_dir(path, "ops") || mlr_path_has_dir(path, "operations");
}

void mlr_check_runbook_missing(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	if (!mlr_repo_is_snapshot(ctx) || !mlr_repo_service(ctx))
		return;
	ctx->assessed = true;
	bool deploy = false, rollback = false, trouble = false;
	const mlr_file *runbook = NULL;
	for (size_t i = 0; i < ctx->files->len; i++) {
		const mlr_file *f = &ctx->files->items[i];
		if (!runbook_name(f->path))
			continue;
		char *data = NULL;
		size_t len = 0;
		mlr_md md;
		if (mlr_repo_read(&data, &len, NULL, ctx, f, 0) < 0)
			continue;
		if (mlr_md_parse(&md, data, len, false) == 0) {
			if (!runbook)
				runbook = f;
			deploy |= mlr_md_covers(&md, deploy_h, deploy_p);
			rollback |= mlr_md_covers(&md, rollback_h, rollback_p);
			trouble |= mlr_md_covers(&md, trouble_h, trouble_p);
			mlr_md_dispose(&md);
		}
		free(data);
	}
	/* a README with all three sections is a runbook too */
	const mlr_file *readme = mlr_docs_readme(ctx);
	if (!runbook && readme) {
		char *data = NULL;
		size_t len = 0;
		mlr_md md;
		if (mlr_repo_read(&data, &len, NULL, ctx, readme, 0) == 0 && mlr_md_parse(&md, data, len, false) == 0) {
			bool d = mlr_md_covers(&md, deploy_h, NULL), r = mlr_md_covers(&md, rollback_h, NULL),
			     t = mlr_md_covers(&md, trouble_h, NULL);
			if (d && r && t)
				deploy = rollback = trouble = true, runbook = readme;
			mlr_md_dispose(&md);
		}
		free(data);
	}
	if (!runbook) {
		mlr_emit(ctx->findings, rule, NULL, 0, 0, 0, false,
			"the repository serves a model but has no runbook (RUNBOOK.md or docs/runbook.md): whoever is on call "
			"has no written way to deploy, roll back or debug it");
		return;
	}
	if (deploy && rollback && trouble)
		return;
	mlr_buf missing = MLR_BUF_INIT;
	if (!deploy)
		mlr_buf_puts(&missing, "deployment");
	if (!rollback)
		mlr_buf_printf(&missing, "%srollback", missing.len ? ", " : "");
	if (!trouble)
		mlr_buf_printf(&missing, "%stroubleshooting", missing.len ? ", " : "");
	mlr_emit(ctx->findings, rule, runbook->path, 0, 0, mlr_repo_hash(mlr_buf_cstr(&missing)), false,
		"the runbook does not cover %s", mlr_buf_cstr(&missing));
	mlr_buf_dispose(&missing);
}
