#include "cli/cmd_scaffold.h"

#include "scaffold/scaffold.h"

#include <stdlib.h>

/* What to do after each scaffold: the step that makes it take effect. */
static const char *next_step(mlr_scaffold_kind kind)
{
	switch (kind) {
	case MLR_SCAFFOLD_CONFIG:
		return "review it, then run mlready";
	case MLR_SCAFFOLD_MODEL_CARD:
		return "replace each TODO with the answer; mlready lists the ones left (MLR406)";
	case MLR_SCAFFOLD_CI:
		return "check the install and test steps, then commit it";
	case MLR_SCAFFOLD_PRE_COMMIT:
		return "run `pre-commit install` (mlready must be on PATH: make install)";
	case MLR_SCAFFOLD_GITATTRIBUTES:
		return "run `git lfs install` and `git add --renormalize .`";
	}
	return "";
}

int mlr_cmd_scaffold(const mlr_cli *cli)
{
	mlr_scaffold_kind kind = MLR_SCAFFOLD_CONFIG;
	if (cli->command == MLR_CMD_SCAFFOLD && mlr_scaffold_kind_parse(&kind, cli->scaffold_kind) < 0) {
		fprintf(stderr, "mlready: %s\n", mlr_error_last());
		return MLR_EXIT_USAGE;
	}
	mlr_scaffold_options opts = { cli->lint.path, cli->output, cli->force };
	char *written = NULL;
	size_t todo = 0;
	int rc = mlr_scaffold_write(&written, &todo, kind, &opts);
	if (rc < 0) {
		fprintf(stderr, "mlready: %s\n", mlr_error_last());
		return mlr_error_exit(rc);
	}
	if (!cli->quiet) {
		printf("wrote %s", written);
		if (todo)
			printf(" (%zu TODO to fill in)", todo);
		printf("\nnext: %s\n", next_step(kind));
	}
	free(written);
	return MLR_EXIT_OK;
}
