#include "diff/base_config.h"

#include "core/buf.h"
#include "core/error.h"
#include "diff/base.h"

#include <stdlib.h>

int mlr_config_load_base(mlr_config **out, mlr_diag *d, const mlr_options *opts)
{
	int error;
	mlr_diff_base b;
	char *text = NULL;
	size_t len = 0;
	mlr_buf display = MLR_BUF_INIT;

	*out = NULL;
	if ((error = mlr_diff_base_open(&b, opts)) < 0)
		goto cleanup;
	error = mlr_diff_base_read(&text, &len, &b, MLR_CONFIG_FILE);
	if (error == MLR_ENOTFOUND) {
		error = mlr_config_new(out);
		goto cleanup;
	}
	if (error < 0)
		goto cleanup;
	mlr_buf_printf(&display, "%.12s:%s", b.hex, MLR_CONFIG_FILE);
	const char *workdir = git_repository_workdir(b.repo);
	error = display.oom ? mlr_error_set(MLR_ENOMEM, "out of memory")
		: mlr_config_parse(out, d, display.ptr, text, len, workdir);

cleanup:
	free(text);
	mlr_buf_dispose(&display);
	mlr_diff_base_close(&b);
	return error;
}
