/* Python through the whole rule engine: parse, facts, every file rule and query, the
 * repository checks over its facts, every report format. The input's path varies, since
 * rules look at it (test modules, serving code, setup scripts). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"train.py", "tests/test_model.py", "serve/app.py", "src/pkg/features.py", "conftest.py",
		"setup.py", "pipeline/preprocess.py",
	};
	fz_lint_file(paths[fz_pick(data, size, sizeof(paths) / sizeof(paths[0]))], data, size);
	return 0;
}
