/*
 * CI and pre-commit scaffolds: a GitHub Actions workflow that runs the project's tests
 * and mlready (PR mode on pull requests), and a pre-commit config with mlready's hooks.
 * The install step is what the survey found (requirements files, pyproject); where it
 * found nothing it says so in a TODO instead of guessing.
 */
#include "scaffold/text.h"

#include <string.h>

/* The composite action of this repository (action.yml), pinned to this release. */
#define MLR_ACTION_REF "mlready/mlready@v" MLR_VERSION

static void install_lines(mlr_buf *o, const mlr_survey *s)
{
	mlr_buf_puts(o, "          python -m pip install --upgrade pip\n");
	bool any = false;
	if (s->requirements) {
		mlr_buf_puts(o, "          pip install -r ");
		mlr_shell_arg(o, s->requirements);
		mlr_buf_putc(o, '\n');
		any = true;
	}
	if (s->pyproject || s->setup_py) {
		mlr_buf_puts(o, "          pip install -e .\n");
		any = true;
	}
	if (s->dev_requirements) {
		mlr_buf_puts(o, "          pip install -r ");
		mlr_shell_arg(o, s->dev_requirements);
		mlr_buf_putc(o, '\n');
	}
	if (!any)
		mlr_buf_puts(o, "          # TODO: install the project's dependencies (no requirements.txt or pyproject.toml found)\n");
	if (s->pytest || !s->has_tests)
		mlr_buf_puts(o, "          pip install pytest\n");
}

void mlr_render_ci(mlr_buf *o, const mlr_survey *s)
{
	mlr_buf_puts(o,
		"# CI: the project's tests and mlready, on every push to main and every pull request.\n"
		"# Written by `mlready scaffold ci`; check the install step, it is what mlready found.\n"
		"name: ci\n"
		"\n"
		"on:\n"
		"  push:\n"
		"    branches: [main]\n"
		"  pull_request:\n"
		"\n"
		"permissions:\n"
		"  contents: read\n"
		"\n"
		"jobs:\n"
		"  test:\n"
		"    runs-on: ubuntu-latest\n"
		"    steps:\n"
		"      - uses: actions/checkout@v4\n"
		"      - uses: actions/setup-python@v5\n"
		"        with:\n"
		"          python-version: \"3.11\"  # TODO: the Python version the project runs on\n"
		"          cache: pip\n"
		"      - name: Install\n"
		"        run: |\n");
	install_lines(o, s);
	mlr_buf_puts(o, "      - name: Test\n");
	if (s->has_tests && s->pytest) {
		mlr_buf_puts(o, "        run: python -m pytest -q");
		if (s->tests_dir) {
			mlr_buf_putc(o, ' ');
			mlr_shell_arg(o, s->tests_dir);
		}
		mlr_buf_putc(o, '\n');
	} else if (s->has_tests) {
		mlr_buf_puts(o, "        run: python -m unittest discover");
		if (s->tests_dir) {
			mlr_buf_puts(o, " -s ");
			mlr_shell_arg(o, s->tests_dir);
		}
		mlr_buf_putc(o, '\n');
	} else {
		/* pytest exits 5 when it collects nothing: tolerated until the first test exists */
		mlr_buf_puts(o, "        # TODO: no tests yet (MLR101). Add tests/test_*.py, then drop \"|| test $? -eq 5\".\n"
				"        run: python -m pytest -q || test $? -eq 5\n");
	}
	mlr_buf_puts(o,
		"\n"
		"  mlready:\n"
		"    runs-on: ubuntu-24.04\n"
		"    permissions:\n"
		"      contents: read\n"
		"      security-events: write  # upload SARIF to code scanning\n"
		"    steps:\n"
		"      - uses: actions/checkout@v4\n"
		"        with:\n"
		"          fetch-depth: 0  # PR mode lints the merge base too: it needs the history\n"
		"      - uses: " MLR_ACTION_REF "\n"
		"        with:\n"
		"          min-score: 60  # TODO: the score this project commits to (see docs/scoring.md)\n");
}

void mlr_render_pre_commit(mlr_buf *o, const mlr_survey *s)
{
	(void)s;
	mlr_buf_puts(o,
		"# pre-commit (https://pre-commit.com): run `pre-commit install` once per clone.\n"
		"# Written by `mlready scaffold pre-commit`. The hooks call the mlready binary on PATH\n"
		"# (make install), offline. The same hooks are offered by mlready's repository\n"
		"# (.pre-commit-hooks.yaml) for `repo: <mlready's URL>` with a `rev:`.\n"
		"repos:\n"
		"  - repo: local\n"
		"    hooks:\n"
		"      # The staged content of the files this commit changes: secrets, unsafe model\n"
		"      # loading, notebook outputs. Fast; repository-level rules are skipped.\n"
		"      - id: mlready\n"
		"        name: mlready (staged files)\n"
		"        entry: mlready --staged --files\n"
		"        language: system\n"
		"        require_serial: true\n"
		"      # The whole repository's readiness score, on every commit.\n"
		"      - id: mlready-score\n"
		"        name: mlready (readiness score)\n"
		"        entry: mlready --fail-on never --min-score 60  # TODO: your score gate\n"
		"        language: system\n"
		"        pass_filenames: false\n"
		"        always_run: true\n");
}
