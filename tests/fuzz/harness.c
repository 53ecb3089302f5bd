/*
 * The one-file engine behind the file-level fuzz targets. It is mlr_lint without the
 * walk: the source is a plain directory opened once, the file set is built per input,
 * and one worker (parser, compiled queries, secret scanner) is reused, so an input costs
 * its analysis and not the set-up. The worker is the engine's own (engine/analyze.h),
 * so what is fuzzed is what runs.
 */
#include "fuzz.h"

#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/error.h"
#include "engine/analyze.h"
#include "rules/builtin.h"
#include "secrets/secrets.h"

/* The engine's defaults, except a shorter parse budget: libFuzzer's -timeout must stay
 * above it, and a parse that needs seconds on a fuzz-sized input is itself a finding. */
#define FZ_MAX_FILE_SIZE (8u << 20)
#define FZ_PARSE_TIMEOUT_US (5u * 1000u * 1000u)
#define FZ_MAX_FILES 8

static struct {
	bool ready;
	char dir[256];
	mlr_options opts;
	mlr_source *src;
	mlr_source_reader *reader;
	mlr_job_rule *file_rules;
	size_t file_rule_count;
	const mlr_rule **query_rules;
	size_t query_rule_count;
	mlr_lazy_queries queries;
	mlr_prefilter prefilter;
	mlr_file_array files;
	mlr_file_facts facts[FZ_MAX_FILES];
	mlr_job job;
	mlr_worker worker;
	mlr_secret_scanner *scanner; /* the harness's own, to know which secrets must not leak */
} E;

void fz_fail(const char *fmt, ...)
{
	va_list ap;
	fputs("fuzz invariant failed: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

size_t fz_pick(const uint8_t *data, size_t size, size_t n)
{
	/* FNV-1a of a prefix: a mutation near the start moves the input to another path */
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < size && i < 32; i++)
		h = (h ^ data[i]) * 16777619u;
	return n ? (size_t)((h ^ (uint32_t)size) % n) : 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void teardown(void)
{
	if (!E.ready)
		return;
	mlr_worker_dispose(&E.worker);
	mlr_source_reader_free(E.reader);
	mlr_source_free(E.src);
	mlr_prefilter_dispose(&E.prefilter);
	mlr_lazy_queries_dispose(&E.queries);
	mlr_secret_scanner_delete(E.scanner);
	free(E.file_rules);
	free(E.query_rules);
	mlr_array_delete(&E.files);
	nftw(E.dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	E.ready = false;
}

static void setup(void)
{
	if (E.ready)
		return;
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
	snprintf(E.dir, sizeof(E.dir), "%s/mlr-fuzz.XXXXXX", base ? base : "/tmp");
	if (!mkdtemp(E.dir))
		fz_fail("mkdtemp %s: %s", E.dir, strerror(errno));

	size_t n = mlr_builtin_rule_count;
	E.file_rules = calloc(n, sizeof(*E.file_rules));
	E.query_rules = calloc(n, sizeof(*E.query_rules));
	if (!E.file_rules || !E.query_rules)
		fz_fail("out of memory");
	for (size_t i = 0; i < n; i++) {
		const mlr_rule *r = &mlr_builtin_rules[i];
		if (r->query) {
			E.query_rules[E.query_rule_count++] = r;
			continue;
		}
		const mlr_check *c = mlr_check_find(r->check);
		if (!c)
			fz_fail("%s: no check named %s", r->id, r->check ? r->check : "(null)");
		if (r->scope != MLR_SCOPE_REPO)
			E.file_rules[E.file_rule_count++] = (mlr_job_rule){ r, c, MLR_TRIGGER_ALWAYS };
	}
	mlr_lazy_queries_init(&E.queries, E.query_rules, E.query_rule_count);
	if (!mlr_lazy_queries_get(&E.queries))
		fz_fail("queries: %s", mlr_error_last());
	if (mlr_prefilter_init(&E.prefilter, E.file_rules, E.file_rule_count, &E.queries, NULL) < 0)
		fz_fail("prefilter: %s", mlr_error_last());

	mlr_options_init(&E.opts);
	E.opts.path = E.dir;
	E.opts.source = MLR_SOURCE_DIR;
	E.opts.jobs = 1;
	if (mlr_source_open(&E.src, &E.opts, NULL) < 0)
		fz_fail("source: %s", mlr_error_last());
	if (mlr_source_reader_new(&E.reader, E.src) < 0)
		fz_fail("reader: %s", mlr_error_last());
	if (mlr_secret_scanner_new(&E.scanner) < 0)
		fz_fail("scanner: %s", mlr_error_last());

	E.job = (mlr_job){
		.source = E.src,
		.files = &E.files,
		.facts = E.facts,
		.file_rules = E.file_rules,
		.file_rule_count = E.file_rule_count,
		.queries = &E.queries,
		.max_file_size = FZ_MAX_FILE_SIZE,
		.parse_timeout_us = FZ_PARSE_TIMEOUT_US,
		.config = NULL,
		.prefilter = &E.prefilter, /* the worker sizes its plan for it; inputs toggle it */
	};
	if (mlr_worker_init(&E.worker, &E.job) < 0)
		fz_fail("worker: %s", mlr_error_last());
	E.ready = true;
	atexit(teardown);
}

/* Writes data at dir/path, creating the directories on the way. */
static void put_file(const char *path, const uint8_t *data, size_t size)
{
	char full[1024];
	int n = snprintf(full, sizeof(full), "%s/%s", E.dir, path);
	if (n < 0 || (size_t)n >= sizeof(full))
		fz_fail("path too long: %s", path);
	for (char *p = full + strlen(E.dir) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(full, 0700) < 0 && errno != EEXIST)
			fz_fail("mkdir %s: %s", full, strerror(errno));
		*p = '/';
	}
	FILE *f = fopen(full, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		fz_fail("write %s: %s", full, strerror(errno));
}

static void drop_file(const char *path)
{
	char full[1024];
	snprintf(full, sizeof(full), "%s/%s", E.dir, path);
	unlink(full);
}

void fz_assert_utf8(const char *s, size_t len, const char *what)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned c = p[i];
		size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		FZ_ASSERT(n && i + n <= len, "%s: invalid UTF-8 at byte %zu", what, i);
		uint32_t cp = n == 1 ? c : c & (0x7Fu >> n);
		for (size_t k = 1; k < n; k++) {
			FZ_ASSERT((p[i + k] & 0xC0) == 0x80, "%s: invalid UTF-8 at byte %zu", what, i);
			cp = (cp << 6) | (p[i + k] & 0x3Fu);
		}
		static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
		FZ_ASSERT(cp >= min[n] && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF),
			"%s: invalid UTF-8 (overlong or surrogate) at byte %zu", what, i);
		i += n;
	}
}

typedef mlr_array(char *) str_array;

/* One report format, rendered: its reader must be able to take it, and it may not carry
 * a secret of the input in full. */
static void render_one(const mlr_result *result, mlr_format fmt, const str_array *secrets)
{
	const char *name = mlr_format_name(fmt);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		fz_fail("open_memstream");
	mlr_report_options ro = { false, fmt % 2 == 1 };
	int rc = mlr_report_write(f, fmt, result, &ro);
	fclose(f);
	FZ_ASSERT(rc == 0, "%s report failed: %s", name, mlr_error_last());
	fz_assert_utf8(buf, len, name);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		FZ_ASSERT(c >= 0x20 || c == '\n' || c == '\t' || c == '\r', "%s report: raw control byte 0x%02x at %zu",
			name, c, i);
	}
	if (fmt == MLR_FORMAT_JSON || fmt == MLR_FORMAT_SARIF) {
		json_error_t jerr;
		json_t *j = json_loadb(buf, len, 0, &jerr);
		FZ_ASSERT(j, "%s report is not JSON: %s (line %d)", name, jerr.text, jerr.line);
		json_decref(j);
	}
	for (size_t s = 0; secrets && s < secrets->len; s++)
		FZ_ASSERT(!memmem(buf, len, secrets->items[s], strlen(secrets->items[s])),
			"%s report prints a secret in full (%zu bytes)", name, strlen(secrets->items[s]));
	free(buf);
}

/* Every format but SARIF, whose rule metadata (a quarter of a megabyte for the built-in
 * rules) would cost more than the rest: the caller renders it with the rules that
 * matter to the input. */
static void render_all(const mlr_result *result, const str_array *secrets, bool sarif)
{
	for (int fmt = 0; fmt < 32; fmt++)
		if (strcmp(mlr_format_name((mlr_format)fmt), "unknown") && (sarif || fmt != MLR_FORMAT_SARIF))
			render_one(result, (mlr_format)fmt, secrets);
}

void fz_render_all(const mlr_result *result)
{
	render_all(result, NULL, true);
}

static bool is_builtin(const mlr_rule *r)
{
	return r >= mlr_builtin_rules && r < mlr_builtin_rules + mlr_builtin_rule_count;
}

static uint32_t count_lines(const uint8_t *data, size_t size)
{
	uint32_t n = 1;
	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));
	return n;
}

/* The secrets the scanner sees in the raw bytes, long enough that finding one in a report
 * cannot be chance. */
/* Text the reports carry whatever the input (the rules' pages in SARIF and HTML): a
 * "secret" found there is no leak. */
static bool in_rule_docs(const char *s)
{
	for (size_t i = 0; i < mlr_builtin_rule_count; i++) {
		const mlr_rule *r = &mlr_builtin_rules[i];
		const char *texts[] = { r->summary, r->message, r->fix, r->doc_what, r->doc_why, r->doc_example,
			r->doc_instead };
		for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++)
			if (texts[t] && strstr(texts[t], s))
				return true;
	}
	return false;
}

static void collect_secrets(str_array *out, const uint8_t *data, size_t size)
{
	mlr_secret_hits hits = { 0 };
	if (mlr_secret_scan(&hits, E.scanner, (const char *)data, size) < 0)
		fz_fail("secret scan: %s", mlr_error_last());
	for (size_t i = 0; i < hits.len; i++) {
		const mlr_secret_hit *h = &hits.items[i];
		FZ_ASSERT(h->offset <= size && h->length <= size - h->offset, "secret hit out of range");
		if (h->length < 16 || memchr(data + h->offset, '\0', h->length))
			continue;
		char *s = mlr_strndup((const char *)data + h->offset, h->length);
		if (!s)
			fz_fail("out of memory");
		if (in_rule_docs(s)) {
			free(s);
			continue;
		}
		if (mlr_array_push(out, s) < 0)
			fz_fail("out of memory");
	}
	mlr_array_delete(&hits);
}

void fz_lint_files(const char *const *paths, const uint8_t *const *datas, const size_t *sizes,
	size_t n)
{
	setup();
	FZ_ASSERT(n <= FZ_MAX_FILES, "too many files");
	mlr_kpi_array kpis = { 0 };
	str_array secrets = { 0 };

	/* The file set, sorted by path as every source lists it. */
	E.files.len = 0;
	for (size_t i = 0; i < n; i++) {
		put_file(paths[i], datas[i], sizes[i]);
		mlr_file f;
		memset(&f, 0, sizeof(f));
		f.path = (char *)paths[i];
		f.from_worktree = true;
		f.size = sizes[i];
		f.mode = 0100644;
		f.kind = mlr_file_kind_of_path(paths[i]);
		size_t at = E.files.len;
		while (at > 0 && strcmp(E.files.items[at - 1].path, f.path) > 0)
			at--;
		if (mlr_array_push(&E.files, f) < 0)
			fz_fail("out of memory");
		memmove(&E.files.items[at + 1], &E.files.items[at], (E.files.len - 1 - at) * sizeof(f));
		E.files.items[at] = f;
		collect_secrets(&secrets, datas[i], sizes[i]);
	}
	memset(E.facts, 0, sizeof(E.facts));

	/* half the inputs through the prefilter (the trigger scan, the import lexer, files left
	 * unparsed), half with every rule on every file */
	E.job.prefilter = n && fz_pick(datas[0], sizes[0], 2) ? &E.prefilter : NULL;
	for (size_t i = 0; i < E.files.len; i++)
		mlr_worker_analyze(&E.worker, i);

	mlr_result *res = calloc(1, sizeof(*res));
	if (!res || !(res->rules = calloc(mlr_builtin_rule_count, sizeof(*res->rules))))
		fz_fail("out of memory");
	res->rule_count = mlr_builtin_rule_count;
	for (size_t i = 0; i < mlr_builtin_rule_count; i++) {
		const mlr_rule *r = &mlr_builtin_rules[i];
		res->rules[i].rule = r;
		res->rules[i].assessed = true;
		if (r->scope != MLR_SCOPE_REPO)
			continue;
		/* an early check (needs-facts: false) gets no facts, as in the engine */
		mlr_repo_ctx rc = { &E.opts, E.src, E.reader, &E.files, r->no_facts ? NULL : E.facts,
			&E.worker.findings, &kpis, NULL, false };
		mlr_check_find(r->check)->repo(&rc, r);
		res->rules[i].assessed = rc.assessed;
	}

	for (size_t i = 0; i < E.worker.findings.len; i++) {
		const mlr_finding *f = &E.worker.findings.items[i];
		FZ_ASSERT(f->rule && is_builtin(f->rule), "finding without a built-in rule");
		FZ_ASSERT(f->message && *f->message, "%s: finding without a message", f->rule->id);
		FZ_ASSERT(f->line || !f->column, "%s: column %u on line 0", f->rule->id, f->column);
		if (!f->path) {
			FZ_ASSERT(!f->line, "%s: repository-level finding at line %u", f->rule->id, f->line);
			continue;
		}
		size_t k = 0;
		while (k < n && strcmp(paths[k], f->path))
			k++;
		FZ_ASSERT(k < n, "%s: finding on a path not in the file set: %s", f->rule->id, f->path);
		/* a notebook's lines count within its cells */
		if (f->line && !f->cell && mlr_file_kind_of_path(f->path) != MLR_KIND_NOTEBOOK)
			FZ_ASSERT(f->line <= count_lines(datas[k], sizes[k]), "%s: line %u past the end of %s",
				f->rule->id, f->line, f->path);
	}
	for (size_t i = 0; i < E.worker.notes.len; i++)
		FZ_ASSERT(E.worker.notes.items[i].message && E.worker.notes.items[i].path,
			"note without a path or message");
	for (size_t i = 0; i < kpis.len; i++)
		FZ_ASSERT(kpis.items[i].numerator <= kpis.items[i].denominator || kpis.items[i].denominator == 0,
			"%s: KPI %s is %u/%u", kpis.items[i].rule->id, kpis.items[i].key, kpis.items[i].numerator,
			kpis.items[i].denominator);

	if (getenv("MLR_FUZZ_VERBOSE")) /* replay: what the input produced */
		for (size_t i = 0; i < E.worker.findings.len; i++) {
			const mlr_finding *f = &E.worker.findings.items[i];
			fprintf(stderr, "%s:%u:%u: %s %s\n", f->path ? f->path : "(repo)", f->line, f->column,
				f->rule->id, f->message);
		}

	res->root = mlr_strdup(E.dir);
	res->source = mlr_strdup("directory");
	res->file_count = E.files.len;
	res->findings = E.worker.findings.items;
	res->finding_count = E.worker.findings.len;
	E.worker.findings = (mlr_finding_array){ 0 };
	res->notes = E.worker.notes.items;
	res->note_count = E.worker.notes.len;
	E.worker.notes = (mlr_note_array){ 0 };
	res->kpis = kpis.items;
	res->kpi_count = kpis.len;
	mlr_score_compute(res);
	FZ_ASSERT(res->score.overall >= 0 && res->score.overall <= 100, "overall score %g", res->score.overall);
	/* Text and JSON for every input; the other formats (fuzzed on their own by
	 * fuzz_report) for one in eight, which keeps the engine targets three times faster */
	uint32_t h = 0x9747b28c;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizes[i] && k < 64; k++)
			h = (h ^ datas[i][sizes[i] - 1 - k]) * 16777619u;
	if (h % 8 == 0)
		render_all(res, &secrets, false);
	else {
		render_one(res, MLR_FORMAT_TEXT, &secrets);
		render_one(res, MLR_FORMAT_JSON, &secrets);
	}
	/* SARIF with the statuses of the rules that reported: its results are what the input
	 * shapes, its rule list is the same for every input */
	mlr_rule_status *all = res->rules;
	size_t nall = res->rule_count, kept = 0;
	for (size_t i = 0; i < nall; i++) {
		bool used = false;
		for (size_t k = 0; k < res->finding_count && !used; k++)
			used = res->findings[k].rule == all[i].rule;
		for (size_t k = 0; k < res->kpi_count && !used; k++)
			used = res->kpis[k].rule == all[i].rule;
		if (used)
			all[kept++] = all[i];
	}
	res->rule_count = kept;
	render_one(res, MLR_FORMAT_SARIF, &secrets);
	mlr_result_free(res);

	for (size_t i = 0; i < secrets.len; i++)
		free(secrets.items[i]);
	mlr_array_delete(&secrets);
	for (size_t i = 0; i < E.files.len; i++)
		mlr_file_facts_dispose(&E.facts[i]);
	for (size_t i = 0; i < n; i++)
		drop_file(paths[i]);
	E.files.len = 0;
}

void fz_lint_file(const char *path, const uint8_t *data, size_t size)
{
	fz_lint_files(&path, &data, &size, 1);
}
