/* MLR404 model-index-invalid: the model-index of a model card's front matter is not the
 * structure the Hugging Face Hub reads (task, dataset, metric type and value). */
#include "repo/modelcard.h"

#include <stdarg.h>
#include <stdlib.h>

#include "core/buf.h"

/* One broken model-index yields at most this many findings. */
#define MAX_PROBLEMS_PER_CARD 10

typedef struct {
	mlr_repo_ctx *ctx;
	const mlr_rule *rule;
	const mlr_model_card *card;
	mlr_yaml *y;
	size_t problems;
} validator;

static void problem(validator *v, const yaml_node_t *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(validator *v, const yaml_node_t *at, const char *fmt, ...)
{
	if (v->problems++ >= MAX_PROBLEMS_PER_CARD)
		return;
	mlr_buf msg = MLR_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	mlr_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	mlr_emit(v->ctx->findings, v->rule, v->card->file->path, mlr_model_card_line(v->card, mlr_yaml_line(at)),
		mlr_yaml_col(at), mlr_repo_hash(mlr_buf_cstr(&msg)), false, "model-index: %s", mlr_buf_cstr(&msg));
	mlr_buf_dispose(&msg);
}

static bool nonempty(const yaml_node_t *n)
{
	const char *s = mlr_yaml_str(n);
	return s && *s && strcmp(s, "~") && strcmp(s, "null");
}

static bool numeric(const char *s)
{
	char *end;
	if (!s || !*s)
		return false;
	strtod(s, &end);
	while (*end == ' ')
		end++;
	if (*end == '%')
		end++;
	return end != s && *end == '\0';
}

static void check_metric(validator *v, yaml_node_t *m, size_t r, size_t k)
{
	if (!m || m->type != YAML_MAPPING_NODE) {
		problem(v, m, "result %zu: metric %zu is not a mapping with type and value", r, k);
		return;
	}
	yaml_node_t *type = mlr_yaml_get(v->y, m, "type");
	yaml_node_t *value = mlr_yaml_get(v->y, m, "value");
	const char *name = nonempty(type) ? mlr_yaml_str(type) : NULL;
	if (!name)
		problem(v, m, "result %zu: metric %zu has no type (accuracy, f1, wer, ...)", r, k);
	if (!value || !nonempty(value))
		problem(v, m, "result %zu: metric %.40s has no value", r, name ? name : "?");
	else if (!numeric(mlr_yaml_str(value)))
		problem(v, value, "result %zu: metric %.40s has a value that is not a number", r, name ? name : "?");
}

static void check_result(validator *v, yaml_node_t *res, size_t r)
{
	if (!res || res->type != YAML_MAPPING_NODE) {
		problem(v, res, "result %zu is not a mapping with task, dataset and metrics", r);
		return;
	}
	yaml_node_t *task = mlr_yaml_get(v->y, res, "task");
	if (!nonempty(mlr_yaml_get(v->y, task, "type")))
		problem(v, task ? task : res, "result %zu has no task.type (text-classification, ...)", r);
	yaml_node_t *ds = mlr_yaml_get(v->y, res, "dataset");
	if (!nonempty(mlr_yaml_get(v->y, ds, "type")) || !nonempty(mlr_yaml_get(v->y, ds, "name")))
		problem(v, ds ? ds : res, "result %zu needs dataset.type and dataset.name", r);
	yaml_node_t *metrics = mlr_yaml_get(v->y, res, "metrics");
	if (!metrics || metrics->type != YAML_SEQUENCE_NODE || mlr_yaml_len(metrics) == 0) {
		problem(v, metrics ? metrics : res, "result %zu has no metrics", r);
		return;
	}
	for (size_t k = 0; k < mlr_yaml_len(metrics) && v->problems < MAX_PROBLEMS_PER_CARD; k++)
		check_metric(v, mlr_yaml_item(v->y, metrics, k), r, k + 1);
}

static void check_index(validator *v, yaml_node_t *mi)
{
	if (mi->type != YAML_SEQUENCE_NODE || mlr_yaml_len(mi) == 0) {
		problem(v, mi, "must be a list of models, each with name and results");
		return;
	}
	for (size_t m = 0; m < mlr_yaml_len(mi) && v->problems < MAX_PROBLEMS_PER_CARD; m++) {
		yaml_node_t *model = mlr_yaml_item(v->y, mi, m);
		if (!model || model->type != YAML_MAPPING_NODE) {
			problem(v, model, "entry %zu is not a mapping with name and results", m + 1);
			continue;
		}
		if (!nonempty(mlr_yaml_get(v->y, model, "name")))
			problem(v, model, "entry %zu has no name", m + 1);
		yaml_node_t *results = mlr_yaml_get(v->y, model, "results");
		if (!results || results->type != YAML_SEQUENCE_NODE || mlr_yaml_len(results) == 0) {
			problem(v, results ? results : model, "entry %zu has no results", m + 1);
			continue;
		}
		for (size_t r = 0; r < mlr_yaml_len(results) && v->problems < MAX_PROBLEMS_PER_CARD; r++)
			check_result(v, mlr_yaml_item(v->y, results, r), r + 1);
	}
}

void mlr_check_model_index_invalid(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_model_card_array cards = { 0 };
	if (!mlr_repo_is_snapshot(ctx) || mlr_model_cards_load(&cards, ctx) < 0)
		goto cleanup;
	for (size_t i = 0; i < cards.len; i++) {
		mlr_yaml y;
		if (mlr_model_card_front(&y, &cards.items[i]) != 0)
			continue;
		yaml_node_t *mi = mlr_yaml_get(&y, mlr_yaml_root(&y), "model-index");
		if (mi) {
			ctx->assessed = true;
			validator v = { ctx, rule, &cards.items[i], &y, 0 };
			check_index(&v, mi);
		}
		mlr_yaml_dispose(&y);
	}
cleanup:
	mlr_model_cards_dispose(&cards);
}
