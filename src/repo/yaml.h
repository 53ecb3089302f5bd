/*
 * YAML documents for the repository checks (CI files, front matter, conda environments,
 * .pre-commit-config.yaml), loaded with libyaml's document API.
 *
 * Untrusted input: a document may alias itself (`&a [*a]`) or fan out through aliases
 * (billion laughs). Every walk is bounded in depth and in nodes visited.
 */
#ifndef MLR_REPO_YAML_H
#define MLR_REPO_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

typedef struct {
	yaml_document_t doc;
	bool loaded;
	/* after MLR_ECONFIG: where and what (1-based) */
	uint32_t err_line, err_col;
	char err[160];
} mlr_yaml;

/* Loads the first document of data. 0 on success (an empty stream has a NULL root);
 * MLR_ECONFIG for invalid YAML, with err_line, err_col and err set; MLR_ENOMEM. */
int mlr_yaml_load(mlr_yaml *y, const char *data, size_t len);
void mlr_yaml_dispose(mlr_yaml *y);

yaml_node_t *mlr_yaml_root(mlr_yaml *y);
/* The value of key in a mapping node, or NULL (also when map is not a mapping). */
yaml_node_t *mlr_yaml_get(mlr_yaml *y, yaml_node_t *map, const char *key);
/* A scalar's value (NUL-terminated by libyaml), or NULL for other nodes. */
const char *mlr_yaml_str(const yaml_node_t *node);
/* 1-based line and column of a node. */
uint32_t mlr_yaml_line(const yaml_node_t *node);
uint32_t mlr_yaml_col(const yaml_node_t *node);
/* The idx-th item of a sequence node, or NULL. */
yaml_node_t *mlr_yaml_item(mlr_yaml *y, yaml_node_t *seq, size_t idx);
size_t mlr_yaml_len(const yaml_node_t *node);

/* A scalar met by mlr_yaml_walk: `key` is the nearest enclosing mapping key (NULL at the
 * top), `is_key` says the scalar is itself a mapping key. */
typedef void (*mlr_yaml_scalar_fn)(void *payload, const char *key, bool is_key,
	const yaml_node_t *scalar);

/* Visits every scalar under node, depth-first in document order. A collection reached
 * twice through aliases is visited once. */
void mlr_yaml_walk(mlr_yaml *y, yaml_node_t *node, mlr_yaml_scalar_fn fn, void *payload);

#endif
