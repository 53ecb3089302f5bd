#ifndef MLR_CLI_LINT_H
#define MLR_CLI_LINT_H

#include "cli/args.h"

/* mlready [PATH]: loads the config, lints (PR mode with --base), applies a baseline,
 * writes each report and evaluates the gate. Returns the process exit status. */
int mlr_cli_lint(const mlr_cli *cli);

/* mlready explain ID: a built-in rule, or a custom rule of the config at the current
 * directory's repository. Returns the process exit status. */
int mlr_cli_explain(const char *id);

#endif
