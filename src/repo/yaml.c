#include "repo/yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "mlready.h"
#include "repo/yaml_limits.h"

#define YAML_MAX_DEPTH 64
#define YAML_MAX_VISITS 200000

/* Where the parser stopped, as a line and column of data. A reader error (bad UTF-8)
 * has only an offset; and libyaml ends the stream with an implicit line break, so a
 * problem at the end of a file without a final newline is marked one line past it. */
static void problem_at(mlr_yaml *y, const yaml_parser_t *parser, const char *data, size_t len)
{
	size_t line = parser->problem_mark.line, col = parser->problem_mark.column;
	size_t end = parser->error == YAML_READER_ERROR ? parser->problem_offset : len;
	size_t nl = 0, last = 0;
	for (size_t i = 0; i < len && i < end; i++)
		if (data[i] == '\n') {
			nl++;
			last = i + 1;
		}
	if (parser->error == YAML_READER_ERROR || line > nl) {
		line = nl;
		col = (end < len ? end : len) - last;
	}
	y->err_line = line + 1 > UINT32_MAX ? UINT32_MAX : (uint32_t)line + 1;
	y->err_col = col + 1 > UINT32_MAX ? UINT32_MAX : (uint32_t)col + 1;
}

int mlr_yaml_load(mlr_yaml *y, const char *data, size_t len)
{
	yaml_parser_t parser;
	int error = 0;

	memset(y, 0, sizeof(*y));
	const char *over = mlr_yaml_over_limits(data, len, &y->err_line, &y->err_col);
	if (over) {
		snprintf(y->err, sizeof(y->err), "%s for a safe parse", over);
		return mlr_error_set(MLR_ECONFIG, "invalid YAML at %u:%u: %s", y->err_line, y->err_col, y->err);
	}
	if (!yaml_parser_initialize(&parser))
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	if (!yaml_parser_load(&parser, &y->doc)) {
		if (parser.error == YAML_MEMORY_ERROR) {
			error = mlr_error_set(MLR_ENOMEM, "out of memory");
		} else {
			problem_at(y, &parser, data, len);
			if (parser.context)
				snprintf(y->err, sizeof(y->err), "%s %s", parser.problem ? parser.problem : "error",
					parser.context);
			else
				snprintf(y->err, sizeof(y->err), "%s", parser.problem ? parser.problem : "error");
			error = mlr_error_set(MLR_ECONFIG, "invalid YAML at %u:%u: %s", y->err_line,
				y->err_col, y->err);
		}
	} else {
		y->loaded = true;
	}
	yaml_parser_delete(&parser);
	return error;
}

void mlr_yaml_dispose(mlr_yaml *y)
{
	if (y && y->loaded) {
		yaml_document_delete(&y->doc);
		y->loaded = false;
	}
}

yaml_node_t *mlr_yaml_root(mlr_yaml *y)
{
	return y->loaded ? yaml_document_get_root_node(&y->doc) : NULL;
}

yaml_node_t *mlr_yaml_get(mlr_yaml *y, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = mlr_yaml_str(yaml_document_get_node(&y->doc, p->key));
		if (k && !strcmp(k, key))
			return yaml_document_get_node(&y->doc, p->value);
	}
	return NULL;
}

const char *mlr_yaml_str(const yaml_node_t *node)
{
	return node && node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : NULL;
}

uint32_t mlr_yaml_line(const yaml_node_t *node)
{
	return node ? (uint32_t)node->start_mark.line + 1 : 0;
}

uint32_t mlr_yaml_col(const yaml_node_t *node)
{
	return node ? (uint32_t)node->start_mark.column + 1 : 0;
}

yaml_node_t *mlr_yaml_item(mlr_yaml *y, yaml_node_t *seq, size_t idx)
{
	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return NULL;
	size_t n = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
	return idx < n ? yaml_document_get_node(&y->doc, seq->data.sequence.items.start[idx]) : NULL;
}

size_t mlr_yaml_len(const yaml_node_t *node)
{
	if (!node)
		return 0;
	if (node->type == YAML_SEQUENCE_NODE)
		return (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
	if (node->type == YAML_MAPPING_NODE)
		return (size_t)(node->data.mapping.pairs.top - node->data.mapping.pairs.start);
	return 0;
}

typedef struct {
	mlr_yaml *y;
	mlr_yaml_scalar_fn fn;
	void *payload;
	size_t visits;
	unsigned char *seen; /* one bit per node: an aliased node is walked once */
} walk_state;

static void walk(walk_state *w, yaml_node_t *node, const char *key, int depth)
{
	if (!node || depth > YAML_MAX_DEPTH || ++w->visits > YAML_MAX_VISITS)
		return;
	if (w->seen && node->type != YAML_SCALAR_NODE) {
		size_t idx = (size_t)(node - w->y->doc.nodes.start);
		if (w->seen[idx / 8] & (1u << (idx % 8)))
			return;
		w->seen[idx / 8] |= (unsigned char)(1u << (idx % 8));
	}
	switch (node->type) {
	case YAML_SCALAR_NODE:
		w->fn(w->payload, key, false, node);
		break;
	case YAML_SEQUENCE_NODE:
		for (yaml_node_item_t *i = node->data.sequence.items.start; i < node->data.sequence.items.top; i++)
			walk(w, yaml_document_get_node(&w->y->doc, *i), key, depth + 1);
		break;
	case YAML_MAPPING_NODE:
		for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(&w->y->doc, p->key);
			const char *ks = mlr_yaml_str(k);
			if (ks)
				w->fn(w->payload, key, true, k);
			walk(w, yaml_document_get_node(&w->y->doc, p->value), ks ? ks : key, depth + 1);
		}
		break;
	default:
		break;
	}
}

void mlr_yaml_walk(mlr_yaml *y, yaml_node_t *node, mlr_yaml_scalar_fn fn, void *payload)
{
	size_t nodes = y->loaded ? (size_t)(y->doc.nodes.top - y->doc.nodes.start) : 0;
	/* without the bitmap (out of memory) the visit bound still holds */
	walk_state w = { y, fn, payload, 0, calloc(nodes / 8 + 1, 1) };
	walk(&w, node, NULL, 0);
	free(w.seen);
}
