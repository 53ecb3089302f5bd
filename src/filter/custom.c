/*
 * Custom rules: the YAML files of the directory a config names in `custom-rules`, read
 * with the built-in rules' loader (src/rules/load.c) and checked harder than at build
 * time, because nobody runs a test suite over them: each query is compiled by the engine
 * (regexes included), and each example is run — an `invalid` snippet that does not fire,
 * or a `valid` one that does, is a load error pointing at the snippet.
 */
#include "filter/config_int.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/shown.h"

#define MAX_CUSTOM_RULES 500
#define EXAMPLE_PARSE_TIMEOUT_US (2u * 1000u * 1000u)

typedef mlr_array(char *) name_array;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool rule_file_name(const char *n)
{
	size_t len = strlen(n);
	return n[0] != '.' && ((len > 4 && !strcmp(n + len - 4, ".yml")) || (len > 5 && !strcmp(n + len - 5, ".yaml")));
}

static char *join(const char *a, const char *b)
{
	mlr_buf p = MLR_BUF_INIT;
	if (a && strcmp(a, ".")) {
		mlr_buf_puts(&p, a);
		if (p.len && p.ptr[p.len - 1] != '/')
			mlr_buf_putc(&p, '/');
	}
	mlr_buf_puts(&p, b);
	return mlr_buf_detach(&p);
}

/* A relative path that stays inside the directory it is relative to. */
static bool stays_inside(const char *p)
{
	if (p[0] == '/')
		return false;
	for (const char *s = p; *s;) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == 2 && s[0] == '.' && s[1] == '.')
			return false;
		s += n + (e ? 1 : 0);
	}
	return true;
}

/* The repository's config is untrusted: what custom-rules names must resolve, symlinks
 * and all, to a path inside the config's directory, and a rule file must be a regular
 * file (a FIFO would block the read). */
static bool resolves_inside(const char *base, const char *path, bool dir)
{
	char *rb = realpath(base && *base ? base : ".", NULL), *rp = realpath(path, NULL);
	struct stat st;
	bool ok = false;
	if (rb && rp && stat(rp, &st) == 0 && (dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode))) {
		size_t n = strlen(rb);
		ok = !strncmp(rb, rp, n) && (rp[n] == '/' || rp[n] == '\0' || (n == 1 && rb[0] == '/'));
	}
	free(rb);
	free(rp);
	return ok;
}

static int list_dir(name_array *out, mlr_diag *d, const mlr_cfg_str *where, const char *cfg_path, const char *dir)
{
	char shown[MLR_SHOWN_SIZE];
	mlr_shown_bare(shown, sizeof(shown), where->text);
	DIR *dh = opendir(dir);
	if (!dh) {
		mlr_diag_report(d, cfg_path, where->mark.line, where->mark.column,
			"custom-rules: cannot open directory %s", shown);
		return MLR_ECONFIG;
	}
	struct dirent *e;
	while ((e = readdir(dh))) {
		if (!rule_file_name(e->d_name))
			continue;
		if (out->len >= MAX_CUSTOM_RULES) {
			mlr_diag_report(d, cfg_path, where->mark.line, where->mark.column,
				"custom-rules: more than %d rule files in %s", MAX_CUSTOM_RULES, shown);
			closedir(dh);
			return MLR_ECONFIG;
		}
		char *n = mlr_strdup(e->d_name);
		if (!n || mlr_array_push(out, n) < 0) {
			free(n);
			closedir(dh);
			return mlr_error_set(MLR_ENOMEM, "out of memory");
		}
	}
	closedir(dh);
	if (out->len > 1)
		qsort(out->items, out->len, sizeof(char *), cmp_str);
	return 0;
}

/* A NULL-terminated copy of the pointers of a list (the strings stay the def's). */
static const char *const *terminated(const mlr_rule_strings *list)
{
	const char **a = calloc(list->len + 1, sizeof(*a));
	for (size_t i = 0; a && i < list->len; i++)
		a[i] = list->items[i];
	return a;
}

static void rule_from_def(mlr_rule *r, const mlr_rule_def *def)
{
	memset(r, 0, sizeof(*r));
	r->id = def->id;
	r->name = def->name;
	r->category = (mlr_category)def->category;
	r->severity = (mlr_severity)def->severity;
	r->scope = MLR_SCOPE_PYTHON;
	r->weight = def->weight;
	r->message = def->message;
	r->summary = def->summary;
	r->fix = def->fix;
	r->doc_what = def->what;
	r->doc_why = def->why;
	r->doc_example = def->example;
	r->doc_instead = def->instead;
	r->query = def->query;
	r->triggers = def->triggers;
	r->invalid = terminated(&def->invalid);
	r->valid = terminated(&def->valid);
}

typedef struct {
	size_t count;
	uint32_t first_line;
} match_count;

static void count_match(void *payload, const mlr_rule *rule, TSNode node)
{
	(void)rule;
	match_count *m = payload;
	if (m->count++ == 0)
		m->first_line = ts_node_start_point(node).row + 1;
}

/* Runs one rule's examples; problems point at the snippet that misbehaves. */
static int run_examples(const mlr_rule *rule, const mlr_rule_def *def, const mlr_query *q,
	mlr_py_parser *parser, TSQueryCursor *cursor, mlr_diag *d)
{
	for (int valid = 0; valid <= 1; valid++) {
		const mlr_rule_strings *list = valid ? &def->valid : &def->invalid;
		const mlr_rule_mark *marks = valid ? def->valid_marks : def->invalid_marks;
		for (size_t i = 0; i < list->len; i++) {
			mlr_py py;
			const char *src = list->items[i];
			int rc = mlr_py_parse(&py, parser, src, strlen(src));
			if (rc == MLR_ENOMEM)
				return rc;
			if (rc < 0) {
				mlr_diag_report(d, def->path, marks[i].line, marks[i].column,
					"%s: this example cannot be parsed: %s", rule->id, mlr_error_last());
				continue;
			}
			match_count m = { 0, 0 };
			mlr_query_run(q, cursor, &py, count_match, &m);
			mlr_py_dispose(&py);
			if (!valid && m.count == 0)
				mlr_diag_report(d, def->path, marks[i].line, marks[i].column,
					"%s: this 'invalid' example does not fire: the query matches nothing in it", rule->id);
			else if (valid && m.count)
				mlr_diag_report(d, def->path, marks[i].line, marks[i].column,
					"%s: this 'valid' example fires (at its line %u): it must stay silent", rule->id,
					m.first_line);
		}
	}
	return 0;
}

/* Compiles each rule on its own (so a problem names its file), runs its examples, then
 * builds the set the workers share. */
static int compile(mlr_config *cfg, mlr_diag *d)
{
	int error = 0, before = d->count;
	mlr_py_parser *parser = NULL;
	TSQueryCursor *cursor = NULL;
	const mlr_rule **ptrs = calloc(cfg->custom_count ? cfg->custom_count : 1, sizeof(*ptrs));

	if (!ptrs || (error = mlr_py_parser_new(&parser, EXAMPLE_PARSE_TIMEOUT_US)) < 0 ||
	    !(cursor = ts_query_cursor_new())) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	ts_query_cursor_set_match_limit(cursor, 1024);
	for (size_t i = 0; i < cfg->custom_count; i++) {
		const mlr_rule *r = &cfg->custom[i];
		const mlr_rule_def *def = cfg->defs.items[i];
		mlr_query *q = NULL;
		ptrs[i] = r;
		if ((error = mlr_query_new(&q, r, r->query)) < 0) {
			if (error == MLR_ENOMEM)
				goto cleanup;
			mlr_diag_report(d, def->path, def->query_mark.line, def->query_mark.column, "query: %s",
				mlr_error_last());
			error = 0;
			continue;
		}
		error = run_examples(r, def, q, parser, cursor, d);
		mlr_query_delete(q);
		if (error < 0)
			goto cleanup;
	}
	if (d->count == before && (error = mlr_query_set_new(&cfg->queries, ptrs, cfg->custom_count)) < 0 &&
	    error != MLR_ENOMEM) {
		mlr_diag_report(d, cfg->path, cfg->custom_dir.mark.line, cfg->custom_dir.mark.column,
			"custom-rules: %s", mlr_error_last());
		error = 0;
	}

cleanup:
	if (cursor)
		ts_query_cursor_delete(cursor);
	mlr_py_parser_delete(parser);
	free(ptrs);
	return error;
}

int mlr_config__load_custom(mlr_config *cfg, mlr_diag *d)
{
	const mlr_cfg_str *where = &cfg->custom_dir;
	name_array names = { 0 };
	char *dir = NULL;
	int error = 0, before = d->count;

	if (!stays_inside(where->text)) {
		mlr_diag_report(d, cfg->path, where->mark.line, where->mark.column,
			"custom-rules must be a directory inside the repository: a relative path without '..'");
		return MLR_ECONFIG;
	}
	if (!(dir = join(cfg->base_dir, where->text)))
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	if (!resolves_inside(cfg->base_dir, dir, true)) {
		char shown[MLR_SHOWN_SIZE];
		mlr_diag_report(d, cfg->path, where->mark.line, where->mark.column,
			"custom-rules: %s is not a directory inside the repository (symlinks are not followed out of it)",
			mlr_shown_bare(shown, sizeof(shown), where->text));
		error = MLR_ECONFIG;
		goto cleanup;
	}
	if ((error = list_dir(&names, d, where, cfg->path, dir)) < 0)
		goto cleanup;
	for (size_t i = 0; i < names.len; i++) {
		char *file = join(dir, names.items[i]);
		mlr_rule_def *def = NULL;
		if (!file) {
			error = mlr_error_set(MLR_ENOMEM, "out of memory");
			goto cleanup;
		}
		if (!resolves_inside(cfg->base_dir, file, false)) {
			mlr_diag_report(d, file, 1, 1,
				"not a regular file inside the repository (symlinks are not followed out of it): not read");
			free(file);
			continue;
		}
		error = mlr_rule_def_load(&def, d, file, MLR_RULE_CUSTOM);
		free(file);
		if (error == MLR_ENOMEM)
			goto cleanup;
		if (def && mlr_array_push(&cfg->defs, def) < 0) {
			mlr_rule_def_free(def);
			error = mlr_error_set(MLR_ENOMEM, "out of memory");
			goto cleanup;
		}
		error = 0;
	}
	mlr_rule_defs_check_unique(&cfg->defs, d);
	for (size_t i = 0; i < cfg->defs.len; i++) {
		const mlr_rule_def *def = cfg->defs.items[i];
		const mlr_rule *taken = mlr_rule_find(def->name);
		if (taken)
			mlr_diag_report(d, def->path, def->name_mark.line, def->name_mark.column,
				"name '%s' is taken by the built-in rule %s", def->name, taken->id);
	}
	if (d->count > before) {
		error = MLR_ERULE;
		goto cleanup;
	}
	if (cfg->defs.len) {
		cfg->custom = calloc(cfg->defs.len, sizeof(mlr_rule));
		if (!cfg->custom) {
			error = mlr_error_set(MLR_ENOMEM, "out of memory");
			goto cleanup;
		}
		cfg->custom_count = cfg->defs.len;
		for (size_t i = 0; i < cfg->defs.len; i++) {
			rule_from_def(&cfg->custom[i], cfg->defs.items[i]);
			if (!cfg->custom[i].invalid || !cfg->custom[i].valid) {
				error = mlr_error_set(MLR_ENOMEM, "out of memory");
				goto cleanup;
			}
		}
		if ((error = compile(cfg, d)) < 0)
			goto cleanup;
		if (d->count > before)
			error = MLR_ERULE;
	}

cleanup:
	for (size_t i = 0; i < names.len; i++)
		free(names.items[i]);
	mlr_array_delete(&names);
	free(dir);
	return error;
}

void mlr_config__free_custom(mlr_config *cfg)
{
	mlr_query_set_delete(cfg->queries);
	cfg->queries = NULL;
	for (size_t i = 0; i < cfg->custom_count; i++) {
		free((void *)cfg->custom[i].invalid);
		free((void *)cfg->custom[i].valid);
	}
	free(cfg->custom);
	cfg->custom = NULL;
	cfg->custom_count = 0;
	for (size_t i = 0; i < cfg->defs.len; i++)
		mlr_rule_def_free(cfg->defs.items[i]);
	mlr_array_delete(&cfg->defs);
}
