/* --config-from-base: the configuration as the merge base has it. */
#ifndef MLR_DIFF_BASE_CONFIG_H
#define MLR_DIFF_BASE_CONFIG_H

#include "filter/config.h"

/* Loads .mlready.yml from the merge base of the linted commit and opts->base, so that a
 * change cannot switch off its own gate by editing the config. A base without a config
 * gives the defaults (mlr_config_new). Problems are reported through d as
 * "<merge base>:.mlready.yml:LINE:COL". custom-rules directories are read from the work
 * tree (the base's tree is not on disk). */
int mlr_config_load_base(mlr_config **out, mlr_diag *d, const mlr_options *opts);

#endif
