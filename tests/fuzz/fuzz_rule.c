/* Rule files: the loader rulegen and custom rules share, on arbitrary YAML, as a custom
 * rule and as a built-in one; a rule that loads has its query compiled as the engine
 * would. */
#include "fuzz.h"

#include <string.h>

#include "core/error.h"
#include "python/query.h"
#include "rules/load.h"

/* What a loaded query runs on: a file with the shapes rules look for (imports, aliases,
 * calls with keyword arguments, strings, assignments). */
static const char sample[] =
	"import numpy as np\nfrom torch import load as tl\nimport pandas as pd\n"
	"API_KEY = \"sk-not-a-real-key-0000000000\"\n"
	"def train(x, y=None):\n    df = pd.read_csv(\"d.csv\")\n    m = tl(\"m.pt\", weights_only=False)\n"
	"    try:\n        m.fit(df, y)\n    except Exception:\n        pass\n    return np.nan == x\n";

/* tree-sitter 0.20.7's ts_query_new leaks a few bytes when it refuses a field name
 * (TSQueryErrorField; reproduced with the library alone): allocations made while a query
 * compiles are kept out of leak reports. The rule structures themselves are freed and
 * checked by tests/unit (rulegen, custom rules) under ASan. Present only in sanitizer
 * builds. */
void __lsan_disable(void) __attribute__((weak));
void __lsan_enable(void) __attribute__((weak));

static mlr_py_parser *parser;
static TSQueryCursor *cursor;
static mlr_py py;

static void emit(void *payload, const mlr_rule *rule, TSNode node)
{
	(void)rule;
	FZ_ASSERT(ts_node_end_byte(node) <= sizeof(sample) - 1, "match past the end of the file");
	++*(int *)payload;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!parser) {
		if (mlr_py_parser_new(&parser, 0) < 0 || !(cursor = ts_query_cursor_new()) ||
			mlr_py_parse(&py, parser, sample, sizeof(sample) - 1) < 0)
			fz_fail("set-up: %s", mlr_error_last());
		ts_query_cursor_set_match_limit(cursor, 1024);
	}
	static const char *const paths[] = { "rules/ORG001-custom.yml", "rules/MLR201-hardcoded-secret.yml" };
	for (int origin = MLR_RULE_BUILTIN; origin <= MLR_RULE_CUSTOM; origin++) {
		mlr_diag d = { NULL, NULL, 0 };
		mlr_rule_def *def = NULL;
		/* the loader compiles the query too, to check it */
		if (__lsan_disable)
			__lsan_disable();
		int rc = mlr_rule_def_parse(&def, &d, paths[origin == MLR_RULE_CUSTOM ? 0 : 1], (const char *)data,
			size, (mlr_rule_origin)origin);
		if (__lsan_enable)
			__lsan_enable();
		if (rc < 0) {
			FZ_ASSERT(!def, "failed load left a rule");
			FZ_ASSERT(d.count > 0 || rc == MLR_ENOMEM, "rule refused (%d) without a diagnostic", rc);
			continue;
		}
		FZ_ASSERT(def && def->id && def->name, "loaded rule without an id or name");
		if (def->query) {
			mlr_rule r = { 0 };
			r.id = def->id;
			r.name = def->name;
			r.query = def->query;
			r.message = def->message ? def->message : "";
			r.scope = MLR_SCOPE_PYTHON;
			mlr_query *q = NULL;
			if (__lsan_disable)
				__lsan_disable();
			int qrc = mlr_query_new(&q, &r, def->query);
			if (__lsan_enable)
				__lsan_enable();
			if (qrc == 0) {
				int matches = 0;
				mlr_query_run(q, cursor, &py, emit, &matches);
				mlr_query_delete(q);
			}
		}
		mlr_rule_def_free(def);
	}
	return 0;
}
