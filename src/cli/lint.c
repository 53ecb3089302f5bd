/*
 * The lint command: configuration (file, then flags), the run, the baseline, the reports
 * and the gate. Precedence, lowest first: built-in defaults, .mlready.yml (or --config),
 * command-line flags.
 */
#include "cli/lint.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diff/base_config.h"
#include "core/array.h"
#include "core/buf.h"
#include "filter/baseline.h"
#include "filter/config.h"
#include "report/explain.h"

/* Problems are gathered and printed in file order, whatever order they were found in. */
typedef struct {
	char *path, *message;
	size_t line, column, seq;
} problem;

typedef mlr_array(problem) problem_array;

static void collect_problem(void *payload, const char *path, size_t line, size_t column, const char *message)
{
	problem_array *a = payload;
	problem p = { mlr_strdup(path), mlr_strdup(message), line, column, a->len };
	if (!p.path || !p.message || mlr_array_push(a, p) < 0) {
		/* no memory to sort it: print it now rather than lose it */
		fprintf(stderr, "%s:%zu:%zu: %s\n", path, line, column, message);
		free(p.path);
		free(p.message);
	}
}

static int cmp_problem(const void *pa, const void *pb)
{
	const problem *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void print_problems(problem_array *a)
{
	if (a->len > 1)
		qsort(a->items, a->len, sizeof(problem), cmp_problem);
	for (size_t i = 0; i < a->len; i++) {
		problem *p = &a->items[i];
		if (p->line)
			fprintf(stderr, "%s:%zu:%zu: %s\n", p->path, p->line, p->column, p->message);
		else
			fprintf(stderr, "mlready: %s: %s\n", p->path, p->message);
		free(p->path);
		free(p->message);
	}
	mlr_array_delete(a);
}

int mlr_cli_load_config(mlr_config **out, const mlr_cli *cli)
{
	problem_array problems = { 0 };
	mlr_diag diag = { collect_problem, &problems, 0 };
	char *found = NULL;
	int rc = 0;

	*out = NULL;
	if (!cli->no_config && !cli->config && (rc = mlr_config_discover(&found, &cli->lint)) < 0)
		goto fail;
	const char *path = cli->config ? cli->config : found;
	/* --config-from-base (PR mode): the base's config, so a change cannot loosen its own gate */
	rc = cli->config_from_base ? mlr_config_load_base(out, &diag, &cli->lint)
		: path ? mlr_config_load(out, &diag, path) : mlr_config_new(out);
	free(found);
	if (rc < 0)
		goto fail;
	for (size_t i = 0; i < cli->select_count && rc == 0; i++)
		rc = i == 0 ? mlr_config_set_select(*out, &diag, "--select", cli->selects[i])
			    : mlr_config_add_select(*out, &diag, "--select", cli->selects[i]);
	for (size_t i = 0; i < cli->ignore_count && rc == 0; i++)
		rc = mlr_config_add_ignore(*out, &diag, "--ignore", cli->ignores[i]);
	if (rc < 0)
		goto fail;
	if (cli->max_python_size)
		mlr_config_set_max_python_size(*out, cli->max_python_size);
	return MLR_EXIT_OK;
fail:
	print_problems(&problems);
	mlr_config_free(*out);
	*out = NULL;
	if (rc == MLR_ENOMEM || !diag.count)
		fprintf(stderr, "mlready: %s\n", mlr_error_last());
	return mlr_error_exit(rc);
}

typedef struct {
	const mlr_baseline *baseline;
	size_t calls;
	size_t baselined; /* in the result reported (the first one prepared) */
} prepare_ctx;

/* Applied to every result before it is compared or reported (mlr_result_hook): the
 * baseline, then the score again if anything left. */
static int prepare(mlr_result *res, void *payload)
{
	prepare_ctx *p = payload;
	size_t n = mlr_baseline_apply(p->baseline, res);
	if (p->calls++ == 0)
		p->baselined = n;
	if (n)
		mlr_score_compute_profile(res, res->score.profile);
	return 0;
}

void mlr_cli_gate_settings(const mlr_cli *cli, const mlr_config *cfg, int *fail_on, double *min_score)
{
	*fail_on = MLR_SEV_ERROR;
	*min_score = cli->min_score;
	if (cli->fail_on_set)
		*fail_on = cli->fail_on;
	else
		mlr_config_fail_on(cfg, fail_on);
	if (*min_score < 0 && !mlr_config_min_score(cfg, min_score))
		*min_score = -1;
}

bool mlr_cli_gate_failed(int fail_on, double min_score, const mlr_result *res)
{
	if (fail_on != MLR_FAIL_NEVER)
		for (size_t i = 0; i < res->finding_count; i++)
			if ((int)res->findings[i].severity >= fail_on)
				return true;
	/* Compare what the report shows: 79.96 prints as 80.0 and passes --min-score 80. */
	if (min_score >= 0 && res->score.overall * 10 + 0.5 < min_score * 10)
		return true;
	return false;
}

int mlr_cli_write_outputs(const mlr_cli *cli, mlr_cli_writer write, const void *payload)
{
	static const mlr_cli_output text = { MLR_FORMAT_TEXT, NULL };
	const mlr_cli_output *outs = cli->output_count ? cli->outputs : &text;
	size_t n = cli->output_count ? cli->output_count : 1;
	int code = MLR_EXIT_OK;
	for (size_t i = 0; i < n; i++) {
		FILE *out = stdout;
		if (outs[i].path && !(out = fopen(outs[i].path, "w"))) {
			fprintf(stderr, "mlready: cannot write %s: %s\n", outs[i].path, strerror(errno));
			code = MLR_EXIT_IO;
			continue;
		}
		mlr_report_options ro = { 0 };
		ro.quiet = cli->quiet;
		const char *nc = getenv("NO_COLOR");
		ro.color = !cli->no_color && out == stdout && isatty(fileno(stdout)) && !(nc && *nc);
		if (write(out, outs[i].format, &ro, payload) < 0) {
			fprintf(stderr, "mlready: writing the %s report: %s\n", mlr_format_name(outs[i].format),
				mlr_error_last());
			code = MLR_EXIT_IO;
		}
		if (out != stdout && fclose(out) != 0) {
			fprintf(stderr, "mlready: cannot write %s: %s\n", outs[i].path, strerror(errno));
			code = MLR_EXIT_IO;
		}
	}
	return code;
}

static int write_report(FILE *out, mlr_format format, const mlr_report_options *ro, const void *res)
{
	return mlr_report_write(out, format, res, ro);
}

int mlr_cli_lint(const mlr_cli *cli)
{
	struct stat st;
	mlr_config *cfg = NULL;
	mlr_baseline *baseline = NULL;
	mlr_result *res = NULL;
	int code;

	if (stat(cli->lint.path, &st) != 0) {
		fprintf(stderr, "mlready: %s: no such file or directory\n", cli->lint.path);
		return MLR_EXIT_USAGE;
	}
	if ((code = mlr_cli_load_config(&cfg, cli)) != MLR_EXIT_OK)
		return code;
	mlr_options opts = cli->lint;
	opts.config = cfg;
	int fail_on;
	double min_score;
	mlr_cli_gate_settings(cli, cfg, &fail_on, &min_score);

	int rc = 0;
	if (cli->baseline && (rc = mlr_baseline_load(&baseline, cli->baseline)) < 0)
		goto error;
	prepare_ctx prep = { baseline, 0, 0 };
	if (opts.base) {
		/* PR mode: lint the merge base too and keep what the change introduced */
		rc = mlr_lint_diff(&res, &opts, baseline ? prepare : NULL, &prep);
	} else if ((rc = mlr_lint(&res, &opts)) == 0) {
		/* the baseline records everything found, before an older baseline hides some */
		if (cli->write_baseline && (rc = mlr_baseline_write(res, cli->write_baseline)) < 0)
			goto error;
		if (baseline)
			prepare(res, &prep);
	}
	if (rc < 0)
		goto error;
	if (opts.base && cli->write_baseline && (rc = mlr_baseline_write(res, cli->write_baseline)) < 0)
		goto error;

	code = mlr_cli_write_outputs(cli, write_report, res);
	if (!cli->quiet && prep.baselined)
		fprintf(stderr, "mlready: %zu finding%s recorded in the baseline %s not reported\n", prep.baselined,
			prep.baselined == 1 ? "" : "s", cli->baseline);
	if (cli->write_baseline) {
		if (!cli->quiet)
			fprintf(stderr, "mlready: wrote %zu finding%s to the baseline %s\n", res->finding_count,
				res->finding_count == 1 ? "" : "s", cli->write_baseline);
	} else if (code == MLR_EXIT_OK && mlr_cli_gate_failed(fail_on, min_score, res)) {
		code = MLR_EXIT_GATE;
	}
	goto cleanup;
error:
	fprintf(stderr, "mlready: %s\n", mlr_error_last());
	code = mlr_error_exit(rc);
cleanup:
	mlr_result_free(res);
	mlr_baseline_free(baseline);
	mlr_config_free(cfg); /* after the result: findings may point at its custom rules */
	return code;
}

int mlr_cli_explain(const char *id)
{
	const mlr_rule *rule = mlr_rule_find(id);
	mlr_config *cfg = NULL;
	if (!rule) {
		/* a custom rule: from the config of the repository here, if it loads */
		mlr_options opts;
		mlr_options_init(&opts);
		char *path = NULL;
		mlr_diag quiet = { NULL, NULL, 0 };
		if (mlr_config_discover(&path, &opts) == 0 && path)
			mlr_config_load(&cfg, &quiet, path);
		free(path);
		rule = mlr_config_rule_find(cfg, id);
	}
	int code = MLR_EXIT_OK;
	if (!rule) {
		fprintf(stderr, "mlready: no rule '%s' (mlready rules lists them)\n", id);
		code = MLR_EXIT_USAGE;
	} else if (mlr_explain_write(stdout, rule) < 0) {
		code = MLR_EXIT_IO;
	}
	mlr_config_free(cfg);
	return code;
}
