#ifndef MLR_CLI_CMD_SCAFFOLD_H
#define MLR_CLI_CMD_SCAFFOLD_H

#include "cli/args.h"

/* mlready init | scaffold KIND: returns the process exit status. */
int mlr_cmd_scaffold(const mlr_cli *cli);

#endif
