/*
 * mlready — a static ML-ops readiness linter for Git repositories.
 *
 * The library API: lint a repository into an mlr_result, score it, report it.
 * Everything a caller receives through an `out` parameter is the caller's to free with
 * the matching *_free function; every *_free accepts NULL.
 */
#ifndef MLREADY_H
#define MLREADY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define MLR_VERSION "0.1.0"
#define MLR_JSON_SCHEMA_VERSION 1

/* Process exit status. An error always outranks findings. */
typedef enum {
	MLR_EXIT_OK = 0,    /* passed */
	MLR_EXIT_GATE = 1,  /* the gate failed: findings at or above --fail-on, or score below --min-score */
	MLR_EXIT_USAGE = 2, /* usage, config or rule error */
	MLR_EXIT_IO = 3     /* repository or I/O error */
} mlr_exit;

/* Function return codes: 0 on success, a negative code on failure. The message for the
 * last failure on this thread is mlr_error_last(). */
typedef enum {
	MLR_OK = 0,
	MLR_EUSAGE = -1,
	MLR_ECONFIG = -2,
	MLR_ERULE = -3,
	MLR_EREPO = -4,
	MLR_EIO = -5,
	MLR_ENOMEM = -6,
	MLR_ENOTFOUND = -7
} mlr_error_code;

const char *mlr_error_last(void);
/* Maps a return code to the process exit status it stands for. */
mlr_exit mlr_error_exit(int code);

typedef enum { MLR_SEV_NOTE = 0, MLR_SEV_WARNING = 1, MLR_SEV_ERROR = 2 } mlr_severity;

const char *mlr_severity_name(mlr_severity sev);
/* Returns 0 and sets *out, or MLR_EUSAGE for an unknown name. */
int mlr_severity_parse(mlr_severity *out, const char *name);

/* Categories are the quality responsibilities of a production ML engineer; rule ids are
 * grouped by category: MLR1xx is testing, MLR2xx security, and so on. */
typedef enum {
	MLR_CAT_TESTING = 1,
	MLR_CAT_SECURITY = 2,
	MLR_CAT_REPRODUCIBILITY = 3,
	MLR_CAT_DOCUMENTATION = 4,
	MLR_CAT_DATA_QUALITY = 5,
	MLR_CAT_MONITORING = 6,
	MLR_CAT_CICD = 7,
	MLR_CAT_HYGIENE = 8,
	MLR_CAT_CHANGE = 9
} mlr_category;

#define MLR_CAT_FIRST MLR_CAT_TESTING
#define MLR_CAT_LAST MLR_CAT_CHANGE

typedef struct {
	mlr_category id;
	const char *key;            /* "testing", "security", ... (JSON, config) */
	const char *name;           /* "Testing", "Security & privacy", ... */
	const char *responsibility; /* one line: what this category checks */
} mlr_category_info;

const mlr_category_info *mlr_category_get(mlr_category id);

/* Where a rule runs. */
typedef enum {
	MLR_SCOPE_PYTHON = 0, /* once per Python file (and notebook code), over its syntax tree */
	MLR_SCOPE_TEXT = 1,   /* once per text-like file, over its bytes */
	MLR_SCOPE_REPO = 2    /* once per run, over the facts of all files */
} mlr_scope;

/* A built-in rule. Generated from rules/<ID>-<name>.yml at build time: never freed. */
typedef struct {
	const char *id;   /* "MLR201" */
	const char *name; /* "hardcoded-secret" */
	mlr_category category;
	mlr_severity severity;
	mlr_scope scope;
	double weight;           /* points this rule may cost its category (see docs/scoring.md) */
	const char *message;     /* default finding message */
	const char *summary;     /* one line */
	const char *fix;         /* one-line fix hint shown with each finding */
	const char *doc_what;    /* what it does */
	const char *doc_why;     /* why it matters */
	const char *doc_example; /* example (code) */
	const char *doc_instead; /* use instead (code or prose) */
	const char *query;       /* tree-sitter query source, or NULL */
	const char *check;       /* name of a C check, or NULL */
	const char *triggers;    /* words a file must contain for the rule to run on it:
	                          * "load|loads|backward&step" (docs/writing-rules.md), or NULL */
	bool no_facts;           /* a repository check that reads no file's analysis, only the file
	                          * list and the Git history: it runs beside the file phase */
	const char *const *invalid; /* NULL-terminated examples that must fire */
	const char *const *valid;   /* NULL-terminated examples that must stay silent */
} mlr_rule;

const mlr_rule *mlr_rules(size_t *count);
/* By id ("MLR201", case-insensitive) or name ("hardcoded-secret"); NULL if none. */
const mlr_rule *mlr_rule_find(const char *id_or_name);

/* One finding. Paths are repository-relative with '/' separators. */
typedef struct {
	const mlr_rule *rule;
	mlr_severity severity; /* the rule's, after config overrides */
	char *path;            /* NULL for a repository-level finding */
	uint32_t line;         /* 1-based; 0 when the finding is about the whole file */
	uint32_t column;       /* 1-based, in bytes; 0 when line is 0 */
	uint32_t cell;         /* notebook cell, 1-based; 0 when not in a notebook */
	char *message;
	uint64_t fingerprint;  /* stable across line moves: rule, path, and matched content */
	bool blocking;         /* caps the overall score (a live-format credential) */
	char *commit;          /* --history: the commit that introduced the blob (40 hex), else NULL */
	int64_t commit_time;   /* --history: its committer time (Unix seconds) */
	bool in_head;          /* --history: the same content is still present at HEAD */
	uint32_t column_utf16; /* 1-based, in UTF-16 code units (SARIF); 0 when not computed */
} mlr_finding;

/* A note: a file skipped or read partially, and why. Notes never change the exit status. */
typedef struct {
	char *path;
	char *message;
} mlr_note;

/* A KPI figure contributed by a repository rule ("tracked training entry points 7/9"). */
typedef struct {
	const mlr_rule *rule;
	char *key;   /* "tracked_training_entry_points" */
	char *label; /* "tracked training entry points" */
	uint32_t numerator;
	uint32_t denominator;
	double target; /* the ratio that earns full points, 0..1 */
} mlr_kpi;

/* Points one rule cost one category. */
typedef struct {
	const mlr_rule *rule;
	uint32_t findings;
	double points;
} mlr_score_loss;

typedef struct {
	mlr_category category;
	bool assessable;   /* false when no rule of the category could be assessed */
	double score;      /* 0..100 when assessable */
	mlr_score_loss *losses;
	size_t loss_count;
} mlr_category_score;

/* A scoring profile: it changes how much each category counts and how demanding KPI
 * targets are, never which rules run (see docs/scoring.md). Built in: never freed. */
typedef struct {
	const char *name;    /* "default", "prototype", "production" */
	const char *summary; /* one line: who it is for */
	double category_weight[MLR_CAT_LAST]; /* weight in the overall mean; 0 leaves it out */
	double target_scale[MLR_CAT_LAST];    /* KPI targets are multiplied by this (capped at 1) */
} mlr_profile;

/* The built-in profiles, the default first. */
const mlr_profile *mlr_profiles(size_t *count);
/* By name, case-insensitive; NULL or "" is the default. MLR_EUSAGE for an unknown name. */
int mlr_profile_find(const mlr_profile **out, const char *name);

typedef struct {
	double overall; /* 0..100 */
	bool capped;    /* a blocking finding capped the overall score */
	double cap;
	mlr_category_score categories[MLR_CAT_LAST]; /* index = category - 1 */
	const mlr_profile *profile; /* the profile it was computed with */
} mlr_score;

typedef enum {
	MLR_SOURCE_AUTO = 0, /* the working tree of the repository containing path, else a plain directory */
	MLR_SOURCE_WORKTREE,
	MLR_SOURCE_REV,    /* a committed tree (opts.rev), from the object database */
	MLR_SOURCE_STAGED, /* the index: staged content */
	MLR_SOURCE_DIR,    /* a plain directory, Git or not */
	MLR_SOURCE_HISTORY /* every unique blob reachable from every ref, each once */
} mlr_source_kind;

typedef struct {
	const char *path;      /* any path inside the repository; default "." */
	mlr_source_kind source;
	const char *rev;       /* for MLR_SOURCE_REV */
	int jobs;              /* worker threads; <= 0 means the number of cores */
	uint64_t max_file_size; /* bytes; larger files are skipped with a note; 0 = default */
	bool include_vendored; /* lint virtualenvs, node_modules, build dirs too */
	/* Parse every Python file, even one no rule's triggers select (docs/architecture.md):
	 * the same findings, slower; for benchmarks and for checking triggers. */
	bool no_prefilter;
	/* --files (pre-commit): lint only these repository-relative paths, and skip the
	 * repository-level rules, which cannot be judged from a few files. NULL: everything. */
	const char *const *only_paths;
	size_t only_path_count;
	/* PR mode: the revision to compare with (mlr_lint_diff; mlr_lint ignores it). */
	const char *base;
	/* PR mode: what the change touched, for the change rules (MLR9xx). Set by
	 * mlr_lint_diff on the after-tree's run; NULL otherwise, and the change rules are then
	 * not assessed. */
	const struct mlr_change *change;
	/* Scoring profile by name ("prototype", "production"); NULL or "": the config's, else
	 * the default. An unknown name is MLR_EUSAGE. */
	const char *profile;
	/* A loaded .mlready.yml (src/filter/config.h): rule selection, per-path excludes and
	 * ignores, severity overrides, KPI targets, extra tracker and secret names, custom
	 * rules. NULL: none. It must outlive the results, whose findings may point at its
	 * custom rules. */
	const struct mlr_config *config;
	/* Do not read or write the analysis cache (docs/cache.md). Git sources (work tree,
	 * --rev, --staged) are cached by default in the repository's Git directory; --history
	 * and plain directories never are. */
	bool no_cache;
} mlr_options;

void mlr_options_init(mlr_options *opts);

/* What the rules assessed: for each rule, whether it could be assessed on this
 * repository (a repository that trains nothing cannot be checked for tracking). */
typedef struct {
	const mlr_rule *rule;
	bool assessed;
} mlr_rule_status;

typedef struct {
	char *root;        /* what was linted, for display */
	char *source;      /* "worktree", "rev <oid>", "staged", "directory" */
	size_t file_count; /* files considered */
	uint64_t byte_count;
	uint64_t parsed_byte_count; /* of those, bytes parsed as Python (the rest was only scanned) */
	mlr_finding *findings; /* sorted: path, line, column, rule id */
	size_t finding_count;
	mlr_note *notes;       /* sorted by path */
	size_t note_count;
	mlr_kpi *kpis;         /* sorted by rule id, key */
	size_t kpi_count;
	mlr_rule_status *rules; /* one per built-in rule, in id order */
	size_t rule_count;
	mlr_score score;
	/* PR mode (mlr_lint_diff): findings are only those the change introduced; score is
	 * the after-tree's, and these describe the base it was compared with. */
	bool has_base;
	char base_commit[41];       /* the merge base (40 hex) */
	double base_overall;        /* its overall score, as score.overall */
	bool base_assessable;       /* false when no category of the base could be assessed */
	/* The after-tree's overall score without the change category, which the base cannot
	 * have: the like-for-like number the delta is taken against base_overall with. */
	double compared_overall;
	bool compared_assessable;
	double base_category[MLR_CAT_LAST];          /* index = category - 1 */
	bool base_category_assessable[MLR_CAT_LAST];
	size_t base_finding_count;  /* findings in the base */
	size_t preexisting_count;   /* after-tree findings already in the base: not reported */
	size_t changed_path_count;  /* paths the change touched */
	/* --files (pre-commit): only the named files were linted, repository-level rules did
	 * not run, and the score describes those files only (reports leave it out). */
	bool partial;
} mlr_result;

/* Lints the repository or directory named by opts. Returns 0 or a negative mlr_error_code. */
int mlr_lint(mlr_result **out, const mlr_options *opts);
void mlr_result_free(mlr_result *result);

/* Called on each result of mlr_lint_diff (the after-tree's, then the base's) before they
 * are compared: a caller applies its config filters and profile scoring here, so that
 * both sides are judged alike. Returns 0 or a negative mlr_error_code. */
typedef int (*mlr_result_hook)(mlr_result *result, void *payload);

/* PR mode: lints the tree opts names (work tree, index or --rev) and the merge base of
 * its commit and opts->base, and keeps only the findings the change introduced, matched
 * by (rule, path, fingerprint) so that moved lines do not count as new. The change
 * rules (MLR9xx) run on the after-tree. prepare may be NULL. */
int mlr_lint_diff(mlr_result **out, const mlr_options *opts, mlr_result_hook prepare,
	void *payload);

/* Computes result->score from its findings, KPIs and rule statuses, with the default
 * profile; mlr_score_compute_profile with another (NULL: the default). */
void mlr_score_compute(mlr_result *result);
void mlr_score_compute_profile(mlr_result *result, const mlr_profile *profile);

typedef enum {
	MLR_FORMAT_TEXT = 0,
	MLR_FORMAT_JSON,
	MLR_FORMAT_SARIF,    /* SARIF 2.1.0, for code scanning */
	MLR_FORMAT_MARKDOWN, /* a PR comment or $GITHUB_STEP_SUMMARY */
	MLR_FORMAT_GITHUB,   /* GitHub Actions workflow commands (annotations) */
	MLR_FORMAT_JUNIT,    /* JUnit XML: one test case per rule */
	MLR_FORMAT_HTML,     /* one self-contained page */
	MLR_FORMAT_BADGE     /* an SVG badge */
} mlr_format;

typedef struct {
	bool color;  /* ANSI colour */
	bool quiet;  /* findings only */
} mlr_report_options;

int mlr_format_parse(mlr_format *out, const char *name);
/* "text", "json", ...; "unknown" for a value out of range. */
const char *mlr_format_name(mlr_format format);
/* Writes the report of result to f. Returns 0 or MLR_EIO. */
int mlr_report_write(FILE *f, mlr_format format, const mlr_result *result, const mlr_report_options *opts);

/* Redacts a secret for display: a short prefix, then asterisks, then its length.
 * Writes at most outsz bytes including the terminating NUL. */
void mlr_redact(char *out, size_t outsz, const char *secret, size_t len);

#endif
