/*
 * Jupyter notebooks as first-class input. A notebook is read with jansson into:
 *  - one Python text made of its code cells, IPython magics and shell lines neutralized
 *    (turned into comments, so columns and line counts stay), with a map from each of its
 *    lines back to (cell, line in cell);
 *  - text chunks for everything else that can hold a secret or a traceback: markdown and raw
 *    cells, and code-cell outputs (stream text, text/plain results, error tracebacks).
 */
#ifndef MLR_NOTEBOOK_NOTEBOOK_H
#define MLR_NOTEBOOK_NOTEBOOK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/array.h"
#include "core/buf.h"

typedef struct {
	uint32_t cell; /* 1-based, among all cells */
	uint32_t line; /* 1-based, within the cell's source */
} mlr_nb_line;

typedef enum {
	MLR_NB_CHUNK_MARKDOWN = 0, /* a markdown or raw cell's source */
	MLR_NB_CHUNK_OUTPUT        /* a code cell's output */
} mlr_nb_chunk_kind;

typedef struct {
	mlr_nb_chunk_kind kind;
	uint32_t cell;
	char *text;
	size_t len;
} mlr_nb_chunk;

typedef struct {
	mlr_buf python;                    /* code cells, one after the other */
	mlr_array(mlr_nb_line) lines;      /* python line i+1 → cell and line */
	mlr_array(mlr_nb_chunk) chunks;
	uint32_t cell_count;
	uint32_t code_cells;
	uint32_t cells_with_outputs;       /* code cells with outputs or an execution count */
	uint32_t first_output_cell;        /* the first of them, 0 if none */
	uint32_t error_outputs;            /* outputs of type "error" */
	uint32_t first_error_cell;
	bool python_kernel;                /* the kernel's language is Python (or unstated) */
} mlr_notebook;

/* Reads a notebook. A file that is not a notebook (invalid JSON, no "cells" list) is
 * MLR_EIO with mlr_error_last() saying what and where ("line 3, column 5: ..."). */
int mlr_notebook_parse(mlr_notebook *out, const char *data, size_t len);
void mlr_notebook_dispose(mlr_notebook *nb);

/* Maps a 1-based line of nb->python back to its cell; false past the end. */
bool mlr_notebook_locate(const mlr_notebook *nb, uint32_t line, mlr_nb_line *out);

#endif
