#include "repo/pytest.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "repo/artifacts.h"
#include "repo/ini.h"
#include "repo/toml.h"

typedef mlr_pytest_list str_list;

static int push_word(str_list *l, const char *s, size_t n)
{
	while (n && (*s == '.' && n > 1 && s[1] == '/'))
		s += 2, n -= 2;
	while (n && s[n - 1] == '/')
		n--;
	if (!n)
		return 0;
	char *w = mlr_strndup(s, n);
	if (!w || mlr_array_push(l, w) < 0) {
		free(w);
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	return 0;
}

/* INI lists are separated by blanks and newlines. */
static int ini_words(str_list *l, const char *v)
{
	for (const char *p = v; *p;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		const char *w = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (p > w && push_word(l, w, (size_t)(p - w)) < 0)
			return MLR_ENOMEM;
	}
	return 0;
}

typedef struct {
	str_list *list;
	int error;
} toml_words;

static void on_word(void *payload, const char *s, uint32_t line)
{
	toml_words *tw = payload;
	(void)line;
	/* a TOML string may still hold several blank-separated globs */
	if (!tw->error)
		tw->error = ini_words(tw->list, s);
}

static bool from_ini(mlr_pytest_config *cfg, const char *data, size_t len, const char *section, int *error)
{
	mlr_ini ini;
	if ((*error = mlr_ini_parse(&ini, data, len)) < 0)
		return false;
	bool found = mlr_ini_has_section(&ini, section);
	if (found) {
		const mlr_ini_entry *e;
		if ((e = mlr_ini_get(&ini, section, "python_files")))
			*error = ini_words(&cfg->python_files, e->value);
		if (*error == 0 && (e = mlr_ini_get(&ini, section, "testpaths")))
			*error = ini_words(&cfg->testpaths, e->value);
	}
	mlr_ini_dispose(&ini);
	return found;
}

static bool from_toml(mlr_pytest_config *cfg, const char *data, size_t len, const char *table, int *error)
{
	mlr_toml t;
	if ((*error = mlr_toml_parse(&t, data, len)) < 0)
		return false;
	bool found = mlr_toml_has_table(&t, table);
	if (found) {
		const mlr_toml_entry *e;
		toml_words tw = { &cfg->python_files, 0 };
		if ((e = mlr_toml_get(&t, table, "python_files")))
			mlr_toml_each_string(e->value, e->value_len, e->line, on_word, &tw);
		tw.list = &cfg->testpaths;
		if (!tw.error && (e = mlr_toml_get(&t, table, "testpaths")))
			mlr_toml_each_string(e->value, e->value_len, e->line, on_word, &tw);
		*error = tw.error;
	}
	mlr_toml_dispose(&t);
	return found;
}

int mlr_pytest_config_load(mlr_pytest_config *out, mlr_repo_ctx *ctx)
{
	static const struct {
		const char *file, *section;
		bool toml;
	} sources[] = {
		{ "pytest.toml", "pytest", true }, { ".pytest.toml", "pytest", true },
		{ "pytest.ini", "pytest", false }, { ".pytest.ini", "pytest", false },
		{ "pyproject.toml", "tool.pytest.ini_options", true }, { "pyproject.toml", "tool.pytest", true },
		{ "tox.ini", "pytest", false }, { "setup.cfg", "tool:pytest", false },
	};
	int error = 0;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]) && !out->file; i++) {
		const mlr_file *f = mlr_repo_find(ctx, sources[i].file);
		char *data = NULL;
		size_t len = 0;
		if (!f || mlr_repo_read(&data, &len, NULL, ctx, f, 0) < 0)
			continue;
		bool found = sources[i].toml ? from_toml(out, data, len, sources[i].section, &error)
					     : from_ini(out, data, len, sources[i].section, &error);
		free(data);
		if (error < 0) {
			mlr_pytest_config_dispose(out);
			return error;
		}
		/* pytest.ini is the configuration file even when empty */
		if (found || !strcmp(sources[i].file, "pytest.ini"))
			out->file = f;
	}
	return 0;
}

void mlr_pytest_config_dispose(mlr_pytest_config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->python_files.len; i++)
		free(cfg->python_files.items[i]);
	mlr_array_delete(&cfg->python_files);
	for (size_t i = 0; i < cfg->testpaths.len; i++)
		free(cfg->testpaths.items[i]);
	mlr_array_delete(&cfg->testpaths);
}

bool mlr_pytest_collects_name(const mlr_pytest_config *cfg, const char *path)
{
	const char *base = mlr_path_base(path);
	if (cfg->python_files.len == 0)
		return mlr_name_match("test_*.py", base) || mlr_name_match("*_test.py", base);
	for (size_t i = 0; i < cfg->python_files.len; i++) {
		const char *g = cfg->python_files.items[i];
		if (strchr(g, '/') ? mlr_path_glob(g, path) : mlr_name_match(g, base))
			return true;
	}
	return false;
}

bool mlr_pytest_in_testpaths(const mlr_pytest_config *cfg, const char *path)
{
	if (cfg->testpaths.len == 0)
		return true;
	for (size_t i = 0; i < cfg->testpaths.len; i++) {
		const char *t = cfg->testpaths.items[i];
		size_t n = strlen(t);
		if (!strcmp(t, ".") || (!strncmp(path, t, n) && (path[n] == '/' || path[n] == '\0')))
			return true;
		/* a glob testpath (src/PKG/tests written with a star) covers the files below it */
		if (strchr(t, '*')) {
			char pat[512];
			snprintf(pat, sizeof(pat), "%s/**", t);
			if (mlr_path_glob(pat, path))
				return true;
		}
	}
	return false;
}
