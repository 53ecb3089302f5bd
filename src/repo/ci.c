#include "repo/ci.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/error.h"
#include "repo/yaml.h"

/* Local scripts and make targets followed from CI commands, per configuration file. */
#define FOLLOW_BUDGET 16
#define FOLLOW_DEPTH 2
/* One command segment longer than this is data, not a command. */
#define MAX_SEGMENT 1024

/* Start and end of a command word: `pytest`, `.venv/bin/pytest`, `"pytest"`. */
#define B "(?:^|[\\s;&|(`\"'/=])"
#define E "(?=$|[\\s;&|)`\"'])"
#define MAKE_T(words) "\\bmake\\b[^;&|\\n]*\\s(?:" words ")" E

static const struct {
	uint32_t cap;
	const char *re;
} patterns[] = {
	{ MLR_CI_TESTS, B "(?:python[0-9.]*\\s+-m\\s+)?(?:pytest|py\\.test)" E },
	{ MLR_CI_TESTS, "-m\\s+(?:pytest|unittest)\\b" },
	{ MLR_CI_TESTS, "\\bunittest\\s+discover\\b" },
	{ MLR_CI_TESTS, B "(?:tox|nox|ctest|ward|behave)" E },
	{ MLR_CI_TESTS, MAKE_T("test|tests|unittest|unit-tests?|test-[\\w-]+|tests-[\\w-]+|coverage|check") },
	{ MLR_CI_TESTS, "\\bhatch\\s+(?:test|run\\s+[\\w:-]*test)" },
	{ MLR_CI_TESTS, "\\b(?:manage|setup)\\.py\\s+test\\b" },
	{ MLR_CI_TESTS, "\\b(?:coverage\\s+run|go\\s+test|cargo\\s+test|bazel\\s+test|npm\\s+(?:run\\s+)?test|yarn\\s+test)\\b" },
	{ MLR_CI_TESTS, "\\b(?:poe|task|just|invoke|pdm\\s+run|rye\\s+run)\\s+tests?\\b" },

	{ MLR_CI_LINT, B "(?:ruff|flake8|pylint|mypy|pyright|basedpyright|black|isort|pycodestyle|pydocstyle|"
		"pyflakes|yapf|pylama|prospector|codespell|nbqa|pytype|pyre|darglint|pyupgrade|autoflake|"
		"shellcheck|hadolint|yamllint|markdownlint|eslint|typos|sqlfluff)" E },
	{ MLR_CI_LINT, "\\bpre-commit(?:\\s+run|/action|-ci)\\b" },
	{ MLR_CI_LINT, MAKE_T("lint|style|quality|format|fmt|check-style|check-format|check-code|typecheck|"
		"type-check|typing|mypy|ruff|flake8|pre-commit|check_code_quality|check-quality") },
	{ MLR_CI_LINT, "(?:ruff-action|super-linter|wemake-python-styleguide|reviewdog|lint-action|psf/black|"
		"isort-action|trunk-action|pylint-action|mypy-action)" },
	{ MLR_CI_LINT, "\\bhatch\\s+(?:fmt|run\\s+[\\w:-]*(?:lint|style|fmt|typing))" },
	{ MLR_CI_LINT, "\\b(?:tox\\s+-e\\s*|nox\\s+-s\\s*)[\\w,-]*(?:lint|flake8|mypy|style|type|pre-commit|ruff)" },

	{ MLR_CI_SCAN, "\\b(?:gitleaks|trufflehog|detect-secrets|ggshield|pip-audit|bandit|trivy|grype|snyk|codeql|"
		"semgrep|osv-scanner|dependency-review-action|scorecard-action|mlready|checkov|zizmor|guarddog|"
		"sonarcloud|sonarqube|sonar-scanner|talisman|tfsec|kics|dockle|whispers|blackduck|anchore)\\b" },
	{ MLR_CI_SCAN, "\\bsafety\\s+(?:check|scan)\\b" },
	{ MLR_CI_SCAN, "\\b(?:SAST|Secret-Detection|Dependency-Scanning|Container-Scanning)\\b" },
	{ MLR_CI_SCAN, "\\bjfrog\\s+audit\\b" },

	{ MLR_CI_BUILD, "-m\\s+build\\b" },
	{ MLR_CI_BUILD, "\\b(?:poetry|uv|hatch|flit|pdm|rye|maturin)\\s+(?:build|publish)\\b" },
	{ MLR_CI_BUILD, "\\bpip[0-9.]*\\s+wheel\\b" },
	{ MLR_CI_BUILD, "\\bsetup\\.py\\s+(?:sdist|bdist\\w*)\\b" },
	{ MLR_CI_BUILD, "\\bdocker(?:-compose|\\s+compose)?\\s+(?:buildx\\s+)?(?:build|bake)\\b" },
	{ MLR_CI_BUILD, "(?:docker/build-push-action|docker/bake-action|pypa/gh-action-pypi-publish|"
		"pypa/cibuildwheel|\\bcibuildwheel\\b|\\bkaniko\\b|\\bDocker@\\d|\\bdocker/(?:build|publish)\\b)" },
	{ MLR_CI_BUILD, "\\b(?:podman\\s+build|buildah\\s+(?:bud|build)|twine\\s+upload|bentoml\\s+(?:build|containerize)|"
		"gcloud\\s+builds\\s+submit|cog\\s+(?:build|push)|sam\\s+build|pack\\s+build|ko\\s+build|"
		"conda\\s+(?:build|mambabuild)|rattler-build|pyinstaller)\\b" },
	{ MLR_CI_BUILD, MAKE_T("build|dist|docker|docker-build|image|wheel|package|release|container|sdist") },
};

#define NPATTERNS (sizeof(patterns) / sizeof(patterns[0]))

/* An install is not a run: `pip install pytest ruff` neither tests nor lints. */
static const char *const install_re =
	"^(?:sudo\\s+)?(?:(?:python[0-9.]*|py)\\s+-m\\s+)?(?:pip[0-9.]*|uv\\s+pip|uv\\s+tool|pipx|conda|mamba|"
	"micromamba|apt-get|apt|apk|brew|yum|dnf|npm|yarn|gem|choco|poetry|uv|pdm|rye)\\s+(?:install|add|i|upgrade|sync)\\b";

typedef struct {
	pcre2_code *re[NPATTERNS];
	pcre2_code *install;
	pcre2_match_data *md;
	mlr_repo_ctx *ctx;       /* NULL: nothing is followed */
	int budget;
	char *makefile;
	size_t makefile_len;
	bool makefile_read;
} classifier;

static void classifier_dispose(classifier *c)
{
	for (size_t i = 0; i < NPATTERNS; i++)
		pcre2_code_free(c->re[i]);
	pcre2_code_free(c->install);
	pcre2_match_data_free(c->md);
	free(c->makefile);
}

static int classifier_init(classifier *c, mlr_repo_ctx *ctx)
{
	int err;
	PCRE2_SIZE off;
	memset(c, 0, sizeof(*c));
	c->ctx = ctx;
	for (size_t i = 0; i < NPATTERNS; i++) {
		uint32_t flags = PCRE2_CASELESS | PCRE2_MULTILINE;
		/* the GitLab template names are matched as written */
		if (patterns[i].cap == MLR_CI_SCAN && strstr(patterns[i].re, "SAST"))
			flags = 0;
		c->re[i] = pcre2_compile((PCRE2_SPTR)patterns[i].re, PCRE2_ZERO_TERMINATED, flags, &err, &off, NULL);
		if (!c->re[i]) {
			classifier_dispose(c);
			return mlr_error_set(MLR_ERULE, "CI pattern %zu does not compile at %zu", i, (size_t)off);
		}
	}
	c->install = pcre2_compile((PCRE2_SPTR)install_re, PCRE2_ZERO_TERMINATED, PCRE2_CASELESS, &err, &off, NULL);
	c->md = pcre2_match_data_create(4, NULL);
	if (!c->install || !c->md) {
		classifier_dispose(c);
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	return 0;
}

static bool matches(classifier *c, pcre2_code *re, const char *s, size_t n)
{
	return pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, c->md, NULL) >= 0;
}

static uint32_t classify_text(classifier *c, const char *text, size_t len, int depth);

/* The recipe lines (and prerequisites' recipes) of a make target, classified. */
static uint32_t follow_make(classifier *c, const char *target, size_t tlen, int depth)
{
	if (!c->ctx || depth >= FOLLOW_DEPTH || c->budget <= 0)
		return 0;
	if (!c->makefile_read) {
		c->makefile_read = true;
		static const char *const names[] = { "Makefile", "makefile", "GNUmakefile", NULL };
		for (size_t i = 0; names[i] && !c->makefile; i++) {
			const mlr_file *f = mlr_repo_find(c->ctx, names[i]);
			if (f && mlr_repo_read(&c->makefile, &c->makefile_len, NULL, c->ctx, f, 0) < 0)
				c->makefile = NULL;
		}
	}
	if (!c->makefile)
		return 0;
	c->budget--;
	uint32_t caps = 0;
	const char *d = c->makefile, *end = d + c->makefile_len;
	for (const char *line = d; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *le = nl ? nl : end;
		const char *colon = memchr(line, ':', (size_t)(le - line));
		if (line[0] != '\t' && line[0] != '#' && colon && colon[1] != '=') {
			/* "a b: deps": is target one of the names before the colon? */
			bool hit = false;
			for (const char *p = line; p < colon;) {
				while (p < colon && (*p == ' ' || *p == '\t'))
					p++;
				const char *w = p;
				while (p < colon && *p != ' ' && *p != '\t')
					p++;
				if ((size_t)(p - w) == tlen && !memcmp(w, target, tlen))
					hit = true;
			}
			if (hit) {
				caps |= classify_text(c, colon + 1, (size_t)(le - colon - 1), depth + 1);
				for (const char *r = nl ? nl + 1 : end; r < end && *r == '\t';) {
					const char *rn = memchr(r, '\n', (size_t)(end - r));
					const char *re = rn ? rn : end;
					caps |= classify_text(c, r + 1, (size_t)(re - r - 1), depth + 1);
					r = rn ? rn + 1 : end;
				}
				/* a prerequisite list is target names, each a recipe of its own */
				for (const char *p = colon + 1; p < le && *p != ';';) {
					while (p < le && (*p == ' ' || *p == '\t'))
						p++;
					const char *w = p;
					while (p < le && *p != ' ' && *p != '\t' && *p != ';')
						p++;
					if (p > w && depth + 1 < FOLLOW_DEPTH)
						caps |= follow_make(c, w, (size_t)(p - w), depth + 1);
				}
				break;
			}
		}
		line = nl ? nl + 1 : end;
	}
	return caps;
}

static uint32_t classify_yaml(classifier *c, const char *data, size_t len, int depth);

static bool followable(const char *path)
{
	static const char *const exts[] = { ".sh", ".bash", ".yml", ".yaml", NULL };
	return mlr_path_ext_in(path, exts);
}

/* Files of the repository a command names: `bash ci/test.sh`, `./scripts/lint.sh`, a job
 * spec submitted to a remote runner (`anyscale jobs submit jobs/test.yaml`). Each is read
 * and classified in turn. */
static uint32_t follow_paths(classifier *c, const char *seg, size_t n, int depth)
{
	uint32_t caps = 0;
	if (!c->ctx || depth >= FOLLOW_DEPTH)
		return 0;
	for (size_t i = 0; i < n && c->budget > 0;) {
		while (i < n && (seg[i] == ' ' || seg[i] == '\t' || seg[i] == '"' || seg[i] == '\''))
			i++;
		if (i + 2 < n && seg[i] == '.' && seg[i + 1] == '/')
			i += 2;
		size_t s = i;
		while (i < n && seg[i] != ' ' && seg[i] != '\t' && seg[i] != '"' && seg[i] != '\'')
			i++;
		char path[512];
		if (i == s || i - s >= sizeof(path))
			continue;
		memcpy(path, seg + s, i - s);
		path[i - s] = '\0';
		const mlr_file *f = followable(path) ? mlr_repo_find(c->ctx, path) : NULL;
		char *data = NULL;
		size_t len = 0;
		if (!f)
			continue;
		c->budget--;
		if (mlr_repo_read(&data, &len, NULL, c->ctx, f, 0) < 0)
			continue;
		caps |= f->kind == MLR_KIND_YAML ? classify_yaml(c, data, len, depth + 1)
						  : classify_text(c, data, len, depth + 1);
		free(data);
	}
	return caps;
}

static uint32_t classify_segment(classifier *c, const char *s, size_t n, int depth)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '(' || *s == '-'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == ')' || s[n - 1] == '\\'))
		n--;
	if (n == 0 || n > MAX_SEGMENT || *s == '#')
		return 0;
	if (matches(c, c->install, s, n))
		return 0;
	uint32_t caps = 0;
	for (size_t i = 0; i < NPATTERNS; i++)
		if (!(caps & patterns[i].cap) && matches(c, c->re[i], s, n))
			caps |= patterns[i].cap;
	if (n > 5 && !strncmp(s, "make ", 5)) {
		for (size_t i = 5; i < n;) {
			while (i < n && s[i] == ' ')
				i++;
			size_t w = i;
			while (i < n && s[i] != ' ')
				i++;
			if (i > w && s[w] != '-' && !memchr(s + w, '=', i - w))
				caps |= follow_make(c, s + w, i - w, depth);
		}
	}
	caps |= follow_paths(c, s, n, depth);
	return caps;
}

static uint32_t classify_text(classifier *c, const char *text, size_t len, int depth)
{
	uint32_t caps = 0;
	size_t seg = 0;
	for (size_t i = 0; i <= len; i++) {
		bool cut = i == len || text[i] == '\n' || text[i] == ';' || text[i] == '|' ||
			(text[i] == '&' && i + 1 < len && text[i + 1] == '&');
		if (!cut)
			continue;
		caps |= classify_segment(c, text + seg, i - seg, depth);
		if (i < len && text[i] == '&')
			i++;
		if (i + 1 < len && text[i] == '|' && text[i + 1] == '|')
			i++;
		seg = i + 1;
	}
	return caps;
}

uint32_t mlr_ci_classify(const char *text, size_t len)
{
	classifier c;
	if (classifier_init(&c, NULL) < 0)
		return 0;
	uint32_t caps = classify_text(&c, text, len, 0);
	classifier_dispose(&c);
	return caps;
}

/* ------------------------------------------------------------------ discovery */

static bool yml(const char *base)
{
	size_t n = strlen(base);
	return (n > 4 && !strcasecmp(base + n - 4, ".yml")) || (n > 5 && !strcasecmp(base + n - 5, ".yaml"));
}

static bool in_dir(const char *path, const char *dir)
{
	size_t dl = strlen(dir);
	return !strncmp(path, dir, dl) && path[dl] == '/' && !strchr(path + dl + 1, '/');
}

const char *mlr_ci_system(const char *path)
{
	const char *base = mlr_path_base(path);
	bool top = base == path;
	if (in_dir(path, ".github/workflows") && yml(base))
		return "GitHub Actions";
	if ((top && !strcmp(base, ".gitlab-ci.yml")) || (!strncmp(path, ".gitlab/", 8) && yml(base) &&
	    (strstr(path, "ci") || strstr(path, "pipeline"))))
		return "GitLab CI";
	if ((top && !strncasecmp(base, "azure-pipelines", 15) && yml(base)) ||
	    ((in_dir(path, ".azure-pipelines") || in_dir(path, ".azure/pipelines") || in_dir(path, ".pipelines")) && yml(base)))
		return "Azure Pipelines";
	if (!strcmp(path, ".circleci/config.yml") || !strcmp(path, ".circleci/config.yaml"))
		return "CircleCI";
	if (top && !strcmp(base, "bitbucket-pipelines.yml"))
		return "Bitbucket Pipelines";
	if (!strcmp(base, "Jenkinsfile") || !strncmp(base, "Jenkinsfile.", 12) ||
	    (strlen(base) > 12 && !strcmp(base + strlen(base) - 12, ".Jenkinsfile")))
		return "Jenkins";
	if (top && !strcmp(base, ".travis.yml"))
		return "Travis CI";
	if (top && (!strcmp(base, ".drone.yml") || !strcmp(base, ".woodpecker.yml") || !strcmp(base, ".cirrus.yml") ||
	    !strcmp(base, "appveyor.yml") || !strcmp(base, ".appveyor.yml") || !strcmp(base, "codefresh.yml") ||
	    !strcmp(base, "cloudbuild.yaml") || !strcmp(base, "cloudbuild.yml") || !strcmp(base, "buildspec.yml")))
		return "CI";
	if ((in_dir(path, ".buildkite") || in_dir(path, ".woodpecker") || in_dir(path, ".semaphore")) && yml(base))
		return "CI";
	return NULL;
}

/* Keys whose values describe rather than run. */
static bool descriptive_key(const char *key)
{
	static const char *const keys[] = { "name", "description", "if", "paths", "paths-ignore", "branches",
		"branches-ignore", "tags", "tags-ignore", "types", "cron", "labels", "title", "displayName",
		"display_name", "message", "summary", "only", "except", "rules", "changes", "when", "filters", NULL };
	for (size_t i = 0; key && keys[i]; i++)
		if (!strcmp(key, keys[i]))
			return true;
	return false;
}

typedef struct {
	classifier *c;
	uint32_t caps;
	int depth;
} yaml_walk;

static void on_scalar(void *payload, const char *key, bool is_key, const yaml_node_t *scalar)
{
	yaml_walk *w = payload;
	if (!is_key && descriptive_key(key))
		return;
	const char *s = mlr_yaml_str(scalar);
	w->caps |= classify_text(w->c, s, strlen(s), w->depth);
}

static uint32_t classify_yaml(classifier *c, const char *data, size_t len, int depth)
{
	mlr_yaml y;
	if (mlr_yaml_load(&y, data, len) < 0)
		return 0;
	yaml_walk w = { c, 0, depth };
	mlr_yaml_walk(&y, mlr_yaml_root(&y), on_scalar, &w);
	mlr_yaml_dispose(&y);
	return w.caps;
}

static void classify_file(mlr_ci_file *cf, classifier *c, const char *data, size_t len, bool yaml)
{
	if (!yaml) {
		cf->caps = classify_text(c, data, len, 0);
		return;
	}
	mlr_yaml y;
	if (mlr_yaml_load(&y, data, len) < 0) {
		cf->invalid = true;
		cf->err_line = y.err_line;
		cf->err_col = y.err_col;
		snprintf(cf->err, sizeof(cf->err), "%s", y.err);
		return;
	}
	yaml_walk w = { c, 0, 0 };
	mlr_yaml_walk(&y, mlr_yaml_root(&y), on_scalar, &w);
	cf->caps = w.caps;
	mlr_yaml_dispose(&y);
}

/* pre-commit.ci runs the hooks of .pre-commit-config.yaml on every pull request when the
 * file configures it (a top-level `ci:` key). */
static bool pre_commit_ci(const char *data, size_t len)
{
	mlr_yaml y;
	if (mlr_yaml_load(&y, data, len) < 0)
		return false;
	bool ci = mlr_yaml_get(&y, mlr_yaml_root(&y), "ci") != NULL;
	mlr_yaml_dispose(&y);
	return ci;
}

int mlr_ci_load(mlr_ci_file_array *out, mlr_repo_ctx *ctx)
{
	classifier c;
	int error = classifier_init(&c, ctx);
	if (error < 0)
		return error;
	for (size_t i = 0; i < ctx->files->len; i++) {
		const mlr_file *f = &ctx->files->items[i];
		const char *system = mlr_ci_system(f->path);
		bool precommit = !system && (!strcmp(f->path, ".pre-commit-config.yaml") || !strcmp(f->path, ".pre-commit-config.yml"));
		if (!system && !precommit)
			continue;
		char *data = NULL;
		size_t len = 0;
		if (mlr_repo_read(&data, &len, NULL, ctx, f, 0) < 0)
			continue;
		mlr_ci_file cf = { .file = f, .system = system ? system : "pre-commit.ci" };
		c.budget = FOLLOW_BUDGET;
		if (precommit) {
			if (!pre_commit_ci(data, len)) {
				free(data);
				continue;
			}
			classify_file(&cf, &c, data, len, true);
			cf.caps |= MLR_CI_LINT;
		} else {
			classify_file(&cf, &c, data, len, strcmp(system, "Jenkins") != 0);
		}
		free(data);
		if (mlr_array_push(out, cf) < 0) {
			error = mlr_error_set(MLR_ENOMEM, "out of memory");
			break;
		}
	}
	classifier_dispose(&c);
	return error;
}

void mlr_ci_dispose(mlr_ci_file_array *files)
{
	if (files)
		mlr_array_delete(files);
}

uint32_t mlr_ci_caps(const mlr_ci_file_array *files)
{
	uint32_t caps = 0;
	for (size_t i = 0; i < files->len; i++)
		if (!files->items[i].invalid)
			caps |= files->items[i].caps;
	return caps;
}

void mlr_ci_list(char *out, size_t outsz, const mlr_ci_file_array *files)
{
	mlr_buf b = MLR_BUF_INIT;
	for (size_t i = 0; i < files->len && i < 3; i++)
		mlr_buf_printf(&b, "%s%s", i ? ", " : "", files->items[i].file->path);
	if (files->len > 3)
		mlr_buf_printf(&b, " and %zu more", files->len - 3);
	snprintf(out, outsz, "%s", mlr_buf_cstr(&b));
	mlr_buf_dispose(&b);
}

void mlr_ci_describe(char *out, size_t outsz, uint32_t caps)
{
	static const char *const verbs[] = { "runs tests", "lints", "scans", "builds" };
	mlr_buf b = MLR_BUF_INIT;
	for (int i = 0; i < 4; i++)
		if (caps & (1u << i))
			mlr_buf_printf(&b, "%s%s", b.len ? ", " : "", verbs[i]);
	snprintf(out, outsz, "%s", b.len ? mlr_buf_cstr(&b) : "runs none of tests, linters, scanners or builds");
	mlr_buf_dispose(&b);
}
