/* The repository checks' readers: Markdown, YAML, TOML, INI, version specifiers,
 * requirements, Dockerfiles, CSV headers, CI commands, globs. Each on real shapes and on
 * the malformed input an untrusted repository can hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repo/artifacts.h"
#include "repo/ci.h"
#include "repo/deps.h"
#include "repo/dockerfile.h"
#include "repo/ini.h"
#include "repo/markdown.h"
#include "repo/modelcard.h"
#include "repo/pii.h"
#include "repo/toml.h"
#include "repo/version.h"
#include "repo/yaml.h"

/* ------------------------------------------------------------------ markdown */

static void test_markdown_headings_and_blocks(void **state)
{
	(void)state;
	const char *doc =
		"---\n"            /* 1 */
		"license: mit\n"   /* 2 */
		"---\n"            /* 3 */
		"# Title\n"        /* 4 */
		"Intro text\n"     /* 5 */
		"Setext Two\n"     /* 6 */
		"----------\n"     /* 7 */
		"```python\n"      /* 8 */
		"# not a heading\n" /* 9 */
		"```\n"            /* 10 */
		"<!-- a\n"         /* 11 */
		"# hidden\n"       /* 12 */
		"-->\n"            /* 13 */
		"<h3 align=\"center\">Html *Three*</h3>\n" /* 14 */
		"## Next ##\n";    /* 15 */
	mlr_md md;
	assert_int_equal(mlr_md_parse(&md, doc, strlen(doc), false), 0);
	assert_true(md.has_front_matter);
	assert_true(md.front_matter_closed);
	assert_int_equal(md.fm_line, 2);
	assert_memory_equal(doc + md.fm_off, "license: mit\n", md.fm_len);
	assert_int_equal(md.headings.len, 4);
	assert_string_equal(md.headings.items[0].title, "title");
	assert_int_equal(md.headings.items[0].line + 1, 4);
	assert_int_equal(md.headings.items[0].level, 1);
	assert_string_equal(md.headings.items[1].title, "setext two");
	assert_int_equal(md.headings.items[1].level, 2);
	assert_string_equal(md.headings.items[2].title, "html three");
	assert_int_equal(md.headings.items[2].level, 3);
	assert_string_equal(md.headings.items[3].title, "next");
	/* sections: "Setext Two" runs until "## Next", swallowing the h3 */
	assert_int_equal(md.headings.items[1].end + 1, 15);
	assert_int_equal(md.headings.items[0].end, md.lines.len);
	assert_true(md.lines.items[8].flags & MLR_MD_CODE);
	assert_true(md.lines.items[11].flags & MLR_MD_COMMENT);
	assert_true(md.lines.items[0].flags & MLR_MD_FRONT);
	assert_false(md.lines.items[4].flags & (MLR_MD_HEADING | MLR_MD_CODE));
	/* a table separator under a row is not a setext heading */
	mlr_md_dispose(&md);
	const char *table = "| a | b |\n|---|---|\n";
	assert_int_equal(mlr_md_parse(&md, table, strlen(table), false), 0);
	assert_int_equal(md.headings.len, 0);
	mlr_md_dispose(&md);
	const char *open_fm = "---\nlicense: mit\n# never closed\n";
	assert_int_equal(mlr_md_parse(&md, open_fm, strlen(open_fm), false), 0);
	assert_true(md.has_front_matter);
	assert_false(md.front_matter_closed);
	mlr_md_dispose(&md);
}

static void test_markdown_rst_underlines(void **state)
{
	(void)state;
	const char *doc = "Title\n=====\n\nInstall\n-------\n\nDetails\n~~~~~~~\n";
	mlr_md md;
	assert_int_equal(mlr_md_parse(&md, doc, strlen(doc), true), 0);
	assert_int_equal(md.headings.len, 3);
	assert_int_equal(md.headings.items[0].level, 1);
	assert_int_equal(md.headings.items[1].level, 2);
	assert_int_equal(md.headings.items[2].level, 3);
	assert_string_equal(md.headings.items[1].title, "install");
	mlr_md_dispose(&md);
}

static uint32_t card_sections(const char *text, bool metric_values)
{
	mlr_model_card card = { NULL, (char *)text, strlen(text), { 0 } };
	assert_int_equal(mlr_md_parse(&card.md, text, strlen(text), false), 0);
	uint32_t s = mlr_model_card_sections(&card, metric_values);
	mlr_md_dispose(&card.md);
	return s;
}

#define BIT(s) (1u << (s))

static void test_model_card_sections(void **state)
{
	(void)state;
	const char *hf =
		"## Uses\n### Direct Use\nRank subscribers by churn risk.\n"
		"### Out-of-Scope Use\n[More Information Needed]\n"
		"## Training Details\n### Training Data\n<!-- link a dataset card -->\n[More Information Needed]\n"
		"## Evaluation\nIt does well.\n"
		"## Bias, Risks, and Limitations\nNew customers are under-predicted.\n"
		"## How to Get Started with the Model\n```python\nmodel = load()\n```\n";
	uint32_t s = card_sections(hf, false);
	assert_true(s & BIT(MLR_CARD_INTENDED_USE));
	assert_false(s & BIT(MLR_CARD_OUT_OF_SCOPE)); /* the heading alone does not answer it */
	assert_false(s & BIT(MLR_CARD_TRAINING_DATA));
	assert_false(s & BIT(MLR_CARD_EVALUATION));   /* no number */
	assert_true(s & BIT(MLR_CARD_LIMITATIONS));
	assert_true(s & BIT(MLR_CARD_HOW_TO_USE));
	/* model-index values stand in for numbers in the text */
	assert_true(card_sections(hf, true) & BIT(MLR_CARD_EVALUATION));

	const char *variants =
		"# Model\n## Intended use\nRanking. Not intended for credit decisions.\n"
		"## Data\nSubscriptions 2022-2024.\n"
		"## Results\n| metric | value |\n|---|---|\n| AUC | 84 |\n"
		"## Caveats\nSmall sample of new customers.\n## Usage\nCall predict.\n";
	s = card_sections(variants, false);
	assert_int_equal(s, BIT(MLR_CARD__SECTIONS) - 1);

	/* "Evaluation data" is not training data */
	assert_false(card_sections("## Evaluation data\nA hold-out set.\n", false) & BIT(MLR_CARD_TRAINING_DATA));
	assert_true(card_sections("## Evaluation\nAccuracy 91%.\n", false) & BIT(MLR_CARD_EVALUATION));
	assert_true(card_sections("## Evaluation\nAUC 0.84\n", false) & BIT(MLR_CARD_EVALUATION));
	assert_false(card_sections("## Evaluation\n1. pick a split\n", false) & BIT(MLR_CARD_EVALUATION));
}

static void test_placeholders(void **state)
{
	(void)state;
	size_t n;
	const char *s = "Data: [More Information Needed].";
	const char *p = mlr_placeholder_find(s, strlen(s), &n);
	assert_ptr_equal(p, s + 6);
	assert_int_equal(n, strlen("[More Information Needed]"));
	s = "id {{ model_id | default(\"x\") }} end";
	p = mlr_placeholder_find(s, strlen(s), &n);
	assert_ptr_equal(p, s + 3);
	assert_memory_equal(p + n - 2, "}}", 2);
	assert_non_null(mlr_placeholder_find("TODO: write", 11, &n));
	assert_non_null(mlr_placeholder_find("date TBD.", 9, &n));
	/* words, upper case only */
	assert_null(mlr_placeholder_find("a todo list", 11, &n));
	assert_null(mlr_placeholder_find("TODOS and TBDX", 14, &n));
	assert_null(mlr_placeholder_find("STODO", 5, &n));
	/* an unclosed "{{" is not a placeholder, and a long run of braces stays linear */
	char braces[20000];
	memset(braces, '{', sizeof(braces));
	assert_null(mlr_placeholder_find(braces, sizeof(braces), &n));
}

/* ------------------------------------------------------------------ yaml */

static size_t scalars;
static void count_scalar(void *payload, const char *key, bool is_key, const yaml_node_t *node)
{
	(void)payload;
	(void)key;
	(void)is_key;
	(void)node;
	scalars++;
}

static void test_yaml_errors_and_aliases(void **state)
{
	(void)state;
	mlr_yaml y;
	const char *bad = "a: 1\nb:\n  - x\n c: 2\n";
	assert_int_equal(mlr_yaml_load(&y, bad, strlen(bad)), MLR_ECONFIG);
	assert_int_equal(y.err_line, 4);
	assert_int_equal(y.err_col, 2);
	assert_non_null(strstr(y.err, "expected key"));

	const char *ok = "a: 1\nlist:\n  - x\n  - {k: v}\n";
	assert_int_equal(mlr_yaml_load(&y, ok, strlen(ok)), 0);
	yaml_node_t *list = mlr_yaml_get(&y, mlr_yaml_root(&y), "list");
	assert_int_equal(mlr_yaml_len(list), 2);
	assert_string_equal(mlr_yaml_str(mlr_yaml_item(&y, list, 0)), "x");
	assert_int_equal(mlr_yaml_line(mlr_yaml_item(&y, list, 1)), 4);
	assert_null(mlr_yaml_get(&y, list, "a")); /* not a mapping */
	mlr_yaml_dispose(&y);

	/* an empty stream is a document without a root */
	assert_int_equal(mlr_yaml_load(&y, "", 0), 0);
	assert_null(mlr_yaml_root(&y));
	mlr_yaml_dispose(&y);

	/* billion laughs: ten levels of ten aliases would be 10^10 scalars */
	char bomb[2048] = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
	for (char c = 'b'; c <= 'k'; c++) {
		char line[128];
		snprintf(line, sizeof(line), "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", c, c,
			c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
		strcat(bomb, line);
	}
	assert_int_equal(mlr_yaml_load(&y, bomb, strlen(bomb)), 0);
	scalars = 0;
	mlr_yaml_walk(&y, mlr_yaml_root(&y), count_scalar, NULL);
	assert_true(scalars > 0 && scalars <= 200000);
	mlr_yaml_dispose(&y);
}

/* ------------------------------------------------------------------ toml, ini */

static char items[8][64];
static uint32_t item_lines[8];
static size_t nitems;
static void on_item(void *payload, const char *s, uint32_t line)
{
	(void)payload;
	if (nitems < 8) {
		snprintf(items[nitems], sizeof(items[0]), "%s", s);
		item_lines[nitems] = line;
	}
	nitems++;
}

static void test_toml(void **state)
{
	(void)state;
	const char *doc =
		"title = \"x\"\n"                                  /* 1 */
		"[project]\n"                                      /* 2 */
		"name = 'churn'\n"                                 /* 3 */
		"dependencies = [\n"                               /* 4 */
		"  \"torch>=2.0\",  # the engine\n"                /* 5 */
		"  # \"commented\",\n"                             /* 6 */
		"  'numpy==1.26.4', \"a]b\",\n"                    /* 7 */
		"]\n"                                              /* 8 */
		"[tool.poetry.dependencies]\n"                     /* 9 */
		"pandas = { version = \"^2.2\", optional = true }\n" /* 10 */
		"\"quoted.key\" = \"\"\"multi\nline\"\"\"\n"       /* 11-12 */
		"[tool]\n"                                         /* 13 */
		"pytest.ini_options.testpaths = [\"tests\"]\n";    /* 14 */
	mlr_toml t;
	assert_int_equal(mlr_toml_parse(&t, doc, strlen(doc)), 0);
	const mlr_toml_entry *e = mlr_toml_get(&t, "project", "dependencies");
	assert_non_null(e);
	assert_int_equal(e->line, 4);
	nitems = 0;
	mlr_toml_each_string(e->value, e->value_len, e->line, on_item, NULL);
	assert_int_equal(nitems, 3);
	assert_string_equal(items[0], "torch>=2.0");
	assert_int_equal(item_lines[0], 5);
	assert_string_equal(items[1], "numpy==1.26.4");
	assert_int_equal(item_lines[1], 7);
	assert_string_equal(items[2], "a]b");
	e = mlr_toml_get(&t, "tool.poetry.dependencies", "pandas");
	assert_non_null(e);
	assert_int_equal(e->line, 10);
	const char *v;
	size_t vl;
	assert_true(mlr_toml_inline_get(e->value, e->value_len, "version", &v, &vl));
	char *s = mlr_toml_string(v, vl);
	assert_string_equal(s, "^2.2");
	free(s);
	assert_true(mlr_toml_inline_get(e->value, e->value_len, "optional", &v, &vl));
	assert_memory_equal(v, "true", 4);
	assert_int_equal(vl, 4);
	e = mlr_toml_get(&t, "tool.poetry.dependencies", "quoted.key");
	assert_non_null(e);
	s = mlr_toml_string(e->value, e->value_len);
	assert_string_equal(s, "multi\nline");
	free(s);
	/* the key after a multi-line string keeps its line */
	assert_int_equal(mlr_toml_get(&t, "", "title")->line, 1);
	assert_non_null(mlr_toml_get(&t, "tool.pytest.ini_options", "testpaths"));
	assert_int_equal(mlr_toml_get(&t, "tool.pytest.ini_options", "testpaths")->line, 14);
	assert_true(mlr_toml_has_table(&t, "tool.poetry"));
	assert_false(mlr_toml_has_table(&t, "tool.poet"));
	mlr_toml_dispose(&t);

	/* garbage never fails and never reads past the end */
	const char *junk = "[unclosed\nkey = [1, [2, \"x\nkey2 = '\n= =\n[[a.b]]\nq = \"\"\"never closed";
	assert_int_equal(mlr_toml_parse(&t, junk, strlen(junk)), 0);
	mlr_toml_dispose(&t);
}

static void test_ini(void **state)
{
	(void)state;
	const char *doc = "; comment\n[options]\ninstall_requires =\n    torch>=2\n    numpy\n\n[core]\nremote = storage\n"
		"['remote \"storage\"']\n    url = s3://bucket\n";
	mlr_ini ini;
	assert_int_equal(mlr_ini_parse(&ini, doc, strlen(doc)), 0);
	const mlr_ini_entry *e = mlr_ini_get(&ini, "options", "install_requires");
	assert_non_null(e);
	assert_string_equal(e->value, "torch>=2\nnumpy");
	assert_int_equal(e->line, 3);
	e = mlr_ini_get(&ini, "core", "remote");
	assert_string_equal(e->value, "storage");
	assert_true(mlr_ini_has_section(&ini, "'remote \"storage\"'"));
	assert_string_equal(mlr_ini_get(&ini, "'remote \"storage\"'", "url")->value, "s3://bucket");
	mlr_ini_dispose(&ini);
}

/* ------------------------------------------------------------------ versions, requirements */

static mlr_spec_result allows(const char *spec, const char *version)
{
	mlr_version v;
	assert_true(mlr_version_parse(&v, version, strlen(version)));
	return mlr_spec_allows(spec, &v);
}

static void test_version_specs(void **state)
{
	(void)state;
	assert_int_equal(allows(">=2.0", "2.3.1"), MLR_SPEC_YES);
	assert_int_equal(allows(">=2.0", "1.13.1"), MLR_SPEC_NO);
	assert_int_equal(allows(">=1.20,<2", "1.26.4"), MLR_SPEC_YES);
	assert_int_equal(allows(">=1.20,<2", "2.0"), MLR_SPEC_NO);
	assert_int_equal(allows("==1.2.*", "1.2.9"), MLR_SPEC_YES);
	assert_int_equal(allows("==1.2.*", "1.3.0"), MLR_SPEC_NO);
	assert_int_equal(allows("!=1.5.0", "1.5"), MLR_SPEC_NO);
	assert_int_equal(allows("~=1.4.5", "1.4.9"), MLR_SPEC_YES);
	assert_int_equal(allows("~=1.4.5", "1.5.0"), MLR_SPEC_NO);
	assert_int_equal(allows("^2.3", "2.9"), MLR_SPEC_YES);
	assert_int_equal(allows("^2.3", "3.0"), MLR_SPEC_NO);
	assert_int_equal(allows("^0.2.3", "0.3.0"), MLR_SPEC_NO);
	assert_int_equal(allows("~1.2.3", "1.2.9"), MLR_SPEC_YES);
	assert_int_equal(allows("~1.2.3", "1.3"), MLR_SPEC_NO);
	assert_int_equal(allows("=1.24", "1.24.3"), MLR_SPEC_YES); /* conda */
	assert_int_equal(allows("=1.24", "1.26.4"), MLR_SPEC_NO);
	assert_int_equal(allows("", "9.9"), MLR_SPEC_YES);
	assert_int_equal(allows("*", "9.9"), MLR_SPEC_YES);
	assert_int_equal(allows("^1.0 || ^2.0", "2.5"), MLR_SPEC_YES);
	assert_int_equal(allows("@ git+https://x", "1.0"), MLR_SPEC_UNKNOWN);
	mlr_version v;
	assert_true(mlr_spec_exact("==1.13.1", &v));
	assert_int_equal(v.count, 3);
	assert_int_equal(v.part[1], 13);
	assert_true(mlr_spec_exact("=1.24", &v));
	assert_false(mlr_spec_exact(">=1.0", &v));
	assert_false(mlr_spec_exact("==1.2.*", &v));
	assert_false(mlr_spec_exact("==1.0,<2", &v));
}

static void test_pep508(void **state)
{
	(void)state;
	char name[64], spec[64];
	bool marker, exact;
#define PARSE(s) mlr_dep_parse_pep508(name, sizeof(name), spec, sizeof(spec), &marker, &exact, s, strlen(s))
	assert_true(PARSE("Scikit_Learn[alldeps] >= 1.4 ; python_version >= '3.9'"));
	assert_string_equal(name, "scikit-learn");
	assert_string_equal(spec, ">=1.4");
	assert_true(marker);
	assert_false(exact);
	assert_true(PARSE("torch==2.3.1+cu121"));
	assert_true(exact);
	assert_true(PARSE("numpy (==1.26.4)"));
	assert_string_equal(spec, "==1.26.4");
	assert_true(exact);
	assert_true(PARSE("featurelib @ git+https://github.com/org/featurelib.git@4f2a9c1"));
	assert_true(exact);
	assert_true(PARSE("git+https://github.com/org/evallib.git@main#egg=evallib"));
	assert_string_equal(name, "evallib");
	assert_false(exact);
	assert_true(PARSE("git+https://github.com/org/evallib.git@v1.2.0#egg=Eval_Lib"));
	assert_string_equal(name, "eval-lib");
	assert_true(exact);
	assert_false(PARSE("--index-url https://x"));
	assert_false(PARSE("https://example.com/pkg.tar.gz"));
#undef PARSE
	mlr_dep_name(name, sizeof(name), "PyTorch", 7);
	assert_string_equal(name, "torch");
	mlr_dep_name(name, sizeof(name), "ruamel.yaml", 11);
	assert_string_equal(name, "ruamel-yaml");
}

/* ------------------------------------------------------------------ dockerfile */

static void test_dockerfile(void **state)
{
	(void)state;
	const char *doc =
		"# syntax=docker/dockerfile:1\n"            /* 1 */
		"FROM --platform=$BUILDPLATFORM python:3.11-slim@sha256:abc AS build\n" /* 2 */
		"RUN apt-get update && \\\n"                /* 3 */
		"    # a comment inside the continuation\n" /* 4 */
		"    apt-get install -y git\n"              /* 5 */
		"RUN <<EOF\n"                               /* 6 */
		"USER root\n"                               /* 7: heredoc body, not an instruction */
		"EOF\n"                                     /* 8 */
		"user app\n";                               /* 9 */
	mlr_docker_instrs ins = { 0 };
	assert_int_equal(mlr_dockerfile_parse(&ins, doc, strlen(doc)), 0);
	assert_int_equal(ins.len, 4);
	assert_string_equal(ins.items[0].cmd, "FROM");
	assert_int_equal(ins.items[0].line, 2);
	assert_string_equal(ins.items[1].cmd, "RUN");
	assert_int_equal(ins.items[1].line, 3);
	assert_non_null(strstr(ins.items[1].args, "apt-get install -y git"));
	assert_string_equal(ins.items[3].cmd, "USER");
	assert_int_equal(ins.items[3].line, 9);
	mlr_docker_from f;
	assert_true(mlr_docker_from_parse(&f, ins.items[0].args));
	assert_true(f.digest);
	assert_int_equal(f.tag_len, strlen("3.11-slim"));
	assert_memory_equal(f.stage, "build", 5);
	mlr_dockerfile_dispose(&ins);

	assert_true(mlr_docker_from_parse(&f, "localhost:5000/team/python"));
	assert_null(f.tag); /* the registry port is not a tag */
	assert_true(mlr_docker_from_parse(&f, "python:latest"));
	assert_memory_equal(f.tag, "latest", 6);
	assert_true(mlr_dockerfile_name("docker/Dockerfile.gpu"));
	assert_true(mlr_dockerfile_name("serve.Dockerfile"));
	assert_false(mlr_dockerfile_name(".devcontainer/Dockerfile"));
	assert_false(mlr_dockerfile_name("docs/dockerfile.md"));
}

/* ------------------------------------------------------------------ pii */

static char cols[8][64];
static size_t ncols;
static void on_col(void *payload, const char *name, size_t len)
{
	(void)payload;
	if (ncols < 8)
		snprintf(cols[ncols], sizeof(cols[0]), "%.*s", (int)len, name);
	ncols++;
}

static void test_pii_columns(void **state)
{
	(void)state;
#define PII(s) mlr_pii_column(s, strlen(s))
	assert_string_equal(PII("Email"), "email address");
	assert_string_equal(PII("customerEmailAddress"), "email address");
	assert_string_equal(PII("PhoneNumber"), "phone number");
	assert_string_equal(PII("SSN"), "national id");
	assert_string_equal(PII("date_of_birth"), "date of birth");
	assert_string_equal(PII("DOB"), "date of birth");
	assert_string_equal(PII("home address"), "postal address");
	assert_string_equal(PII("last_name"), "person name");
	assert_string_equal(PII("client_ip"), "IP address");
	assert_string_equal(PII("ip_address"), "IP address");
	assert_null(PII("name"));
	assert_null(PII("plan_name"));
	assert_null(PII("mac_address"));
	assert_null(PII("wallet_address"));
	assert_null(PII("ip_count"));
	assert_null(PII("zip_code_region_avg"));
	assert_null(PII("telemetry"));
	assert_null(PII("mobile_app_version"));
#undef PII
	ncols = 0;
	const char *header = "\xef\xbb\xbf\"id\";\"e;mail\";\"Phone Number\"\r";
	mlr_csv_header_columns(header, strlen(header), on_col, NULL);
	assert_int_equal(ncols, 3);
	assert_string_equal(cols[0], "id");
	assert_string_equal(cols[1], "e;mail");
	assert_string_equal(cols[2], "Phone Number");
	ncols = 0;
	mlr_csv_header_columns("a\tb,c\td", 7, on_col, NULL);
	assert_int_equal(ncols, 3); /* tab wins over the single comma */
}

/* ------------------------------------------------------------------ ci, globs, artifacts */

static void test_ci_classify(void **state)
{
	(void)state;
#define CI(s) mlr_ci_classify(s, strlen(s))
	assert_int_equal(CI("pip install pytest ruff"), 0);
	assert_int_equal(CI("python -m pip install --upgrade pip build"), 0);
	assert_int_equal(CI("pip install ruff && ruff check . && python -m pytest -q"), MLR_CI_LINT | MLR_CI_TESTS);
	assert_int_equal(CI("uv run pytest tests/"), MLR_CI_TESTS);
	assert_int_equal(CI("make test"), MLR_CI_TESTS);
	assert_int_equal(CI("make -j2 quality"), MLR_CI_LINT);
	assert_int_equal(CI("tox -e lint"), MLR_CI_TESTS | MLR_CI_LINT);
	assert_int_equal(CI("gitleaks/gitleaks-action@v2"), MLR_CI_SCAN);
	assert_int_equal(CI("pip-audit -r requirements.txt"), MLR_CI_SCAN);
	assert_int_equal(CI("python -m build\ntwine upload dist/*"), MLR_CI_BUILD);
	assert_int_equal(CI("docker buildx build --push -t x ."), MLR_CI_BUILD);
	assert_int_equal(CI("echo pytest.ini changed; cat pytest.ini"), 0);
	assert_int_equal(CI("mkdocs build"), 0);
	assert_int_equal(CI("PYTEST_ADDOPTS=-q"), 0);
#undef CI
}

static void test_globs(void **state)
{
	(void)state;
	assert_true(mlr_name_match("test_*.py", "test_a.py"));
	assert_false(mlr_name_match("test_*.py", "atest_a.py"));
	assert_true(mlr_name_match("*.[ch]", "x.h"));
	assert_false(mlr_name_match("*.[!ch]", "x.c"));
	assert_true(mlr_name_match("a*b*c", "aXXbYYc"));
	assert_true(mlr_path_glob("models/**", "models/a/b.pt"));
	assert_true(mlr_path_glob("**/weights/*.bin", "x/y/weights/a.bin"));
	assert_true(mlr_path_glob("**/weights/*.bin", "weights/a.bin"));
	assert_false(mlr_path_glob("models/*", "models/a/b.pt"));
	/* many stars against a long name stays fast (one backtrack point) */
	char name[4096];
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_false(mlr_name_match("*a*a*a*a*a*a*a*a*b", name));
}

static void test_artifact_classes(void **state)
{
	(void)state;
	const char *tool = NULL;
	assert_int_equal(mlr_tracker_dir("exp/mlruns/0/meta.yaml", &tool), strlen("exp/mlruns"));
	assert_string_equal(tool, "MLflow");
	assert_int_equal(mlr_tracker_dir("notes/mlruns.md", &tool), 0);
	assert_int_equal(mlr_tracker_dir("runs/a/events.out.tfevents.1.host", &tool), strlen("runs/a"));
	assert_string_equal(tool, "TensorBoard");
	mlr_file f = { .path = "models/churn.pkl", .kind = MLR_KIND_MODEL, .size = 10 };
	assert_true(mlr_artifact_is_model(&f));
	f.path = "tests/fixtures/tiny.pkl";
	assert_false(mlr_artifact_is_model(&f));
	f.size = 2u << 20;
	assert_true(mlr_artifact_is_model(&f));
	mlr_file bin = { .path = "assets/table.bin", .kind = MLR_KIND_MODEL, .size = 100 };
	assert_false(mlr_artifact_is_model(&bin));
	bin.path = "hf/pytorch_model.bin";
	assert_true(mlr_artifact_is_model(&bin));
	assert_true(mlr_lfs_pointer("version https://git-lfs.github.com/spec/v1\noid sha256:x\n", 50));
	assert_false(mlr_lfs_pointer("version 1", 9));
}

/* ------------------------------------------------------------------ robustness */

/* Every reader on the same hostile bytes: random data, long lines, deep nesting. */
static void test_readers_survive_garbage(void **state)
{
	(void)state;
	size_t len = 1 << 16;
	char *buf = malloc(len);
	assert_non_null(buf);
	uint32_t seed = 12345;
	static const char alphabet[] = "[]{}\"'#=:-\\\n\t <>!`~*|,.0123456789abcTODO";
	for (int round = 0; round < 8; round++) {
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = round % 2 ? (char)(seed >> 16) : alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		mlr_md md;
		assert_int_equal(mlr_md_parse(&md, buf, len, round % 4 == 1), 0);
		mlr_model_card card = { NULL, buf, len, md };
		(void)mlr_model_card_sections(&card, false);
		mlr_md_dispose(&md);
		mlr_toml t;
		assert_int_equal(mlr_toml_parse(&t, buf, len), 0);
		for (size_t i = 0; i < t.entries.len; i++) {
			nitems = 0;
			mlr_toml_each_string(t.entries.items[i].value, t.entries.items[i].value_len, 1, on_item, NULL);
		}
		mlr_toml_dispose(&t);
		mlr_ini ini;
		assert_int_equal(mlr_ini_parse(&ini, buf, len), 0);
		mlr_ini_dispose(&ini);
		mlr_docker_instrs ins = { 0 };
		assert_int_equal(mlr_dockerfile_parse(&ins, buf, len), 0);
		mlr_dockerfile_dispose(&ins);
		mlr_yaml y;
		if (mlr_yaml_load(&y, buf, len) == 0)
			mlr_yaml_dispose(&y);
		(void)mlr_ci_classify(buf, 4096);
		ncols = 0;
		mlr_csv_header_columns(buf, 4096, on_col, NULL);
	}
	/* 3000 nested brackets */
	memset(buf, '[', len);
	mlr_toml t;
	assert_int_equal(mlr_toml_parse(&t, "k = ", 4), 0);
	mlr_toml_dispose(&t);
	memcpy(buf, "k = ", 4);
	assert_int_equal(mlr_toml_parse(&t, buf, len), 0);
	mlr_toml_dispose(&t);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markdown_headings_and_blocks),
		cmocka_unit_test(test_markdown_rst_underlines),
		cmocka_unit_test(test_model_card_sections),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_yaml_errors_and_aliases),
		cmocka_unit_test(test_toml),
		cmocka_unit_test(test_ini),
		cmocka_unit_test(test_version_specs),
		cmocka_unit_test(test_pep508),
		cmocka_unit_test(test_dockerfile),
		cmocka_unit_test(test_pii_columns),
		cmocka_unit_test(test_ci_classify),
		cmocka_unit_test(test_globs),
		cmocka_unit_test(test_artifact_classes),
		cmocka_unit_test(test_readers_survive_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
