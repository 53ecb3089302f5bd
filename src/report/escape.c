/*
 * Escaping for the markup formats (JUnit XML, HTML, SVG). Untrusted text goes through
 * mlr_report_put_display first, so nothing that XML 1.0 forbids (C0 controls) and
 * nothing that reorders text reaches the output.
 */
#include "report/report.h"

void mlr_report_put_xml(mlr_buf *out, const char *s)
{
	mlr_buf clean = MLR_BUF_INIT;
	if (!s)
		return;
	mlr_report_put_display(&clean, s);
	if (clean.oom) {
		out->oom = true;
		mlr_buf_dispose(&clean);
		return;
	}
	const char *p = mlr_buf_cstr(&clean), *run = p;
	for (; *p; p++) {
		const char *rep = NULL;
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		mlr_buf_put(out, run, (size_t)(p - run));
		mlr_buf_puts(out, rep);
		run = p + 1;
	}
	mlr_buf_put(out, run, (size_t)(p - run));
	mlr_buf_dispose(&clean);
}
