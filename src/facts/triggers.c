/*
 * The words without which mlr_py_facts and mlr_quality_facts find nothing but the path and
 * import facts, so that a file mentioning none of them is not parsed for its facts.
 *
 * Sound because a resolved call name is made of words the file's code contains: the import
 * that binds its root spells the module out, the call spells the rest. Only route paths are
 * read from strings. Every list below follows
 * a list of names in src/facts/python.c or src/facts/quality.c: change them together
 * (tests/unit/test_prefilter.c parses the fixtures both ways and compares the facts).
 */
#include "engine/engine.h"

const char mlr_facts_triggers[] =
	/* tracker calls (python.c tracker_calls and the special cases in visit_call) */
	"mlflow|wandb|neptune|neptune_client|comet_ml|clearml|aim|dvclive|tensorboardX|tensorboard|"
	"summary|TensorBoard|loggers|guild|sacred|polyaxon|trackio|swanlab|report_to|log_with|"
	"init_trackers|lightning&log|lightning&log_dict|pytorch_lightning&log|pytorch_lightning&log_dict|"
	/* training (train_calls, `.fit` of a fit library, a backward pass with an optimizer step) */
	"train|cv|Trainer|Seq2SeqTrainer|trl|SetFitTrainer|SentenceTransformerTrainer|fit|fit_generator|"
	"backward&step|"
	/* tests: test functions, TestCase classes */
	"def:test*|TestCase|IsolatedAsyncioTestCase|"
	/* serving (serving_modules, Lambda handlers) */
	"fastapi|flask|bentoml|serve|kserve|litserve|gradio|streamlit|starlette|sanic|aiohttp|"
	"torch_handler|mlserver|tornado|def:lambda_handler|"
	/* data validation (validation_modules, record_schema_modules, schema checks) */
	"pandera|great_expectations|tensorflow_data_validation|deepchecks|evidently|pandas_schema|"
	"frictionless|soda|whylogs|dataframely|patito|pointblank|pydantic|jsonschema|fastjsonschema|"
	"marshmallow|cerberus|voluptuous|columns|dtypes|isna|isnull|notna|notnull|is_unique|"
	"duplicated|between|"
	/* instrumentation_modules */
	"prometheus_client|prometheus_fastapi_instrumentator|starlette_exporter|starlette_prometheus|"
	"prometheus_flask_exporter|aioprometheus|prometheus_async|opentelemetry|opencensus|ddtrace|"
	"datadog|sentry_sdk|newrelic|elasticapm|statsd|aws_xray_sdk|logfire|langfuse|langsmith|"
	"nannyml|arize|fiddler|beeline|"
	/* health routes: health_modules, handler names, probe paths (in strings) */
	"fastapi_health|healthcheck|flask_healthz|py_healthcheck|text:*health*|text:live*|text:ready*|"
	"text:ping*|text:alive*|text:heartbeat*|text:status*|"
	/* tabular reads (read_prefixes, read_calls, spark readers) */
	"read_*|scan_*|loadtxt|genfromtxt|read|"
	/* web applications (app_calls) */
	"FastAPI|Flask|Quart|Starlette|Sanic|Application|Litestar|App|API|Bottle|FlaskApp|AsyncApp|"
	/* ML functions (is_ml_function_name) */
	"def:*predict*|def:*preprocess*|def:*postprocess*|def:*featurize*|def:*featurise*|"
	"def:*transform*|def:*feature*|def:*infer*|def:*clean_data*|def:*prepare_data*";
