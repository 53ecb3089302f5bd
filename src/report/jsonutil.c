#include "report/jsonutil.h"

#include "report/report.h"

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
