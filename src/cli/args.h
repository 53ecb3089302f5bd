#ifndef MLR_CLI_ARGS_H
#define MLR_CLI_ARGS_H

#include "mlready.h"

typedef enum {
	MLR_CMD_LINT = 0,
	MLR_CMD_RULES,
	MLR_CMD_EXPLAIN,
	MLR_CMD_VERSION,
	MLR_CMD_HELP
} mlr_command;

/* --fail-on never is one past the worst severity. */
#define MLR_FAIL_NEVER 3

typedef struct {
	mlr_command command;
	const char *explain_id;
	mlr_options lint;
	mlr_format format;
	const char *output;  /* NULL: stdout */
	double min_score;    /* < 0: no score gate */
	int fail_on;         /* an mlr_severity, or MLR_FAIL_NEVER */
	bool no_color;
	bool quiet;
} mlr_cli;

/* Parses argv into *cli. On a usage error prints one line to stderr and returns
 * MLR_EUSAGE. */
int mlr_cli_parse(mlr_cli *cli, int argc, char **argv);
void mlr_cli_usage(FILE *f);

#endif
