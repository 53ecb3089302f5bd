#include "cache/cache.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>

#include "cache/key.h"
#include "cache/record.h"
#include "cache/store.h"
#include "core/error.h"

/* A record this run made for one file. */
typedef struct {
	char *body; /* NULL: none */
	size_t len;
	unsigned char id[20];
} fresh_rec;

/* Where a file's analysis got to. A repository record is made only when every analysis
 * that started finished with a repeatable result: the repository key stands for the facts
 * by the files' ids (cache/key.h). */
enum {
	FILE_UNTOUCHED = 0, /* never looked up: not analyzed at all (kind, exclusion) */
	FILE_RESTORED,
	FILE_ANALYZING,     /* a miss: the analysis began (it stays so if it gave up early) */
	FILE_STORED,
	FILE_UNREPEATABLE   /* the analysis ran out of time, or ran short of memory */
};

/* A file's results decoded when the cache was opened, waiting for its worker. */
typedef struct {
	bool ready;
	mlr_file_facts facts;
	mlr_finding_array findings;
	mlr_note_array notes;
	mlr_cache_bytes bytes;
} staged_rec;

/* One repository check inside a restored repository record. */
typedef struct {
	const mlr_rule *rule;
	const unsigned char *body;
	size_t len;
} check_seg;

/* One repository record: the checks that run together, under one key. */
typedef struct {
	enum { REPO_OFF = 0, REPO_RECORD, REPO_RESTORE } state;
	unsigned char key[MLR_CACHE_KEY_SIZE];
	mlr_cache_rec *hit;
	check_seg *segs;
	size_t seg_count;
	mlr_buf fresh;       /* the record being made: the checks' segments */
	uint32_t fresh_count;
} repo_pass;

struct mlr_cache {
	const mlr_options *opts;
	const mlr_source *src;
	const mlr_file_array *files;
	mlr_cache_rules rules;
	unsigned char key[MLR_CACHE_KEY_SIZE];
	char *dir;
	char name[64];
	mlr_cache_store store;
	const char *load_status;

	/* per file of the run, each written only by the worker analyzing that file */
	unsigned char (*ids)[20]; /* the content id it was looked up by */
	bool *has_id;
	mlr_cache_rec **hit;      /* the record it was restored from */
	uint8_t *state;           /* FILE_* */
	staged_rec *staged;       /* decoded at open for files whose id the index vouches for */
	fresh_rec *fresh;
	atomic_size_t restored, analyzed;

	/* the repository checks: those that read no facts run early, beside the workers, and
	 * are keyed without the files' contents; the others after them */
	repo_pass early, late;

	double load_ms, save_ms;
	const char *saved; /* for the debug line */
};

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Where the cache lives: <common git dir>/mlready. The common directory, not a linked
 * work tree's own git dir: the work trees of one repository share most blobs, so one
 * work tree's results serve the others (entries are keyed by content, and each work
 * tree's repository record by its own HEAD and files). */
static char *cache_dir(const char *gitdir)
{
	git_repository *repo = NULL;
	mlr_buf dir = MLR_BUF_INIT;
	if (git_repository_open(&repo, gitdir) == 0)
		mlr_buf_printf(&dir, "%smlready", git_repository_commondir(repo));
	git_repository_free(repo);
	git_error_clear();
	return mlr_buf_detach(&dir);
}

/* As committed_credential_file.c tells an untracked file. */
static uint8_t file_flags(const mlr_file *f)
{
	return f->from_worktree && !f->has_oid ? MLR_CACHE_UNTRACKED : 0;
}

/* Can the file's blob id be taken as its content's without reading it? */
static bool id_vouched(const mlr_file *f)
{
	return f->has_oid && (!f->from_worktree || f->oid_current) && !f->commit;
}

static void staged_dispose(staged_rec *st)
{
	mlr_findings_truncate(&st->findings, 0);
	mlr_array_delete(&st->findings);
	mlr_notes_truncate(&st->notes, 0);
	mlr_array_delete(&st->notes);
	mlr_file_facts_dispose(&st->facts);
	memset(st, 0, sizeof(*st));
}

/* Decodes, up front, the results of every file whose id needs no reading: the engine
 * learns before it starts which files are restored (a run that restores every Python file
 * compiles no query), and a record that does not decode is a miss before any worker
 * depends on it. */
static void stage(mlr_cache *c)
{
	for (size_t i = 0; i < c->files->len; i++) {
		const mlr_file *f = &c->files->items[i];
		if (!id_vouched(f))
			continue;
		memcpy(c->ids[i], f->oid, 20);
		c->has_id[i] = true;
		mlr_cache_rec *rec = mlr_cache_store_find(&c->store, f->path, f->oid, f->size, file_flags(f));
		if (!rec)
			continue;
		mlr_reader r;
		staged_rec *st = &c->staged[i];
		mlr_reader_init(&r, rec->body, rec->body_len);
		if (mlr_cache_decode_file(&r, &c->rules, &st->facts, &st->findings, &st->notes, &st->bytes) == 0) {
			st->ready = true;
			c->hit[i] = rec;
		} else {
			staged_dispose(st);
		}
	}
}

bool mlr_cache_restored(const mlr_cache *c, size_t index)
{
	return c && c->staged[index].ready;
}

mlr_cache *mlr_cache_open(const mlr_options *opts, const mlr_source *src, const mlr_file_array *files)
{
	double t0 = now_ms();
	const char *gitdir = mlr_source_gitdir(src);
	/* --history reads every version of every file once: nothing to gain. A plain
	 * directory has no blob ids to key by and no Git directory to keep a cache in. */
	if (opts->no_cache || opts->source == MLR_SOURCE_HISTORY || opts->source == MLR_SOURCE_DIR ||
	    !gitdir || !strcmp(mlr_source_describe(src), "history"))
		return NULL;
	mlr_cache *c = calloc(1, sizeof(*c));
	size_t n = files->len ? files->len : 1;
	if (!c)
		return NULL;
	c->opts = opts;
	c->src = src;
	c->files = files;
	c->ids = calloc(n, sizeof(*c->ids));
	c->has_id = calloc(n, sizeof(bool));
	c->hit = calloc(n, sizeof(mlr_cache_rec *));
	c->state = calloc(n, 1);
	c->staged = calloc(n, sizeof(staged_rec));
	c->fresh = calloc(n, sizeof(fresh_rec));
	c->dir = cache_dir(gitdir);
	if (!c->ids || !c->has_id || !c->hit || !c->state || !c->staged || !c->fresh || !c->dir || mlr_cache_key_run(c->key, opts) < 0)
		goto fail;
	mlr_cache_rules_init(&c->rules, opts->config);
	mlr_cache_store_name(c->name, c->key);
	mlr_buf path = MLR_BUF_INIT;
	mlr_buf_printf(&path, "%s/%s", c->dir, c->name);
	int rc = path.oom ? -1 : mlr_cache_store_read(&c->store, path.ptr, c->key, &c->load_status);
	mlr_buf_dispose(&path);
	if (rc < 0)
		goto fail;
	stage(c);
	c->load_ms = now_ms() - t0;
	return c;
fail:
	mlr_cache_free(c);
	return NULL;
}

static void debug_line(const mlr_cache *c)
{
	const char *v = getenv("MLREADY_CACHE_DEBUG");
	if (!v || !*v)
		return;
	static const char *const repo[] = { "not cached", "run", "restored" };
	fprintf(stderr,
		"mlready: cache %s/%s: %s; files: %zu restored, %zu analyzed; repository checks: %s; "
		"early checks: %s; %s; load %.1f ms, save %.1f ms\n",
		c->dir, c->name, c->load_status ? c->load_status : "?", (size_t)c->restored, (size_t)c->analyzed,
		repo[c->late.state], repo[c->early.state], c->saved ? c->saved : "not saved", c->load_ms, c->save_ms);
}

void mlr_cache_free(mlr_cache *c)
{
	if (!c)
		return;
	if (c->dir)
		debug_line(c);
	if (c->fresh)
		for (size_t i = 0; i < c->files->len; i++)
			free(c->fresh[i].body);
	if (c->staged)
		for (size_t i = 0; i < c->files->len; i++)
			staged_dispose(&c->staged[i]);
	free(c->staged);
	free(c->fresh);
	free(c->ids);
	free(c->has_id);
	free(c->hit);
	free(c->state);
	free(c->early.segs);
	free(c->late.segs);
	mlr_buf_dispose(&c->early.fresh);
	mlr_buf_dispose(&c->late.fresh);
	mlr_cache_store_dispose(&c->store);
	free(c->dir);
	free(c);
}

/* ------------------------------------------------------------------ files */

/* Hands a staged result to the worker: the findings and notes move, the facts move. */
static bool take_staged(staged_rec *st, mlr_worker *w, mlr_file_facts *facts)
{
	if (mlr_array_reserve(&w->findings, w->findings.len + st->findings.len) < 0 ||
	    mlr_array_reserve(&w->notes, w->notes.len + st->notes.len) < 0)
		return false;
	for (size_t i = 0; i < st->findings.len; i++)
		w->findings.items[w->findings.len++] = st->findings.items[i];
	for (size_t i = 0; i < st->notes.len; i++)
		w->notes.items[w->notes.len++] = st->notes.items[i];
	st->findings.len = st->notes.len = 0;
	*facts = st->facts;
	memset(&st->facts, 0, sizeof(st->facts));
	w->bytes += st->bytes.read;
	w->parsed_bytes += st->bytes.parsed;
	staged_dispose(st);
	return true;
}

/* A file the index cannot vouch for (modified, untracked, racily clean): its id is its
 * content's, so it is read — once: the bytes go on to the analysis. */
static bool lookup_by_content(mlr_cache *c, mlr_worker *w, size_t index, mlr_file_facts *facts,
	char **data, size_t *len, bool *truncated)
{
	const mlr_file *f = &w->job->files->items[index];
	unsigned char id[20];
	mlr_cache_bytes bytes;
	mlr_reader r;

	if (mlr_source_read(data, len, truncated, w->reader, f, w->job->max_file_size) < 0) {
		*data = NULL; /* the analysis reads it again and notes why it cannot */
		return false;
	}
	if (*truncated || mlr_cache_content_id(id, *data, *len) < 0)
		return false;
	memcpy(c->ids[index], id, 20);
	c->has_id[index] = true;
	mlr_cache_rec *rec = mlr_cache_store_find(&c->store, f->path, id, f->size, file_flags(f));
	if (!rec)
		return false;
	mlr_reader_init(&r, rec->body, rec->body_len);
	if (mlr_cache_decode_file(&r, &c->rules, facts, &w->findings, &w->notes, &bytes) < 0)
		return false;
	w->bytes += bytes.read;
	w->parsed_bytes += bytes.parsed;
	c->hit[index] = rec;
	free(*data);
	*data = NULL;
	*len = 0;
	return true;
}

bool mlr_cache_file_lookup(mlr_cache_probe *probe, mlr_worker *w, size_t index, char **data,
	size_t *len, bool *truncated)
{
	mlr_cache *c = w->job->cache;
	const mlr_file *f = &w->job->files->items[index];
	mlr_file_facts *facts = &w->job->facts[index];

	memset(probe, 0, sizeof(*probe));
	if (!c || f->commit)
		return false;
	/* a vouched-for id was looked up when the cache was opened; a file over the size
	 * limit is not read, so its content has no id (and it costs only a note) */
	bool hit;
	if (c->staged[index].ready) {
		/* out of memory: the analysis runs (perhaps without the queries, which were not
		 * compiled for a restored file), and its result is not kept */
		if (!take_staged(&c->staged[index], w, facts)) {
			c->state[index] = FILE_UNREPEATABLE;
			return false;
		}
		hit = true;
	} else {
		hit = !id_vouched(f) && f->from_worktree && f->size <= w->job->max_file_size &&
		      lookup_by_content(c, w, index, facts, data, len, truncated);
	}
	if (hit) {
		c->state[index] = FILE_RESTORED;
		/* what mlr_worker_analyze sets along with these facts (engine/analyze.c) */
		w->saw_python |= (facts->flags & MLR_FACT_PYTHON) != 0;
		w->saw_text |= (facts->flags & MLR_FACT_ANALYZED) != 0;
		atomic_fetch_add_explicit(&c->restored, 1, memory_order_relaxed);
		return true;
	}
	if (!c->has_id[index])
		return false; /* no id to store the result under */
	c->state[index] = FILE_ANALYZING;
	probe->cache = c;
	probe->findings = w->findings.len;
	probe->notes = w->notes.len;
	probe->bytes = w->bytes;
	probe->parsed_bytes = w->parsed_bytes;
	return false;
}

/* A parse or a query run that ran out of time says more about the machine's load than
 * about the file: such a result is not kept. */
static bool timed_out(const mlr_note *notes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (notes[i].message && (strstr(notes[i].message, "timed out") ||
					 strstr(notes[i].message, "query rules stopped after")))
			return true;
	return false;
}

void mlr_cache_file_store(const mlr_cache_probe *probe, mlr_worker *w, size_t index)
{
	mlr_cache *c = probe->cache;
	if (!c)
		return;
	const mlr_note *notes = w->notes.items ? w->notes.items + probe->notes : NULL;
	size_t note_count = w->notes.len - probe->notes;
	atomic_fetch_add_explicit(&c->analyzed, 1, memory_order_relaxed);
	if (timed_out(notes, note_count)) {
		c->state[index] = FILE_UNREPEATABLE;
		return;
	}
	c->state[index] = FILE_STORED;
	mlr_buf b = MLR_BUF_INIT;
	const mlr_finding *findings = w->findings.items ? w->findings.items + probe->findings : NULL;
	if (!mlr_cache_encode_file(&b, &c->rules, &w->job->facts[index], findings,
		    w->findings.len - probe->findings, notes, note_count,
		    (mlr_cache_bytes){ w->bytes - probe->bytes, w->parsed_bytes - probe->parsed_bytes })) {
		mlr_buf_dispose(&b); /* not kept, but finished: its facts are as repeatable */
		return;
	}
	c->fresh[index].len = b.len;
	c->fresh[index].body = mlr_buf_detach(&b);
	memcpy(c->fresh[index].id, c->ids[index], 20);
}

/* ------------------------------------------------------------------ repository checks */

/* A restored repository record: a count, then each check's segment with its length. */
static bool split_repo_record(const mlr_cache *c, repo_pass *p, const mlr_cache_rec *rec)
{
	mlr_reader r;
	mlr_reader_init(&r, rec->body, rec->body_len);
	uint32_t n = mlr_read_u32(&r);
	if (r.bad || n > mlr_reader_left(&r) / 4 || !(p->segs = calloc(n ? n : 1, sizeof(check_seg))))
		return false;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t len = mlr_read_u32(&r);
		const unsigned char *body = mlr_read_bytes(&r, len);
		if (!body)
			return false;
		mlr_reader peek;
		size_t idlen;
		bool is_null;
		mlr_reader_init(&peek, body, len);
		const char *id = mlr_read_view(&peek, &idlen, &is_null);
		const mlr_rule *rule = id ? mlr_cache_rules_find(&c->rules, id, idlen) : NULL;
		if (!rule)
			return false;
		p->segs[p->seg_count++] = (check_seg){ rule, body, len };
	}
	return mlr_reader_left(&r) == 0;
}

/* Which record, if any, a pass's results come from; ids NULL for the early pass. */
static void choose_repo_record(mlr_cache *c, repo_pass *p, const unsigned char (*ids)[20], const bool *has_id)
{
	/* PR mode's change rules read opts->change, which no key covers; --files judges no
	 * repository rule */
	if (c->opts->change || c->opts->only_paths)
		return;
	if (mlr_cache_key_repo(p->key, c->key, c->opts, c->src, c->files, ids, has_id) < 0)
		return;
	mlr_cache_rec *rec = mlr_cache_store_find_repo(&c->store, p->key);
	if (rec && split_repo_record(c, p, rec)) {
		p->hit = rec;
		p->state = REPO_RESTORE;
		return;
	}
	free(p->segs);
	p->segs = NULL;
	p->seg_count = 0;
	p->state = REPO_RECORD;
}

bool mlr_cache_early_begin(mlr_cache *c)
{
	if (!c)
		return false;
	choose_repo_record(c, &c->early, NULL, NULL);
	return c->early.state == REPO_RESTORE;
}

int mlr_cache_repo_begin(mlr_cache *c, mlr_file_facts *facts)
{
	if (!c)
		return 0;
	for (size_t i = 0; i < c->files->len; i++)
		if (c->state[i] == FILE_ANALYZING || c->state[i] == FILE_UNREPEATABLE)
			return 0;
	choose_repo_record(c, &c->late, (const unsigned char (*)[20])c->ids, c->has_id);
	if (c->late.state != REPO_RECORD)
		return 0;
	/* the checks run: they read every file's facts, of which restored files have only
	 * their flags so far */
	for (size_t i = 0; i < c->files->len; i++) {
		const mlr_cache_rec *rec = c->hit[i];
		if (c->state[i] != FILE_RESTORED || !rec)
			continue;
		mlr_file_facts_dispose(&facts[i]);
		if (mlr_cache_decode_facts(rec->body, rec->body_len, &facts[i]) < 0)
			return mlr_error_set(MLR_ENOMEM, "out of memory restoring the facts of %s",
				c->files->items[i].path);
	}
	return 0;
}

static bool restore_check(const mlr_cache *c, const repo_pass *p, mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	for (size_t i = 0; i < p->seg_count; i++) {
		if (p->segs[i].rule != rule)
			continue;
		mlr_reader r;
		const mlr_rule *got;
		bool assessed;
		mlr_note_array scratch = { 0 };
		mlr_note_array *notes = ctx->notes ? ctx->notes : &scratch;
		mlr_reader_init(&r, p->segs[i].body, p->segs[i].len);
		int rc = mlr_cache_decode_check(&r, &c->rules, &got, &assessed, ctx->findings, ctx->kpis, notes);
		mlr_notes_truncate(&scratch, 0);
		mlr_array_delete(&scratch);
		if (rc < 0 || got != rule)
			return false;
		ctx->assessed = assessed;
		return true;
	}
	return false;
}

void mlr_cache_repo_check(mlr_cache *c, mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	repo_pass *p = c ? (rule->no_facts ? &c->early : &c->late) : NULL;
	if (p && p->state == REPO_RESTORE && restore_check(c, p, ctx, rule))
		return;
	size_t nf = ctx->findings->len, nk = ctx->kpis->len, nn = ctx->notes ? ctx->notes->len : 0;
	mlr_check_find(rule->check)->repo(ctx, rule);
	if (!p || p->state != REPO_RECORD)
		return;
	mlr_buf seg = MLR_BUF_INIT;
	bool ok = mlr_cache_encode_check(&seg, &c->rules, rule, ctx->assessed,
		ctx->findings->items ? ctx->findings->items + nf : NULL, ctx->findings->len - nf,
		ctx->kpis->items ? ctx->kpis->items + nk : NULL, ctx->kpis->len - nk,
		ctx->notes && ctx->notes->items ? ctx->notes->items + nn : NULL, ctx->notes ? ctx->notes->len - nn : 0);
	if (ok && seg.len < UINT32_MAX) {
		mlr_codec_u32(&p->fresh, (uint32_t)seg.len);
		mlr_codec_bytes(&p->fresh, seg.ptr, seg.len);
		p->fresh_count++;
	} else {
		p->state = REPO_OFF; /* a check whose results cannot be kept: none are */
	}
	mlr_buf_dispose(&seg);
}

/* ------------------------------------------------------------------ saving */

void mlr_cache_save(mlr_cache *c)
{
	if (!c)
		return;
	double t0 = now_ms();
	size_t nfresh = 0;
	for (size_t i = 0; i < c->files->len; i++)
		nfresh += c->fresh[i].body != NULL;
	repo_pass *passes[] = { &c->early, &c->late };
	bool repo_new[2];
	for (int k = 0; k < 2; k++)
		repo_new[k] = passes[k]->state == REPO_RECORD && !passes[k]->fresh.oom && passes[k]->fresh_count;
	if (!nfresh && !repo_new[0] && !repo_new[1]) {
		/* everything this run used is already in the file as it is */
		c->saved = "nothing new to save";
		return;
	}
	/* A partial run (--files, pre-commit) looks at a few files: it must not age the
	 * records of the whole tree, so it keeps every record and does not count as a save. */
	bool partial = c->opts->only_paths != NULL;
	uint32_t gen = partial ? c->store.gen : c->store.gen + 1;
	size_t cap = c->store.count + nfresh + 2, n = 0;
	mlr_cache_rec *recs = calloc(cap, sizeof(mlr_cache_rec));
	const mlr_cache_rec **order = calloc(cap, sizeof(mlr_cache_rec *));
	bool *keep = calloc(c->store.count ? c->store.count : 1, sizeof(bool));
	mlr_buf repo_body[2] = { MLR_BUF_INIT, MLR_BUF_INIT };
	if (!recs || !order || !keep)
		goto cleanup;

	/* old records: those this run used, and those a recent save used — unless the file
	 * grows toward its size limit, where only this run's are kept */
	uint64_t total = 0;
	for (size_t i = 0; i < c->store.count; i++)
		total += c->store.recs[i].body_len + c->store.recs[i].path_len + 64;
	bool strict = total > MLR_CACHE_MAX_BYTES / 2;
	for (size_t i = 0; i < c->store.count; i++)
		keep[i] = !strict && (partial || gen - c->store.recs[i].gen <= MLR_CACHE_KEEP_SAVES);
	for (size_t i = 0; i < c->files->len; i++)
		if (c->hit[i])
			c->hit[i]->used = true;
	for (int k = 0; k < 2; k++)
		if (passes[k]->hit)
			passes[k]->hit->used = true;
	for (size_t i = 0; i < c->files->len; i++) {
		const mlr_file *f = &c->files->items[i];
		mlr_cache_rec *old;
		/* a record that failed to decode is replaced by the fresh one */
		if (c->fresh[i].body && (old = mlr_cache_store_find(&c->store, f->path, c->fresh[i].id, f->size,
					     file_flags(f))))
			keep[old - c->store.recs] = false, old->used = false;
	}
	for (size_t i = 0; i < c->store.count; i++) {
		mlr_cache_rec *old = &c->store.recs[i];
		if (!old->used && !keep[i])
			continue;
		recs[n] = *old;
		if (old->used)
			recs[n].gen = gen;
		n++;
	}
	for (size_t i = 0; i < c->files->len; i++) {
		const mlr_file *f = &c->files->items[i];
		if (!c->fresh[i].body)
			continue;
		mlr_cache_rec *r = &recs[n++];
		r->kind = MLR_CACHE_REC_FILE;
		r->flags = file_flags(f);
		r->gen = gen;
		r->path = f->path;
		r->path_len = strlen(f->path);
		memcpy(r->id, c->fresh[i].id, 20);
		r->size = f->size;
		r->body = (const unsigned char *)c->fresh[i].body;
		r->body_len = c->fresh[i].len;
	}
	for (int k = 0; k < 2; k++) {
		if (!repo_new[k])
			continue;
		mlr_codec_u32(&repo_body[k], passes[k]->fresh_count);
		mlr_codec_bytes(&repo_body[k], passes[k]->fresh.ptr, passes[k]->fresh.len);
		if (!repo_body[k].oom) {
			mlr_cache_rec *r = &recs[n++];
			r->kind = MLR_CACHE_REC_REPO;
			r->gen = gen;
			memcpy(r->id, passes[k]->key, MLR_CACHE_KEY_SIZE);
			r->body = (const unsigned char *)repo_body[k].ptr;
			r->body_len = repo_body[k].len;
		}
	}
	for (size_t i = 0; i < n; i++)
		order[i] = &recs[i];
	if (mlr_cache_store_write(c->dir, c->name, c->key, gen, order, n) == 0) {
		c->saved = "saved";
		mlr_cache_store_prune_dir(c->dir, c->name, MLR_CACHE_KEEP_FILES);
	} else {
		/* read-only, full, or not ours: the run goes on uncached */
		c->saved = errno == EACCES || errno == EROFS || errno == EPERM ? "not saved (read-only)" : "not saved";
	}

cleanup:
	free(recs);
	free(order);
	free(keep);
	mlr_buf_dispose(&repo_body[0]);
	mlr_buf_dispose(&repo_body[1]);
	c->save_ms = now_ms() - t0;
}
