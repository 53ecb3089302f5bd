/* Reading untrusted files beneath a root directory without following any symlink. */
#ifndef MLR_SOURCE_FSREAD_H
#define MLR_SOURCE_FSREAD_H

#include <stdbool.h>
#include <stddef.h>

/* Opens relpath (a '/'-separated relative path) beneath rootfd, refusing symlinks in
 * every component, "." / ".." components and anything but a regular file. Returns an
 * fd, or a negative mlr_error_code with the message set. */
int mlr_fsread_open(int rootfd, const char *relpath);

/* Reads at most limit bytes of relpath beneath rootfd into a fresh NUL-terminated
 * buffer. *truncated says whether the file was longer. */
int mlr_fsread_beneath(char **data, size_t *len, bool *truncated, int rootfd,
	const char *relpath, size_t limit);

#endif
