/*
 * INI files as Python tools write them (setup.cfg, tox.ini, pytest.ini, .dvc/config):
 * sections, `key = value` or `key: value`, indented continuation lines joined with '\n',
 * `#` and `;` comments. Malformed lines are skipped.
 */
#ifndef MLR_REPO_INI_H
#define MLR_REPO_INI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/array.h"

typedef struct {
	char *section; /* as written, without brackets: `remote "storage"`, `tool:pytest` */
	char *key;     /* lower case */
	char *value;   /* continuation lines joined with '\n' */
	uint32_t line; /* 1-based line of the key */
} mlr_ini_entry;

typedef struct {
	mlr_array(mlr_ini_entry) entries;
	mlr_array(char *) sections;
} mlr_ini;

int mlr_ini_parse(mlr_ini *ini, const char *data, size_t len);
void mlr_ini_dispose(mlr_ini *ini);
const mlr_ini_entry *mlr_ini_get(const mlr_ini *ini, const char *section, const char *key);
bool mlr_ini_has_section(const mlr_ini *ini, const char *section);

#endif
