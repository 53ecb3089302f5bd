/*
 * mlready compare PATH...: each repository is linted as `mlready PATH` would lint it, with
 * its own .mlready.yml (so each is held to its own gate), then one table is written. A
 * repository that cannot be linted gets a row saying why, and the others are still
 * compared; its error decides the exit status.
 */
#include "cli/lint.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/error.h"
#include "report/compare.h"

typedef struct {
	mlr_result *result;
	mlr_config *config; /* freed after the result: findings may point at its custom rules */
	char *error;
	int code;
} compared;

/* Lints one repository; an error is kept in c->error and c->code, never printed twice. */
static void compare_one(compared *c, const mlr_cli *cli, const char *path)
{
	struct stat st;
	mlr_cli one = *cli;
	one.lint.path = path;
	if (stat(path, &st) != 0) {
		c->error = mlr_strdup("no such file or directory");
		c->code = MLR_EXIT_USAGE;
		return;
	}
	/* config problems are printed (file:line:col) by the loader itself */
	if ((c->code = mlr_cli_load_config(&c->config, &one)) != MLR_EXIT_OK) {
		c->error = mlr_strdup("its configuration has errors (see above)");
		return;
	}
	mlr_options opts = one.lint;
	opts.config = c->config;
	int rc = mlr_lint(&c->result, &opts);
	if (rc < 0) {
		c->error = mlr_strdup(mlr_error_last());
		c->code = mlr_error_exit(rc);
		return;
	}
	int fail_on;
	double min_score;
	mlr_cli_gate_settings(&one, c->config, &fail_on, &min_score);
	c->code = mlr_cli_gate_failed(fail_on, min_score, c->result) ? MLR_EXIT_GATE : MLR_EXIT_OK;
}

typedef struct {
	const mlr_compare_row *rows;
	size_t count;
} table;

static int write_table(FILE *out, mlr_format format, const mlr_report_options *ro, const void *payload)
{
	const table *t = payload;
	return mlr_compare_write(out, format, t->rows, t->count, ro);
}

/* An error outranks a failed gate, and a repository error (3) a usage one (2). */
static int worse(int a, int b)
{
	int rank_a = a == MLR_EXIT_GATE ? 1 : a, rank_b = b == MLR_EXIT_GATE ? 1 : b;
	return rank_a >= rank_b ? a : b;
}

int mlr_cli_compare(const mlr_cli *cli)
{
	size_t n = cli->path_count;
	compared *runs = calloc(n ? n : 1, sizeof(*runs));
	mlr_compare_row *rows = calloc(n ? n : 1, sizeof(*rows));
	int code = MLR_EXIT_OK;

	if (!runs || !rows) {
		fprintf(stderr, "mlready: out of memory\n");
		code = MLR_EXIT_IO;
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		compare_one(&runs[i], cli, cli->paths[i]);
		rows[i] = (mlr_compare_row){ cli->paths[i], runs[i].result, runs[i].error,
			runs[i].code == MLR_EXIT_GATE };
		if (runs[i].error)
			fprintf(stderr, "mlready: %s: %s\n", cli->paths[i], runs[i].error);
		code = worse(code, runs[i].code);
	}
	table t = { rows, n };
	code = worse(code, mlr_cli_write_outputs(cli, write_table, &t));

cleanup:
	for (size_t i = 0; runs && i < n; i++) {
		mlr_result_free(runs[i].result);
		mlr_config_free(runs[i].config);
		free(runs[i].error);
	}
	free(runs);
	free(rows);
	return code;
}
