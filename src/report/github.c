/*
 * GitHub Actions workflow commands: each finding becomes an annotation on the file and
 * line of a pull request's diff. GitHub shows only the first few annotations of each
 * level per step, so they come worst first. Escaping follows GitHub's documented rules:
 * in the message `%`, CR and LF are percent-encoded; in a property value `:` and `,`
 * are too. Everything is made display-safe first, so no control character, ANSI escape
 * or raw newline from the repository can start a command of its own.
 */
#include "report/report.h"

#include "score/score.h"

#include <inttypes.h>

static void put_escaped(mlr_buf *out, const char *s, bool property)
{
	mlr_buf clean = MLR_BUF_INIT;
	mlr_report_put_display(&clean, s);
	if (clean.oom)
		out->oom = true;
	for (const char *p = mlr_buf_cstr(&clean); *p; p++) {
		switch (*p) {
		case '%': mlr_buf_puts(out, "%25"); break;
		case '\r': mlr_buf_puts(out, "%0D"); break;
		case '\n': mlr_buf_puts(out, "%0A"); break;
		case ':':
			if (property) {
				mlr_buf_puts(out, "%3A");
				break;
			}
			mlr_buf_putc(out, *p);
			break;
		case ',':
			if (property) {
				mlr_buf_puts(out, "%2C");
				break;
			}
			mlr_buf_putc(out, *p);
			break;
		default:
			mlr_buf_putc(out, *p);
			break;
		}
	}
	mlr_buf_dispose(&clean);
}

static const char *command(mlr_severity sev)
{
	switch (sev) {
	case MLR_SEV_ERROR:
		return "error";
	case MLR_SEV_WARNING:
		return "warning";
	default:
		return "notice";
	}
}

static void github_annotation(mlr_buf *out, const mlr_finding *f)
{
	mlr_buf title = MLR_BUF_INIT;

	mlr_buf_printf(out, "::%s ", command(f->severity));
	if (f->path) {
		mlr_buf_puts(out, "file=");
		put_escaped(out, f->path, true);
		/* A notebook line counts from its cell: it would point at the wrong line of
		 * the .ipynb file, so the annotation stays on the file. */
		if (f->line && !f->cell) {
			mlr_buf_printf(out, ",line=%" PRIu32, f->line);
			if (f->column)
				mlr_buf_printf(out, ",col=%" PRIu32, f->column_utf16 ? f->column_utf16 : f->column);
		}
		mlr_buf_putc(out, ',');
	}
	mlr_buf_puts(&title, mlr_report_rule_id(f->rule));
	if (f->rule && f->rule->name) {
		mlr_buf_putc(&title, ' ');
		mlr_buf_puts(&title, f->rule->name);
	}
	mlr_buf_puts(out, "title=");
	put_escaped(out, mlr_buf_cstr(&title), true);
	mlr_buf_dispose(&title);
	mlr_buf_puts(out, "::");
	if (f->cell) {
		mlr_buf_printf(out, "cell %" PRIu32, f->cell);
		if (f->line)
			mlr_buf_printf(out, " line %" PRIu32, f->line);
		mlr_buf_puts(out, ": ");
	}
	put_escaped(out, mlr_report_message(f), false);
	if (f->rule && f->rule->fix && *f->rule->fix) {
		mlr_buf_puts(out, "%0Afix: ");
		put_escaped(out, f->rule->fix, false);
	}
	mlr_buf_putc(out, '\n');
}

int mlr_report_github(mlr_buf *out, const mlr_result *result, const mlr_report_options *opts)
{
	mlr_report_items items = { 0 };
	int error = 0;

	(void)opts;
	if ((error = mlr_report_order(&items, result, false)) < 0)
		goto cleanup;
	for (size_t i = 0; i < items.len; i++)
		github_annotation(out, items.items[i].finding);
	/* A plain log line closes the step's output with the number CI gates on. */
	mlr_buf_puts(out, "mlready: ");
	if (mlr_score_assessable(&result->score))
		mlr_buf_printf(out, "readiness %.1f/100", mlr_score_round1(result->score.overall));
	else
		mlr_buf_puts(out, "readiness n/a");
	if (result->score.capped)
		mlr_buf_printf(out, " (capped at %.0f by a blocking finding)", result->score.cap);
	mlr_buf_printf(out, ", %zu finding%s\n", result->finding_count, result->finding_count == 1 ? "" : "s");

cleanup:
	mlr_array_delete(&items);
	return error;
}
