/*
 * Artifacts and data in the repository: which files Git LFS stores (.gitattributes
 * `filter=lfs`, or an LFS pointer as content), which DVC manages (`X.dvc`, a tracked parent
 * directory, outputs of dvc.yaml), which paths are experiment-tracker output, and the size
 * thresholds the hygiene rules use.
 */
#ifndef MLR_REPO_ARTIFACTS_H
#define MLR_REPO_ARTIFACTS_H

#include "repo/repo.h"

/* A data file (csv, parquet, ...) this large does not belong in Git. */
#define MLR_LARGE_DATA_BYTES (1u << 20)
/* Any other file this large does not belong in Git either. */
#define MLR_LARGE_FILE_BYTES (5u << 20)
/* A blob this large anywhere in history makes every clone slow. */
#define MLR_HISTORY_BLOB_BYTES (10u << 20)
/* Serialized models under test directories smaller than this are fixtures, not weights. */
#define MLR_TEST_FIXTURE_MODEL_BYTES (1u << 20)

typedef mlr_array(char *) mlr_str_array;

typedef struct {
	mlr_str_array lfs;      /* .gitattributes patterns with filter=lfs, "dir\t" prefixed */
	mlr_str_array dvc_outs; /* paths DVC manages (cached outputs), repository-relative */
	bool dvc;                   /* the repository uses DVC */
} mlr_artifacts;

int mlr_artifacts_load(mlr_artifacts *out, mlr_repo_ctx *ctx);
void mlr_artifacts_dispose(mlr_artifacts *a);

/* Git LFS stores path (by .gitattributes; the caller may also check content). */
bool mlr_artifacts_lfs(const mlr_artifacts *a, const char *path);
/* DVC manages path (it is an output or lies under one). */
bool mlr_artifacts_dvc(const mlr_artifacts *a, const char *path);
/* The content is a Git LFS pointer file. */
bool mlr_lfs_pointer(const char *data, size_t len);

/* A weights or serialized-model file by name and size (see MLR_TEST_FIXTURE_MODEL_BYTES;
 * an ambiguous .bin or .pb counts only when named like weights or large). */
bool mlr_artifact_is_model(const mlr_file *f);
/* The experiment-tracker directory path lies in ("mlruns", "wandb", ...): the length of
 * its prefix up to and including that directory, 0 when none. *tool names the tracker. */
size_t mlr_tracker_dir(const char *path, const char **tool);
/* Segment-wise glob: '*' within a segment, '**' across segments. */
bool mlr_path_glob(const char *pattern, const char *path);

#endif
