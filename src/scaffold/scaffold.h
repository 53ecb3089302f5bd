/*
 * Scaffolds: `mlready init` and `mlready scaffold KIND` write the missing piece a finding
 * asks for, prefilled from what the repository shows and marked (TODO) where only a
 * person can answer. A survey reads the repository once, statically, like the linter:
 * nothing of it is run. Renderers turn the survey into text; writing never replaces an
 * existing file unless asked to.
 */
#ifndef MLR_SCAFFOLD_SCAFFOLD_H
#define MLR_SCAFFOLD_SCAFFOLD_H

#include "mlready.h"
#include "core/array.h"
#include "core/buf.h"

typedef enum {
	MLR_SCAFFOLD_CONFIG = 0,   /* .mlready.yml (mlready init) */
	MLR_SCAFFOLD_MODEL_CARD,   /* MODEL_CARD.md */
	MLR_SCAFFOLD_CI,           /* .github/workflows/mlready.yml */
	MLR_SCAFFOLD_PRE_COMMIT,   /* .pre-commit-config.yaml */
	MLR_SCAFFOLD_GITATTRIBUTES /* .gitattributes: Git LFS for model weights */
} mlr_scaffold_kind;

/* "model-card", "ci", "pre-commit", "gitattributes" (and "config"). MLR_EUSAGE if none. */
int mlr_scaffold_kind_parse(mlr_scaffold_kind *out, const char *name);
/* The file a kind writes, relative to the repository root. */
const char *mlr_scaffold_default_path(mlr_scaffold_kind kind);

typedef mlr_array(char *) mlr_str_array;

/* What the repository shows. Lists are unique, in the order found (files by path). */
typedef struct {
	char *root;          /* the work tree or directory */
	char *name;          /* its directory name: the model's name until someone picks one */
	bool git;
	mlr_str_array frameworks;  /* "PyTorch", "scikit-learn", ... */
	char *library;             /* Hugging Face library_name: transformers, diffusers, sklearn, ... */
	mlr_str_array trackers;    /* "MLflow", "Weights & Biases", ... */
	mlr_str_array datasets;    /* load_dataset("imdb"), read_csv("data/churn.csv"), MNIST (torchvision) */
	mlr_str_array metrics;     /* metric names computed or logged: accuracy, f1, roc_auc, val_loss */
	mlr_str_array base_models; /* from_pretrained("distilbert-base-uncased") */
	mlr_str_array train_files; /* files that train a model */
	mlr_str_array serve_files; /* files that serve one */
	mlr_str_array artifacts;   /* committed model artifacts */
	mlr_str_array artifact_patterns; /* "*.pt" for each artifact extension */
	mlr_str_array packages;    /* top-level directories of Python source (not tests) */
	char *license;       /* SPDX id ("MIT", "Apache-2.0") or NULL */
	char *license_file;
	char *tests_dir;     /* "tests" */
	bool has_tests, pytest;
	char *notebooks_dir; /* the directory holding most notebooks */
	size_t notebooks;
	char *data_dir;      /* "data" when it exists */
	char *requirements;  /* "requirements.txt" */
	char *dev_requirements; /* "requirements-dev.txt" */
	bool pyproject, setup_py, environment_yml;
	bool has_ci, has_precommit, has_gitattributes, has_config;
	char *model_card;    /* an existing card */
	size_t python_files;
	bool truncated;      /* stopped reading Python after MLR_SURVEY_MAX_FILES */
} mlr_survey;

#define MLR_SURVEY_MAX_FILES 4000

/* Surveys the repository or directory containing path (the work tree when it is Git). */
int mlr_survey_run(mlr_survey *out, const char *path);
void mlr_survey_dispose(mlr_survey *s);

/* Renderers: append the file's text to out. */
void mlr_render_config(mlr_buf *out, const mlr_survey *s);
void mlr_render_model_card(mlr_buf *out, const mlr_survey *s);
void mlr_render_ci(mlr_buf *out, const mlr_survey *s);
void mlr_render_pre_commit(mlr_buf *out, const mlr_survey *s);
/* existing: the current .gitattributes, kept and added to (NULL: none). */
void mlr_render_gitattributes(mlr_buf *out, const mlr_survey *s, const char *existing);

typedef struct {
	const char *path;   /* anywhere in the repository; default "." */
	const char *output; /* where to write, instead of the kind's default path (relative to
	                     * the current directory, as a user types it) */
	bool force;         /* replace an existing file (.gitattributes: add to it) */
} mlr_scaffold_options;

/* Surveys, renders and writes. *written is the path written (caller frees); *todo the
 * number of places marked for a person to fill. An existing file without force is
 * MLR_EUSAGE, and nothing is written. */
int mlr_scaffold_write(char **written, size_t *todo, mlr_scaffold_kind kind,
	const mlr_scaffold_options *opts);

#endif
