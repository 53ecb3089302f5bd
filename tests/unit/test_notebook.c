/* Notebook reading: code cells to Python with a cell/line map, magics neutralized,
 * markdown and outputs as chunks, malformed input as an error naming where. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "mlready.h"
#include "notebook/notebook.h"

#define NB_HEAD "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": ["
#define NB_TAIL "]}"

static void parse_ok(mlr_notebook *nb, const char *json)
{
	int rc = mlr_notebook_parse(nb, json, strlen(json));
	if (rc < 0)
		fail_msg("parse failed: %s", mlr_error_last());
}

static void test_code_cells_joined_with_map(void **state)
{
	(void)state;
	mlr_notebook nb;
	parse_ok(&nb, NB_HEAD
		"{\"cell_type\": \"markdown\", \"source\": \"# Title\"},"
		"{\"cell_type\": \"code\", \"source\": [\"import os\\n\", \"x = 1\\n\"], \"outputs\": []},"
		"{\"cell_type\": \"code\", \"source\": \"y = 2\", \"outputs\": []}" NB_TAIL);
	assert_string_equal(mlr_buf_cstr(&nb.python), "import os\nx = 1\ny = 2\n");
	assert_int_equal(nb.cell_count, 3);
	assert_int_equal(nb.code_cells, 2);
	mlr_nb_line loc;
	assert_true(mlr_notebook_locate(&nb, 1, &loc));
	assert_int_equal(loc.cell, 2);
	assert_int_equal(loc.line, 1);
	assert_true(mlr_notebook_locate(&nb, 3, &loc));
	assert_int_equal(loc.cell, 3);
	assert_int_equal(loc.line, 1);
	assert_false(mlr_notebook_locate(&nb, 4, &loc));
	assert_false(mlr_notebook_locate(&nb, 0, &loc));
	assert_int_equal(nb.chunks.len, 1);
	assert_int_equal(nb.chunks.items[0].kind, MLR_NB_CHUNK_MARKDOWN);
	assert_int_equal(nb.chunks.items[0].cell, 1);
	mlr_notebook_dispose(&nb);
}

static void test_magics_become_comments_of_same_length(void **state)
{
	(void)state;
	mlr_notebook nb;
	parse_ok(&nb, NB_HEAD
		"{\"cell_type\": \"code\", \"source\": \"%pip install x\\n!ls -la\\nfiles = !ls\\ndf?\\n  %time f()\\nz = a != b\\n\\\"\\\"\\\"Why?\\n\\\"\\\"\\\"\\n\", \"outputs\": []},"
		"{\"cell_type\": \"code\", \"source\": \"%%bash\\necho hi\\n\", \"outputs\": []},"
		"{\"cell_type\": \"code\", \"source\": \"%%time\\nw = 3\\n\", \"outputs\": []}" NB_TAIL);
	const char *want =
		"#             \n"  /* %pip install x */
		"#      \n"         /* !ls -la */
		"#          \n"     /* files = !ls */
		"#  \n"             /* df? */
		"#          \n"     /*   %time f() (the leading spaces count too) */
		"z = a != b\n"      /* a comparison is Python */
		"\"\"\"Why?\n\"\"\"\n"  /* a docstring ending in ? is not a help request */
		"#     \n"          /* %%bash */
		"#      \n"         /* echo hi: the whole cell is shell */
		"#     \n"          /* %%time */
		"w = 3\n";          /* its body is Python */
	assert_string_equal(mlr_buf_cstr(&nb.python), want);
	mlr_notebook_dispose(&nb);
}

static void test_outputs_are_chunks_and_counted(void **state)
{
	(void)state;
	mlr_notebook nb;
	parse_ok(&nb, NB_HEAD
		"{\"cell_type\": \"code\", \"source\": \"a\", \"outputs\": []},"
		"{\"cell_type\": \"code\", \"source\": \"b\", \"outputs\": ["
		"  {\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": [\"one\\n\", \"two\\n\"]},"
		"  {\"output_type\": \"execute_result\", \"data\": {\"text/plain\": \"42\", \"image/png\": \"AAAA\"}}]},"
		"{\"cell_type\": \"code\", \"source\": \"c\", \"outputs\": ["
		"  {\"output_type\": \"error\", \"ename\": \"E\", \"evalue\": \"v\", \"traceback\": [\"line1\", \"line2\"]}]}" NB_TAIL);
	assert_int_equal(nb.cells_with_outputs, 2);
	assert_int_equal(nb.first_output_cell, 2);
	assert_int_equal(nb.error_outputs, 1);
	assert_int_equal(nb.first_error_cell, 3);
	assert_int_equal(nb.chunks.len, 3);
	assert_string_equal(nb.chunks.items[0].text, "one\ntwo\n");
	assert_int_equal(nb.chunks.items[0].kind, MLR_NB_CHUNK_OUTPUT);
	assert_string_equal(nb.chunks.items[1].text, "42");
	assert_string_equal(nb.chunks.items[2].text, "line1\nline2\n");
	assert_int_equal(nb.chunks.items[2].cell, 3);
	mlr_notebook_dispose(&nb);
}

static void test_non_python_kernel_has_no_python(void **state)
{
	(void)state;
	mlr_notebook nb;
	parse_ok(&nb, "{\"metadata\": {\"kernelspec\": {\"language\": \"R\"}}, \"cells\": ["
		"{\"cell_type\": \"code\", \"source\": \"x <- 1\", \"outputs\": []}]}");
	assert_int_equal(nb.python.len, 0);
	assert_int_equal(nb.code_cells, 1);
	mlr_notebook_dispose(&nb);
}

static void test_malformed_input_is_an_error_that_says_where(void **state)
{
	(void)state;
	mlr_notebook nb;
	const char *bad = "{\n  \"cells\": [\n    {oops}\n]}";
	assert_int_equal(mlr_notebook_parse(&nb, bad, strlen(bad)), MLR_EIO);
	assert_non_null(strstr(mlr_error_last(), "line 3"));
	const char *nocells = "{\"nbformat\": 4}";
	assert_int_equal(mlr_notebook_parse(&nb, nocells, strlen(nocells)), MLR_EIO);
	assert_non_null(strstr(mlr_error_last(), "cells"));
	const char *notobj = "[1, 2, 3]";
	assert_int_equal(mlr_notebook_parse(&nb, notobj, strlen(notobj)), MLR_EIO);
	/* wrong types inside a well-formed notebook are skipped, not trusted */
	parse_ok(&nb, NB_HEAD "{\"cell_type\": 7, \"source\": {\"x\": 1}}, 5, "
		"{\"cell_type\": \"code\", \"source\": [1, \"ok\\n\"], \"outputs\": {\"a\": 1}}" NB_TAIL);
	assert_string_equal(mlr_buf_cstr(&nb.python), "ok\n");
	mlr_notebook_dispose(&nb);
}

static void test_deep_nesting_and_nul_bytes(void **state)
{
	(void)state;
	mlr_notebook nb;
	static char deep[200000];
	size_t n = 0;
	n += (size_t)snprintf(deep, sizeof(deep), "{\"cells\": [], \"metadata\": ");
	for (int i = 0; i < 50000; i++)
		deep[n++] = '[';
	for (int i = 0; i < 50000; i++)
		deep[n++] = ']';
	deep[n++] = '}';
	/* jansson bounds its depth: an error, never a stack overflow */
	assert_int_equal(mlr_notebook_parse(&nb, deep, n), MLR_EIO);

	const char nul[] = "{\"cells\": [{\"cell_type\": \"code\", \"source\": \"a\\u0000b\", \"outputs\": []}]}";
	parse_ok(&nb, nul);
	assert_int_equal(nb.python.len, 4); /* a, NUL, b, newline */
	mlr_notebook_dispose(&nb);
	mlr_notebook_dispose(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_cells_joined_with_map),
		cmocka_unit_test(test_magics_become_comments_of_same_length),
		cmocka_unit_test(test_outputs_are_chunks_and_counted),
		cmocka_unit_test(test_non_python_kernel_has_no_python),
		cmocka_unit_test(test_malformed_input_is_an_error_that_says_where),
		cmocka_unit_test(test_deep_nesting_and_nul_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
