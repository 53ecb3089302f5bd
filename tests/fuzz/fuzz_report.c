/* Every reporter on a result built from the input: hostile paths, messages, notes, KPI
 * labels and roots (control bytes, invalid UTF-8, markup, very long lines), any position,
 * cell, severity and score. Each format must still be what its reader takes (JSON and
 * SARIF parse, every format is valid UTF-8 without raw control bytes). */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "rules/builtin.h"

typedef struct {
	const uint8_t *p;
	size_t n;
} reader;

static uint32_t u8(reader *r)
{
	if (!r->n)
		return 0;
	r->n--;
	return *r->p++;
}

static uint32_t u32(reader *r)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++)
		v = (v << 8) | u8(r);
	return v;
}

/* A length byte, then that many bytes (a NUL ends the string early). */
static char *str(reader *r)
{
	size_t len = u8(r);
	if (len == 255)
		len = 255 + 16 * u8(r); /* now and then a long one */
	if (len > r->n)
		len = r->n;
	char *s = mlr_strndup((const char *)r->p, len);
	r->p += len;
	r->n -= len;
	if (!s)
		fz_fail("out of memory");
	return s;
}

/* One of the rules the result has statuses for, as every finding's rule is. */
static const mlr_rule *rule(reader *r, const mlr_result *res)
{
	return res->rules[u8(r) % res->rule_count].rule;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	reader r = { data, size };
	mlr_result *res = calloc(1, sizeof(*res));
	if (!res)
		fz_fail("out of memory");
	res->root = str(&r);
	res->source = str(&r);
	/* A few rules: SARIF lists each with its docs, and all of them would dwarf the rest */
	size_t first = u8(&r) % mlr_builtin_rule_count;
	res->rule_count = 1 + u8(&r) % 8;
	if (res->rule_count > mlr_builtin_rule_count)
		res->rule_count = mlr_builtin_rule_count;
	res->rules = calloc(res->rule_count, sizeof(mlr_rule_status));
	if (!res->rules)
		fz_fail("out of memory");
	for (size_t i = 0; i < res->rule_count; i++) {
		res->rules[i].rule = &mlr_builtin_rules[(first + i) % mlr_builtin_rule_count];
		res->rules[i].assessed = (u8(&r) & 3) != 0;
	}
	res->file_count = u32(&r);
	res->byte_count = u32(&r);

	size_t nf = u8(&r) % 24;
	res->findings = calloc(nf ? nf : 1, sizeof(mlr_finding));
	for (size_t i = 0; i < nf && res->findings; i++) {
		mlr_finding *f = &res->findings[res->finding_count++];
		uint32_t flags = u8(&r);
		f->rule = rule(&r, res);
		f->severity = (mlr_severity)(u8(&r) % 3);
		f->path = flags & 1 ? NULL : str(&r);
		f->line = f->path ? u32(&r) % 200000 : 0;
		f->column = f->line ? u32(&r) % 5000 + 1 : 0;
		f->cell = flags & 2 ? u8(&r) : 0;
		f->message = str(&r);
		f->fingerprint = ((uint64_t)u32(&r) << 32) | u32(&r);
		f->blocking = flags & 4;
		f->column_utf16 = flags & 8 ? f->column : 0;
		if (flags & 16) {
			f->commit = malloc(41);
			if (!f->commit)
				fz_fail("out of memory");
			for (int k = 0; k < 40; k++)
				f->commit[k] = "0123456789abcdef"[u8(&r) & 15];
			f->commit[40] = '\0';
			f->commit_time = (int64_t)u32(&r);
			f->in_head = flags & 32;
		}
	}
	size_t nn = u8(&r) % 8;
	res->notes = calloc(nn ? nn : 1, sizeof(mlr_note));
	for (size_t i = 0; i < nn && res->notes; i++) {
		res->notes[i].path = u8(&r) & 1 ? NULL : str(&r);
		res->notes[i].message = str(&r);
		res->note_count++;
	}
	size_t nk = u8(&r) % 6;
	res->kpis = calloc(nk ? nk : 1, sizeof(mlr_kpi));
	for (size_t i = 0; i < nk && res->kpis; i++) {
		mlr_kpi *k = &res->kpis[res->kpi_count++];
		k->rule = rule(&r, res);
		k->key = str(&r);
		k->label = str(&r);
		k->denominator = u8(&r);
		k->numerator = u8(&r);
		if (k->numerator > k->denominator)
			k->numerator = k->denominator;
		k->target = u8(&r) / 255.0;
	}
	if (!res->findings || !res->notes || !res->kpis)
		fz_fail("out of memory");
	if (u8(&r) & 1) {
		res->has_base = true;
		for (int k = 0; k < 40; k++)
			res->base_commit[k] = "0123456789abcdef"[u8(&r) & 15];
		res->base_overall = u8(&r) * 100.0 / 255;
		res->base_assessable = u8(&r) & 1;
		for (int c = 0; c < MLR_CAT_LAST; c++) {
			res->base_category[c] = u8(&r) * 100.0 / 255;
			res->base_category_assessable[c] = u8(&r) & 1;
		}
		res->base_finding_count = u8(&r);
		res->preexisting_count = u8(&r);
		res->changed_path_count = u8(&r);
	}

	size_t np;
	const mlr_profile *profiles = mlr_profiles(&np);
	mlr_score_compute_profile(res, &profiles[u8(&r) % np]);
	FZ_ASSERT(res->score.overall >= 0 && res->score.overall <= 100, "overall score %g", res->score.overall);
	fz_render_all(res);
	mlr_result_free(res);
	return 0;
}
