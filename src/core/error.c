#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_error[1024];

int mlr_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return code;
}

void mlr_error_clear(void)
{
	last_error[0] = '\0';
}

const char *mlr_error_last(void)
{
	return last_error[0] ? last_error : "unknown error";
}

mlr_exit mlr_error_exit(int code)
{
	switch (code) {
	case MLR_OK:
		return MLR_EXIT_OK;
	case MLR_EUSAGE:
	case MLR_ECONFIG:
	case MLR_ERULE:
		return MLR_EXIT_USAGE;
	default:
		return MLR_EXIT_IO;
	}
}
