/*
 * MODEL_CARD.md: Hugging Face front matter and the sections of "Model Cards for Model
 * Reporting" (the ones MLR405 checks for), filled where the code tells and marked TODO
 * where a person must write. A TODO left behind is reported by MLR406 — on purpose: a
 * scaffold is not an answer.
 */
#include "scaffold/text.h"

#include <ctype.h>
#include <string.h>

/* A Hub dataset id ("imdb", "user/name"), not a file path or a labelled built-in. */
static bool hub_dataset(const char *d)
{
	static const char *const exts[] = { ".csv", ".tsv", ".parquet", ".json", ".jsonl", ".txt",
		".xlsx", ".xls", ".feather", ".arrow", ".pkl", ".zip", ".gz", NULL };
	if (strchr(d, ' ') || d[0] == '.' || d[0] == '/' || strstr(d, "://") || strchr(d, '*'))
		return false;
	size_t n = strlen(d);
	for (size_t i = 0; exts[i]; i++) {
		size_t m = strlen(exts[i]);
		if (n > m && !strcmp(d + n - m, exts[i]))
			return false;
	}
	return strchr(d, '/') == NULL || strchr(strchr(d, '/') + 1, '/') == NULL;
}

static void lower_scalar(mlr_buf *out, const char *s)
{
	char buf[64];
	size_t n = 0;
	for (; s[n] && n + 1 < sizeof(buf); n++)
		buf[n] = (char)tolower((unsigned char)s[n]);
	buf[n] = '\0';
	mlr_yaml_scalar(out, buf);
}

static void front_matter(mlr_buf *o, const mlr_survey *s)
{
	mlr_buf_puts(o, "---\n# Model-card metadata, read by the Hugging Face Hub and model registries.\n");
	if (s->license) {
		mlr_buf_puts(o, "license: ");
		lower_scalar(o, s->license);
		mlr_buf_puts(o, "  # from ");
		mlr_buf_puts(o, s->license_file ? s->license_file : "the project");
		mlr_buf_putc(o, '\n');
	} else {
		mlr_buf_puts(o, "license:  # TODO: the model's license (mit, apache-2.0, other, ...)\n");
	}
	if (s->library) {
		mlr_buf_puts(o, "library_name: ");
		mlr_yaml_scalar(o, s->library);
		mlr_buf_putc(o, '\n');
	}
	if (s->base_models.len) {
		mlr_buf_puts(o, "base_model: ");
		mlr_yaml_scalar(o, s->base_models.items[0]);
		mlr_buf_puts(o, "  # from from_pretrained() in the code: check it is the model you fine-tuned\n");
	}
	if (s->frameworks.len) {
		mlr_buf_puts(o, "tags:\n");
		for (size_t i = 0; i < s->frameworks.len; i++) {
			mlr_buf_puts(o, "  - ");
			char tag[64];
			size_t n = 0;
			for (const char *p = s->frameworks.items[i]; *p && n + 1 < sizeof(tag); p++)
				tag[n++] = *p == ' ' ? '-' : (char)tolower((unsigned char)*p);
			tag[n] = '\0';
			mlr_yaml_scalar(o, tag);
			mlr_buf_putc(o, '\n');
		}
	}
	size_t hub = 0;
	for (size_t i = 0; i < s->datasets.len; i++)
		if (hub_dataset(s->datasets.items[i]) && hub++ == 0)
			mlr_buf_puts(o, "datasets:\n");
	for (size_t i = 0; hub && i < s->datasets.len; i++)
		if (hub_dataset(s->datasets.items[i])) {
			mlr_buf_puts(o, "  - ");
			mlr_yaml_scalar(o, s->datasets.items[i]);
			mlr_buf_putc(o, '\n');
		}
	if (!hub)
		mlr_buf_puts(o, "datasets: []  # TODO: the training datasets (Hub ids, or a name and a link)\n");
	if (s->metrics.len) {
		mlr_buf_puts(o, "metrics:\n");
		for (size_t i = 0; i < s->metrics.len && i < 8; i++) {
			mlr_buf_puts(o, "  - ");
			mlr_yaml_scalar(o, s->metrics.items[i]);
			mlr_buf_putc(o, '\n');
		}
	} else {
		mlr_buf_puts(o, "metrics: []  # TODO: the metrics the model is judged by (accuracy, f1, roc_auc, ...)\n");
	}
	mlr_buf_puts(o, "---\n\n");
}

/* A placeholder a person must replace: the guidance in a comment, so that the section
 * reads as unanswered (MLR405) and the marker as unfilled (MLR406) until someone writes. */
static void todo(mlr_buf *o, const char *guidance)
{
	mlr_buf_printf(o, "<!-- %s -->\nTODO\n\n", guidance);
}

static void section(mlr_buf *o, const char *title, const char *guidance)
{
	mlr_buf_printf(o, "## %s\n\n", title);
	todo(o, guidance);
}

static void bullet_files(mlr_buf *o, const char *label, const mlr_str_array *a)
{
	if (!a->len)
		return;
	mlr_buf_printf(o, "- **%s:** ", label);
	mlr_list_join(o, a, 4, true);
	mlr_buf_putc(o, '\n');
}

void mlr_render_model_card(mlr_buf *o, const mlr_survey *s)
{
	front_matter(o, s);
	mlr_buf_puts(o, "# Model card: ");
	mlr_md_text(o, s->name);
	mlr_buf_puts(o, "\n\n<!-- Written by `mlready scaffold model-card` from what the code shows. The places\n"
			"     marked to do are questions only you can answer: replace each with the answer, or\n"
			"     say why it does not apply. mlready reports the ones left (MLR406) and the\n"
			"     sections still unanswered (MLR405). The comments say what to write. -->\n\n");

	mlr_buf_puts(o, "## Model details\n\n");
	if (s->frameworks.len) {
		mlr_buf_puts(o, "- **Framework:** ");
		mlr_list_join(o, &s->frameworks, 6, false);
		mlr_buf_putc(o, '\n');
	}
	bullet_files(o, "Training code", &s->train_files);
	bullet_files(o, "Serving code", &s->serve_files);
	if (s->trackers.len) {
		mlr_buf_puts(o, "- **Experiment tracking:** ");
		mlr_list_join(o, &s->trackers, 4, false);
		mlr_buf_putc(o, '\n');
	}
	if (s->base_models.len) {
		mlr_buf_puts(o, "- **Base model:** ");
		mlr_list_join(o, &s->base_models, 3, true);
		mlr_buf_putc(o, '\n');
	}
	if (s->license) {
		mlr_buf_printf(o, "- **License:** %s (", s->license);
		mlr_md_code(o, s->license_file ? s->license_file : "");
		mlr_buf_puts(o, ")\n");
	}
	mlr_buf_puts(o, "- **Version:** TODO: this model's version or date, and where its weights are stored.\n"
			"- **Owners:** TODO: who to contact about this model.\n\n");

	section(o, "Intended use", "What the model is for, who uses its output, and which decision it informs.");
	section(o, "Out-of-scope use", "Uses it was not built for: decisions it was never validated for,\n"
		"     and populations or inputs it has not seen.");

	mlr_buf_puts(o, "## Training data\n\n");
	if (s->datasets.len) {
		mlr_buf_puts(o, "The training code loads ");
		mlr_list_join(o, &s->datasets, 8, true);
		mlr_buf_puts(o, ".\n\n");
	}
	todo(o, "Where the data comes from, its time range and size, how it was labelled,\n"
		"     cleaned and split, and any personal data it holds.");

	/* values stay TODO: a number here must come from an evaluation run, not from us */
	mlr_buf_puts(o, "## Evaluation\n\n<!-- The evaluation data (a held-out split and its time range), the numbers,\n"
			"     and how they vary across the groups that matter. -->\n");
	if (s->metrics.len) {
		mlr_buf_puts(o, "The code computes or logs these; give each its value and the data it was measured on:\n\n");
		for (size_t i = 0; i < s->metrics.len && i < 8; i++) {
			mlr_buf_puts(o, "- ");
			mlr_md_code(o, s->metrics.items[i]);
			mlr_buf_puts(o, ": TODO\n");
		}
		mlr_buf_putc(o, '\n');
	} else {
		mlr_buf_puts(o, "TODO\n\n");
	}
	section(o, "Limitations, bias and risks", "Where the model fails or is weaker (inputs, groups, time periods),\n"
		"     known biases, and the harm a wrong prediction can do.");

	mlr_buf_puts(o, "## How to use\n\n");
	if (s->requirements || s->pyproject || s->train_files.len) {
		mlr_buf_puts(o, "```bash\n");
		if (s->requirements) {
			mlr_buf_puts(o, "pip install -r ");
			mlr_shell_arg(o, s->requirements);
			mlr_buf_putc(o, '\n');
		} else if (s->pyproject) {
			mlr_buf_puts(o, "pip install .\n");
		}
		if (s->train_files.len) {
			mlr_buf_puts(o, "python ");
			mlr_shell_arg(o, s->train_files.items[0]);
			mlr_buf_puts(o, "    # train\n");
		}
		mlr_buf_puts(o, "```\n\n");
	}
	todo(o, "How to load the trained model and get a prediction, in a few lines of code.");
}
