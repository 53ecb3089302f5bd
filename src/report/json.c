/*
 * The JSON report: the machine-readable contract, versioned by MLR_JSON_SCHEMA_VERSION
 * and described field by field in docs/json-report.md and docs/report.schema.json.
 * Keys keep their insertion order so the output diffs cleanly between runs.
 */
#include "report/report.h"
#include "report/jsonutil.h"

#include "core/error.h"
#include "score/mltest.h"
#include "score/score.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <time.h>

/* Missing text is null in this contract, not "" as in SARIF. */
static json_t *json_text(const char *s)
{
	return s ? mlr_json_text(s) : json_null();
}

static json_t *json_number(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *json_count(uint64_t v)
{
	return json_integer(v > (uint64_t)INT64_MAX ? INT64_MAX : (json_int_t)v);
}

static json_t *json_loss(const mlr_result *result, const mlr_score_loss *l)
{
	json_t *lo = json_object();
	mlr_buf earn = MLR_BUF_INIT;
	int err = 0;

	if (!lo)
		return NULL;
	mlr_report_earn_back(&earn, result, l);
	err |= mlr_json_put(lo, "rule_id", json_text(mlr_report_rule_id(l->rule)));
	err |= mlr_json_put(lo, "rule_name", json_text(l->rule && l->rule->name ? l->rule->name : ""));
	err |= mlr_json_put(lo, "findings", json_count(l->findings));
	err |= mlr_json_put(lo, "points", json_number(mlr_score_round1(l->points)));
	err |= mlr_json_put(lo, "fix", l->rule && l->rule->fix && *l->rule->fix ? json_text(l->rule->fix) : json_null());
	err |= earn.oom ? -1 : mlr_json_put(lo, "earn_back", json_text(mlr_buf_cstr(&earn)));
	mlr_buf_dispose(&earn);
	return mlr_json_checked(lo, err);
}

static json_t *json_category(const mlr_result *result, const mlr_category_score *cs, double weight)
{
	json_t *obj = json_object(), *losses = json_array();
	int err = 0;

	if (!obj || !losses) {
		json_decref(losses);
		json_decref(obj);
		return NULL;
	}
	err |= mlr_json_put(obj, "id", json_text(mlr_report_category_key(cs->category)));
	err |= mlr_json_put(obj, "name", json_text(mlr_report_category_name(cs->category)));
	err |= mlr_json_put(obj, "responsibility", json_text(mlr_report_category_responsibility(cs->category)));
	err |= mlr_json_put(obj, "score", cs->assessable ? json_number(mlr_score_round1(cs->score)) : json_null());
	err |= mlr_json_put(obj, "weight", json_number(weight));
	for (size_t i = 0; i < cs->loss_count; i++)
		err |= mlr_json_append(losses, json_loss(result, &cs->losses[i]));
	err |= mlr_json_put(obj, "losses", losses);
	return mlr_json_checked(obj, err);
}

static json_t *json_score(const mlr_result *result)
{
	const mlr_score *score = &result->score;
	const mlr_profile *profile = score->profile ? score->profile : mlr_profiles(NULL);
	json_t *obj = json_object(), *cats = json_array();
	int err = 0;

	if (!obj || !cats) {
		json_decref(cats);
		json_decref(obj);
		return NULL;
	}
	err |= mlr_json_put(obj, "overall",
		mlr_score_assessable(score) ? json_number(mlr_score_round1(score->overall)) : json_null());
	err |= mlr_json_put(obj, "capped", json_boolean(score->capped));
	err |= mlr_json_put(obj, "cap", json_number(mlr_score_round1(score->cap)));
	err |= mlr_json_put(obj, "profile", json_text(profile->name));
	for (int c = MLR_CAT_FIRST; c <= MLR_CAT_LAST; c++) {
		mlr_category_score cs = score->categories[c - 1];
		/* A zeroed score (never computed) still names its categories. */
		cs.category = (mlr_category)c;
		err |= mlr_json_append(cats, json_category(result, &cs, profile->category_weight[c - 1]));
	}
	err |= mlr_json_put(obj, "categories", cats);
	return mlr_json_checked(obj, err);
}

static json_t *json_mltest_item(const mlr_mltest_item *it)
{
	json_t *obj = json_object();
	int err = 0;

	if (!obj)
		return NULL;
	err |= mlr_json_put(obj, "id", json_text(it->id));
	err |= mlr_json_put(obj, "title", json_text(it->title));
	err |= mlr_json_put(obj, "status", json_text(mlr_mltest_status_key(it->status)));
	err |= mlr_json_put(obj, "points", it->status >= MLR_MLTEST_MISSING ? json_real(it->points) : json_null());
	err |= mlr_json_put(obj, "basis", json_text(it->basis));
	err |= mlr_json_put(obj, "note", json_text(it->note));
	return mlr_json_checked(obj, err);
}

static json_t *json_mltest(const mlr_result *result)
{
	mlr_mltest mt;
	json_t *obj = json_object(), *sections = json_array();
	int err = 0;

	if (!obj || !sections) {
		json_decref(sections);
		json_decref(obj);
		return NULL;
	}
	mlr_mltest_compute(&mt, result);
	err |= mlr_json_put(obj, "score", mt.assessable ? json_real(mt.score) : json_null());
	err |= mlr_json_put(obj, "band", mt.assessable ? json_text(mlr_mltest_band(mt.score)) : json_null());
	for (int s = 0; s < MLR_MLTEST_SECTIONS; s++) {
		json_t *so = json_object(), *tests = json_array();
		err |= mlr_json_append(sections, so);
		if (!so || !tests) {
			json_decref(tests);
			err = -1;
			continue;
		}
		err |= mlr_json_put(so, "id", json_text(mlr_mltest_section_key((mlr_mltest_section)s)));
		err |= mlr_json_put(so, "name", json_text(mlr_mltest_section_name((mlr_mltest_section)s)));
		err |= mlr_json_put(so, "score", mt.section_assessable[s] ? json_real(mt.section_score[s]) : json_null());
		err |= mlr_json_put(so, "scored", json_count(mt.section_scored[s]));
		for (size_t i = 0; i < MLR_MLTEST_TESTS; i++)
			if ((int)mt.items[i].section == s)
				err |= mlr_json_append(tests, json_mltest_item(&mt.items[i]));
		err |= mlr_json_put(so, "tests", tests);
	}
	err |= mlr_json_put(obj, "sections", sections);
	return mlr_json_checked(obj, err);
}

static json_t *json_finding(const mlr_finding *f)
{
	json_t *obj = json_object();
	char fingerprint[17];
	int err = 0;

	if (!obj)
		return NULL;
	snprintf(fingerprint, sizeof(fingerprint), "%016" PRIx64, f->fingerprint);
	err |= mlr_json_put(obj, "rule_id", json_text(mlr_report_rule_id(f->rule)));
	err |= mlr_json_put(obj, "rule_name", json_text(f->rule && f->rule->name ? f->rule->name : ""));
	err |= mlr_json_put(obj, "category",
		json_text(mlr_report_category_key(f->rule ? f->rule->category : (mlr_category)0)));
	err |= mlr_json_put(obj, "severity", json_text(mlr_severity_name(f->severity)));
	err |= mlr_json_put(obj, "path", json_text(f->path));
	err |= mlr_json_put(obj, "line", json_count(f->line));
	err |= mlr_json_put(obj, "column", json_count(f->column));
	if (f->cell)
		err |= mlr_json_put(obj, "cell", json_count(f->cell));
	err |= mlr_json_put(obj, "message", json_text(f->message ? f->message : (f->rule ? f->rule->message : "")));
	err |= mlr_json_put(obj, "fingerprint", json_text(fingerprint));
	err |= mlr_json_put(obj, "blocking", json_boolean(f->blocking));
	if (f->commit) {
		/* --history: the commit that introduced the content, and whether HEAD still has it */
		char date[32];
		time_t t = (time_t)f->commit_time;
		struct tm tm;
		if (!gmtime_r(&t, &tm) || !strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm))
			date[0] = '\0';
		err |= mlr_json_put(obj, "commit", json_text(f->commit));
		err |= mlr_json_put(obj, "commit_time", json_integer((json_int_t)f->commit_time));
		err |= mlr_json_put(obj, "commit_date", date[0] ? json_text(date) : json_null());
		err |= mlr_json_put(obj, "in_head", json_boolean(f->in_head));
	}
	return mlr_json_checked(obj, err);
}

static json_t *json_kpi(const mlr_kpi *k, const mlr_profile *profile)
{
	json_t *obj = json_object();
	int err = 0;

	if (!obj)
		return NULL;
	err |= mlr_json_put(obj, "rule_id", json_text(mlr_report_rule_id(k->rule)));
	err |= mlr_json_put(obj, "key", json_text(k->key ? k->key : ""));
	err |= mlr_json_put(obj, "label", json_text(k->label ? k->label : (k->key ? k->key : "")));
	err |= mlr_json_put(obj, "numerator", json_count(k->numerator));
	err |= mlr_json_put(obj, "denominator", json_count(k->denominator));
	err |= mlr_json_put(obj, "ratio",
		k->denominator ? json_number((double)k->numerator / k->denominator) : json_null());
	err |= mlr_json_put(obj, "target", json_number(k->target));
	err |= mlr_json_put(obj, "scored_target", json_number(mlr_score_kpi_target(profile, k)));
	return mlr_json_checked(obj, err);
}

static json_t *json_rule_status(const mlr_rule_status *s)
{
	json_t *obj = json_object();
	int err = 0;

	if (!obj)
		return NULL;
	err |= mlr_json_put(obj, "id", json_text(mlr_report_rule_id(s->rule)));
	err |= mlr_json_put(obj, "name", json_text(s->rule && s->rule->name ? s->rule->name : ""));
	err |= mlr_json_put(obj, "assessed", json_boolean(s->assessed));
	return mlr_json_checked(obj, err);
}

static json_t *json_note(const mlr_note *n)
{
	json_t *obj = json_object();
	int err = 0;

	if (!obj)
		return NULL;
	err |= mlr_json_put(obj, "path", json_text(n->path));
	err |= mlr_json_put(obj, "message", json_text(n->message ? n->message : ""));
	return mlr_json_checked(obj, err);
}

static json_t *json_tool(void)
{
	json_t *obj = json_object();
	if (!obj)
		return NULL;
	if (mlr_json_put(obj, "name", json_string("mlready")) < 0 ||
		mlr_json_put(obj, "version", json_string(MLR_VERSION)) < 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

static int json_list(json_t *root, const char *key, const void *items, size_t count, size_t size,
	json_t *(*convert)(const void *))
{
	json_t *arr = json_array();
	int err = 0;
	if (!arr)
		return -1;
	for (size_t i = 0; i < count; i++)
		err |= mlr_json_append(arr, convert((const char *)items + i * size));
	err |= mlr_json_put(root, key, arr);
	return err;
}

static int json_kpis(json_t *root, const mlr_result *result)
{
	json_t *arr = json_array();
	int err = 0;
	if (!arr)
		return -1;
	for (size_t i = 0; i < result->kpi_count; i++)
		err |= mlr_json_append(arr, json_kpi(&result->kpis[i], result->score.profile));
	err |= mlr_json_put(root, "kpis", arr);
	return err;
}

/* ---- PR mode (owned with src/diff/): the base the findings were compared with ---- */
static json_t *json_base(const mlr_result *result)
{
	if (!result->has_base)
		return json_null();
	json_t *obj = json_object(), *cats = json_object();
	int err = !obj || !cats;
	bool both = result->base_assessable && result->compared_assessable;
	err |= mlr_json_put(obj, "commit", json_text(result->base_commit));
	err |= mlr_json_put(obj, "overall", result->base_assessable
		? json_number(mlr_score_round1(result->base_overall)) : json_null());
	/* like for like: the after-tree without the change category, which the base lacks */
	err |= mlr_json_put(obj, "compared_overall", result->compared_assessable
		? json_number(mlr_score_round1(result->compared_overall)) : json_null());
	err |= mlr_json_put(obj, "delta", both ? json_number(mlr_score_round1(
		mlr_score_round1(result->compared_overall) - mlr_score_round1(result->base_overall))) : json_null());
	for (int c = MLR_CAT_FIRST; c <= MLR_CAT_LAST && cats; c++) {
		const mlr_category_info *ci = mlr_category_get((mlr_category)c);
		err |= mlr_json_put(cats, ci ? ci->key : "unknown", result->base_category_assessable[c - 1]
			? json_number(mlr_score_round1(result->base_category[c - 1])) : json_null());
	}
	err |= mlr_json_put(obj, "categories", cats);
	cats = NULL;
	err |= mlr_json_put(obj, "findings", json_count(result->base_finding_count));
	err |= mlr_json_put(obj, "preexisting", json_count(result->preexisting_count));
	err |= mlr_json_put(obj, "changed_paths", json_count(result->changed_path_count));
	if (err) {
		json_decref(cats);
		json_decref(obj);
		return NULL;
	}
	return obj;
}
/* ---- end PR mode ---- */

static json_t *conv_finding(const void *p) { return json_finding(p); }
static json_t *conv_rule(const void *p) { return json_rule_status(p); }
static json_t *conv_note(const void *p) { return json_note(p); }

int mlr_report_json(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts)
{
	json_t *root = json_object();
	int err = 0, error = 0;

	(void)opts; /* colour and quiet mean nothing to a machine reader */
	if (!root) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory while writing the JSON report");
		goto cleanup;
	}
	err |= mlr_json_put(root, "schema_version", json_integer(MLR_JSON_SCHEMA_VERSION));
	err |= mlr_json_put(root, "tool", json_tool());
	err |= mlr_json_put(root, "root", json_text(result->root));
	err |= mlr_json_put(root, "source", json_text(result->source));
	err |= mlr_json_put(root, "files", json_count(result->file_count));
	err |= mlr_json_put(root, "bytes", json_count(result->byte_count));
	err |= mlr_json_put(root, "bytes_parsed", json_count(result->parsed_byte_count));
	err |= mlr_json_put(root, "score", json_score(result));
	err |= mlr_json_put(root, "base", json_base(result)); /* PR mode */
	err |= mlr_json_put(root, "ml_test_score", json_mltest(result));
	err |= json_list(root, "findings", result->findings, result->finding_count,
		sizeof(*result->findings), conv_finding);
	err |= json_kpis(root, result);
	err |= json_list(root, "rules", result->rules, result->rule_count, sizeof(*result->rules), conv_rule);
	err |= json_list(root, "notes", result->notes, result->note_count, sizeof(*result->notes), conv_note);
	error = mlr_json_write(out, root, err, "JSON");

cleanup:
	json_decref(root);
	return error;
}
