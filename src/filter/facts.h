/*
 * The config's extra vocabulary, handed to the analyzers: experiment trackers a project
 * wrote itself (`trackers`), and the names it gives its credentials (`secret-names`).
 */
#ifndef MLR_FILTER_FACTS_H
#define MLR_FILTER_FACTS_H

#include "engine/engine.h"
#include "secrets/secrets.h"

struct mlr_config;

/* Sets MLR_FACT_TRACKS when a call in the file resolves to one of the config's trackers
 * (the built-in ones are mlr_py_facts' business). Nothing without a config. */
void mlr_filter_tracker_facts(const struct mlr_config *cfg, mlr_file_facts *facts, const mlr_py *py);

/* Teaches a worker's secret scanner the config's secret names. */
void mlr_filter_setup_scanner(const struct mlr_config *cfg, mlr_secret_scanner *scanner);

#endif
