/*
 * Does the repository run a model service? The engine's facts say which files import a
 * web or serving framework; a service is such a file, outside examples, docs and tests,
 * that builds an application or starts a server at module level (`app = FastAPI()`,
 * `@serve.deployment`, `demo = gr.Interface(...)`, `uvicorn.run(...)`, a Lambda handler).
 * A library that merely supports serving (imports fastapi inside a helper) is not one.
 */
#ifndef MLR_REPO_SERVING_H
#define MLR_REPO_SERVING_H

#include "repo/repo.h"

/* The path of the first service file, or NULL. */
const char *mlr_repo_service(mlr_repo_ctx *ctx);

#endif
