/* Jupyter notebooks through the whole engine: JSON, code cells as Python with the
 * cell/line map, markdown cells and outputs through the text rules, notebook rules. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "analysis.ipynb", "notebooks/eda.ipynb" };
	fz_lint_file(paths[fz_pick(data, size, 2)], data, size);
	return 0;
}
