/*
 * The engine's private types: per-file analysis context, facts, and the C check table.
 *
 * Analyzers run per file on worker threads and write only to their worker's arrays and to
 * their file's own facts slot; repository checks run once, after, over all facts.
 */
#ifndef MLR_ENGINE_ENGINE_H
#define MLR_ENGINE_ENGINE_H

#include "mlready.h"
#include "core/array.h"
#include "notebook/notebook.h"
#include "python/py.h"
#include "source/source.h"

typedef mlr_array(mlr_finding) mlr_finding_array;
typedef mlr_array(mlr_kpi) mlr_kpi_array;

/* What one file tells the repository rules. */
enum {
	MLR_FACT_ANALYZED = 1u << 0,    /* content was read and analyzed */
	MLR_FACT_PYTHON = 1u << 1,      /* parsed as Python */
	MLR_FACT_TEST_FILE = 1u << 2,   /* named like a test module (test_*.py, *_test.py) */
	MLR_FACT_HAS_TESTS = 1u << 3,   /* defines test functions or TestCase classes */
	MLR_FACT_TRAINS = 1u << 4,      /* fits or trains a model */
	MLR_FACT_TRACKS = 1u << 5,      /* logs to an experiment tracker */
	MLR_FACT_SERVES = 1u << 6,      /* serves a model (web framework, handler) */
	MLR_FACT_MODEL_CARD = 1u << 7,  /* a model card document */
	MLR_FACT_SOURCE_MODULE = 1u << 8, /* a Python module that is not a test, conftest or setup */
	MLR_FACT_LOADS_DATA = 1u << 9,      /* reads tabular data: read_csv, read_parquet, SQL reads */
	MLR_FACT_VALIDATES_DATA = 1u << 10, /* a schema library or an explicit schema check */
	MLR_FACT_ML_FUNCTIONS = 1u << 11,   /* defines preprocessing, feature or inference functions */
	MLR_FACT_WEB_APP = 1u << 12,        /* creates a web application: FastAPI(), Flask(...) */
	MLR_FACT_HEALTH_ROUTE = 1u << 13,   /* registers a health, liveness or readiness route */
	MLR_FACT_INSTRUMENTED = 1u << 14    /* exports metrics or traces */
};

typedef struct {
	uint32_t flags;
	uint32_t train_line;   /* first training call, 1-based; 0 if none */
	char *train_call;      /* its resolved name, for messages */
	char **imports;        /* modules this file imports (dotted, relative ones keep their dots) */
	size_t import_count;
	/* Data, test and serving facts (src/facts/quality.c); lines 1-based, 0 if none. */
	uint32_t load_line;    /* first tabular data read */
	uint32_t ml_line;      /* first preprocessing, feature or inference function */
	uint32_t app_line;     /* web application created */
	char *load_call;       /* the read's resolved name: "pandas.read_csv" */
	char *ml_function;     /* that function's name: "preprocess" */
	char *app_call;        /* "fastapi.FastAPI" */
	char **ml_names;       /* with ML functions: the module's top-level functions and classes */
	size_t ml_name_count;
} mlr_file_facts;

void mlr_file_facts_dispose(mlr_file_facts *facts);

typedef struct mlr_secret_scanner mlr_secret_scanner;

typedef struct {
	const mlr_file *file;
	const char *data;
	size_t len;
	const mlr_py *py;           /* NULL unless the file was parsed as Python */
	const mlr_notebook *nb;     /* the notebook, when this unit is a notebook's code cells */
	mlr_file_facts *facts;
	mlr_finding_array *findings;
	mlr_secret_scanner *secrets; /* the worker's scanner */
	bool skimmed;                /* Python the prefilter left unparsed: no rule needed its tree */
} mlr_file_ctx;

typedef struct {
	const mlr_options *opts;
	const mlr_source *source;
	mlr_source_reader *reader;   /* for repository checks that read a file (model card, CI) */
	const mlr_file_array *files;
	const mlr_file_facts *facts; /* parallel to files->items */
	mlr_finding_array *findings;
	mlr_kpi_array *kpis;
	mlr_note_array *notes;       /* what a check could not do: "history walk stopped at ..." */
	bool assessed;               /* the check sets it when the rule applies to this repository */
} mlr_repo_ctx;

typedef void (*mlr_file_check_fn)(mlr_file_ctx *ctx, const mlr_rule *rule);
typedef void (*mlr_repo_check_fn)(mlr_repo_ctx *ctx, const mlr_rule *rule);

typedef struct {
	const char *name;
	mlr_file_check_fn file;  /* scope python or text */
	mlr_repo_check_fn repo;  /* scope repo */
} mlr_check;

/* The C check named by a rule, or NULL. */
const mlr_check *mlr_check_find(const char *name);

/* Appends a finding. content_hash identifies what was matched (the literal, the call)
 * so that the fingerprint survives line moves. path may be NULL (repository level). */
int mlr_emit(mlr_finding_array *out, const mlr_rule *rule, const char *path, uint32_t line,
	uint32_t column, uint64_t content_hash, bool blocking, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

/* The same, at a syntax node of a Python file (line and column 1-based). */
int mlr_emit_node(mlr_file_ctx *ctx, const mlr_rule *rule, TSNode node, bool blocking,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* A note from a repository check (path may be NULL). Quietly nothing when ctx has no notes
 * array, as in unit tests that build a bare context. */
void mlr_repo_note(mlr_repo_ctx *ctx, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int mlr_kpi_add(mlr_kpi_array *out, const mlr_rule *rule, const char *key, const char *label,
	uint32_t numerator, uint32_t denominator, double target);

void mlr_finding_dispose(mlr_finding *f);
void mlr_note_dispose(mlr_note *n);
void mlr_kpi_dispose(mlr_kpi *k);

/* The arrays of findings, notes and KPIs own their items' strings. _truncate frees the
 * items from len on; _move appends every item of from to to and leaves from empty (an item
 * that does not fit is freed, and the result is MLR_ENOMEM). */
void mlr_findings_truncate(mlr_finding_array *a, size_t len);
void mlr_notes_truncate(mlr_note_array *a, size_t len);
void mlr_kpis_truncate(mlr_kpi_array *a, size_t len);
int mlr_findings_move(mlr_finding_array *to, mlr_finding_array *from);
int mlr_notes_move(mlr_note_array *to, mlr_note_array *from);
int mlr_kpis_move(mlr_kpi_array *to, mlr_kpi_array *from);

/* Drops the findings in [from, out->len) that an inline suppression on their line or the
 * line above silences: `# mlready: ignore[MLR201]`, `# mlready: ignore` (all rules), and for
 * MLR201 the markers users already have (`gitleaks:allow`, `pragma: allowlist secret`,
 * `noqa: S105`/`S106`/`S107`). */
void mlr_suppress_filter(mlr_finding_array *out, size_t from, const char *data, size_t len);

/* Facts of a Python file: tests, training, tracking, serving. */
void mlr_py_facts(mlr_file_facts *facts, const mlr_py *py, const char *path);
/* The parts of them a file's path and imports alone give (test module, source module; the
 * imported names): all a file that is not parsed contributes. */
void mlr_py_path_facts(mlr_file_facts *facts, const char *path);
void mlr_py_import_facts(mlr_file_facts *facts, const mlr_py *py);
/* What a file must mention for mlr_py_facts, mlr_quality_facts or a config's trackers to
 * find anything beyond the path and import facts (src/rules/triggers.h form). */
extern const char mlr_facts_triggers[];
/* Facts for data-quality, testing and serving rules: data reads and validation, ML
 * functions, web apps, health routes, instrumentation. Call after mlr_py_facts. */
void mlr_quality_facts(mlr_file_facts *facts, const mlr_py *py, const char *path);
void mlr_quality_facts_dispose(mlr_file_facts *facts);
/* Facts of a Markdown file: is it a model card? */
void mlr_md_facts(mlr_file_facts *facts, const char *path, const char *data, size_t len);

#endif
