/*
 * The subset of TOML the repository checks read (pyproject.toml, Pipfile, pytest.toml):
 * tables, keys and the extent of each value, with line numbers. Values stay raw text;
 * helpers decode strings and walk string arrays and inline tables. Malformed input never
 * fails: what cannot be read is skipped.
 */
#ifndef MLR_REPO_TOML_H
#define MLR_REPO_TOML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/array.h"

typedef struct {
	char *table;       /* "tool.poetry.dependencies" ("" at the top) */
	char *key;         /* "torch", "dependencies", or dotted "a.b" */
	const char *value; /* raw value text (in the parsed data) */
	size_t value_len;
	uint32_t line;     /* 1-based line of the key */
} mlr_toml_entry;

typedef struct {
	const char *data;
	size_t len;
	mlr_array(mlr_toml_entry) entries;
	mlr_array(char *) tables; /* every table header seen, in order */
} mlr_toml;

int mlr_toml_parse(mlr_toml *t, const char *data, size_t len);
void mlr_toml_dispose(mlr_toml *t);

/* The entry table.key, or NULL. */
const mlr_toml_entry *mlr_toml_get(const mlr_toml *t, const char *table, const char *key);
/* Whether a table header (or a key under it) exists. */
bool mlr_toml_has_table(const mlr_toml *t, const char *table);

/* Decodes a string value (basic, literal, multi-line; common escapes) into a fresh string,
 * or NULL when the raw value is not a string. */
char *mlr_toml_string(const char *raw, size_t len);

/* Calls fn for each string item of an array value, with its 1-based line (first_line is
 * the line the value starts on). */
typedef void (*mlr_toml_item_fn)(void *payload, const char *s, uint32_t line);
void mlr_toml_each_string(const char *raw, size_t len, uint32_t first_line, mlr_toml_item_fn fn,
	void *payload);

/* The raw value of key inside an inline table `{ version = "^1.2", extras = [...] }`. */
bool mlr_toml_inline_get(const char *raw, size_t len, const char *key, const char **value,
	size_t *value_len);

#endif
