#include "notebook/notebook.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "mlready.h"

/* `%%time` and friends time or capture Python; any other cell magic (%%bash,
 * %%writefile, %%html) makes the whole cell something else. */
static const char *const python_cell_magics[] = { "time", "timeit", "capture", "prun", "debug", NULL };

/* A notebook's "source" (and an output's "text") is a string or a list of strings. */
static void join_text(mlr_buf *out, const json_t *v)
{
	if (json_is_string(v)) {
		mlr_buf_put(out, json_string_value(v), json_string_length(v));
	} else if (json_is_array(v)) {
		size_t i;
		const json_t *s;
		json_array_foreach(v, i, s)
			if (json_is_string(s))
				mlr_buf_put(out, json_string_value(s), json_string_length(s));
	}
}

static bool cell_magic_is_python(const char *line, size_t len)
{
	size_t i = 2, n = 0;
	while (i + n < len && line[i + n] != ' ' && line[i + n] != '\t' && line[i + n] != '\r')
		n++;
	for (size_t k = 0; python_cell_magics[k]; k++)
		if (strlen(python_cell_magics[k]) == n && !memcmp(line + i, python_cell_magics[k], n))
			return true;
	return false;
}

/* `obj?`, `np.load??`: IPython help. Only a bare dotted name qualifies, so a docstring
 * line ending in a question mark stays untouched. */
static bool help_request(const char *s, size_t n)
{
	size_t q = 0;
	while (q < n && q < 2 && s[n - 1 - q] == '?')
		q++;
	if (q == 0 || q == n)
		return false;
	for (size_t i = 0; i < n - q; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' ||
		          (i > 0 && c >= '0' && c <= '9');
		if (!ok)
			return false;
	}
	return true;
}

/* IPython syntax that is not Python: `%magic`, `!shell`, `x = !ls`, `obj?`. */
static bool line_is_ipython(const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i < len && (line[i] == '%' || line[i] == '!'))
		return true;
	size_t end = len;
	while (end > i && (line[end - 1] == ' ' || line[end - 1] == '\r'))
		end--;
	if (end > i && line[end - 1] == '?' && help_request(line + i, end - i))
		return true;
	const char *bang = memchr(line + i, '!', end - i);
	if (bang) {
		/* `files = !ls`: an assignment from the shell */
		const char *p = bang;
		while (p > line + i && (p[-1] == ' ' || p[-1] == '\t'))
			p--;
		if (p > line + i && p[-1] == '=' && (p - 1 == line + i || p[-2] != '=' ))
			return true;
	}
	return false;
}

static int add_code_cell(mlr_notebook *nb, uint32_t cell, const char *src, size_t len)
{
	size_t pos = 0;
	uint32_t line = 0;
	bool whole_cell_foreign = false;
	if (len >= 2 && src[0] == '%' && src[1] == '%') {
		const char *nl = memchr(src, '\n', len);
		whole_cell_foreign = !cell_magic_is_python(src, nl ? (size_t)(nl - src) : len);
	}
	while (pos < len) {
		const char *nl = memchr(src + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - src) : len;
		size_t ll = end - pos;
		line++;
		if (whole_cell_foreign || line_is_ipython(src + pos, ll)) {
			/* Keep the line's length so columns of later findings stay right. */
			mlr_buf_putc(&nb->python, '#');
			for (size_t k = 1; k < ll; k++)
				mlr_buf_putc(&nb->python, src[pos + k] == '\r' ? '\r' : ' ');
		} else {
			mlr_buf_put(&nb->python, src + pos, ll);
		}
		mlr_buf_putc(&nb->python, '\n');
		mlr_nb_line m = { cell, line };
		if (mlr_array_push(&nb->lines, m) < 0)
			return -1;
		pos = end + 1;
	}
	return nb->python.oom ? -1 : 0;
}

static int add_chunk(mlr_notebook *nb, mlr_nb_chunk_kind kind, uint32_t cell, mlr_buf *text)
{
	if (text->len == 0) {
		mlr_buf_dispose(text);
		return 0;
	}
	size_t len = text->len;
	mlr_nb_chunk c = { kind, cell, mlr_buf_detach(text), len };
	if (!c.text || mlr_array_push(&nb->chunks, c) < 0) {
		free(c.text);
		return -1;
	}
	return 0;
}

static int add_outputs(mlr_notebook *nb, uint32_t cell, const json_t *outputs)
{
	size_t i;
	const json_t *o;
	json_array_foreach(outputs, i, o) {
		const char *type = json_string_value(json_object_get(o, "output_type"));
		mlr_buf text = MLR_BUF_INIT;
		if (type && !strcmp(type, "stream")) {
			join_text(&text, json_object_get(o, "text"));
		} else if (type && (!strcmp(type, "execute_result") || !strcmp(type, "display_data"))) {
			const json_t *data = json_object_get(o, "data");
			join_text(&text, json_object_get(data, "text/plain"));
			join_text(&text, json_object_get(data, "text/html"));
			join_text(&text, json_object_get(data, "application/json"));
		} else if (type && !strcmp(type, "error")) {
			nb->error_outputs++;
			if (!nb->first_error_cell)
				nb->first_error_cell = cell;
			const json_t *tb = json_object_get(o, "traceback");
			size_t k;
			const json_t *s;
			json_array_foreach(tb, k, s)
				if (json_is_string(s)) {
					mlr_buf_puts(&text, json_string_value(s));
					mlr_buf_putc(&text, '\n');
				}
		}
		if (add_chunk(nb, MLR_NB_CHUNK_OUTPUT, cell, &text) < 0)
			return -1;
	}
	return 0;
}

static bool language_is_python(const json_t *root)
{
	const json_t *meta = json_object_get(root, "metadata");
	const char *lang = json_string_value(json_object_get(json_object_get(meta, "kernelspec"), "language"));
	if (!lang)
		lang = json_string_value(json_object_get(json_object_get(meta, "language_info"), "name"));
	return !lang || !strcmp(lang, "python") || !strcmp(lang, "python3");
}

int mlr_notebook_parse(mlr_notebook *out, const char *data, size_t len)
{
	int error = 0;
	json_error_t jerr;
	memset(out, 0, sizeof(*out));
	json_t *root = json_loadb(data, len, JSON_ALLOW_NUL, &jerr);
	if (!root)
		return mlr_error_set(MLR_EIO, "not a valid notebook: line %d, column %d: %s", jerr.line,
			jerr.column, jerr.text);
	const json_t *cells = json_object_get(root, "cells");
	if (!json_is_array(cells)) {
		error = mlr_error_set(MLR_EIO, "not a notebook: no \"cells\" list (nbformat 4 expected)");
		goto cleanup;
	}
	out->python_kernel = language_is_python(root);
	size_t i;
	const json_t *cell;
	json_array_foreach(cells, i, cell) {
		uint32_t n = (uint32_t)i + 1;
		out->cell_count = n;
		const char *type = json_string_value(json_object_get(cell, "cell_type"));
		mlr_buf src = MLR_BUF_INIT;
		join_text(&src, json_object_get(cell, "source"));
		if (src.oom) {
			error = mlr_error_set(MLR_ENOMEM, "out of memory");
			goto cleanup;
		}
		if (type && !strcmp(type, "code")) {
			out->code_cells++;
			int rc = out->python_kernel ? add_code_cell(out, n, mlr_buf_cstr(&src), src.len) : 0;
			mlr_buf_dispose(&src);
			const json_t *outputs = json_object_get(cell, "outputs");
			if (rc == 0 && json_is_array(outputs) && json_array_size(outputs) > 0) {
				out->cells_with_outputs++;
				if (!out->first_output_cell)
					out->first_output_cell = n;
				rc = add_outputs(out, n, outputs);
			}
			if (rc < 0) {
				error = mlr_error_set(MLR_ENOMEM, "out of memory");
				goto cleanup;
			}
		} else if (add_chunk(out, MLR_NB_CHUNK_MARKDOWN, n, &src) < 0) {
			error = mlr_error_set(MLR_ENOMEM, "out of memory");
			goto cleanup;
		}
	}
cleanup:
	json_decref(root);
	if (error)
		mlr_notebook_dispose(out);
	return error;
}

void mlr_notebook_dispose(mlr_notebook *nb)
{
	if (!nb)
		return;
	mlr_buf_dispose(&nb->python);
	mlr_array_delete(&nb->lines);
	for (size_t i = 0; i < nb->chunks.len; i++)
		free(nb->chunks.items[i].text);
	mlr_array_delete(&nb->chunks);
}

bool mlr_notebook_locate(const mlr_notebook *nb, uint32_t line, mlr_nb_line *out)
{
	if (line == 0 || line > nb->lines.len)
		return false;
	*out = nb->lines.items[line - 1];
	return true;
}
