/* The analysis cache (src/cache/): records round-trip every field, damaged or foreign
 * files read as empty, keys move with what they stand for, old records and files are
 * pruned, and work-tree blob ids are vouched for only as git would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "cache/cache.h"
#include "cache/key.h"
#include "cache/record.h"
#include "cache/store.h"
#include "core/buf.h"
#include "core/error.h"
#include "filter/config.h"
#include "scratch.h"

static int setup(void **state)
{
	(void)state;
	return scratch_setup("cache");
}

static int teardown(void **state)
{
	(void)state;
	return scratch_teardown();
}

static void write_bytes(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static unsigned char *read_bytes(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *d = malloc(*len ? *len : 1);
	assert_non_null(d);
	assert_int_equal(fread(d, 1, *len, f), *len);
	fclose(f);
	return d;
}

/* ------------------------------------------------------------------ records */

static const mlr_rule *rule_at(size_t i)
{
	size_t n;
	const mlr_rule *rules = mlr_rules(&n);
	assert_true(i < n);
	return &rules[i];
}

static char *const imports[] = { "numpy", "..pkg.mod", "" };
static char *const names[] = { "preprocess", "Model" };

static mlr_file_facts sample_facts(void)
{
	mlr_file_facts f = { 0 };
	f.flags = MLR_FACT_ANALYZED | MLR_FACT_PYTHON | MLR_FACT_TRAINS | MLR_FACT_INSTRUMENTED;
	f.train_line = 7;
	f.train_call = "sklearn.ensemble.RandomForestClassifier.fit";
	f.imports = (char **)imports;
	f.import_count = 3;
	f.load_line = 3;
	f.ml_line = 11;
	f.app_line = 0xfffffff0u;
	f.load_call = "pandas.read_csv";
	f.ml_function = NULL; /* NULL and "" are kept apart */
	f.app_call = "";
	f.ml_names = (char **)names;
	f.ml_name_count = 2;
	return f;
}

static void sample_findings(mlr_finding out[2])
{
	memset(out, 0, 2 * sizeof(mlr_finding));
	out[0] = (mlr_finding){ rule_at(0), MLR_SEV_ERROR, "src/a.py", 12, 5, 0, "a message", 0x0123456789abcdefULL,
		true, NULL, 0, false, 4 };
	out[1] = (mlr_finding){ rule_at(1), MLR_SEV_NOTE, "nb.ipynb", 0xffffffffu, 1, 3, "é and \t tabs",
		UINT64_MAX, false, "0123456789012345678901234567890123456789", -1234567890123LL, true, 0 };
}

static void assert_same_str(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_same_finding(const mlr_finding *a, const mlr_finding *b)
{
	assert_ptr_equal(a->rule, b->rule);
	assert_int_equal(a->severity, b->severity);
	assert_same_str(a->path, b->path);
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->column, b->column);
	assert_int_equal(a->cell, b->cell);
	assert_same_str(a->message, b->message);
	assert_true(a->fingerprint == b->fingerprint);
	assert_int_equal(a->blocking, b->blocking);
	assert_same_str(a->commit, b->commit);
	assert_true(a->commit_time == b->commit_time);
	assert_int_equal(a->in_head, b->in_head);
	assert_int_equal(a->column_utf16, b->column_utf16);
}

static void assert_same_facts(const mlr_file_facts *a, const mlr_file_facts *b)
{
	assert_int_equal(a->flags, b->flags);
	assert_int_equal(a->train_line, b->train_line);
	assert_same_str(a->train_call, b->train_call);
	assert_int_equal(a->import_count, b->import_count);
	for (size_t i = 0; i < a->import_count; i++)
		assert_string_equal(a->imports[i], b->imports[i]);
	assert_int_equal(a->load_line, b->load_line);
	assert_int_equal(a->ml_line, b->ml_line);
	assert_int_equal(a->app_line, b->app_line);
	assert_same_str(a->load_call, b->load_call);
	assert_same_str(a->ml_function, b->ml_function);
	assert_same_str(a->app_call, b->app_call);
	assert_int_equal(a->ml_name_count, b->ml_name_count);
	for (size_t i = 0; i < a->ml_name_count; i++)
		assert_string_equal(a->ml_names[i], b->ml_names[i]);
}

static void free_findings(mlr_finding_array *a)
{
	for (size_t i = 0; i < a->len; i++)
		mlr_finding_dispose(&a->items[i]);
	mlr_array_delete(a);
}

static void free_notes(mlr_note_array *a)
{
	for (size_t i = 0; i < a->len; i++) {
		free(a->items[i].path);
		free(a->items[i].message);
	}
	mlr_array_delete(a);
}

static const unsigned char key_a[MLR_CACHE_KEY_SIZE] = "aaaaaaaaaaaaaaaaaaa";
static const unsigned char key_b[MLR_CACHE_KEY_SIZE] = "bbbbbbbbbbbbbbbbbbb";
static const unsigned char id_1[20] = "1111111111111111111";
static const unsigned char id_2[20] = "2222222222222222222";

/* A file record and a repository record, written to dir/name. */
static void write_sample(const char *dir, const char *name, mlr_buf *file_body, mlr_buf *repo_body)
{
	mlr_cache_rules rules;
	mlr_cache_rules_init(&rules, NULL);
	mlr_file_facts facts = sample_facts();
	mlr_finding fs[2];
	sample_findings(fs);
	mlr_note notes[2] = { { "src/a.py", "syntax error at line 2, column 7: analyzed what parses" },
		{ NULL, "a note without a path" } };
	assert_true(mlr_cache_encode_file(file_body, &rules, &facts, fs, 2, notes, 2, (mlr_cache_bytes){ 123456789012ULL, 98765ULL }));

	mlr_kpi kpis[1] = { { rule_at(2), "tracked_training_entry_points", "tracked training entry points", 7, 9, 0.8 } };
	assert_true(mlr_cache_encode_check(repo_body, &rules, rule_at(2), true, fs, 1, kpis, 1, notes, 1));

	mlr_cache_rec recs[3] = { 0 };
	recs[0] = (mlr_cache_rec){ .kind = MLR_CACHE_REC_FILE, .flags = 0,
		.gen = 4, .path = "src/a.py", .path_len = 8, .size = 77, .body = (const unsigned char *)file_body->ptr,
		.body_len = file_body->len };
	memcpy(recs[0].id, id_1, 20);
	recs[1] = recs[0];
	recs[1].path = "src/b.py";
	recs[2] = (mlr_cache_rec){ .kind = MLR_CACHE_REC_REPO, .gen = 5, .body = (const unsigned char *)repo_body->ptr,
		.body_len = repo_body->len };
	memcpy(recs[2].id, key_b, 20);
	const mlr_cache_rec *order[3] = { &recs[0], &recs[1], &recs[2] };
	assert_int_equal(mlr_cache_store_write(dir, name, key_a, 5, order, 3), 0);
}

static void test_record_round_trip(void **state)
{
	(void)state;
	char *dir = scratch_path("mlready");
	char *path = scratch_path("mlready/c.bin");
	mlr_buf file_body = MLR_BUF_INIT, repo_body = MLR_BUF_INIT;
	write_sample(dir, "c.bin", &file_body, &repo_body);

	mlr_cache_store st;
	const char *status;
	assert_int_equal(mlr_cache_store_read(&st, path, key_a, &status), 0);
	assert_string_equal(status, "ok");
	assert_int_equal(st.count, 3);
	assert_int_equal(st.gen, 5);

	mlr_cache_rec *rec = mlr_cache_store_find(&st, "src/a.py", id_1, 77, 0);
	assert_non_null(rec);
	assert_int_equal(rec->gen, 4);
	/* every part of the key counts */
	assert_null(mlr_cache_store_find(&st, "src/a.p", id_1, 77, 0));
	assert_null(mlr_cache_store_find(&st, "src/a.py", id_2, 77, 0));
	assert_null(mlr_cache_store_find(&st, "src/a.py", id_1, 78, 0));
	assert_null(mlr_cache_store_find(&st, "src/a.py", id_1, 77, MLR_CACHE_UNTRACKED));

	/* the file record: facts, findings, notes, bytes, field by field */
	mlr_cache_rules rules;
	mlr_cache_rules_init(&rules, NULL);
	mlr_file_facts facts = { 0 }, want_facts = sample_facts();
	mlr_finding_array fs = { 0 };
	mlr_note_array notes = { 0 };
	mlr_cache_bytes bytes = { 0, 0 };
	mlr_reader r;
	mlr_reader_init(&r, rec->body, rec->body_len);
	assert_int_equal(mlr_cache_decode_file(&r, &rules, &facts, &fs, &notes, &bytes), 0);
	/* the facts' flags at once, the rest when asked for */
	assert_int_equal(facts.flags, want_facts.flags);
	assert_null(facts.imports);
	assert_null(facts.train_call);
	assert_int_equal(mlr_cache_decode_facts(rec->body, rec->body_len, &facts), 0);
	assert_same_facts(&facts, &want_facts);
	mlr_finding want[2];
	sample_findings(want);
	assert_int_equal(fs.len, 2);
	assert_same_finding(&fs.items[0], &want[0]);
	assert_same_finding(&fs.items[1], &want[1]);
	assert_int_equal(notes.len, 2);
	assert_string_equal(notes.items[0].path, "src/a.py");
	assert_string_equal(notes.items[0].message, "syntax error at line 2, column 7: analyzed what parses");
	assert_null(notes.items[1].path);
	assert_true(bytes.read == 123456789012ULL);
	assert_true(bytes.parsed == 98765ULL);
	mlr_file_facts_dispose(&facts);
	free_findings(&fs);
	free_notes(&notes);

	/* the repository record: one check */
	mlr_cache_rec *repo = mlr_cache_store_find_repo(&st, key_b);
	assert_non_null(repo);
	assert_null(mlr_cache_store_find_repo(&st, key_a));
	const mlr_rule *rule;
	bool assessed = false;
	mlr_kpi_array kpis = { 0 };
	mlr_reader_init(&r, repo->body, repo->body_len);
	assert_int_equal(mlr_cache_decode_check(&r, &rules, &rule, &assessed, &fs, &kpis, &notes), 0);
	assert_ptr_equal(rule, rule_at(2));
	assert_true(assessed);
	assert_int_equal(fs.len, 1);
	assert_same_finding(&fs.items[0], &want[0]);
	assert_int_equal(kpis.len, 1);
	assert_ptr_equal(kpis.items[0].rule, rule_at(2));
	assert_string_equal(kpis.items[0].key, "tracked_training_entry_points");
	assert_string_equal(kpis.items[0].label, "tracked training entry points");
	assert_int_equal(kpis.items[0].numerator, 7);
	assert_int_equal(kpis.items[0].denominator, 9);
	assert_true(kpis.items[0].target == 0.8);
	assert_int_equal(notes.len, 1);
	free_findings(&fs);
	free_notes(&notes);
	free(kpis.items[0].key);
	free(kpis.items[0].label);
	mlr_array_delete(&kpis);

	/* a record cut anywhere decodes to nothing, and leaves nothing behind */
	for (size_t cut = 0; cut < rec->body_len; cut += 7) {
		mlr_reader_init(&r, rec->body, cut);
		assert_int_equal(mlr_cache_decode_file(&r, &rules, &facts, &fs, &notes, &bytes), -1);
		assert_int_equal(fs.len, 0);
		assert_int_equal(notes.len, 0);
		if (mlr_cache_decode_facts(rec->body, cut, &facts) == 0) {
			/* the cut fell after the facts: they are whole */
			assert_same_facts(&facts, &want_facts);
			mlr_file_facts_dispose(&facts);
		}
		assert_null(facts.imports);
		assert_null(facts.train_call);
	}
	mlr_array_delete(&fs);
	mlr_array_delete(&notes);

	mlr_cache_store_dispose(&st);
	mlr_buf_dispose(&file_body);
	mlr_buf_dispose(&repo_body);
	free(dir);
	free(path);
}

/* A finding of a rule the cache cannot name again (not built in, not the config's) is not
 * encoded: a record never restores a dangling rule pointer. */
static void test_record_refuses_unknown_rule(void **state)
{
	(void)state;
	static const mlr_rule stray = { .id = "MLR201", .name = "a copy" };
	mlr_cache_rules rules;
	mlr_cache_rules_init(&rules, NULL);
	mlr_file_facts facts = { 0 };
	mlr_finding f = { .rule = &stray, .path = "a.py", .message = "m" };
	mlr_buf b = MLR_BUF_INIT;
	assert_false(mlr_cache_encode_file(&b, &rules, &facts, &f, 1, NULL, 0, (mlr_cache_bytes){ 0, 0 }));
	mlr_buf_dispose(&b);
}

/* ------------------------------------------------------------------ damaged files */

static void expect_ignored(const char *path, const char *why)
{
	mlr_cache_store st;
	const char *status = NULL;
	assert_int_equal(mlr_cache_store_read(&st, path, key_a, &status), 0);
	assert_int_equal(st.count, 0);
	assert_null(mlr_cache_store_find(&st, "src/a.py", id_1, 77, 0));
	assert_null(mlr_cache_store_find_repo(&st, key_b));
	if (why)
		assert_string_equal(status, why);
	else
		assert_string_not_equal(status, "ok");
	mlr_cache_store_dispose(&st);
}

static void test_store_ignores_damaged_files(void **state)
{
	(void)state;
	char *dir = scratch_path("mlready");
	char *good = scratch_path("mlready/good.bin");
	char *bad = scratch_path("mlready/bad.bin");
	mlr_buf fb = MLR_BUF_INIT, rb = MLR_BUF_INIT;
	write_sample(dir, "good.bin", &fb, &rb);
	size_t len;
	unsigned char *data = read_bytes(good, &len);

	/* truncated anywhere: in the header, at its end, one byte short */
	size_t cuts[] = { 0, 1, 8, 40, MLR_CACHE_HEADER_SIZE - 1, MLR_CACHE_HEADER_SIZE, MLR_CACHE_HEADER_SIZE + 5,
		len / 2, len - 1 };
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		write_bytes(bad, data, cuts[i]);
		expect_ignored(bad, NULL);
	}
	/* one byte more than the header says */
	unsigned char *longer = malloc(len + 1);
	memcpy(longer, data, len);
	longer[len] = 0;
	write_bytes(bad, longer, len + 1);
	expect_ignored(bad, "truncated");
	free(longer);
	/* a flipped bit anywhere in the payload */
	for (size_t at_ = MLR_CACHE_HEADER_SIZE; at_ < len; at_ += len / 13 + 1) {
		data[at_] ^= 0x20;
		write_bytes(bad, data, len);
		expect_ignored(bad, "checksum mismatch");
		data[at_] ^= 0x20;
	}
	/* foreign: magic, format version, header size, key */
	data[0] = 'X';
	write_bytes(bad, data, len);
	expect_ignored(bad, "not a cache file");
	data[0] = 'M';
	data[8]++;
	write_bytes(bad, data, len);
	expect_ignored(bad, "another format");
	data[8]--;
	data[12]++;
	write_bytes(bad, data, len);
	expect_ignored(bad, "another format");
	data[12]--;
	data[16] ^= 1;
	write_bytes(bad, data, len);
	expect_ignored(bad, "another key");
	data[16] ^= 1;
	/* a checksum that matches a payload whose records do not parse */
	unsigned char *forged = malloc(len);
	memcpy(forged, data, len);
	forged[40] = 200; /* record count */
	write_bytes(bad, forged, len);
	expect_ignored(bad, "malformed record");
	free(forged);
	/* garbage, an empty file, a directory, a FIFO (must not block), a symlink */
	unsigned char junk[4096];
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)(i * 2654435761u >> 13);
	write_bytes(bad, junk, sizeof(junk));
	expect_ignored(bad, "not a cache file");
	write_bytes(bad, "", 0);
	expect_ignored(bad, NULL);
	unlink(bad);
	assert_int_equal(mkdir(bad, 0755), 0);
	expect_ignored(bad, NULL);
	rmdir(bad);
	assert_int_equal(mkfifo(bad, 0644), 0);
	expect_ignored(bad, NULL);
	unlink(bad);
	assert_int_equal(symlink(good, bad), 0);
	expect_ignored(bad, NULL);
	unlink(bad);
	expect_ignored(bad, "none");

	/* and the untouched file still reads */
	write_bytes(bad, data, len);
	mlr_cache_store st;
	const char *status;
	assert_int_equal(mlr_cache_store_read(&st, bad, key_a, &status), 0);
	assert_int_equal(st.count, 3);
	mlr_cache_store_dispose(&st);

	free(data);
	mlr_buf_dispose(&fb);
	mlr_buf_dispose(&rb);
	free(dir);
	free(good);
	free(bad);
}

/* ------------------------------------------------------------------ keys */

static mlr_config *config_of(const char *text)
{
	mlr_config *cfg = NULL;
	mlr_diag d = { NULL, NULL, 0 };
	if (mlr_config_parse(&cfg, &d, ".mlready.yml", text, strlen(text), scratch_root) != 0)
		fail_msg("config did not load: %s", mlr_error_last());
	return cfg;
}

static void key_of(unsigned char out[MLR_CACHE_KEY_SIZE], const mlr_config *cfg, uint64_t max_size, bool vendored)
{
	mlr_options opts;
	mlr_options_init(&opts);
	opts.config = cfg;
	opts.max_file_size = max_size;
	opts.include_vendored = vendored;
	assert_int_equal(mlr_cache_key_run(out, &opts), 0);
}

static void test_run_key_follows_config_and_options(void **state)
{
	(void)state;
	enum { N = 11 };
	unsigned char keys[N][MLR_CACHE_KEY_SIZE], again[MLR_CACHE_KEY_SIZE];
	mlr_config *cfgs[N] = { 0 };
	static const char rule_yml[] =
		"id: ORG001\nname: no-eval\ncategory: security\nseverity: error\nscope: python\nweight: 1\n"
		"summary: No eval.\nmessage: eval() runs arbitrary code\nfix: Parse it instead.\n"
		"query: |\n  ((call function: (identifier) @fn) @finding (#eq? @fn \"eval\"))\n"
		"docs:\n  what: Flags eval.\n  why: It runs code.\n  example: eval(x)\n  instead: ast.literal_eval(x)\n"
		"examples:\n  invalid:\n    - eval(x)\n  valid:\n    - ast.literal_eval(x)\n";
	scratch_sh("mkdir -p rules");
	char *rule_path = scratch_path("rules/ORG001-no-eval.yml");
	write_bytes(rule_path, rule_yml, sizeof(rule_yml) - 1);
	free(rule_path);
	key_of(keys[0], NULL, 0, false);
	key_of(keys[1], NULL, 1024, false);
	key_of(keys[2], NULL, 0, true);
	cfgs[3] = config_of("select: [security]\n");
	cfgs[4] = config_of("ignore: [MLR201]\n");
	cfgs[5] = config_of("exclude: [\"data/**\"]\n");
	cfgs[6] = config_of("severity:\n  MLR201: warning\n");
	cfgs[7] = config_of("trackers: [\"ourco.track.*\"]\n");
	cfgs[8] = config_of("custom-rules: rules\n");
	cfgs[9] = config_of("select: [security]\n");
	assert_int_equal(mlr_config_add_ignore(cfgs[9], &(mlr_diag){ NULL, NULL, 0 }, "--ignore", "MLR202"), 0);
	cfgs[10] = config_of("rules:\n  MLR101:\n    target: 0.5\n");
	for (int i = 3; i < N; i++)
		key_of(keys[i], cfgs[i], 0, false);
	for (int i = 0; i < N; i++)
		for (int j = i + 1; j < N; j++)
			if (!memcmp(keys[i], keys[j], MLR_CACHE_KEY_SIZE))
				fail_msg("keys %d and %d are the same", i, j);
	/* the same settings give the same key: a comment or a blank line changes nothing */
	mlr_config *same = config_of("# security only\nselect:\n  - security\n");
	key_of(again, same, 0, false);
	assert_memory_equal(again, keys[3], MLR_CACHE_KEY_SIZE);
	mlr_config_free(same);
	/* a custom rule's content counts, not only its file's name */
	scratch_sh("sed -i 's/eval() runs arbitrary code/eval() runs any code/' rules/ORG001-no-eval.yml");
	same = config_of("custom-rules: rules\n");
	key_of(again, same, 0, false);
	assert_memory_not_equal(again, keys[8], MLR_CACHE_KEY_SIZE);
	mlr_config_free(same);
	for (int i = 0; i < N; i++)
		mlr_config_free(cfgs[i]);

	/* the cache file is named by the key: another key reads nothing of it */
	char name_a[64], name_b[64];
	mlr_cache_store_name(name_a, key_a);
	mlr_cache_store_name(name_b, key_b);
	assert_string_not_equal(name_a, name_b);
	assert_int_equal(strncmp(name_a, "cache-v1-", 9), 0);
	char *dir = scratch_path("mlready"), *path = scratch_path("mlready/k.bin");
	mlr_buf fb = MLR_BUF_INIT, rb = MLR_BUF_INIT;
	write_sample(dir, "k.bin", &fb, &rb);
	mlr_cache_store st;
	const char *status;
	assert_int_equal(mlr_cache_store_read(&st, path, key_b, &status), 0);
	assert_string_equal(status, "another key");
	assert_int_equal(st.count, 0);
	mlr_cache_store_dispose(&st);
	mlr_buf_dispose(&fb);
	mlr_buf_dispose(&rb);
	free(dir);
	free(path);
}

/* ------------------------------------------------------------------ pruning */

static void touch_at(const char *path, time_t when)
{
	struct timeval tv[2] = { { when, 0 }, { when, 0 } };
	assert_int_equal(utimes(path, tv), 0);
}

static void test_prune_dir(void **state)
{
	(void)state;
	char *dir = scratch_path("mlready");
	assert_int_equal(mkdir(dir, 0755), 0);
	time_t now = time(NULL);
	const char *files[] = { "cache-v1-0.bin", "cache-v1-1.bin", "cache-v1-2.bin", "cache-v1-3.bin",
		"cache-v1-4.bin", "cache-v2-5.bin", "tmp-1-2-3.bin", "tmp-4-5-6.bin", "README" };
	time_t when[] = { now - 50, now - 40, now - 30, now - 20, now - 10, now - 5, now - 7200, now - 10, now - 9000 };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		mlr_buf p = MLR_BUF_INIT;
		mlr_buf_printf(&p, "%s/%s", dir, files[i]);
		write_bytes(p.ptr, "x", 1);
		touch_at(p.ptr, when[i]);
		mlr_buf_dispose(&p);
	}
	/* the current file (the oldest here) plus the three newest others stay */
	mlr_cache_store_prune_dir(dir, "cache-v1-0.bin", 4);
	const bool stays[] = { true, false, false, true, true, true, false, true, true };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		mlr_buf p = MLR_BUF_INIT;
		mlr_buf_printf(&p, "%s/%s", dir, files[i]);
		if ((access(p.ptr, F_OK) == 0) != stays[i])
			fail_msg("%s: expected it %s", files[i], stays[i] ? "kept" : "removed");
		mlr_buf_dispose(&p);
	}
	free(dir);
}

/* Records of one path: the versions of a file the cache holds. */
static size_t versions_of(const char *path)
{
	char *dir = scratch_path(".git/mlready");
	mlr_buf cmd = MLR_BUF_INIT;
	size_t n = 0;
	FILE *p;
	char name[256] = "";
	mlr_buf_printf(&cmd, "ls '%s' | grep '^cache-v1-' | head -n1", dir);
	p = popen(cmd.ptr, "r");
	assert_non_null(p);
	assert_non_null(fgets(name, sizeof(name), p));
	pclose(p);
	name[strcspn(name, "\n")] = '\0';
	mlr_buf file = MLR_BUF_INIT;
	mlr_buf_printf(&file, "%s/%s", dir, name);
	size_t len;
	unsigned char *data = read_bytes(file.ptr, &len);
	mlr_cache_store st;
	const char *status;
	assert_true(len >= MLR_CACHE_HEADER_SIZE);
	assert_int_equal(mlr_cache_store_read(&st, file.ptr, data + 16, &status), 0);
	assert_string_equal(status, "ok");
	for (size_t i = 0; i < st.count; i++)
		if (st.recs[i].kind == MLR_CACHE_REC_FILE && st.recs[i].path_len == strlen(path) &&
		    !memcmp(st.recs[i].path, path, st.recs[i].path_len))
			n++;
	mlr_cache_store_dispose(&st);
	free(data);
	mlr_buf_dispose(&file);
	mlr_buf_dispose(&cmd);
	free(dir);
	return n;
}

static void lint_repo(const char *const *only, size_t only_count)
{
	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = scratch_root;
	opts.jobs = 1;
	opts.only_paths = only;
	opts.only_path_count = only_count;
	mlr_result *res = NULL;
	if (mlr_lint(&res, &opts) < 0)
		fail_msg("mlr_lint: %s", mlr_error_last());
	mlr_result_free(res);
}

static void test_records_unused_for_a_few_saves_are_pruned(void **state)
{
	(void)state;
	scratch_sh(SCRATCH_GIT "init -q && echo 'import os' >a.py && echo 'x = 1' >b.py && " SCRATCH_GIT "add -A && " SCRATCH_GIT "commit -qm one");
	lint_repo(NULL, 0);
	assert_int_equal(versions_of("a.py"), 1);
	assert_int_equal(versions_of("b.py"), 1);
	/* each run sees a new version of a.py: older ones survive MLR_CACHE_KEEP_SAVES saves */
	for (int v = 2; v <= MLR_CACHE_KEEP_SAVES + 3; v++) {
		scratch_sh("echo 'import sys  # v%d' >a.py", v);
		lint_repo(NULL, 0);
		size_t want = (size_t)v < MLR_CACHE_KEEP_SAVES + 1 ? (size_t)v : MLR_CACHE_KEEP_SAVES + 1;
		assert_int_equal(versions_of("a.py"), want);
		assert_int_equal(versions_of("b.py"), 1); /* used by every run */
	}
	/* a partial run (--files) ages nothing: b.py's versions stay however many there are */
	scratch_sh("echo 'y = 2' >b.py");
	lint_repo(NULL, 0);
	assert_int_equal(versions_of("b.py"), 2);
	static const char *const only[] = { "a.py" };
	for (int v = 0; v < MLR_CACHE_KEEP_SAVES + 2; v++) {
		scratch_sh("echo 'import json  # w%d' >a.py", v);
		lint_repo(only, 1);
	}
	assert_int_equal(versions_of("b.py"), 2);
}

/* ------------------------------------------------------------------ work-tree trust */

static const mlr_file *find_file(const mlr_source *src, const char *path)
{
	const mlr_file_array *files = mlr_source_files(src);
	for (size_t i = 0; i < files->len; i++)
		if (!strcmp(files->items[i].path, path))
			return &files->items[i];
	fail_msg("%s not listed", path);
	return NULL;
}

static void test_worktree_ids_vouched_as_git_does(void **state)
{
	(void)state;
	/* files written well before the index, so no entry is racily clean */
	scratch_sh(SCRATCH_GIT "init -q && for f in same.py edited.py resized.py racy.py touched.py; do echo 'v = 1' >$f; done && "
	   "echo 'v = 1' >intent.py && touch -d '2020-01-01 00:00:00' *.py && " SCRATCH_GIT "add same.py edited.py resized.py "
	   "racy.py touched.py && " SCRATCH_GIT "commit -qm one && " SCRATCH_GIT "add -N intent.py && echo new >untracked.py");
	/* a file whose mtime is not older than the index: racily clean, whatever its stat */
	scratch_sh("touch -d '2099-01-01 00:00:00' racy.py && (" SCRATCH_GIT "update-index --refresh || true)");
	/* same size, same mtime, new content: only ctime tells — to the nanosecond, where git
	 * (without USE_NSEC) compares seconds and calls the file unchanged */
	scratch_sh("echo 'v = 2' >edited.py && touch -d '2020-01-01 00:00:00' edited.py");
	scratch_sh("echo 'v = 100' >resized.py && touch -d '2020-01-01 00:00:00' resized.py");
	/* the content unchanged but the stat data is not: hashed, not trusted */
	scratch_sh("touch -d '2021-01-01 00:00:00' touched.py");

	mlr_options opts;
	mlr_options_init(&opts);
	opts.path = scratch_root;
	opts.source = MLR_SOURCE_WORKTREE;
	mlr_note_array notes = { 0 };
	mlr_source *src = NULL;
	assert_int_equal(mlr_source_open(&src, &opts, &notes), 0);
	assert_true(find_file(src, "same.py")->oid_current);
	assert_false(find_file(src, "edited.py")->oid_current);
	assert_false(find_file(src, "resized.py")->oid_current);
	assert_false(find_file(src, "touched.py")->oid_current);
	assert_false(find_file(src, "racy.py")->oid_current);
	assert_false(find_file(src, "intent.py")->oid_current);
	assert_false(find_file(src, "untracked.py")->oid_current);
	assert_true(find_file(src, "edited.py")->has_oid); /* still tracked, for the rules */
	mlr_source_free(src);
	free_notes(&notes);

	/* once the index has looked again (git status refreshes it), the touched file is
	 * vouched for again */
	scratch_sh(SCRATCH_GIT "update-index --refresh; true");
	assert_int_equal(mlr_source_open(&src, &opts, &notes), 0);
	assert_true(find_file(src, "touched.py")->oid_current);
	assert_false(find_file(src, "racy.py")->oid_current);
	mlr_source_free(src);
	free_notes(&notes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_record_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_refuses_unknown_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_ignores_damaged_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_key_follows_config_and_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prune_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_records_unused_for_a_few_saves_are_pruned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_worktree_ids_vouched_as_git_does, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
