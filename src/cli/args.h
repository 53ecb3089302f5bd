#ifndef MLR_CLI_ARGS_H
#define MLR_CLI_ARGS_H

#include "mlready.h"

typedef enum {
	MLR_CMD_LINT = 0,
	MLR_CMD_RULES,
	MLR_CMD_EXPLAIN,
	MLR_CMD_VERSION,
	MLR_CMD_HELP,
	MLR_CMD_INIT,     /* mlready init: a starter .mlready.yml */
	MLR_CMD_SCAFFOLD, /* mlready scaffold KIND: model card, CI, pre-commit, LFS attributes */
	MLR_CMD_COMPARE   /* mlready compare PATH...: one row of scores per repository */
} mlr_command;

/* --fail-on never is one past the worst severity. */
#define MLR_FAIL_NEVER 3

/* Reports: `--format FMT [--output FILE]`, repeatable; at most one goes to stdout. */
#define MLR_CLI_MAX_OUTPUTS 16
#define MLR_CLI_MAX_LISTS 16

typedef struct {
	mlr_format format;
	const char *path; /* NULL: standard output */
} mlr_cli_output;

typedef struct {
	mlr_command command;
	const char *explain_id;
	mlr_options lint;
	mlr_cli_output outputs[MLR_CLI_MAX_OUTPUTS]; /* none given: text on stdout */
	size_t output_count;
	const char *output;  /* the last --output: for init and scaffold, where to write */
	double min_score;    /* < 0: not given (the config's, else no score gate) */
	int fail_on;         /* an mlr_severity, or MLR_FAIL_NEVER */
	bool fail_on_set;    /* given: it outranks the config's */
	/* configuration, baselines */
	const char *config;          /* --config FILE; NULL: .mlready.yml at the root, if any */
	bool no_config;              /* --no-config: no config file at all */
	const char *selects[MLR_CLI_MAX_LISTS]; /* --select lists: together they replace the config's */
	size_t select_count;
	const char *ignores[MLR_CLI_MAX_LISTS]; /* --ignore lists: added to the config's */
	size_t ignore_count;
	uint64_t max_python_size;    /* --max-python-size N; 0: the config's, else the default */
	const char *baseline;        /* --baseline FILE */
	const char *write_baseline;  /* --write-baseline FILE */
	bool no_color;
	bool quiet;
	/* PR mode, pre-commit, scaffolds */
	bool config_from_base;      /* --config-from-base: the base revision's .mlready.yml */
	const char *const *files;   /* --files: paths to lint (they point into argv) */
	size_t file_count;
	const char *const *paths;   /* compare: the repositories (they point into argv) */
	size_t path_count;
	const char *scaffold_kind;  /* scaffold KIND */
	bool force;                 /* init, scaffold: overwrite */
} mlr_cli;

/* Parses argv into *cli. On a usage error prints one line to stderr and returns
 * MLR_EUSAGE. */
int mlr_cli_parse(mlr_cli *cli, int argc, char **argv);
void mlr_cli_usage(FILE *f);

#endif
