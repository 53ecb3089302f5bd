#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/cmd_scaffold.h"
#include "report/explain.h"

static int cmd_explain(const char *id)
{
	const mlr_rule *rule = mlr_rule_find(id);
	if (!rule) {
		fprintf(stderr, "mlready: no rule '%s' (mlready rules lists them)\n", id);
		return MLR_EXIT_USAGE;
	}
	return mlr_explain_write(stdout, rule) < 0 ? MLR_EXIT_IO : MLR_EXIT_OK;
}

static bool gate_failed(const mlr_cli *cli, const mlr_result *res)
{
	if (cli->fail_on != MLR_FAIL_NEVER)
		for (size_t i = 0; i < res->finding_count; i++)
			if ((int)res->findings[i].severity >= cli->fail_on)
				return true;
	/* Compare what the report shows: 79.96 prints as 80.0 and passes --min-score 80. */
	if (cli->min_score >= 0 && res->score.overall * 10 + 0.5 < cli->min_score * 10)
		return true;
	return false;
}

static int cmd_lint(const mlr_cli *cli)
{
	struct stat st;
	if (stat(cli->lint.path, &st) != 0) {
		fprintf(stderr, "mlready: %s: no such file or directory\n", cli->lint.path);
		return MLR_EXIT_USAGE;
	}
	mlr_result *res = NULL;
	/* PR mode: lint the merge base too and keep what the change introduced */
	int rc = cli->lint.base ? mlr_lint_diff(&res, &cli->lint, NULL, NULL) : mlr_lint(&res, &cli->lint);
	if (rc < 0) {
		fprintf(stderr, "mlready: %s\n", mlr_error_last());
		return mlr_error_exit(rc);
	}
	FILE *out = stdout;
	if (cli->output && !(out = fopen(cli->output, "w"))) {
		fprintf(stderr, "mlready: cannot write %s: %s\n", cli->output, strerror(errno));
		mlr_result_free(res);
		return MLR_EXIT_IO;
	}
	mlr_report_options ro = { 0 };
	ro.quiet = cli->quiet;
	const char *nc = getenv("NO_COLOR");
	ro.color = !cli->no_color && out == stdout && isatty(fileno(stdout)) && !(nc && *nc);
	int exit_code = MLR_EXIT_OK;
	if (mlr_report_write(out, cli->format, res, &ro) < 0) {
		fprintf(stderr, "mlready: writing the report: %s\n", mlr_error_last());
		exit_code = MLR_EXIT_IO;
	}
	if (out != stdout && fclose(out) != 0) {
		fprintf(stderr, "mlready: cannot write %s: %s\n", cli->output, strerror(errno));
		exit_code = MLR_EXIT_IO;
	}
	if (exit_code == MLR_EXIT_OK && gate_failed(cli, res))
		exit_code = MLR_EXIT_GATE;
	mlr_result_free(res);
	return exit_code;
}

int main(int argc, char **argv)
{
	mlr_cli cli;
	if (mlr_cli_parse(&cli, argc, argv) < 0)
		return MLR_EXIT_USAGE;
	switch (cli.command) {
	case MLR_CMD_HELP:
		mlr_cli_usage(stdout);
		return MLR_EXIT_OK;
	case MLR_CMD_VERSION:
		printf("mlready %s\n", MLR_VERSION);
		return MLR_EXIT_OK;
	case MLR_CMD_RULES:
		return mlr_rules_list_write(stdout) < 0 ? MLR_EXIT_IO : MLR_EXIT_OK;
	case MLR_CMD_EXPLAIN:
		return cmd_explain(cli.explain_id);
	case MLR_CMD_INIT:
	case MLR_CMD_SCAFFOLD:
		return mlr_cmd_scaffold(&cli);
	case MLR_CMD_LINT:
		break;
	}
	int code = cmd_lint(&cli);
	if (fflush(stdout) != 0 && code == MLR_EXIT_OK)
		code = MLR_EXIT_IO;
	return code;
}
