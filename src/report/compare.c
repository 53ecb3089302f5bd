#include "report/compare.h"

#include <jansson.h>
#include <string.h>

#include "core/error.h"
#include "report/jsonutil.h"
#include "report/report.h"
#include "score/score.h"

/* The change category exists only in PR mode, which compare does not run. */
#define LAST_CATEGORY MLR_CAT_HYGIENE

/* Text column headings, as short as the keys allow. */
static const char *const short_names[] = { "", "test", "sec", "repro", "docs", "data", "mon", "ci/cd", "hyg" };

#define ANSI_RESET "\x1b[0m"
#define ANSI_RED "\x1b[31m"
#define ANSI_GREEN "\x1b[32m"
#define ANSI_YELLOW "\x1b[33m"

typedef struct {
	size_t by_severity[3]; /* note, warning, error */
	bool assessable;
} row_stats;

static row_stats stats_of(const mlr_compare_row *row)
{
	row_stats s = { { 0, 0, 0 }, false };
	if (!row->result)
		return s;
	for (size_t i = 0; i < row->result->finding_count; i++) {
		unsigned sev = (unsigned)row->result->findings[i].severity;
		if (sev < 3)
			s.by_severity[sev]++;
	}
	s.assessable = mlr_score_assessable(&row->result->score);
	return s;
}

static const char *profile_name(const mlr_result *result)
{
	const mlr_profile *p = result->score.profile ? result->score.profile : mlr_profiles(NULL);
	return p->name;
}

static const char *gate_word(const mlr_compare_row *row)
{
	return !row->result ? "error" : row->gate_failed ? "failed" : "passed";
}

/* Display columns of a UTF-8 string: one per code point (paths are mostly ASCII). */
static size_t columns(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void pad(mlr_buf *out, size_t n)
{
	while (n--)
		mlr_buf_putc(out, ' ');
}

/* A score right-aligned in width, or n/a. */
static void put_score(mlr_buf *out, int width, bool assessable, double score)
{
	if (assessable)
		mlr_buf_printf(out, " %*.1f", width, mlr_score_round1(score));
	else
		mlr_buf_printf(out, " %*s", width, "n/a");
}

static const char *band_color(double score)
{
	const char *band = mlr_report_band(score, true);
	return !strcmp(band, "good") ? ANSI_GREEN : !strcmp(band, "fair") ? ANSI_YELLOW : ANSI_RED;
}

static int write_text(mlr_buf *out, const mlr_compare_row *rows, size_t count, const mlr_report_options *opts)
{
	bool color = opts && opts->color;
	mlr_buf *names = calloc(count ? count : 1, sizeof(mlr_buf));
	if (!names)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	size_t width = strlen("repository");
	bool any_capped = false;
	for (size_t i = 0; i < count; i++) {
		names[i] = (mlr_buf)MLR_BUF_INIT;
		mlr_report_put_display(&names[i], rows[i].path);
		size_t w = columns(mlr_buf_cstr(&names[i]));
		width = w > width ? w : width;
		any_capped |= rows[i].result && rows[i].result->score.capped;
	}
	/* each repository's config may pick its own profile */
	const char *profile = NULL;
	for (size_t i = 0; i < count; i++) {
		const char *p = rows[i].result ? profile_name(rows[i].result) : NULL;
		if (p && profile && strcmp(p, profile))
			profile = "profiles differ";
		else if (p && !profile)
			profile = p;
	}
	mlr_buf_printf(out, "mlready %s: %zu repositor%s compared (%s%s)\n\n", MLR_VERSION, count,
		count == 1 ? "y" : "ies", profile && strcmp(profile, "profiles differ") ? "profile " : "",
		profile ? profile : "default");
	mlr_buf_puts(out, "repository");
	pad(out, width - strlen("repository"));
	mlr_buf_puts(out, " overall");
	for (int c = MLR_CAT_FIRST; c <= LAST_CATEGORY; c++)
		mlr_buf_printf(out, " %5s", short_names[c]);
	mlr_buf_puts(out, " errors warnings notes gate\n");
	for (size_t i = 0; i < count; i++) {
		const mlr_compare_row *row = &rows[i];
		const mlr_score *sc = row->result ? &row->result->score : NULL;
		row_stats st = stats_of(row);
		mlr_buf_puts(out, mlr_buf_cstr(&names[i]));
		pad(out, width - columns(mlr_buf_cstr(&names[i])));
		if (!row->result) {
			mlr_buf_puts(out, " error: ");
			mlr_report_put_display(out, row->error ? row->error : "not linted");
			mlr_buf_putc(out, '\n');
			continue;
		}
		if (color && st.assessable)
			mlr_buf_puts(out, band_color(sc->overall));
		put_score(out, 6, st.assessable, sc->overall);
		mlr_buf_puts(out, sc->capped ? "*" : " ");
		if (color && st.assessable)
			mlr_buf_puts(out, ANSI_RESET);
		for (int c = MLR_CAT_FIRST; c <= LAST_CATEGORY; c++)
			put_score(out, 5, sc->categories[c - 1].assessable, sc->categories[c - 1].score);
		mlr_buf_printf(out, " %6zu %8zu %5zu ", st.by_severity[MLR_SEV_ERROR], st.by_severity[MLR_SEV_WARNING],
			st.by_severity[MLR_SEV_NOTE]);
		if (color && row->gate_failed)
			mlr_buf_puts(out, ANSI_RED);
		mlr_buf_puts(out, gate_word(row));
		if (color && row->gate_failed)
			mlr_buf_puts(out, ANSI_RESET);
		mlr_buf_putc(out, '\n');
	}
	if (any_capped)
		mlr_buf_puts(out, "\n* capped by a blocking finding (a live credential): see that repository's report\n");
	for (size_t i = 0; i < count; i++)
		mlr_buf_dispose(&names[i]);
	free(names);
	return 0;
}

static void md_score(mlr_buf *out, bool assessable, double score)
{
	if (assessable)
		mlr_buf_printf(out, " %.1f |", mlr_score_round1(score));
	else
		mlr_buf_puts(out, " n/a |");
}

static int write_markdown(mlr_buf *out, const mlr_compare_row *rows, size_t count)
{
	mlr_buf_printf(out, "## mlready: %zu repositor%s compared\n\n| Repository | Overall |", count,
		count == 1 ? "y" : "ies");
	for (int c = MLR_CAT_FIRST; c <= LAST_CATEGORY; c++)
		mlr_buf_printf(out, " %s |", mlr_report_category_name((mlr_category)c));
	mlr_buf_puts(out, " Errors | Warnings | Notes | Gate |\n|---|---:|");
	for (int c = MLR_CAT_FIRST; c <= LAST_CATEGORY; c++)
		mlr_buf_puts(out, "---:|");
	mlr_buf_puts(out, "---:|---:|---:|---|\n");
	for (size_t i = 0; i < count; i++) {
		const mlr_compare_row *row = &rows[i];
		row_stats st = stats_of(row);
		mlr_buf_puts(out, "| ");
		mlr_report_put_markdown(out, row->path);
		mlr_buf_puts(out, " |");
		if (!row->result) {
			for (int c = MLR_CAT_FIRST - 1; c <= LAST_CATEGORY; c++)
				mlr_buf_puts(out, " |");
			mlr_buf_puts(out, " | | | error: ");
			mlr_report_put_markdown(out, row->error ? row->error : "not linted");
			mlr_buf_puts(out, " |\n");
			continue;
		}
		const mlr_score *sc = &row->result->score;
		if (st.assessable)
			mlr_buf_printf(out, " %.1f%s |", mlr_score_round1(sc->overall), sc->capped ? " (capped)" : "");
		else
			mlr_buf_puts(out, " n/a |");
		for (int c = MLR_CAT_FIRST; c <= LAST_CATEGORY; c++)
			md_score(out, sc->categories[c - 1].assessable, sc->categories[c - 1].score);
		mlr_buf_printf(out, " %zu | %zu | %zu | %s |\n", st.by_severity[MLR_SEV_ERROR],
			st.by_severity[MLR_SEV_WARNING], st.by_severity[MLR_SEV_NOTE], gate_word(row));
	}
	return 0;
}

static json_t *json_score_or_null(bool assessable, double score)
{
	return assessable ? json_real(mlr_score_round1(score)) : json_null();
}

static json_t *json_row(const mlr_compare_row *row)
{
	json_t *obj = json_object();
	int err = !obj;
	row_stats st = stats_of(row);
	err |= mlr_json_put(obj, "path", mlr_json_text(row->path));
	err |= mlr_json_put(obj, "gate", json_string(gate_word(row)));
	err |= mlr_json_put(obj, "error", row->result ? json_null() : mlr_json_text(row->error ? row->error : ""));
	if (row->result) {
		const mlr_score *sc = &row->result->score;
		json_t *cats = json_object(), *counts = json_object();
		err |= !cats || !counts;
		err |= mlr_json_put(obj, "source", mlr_json_text(row->result->source));
		err |= mlr_json_put(obj, "files", json_integer((json_int_t)row->result->file_count));
		err |= mlr_json_put(obj, "profile", json_string(profile_name(row->result)));
		err |= mlr_json_put(obj, "overall", json_score_or_null(st.assessable, sc->overall));
		err |= mlr_json_put(obj, "capped", json_boolean(sc->capped));
		for (int c = MLR_CAT_FIRST; c <= LAST_CATEGORY && cats; c++)
			err |= mlr_json_put(cats, mlr_report_category_key((mlr_category)c),
				json_score_or_null(sc->categories[c - 1].assessable, sc->categories[c - 1].score));
		static const char *const sev_keys[] = { "note", "warning", "error" };
		for (int s = 0; s < 3 && counts; s++)
			err |= mlr_json_put(counts, sev_keys[s], json_integer((json_int_t)st.by_severity[s]));
		err |= mlr_json_put(obj, "categories", cats ? cats : json_null());
		err |= mlr_json_put(obj, "findings", counts ? counts : json_null());
	}
	return mlr_json_checked(obj, err);
}

static int write_json(mlr_buf *out, const mlr_compare_row *rows, size_t count)
{
	json_t *root = json_object(), *arr = json_array();
	int err = !root || !arr;
	for (size_t i = 0; i < count && arr; i++)
		err |= mlr_json_append(arr, json_row(&rows[i]));
	err |= mlr_json_put(root, "tool", json_pack("{s:s, s:s}", "name", "mlready", "version", MLR_VERSION));
	err |= mlr_json_put(root, "repositories", arr ? arr : json_null());
	int error = mlr_json_write(out, root, err, "comparison");
	json_decref(root);
	return error;
}

bool mlr_compare_supports(mlr_format format)
{
	return format == MLR_FORMAT_TEXT || format == MLR_FORMAT_MARKDOWN || format == MLR_FORMAT_JSON;
}

int mlr_compare_write(FILE *f, mlr_format format, const mlr_compare_row *rows, size_t count,
	const mlr_report_options *opts)
{
	mlr_buf out = MLR_BUF_INIT;
	int error = 0;
	if (!mlr_compare_supports(format)) {
		error = mlr_error_set(MLR_EUSAGE, "compare writes text, markdown or json, not %s", mlr_format_name(format));
		goto cleanup;
	}
	error = format == MLR_FORMAT_TEXT ? write_text(&out, rows, count, opts)
		: format == MLR_FORMAT_MARKDOWN ? write_markdown(&out, rows, count) : write_json(&out, rows, count);
	if (error < 0)
		goto cleanup;
	if (out.oom) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory while writing the comparison");
		goto cleanup;
	}
	if ((out.len && fwrite(out.ptr, 1, out.len, f) != out.len) || fflush(f) != 0 || ferror(f))
		error = mlr_error_set(MLR_EIO, "cannot write the comparison");
cleanup:
	mlr_buf_dispose(&out);
	return error;
}
