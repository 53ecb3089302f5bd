#include "cli/args.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void mlr_cli_usage(FILE *f)
{
	fputs("usage: mlready [PATH] [options]        lint the repository containing PATH (default .)\n"
	      "       mlready rules                   list the rules\n"
	      "       mlready explain ID              a rule's documentation\n"
	      "       mlready version\n"
	      "\n"
	      "options:\n"
	      "  --rev REV           lint a committed tree (no checkout; bare repositories too)\n"
	      "  --staged            lint the staged content (the index), for pre-commit\n"
	      "  --no-git            lint PATH as a plain directory even inside a repository\n"
	      "  --history           scan every unique blob reachable from any ref for secrets\n"
	      "  --format FMT        text (default) or json\n"
	      "  --output FILE       write the report to FILE instead of standard output\n"
	      "  --min-score N       fail when the overall score is below N (0-100)\n"
	      "  --fail-on LEVEL     fail on findings at or above LEVEL: error (default), warning,\n"
	      "                      note, never\n"
	      "  -j, --jobs N        worker threads (default: the number of cores)\n"
	      "  --max-file-size N   skip files larger than N bytes (default 8388608)\n"
	      "  --include-vendored  also lint virtualenvs, node_modules, build directories\n"
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

int mlr_cli_parse(mlr_cli *cli, int argc, char **argv)
{
	memset(cli, 0, sizeof(*cli));
	mlr_options_init(&cli->lint);
	cli->min_score = -1;
	cli->fail_on = MLR_SEV_ERROR;
	const char *path = NULL;
	bool rev = false, staged = false, no_git = false, history = false, positional_done = false;

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
			if (i == 1 && !strcmp(a, "explain")) {
				cli->command = MLR_CMD_EXPLAIN;
				if (i + 1 >= argc)
					return usage_error("explain needs a rule id or name%s", "");
				cli->explain_id = argv[++i];
				continue;
			}
			if (cli->command != MLR_CMD_LINT)
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
			if (mlr_format_parse(&cli->format, v) < 0)
				return usage_error("unknown format '%s' (text, json)", v);
		} else if (IS("--output") || IS("-o")) {
			VALUE();
			if (!*v)
				return usage_error("--output needs a file name%s", "");
			cli->output = v;
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
		} else if (IS("--include-vendored")) {
			FLAG();
			cli->lint.include_vendored = true;
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
	cli->lint.source = rev ? MLR_SOURCE_REV : staged ? MLR_SOURCE_STAGED : no_git ? MLR_SOURCE_DIR
		: history ? MLR_SOURCE_HISTORY : MLR_SOURCE_AUTO;
	if (path)
		cli->lint.path = path;
	return 0;
}
