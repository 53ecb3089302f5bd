#include "report/jsonutil.h"

#include "report/report.h"

#include <stdlib.h>

#include "core/error.h"

json_t *mlr_json_text(const char *s)
{
	mlr_buf clean = MLR_BUF_INIT;
	json_t *v = NULL;
	mlr_report_put_utf8(&clean, s ? s : "");
	if (!clean.oom)
		v = json_stringn(mlr_buf_cstr(&clean), clean.len);
	mlr_buf_dispose(&clean);
	return v;
}

int mlr_json_put(json_t *obj, const char *key, json_t *v)
{
	return json_object_set_new(obj, key, v) == 0 ? 0 : -1;
}

int mlr_json_append(json_t *arr, json_t *v)
{
	return json_array_append_new(arr, v) == 0 ? 0 : -1;
}

json_t *mlr_json_checked(json_t *obj, int err)
{
	if (err) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

int mlr_json_write(mlr_buf *out, const json_t *root, int err, const char *format)
{
	/* Six significant digits: scores are already rounded to one decimal, and ratios need
	 * no more; the default 17 would print 72.5 as 72.500000000000000. */
	char *text = err ? NULL : json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
	if (!text)
		return mlr_error_set(MLR_ENOMEM, "out of memory while writing the %s report", format);
	mlr_buf_puts(out, text);
	mlr_buf_putc(out, '\n');
	free(text);
	return 0;
}
