#include "repo/artifacts.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/error.h"
#include "repo/lines.h"
#include "repo/yaml.h"

#define MAX_DVC_FILES 2000
#define GLOB_MAX_SEGMENTS 64

static int push_str(mlr_str_array *a, char *s)
{
	if (!s || mlr_array_push(a, s) < 0) {
		free(s);
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	return 0;
}

/* ------------------------------------------------------------------ globs */

static bool seg_glob(const char *pat, size_t pl, const char *s, size_t sl)
{
	char p[256], n[256];
	if (pl >= sizeof(p) || sl >= sizeof(n))
		return false;
	memcpy(p, pat, pl);
	p[pl] = '\0';
	memcpy(n, s, sl);
	n[sl] = '\0';
	return mlr_name_match(p, n);
}

static bool glob_from(const char *pat, const char *path, int budget)
{
	if (budget <= 0)
		return false;
	if (!*pat)
		return !*path;
	const char *ps = strchr(pat, '/');
	size_t pl = ps ? (size_t)(ps - pat) : strlen(pat);
	if (pl == 2 && !strncmp(pat, "**", 2)) {
		const char *rest = ps ? ps + 1 : "";
		/* ** matches zero or more whole segments */
		for (const char *p = path;;) {
			if (glob_from(rest, p, budget - 1))
				return true;
			const char *slash = strchr(p, '/');
			if (!slash)
				return !*rest;
			p = slash + 1;
		}
	}
	const char *ss = strchr(path, '/');
	size_t sl = ss ? (size_t)(ss - path) : strlen(path);
	if (!*path || !seg_glob(pat, pl, path, sl))
		return false;
	if (!ps)
		return !ss;
	if (!ss)
		return false;
	return glob_from(ps + 1, ss + 1, budget - 1);
}

bool mlr_path_glob(const char *pattern, const char *path)
{
	return glob_from(pattern, path, GLOB_MAX_SEGMENTS);
}

/* A .gitattributes pattern of directory dir: without '/', it matches a name at any depth
 * under dir; with one, a path relative to dir ("**" spans directories). */
static bool attr_match(const char *entry, const char *path)
{
	const char *tab = strchr(entry, '\t');
	size_t dl = (size_t)(tab - entry);
	const char *pat = tab + 1;
	if (dl && (strncmp(path, entry, dl) || path[dl] != '/'))
		return false;
	const char *rel = dl ? path + dl + 1 : path;
	if (!strchr(pat, '/'))
		return mlr_name_match(pat, mlr_path_base(rel));
	if (*pat == '/')
		pat++;
	return mlr_path_glob(pat, rel);
}

bool mlr_artifacts_lfs(const mlr_artifacts *a, const char *path)
{
	for (size_t i = 0; i < a->lfs.len; i++)
		if (attr_match(a->lfs.items[i], path))
			return true;
	return false;
}

bool mlr_artifacts_dvc(const mlr_artifacts *a, const char *path)
{
	for (size_t i = 0; i < a->dvc_outs.len; i++) {
		const char *o = a->dvc_outs.items[i];
		size_t ol = strlen(o);
		if (!strncmp(path, o, ol) && (path[ol] == '\0' || path[ol] == '/'))
			return true;
	}
	return false;
}

bool mlr_lfs_pointer(const char *data, size_t len)
{
	static const char sig[] = "version https://git-lfs.github.com/spec/";
	return len >= sizeof(sig) - 1 && !memcmp(data, sig, sizeof(sig) - 1);
}

/* ------------------------------------------------------------------ loading */

static int load_gitattributes(mlr_artifacts *a, const mlr_file *f, const char *d, size_t len)
{
	size_t dl = mlr_path_dirlen(f->path);
	const char *s;
	size_t n;
	for (size_t p = 0; mlr_line_next(&s, &n, &p, d, len);) {
		while (n && (*s == ' ' || *s == '\t'))
			s++, n--;
		if (!n || *s == '#' || !memmem(s, n, "filter=lfs", 10))
			continue;
		size_t pl = 0;
		while (pl < n && s[pl] != ' ' && s[pl] != '\t')
			pl++;
		mlr_buf b = MLR_BUF_INIT;
		mlr_buf_printf(&b, "%.*s\t%.*s", (int)dl, f->path, (int)pl, s);
		if (push_str(&a->lfs, mlr_buf_detach(&b)) < 0)
			return MLR_ENOMEM;
	}
	return 0;
}

static int add_out(mlr_artifacts *a, const char *dir, size_t dl, const char *out)
{
	if (!out || !*out || strstr(out, "..") || *out == '/')
		return 0; /* outside the repository: not ours to judge */
	mlr_buf b = MLR_BUF_INIT;
	if (dl)
		mlr_buf_printf(&b, "%.*s/", (int)dl, dir);
	mlr_buf_puts(&b, out);
	while (b.len > 1 && b.ptr[b.len - 1] == '/')
		b.ptr[--b.len] = '\0';
	return push_str(&a->dvc_outs, mlr_buf_detach(&b));
}

/* `outs:` of a .dvc file or a dvc.yaml stage: strings, or one-key mappings whose value may
 * say `cache: false` (then Git keeps the file on purpose). */
static int add_outs(mlr_artifacts *a, mlr_yaml *y, yaml_node_t *outs, const char *dir, size_t dl)
{
	for (size_t i = 0; i < mlr_yaml_len(outs) && i < 10000; i++) {
		yaml_node_t *o = mlr_yaml_item(y, outs, i);
		const char *s = mlr_yaml_str(o);
		if (s) {
			if (add_out(a, dir, dl, s) < 0)
				return MLR_ENOMEM;
			continue;
		}
		if (!o || o->type != YAML_MAPPING_NODE || mlr_yaml_len(o) == 0)
			continue;
		/* .dvc files: { path: x, md5: ... }; dvc.yaml: { x: { cache: false } } */
		const char *path = mlr_yaml_str(mlr_yaml_get(y, o, "path"));
		yaml_node_t *opts = NULL;
		if (!path) {
			yaml_node_pair_t *pair = o->data.mapping.pairs.start;
			path = mlr_yaml_str(yaml_document_get_node(&y->doc, pair->key));
			opts = yaml_document_get_node(&y->doc, pair->value);
		} else {
			opts = o;
		}
		const char *cache = mlr_yaml_str(mlr_yaml_get(y, opts, "cache"));
		if (cache && !strcmp(cache, "false"))
			continue;
		if (add_out(a, dir, dl, path) < 0)
			return MLR_ENOMEM;
	}
	return 0;
}

static int load_dvc_file(mlr_artifacts *a, const mlr_file *f, const char *d, size_t len)
{
	mlr_yaml y;
	int error = 0;
	if (mlr_yaml_load(&y, d, len) < 0)
		return 0;
	yaml_node_t *root = mlr_yaml_root(&y);
	const char *dir = f->path;
	size_t dl = mlr_path_dirlen(f->path);
	if (!strcmp(mlr_path_base(f->path), "dvc.yaml")) {
		yaml_node_t *stages = mlr_yaml_get(&y, root, "stages");
		for (size_t i = 0; stages && stages->type == YAML_MAPPING_NODE && i < mlr_yaml_len(stages) && !error; i++) {
			yaml_node_t *st = yaml_document_get_node(&y.doc, stages->data.mapping.pairs.start[i].value);
			error = add_outs(a, &y, mlr_yaml_get(&y, st, "outs"), dir, dl);
		}
	} else {
		error = add_outs(a, &y, mlr_yaml_get(&y, root, "outs"), dir, dl);
	}
	mlr_yaml_dispose(&y);
	return error;
}

int mlr_artifacts_load(mlr_artifacts *out, mlr_repo_ctx *ctx)
{
	int error = 0;
	size_t dvc_files = 0;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < ctx->files->len; i++) {
		const mlr_file *f = &ctx->files->items[i];
		const char *base = mlr_path_base(f->path);
		bool attrs = !strcmp(base, ".gitattributes");
		bool dvcfile = (strlen(base) > 4 && !strcmp(base + strlen(base) - 4, ".dvc")) || !strcmp(base, "dvc.yaml");
		if (!strncmp(f->path, ".dvc/", 5) || dvcfile)
			out->dvc = true;
		if (!attrs && !(dvcfile && dvc_files < MAX_DVC_FILES))
			continue;
		char *data = NULL;
		size_t len = 0;
		if (mlr_repo_read(&data, &len, NULL, ctx, f, 0) < 0)
			continue;
		if (attrs) {
			error = load_gitattributes(out, f, data, len);
		} else {
			dvc_files++;
			error = load_dvc_file(out, f, data, len);
		}
		free(data);
		if (error < 0) {
			mlr_artifacts_dispose(out);
			return error;
		}
	}
	return 0;
}

void mlr_artifacts_dispose(mlr_artifacts *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->lfs.len; i++)
		free(a->lfs.items[i]);
	mlr_array_delete(&a->lfs);
	for (size_t i = 0; i < a->dvc_outs.len; i++)
		free(a->dvc_outs.items[i]);
	mlr_array_delete(&a->dvc_outs);
}

/* ------------------------------------------------------------------ classification */

bool mlr_artifact_is_model(const mlr_file *f)
{
	if (f->kind != MLR_KIND_MODEL)
		return false;
	const char *base = mlr_path_base(f->path);
	size_t bl = strlen(base);
	bool test = mlr_path_has_dir(f->path, "tests") || mlr_path_has_dir(f->path, "test") ||
		mlr_path_has_dir(f->path, "fixtures") || mlr_path_has_dir(f->path, "testdata");
	if (test && f->size < MLR_TEST_FIXTURE_MODEL_BYTES)
		return false;
	bool ambiguous = (bl > 4 && !strcasecmp(base + bl - 4, ".bin")) || (bl > 3 && !strcasecmp(base + bl - 3, ".pb"));
	if (ambiguous) {
		static const char *const words[] = { "model", "weight", "pytorch", "adapter", "checkpoint", "ckpt",
			"saved_model", "tf_model", "flax", NULL };
		for (size_t i = 0; words[i]; i++)
			if (mlr_memcasemem(base, bl, words[i]))
				return true;
		return f->size >= MLR_LARGE_FILE_BYTES;
	}
	return true;
}

size_t mlr_tracker_dir(const char *path, const char **tool)
{
	static const struct {
		const char *dir, *tool;
	} dirs[] = { { "mlruns", "MLflow" }, { "mlartifacts", "MLflow" }, { "wandb", "Weights & Biases" },
		{ "lightning_logs", "PyTorch Lightning" }, { ".neptune", "Neptune" }, { ".aim", "Aim" },
		{ ".cometml-runs", "Comet" }, { "tb_logs", "TensorBoard" }, { "multirun", "Hydra" } };
	size_t off = 0;
	for (const char *p = path;;) {
		const char *slash = strchr(p, '/');
		if (!slash)
			break;
		size_t n = (size_t)(slash - p);
		for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
			if (strlen(dirs[i].dir) == n && !strncmp(p, dirs[i].dir, n)) {
				*tool = dirs[i].tool;
				return off + n;
			}
		off += n + 1;
		p = slash + 1;
	}
	/* TensorBoard event files wherever they are written ("runs/", "logs/") */
	if (!strncmp(mlr_path_base(path), "events.out.tfevents.", 20)) {
		*tool = "TensorBoard";
		size_t dl = mlr_path_dirlen(path);
		return dl ? dl : strlen(path);
	}
	return 0;
}
