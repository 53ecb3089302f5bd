/*
 * PR mode: what a change touched, from a libgit2 diff of the merge base's tree against
 * the tree being linted (another commit, the index, or the work tree). The change rules
 * (MLR9xx) read it through mlr_options.change; nothing here runs a `git` process.
 */
#ifndef MLR_DIFF_CHANGE_H
#define MLR_DIFF_CHANGE_H

#include <git2.h>

#include "mlready.h"
#include "core/array.h"
#include "source/source.h"

typedef enum {
	MLR_CHANGE_ADDED = 0,
	MLR_CHANGE_MODIFIED,
	MLR_CHANGE_DELETED,
	MLR_CHANGE_RENAMED
} mlr_change_status;

typedef struct {
	char *path;     /* after the change (the old path for a deletion) */
	char *old_path; /* before it: differs from path only for a rename */
	mlr_change_status status;
	mlr_file_kind kind;
	/* false when a Python file's edit touches only comments, docstrings or layout */
	bool code_changed;
} mlr_change_entry;

/* A tunable value (threshold, learning rate, epochs, ...) whose literal changed. */
typedef struct {
	char *path;
	uint32_t line;   /* of the new value, 1-based */
	char *key;       /* as written: "lr", "decision_threshold" */
	char *old_value; /* "0.001" */
	char *new_value; /* "0.01" */
} mlr_change_value;

typedef mlr_array(mlr_change_entry) mlr_change_entry_array;
typedef mlr_array(mlr_change_value) mlr_change_value_array;

struct mlr_change {
	mlr_change_entry_array entries; /* sorted by path */
	mlr_change_value_array values;  /* sorted by path, line */
};
typedef struct mlr_change mlr_change;

/* The diff between base_tree and after_tree, or when after_tree is NULL the index
 * (opts->source STAGED) or the work tree with its untracked files, as the worktree
 * source lists them. */
int mlr_change_compute(mlr_change **out, git_repository *repo, git_tree *base_tree,
	git_tree *after_tree, const mlr_options *opts);
void mlr_change_free(mlr_change *change);

/* The entry for a path after the change, or NULL. */
const mlr_change_entry *mlr_change_find(const mlr_change *change, const char *path);

/* Tunable values: parses one line of YAML, Python, TOML or JSON for an assignment of a
 * numeric literal (`lr: 0.001`, `THRESHOLD = 0.7`, `"epochs": 10,`, `learning_rate=2e-5,`).
 * On success key/value point into line. */
bool mlr_change_parse_assignment(const char *line, size_t len, const char **key, size_t *key_len,
	const char **value, size_t *value_len);
/* True when a key names a threshold or training hyperparameter (case-insensitive; the
 * last dotted segment counts): threshold, *_threshold, cutoff, lr, *_lr, learning_rate,
 * epochs, num_epochs, batch_size, dropout, weight_decay, ... */
bool mlr_change_key_is_tunable(const char *key, size_t len);

/* True unless the two versions of a Python file have the same tokens once comments,
 * docstrings and whitespace are left out. Unparsable input counts as different. */
bool mlr_change_py_code_differs(const char *a, size_t alen, const char *b, size_t blen);

/* Path classes the change rules reason about (repository-relative paths). */
bool mlr_path_is_test(const char *path);       /* tests/, test_*.py, *_test.py, conftest.py */
bool mlr_path_is_eval(const char *path);       /* eval/, evaluate.py, metrics.py, benchmarks/ */
bool mlr_path_is_changelog(const char *path);  /* CHANGELOG*, CHANGES*, HISTORY*, NEWS*, changelog.d/ */
bool mlr_path_is_model_card(const char *path); /* MODEL_CARD.md, model_card.md, docs/model_card*.md */
/* Named like training, model, feature or inference code: a path segment such as train,
 * model(s), features, preprocess, pipeline, inference, predict. */
bool mlr_path_is_model_code_name(const char *path);

#endif
