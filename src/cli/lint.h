#ifndef MLR_CLI_LINT_H
#define MLR_CLI_LINT_H

#include "cli/args.h"
#include "filter/config.h"

/* mlready [PATH]: loads the config, lints (PR mode with --base), applies a baseline,
 * writes each report and evaluates the gate. Returns the process exit status. */
int mlr_cli_lint(const mlr_cli *cli);

/* The config for a run over cli->lint.path: --config, else .mlready.yml at the root,
 * else an empty one; then --select, --ignore and --max-python-size. Problems go to stderr
 * as file:line:col. Returns an exit status. */
int mlr_cli_load_config(mlr_config **out, const mlr_cli *cli);

/* The gate: --fail-on and --min-score, else the config's (min_score < 0: none). */
void mlr_cli_gate_settings(const mlr_cli *cli, const mlr_config *cfg, int *fail_on, double *min_score);
bool mlr_cli_gate_failed(int fail_on, double min_score, const mlr_result *res);

/* Writes each report the command line asks for (--format, --output; text to standard
 * output when none) through write, with colour when it goes to a terminal. Returns an exit
 * status: MLR_EXIT_IO when a report could not be written (each failure said on stderr). */
typedef int (*mlr_cli_writer)(FILE *out, mlr_format format, const mlr_report_options *ro, const void *payload);
int mlr_cli_write_outputs(const mlr_cli *cli, mlr_cli_writer write, const void *payload);

/* mlready compare PATH...: each repository linted as `mlready PATH` would be (its own
 * config), then one table. Exit status: the worst error, else 1 when any repository
 * fails its gate. */
int mlr_cli_compare(const mlr_cli *cli);

/* mlready explain ID: a built-in rule, or a custom rule of the config at the current
 * directory's repository. Returns the process exit status. */
int mlr_cli_explain(const char *id);

#endif
