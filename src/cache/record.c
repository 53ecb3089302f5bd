#include "cache/record.h"

#include <string.h>

#include "filter/config.h"
#include "rules/builtin.h"

/* A restored result must be exactly what a fresh analysis gives: a field added to one of
 * these structs must be added to its encoding below (and MLR_CACHE_FORMAT bumped in
 * cache/store.h). These sizes are the 64-bit ones; the assertions stop the build until
 * the encoding is updated. */
#if UINTPTR_MAX == UINT64_MAX
_Static_assert(sizeof(mlr_finding) == 88, "mlr_finding changed: update src/cache/record.c");
_Static_assert(sizeof(mlr_note) == 16, "mlr_note changed: update src/cache/record.c");
_Static_assert(sizeof(mlr_kpi) == 40, "mlr_kpi changed: update src/cache/record.c");
_Static_assert(sizeof(mlr_file_facts) == 88, "mlr_file_facts changed: update src/cache/record.c");
#endif

void mlr_cache_rules_init(mlr_cache_rules *rules, const struct mlr_config *cfg)
{
	rules->builtin = mlr_builtin_rules;
	rules->builtin_count = mlr_builtin_rule_count;
	rules->custom = cfg ? mlr_config_custom_rules(cfg, &rules->custom_count) : NULL;
	if (!rules->custom)
		rules->custom_count = 0;
}

static int cmp_id(const char *id, size_t len, const char *rule_id)
{
	int c = strncmp(id, rule_id, len);
	return c ? c : rule_id[len] ? -1 : 0;
}

/* Both tables are sorted by id (the generated table and the config's custom rules). */
static const mlr_rule *search(const mlr_rule *table, size_t n, const char *id, size_t len)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_id(id, len, table[mid].id);
		if (!c)
			return &table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const mlr_rule *mlr_cache_rules_find(const mlr_cache_rules *rules, const char *id, size_t len)
{
	if (!id || memchr(id, '\0', len))
		return NULL;
	const mlr_rule *r = search(rules->builtin, rules->builtin_count, id, len);
	return r ? r : search(rules->custom, rules->custom_count, id, len);
}

static bool encode_rule(mlr_buf *b, const mlr_cache_rules *rules, const mlr_rule *rule)
{
	if (!rule || !rule->id || mlr_cache_rules_find(rules, rule->id, strlen(rule->id)) != rule)
		return false;
	mlr_codec_str(b, rule->id);
	return true;
}

static const mlr_rule *decode_rule(mlr_reader *r, const mlr_cache_rules *rules)
{
	size_t len;
	bool is_null;
	const char *id = mlr_read_view(r, &len, &is_null);
	const mlr_rule *rule = id ? mlr_cache_rules_find(rules, id, len) : NULL;
	if (!rule)
		r->bad = true;
	return rule;
}

/* ------------------------------------------------------------------ string arrays */

static void encode_strings(mlr_buf *b, char *const *items, size_t count)
{
	if (!items) {
		mlr_codec_u32(b, MLR_CODEC_NULL);
		return;
	}
	mlr_codec_u32(b, (uint32_t)count);
	for (size_t i = 0; i < count; i++)
		mlr_codec_str(b, items[i]);
}

/* Allocated as the facts code allocates them (calloc of at least one slot), so that
 * mlr_file_facts_dispose frees them alike. */
static char **decode_strings(mlr_reader *r, size_t *count, bool *oom)
{
	uint32_t n = mlr_read_u32(r);
	*count = 0;
	if (r->bad || n == MLR_CODEC_NULL)
		return NULL;
	/* each string takes at least its 4-byte length: a count beyond that is corrupt */
	if (n > mlr_reader_left(r) / 4) {
		r->bad = true;
		return NULL;
	}
	char **items = calloc(n ? n : 1, sizeof(char *));
	if (!items) {
		*oom = true;
		return NULL;
	}
	for (uint32_t i = 0; i < n && !r->bad && !*oom; i++) {
		items[i] = mlr_read_str(r, oom);
		*count = i + 1;
	}
	return items;
}

/* ------------------------------------------------------------------ facts */

/* The facts but their flags, which the record keeps apart: a restored file needs only its
 * flags unless the repository checks run (mlr_cache_decode_facts). */
static void encode_facts(mlr_buf *b, const mlr_file_facts *f)
{
	mlr_codec_u32(b, f->train_line);
	mlr_codec_str(b, f->train_call);
	encode_strings(b, f->imports, f->import_count);
	mlr_codec_u32(b, f->load_line);
	mlr_codec_u32(b, f->ml_line);
	mlr_codec_u32(b, f->app_line);
	mlr_codec_str(b, f->load_call);
	mlr_codec_str(b, f->ml_function);
	mlr_codec_str(b, f->app_call);
	encode_strings(b, f->ml_names, f->ml_name_count);
}

static void decode_facts(mlr_reader *r, mlr_file_facts *f, bool *oom)
{
	f->train_line = mlr_read_u32(r);
	f->train_call = mlr_read_str(r, oom);
	f->imports = decode_strings(r, &f->import_count, oom);
	f->load_line = mlr_read_u32(r);
	f->ml_line = mlr_read_u32(r);
	f->app_line = mlr_read_u32(r);
	f->load_call = mlr_read_str(r, oom);
	f->ml_function = mlr_read_str(r, oom);
	f->app_call = mlr_read_str(r, oom);
	f->ml_names = decode_strings(r, &f->ml_name_count, oom);
}

/* Walks an encoded string array without copying it. */
static void skip_strings(mlr_reader *r)
{
	uint32_t n = mlr_read_u32(r);
	if (n == MLR_CODEC_NULL)
		return;
	for (uint32_t i = 0; i < n && !r->bad; i++) {
		size_t len;
		bool is_null;
		mlr_read_view(r, &len, &is_null);
	}
}

/* The same walk as decode_facts, checking only that the bytes hold facts. */
static void check_facts(mlr_reader *r)
{
	size_t len;
	bool is_null;
	mlr_read_u32(r);
	mlr_read_view(r, &len, &is_null);
	skip_strings(r);
	mlr_read_u32(r);
	mlr_read_u32(r);
	mlr_read_u32(r);
	for (int i = 0; i < 3; i++)
		mlr_read_view(r, &len, &is_null);
	skip_strings(r);
}

/* ------------------------------------------------------------------ findings, notes, KPIs */

static bool encode_findings(mlr_buf *b, const mlr_cache_rules *rules, const mlr_finding *fs, size_t n)
{
	mlr_codec_u32(b, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		const mlr_finding *f = &fs[i];
		if (!encode_rule(b, rules, f->rule))
			return false;
		mlr_codec_u8(b, (uint8_t)f->severity);
		mlr_codec_str(b, f->path);
		mlr_codec_u32(b, f->line);
		mlr_codec_u32(b, f->column);
		mlr_codec_u32(b, f->cell);
		mlr_codec_str(b, f->message);
		mlr_codec_u64(b, f->fingerprint);
		mlr_codec_u8(b, f->blocking);
		mlr_codec_str(b, f->commit);
		mlr_codec_u64(b, (uint64_t)f->commit_time);
		mlr_codec_u8(b, f->in_head);
		mlr_codec_u32(b, f->column_utf16);
	}
	return true;
}

static void decode_findings(mlr_reader *r, const mlr_cache_rules *rules, mlr_finding_array *out, bool *oom)
{
	uint32_t n = mlr_read_u32(r);
	if (n > mlr_reader_left(r) / 16)
		r->bad = true;
	for (uint32_t i = 0; i < n && !r->bad && !*oom; i++) {
		mlr_finding f = { 0 };
		f.rule = decode_rule(r, rules);
		uint8_t sev = mlr_read_u8(r);
		if (sev > MLR_SEV_ERROR)
			r->bad = true;
		f.severity = (mlr_severity)sev;
		f.path = mlr_read_str(r, oom);
		f.line = mlr_read_u32(r);
		f.column = mlr_read_u32(r);
		f.cell = mlr_read_u32(r);
		f.message = mlr_read_str(r, oom);
		f.fingerprint = mlr_read_u64(r);
		f.blocking = mlr_read_u8(r) != 0;
		f.commit = mlr_read_str(r, oom);
		f.commit_time = (int64_t)mlr_read_u64(r);
		f.in_head = mlr_read_u8(r) != 0;
		f.column_utf16 = mlr_read_u32(r);
		if (!f.message && !r->bad)
			r->bad = true; /* every finding has a message: the reporters rely on it */
		if (r->bad || *oom || mlr_array_push(out, f) < 0) {
			if (!r->bad)
				*oom = true;
			mlr_finding_dispose(&f);
		}
	}
}

static void encode_notes(mlr_buf *b, const mlr_note *ns, size_t n)
{
	mlr_codec_u32(b, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		mlr_codec_str(b, ns[i].path);
		mlr_codec_str(b, ns[i].message);
	}
}

static void decode_notes(mlr_reader *r, mlr_note_array *out, bool *oom)
{
	uint32_t n = mlr_read_u32(r);
	if (n > mlr_reader_left(r) / 8)
		r->bad = true;
	for (uint32_t i = 0; i < n && !r->bad && !*oom; i++) {
		mlr_note note = { mlr_read_str(r, oom), mlr_read_str(r, oom) };
		if (!note.message && !r->bad)
			r->bad = true;
		if (r->bad || *oom || mlr_array_push(out, note) < 0) {
			if (!r->bad)
				*oom = true;
			free(note.path);
			free(note.message);
		}
	}
}

static bool encode_kpis(mlr_buf *b, const mlr_cache_rules *rules, const mlr_kpi *ks, size_t n)
{
	mlr_codec_u32(b, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		if (!encode_rule(b, rules, ks[i].rule))
			return false;
		mlr_codec_str(b, ks[i].key);
		mlr_codec_str(b, ks[i].label);
		mlr_codec_u32(b, ks[i].numerator);
		mlr_codec_u32(b, ks[i].denominator);
		mlr_codec_f64(b, ks[i].target);
	}
	return true;
}

static void decode_kpis(mlr_reader *r, const mlr_cache_rules *rules, mlr_kpi_array *out, bool *oom)
{
	uint32_t n = mlr_read_u32(r);
	if (n > mlr_reader_left(r) / 24)
		r->bad = true;
	for (uint32_t i = 0; i < n && !r->bad && !*oom; i++) {
		mlr_kpi k = { 0 };
		k.rule = decode_rule(r, rules);
		k.key = mlr_read_str(r, oom);
		k.label = mlr_read_str(r, oom);
		k.numerator = mlr_read_u32(r);
		k.denominator = mlr_read_u32(r);
		k.target = mlr_read_f64(r);
		if ((!k.key || !k.label) && !r->bad)
			r->bad = true;
		if (r->bad || *oom || mlr_array_push(out, k) < 0) {
			if (!r->bad)
				*oom = true;
			free(k.key);
			free(k.label);
		}
	}
}

/* ------------------------------------------------------------------ one file */

/* A file record: the facts' flags, the rest of the facts with their length (so that they
 * can be passed over), the findings, the notes, the bytes read. */
bool mlr_cache_encode_file(mlr_buf *b, const mlr_cache_rules *rules, const mlr_file_facts *facts,
	const mlr_finding *findings, size_t finding_count, const mlr_note *notes, size_t note_count,
	mlr_cache_bytes bytes)
{
	mlr_codec_u32(b, facts->flags);
	size_t at = b->len;
	mlr_codec_u32(b, 0);
	encode_facts(b, facts);
	if (!b->oom && b->len - at - 4 < UINT32_MAX) {
		uint32_t n = (uint32_t)(b->len - at - 4);
		unsigned char *p = (unsigned char *)b->ptr + at;
		p[0] = (unsigned char)n, p[1] = (unsigned char)(n >> 8), p[2] = (unsigned char)(n >> 16),
		p[3] = (unsigned char)(n >> 24);
	}
	if (!encode_findings(b, rules, findings, finding_count))
		return false;
	encode_notes(b, notes, note_count);
	mlr_codec_u64(b, bytes.read);
	mlr_codec_u64(b, bytes.parsed);
	return !b->oom;
}

int mlr_cache_decode_file(mlr_reader *r, const mlr_cache_rules *rules, mlr_file_facts *facts,
	mlr_finding_array *findings, mlr_note_array *notes, mlr_cache_bytes *bytes)
{
	size_t nf = findings->len, nn = notes->len;
	bool oom = false;
	uint32_t flags = mlr_read_u32(r);
	uint32_t facts_len = mlr_read_u32(r);
	mlr_reader fr;
	const void *fb = mlr_read_bytes(r, facts_len);
	mlr_reader_init(&fr, fb, fb ? facts_len : 0);
	check_facts(&fr);
	if (fr.bad || mlr_reader_left(&fr))
		r->bad = true;
	decode_findings(r, rules, findings, &oom);
	decode_notes(r, notes, &oom);
	bytes->read = mlr_read_u64(r);
	bytes->parsed = mlr_read_u64(r);
	if (!r->bad && !oom && mlr_reader_left(r) == 0) {
		memset(facts, 0, sizeof(*facts));
		facts->flags = flags;
		return 0;
	}
	mlr_findings_truncate(findings, nf);
	mlr_notes_truncate(notes, nn);
	*bytes = (mlr_cache_bytes){ 0, 0 };
	return -1;
}

int mlr_cache_decode_facts(const void *body, size_t len, mlr_file_facts *facts)
{
	mlr_reader r;
	bool oom = false;
	mlr_reader_init(&r, body, len);
	uint32_t flags = mlr_read_u32(&r);
	uint32_t facts_len = mlr_read_u32(&r);
	const void *fb = mlr_read_bytes(&r, facts_len);
	mlr_reader_init(&r, fb, fb ? facts_len : 0);
	memset(facts, 0, sizeof(*facts));
	decode_facts(&r, facts, &oom);
	if (fb && !r.bad && !oom && mlr_reader_left(&r) == 0) {
		facts->flags = flags;
		return 0;
	}
	mlr_file_facts_dispose(facts);
	memset(facts, 0, sizeof(*facts));
	return -1;
}

/* ------------------------------------------------------------------ one repository check */

bool mlr_cache_encode_check(mlr_buf *b, const mlr_cache_rules *rules, const mlr_rule *rule,
	bool assessed, const mlr_finding *findings, size_t finding_count, const mlr_kpi *kpis,
	size_t kpi_count, const mlr_note *notes, size_t note_count)
{
	if (!encode_rule(b, rules, rule))
		return false;
	mlr_codec_u8(b, assessed);
	if (!encode_findings(b, rules, findings, finding_count) || !encode_kpis(b, rules, kpis, kpi_count))
		return false;
	encode_notes(b, notes, note_count);
	return !b->oom;
}

int mlr_cache_decode_check(mlr_reader *r, const mlr_cache_rules *rules, const mlr_rule **rule,
	bool *assessed, mlr_finding_array *findings, mlr_kpi_array *kpis, mlr_note_array *notes)
{
	size_t nf = findings->len, nk = kpis->len, nn = notes->len;
	bool oom = false;
	*rule = decode_rule(r, rules);
	*assessed = mlr_read_u8(r) != 0;
	decode_findings(r, rules, findings, &oom);
	decode_kpis(r, rules, kpis, &oom);
	decode_notes(r, notes, &oom);
	if (!r->bad && !oom && mlr_reader_left(r) == 0)
		return 0;
	mlr_findings_truncate(findings, nf);
	mlr_kpis_truncate(kpis, nk);
	mlr_notes_truncate(notes, nn);
	return -1;
}
