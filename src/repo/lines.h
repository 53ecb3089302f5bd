/*
 * Walking a configuration file line by line, the way the repository parsers
 * (requirements, .gitattributes, Dockerfile) read it.
 */
#ifndef MLR_REPO_LINES_H
#define MLR_REPO_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* The line of data[0, len) that starts at *pos, without its '\n' (a '\r' stays: the
 * callers differ on it), and moves *pos past it. False when no line is left. */
static inline bool mlr_line_next(const char **s, size_t *n, size_t *pos, const char *data, size_t len)
{
	if (*pos >= len)
		return false;
	const char *nl = memchr(data + *pos, '\n', len - *pos);
	size_t end = nl ? (size_t)(nl - data) : len;
	*s = data + *pos;
	*n = end - *pos;
	*pos = end + 1;
	return true;
}

#endif
