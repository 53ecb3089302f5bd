/*
 * `mlready init` (.mlready.yml) and the Git LFS attributes scaffold. The config is written
 * against docs/config.md's keys and commented, so a junior can read what each line does
 * and a lead can tighten it later; lines that depend on a choice are left commented out.
 */
#include "scaffold/text.h"

#include <string.h>

/* Weights worth keeping out of Git even before one is committed. */
static const char *const default_lfs[] = { "*.pt", "*.pth", "*.ckpt", "*.safetensors",
	"*.onnx", "*.h5", "*.keras", "*.joblib", "*.gguf", NULL };

static bool has_line(const char *text, const char *pattern)
{
	size_t n = strlen(pattern);
	for (const char *p = text; p && *p;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!strncmp(p, pattern, n) && (p[n] == ' ' || p[n] == '\t'))
			return true;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return false;
}

static void lfs_line(mlr_buf *o, const char *pattern, const char *existing)
{
	if (existing && has_line(existing, pattern))
		return;
	mlr_buf_printf(o, "%s filter=lfs diff=lfs merge=lfs -text\n", pattern);
}

void mlr_render_gitattributes(mlr_buf *o, const mlr_survey *s, const char *existing)
{
	if (existing) {
		mlr_buf_puts(o, existing);
		if (*existing && existing[strlen(existing) - 1] != '\n')
			mlr_buf_putc(o, '\n');
	}
	size_t before = o->len;
	mlr_buf_puts(o, "\n# Git LFS: model weights are stored as LFS objects, outside the Git history.\n"
			"# Written by `mlready scaffold gitattributes`. Then: `git lfs install`, and\n"
			"# `git add --renormalize .` to store committed weights through LFS from now on\n"
			"# (`git lfs migrate import --include=\"*.pt\"` also moves them out of the history:\n"
			"# it rewrites it, so agree on it with everyone who has a clone).\n");
	size_t header = o->len;
	for (size_t i = 0; i < s->artifact_patterns.len; i++)
		lfs_line(o, s->artifact_patterns.items[i], existing);
	for (size_t i = 0; default_lfs[i]; i++) {
		bool seen = false;
		for (size_t j = 0; j < s->artifact_patterns.len; j++)
			seen |= !strcmp(s->artifact_patterns.items[j], default_lfs[i]);
		if (!seen)
			lfs_line(o, default_lfs[i], existing);
	}
	if (o->len == header) { /* everything was there already */
		o->len = before;
		if (o->ptr)
			o->ptr[before] = '\0';
	}
	if (!existing && o->len && o->ptr[0] == '\n')
		memmove(o->ptr, o->ptr + 1, o->len--);
}

static void yaml_list_comment(mlr_buf *o, const char *label, const mlr_str_array *a)
{
	if (!a->len)
		return;
	mlr_buf_printf(o, "#   %s: ", label);
	mlr_list_join(o, a, 6, false);
	mlr_buf_putc(o, '\n');
}

void mlr_render_config(mlr_buf *o, const mlr_survey *s)
{
	bool ships = s->serve_files.len || s->has_ci;
	mlr_buf_puts(o, "# mlready configuration (docs/config.md describes every key).\n"
			"# Written by `mlready init` from what it found in this repository:\n");
	yaml_list_comment(o, "frameworks", &s->frameworks);
	yaml_list_comment(o, "experiment trackers", &s->trackers);
	yaml_list_comment(o, "training code", &s->train_files);
	yaml_list_comment(o, "serving code", &s->serve_files);
	yaml_list_comment(o, "packages", &s->packages);
	if (s->tests_dir)
		mlr_buf_printf(o, "#   tests: %s/\n", s->tests_dir);
	if (s->notebooks) {
		mlr_buf_printf(o, "#   notebooks: %zu (in ", s->notebooks);
		mlr_md_text(o, s->notebooks_dir && *s->notebooks_dir ? s->notebooks_dir : ".");
		mlr_buf_puts(o, "/)\n");
	}
	if (s->artifacts.len)
		mlr_buf_printf(o, "#   committed model artifacts: %zu\n", s->artifacts.len);
	mlr_buf_puts(o, "\n");

	mlr_buf_puts(o, "# Scoring profile: prototype while exploring, production for a model that ships.\n");
	mlr_buf_printf(o, "profile: %s\n\n", ships ? "production" : "prototype");

	mlr_buf_puts(o, "# The gate: exit 1 below this overall score, or on a finding at or above fail-on.\n"
			"min-score: 60\n"
			"fail-on: error\n\n");

	mlr_buf_puts(o, "# Rules by id (MLR201), name (hardcoded-secret), category (security) or prefix (MLR8).\n"
			"# select: [all]\n"
			"ignore: []\n\n");

	/* data/ is not excluded: committed raw data is itself a finding (hygiene) */
	mlr_buf_puts(o, "# Paths never read or reported (.gitignore-style patterns): generated or vendored\n"
			"# code. Not data: committed data is a finding of its own.\n"
			"exclude: []\n\n");

	mlr_buf_puts(o, "# Rules switched off for some paths only.\n");
	if (s->tests_dir) {
		mlr_buf_puts(o, "per-path-ignores:\n");
		mlr_buf_printf(o, "  \"%s/**\": [MLR301]  # tests fit toy models without tracking them\n", s->tests_dir);
		if (s->notebooks && s->notebooks_dir && *s->notebooks_dir) {
			mlr_buf t = MLR_BUF_INIT;
			mlr_buf_printf(&t, "%s/**", s->notebooks_dir);
			mlr_buf_puts(o, "  # ");
			mlr_yaml_scalar(o, mlr_buf_cstr(&t));
			mlr_buf_puts(o, ": [MLR801]  # only if notebook outputs are meant to be committed\n");
			mlr_buf_dispose(&t);
		}
		mlr_buf_putc(o, '\n');
	} else {
		mlr_buf_puts(o, "# per-path-ignores:\n#   \"tests/**\": [MLR301]\n\n");
	}

	mlr_buf_puts(o, "# Severity overrides: a rule, category or prefix -> error, warning or note.\n"
			"# severity:\n#   notebook-outputs-committed: error\n\n");
	mlr_buf_puts(o, "# Per-rule thresholds: the KPI ratio that earns full points.\n"
			"# rules:\n#   MLR301: {target: 0.8}\n\n");
	mlr_buf_puts(o, "# In-house experiment tracker calls, counted as tracking (MLR301).\n"
			"# trackers: [\"ourco.tracking.*\"]\n\n");
	mlr_buf_puts(o, "# Extra variable names that hold secrets (MLR201).\n"
			"# secret-names: [\"*_passphrase\"]\n\n");
	mlr_buf_puts(o, "# Your own declarative rules (docs/writing-rules.md).\n"
			"# custom-rules: .mlready/rules\n");
}
