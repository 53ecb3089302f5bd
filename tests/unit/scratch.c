#include "scratch.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"

char scratch_root[64];
static size_t prefix_len;

int scratch_setup(const char *name)
{
	int n = snprintf(scratch_root, sizeof(scratch_root), "/tmp/mlr_%s_XXXXXX", name);
	if (n < 0 || (size_t)n >= sizeof(scratch_root) || !mkdtemp(scratch_root))
		return -1;
	prefix_len = (size_t)n - 6;
	char global[sizeof(scratch_root) + 16];
	snprintf(global, sizeof(global), "%s/gitconfig", scratch_root);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", global, 1);
	return 0;
}

int scratch_teardown(void)
{
	/* only what scratch_setup made: a wrong root must not become rm -rf of anything else */
	if (prefix_len == 0 || strncmp(scratch_root, "/tmp/mlr_", 9) != 0)
		return -1;
	mlr_buf cmd = MLR_BUF_INIT;
	/* tests make read-only directories */
	mlr_buf_printf(&cmd, "chmod -R u+w '%s'; rm -rf '%s'", scratch_root, scratch_root);
	int rc = cmd.oom ? -1 : system(mlr_buf_cstr(&cmd));
	mlr_buf_dispose(&cmd);
	return rc == 0 ? 0 : -1;
}

static void run_in(const char *dir, const char *fmt, va_list ap)
{
	mlr_buf cmd = MLR_BUF_INIT;
	mlr_buf_printf(&cmd, "cd '%s/%s' && { ", scratch_root, dir);
	mlr_buf_vprintf(&cmd, fmt, ap);
	mlr_buf_puts(&cmd, "; } >/dev/null 2>&1");
	int rc = system(mlr_buf_cstr(&cmd));
	if (rc != 0)
		fail_msg("command failed (%d): %s", rc, mlr_buf_cstr(&cmd));
	mlr_buf_dispose(&cmd);
}

void scratch_sh(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	run_in(".", fmt, ap);
	va_end(ap);
}

void scratch_sh_in(const char *dir, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	run_in(dir, fmt, ap);
	va_end(ap);
}

char *scratch_path(const char *rel)
{
	mlr_buf p = MLR_BUF_INIT;
	mlr_buf_printf(&p, "%s/%s", scratch_root, rel);
	return mlr_buf_detach(&p);
}
