/*
 * Secret scanner benchmark: recall and false-positive share per provider family on a
 * labelled corpus (gitleaks_cases.jsonl: rule_id, label tp/fp, text), then throughput
 * on every .py file under /usr/lib/python3.11 concatenated in memory.
 *
 *   bench_secrets <corpus.jsonl> [python-dir]
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/buf.h"
#include "core/shown.h"
#include "mlready.h"
#include "secrets/secrets.h"

/* gitleaks rule-id prefix -> our family; first match wins, NULL family = not claimed. */
static const struct {
	const char *prefix;
	const char *family;
} families[] = {
	{ "openai", "openai" },
	{ "anthropic", "anthropic" },
	{ "huggingface", "huggingface" },
	{ "aws-access-token", "aws" },
	{ "gcp", "gcp" },
	{ "github", "github" },
	{ "gitlab-session-cookie", NULL },
	{ "gitlab", "gitlab" },
	{ "slack", "slack" },
	{ "stripe", "stripe" },
	{ "sendgrid", "sendgrid" },
	{ "twilio", "twilio" },
	{ "pypi", "pypi" },
	{ "npm", "npm" },
	{ "databricks", "databricks" },
	{ "cohere", "cohere" },
	{ "jwt-base64", NULL },
	{ "jwt", "jwt" },
	{ "private-key", "private-key" },
	{ "sidekiq-sensitive-url", "url-password" },
	{ "generic-api-key", "generic" },
};

#define NFAM (sizeof(families) / sizeof(families[0]))
#define MAXFAM 32

typedef struct {
	const char *name;
	size_t tp, tp_hit, fp, fp_hit;
} tally;

static tally tallies[MAXFAM];
static size_t ntallies;

static tally *tally_for(const char *family)
{
	for (size_t i = 0; i < ntallies; i++)
		if (strcmp(tallies[i].name, family) == 0)
			return &tallies[i];
	if (ntallies == MAXFAM)
		return &tallies[MAXFAM - 1];
	tallies[ntallies].name = family;
	return &tallies[ntallies++];
}

static const char *family_of(const char *rule)
{
	for (size_t i = 0; i < NFAM; i++)
		if (strncmp(rule, families[i].prefix, strlen(families[i].prefix)) == 0)
			return families[i].family ? families[i].family : "(not claimed)";
	return "(not claimed)";
}

static void print_row(const tally *t)
{
	printf("%-16s %6zu %7.3f %6zu %8.3f\n", t->name, t->tp,
		t->tp ? (double)t->tp_hit / (double)t->tp : 0.0, t->fp,
		t->fp ? (double)t->fp_hit / (double)t->fp : 0.0);
}

static int corpus(mlr_secret_scanner *s, const char *path, int verbose)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	tally claimed = { "TOTAL claimed", 0, 0, 0, 0 }, all = { "TOTAL all", 0, 0, 0, 0 };
	size_t values = 0, quotable = 0; /* values reported, and those a diagnostic would quote */

	if (!f) {
		perror(path);
		return 1;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		json_error_t err;
		json_t *o = json_loadb(line, (size_t)n, 0, &err);
		const char *rule = json_string_value(json_object_get(o, "rule_id"));
		const char *label = json_string_value(json_object_get(o, "label"));
		json_t *text = json_object_get(o, "text");
		if (!rule || !label || !json_is_string(text)) {
			json_decref(o);
			continue;
		}
		mlr_secret_hits hits = { NULL, 0, 0 };
		if (mlr_secret_scan(&hits, s, json_string_value(text), json_string_length(text)) < 0) {
			fprintf(stderr, "scan failed\n");
			json_decref(o);
			break;
		}
		bool hit = hits.len > 0, tp = strcmp(label, "tp") == 0;
		for (size_t i = 0; i < hits.len; i++) {
			values++;
			if (mlr_shown_ok(json_string_value(text) + hits.items[i].offset, hits.items[i].length)) {
				quotable++;
				if (verbose)
					printf("QUOTABLE %s %s\n", rule, hits.items[i].redacted);
			}
		}
		const char *fam = family_of(rule);
		tally *t = tally_for(fam);
		tally *tot[2] = { &all, strcmp(fam, "(not claimed)") ? &claimed : NULL };
		for (int k = 0; k < 2; k++) {
			tally *x = k == 0 ? t : tot[k - 1];
			for (int m = 0; m < (k == 1 ? 2 : 1); m++) {
				x = k == 0 ? t : tot[m];
				if (!x)
					continue;
				if (tp) {
					x->tp++;
					x->tp_hit += hit;
				} else {
					x->fp++;
					x->fp_hit += hit;
				}
			}
		}
		if (verbose && strcmp(fam, "(not claimed)") && (tp != hit))
			printf("%s %s %s: %.160s\n", tp ? "MISS" : "FLAG", rule,
				hits.len ? hits.items[0].format->id : "-", json_string_value(text));
		mlr_array_delete(&hits);
		json_decref(o);
	}
	free(line);
	fclose(f);
	printf("%-16s %6s %7s %6s %8s\n", "family", "tp", "recall", "fp", "flagged");
	for (size_t i = 0; i < ntallies; i++)
		if (strcmp(tallies[i].name, "(not claimed)"))
			print_row(&tallies[i]);
	print_row(&claimed);
	for (size_t i = 0; i < ntallies; i++)
		if (!strcmp(tallies[i].name, "(not claimed)"))
			print_row(&tallies[i]);
	print_row(&all);
	printf("values reported that a config diagnostic would quote: %zu of %zu\n", quotable, values);
	return 0;
}

static void slurp_dir(mlr_buf *b, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d || depth > 8) {
		if (d)
			closedir(d);
		return;
	}
	while ((e = readdir(d))) {
		char path[4096];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			slurp_dir(b, path, depth + 1);
		} else if (S_ISREG(st.st_mode) && strlen(e->d_name) > 3 &&
			   !strcmp(e->d_name + strlen(e->d_name) - 3, ".py")) {
			FILE *f = fopen(path, "rb");
			char chunk[65536];
			size_t n;
			if (!f)
				continue;
			while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
				mlr_buf_put(b, chunk, n);
			fclose(f);
		}
	}
	closedir(d);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void throughput(mlr_secret_scanner *s, const char *dir)
{
	mlr_buf b = MLR_BUF_INIT;
	mlr_secret_hits hits = { NULL, 0, 0 };
	double best = 0;

	slurp_dir(&b, dir, 0);
	if (b.oom || b.len == 0) {
		printf("throughput: no .py files under %s\n", dir);
		mlr_buf_dispose(&b);
		return;
	}
	for (int round = 0; round < 3; round++) {
		hits.len = 0;
		double t0 = now();
		mlr_secret_scan(&hits, s, b.ptr, b.len);
		double mbs = (double)b.len / 1e6 / (now() - t0);
		if (mbs > best)
			best = mbs;
	}
	printf("throughput: %.1f MB of Python (%s), %zu hits, %.0f MB/s (best of 3, one core)\n",
		(double)b.len / 1e6, dir, hits.len, best);
	mlr_array_delete(&hits);
	mlr_buf_dispose(&b);
}

int main(int argc, char **argv)
{
	mlr_secret_scanner *s = NULL;
	int verbose = getenv("BENCH_VERBOSE") != NULL;

	if (argc < 2) {
		fprintf(stderr, "usage: %s corpus.jsonl [python-dir]\n", argv[0]);
		return 2;
	}
	if (mlr_secret_scanner_new(&s) < 0) {
		fprintf(stderr, "scanner: %s\n", mlr_error_last());
		return 1;
	}
	int rc = corpus(s, argv[1], verbose);
	throughput(s, argc > 2 ? argv[2] : "/usr/lib/python3.11");
	mlr_secret_scanner_delete(s);
	return rc;
}
