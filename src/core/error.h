#ifndef MLR_CORE_ERROR_H
#define MLR_CORE_ERROR_H

#include "mlready.h"

/* Records the message for the last failure on this thread and returns code, so that a
 * failure is described once, where it is detected: `return mlr_error_set(MLR_EIO, ...)`. */
int mlr_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mlr_error_clear(void);

#endif
