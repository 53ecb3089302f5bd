#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "cli/args.h"
#include "cli/cmd_scaffold.h"
#include "cli/lint.h"
#include "report/explain.h"

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
		return mlr_cli_explain(cli.explain_id);
	case MLR_CMD_INIT:
	case MLR_CMD_SCAFFOLD:
		return mlr_cmd_scaffold(&cli);
	case MLR_CMD_LINT:
	case MLR_CMD_COMPARE:
		break;
	}
	/* One libgit2 initialisation for the whole run. The config lookup, the source and the
	 * repository checks each initialise and shut it down; after a full shutdown the next
	 * initialisation loads the TLS certificate store again (about 8 ms with Debian's
	 * mbedTLS build), which a warm cached run cannot afford twice. */
	git_libgit2_init();
	int code = cli.command == MLR_CMD_COMPARE ? mlr_cli_compare(&cli) : mlr_cli_lint(&cli);
	git_libgit2_shutdown();
	if (fflush(stdout) != 0 && code == MLR_EXIT_OK)
		code = MLR_EXIT_IO;
	return code;
}
