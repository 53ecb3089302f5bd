/* The config's representation, shared by the files of src/filter/. */
#ifndef MLR_FILTER_CONFIG_INT_H
#define MLR_FILTER_CONFIG_INT_H

#include "filter/config.h"

/* A string from the file, with where it was written. */
typedef struct {
	char *text;
	mlr_rule_mark mark;
} mlr_cfg_str;

typedef mlr_array(mlr_cfg_str) mlr_cfg_strs;

typedef struct {
	mlr_cfg_str glob;
	mlr_cfg_strs selectors;
} mlr_cfg_path_ignore;

typedef struct {
	mlr_cfg_str selector;
	mlr_severity severity;
} mlr_cfg_severity;

typedef struct {
	mlr_cfg_str rule;         /* as written */
	const mlr_rule *resolved; /* once the custom rules are loaded */
	char *key;
	mlr_rule_mark key_mark;
	double value;
} mlr_cfg_threshold;

struct mlr_config {
	char *path;     /* the file, for messages; NULL for an empty config */
	char *base_dir; /* resolves custom-rules; NULL: none allowed */
	char *profile;
	bool has_min_score, has_fail_on, has_select;
	double min_score;
	int fail_on;
	uint64_t max_python_size; /* 0: the default */
	mlr_cfg_strs select, ignore, exclude, trackers, secret_names;
	mlr_array(mlr_cfg_path_ignore) path_ignores;
	mlr_array(mlr_cfg_severity) severities;
	mlr_array(mlr_cfg_threshold) thresholds;
	mlr_cfg_str custom_dir;

	/* custom rules: the loaded files, the rules made of them, their compiled queries */
	mlr_rule_def_array defs;
	mlr_rule *custom;
	size_t custom_count;
	mlr_query_set *queries;
};

/* Loads the custom rules of cfg->custom_dir (custom.c). Problems go to d. */
int mlr_config__load_custom(mlr_config *cfg, mlr_diag *d);
void mlr_config__free_custom(mlr_config *cfg);

void mlr_cfg_strs_dispose(mlr_cfg_strs *a);

#endif
