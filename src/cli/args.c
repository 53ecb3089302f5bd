#include "cli/args.h"

#include "core/error.h"
#include "report/compare.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void mlr_cli_usage(FILE *f)
{
	fputs("usage: mlready [PATH] [options]        lint the repository containing PATH (default .)\n"
	      "       mlready rules                   list the rules\n"
	      "       mlready explain ID              a rule's documentation\n"
	      "       mlready version\n"
	      "       mlready init [PATH]             write a starter .mlready.yml tuned to the repository\n"
	      "       mlready scaffold KIND [PATH]    write what a finding asks for: model-card, ci,\n"
	      "                                       pre-commit, gitattributes\n"
	      "       mlready compare PATH...         one row of scores per repository (text, markdown,\n"
	      "                                       json); the gate fails if any repository fails it\n"
	      "\n"
	      "options:\n"
	      "  --rev REV           lint a committed tree (no checkout; bare repositories too)\n"
	      "  --staged            lint the staged content (the index), for pre-commit\n"
	      "  --no-git            lint PATH as a plain directory even inside a repository\n"
	      "  --history           scan every unique blob reachable from any ref for secrets\n"
	      "  --base REV          PR mode: report only findings new since the merge base with REV,\n"
	      "                      plus the change rules (MLR9xx); the score shows its delta\n"
	      "  --config-from-base  PR mode: read the config from the base revision\n"
	      "  --files             the other arguments are files to lint, repository-relative (for\n"
	      "                      pre-commit); repository-level rules are skipped\n"
	      "  --force             init, scaffold: overwrite an existing file\n"
	      "  --format FMT        text (default), json, sarif, markdown, github, junit, html or\n"
	      "                      badge; repeat it for several reports, each with its own --output\n"
	      "  --output FILE       write the report of the --format before it to FILE instead of\n"
	      "                      standard output (at most one report goes to standard output)\n"
	      "  --profile NAME      scoring profile: prototype or production (default: the config's)\n"
	      "  --config FILE       read the configuration from FILE instead of .mlready.yml at the root\n"
	      "  --no-config         ignore .mlready.yml\n"
	      "  --select IDS        only these rules: ids, names, categories or id prefixes, comma-separated\n"
	      "                      (replaces the config's select)\n"
	      "  --ignore IDS        not these rules (added to the config's ignore)\n"
	      "  --baseline FILE     do not report the findings recorded in FILE\n"
	      "  --write-baseline FILE  record this run's findings in FILE (and pass the gate)\n"
	      "  --min-score N       fail when the overall score is below N (0-100)\n"
	      "  --fail-on LEVEL     fail on findings at or above LEVEL: error (default), warning,\n"
	      "                      note, never\n"
	      "  -j, --jobs N        worker threads (default: the number of cores)\n"
	      "  --max-file-size N   skip files larger than N bytes (default 8388608)\n"
	      "  --max-python-size N  parse Python up to N bytes (default 2097152); larger files\n"
	      "                      get the text rules only, with a note\n"
	      "  --include-vendored  also lint virtualenvs, node_modules, build directories\n"
	      "  --no-prefilter      parse every Python file, not only those some rule's\n"
	      "                      triggers select (same findings, slower)\n"
	      "  --no-cache          neither read nor write the analysis cache kept in the Git directory\n"
	      "                      (.git/mlready; --history and --no-git never use it)\n"
	      "  --no-color          no ANSI colour (also: NO_COLOR set, or output not a terminal)\n"
	      "  -q, --quiet         findings only\n"
	      "  -h, --help          this help\n"
	      "\n"
	      "exit status: 0 passed, 1 gate failed, 2 usage/config/rule error, 3 repository or I/O error\n",
	      f);
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("mlready: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (see mlready --help)\n", stderr);
	return MLR_EUSAGE;
}

static bool parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

/* The value of an option: `--opt value` or `--opt=value`. */
static const char *option_value(int argc, char **argv, int *i, const char *eq)
{
	if (eq)
		return eq + 1;
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

/* A --format: it takes the --output given before it that no format claimed yet. */
static int add_format(mlr_cli *cli, const char *name, const char **pending_output)
{
	mlr_format f;
	if (mlr_format_parse(&f, name) < 0)
		return usage_error("--format: %s", mlr_error_last());
	if (cli->output_count >= MLR_CLI_MAX_OUTPUTS)
		return usage_error("more than 16 reports%s", "");
	cli->outputs[cli->output_count++] = (mlr_cli_output){ f, *pending_output };
	*pending_output = NULL;
	return 0;
}

/* An --output belongs to the latest --format still writing to stdout; with none, to the
 * next --format (or, at the end, to the text report). */
static int add_output(mlr_cli *cli, const char *path, const char **pending_output)
{
	if (cli->output_count && !cli->outputs[cli->output_count - 1].path) {
		cli->outputs[cli->output_count - 1].path = path;
		return 0;
	}
	if (*pending_output)
		return usage_error("--output %s: no --format for it (give one --format per --output)", path);
	*pending_output = path;
	return 0;
}

static int finish_outputs(mlr_cli *cli, const char *pending_output)
{
	/* `--output FILE` alone: the default text report, to FILE */
	if (pending_output && cli->output_count)
		return usage_error("--output %s: no --format for it (give one --format per --output)", pending_output);
	if (pending_output && add_format(cli, "text", &pending_output) < 0)
		return MLR_EUSAGE;
	size_t to_stdout = 0;
	for (size_t i = 0; i < cli->output_count; i++) {
		if (!cli->outputs[i].path) {
			if (++to_stdout > 1)
				return usage_error("two reports for standard output: give each --format but one an --output%s", "");
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (cli->outputs[j].path && !strcmp(cli->outputs[j].path, cli->outputs[i].path))
				return usage_error("two reports for one file: %s", cli->outputs[i].path);
	}
	return 0;
}

int mlr_cli_parse(mlr_cli *cli, int argc, char **argv)
{
	memset(cli, 0, sizeof(*cli));
	mlr_options_init(&cli->lint);
	cli->min_score = -1;
	cli->fail_on = MLR_SEV_ERROR;
	const char *path = NULL;
	bool rev = false, staged = false, no_git = false, history = false, positional_done = false;
	bool files = false;
	int files_w = 1;
	const char *pending_output = NULL;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (positional_done || a[0] != '-' || !strcmp(a, "-")) {
			if (i == 1 && !strcmp(a, "rules")) {
				cli->command = MLR_CMD_RULES;
				continue;
			}
			if (i == 1 && !strcmp(a, "version")) {
				cli->command = MLR_CMD_VERSION;
				continue;
			}
			if (i == 1 && !strcmp(a, "init")) {
				cli->command = MLR_CMD_INIT;
				continue;
			}
			if (i == 1 && !strcmp(a, "scaffold")) {
				cli->command = MLR_CMD_SCAFFOLD;
				if (i + 1 >= argc)
					return usage_error("scaffold needs a kind: model-card, ci, pre-commit or gitattributes%s", "");
				cli->scaffold_kind = argv[++i];
				continue;
			}
			if (i == 1 && !strcmp(a, "compare")) {
				cli->command = MLR_CMD_COMPARE;
				files = true; /* its paths are gathered as --files are */
				continue;
			}
			if (files) {
				/* Files are gathered at the front of argv, over arguments already read
				 * (w <= i), so cli->files needs no allocation. */
				argv[files_w++] = argv[i];
				continue;
			}
			if (i == 1 && !strcmp(a, "explain")) {
				cli->command = MLR_CMD_EXPLAIN;
				if (i + 1 >= argc)
					return usage_error("explain needs a rule id or name%s", "");
				cli->explain_id = argv[++i];
				continue;
			}
			if (cli->command != MLR_CMD_LINT && cli->command != MLR_CMD_INIT &&
				cli->command != MLR_CMD_SCAFFOLD)
				return usage_error("unexpected argument '%s'", a);
			if (path)
				return usage_error("more than one path given ('%s')", a);
			path = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			positional_done = true;
			continue;
		}
		const char *eq = !strncmp(a, "--", 2) ? strchr(a, '=') : NULL;
		size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
		/* -j2: a short option with its value attached */
		if (a[1] == 'j' && a[2]) {
			eq = a + 1;
			nlen = 2;
		}
#define IS(name) (nlen == strlen(name) && !strncmp(a, name, nlen))
#define VALUE()                                                                   \
	do {                                                                          \
		if (!(v = option_value(argc, argv, &i, eq)))                              \
			return usage_error("option %s needs a value", a);                     \
	} while (0)
#define FLAG()                                                                    \
	do {                                                                          \
		if (eq)                                                                   \
			return usage_error("option %s takes no value", a);                    \
	} while (0)
		const char *v = NULL;
		unsigned long long n;
		if (IS("-h") || IS("--help")) {
			cli->command = MLR_CMD_HELP;
		} else if (IS("--version")) {
			cli->command = MLR_CMD_VERSION;
		} else if (IS("--rev")) {
			VALUE();
			if (!*v)
				return usage_error("--rev needs a revision%s", "");
			cli->lint.rev = v;
			rev = true;
		} else if (IS("--base")) {
			VALUE();
			if (!*v)
				return usage_error("--base needs a revision%s", "");
			cli->lint.base = v;
		} else if (IS("--config-from-base")) {
			FLAG();
			cli->config_from_base = true;
		} else if (IS("--files")) {
			FLAG();
			if (cli->command == MLR_CMD_COMPARE)
				return usage_error("compare lints whole repositories: --files does not apply%s", "");
			files = true;
		} else if (IS("--force")) {
			FLAG();
			cli->force = true;
		} else if (IS("--staged")) {
			FLAG();
			staged = true;
		} else if (IS("--no-git")) {
			FLAG();
			no_git = true;
		} else if (IS("--history")) {
			FLAG();
			history = true;
		} else if (IS("--format")) {
			VALUE();
			if (add_format(cli, v, &pending_output) < 0)
				return MLR_EUSAGE;
		} else if (IS("--output") || IS("-o")) {
			VALUE();
			if (!*v)
				return usage_error("--output needs a file name%s", "");
			cli->output = v;
			if (add_output(cli, v, &pending_output) < 0)
				return MLR_EUSAGE;
		} else if (IS("--profile")) {
			VALUE();
			const mlr_profile *profile;
			if (!*v)
				return usage_error("--profile needs a name: prototype or production%s", "");
			if (mlr_profile_find(&profile, v) < 0)
				return usage_error("--profile: %s", mlr_error_last());
			cli->lint.profile = v;
		} else if (IS("--config")) {
			VALUE();
			if (!*v)
				return usage_error("--config needs a file name%s", "");
			cli->config = v;
		} else if (IS("--no-config")) {
			FLAG();
			cli->no_config = true;
		} else if (IS("--select") || IS("--ignore")) {
			VALUE();
			bool sel = IS("--select");
			size_t *count = sel ? &cli->select_count : &cli->ignore_count;
			if (*count >= MLR_CLI_MAX_LISTS)
				return usage_error("%s given too many times", sel ? "--select" : "--ignore");
			(sel ? cli->selects : cli->ignores)[(*count)++] = v;
		} else if (IS("--baseline")) {
			VALUE();
			if (!*v)
				return usage_error("--baseline needs a file name%s", "");
			cli->baseline = v;
		} else if (IS("--write-baseline")) {
			VALUE();
			if (!*v)
				return usage_error("--write-baseline needs a file name%s", "");
			cli->write_baseline = v;
		} else if (IS("--min-score")) {
			VALUE();
			if (!parse_uint(v, 100, &n))
				return usage_error("--min-score takes a whole number from 0 to 100, not '%s'", v);
			cli->min_score = (double)n;
		} else if (IS("--fail-on")) {
			VALUE();
			mlr_severity sev;
			if (!strcmp(v, "never"))
				cli->fail_on = MLR_FAIL_NEVER;
			else if (mlr_severity_parse(&sev, v) == 0)
				cli->fail_on = (int)sev;
			else
				return usage_error("--fail-on takes error, warning, note or never, not '%s'", v);
			cli->fail_on_set = true;
		} else if (IS("-j") || IS("--jobs")) {
			VALUE();
			if (!parse_uint(v, 256, &n) || n == 0)
				return usage_error("-j takes a number of threads from 1 to 256, not '%s'", v);
			cli->lint.jobs = (int)n;
		} else if (IS("--max-file-size")) {
			VALUE();
			if (!parse_uint(v, 1ULL << 40, &n) || n == 0)
				return usage_error("--max-file-size takes a positive number of bytes, not '%s'", v);
			cli->lint.max_file_size = n;
		} else if (IS("--max-python-size")) {
			VALUE();
			if (!parse_uint(v, 1ULL << 40, &n) || n == 0)
				return usage_error("--max-python-size takes a positive number of bytes, not '%s'", v);
			cli->max_python_size = n;
		} else if (IS("--include-vendored")) {
			FLAG();
			cli->lint.include_vendored = true;
		} else if (IS("--no-prefilter")) {
			FLAG();
			cli->lint.no_prefilter = true;
		} else if (IS("--no-cache")) {
			FLAG();
			cli->lint.no_cache = true;
		} else if (IS("--no-color")) {
			FLAG();
			cli->no_color = true;
		} else if (IS("-q") || IS("--quiet")) {
			FLAG();
			cli->quiet = true;
		} else {
			return usage_error("unknown option '%s'", a);
		}
#undef IS
#undef VALUE
#undef FLAG
	}
	if (rev + staged + no_git + history > 1)
		return usage_error("--rev, --staged, --history and --no-git exclude each other%s", "");
	if (finish_outputs(cli, pending_output) < 0)
		return MLR_EUSAGE;
	if (cli->config && cli->no_config)
		return usage_error("--config and --no-config exclude each other%s", "");
	cli->lint.source = rev ? MLR_SOURCE_REV : staged ? MLR_SOURCE_STAGED : no_git ? MLR_SOURCE_DIR
		: history ? MLR_SOURCE_HISTORY : MLR_SOURCE_AUTO;
	if (path)
		cli->lint.path = path;
	if (cli->command == MLR_CMD_COMPARE) {
		cli->paths = (const char *const *)&argv[1];
		cli->path_count = (size_t)(files_w - 1);
		if (cli->path_count == 0)
			return usage_error("compare needs the paths of the repositories to compare%s", "");
		if (staged || history || cli->lint.base || cli->baseline || cli->write_baseline)
			return usage_error("compare scores whole trees: %s does not apply", staged ? "--staged"
				: history ? "--history" : cli->lint.base ? "--base" : cli->baseline ? "--baseline"
				: "--write-baseline");
		for (size_t k = 0; k < cli->output_count; k++)
			if (!mlr_compare_supports(cli->outputs[k].format))
				return usage_error("compare writes text, markdown or json, not %s",
					mlr_format_name(cli->outputs[k].format));
		return 0;
	}
	if (files) {
		if (path)
			return usage_error("--files lints the repository in the current directory: '%s' was given before --files", path);
		cli->files = (const char *const *)&argv[1];
		cli->file_count = (size_t)(files_w - 1);
		cli->lint.only_paths = cli->files;
		cli->lint.only_path_count = cli->file_count;
	}
	if (cli->config_from_base && !cli->lint.base)
		return usage_error("--config-from-base needs --base REV%s", "");
	if (cli->config_from_base && (cli->config || cli->no_config))
		return usage_error("--config-from-base takes the config from the base: it excludes %s",
			cli->config ? "--config" : "--no-config");
	if (cli->lint.base && files)
		return usage_error("--base and --files exclude each other%s", "");
	if (cli->lint.base && (history || no_git))
		return usage_error("--base compares two commits: it cannot be combined with %s", history ? "--history" : "--no-git");
	return 0;
}
