/*
 * A scratch directory for a unit test that runs git: /tmp/mlr_<name>_XXXXXX, removed by the
 * teardown, with no system git config and a global one of its own. Never /dev/null: git
 * writes its global config by renaming a new file over it, which as root replaces
 * /dev/null for the whole machine.
 */
#ifndef MLR_TESTS_SCRATCH_H
#define MLR_TESTS_SCRATCH_H

#include <stddef.h>

/* Identity and defaults for commits made by the tests, whatever the machine's git says. */
#define SCRATCH_GIT "git -c user.name=t -c user.email=t@example.com -c init.defaultBranch=main " \
		    "-c core.autocrlf=false "

extern char scratch_root[64];

/* cmocka group setup and teardown: 0 on success. */
int scratch_setup(const char *name);
int scratch_teardown(void);

/* Runs a shell command in the scratch root (scratch_sh) or in a directory under it; fails
 * the test unless it exits 0. Its output is discarded. */
void scratch_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void scratch_sh_in(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* scratch_root/rel, for the caller to free. */
char *scratch_path(const char *rel);

#endif
