#include "repo/serving.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Statements at column 0 that make a module a service. */
static const char *const service_re =
	"^(?:"
	"\\w+\\s*=\\s*(?:\\w+\\.)*(?:FastAPI|Flask|Starlette|Sanic|Quart|LitServer|Service|Interface|Blocks|"
	"ChatInterface|TabbedInterface|Application)\\s*\\("
	"|@(?:\\w+\\.)*(?:deployment|service|api|route|get|post|put|websocket)\\b"
	"|with\\s+(?:\\w+\\.)*Blocks\\s*\\("
	"|(?:uvicorn|serve|app|demo|server|web)\\.(?:run|launch|run_app|start)\\s*\\("
	"|def\\s+lambda_handler\\s*\\("
	"|class\\s+\\w+\\s*\\(\\s*(?:\\w+\\.)*BaseHandler\\s*\\)"
	"|st\\.(?:title|set_page_config|header|write|markdown)\\s*\\("
	")";

static bool demo_path(const char *path)
{
	static const char *const dirs[] = { "examples", "example", "docs", "doc", "tests", "test", "benchmarks",
		"notebooks", "tutorials", NULL };
	for (size_t i = 0; dirs[i]; i++)
		if (mlr_path_has_dir(path, dirs[i]))
			return true;
	return false;
}

const char *mlr_repo_service(mlr_repo_ctx *ctx)
{
	int err;
	PCRE2_SIZE off;
	const char *found = NULL;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)service_re, PCRE2_ZERO_TERMINATED, PCRE2_MULTILINE, &err, &off, NULL);
	pcre2_match_data *md = re ? pcre2_match_data_create_from_pattern(re, NULL) : NULL;
	if (!re || !md)
		goto cleanup;
	for (size_t i = 0; i < ctx->files->len && !found; i++) {
		const mlr_file *f = &ctx->files->items[i];
		if (!(ctx->facts[i].flags & MLR_FACT_SERVES) || f->kind != MLR_KIND_PYTHON || demo_path(f->path))
			continue;
		char *data = NULL;
		size_t len = 0;
		if (mlr_repo_read(&data, &len, NULL, ctx, f, 0) < 0)
			continue;
		if (pcre2_match(re, (PCRE2_SPTR)data, len, 0, 0, md, NULL) >= 0)
			found = f->path;
		free(data);
	}
cleanup:
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return found;
}
