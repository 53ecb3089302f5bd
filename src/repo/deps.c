#include "repo/deps.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/error.h"
#include "repo/ini.h"
#include "repo/lines.h"
#include "repo/toml.h"
#include "repo/version.h"
#include "repo/yaml.h"

/* Manifests past this many are not read. */
#define MAX_MANIFESTS 500
#define NAME_MAX_LEN 128
#define SPEC_MAX_LEN 256

static const char *const manager_names[MLR_DEPS__COUNT] = {
	[MLR_DEPS_REQUIREMENTS] = "requirements", [MLR_DEPS_PIP_TOOLS] = "pip-tools",
	[MLR_DEPS_PEP621] = "PEP 621", [MLR_DEPS_POETRY] = "Poetry", [MLR_DEPS_PDM] = "PDM",
	[MLR_DEPS_UV] = "uv", [MLR_DEPS_PIPENV] = "Pipenv", [MLR_DEPS_CONDA] = "conda",
	[MLR_DEPS_SETUP_PY] = "setup.py", [MLR_DEPS_SETUP_CFG] = "setup.cfg",
};

const char *mlr_deps_manager_name(mlr_deps_manager m)
{
	return (unsigned)m < MLR_DEPS__COUNT ? manager_names[m] : "?";
}

void mlr_dep_name(char *out, size_t outsz, const char *name, size_t len)
{
	static const struct {
		const char *conda, *pip;
	} aliases[] = { { "pytorch", "torch" }, { "pytorch-cpu", "torch" }, { "pytorch-gpu", "torch" },
		{ "py-opencv", "opencv-python" }, { "opencv", "opencv-python" }, { "matplotlib-base", "matplotlib" },
		{ "py-xgboost", "xgboost" }, { "tensorflow-base", "tensorflow" }, { "sklearn", "scikit-learn" } };
	size_t w = 0;
	bool sep = false;
	for (size_t i = 0; i < len && w + 1 < outsz; i++) {
		char c = name[i];
		if (c == '-' || c == '_' || c == '.') {
			sep = w > 0;
			continue;
		}
		if (sep && w + 2 < outsz)
			out[w++] = '-';
		sep = false;
		out[w++] = (char)tolower((unsigned char)c);
	}
	out[w] = '\0';
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcmp(out, aliases[i].conda)) {
			snprintf(out, outsz, "%s", aliases[i].pip);
			break;
		}
}

/* A git reference that names one commit: a hex commit id or a version tag. */
static bool fixed_ref(const char *r, size_t n)
{
	size_t hex = 0;
	while (hex < n && isxdigit((unsigned char)r[hex]))
		hex++;
	if (hex >= 7 && (hex == n || r[hex] == '#'))
		return true;
	size_t i = (n && (r[0] == 'v' || r[0] == 'V')) ? 1 : 0;
	return i < n && isdigit((unsigned char)r[i]) && memchr(r, '.', n);
}

/* `git+https://host/x.git@<ref>#egg=name`: exact when <ref> is fixed; the name from egg=. */
static bool url_requirement(char *name, size_t namesz, bool *exact, const char *s, size_t n)
{
	const char *egg = mlr_memcasemem(s, n, "egg=");
	*exact = true;
	if (mlr_memcasemem(s, n, "git+") || mlr_memcasemem(s, n, ".git")) {
		const char *scheme = mlr_memcasemem(s, n, "://");
		const char *at = NULL;
		for (const char *p = scheme ? scheme + 3 : s; p < s + n && *p != '#'; p++)
			if (*p == '@')
				at = p;
		*exact = false;
		if (at) {
			size_t rl = 0;
			while (at + 1 + rl < s + n && at[1 + rl] != '#' && at[1 + rl] != ' ')
				rl++;
			*exact = fixed_ref(at + 1, rl);
		}
	}
	if (!egg)
		return false;
	egg += 4;
	size_t el = 0;
	while (egg + el < s + n && (isalnum((unsigned char)egg[el]) || strchr("-_.", egg[el])))
		el++;
	if (el == 0)
		return false;
	mlr_dep_name(name, namesz, egg, el);
	return true;
}

static bool starts_ci(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);
	return n >= pl && !strncasecmp(s, prefix, pl);
}

static bool exact_spec(const char *spec)
{
	return (!strncmp(spec, "==", 2) || !strncmp(spec, "===", 3)) && !strchr(spec, ',') && !strchr(spec, '*');
}

bool mlr_dep_parse_pep508(char *name, size_t namesz, char *spec, size_t specsz, bool *marker,
	bool *exact, const char *line, size_t len)
{
	size_t i = 0;
	*marker = false;
	*exact = false;
	spec[0] = '\0';
	while (i < len && isspace((unsigned char)line[i]))
		i++;
	if (i == len || !isalnum((unsigned char)line[i]))
		return false;
	if (starts_ci(line + i, len - i, "git+") || starts_ci(line + i, len - i, "http") ||
	    starts_ci(line + i, len - i, "file:")) {
		if (!url_requirement(name, namesz, exact, line + i, len - i))
			return false;
		snprintf(spec, specsz, "%s", *exact ? "a fixed URL" : "a moving git ref");
		return true;
	}
	size_t ns = i;
	while (i < len && (isalnum((unsigned char)line[i]) || strchr("-_.", line[i])))
		i++;
	mlr_dep_name(name, namesz, line + ns, i - ns);
	while (i < len && isspace((unsigned char)line[i]))
		i++;
	if (i < len && line[i] == '[') {
		const char *close = memchr(line + i, ']', len - i);
		i = close ? (size_t)(close - line) + 1 : len;
	}
	const char *semi = memchr(line + i, ';', len - i);
	size_t end = semi ? (size_t)(semi - line) : len;
	*marker = semi != NULL;
	while (i < end && isspace((unsigned char)line[i]))
		i++;
	if (i < end && line[i] == '@') {
		bool ex;
		char dummy[NAME_MAX_LEN];
		url_requirement(dummy, sizeof(dummy), &ex, line + i + 1, end - i - 1);
		*exact = ex;
		snprintf(spec, specsz, "@ %.*s", (int)((end - i - 1) > 200 ? 200 : end - i - 1), line + i + 1);
		return true;
	}
	/* "name (>=1.0)" is the old form of "name>=1.0" */
	size_t w = 0;
	for (; i < end && w + 1 < specsz; i++)
		if (!isspace((unsigned char)line[i]) && line[i] != '(' && line[i] != ')')
			spec[w++] = line[i];
	spec[w] = '\0';
	*exact = exact_spec(spec);
	return name[0] != '\0';
}

/* ------------------------------------------------------------------ collection */

typedef struct {
	mlr_deps *out;
	mlr_repo_ctx *ctx;
	const mlr_file *file;
	mlr_deps_manager manager;
	bool abstract;
	int error;
} collector;

static void add_dep(collector *c, const char *name, const char *spec, uint32_t line, bool exact, bool marker)
{
	if (c->error || !*name || !strcmp(name, "python") || !strcmp(name, "pip"))
		return;
	mlr_dep d = { mlr_strdup(name), mlr_strdup(spec), c->file, line, c->manager, exact, false, marker, c->abstract };
	if (!d.name || !d.spec || mlr_array_push(&c->out->deps, d) < 0) {
		free(d.name);
		free(d.spec);
		c->error = mlr_error_set(MLR_ENOMEM, "out of memory");
	}
}

static void add_pep508(collector *c, const char *s, size_t n, uint32_t line)
{
	char name[NAME_MAX_LEN], spec[SPEC_MAX_LEN];
	bool marker, exact;
	if (mlr_dep_parse_pep508(name, sizeof(name), spec, sizeof(spec), &marker, &exact, s, n))
		add_dep(c, name, spec, line, exact, marker);
}

static void on_pep508_item(void *payload, const char *s, uint32_t line)
{
	add_pep508(payload, s, strlen(s), line);
}

/* requirements.txt / .in: one requirement per logical line. */
static void parse_requirements(collector *c, const char *d, size_t len)
{
	mlr_buf logical = MLR_BUF_INIT;
	uint32_t line = 0, start = 0;
	const char *s;
	size_t n;
	for (size_t p = 0; mlr_line_next(&s, &n, &p, d, len);) {
		line++;
		if (n && s[n - 1] == '\r')
			n--;
		if (logical.len == 0)
			start = line;
		bool more = n && s[n - 1] == '\\';
		mlr_buf_put(&logical, s, n - (more ? 1 : 0));
		if (more && p < len)
			continue;
		const char *t = mlr_buf_cstr(&logical);
		size_t tl = logical.len;
		/* a comment starts at a '#' at the start or after a blank */
		for (size_t i = 0; i < tl; i++)
			if (t[i] == '#' && (i == 0 || isspace((unsigned char)t[i - 1]))) {
				tl = i;
				break;
			}
		size_t i = 0;
		while (i < tl && isspace((unsigned char)t[i]))
			i++;
		bool editable = starts_ci(t + i, tl - i, "-e ") || starts_ci(t + i, tl - i, "--editable");
		if (i < tl && t[i] == '-' && !editable) {
			/* options: -r, -c, --index-url, ... */
		} else if (i < tl) {
			if (editable) {
				while (i < tl && !isspace((unsigned char)t[i]) && t[i] != '=')
					i++;
				while (i < tl && (isspace((unsigned char)t[i]) || t[i] == '='))
					i++;
			}
			/* strip per-requirement options (--hash=...) */
			const char *opt = NULL;
			for (size_t k = i; k + 2 < tl; k++)
				if (t[k] == ' ' && t[k + 1] == '-' && t[k + 2] == '-') {
					opt = t + k;
					break;
				}
			size_t rl = (opt ? (size_t)(opt - t) : tl) - i;
			if (rl && t[i] != '.' && t[i] != '/')
				add_pep508(c, t + i, rl, start);
		}
		logical.len = 0;
		if (logical.ptr)
			logical.ptr[0] = '\0';
	}
	mlr_buf_dispose(&logical);
}

/* Constraints (-c FILE) named by a requirements file, relative to its directory. */
static void constraint_files(mlr_buf *paths, const mlr_file *f, const char *d, size_t len)
{
	size_t dl = mlr_path_dirlen(f->path);
	const char *s;
	size_t n;
	for (size_t p = 0; mlr_line_next(&s, &n, &p, d, len);) {
		size_t skip = 0;
		if (n > 3 && !strncmp(s, "-c ", 3))
			skip = 3;
		else if (n > 13 && !strncmp(s, "--constraint ", 13))
			skip = 13;
		else if (n > 13 && !strncmp(s, "--constraint=", 13))
			skip = 13;
		if (!skip)
			continue;
		size_t w = skip;
		while (w < n && !isspace((unsigned char)s[w]))
			w++;
		if (dl)
			mlr_buf_printf(paths, "%.*s/", (int)dl, f->path);
		mlr_buf_put(paths, s + skip, w - skip);
		mlr_buf_putc(paths, '\n');
	}
}

/* A name=value in a Poetry or Pipenv table: "^1.2", "*", or { version = "...", git = ..., rev = ... }. */
static void add_table_dep(collector *c, const mlr_toml_entry *e)
{
	char name[NAME_MAX_LEN], spec[SPEC_MAX_LEN] = "";
	bool exact = false;
	mlr_dep_name(name, sizeof(name), e->key, strlen(e->key));
	const char *v = e->value;
	size_t vl = e->value_len;
	const char *iv;
	size_t ivl;
	if (vl && v[0] == '{') {
		if (mlr_toml_inline_get(v, vl, "path", &iv, &ivl))
			return; /* a local package */
		if (mlr_toml_inline_get(v, vl, "git", &iv, &ivl)) {
			exact = (mlr_toml_inline_get(v, vl, "rev", &iv, &ivl) || mlr_toml_inline_get(v, vl, "ref", &iv, &ivl) ||
				 mlr_toml_inline_get(v, vl, "tag", &iv, &ivl));
			if (exact) {
				char *r = mlr_toml_string(iv, ivl);
				exact = r && fixed_ref(r, strlen(r));
				free(r);
			}
			add_dep(c, name, "git", e->line, exact, false);
			return;
		}
		if (!mlr_toml_inline_get(v, vl, "version", &v, &vl)) {
			add_dep(c, name, "", e->line, false, false);
			return;
		}
	}
	char *s = mlr_toml_string(v, vl);
	if (s) {
		snprintf(spec, sizeof(spec), "%s", strcmp(s, "*") ? s : "");
		free(s);
	}
	/* Poetry's bare "1.2.3" is exact; Pipenv writes "==1.2.3" */
	mlr_version unused;
	exact = exact_spec(spec) || (c->manager == MLR_DEPS_POETRY && isdigit((unsigned char)spec[0]) &&
		!strpbrk(spec, ",*<>^~ ") && mlr_version_parse(&unused, spec, strlen(spec)));
	add_dep(c, name, spec, e->line, exact, false);
}

static bool has_lock(const mlr_repo_ctx *ctx, const mlr_file *f, const char *lock)
{
	char path[1024];
	size_t dl = mlr_path_dirlen(f->path);
	if (dl + strlen(lock) + 2 > sizeof(path))
		return false;
	snprintf(path, sizeof(path), "%.*s%s%s", (int)dl, f->path, dl ? "/" : "", lock);
	return mlr_repo_find(ctx, path) != NULL;
}

static void parse_pyproject(collector *c, const char *d, size_t len)
{
	mlr_toml t;
	if (mlr_toml_parse(&t, d, len) < 0) {
		c->error = MLR_ENOMEM;
		return;
	}
	bool poetry = mlr_toml_has_table(&t, "tool.poetry");
	bool pdm = mlr_toml_has_table(&t, "tool.pdm") || has_lock(c->ctx, c->file, "pdm.lock");
	bool uv = mlr_toml_has_table(&t, "tool.uv") || has_lock(c->ctx, c->file, "uv.lock");
	c->manager = poetry ? MLR_DEPS_POETRY : pdm ? MLR_DEPS_PDM : uv ? MLR_DEPS_UV : MLR_DEPS_PEP621;
	/* PEP 621 metadata of a library states ranges on purpose; a lock-based tool pins them */
	c->abstract = c->manager == MLR_DEPS_PEP621;
	for (size_t i = 0; i < t.entries.len && !c->error; i++) {
		const mlr_toml_entry *e = &t.entries.items[i];
		bool list = (!strcmp(e->table, "project") && !strcmp(e->key, "dependencies")) ||
			!strcmp(e->table, "project.optional-dependencies") || !strcmp(e->table, "dependency-groups") ||
			(!strcmp(e->table, "tool.uv") && !strcmp(e->key, "dev-dependencies")) ||
			!strncmp(e->table, "tool.pdm.dev-dependencies", 25);
		if (list) {
			mlr_toml_each_string(e->value, e->value_len, e->line, on_pep508_item, c);
			continue;
		}
		const char *tb = e->table;
		bool poetry_deps = !strcmp(tb, "tool.poetry.dependencies") || !strcmp(tb, "tool.poetry.dev-dependencies") ||
			(!strncmp(tb, "tool.poetry.group.", 18) && strlen(tb) > 13 && !strcmp(tb + strlen(tb) - 13, ".dependencies"));
		if (poetry_deps)
			add_table_dep(c, e);
	}
	mlr_toml_dispose(&t);
}

static void parse_pipfile(collector *c, const char *d, size_t len)
{
	mlr_toml t;
	if (mlr_toml_parse(&t, d, len) < 0) {
		c->error = MLR_ENOMEM;
		return;
	}
	for (size_t i = 0; i < t.entries.len; i++) {
		const mlr_toml_entry *e = &t.entries.items[i];
		if (!strcmp(e->table, "packages") || !strcmp(e->table, "dev-packages"))
			add_table_dep(c, e);
	}
	mlr_toml_dispose(&t);
}

static void parse_setup_cfg(collector *c, const char *d, size_t len)
{
	mlr_ini ini;
	if (mlr_ini_parse(&ini, d, len) < 0) {
		c->error = MLR_ENOMEM;
		return;
	}
	const mlr_ini_entry *e = mlr_ini_get(&ini, "options", "install_requires");
	if (e) {
		uint32_t line = e->line;
		for (const char *p = e->value; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			add_pep508(c, p, n, line);
			/* continuation lines follow the key (blank lines were dropped: approximate) */
			line++;
			p = nl ? nl + 1 : p + n;
		}
	}
	mlr_ini_dispose(&ini);
}

/* The string literals of the list after `key=` / `key =` / `KEY = [` in setup.py. */
static void list_strings(collector *c, const char *d, size_t len, const char *at)
{
	const char *open = NULL;
	for (const char *p = at; p < d + len && p < at + 200; p++) {
		if (*p == '[' || *p == '(') {
			open = p;
			break;
		}
		if (*p == '\n' || *p == ',' || *p == ')')
			break;
	}
	if (!open)
		return;
	int depth = 0;
	for (const char *p = open; p < d + len; p++) {
		if (*p == '[' || *p == '(')
			depth++;
		else if (*p == ']' || *p == ')') {
			if (--depth == 0)
				return;
		} else if (*p == '#') {
			while (p < d + len && *p != '\n')
				p++;
		} else if (*p == '"' || *p == '\'') {
			const char *q = memchr(p + 1, *p, (size_t)(d + len - p - 1));
			const char *nl = memchr(p + 1, '\n', (size_t)(d + len - p - 1));
			if (!q || (nl && nl < q))
				return;
			if (depth == 1)
				add_pep508(c, p + 1, (size_t)(q - p - 1), mlr_line_of(d, (size_t)(p - d)));
			p = q;
		}
	}
}

static void parse_setup_py(collector *c, const char *d, size_t len)
{
	const char *k = memmem(d, len, "install_requires", 16);
	if (!k)
		return;
	const char *p = k + 16;
	while (p < d + len && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= d + len || (*p != '=' && *p != ':'))
		return;
	p++;
	while (p < d + len && (*p == ' ' || *p == '\t'))
		p++;
	if (p < d + len && (isalpha((unsigned char)*p) || *p == '_')) {
		/* install_requires=REQUIRED: the list assigned to that name */
		const char *w = p;
		while (p < d + len && (isalnum((unsigned char)*p) || *p == '_'))
			p++;
		mlr_buf pat = MLR_BUF_INIT;
		mlr_buf_printf(&pat, "\n%.*s", (int)(p - w > 64 ? 64 : p - w), w);
		const char *def = pat.oom ? NULL : memmem(d, len, pat.ptr, pat.len);
		if (def) {
			const char *eq = memchr(def + pat.len, '=', (size_t)(d + len - def - pat.len));
			if (eq && eq - def < 80)
				list_strings(c, d, len, eq + 1);
		}
		mlr_buf_dispose(&pat);
		return;
	}
	list_strings(c, d, len, p);
}

typedef struct {
	collector *c;
	mlr_yaml *y;
} conda_ctx;

static void conda_item(collector *c, const char *s, uint32_t line)
{
	/* "channel::name=1.2=build", "name>=1.2", "name 1.2.*" */
	const char *colons = strstr(s, "::");
	if (colons)
		s = colons + 2;
	size_t n = 0;
	while (s[n] && (isalnum((unsigned char)s[n]) || strchr("-_.", s[n])))
		n++;
	char name[NAME_MAX_LEN], spec[SPEC_MAX_LEN];
	mlr_dep_name(name, sizeof(name), s, n);
	const char *v = s + n;
	while (*v == ' ')
		v++;
	snprintf(spec, sizeof(spec), "%s", v);
	char *build = (spec[0] == '=' && spec[1] != '=') ? strchr(spec + 1, '=') : NULL;
	if (build)
		*build = '\0'; /* "=1.2=py310_0": the build string */
	mlr_version ver;
	bool exact = (spec[0] == '=' || isdigit((unsigned char)spec[0])) && !strpbrk(spec, "<>,*|") &&
		mlr_spec_exact(spec, &ver);
	add_dep(c, name, spec, line, exact, false);
}

static void parse_conda(collector *c, const char *d, size_t len)
{
	mlr_yaml y;
	if (mlr_yaml_load(&y, d, len) < 0)
		return;
	yaml_node_t *deps = mlr_yaml_get(&y, mlr_yaml_root(&y), "dependencies");
	for (size_t i = 0; i < mlr_yaml_len(deps) && i < 5000; i++) {
		yaml_node_t *item = mlr_yaml_item(&y, deps, i);
		const char *s = mlr_yaml_str(item);
		if (s) {
			conda_item(c, s, mlr_yaml_line(item));
			continue;
		}
		yaml_node_t *pip = mlr_yaml_get(&y, item, "pip");
		for (size_t k = 0; k < mlr_yaml_len(pip) && k < 5000; k++) {
			yaml_node_t *pi = mlr_yaml_item(&y, pip, k);
			const char *ps = mlr_yaml_str(pi);
			if (ps && ps[0] != '-')
				add_pep508(c, ps, strlen(ps), mlr_yaml_line(pi));
		}
	}
	mlr_yaml_dispose(&y);
}

/* ------------------------------------------------------------------ discovery */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcasecmp(s + n - k, suffix);
}

typedef enum { KIND_NONE, KIND_REQ, KIND_REQ_IN, KIND_CONSTRAINTS, KIND_PYPROJECT, KIND_PIPFILE, KIND_CONDA,
	KIND_SETUP_PY, KIND_SETUP_CFG, KIND_LOCK } manifest_kind;

static manifest_kind kind_of(const char *path)
{
	const char *base = mlr_path_base(path);
	bool reqdir = mlr_path_has_dir(path, "requirements") || mlr_path_has_dir(path, "reqs");
	if (mlr_memcasemem(base, strlen(base), "constraint") && ends_with(base, ".txt"))
		return KIND_CONSTRAINTS;
	if ((mlr_memcasemem(base, strlen(base), "requirements") || reqdir) && ends_with(base, ".txt"))
		return KIND_REQ;
	if ((mlr_memcasemem(base, strlen(base), "requirements") || reqdir) && ends_with(base, ".in"))
		return KIND_REQ_IN;
	if (!strcmp(base, "pyproject.toml"))
		return KIND_PYPROJECT;
	if (!strcmp(base, "Pipfile"))
		return KIND_PIPFILE;
	if (!strcmp(base, "setup.py"))
		return KIND_SETUP_PY;
	if (!strcmp(base, "setup.cfg"))
		return KIND_SETUP_CFG;
	if (!strcmp(base, "poetry.lock") || !strcmp(base, "uv.lock") || !strcmp(base, "pdm.lock") ||
	    !strcmp(base, "Pipfile.lock") || (mlr_memcasemem(base, strlen(base), "conda-lock") &&
	    (ends_with(base, ".yml") || ends_with(base, ".yaml"))))
		return KIND_LOCK;
	if ((!strncasecmp(base, "environment", 11) || !strncasecmp(base, "conda", 5)) &&
	    (ends_with(base, ".yml") || ends_with(base, ".yaml")))
		return KIND_CONDA;
	return KIND_NONE;
}

/* A requirements file that is itself a lock: compiled by pip-tools / uv, or hashed. */
static bool compiled(const char *d, size_t len)
{
	size_t head = len < 2048 ? len : 2048;
	return mlr_memcasemem(d, head, "pip-compile") || mlr_memcasemem(d, head, "uv pip compile") ||
	       mlr_memcasemem(d, len, "--hash=sha256:");
}

static int add_manifest(mlr_deps *out, const mlr_file *f, mlr_deps_manager m, bool lock)
{
	mlr_deps_manifest mf = { f, m, lock };
	return mlr_array_push(&out->manifests, mf) < 0 ? mlr_error_set(MLR_ENOMEM, "out of memory") : 0;
}

static void mark_locked(mlr_deps *out, mlr_repo_ctx *ctx, const char *constraints)
{
	for (size_t i = 0; i < out->deps.len; i++) {
		mlr_dep *d = &out->deps.items[i];
		const mlr_file *f = d->file;
		switch (d->manager) {
		case MLR_DEPS_POETRY:
			d->locked = has_lock(ctx, f, "poetry.lock");
			break;
		case MLR_DEPS_PDM:
			d->locked = has_lock(ctx, f, "pdm.lock");
			break;
		case MLR_DEPS_UV:
			d->locked = has_lock(ctx, f, "uv.lock");
			break;
		case MLR_DEPS_PIPENV:
			d->locked = has_lock(ctx, f, "Pipfile.lock");
			break;
		case MLR_DEPS_CONDA:
			d->locked = has_lock(ctx, f, "conda-lock.yml") || has_lock(ctx, f, "conda-lock.yaml");
			break;
		case MLR_DEPS_PIP_TOOLS: {
			/* requirements.in is compiled to requirements.txt next to it */
			char path[1024];
			size_t n = strlen(f->path);
			if (n > 3 && n < sizeof(path)) {
				snprintf(path, sizeof(path), "%.*s.txt", (int)(n - 3), f->path);
				d->locked = mlr_repo_find(ctx, path) != NULL;
			}
			break;
		}
		default:
			break;
		}
		/* constraints files pin names for the requirements that use them */
		if (!d->locked && d->manager == MLR_DEPS_REQUIREMENTS && constraints && *constraints) {
			char needle[NAME_MAX_LEN + 2];
			snprintf(needle, sizeof(needle), "\n%s\n", d->name);
			d->locked = strstr(constraints, needle) != NULL;
		}
	}
}

/* Package metadata often reads its requirements from files (setup.py opening
 * requirements.txt, `dynamic = ["dependencies"]` with `[tool.setuptools.dynamic]`, a loader
 * over requirements/): those files are the package's abstract dependencies, not an
 * environment. A packaging file in the same or a parent directory that names the file
 * (or, for a file in a subdirectory, that directory in quotes) makes it so. */
static void mark_package_requirements(mlr_deps *out, mlr_repo_ctx *ctx)
{
	static const char *const packaging[] = { "setup.py", "pyproject.toml", "setup.cfg", NULL };
	for (size_t i = 0; i < ctx->files->len; i++) {
		const mlr_file *pf = &ctx->files->items[i];
		bool is_packaging = false;
		for (size_t k = 0; packaging[k]; k++)
			is_packaging |= !strcmp(mlr_path_base(pf->path), packaging[k]);
		if (!is_packaging)
			continue;
		char *text = NULL;
		size_t len = 0;
		if (mlr_repo_read(&text, &len, NULL, ctx, pf, 0) < 0)
			continue;
		size_t dl = mlr_path_dirlen(pf->path);
		for (size_t m = 0; m < out->manifests.len; m++) {
			const mlr_file *rf = out->manifests.items[m].file;
			if (out->manifests.items[m].manager != MLR_DEPS_REQUIREMENTS || !mlr_path_under(rf->path, pf->path, dl))
				continue;
			const char *rel = rf->path + (dl ? dl + 1 : 0);
			bool named = strstr(text, rel) != NULL;
			const char *slash = strchr(rel, '/');
			if (!named && slash) {
				char quoted[300];
				snprintf(quoted, sizeof(quoted), "\"%.*s\"", (int)(slash - rel > 256 ? 256 : slash - rel), rel);
				named = strstr(text, quoted) != NULL;
				quoted[0] = quoted[strlen(quoted) - 1] = '\'';
				named |= strstr(text, quoted) != NULL;
			}
			for (size_t d = 0; named && d < out->deps.len; d++)
				if (out->deps.items[d].file == rf)
					out->deps.items[d].abstract = true;
		}
		free(text);
	}
}

/* A requirements file beside package metadata that lists the same packages (whisper's
 * requirements.txt next to its [project] dependencies) is that metadata again, ranges on
 * purpose, not an environment. */
static void mark_mirrors(mlr_deps *out)
{
	for (size_t m = 0; m < out->manifests.len; m++) {
		const mlr_deps_manifest *mf = &out->manifests.items[m];
		if (mf->manager != MLR_DEPS_REQUIREMENTS || mf->lock)
			continue;
		size_t dl = mlr_path_dirlen(mf->file->path), listed = 0, mirrored = 0;
		for (size_t d = 0; d < out->deps.len; d++) {
			const mlr_dep *r = &out->deps.items[d];
			if (r->file != mf->file || r->abstract)
				continue;
			listed++;
			for (size_t e = 0; e < out->deps.len; e++) {
				const mlr_dep *a = &out->deps.items[e];
				if (a->abstract && a->file != mf->file && mlr_path_dirlen(a->file->path) == dl &&
				    !strncmp(a->file->path, mf->file->path, dl) && !strcmp(a->name, r->name)) {
					mirrored++;
					break;
				}
			}
		}
		for (size_t d = 0; listed && mirrored == listed && d < out->deps.len; d++)
			if (out->deps.items[d].file == mf->file)
				out->deps.items[d].abstract = true;
	}
}

int mlr_deps_load(mlr_deps *out, mlr_repo_ctx *ctx)
{
	int error = 0;
	mlr_buf cpaths = MLR_BUF_INIT, pinned = MLR_BUF_INIT;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < ctx->files->len && out->manifests.len < MAX_MANIFESTS; i++) {
		const mlr_file *f = &ctx->files->items[i];
		manifest_kind k = kind_of(f->path);
		if (k == KIND_NONE)
			continue;
		if (k == KIND_LOCK) {
			const char *b = mlr_path_base(f->path);
			mlr_deps_manager m = !strcmp(b, "poetry.lock") ? MLR_DEPS_POETRY : !strcmp(b, "uv.lock") ? MLR_DEPS_UV :
				!strcmp(b, "pdm.lock") ? MLR_DEPS_PDM : !strcmp(b, "Pipfile.lock") ? MLR_DEPS_PIPENV : MLR_DEPS_CONDA;
			if ((error = add_manifest(out, f, m, true)) < 0)
				goto cleanup;
			continue;
		}
		char *data = NULL;
		size_t len = 0;
		if (mlr_repo_read(&data, &len, NULL, ctx, f, 0) < 0)
			continue;
		collector c = { out, ctx, f, MLR_DEPS_REQUIREMENTS, false, 0 };
		bool lock = false;
		size_t before = out->deps.len;
		switch (k) {
		case KIND_REQ:
			lock = compiled(data, len);
			parse_requirements(&c, data, len);
			constraint_files(&cpaths, f, data, len);
			break;
		case KIND_REQ_IN:
			c.manager = MLR_DEPS_PIP_TOOLS;
			parse_requirements(&c, data, len);
			break;
		case KIND_CONSTRAINTS:
			/* not declarations: the pins they hold, by name */
			parse_requirements(&c, data, len);
			for (size_t d = before; d < out->deps.len; d++) {
				if (out->deps.items[d].exact)
					mlr_buf_printf(&pinned, "\n%s\n", out->deps.items[d].name);
				free(out->deps.items[d].name);
				free(out->deps.items[d].spec);
			}
			out->deps.len = before;
			free(data);
			continue;
		case KIND_PYPROJECT:
			parse_pyproject(&c, data, len);
			break;
		case KIND_PIPFILE:
			c.manager = MLR_DEPS_PIPENV;
			parse_pipfile(&c, data, len);
			break;
		case KIND_CONDA:
			c.manager = MLR_DEPS_CONDA;
			parse_conda(&c, data, len);
			break;
		case KIND_SETUP_PY:
			c.manager = MLR_DEPS_SETUP_PY;
			c.abstract = true;
			parse_setup_py(&c, data, len);
			break;
		case KIND_SETUP_CFG:
			c.manager = MLR_DEPS_SETUP_CFG;
			c.abstract = true;
			parse_setup_cfg(&c, data, len);
			break;
		default:
			break;
		}
		free(data);
		if ((error = c.error) < 0 || (error = add_manifest(out, f, c.manager, lock)) < 0)
			goto cleanup;
		/* a compiled file pins everything in it */
		for (size_t d = before; lock && d < out->deps.len; d++)
			out->deps.items[d].locked = true;
	}
	/* constraints named with -c that the file-name test did not catch */
	for (const char *p = mlr_buf_cstr(&cpaths); *p;) {
		const char *nl = strchr(p, '\n');
		char path[1024];
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n < sizeof(path)) {
			memcpy(path, p, n);
			path[n] = '\0';
			const mlr_file *f = mlr_repo_find(ctx, path);
			char *data = NULL;
			size_t len = 0;
			if (f && kind_of(path) != KIND_CONSTRAINTS && mlr_repo_read(&data, &len, NULL, ctx, f, 0) == 0) {
				mlr_deps tmp = { 0 };
				collector c = { &tmp, ctx, f, MLR_DEPS_REQUIREMENTS, false, 0 };
				parse_requirements(&c, data, len);
				for (size_t d = 0; d < tmp.deps.len; d++)
					if (tmp.deps.items[d].exact)
						mlr_buf_printf(&pinned, "\n%s\n", tmp.deps.items[d].name);
				mlr_deps_dispose(&tmp);
			}
			free(data);
		}
		p = nl ? nl + 1 : p + n;
	}
	if (pinned.oom || cpaths.oom) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	mark_locked(out, ctx, mlr_buf_cstr(&pinned));
	mark_package_requirements(out, ctx);
	mark_mirrors(out);

cleanup:
	mlr_buf_dispose(&cpaths);
	mlr_buf_dispose(&pinned);
	if (error < 0)
		mlr_deps_dispose(out);
	return error;
}

void mlr_deps_dispose(mlr_deps *deps)
{
	if (!deps)
		return;
	for (size_t i = 0; i < deps->deps.len; i++) {
		free(deps->deps.items[i].name);
		free(deps->deps.items[i].spec);
	}
	mlr_array_delete(&deps->deps);
	mlr_array_delete(&deps->manifests);
}

/* What a finding may quote of a spec. The manifest is the repository's text: a direct
 * reference carries URLs with tokens (`pkg @ git+https://TOKEN@host/...`) and a line that
 * only looks like a requirement may be anything, so only a plain version clause
 * (`>=2,<3`) is quoted. */
const char *mlr_dep_spec_display(const char *spec, char *buf, size_t bufsz)
{
	if (!spec[0])
		return "any version";
	if (strchr(spec, '@') || strstr(spec, "://"))
		return "a direct URL reference";
	size_t n = strcspn(spec, ";"); /* environment markers are not the version */
	while (n && (spec[n - 1] == ' ' || spec[n - 1] == '\t'))
		n--;
	size_t i = 0;
	bool clause = false;
	while (i < n) {
		while (i < n && spec[i] == ' ')
			i++;
		size_t op = strspn(spec + i, "<>=!~");
		if (op == 0 || op > 3)
			break;
		i += op;
		while (i < n && spec[i] == ' ')
			i++;
		if (i >= n || !((spec[i] >= '0' && spec[i] <= '9') || spec[i] == 'v' || spec[i] == 'V'))
			break;
		while (i < n && strchr("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.*+!-_", spec[i]))
			i++;
		while (i < n && spec[i] == ' ')
			i++;
		clause = true;
		if (i < n && spec[i] == ',')
			i++;
		else
			break;
	}
	if (!clause || i != n || n >= bufsz || n > 60)
		return "an unrecognised version spec";
	memcpy(buf, spec, n);
	buf[n] = '\0';
	return buf;
}
