/* Baselines (see baseline.h), read and written with jansson. */
#include "filter/baseline.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/error.h"
#include "engine/engine.h"

#define MAX_BASELINE_BYTES (256u << 20)

typedef struct {
	char *rule; /* rule id */
	char *path; /* NULL: repository level */
	uint64_t fingerprint;
	bool used;  /* matched a finding of this run */
} entry;

struct mlr_baseline {
	entry *items;
	size_t len;
};

static int cmp_path(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

static int cmp_entry(const void *pa, const void *pb)
{
	const entry *a = pa, *b = pb;
	int c = cmp_path(a->path, b->path);
	if (c)
		return c;
	if ((c = strcmp(a->rule, b->rule)))
		return c;
	return a->fingerprint < b->fingerprint ? -1 : a->fingerprint > b->fingerprint;
}

static void entries_free(entry *e, size_t n)
{
	for (size_t i = 0; e && i < n; i++) {
		free(e->rule);
		free(e->path);
		e++;
	}
}

void mlr_baseline_free(mlr_baseline *b)
{
	if (!b)
		return;
	entries_free(b->items, b->len);
	free(b->items);
	free(b);
}

size_t mlr_baseline_count(const mlr_baseline *b)
{
	return b ? b->len : 0;
}

/* ------------------------------------------------------------------ writing */

int mlr_baseline_write(const mlr_result *res, const char *path)
{
	int error = 0;
	size_t n = res->finding_count;
	entry *es = calloc(n ? n : 1, sizeof(*es));
	json_t *root = json_object(), *list = json_array();
	char *tmp = NULL;
	mlr_buf name = MLR_BUF_INIT;

	if (!es || !root || !list)
		goto oom;
	/* borrowed strings: sorted copies of the findings' keys, not owned here */
	for (size_t i = 0; i < n; i++)
		es[i] = (entry){ (char *)res->findings[i].rule->id, res->findings[i].path, res->findings[i].fingerprint, false };
	if (n > 1)
		qsort(es, n, sizeof(*es), cmp_entry);
	for (size_t i = 0; i < n; i++) {
		char fp[17];
		snprintf(fp, sizeof(fp), "%016" PRIx64, es[i].fingerprint);
		json_t *o = json_pack("{s:s, s:s?, s:s}", "rule_id", es[i].rule, "path", es[i].path, "fingerprint", fp);
		if (!o || json_array_append_new(list, o) < 0)
			goto oom;
	}
	if (json_object_set_new(root, "version", json_integer(MLR_BASELINE_VERSION)) < 0 ||
	    json_object_set_new(root, "tool", json_string("mlready " MLR_VERSION)) < 0 ||
	    json_object_set(root, "findings", list) < 0)
		goto oom;

	mlr_buf_printf(&name, "%s.tmp", path);
	if (!(tmp = mlr_buf_detach(&name)))
		goto oom;
	if (json_dump_file(root, tmp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0) {
		error = mlr_error_set(MLR_EIO, "cannot write the baseline %s: %s", tmp, strerror(errno));
		remove(tmp);
		goto cleanup;
	}
	if (rename(tmp, path) != 0) {
		error = mlr_error_set(MLR_EIO, "cannot write the baseline %s: %s", path, strerror(errno));
		remove(tmp);
	}
	goto cleanup;
oom:
	error = mlr_error_set(MLR_ENOMEM, "out of memory writing the baseline");
cleanup:
	free(es);
	free(tmp);
	json_decref(list);
	json_decref(root);
	return error;
}

/* ------------------------------------------------------------------ reading */

static bool parse_fingerprint(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (!s || strlen(s) != 16)
		return false;
	for (const char *p = s; *p; p++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;
		if (d < 0)
			return false;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return true;
}

int mlr_baseline_load(mlr_baseline **out, const char *path)
{
	int error = 0;
	json_error_t jerr;
	mlr_baseline *b = NULL;
	json_t *root = NULL;

	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return mlr_error_set(MLR_ECONFIG, "%s: cannot read the baseline: %s", path, strerror(errno));
	root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
	fclose(f);
	if (!root)
		return mlr_error_set(MLR_ECONFIG, "%s:%d:%d: not a baseline: %s", path, jerr.line, jerr.column, jerr.text);

	json_t *version = json_object_get(root, "version"), *list = json_object_get(root, "findings");
	if (!json_is_object(root) || !json_is_integer(version) || !json_is_array(list)) {
		error = mlr_error_set(MLR_ECONFIG, "%s: not a baseline: expected an object with \"version\" and "
			"\"findings\" (mlready --write-baseline writes one)", path);
		goto cleanup;
	}
	if (json_integer_value(version) != MLR_BASELINE_VERSION) {
		error = mlr_error_set(MLR_ECONFIG, "%s: baseline version %" JSON_INTEGER_FORMAT " is not supported "
			"(this mlready reads version %d)", path, json_integer_value(version), MLR_BASELINE_VERSION);
		goto cleanup;
	}
	size_t n = json_array_size(list);
	if (!(b = calloc(1, sizeof(*b))) || !(b->items = calloc(n ? n : 1, sizeof(entry)))) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(list, i);
		const char *rule = json_string_value(json_object_get(o, "rule_id"));
		json_t *jpath = json_object_get(o, "path");
		const char *fp = json_string_value(json_object_get(o, "fingerprint"));
		entry e = { 0 };
		if (!json_is_object(o) || !rule || !(json_is_string(jpath) || json_is_null(jpath) || !jpath) ||
		    !parse_fingerprint(fp, &e.fingerprint)) {
			error = mlr_error_set(MLR_ECONFIG, "%s: finding %zu of the baseline needs \"rule_id\", \"path\" "
				"(a string or null) and \"fingerprint\" (16 hex digits)", path, i + 1);
			goto cleanup;
		}
		e.rule = mlr_strdup(rule);
		e.path = json_is_string(jpath) ? mlr_strdup(json_string_value(jpath)) : NULL;
		if (!e.rule || (json_is_string(jpath) && !e.path)) {
			free(e.rule);
			free(e.path);
			error = mlr_error_set(MLR_ENOMEM, "out of memory");
			goto cleanup;
		}
		b->items[b->len++] = e;
	}
	if (b->len > 1)
		qsort(b->items, b->len, sizeof(entry), cmp_entry);
	*out = b;
	b = NULL;

cleanup:
	mlr_baseline_free(b);
	json_decref(root);
	return error;
}

/* ------------------------------------------------------------------ applying */

size_t mlr_baseline_apply(const mlr_baseline *b, mlr_result *res)
{
	if (!b || !res)
		return 0;
	for (size_t i = 0; i < b->len; i++)
		b->items[i].used = false;
	size_t w = 0, dropped = 0;
	for (size_t r = 0; r < res->finding_count; r++) {
		mlr_finding *f = &res->findings[r];
		entry key = { (char *)f->rule->id, f->path, f->fingerprint, false };
		/* the first unused entry equal to the key: entries are sorted, so equal ones sit together */
		entry *hit = bsearch(&key, b->items, b->len, sizeof(entry), cmp_entry);
		if (hit) {
			while (hit > b->items && !cmp_entry(hit - 1, &key))
				hit--;
			while (hit < b->items + b->len && !cmp_entry(hit, &key) && hit->used)
				hit++;
			if (hit == b->items + b->len || cmp_entry(hit, &key))
				hit = NULL;
		}
		if (hit) {
			hit->used = true;
			mlr_finding_dispose(f);
			dropped++;
			continue;
		}
		res->findings[w++] = *f;
	}
	res->finding_count = w;
	return dropped;
}
