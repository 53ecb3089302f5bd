/*
 * One file through its analyzers: read it once, parse Python once, run every file-scope
 * rule over it, record its facts. Runs on a worker thread; touches only the worker's own
 * arrays and the file's facts slot.
 */
#include "engine/analyze.h"

#include <string.h>

#include "cache/cache.h"
#include "core/error.h"
#include "filter/config.h"
#include "filter/facts.h"
#include "notebook/notebook.h"
#include "report/utf16.h"
#include "secrets/lockfiles.h"
#include "secrets/pyfilter.h"
#include "secrets/secrets.h"

int mlr_worker_init(mlr_worker *w, const mlr_job *job)
{
	int error;
	memset(w, 0, sizeof(*w));
	w->job = job;
	if ((error = mlr_source_reader_new(&w->reader, job->source)) < 0 ||
	    (error = mlr_py_parser_new(&w->parser, job->parse_timeout_us)) < 0 ||
	    (error = mlr_secret_scanner_new(&w->secrets)) < 0)
		return error;
	if (!(w->cursor = ts_query_cursor_new()))
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	if ((error = mlr_unit_plan_init(&w->plan, job)) < 0)
		return error;
	mlr_filter_setup_scanner(job->config, w->secrets);
	/* MLR803 is reported by the suppression filter, which alone sees what was silenced */
	for (size_t i = 0; i < job->file_rule_count; i++)
		if (!strcmp(job->file_rules[i].rule->id, "MLR803"))
			w->unused_rule = job->file_rules[i].rule;
	/* Bounds the in-progress matches of the rule set's one query on adversarial input. */
	ts_query_cursor_set_match_limit(w->cursor, 4096);
	return 0;
}

void mlr_worker_dispose(mlr_worker *w)
{
	if (!w)
		return;
	mlr_source_reader_free(w->reader);
	mlr_py_parser_delete(w->parser);
	mlr_secret_scanner_delete(w->secrets);
	if (w->cursor)
		ts_query_cursor_delete(w->cursor);
	mlr_unit_plan_dispose(&w->plan);
	mlr_findings_truncate(&w->findings, 0);
	mlr_array_delete(&w->findings);
	mlr_notes_truncate(&w->notes, 0);
	mlr_array_delete(&w->notes);
	w->reader = NULL;
	w->parser = NULL;
	w->secrets = NULL;
	w->cursor = NULL;
}

static void add_note(mlr_worker *w, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_note(mlr_worker *w, const char *path, const char *fmt, ...)
{
	mlr_buf msg = MLR_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	mlr_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	mlr_note n = { mlr_strdup(path), mlr_buf_detach(&msg) };
	if (!n.path || !n.message || mlr_array_push(&w->notes, n) < 0) {
		free(n.path);
		free(n.message);
	}
}

static bool is_text_kind(mlr_file_kind k)
{
	return k == MLR_KIND_PYTHON || k == MLR_KIND_NOTEBOOK || k == MLR_KIND_YAML ||
	       k == MLR_KIND_MARKDOWN || k == MLR_KIND_TEXT;
}

/* The first syntax error, for the note that says the file was analyzed partially. */
static TSPoint first_error(const mlr_py *py)
{
	TSTreeCursor c = ts_tree_cursor_new(py->root);
	TSPoint at = { 0, 0 };
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&c);
		if (ts_node_is_missing(n) || !strcmp(ts_node_type(n), "ERROR")) {
			at = ts_node_start_point(n);
			break;
		}
		if (ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&c))
			continue;
		bool moved = false;
		while (!(moved = ts_tree_cursor_goto_next_sibling(&c)))
			if (!ts_tree_cursor_goto_parent(&c))
				break;
		if (!moved)
			break;
	}
	ts_tree_cursor_delete(&c);
	return at;
}

static void emit_query_match(void *payload, const mlr_rule *rule, TSNode node)
{
	mlr_file_ctx *ctx = payload;
	mlr_emit_node(ctx, rule, node, false, "%s", rule->message);
}

/* Parses Python text and records the file's facts; false when no tree came of it. */
static bool parse_python(mlr_worker *w, const mlr_file *f, mlr_file_facts *facts, mlr_py *py,
	const char *text, size_t len, const mlr_notebook *nb)
{
	/* memory: a parse costs 100-250 bytes per byte (filter/config.h) */
	uint64_t limit = mlr_config_max_python_size(w->job->config);
	if (len > limit) {
		add_note(w, f->path, "Python rules skipped: %zu bytes of Python is over the %llu-byte parse limit "
			"(--max-python-size)", len, (unsigned long long)limit);
		return false;
	}
	if (mlr_py_parse(py, w->parser, text, len) < 0) {
		add_note(w, f->path, "Python rules skipped: %s", mlr_error_last());
		return false;
	}
	w->saw_python = true;
	w->parsed_bytes += len;
	facts->flags |= MLR_FACT_PYTHON;
	if (py->has_error) {
		TSPoint at = first_error(py);
		mlr_nb_line loc;
		if (nb && mlr_notebook_locate(nb, at.row + 1, &loc))
			add_note(w, f->path, "syntax error in cell %u at line %u, column %u: analyzed what parses",
				loc.cell, loc.line, at.column + 1);
		else
			add_note(w, f->path, "syntax error at line %u, column %u: analyzed what parses",
				at.row + 1, at.column + 1);
	}
	mlr_py_facts(facts, py, f->path);
	mlr_quality_facts(facts, py, f->path);
	mlr_filter_tracker_facts(w->job->config, facts, py);
	return true;
}

/* Python no rule needs a tree for: what its path and imports tell the repository rules,
 * as if it had been parsed (mlr_py_facts finds nothing more without its triggers). */
static void skim_python(mlr_worker *w, const mlr_file *f, mlr_file_facts *facts, const char *text, size_t len)
{
	mlr_py py;
	memset(&py, 0, sizeof(py));
	w->saw_python = true;
	facts->flags |= MLR_FACT_PYTHON;
	mlr_py_path_facts(facts, f->path);
	if (mlr_py_scan_imports(&py, text, len) == 0)
		mlr_py_import_facts(facts, &py);
	mlr_py_dispose(&py);
}

/* Whether a unit of Python is parsed, and which rules then run on it. */
static bool plan_python(mlr_worker *w, const mlr_file *f, const char *text, size_t len)
{
	if (f->commit) {
		/* --history: only the secret rules run, and their tree pass has its own filter
		 * (secrets/pyfilter.h); parsing every version of every file would cost many times
		 * the byte scan */
		mlr_unit_plan_all(&w->plan, w->job);
		return mlr_secret_python_may_bind(w->secrets, text, len);
	}
	return mlr_unit_plan_make(&w->plan, w->job, w->secrets, text, len);
}

/* What a unit of text is, for suppressions. */
enum {
	UNIT_MARKDOWN = 1u << 0,  /* a notebook's markdown cell */
	UNIT_OUTPUT = 1u << 1,    /* a cell's output: program text, never holds a real marker */
	UNIT_PY_FAILED = 1u << 2  /* Python that did not parse */
};

static void query_timeout_note(mlr_worker *w, const char *path, uint64_t budget_us)
{
	add_note(w, path, "query rules stopped after %llu s: findings after that point are missing",
		(unsigned long long)(budget_us / 1000000u));
}

static bool any_active(const bool *active, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (active[i])
			return true;
	return false;
}

/* Runs the file-scope rules over one unit of text (a file, a notebook's code, one of its
 * markdown cells or outputs) and applies inline suppressions. Returns the index of the
 * first finding it added. */
static size_t run_rules(mlr_worker *w, mlr_file_ctx *ctx, unsigned unit)
{
	const mlr_job *job = w->job;
	size_t first = w->findings.len;
	for (size_t r = 0; r < job->file_rule_count; r++) {
		const mlr_job_rule *jr = &job->file_rules[r];
		/* the plan was made for this unit's Python; text rules always run */
		if (jr->rule->scope == MLR_SCOPE_PYTHON && (!ctx->py || !w->plan.rules[r]))
			continue;
		jr->check->file(ctx, jr->rule);
	}
	if (ctx->py && job->queries && any_active(w->plan.queries, job->queries->count)) {
		const mlr_query_set *qs = mlr_lazy_queries_get(job->queries);
		if (!qs)
			add_note(w, ctx->file->path, "query rules skipped: %s", mlr_error_last());
		else if (!mlr_query_set_run(qs, w->cursor, ctx->py, w->plan.queries, job->parse_timeout_us,
				 emit_query_match, ctx))
			query_timeout_note(w, ctx->file->path, job->parse_timeout_us);
	}
	const mlr_query_set *custom = mlr_config_queries(job->config);
	if (ctx->py && custom && any_active(w->plan.custom, mlr_query_set_rule_count(custom)) &&
	    !mlr_query_set_run(custom, w->cursor, ctx->py, w->plan.custom, job->parse_timeout_us, emit_query_match, ctx))
		query_timeout_note(w, ctx->file->path, job->parse_timeout_us);
	mlr_suppress_unit u = { ctx->file->path, ctx->py, ctx->nb, (unit & UNIT_MARKDOWN) != 0,
		(unit & UNIT_PY_FAILED) != 0, (unit & UNIT_OUTPUT) ? NULL : w->unused_rule, job->config };
	mlr_suppress_apply(&w->findings, first, ctx->data, ctx->len, &u);
	/* SARIF and editors count columns in UTF-16 code units; only this unit's text can say
	 * what they are, so they are filled while it is at hand (before notebook remapping,
	 * whose line numbers still index this text). */
	if (w->findings.len > first) /* items is NULL until the first finding: no NULL + 0 */
		mlr_utf16_fill_columns(w->findings.items + first, w->findings.len - first, ctx->data, ctx->len);
	return first;
}

static void append_to_message(mlr_finding *f, const char *suffix)
{
	mlr_buf m = MLR_BUF_INIT;
	mlr_buf_puts(&m, f->message);
	mlr_buf_puts(&m, suffix);
	char *s = mlr_buf_detach(&m);
	if (s) {
		free(f->message);
		f->message = s;
	}
}

/* A notebook: its code cells as one Python unit, then each markdown cell and output as
 * text; every finding is mapped back to its cell and the line within it. */
static void analyze_notebook(mlr_worker *w, const mlr_file *f, mlr_file_facts *facts,
	const char *data, size_t len)
{
	mlr_notebook nb;
	mlr_py py;
	if (mlr_notebook_parse(&nb, data, len) < 0) {
		add_note(w, f->path, "%s: only scanned as text", mlr_error_last());
		mlr_file_ctx raw = { f, data, len, NULL, NULL, facts, &w->findings, w->secrets, false };
		run_rules(w, &raw, 0);
		return;
	}
	const char *code = mlr_buf_cstr(&nb.python);
	bool want = nb.python.len && plan_python(w, f, code, nb.python.len);
	bool parsed = want && parse_python(w, f, facts, &py, code, nb.python.len, &nb);
	if (nb.python.len && !want && !f->commit)
		skim_python(w, f, facts, code, nb.python.len);
	/* A notebook is not an importable module: it counts for training, not for test ratios. */
	facts->flags &= ~(uint32_t)MLR_FACT_SOURCE_MODULE;
	mlr_file_ctx ctx = { f, mlr_buf_cstr(&nb.python), nb.python.len, parsed ? &py : NULL, &nb, facts,
		&w->findings, w->secrets, nb.python.len && !want };
	size_t first = run_rules(w, &ctx, want && !parsed ? UNIT_PY_FAILED : 0);
	for (size_t i = first; i < w->findings.len; i++) {
		mlr_finding *fd = &w->findings.items[i];
		mlr_nb_line loc;
		if (fd->line && !fd->cell && mlr_notebook_locate(&nb, fd->line, &loc)) {
			fd->cell = loc.cell;
			fd->line = loc.line;
		}
	}
	for (size_t c = 0; c < nb.chunks.len; c++) {
		const mlr_nb_chunk *ch = &nb.chunks.items[c];
		mlr_file_ctx tctx = { f, ch->text, ch->len, NULL, NULL, facts, &w->findings, w->secrets, false };
		first = run_rules(w, &tctx, ch->kind == MLR_NB_CHUNK_OUTPUT ? UNIT_OUTPUT : UNIT_MARKDOWN);
		for (size_t i = first; i < w->findings.len; i++) {
			mlr_finding *fd = &w->findings.items[i];
			fd->cell = ch->cell;
			if (ch->kind == MLR_NB_CHUNK_OUTPUT)
				append_to_message(fd, " (in the cell's output)");
		}
	}
	if (parsed)
		mlr_py_dispose(&py);
	mlr_notebook_dispose(&nb);
}

void mlr_worker_analyze(mlr_worker *w, size_t index)
{
	const mlr_job *job = w->job;
	const mlr_file *f = &job->files->items[index];
	mlr_file_facts *facts = &job->facts[index];
	char *data = NULL;
	size_t len = 0;
	bool truncated = false;

	if (!is_text_kind(f->kind))
		return;
	if (mlr_config_excluded(job->config, f->path))
		return; /* excluded by the config: never read */
	/* cache hook (src/cache/cache.h): a file analyzed before with the same content is
	 * restored instead; a file the index cannot vouch for is read there to be hashed, and
	 * that read is the one analyzed below. */
	mlr_cache_probe probe;
	if (mlr_cache_file_lookup(&probe, w, index, &data, &len, &truncated))
		return;
	if (f->size > job->max_file_size) {
		add_note(w, f->path, "not analyzed: %llu bytes is over the %llu-byte file limit",
			(unsigned long long)f->size, (unsigned long long)job->max_file_size);
		goto cleanup;
	}
	if (!data && mlr_source_read(&data, &len, &truncated, w->reader, f, job->max_file_size) < 0) {
		add_note(w, f->path, "not analyzed: %s", mlr_error_last());
		return;
	}
	if (truncated) {
		add_note(w, f->path, "not analyzed: over the %llu-byte file limit",
			(unsigned long long)job->max_file_size);
		goto cleanup;
	}
	if (mlr_bytes_look_binary(data, len)) {
		add_note(w, f->path, "not analyzed: binary content");
		goto cleanup;
	}
	facts->flags |= MLR_FACT_ANALYZED;
	w->bytes += len;
	w->saw_text = true;
	/* MLR201 checks only provider formats there: say so (secrets/lockfiles.h) */
	if (f->kind == MLR_KIND_TEXT && mlr_secret_data_is_minified(data, len))
		add_note(w, f->path, "minified: only provider-format secrets are checked");

	size_t first = w->findings.len;
	if (f->kind == MLR_KIND_NOTEBOOK) {
		analyze_notebook(w, f, facts, data, len);
	} else {
		mlr_py py;
		bool want_tree = f->kind == MLR_KIND_PYTHON && plan_python(w, f, data, len);
		bool parsed = want_tree && parse_python(w, f, facts, &py, data, len, NULL);
		if (f->kind == MLR_KIND_PYTHON && !want_tree && !f->commit)
			skim_python(w, f, facts, data, len);
		if (f->kind == MLR_KIND_MARKDOWN)
			mlr_md_facts(facts, f->path, data, len);
		mlr_file_ctx ctx = { f, data, len, parsed ? &py : NULL, NULL, facts, &w->findings, w->secrets,
			f->kind == MLR_KIND_PYTHON && !want_tree };
		run_rules(w, &ctx, want_tree && !parsed ? UNIT_PY_FAILED : 0);
		if (parsed)
			mlr_py_dispose(&py);
	}
	if (f->commit)
		for (size_t i = first; i < w->findings.len; i++) {
			w->findings.items[i].commit = mlr_strdup(f->commit);
			w->findings.items[i].commit_time = f->commit_time;
			w->findings.items[i].in_head = f->in_head;
		}

cleanup:
	mlr_cache_file_store(&probe, w, index); /* cache hook: record what was found */
	free(data);
}
