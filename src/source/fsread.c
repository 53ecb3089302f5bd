#include "source/fsread.h"

#include "mlready.h"
#include "core/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NAME_MAX_LEN 255

static int errno_code(int e)
{
	return e == ENOENT || e == ENOTDIR ? MLR_ENOTFOUND : MLR_EIO;
}

/* ELOOP from O_NOFOLLOW means a symlink: say so rather than "too many levels". */
static int open_error(const char *relpath, int e)
{
	if (e == ELOOP || e == EMLINK)
		return mlr_error_set(MLR_EIO, "%s: symlink: not followed", relpath);
	return mlr_error_set(errno_code(e), "%s: %s", relpath, strerror(e));
}

int mlr_fsread_open(int rootfd, const char *relpath)
{
	int dirfd = rootfd;
	int fd = -1;
	int error;
	const char *p = relpath;
	char name[NAME_MAX_LEN + 1];

	if (!relpath || !*relpath || *relpath == '/')
		return mlr_error_set(MLR_EIO, "%s: not a relative path", relpath ? relpath : "(null)");
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || n > NAME_MAX_LEN || (n == 1 && p[0] == '.') ||
			(n == 2 && p[0] == '.' && p[1] == '.')) {
			error = mlr_error_set(MLR_EIO, "%s: unsafe path", relpath);
			goto cleanup;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY;
		/* O_NONBLOCK: a FIFO planted in the tree must not block open() */
		flags |= slash ? O_DIRECTORY : O_NONBLOCK;
		fd = openat(dirfd, name, flags);
		if (fd < 0) {
			int e = errno;
			struct stat lst;
			/* O_DIRECTORY|O_NOFOLLOW on a symlink fails with ENOTDIR, not ELOOP */
			if (e == ENOTDIR && fstatat(dirfd, name, &lst, AT_SYMLINK_NOFOLLOW) == 0 &&
				S_ISLNK(lst.st_mode))
				e = ELOOP;
			error = open_error(relpath, e);
			goto cleanup;
		}
		if (dirfd != rootfd)
			close(dirfd);
		dirfd = rootfd;
		if (!slash)
			break;
		dirfd = fd;
		fd = -1;
		p = slash + 1;
	}

	struct stat st;
	if (fstat(fd, &st) < 0) {
		error = open_error(relpath, errno);
		goto cleanup;
	}
	if (!S_ISREG(st.st_mode)) {
		error = mlr_error_set(MLR_EIO, "%s: not a regular file", relpath);
		goto cleanup;
	}
	return fd;

cleanup:
	if (fd >= 0)
		close(fd);
	if (dirfd != rootfd)
		close(dirfd);
	return error;
}

int mlr_fsread_beneath(char **data, size_t *len, bool *truncated, int rootfd,
	const char *relpath, size_t limit)
{
	int error;
	char *buf = NULL;
	size_t got = 0;
	struct stat st;

	*data = NULL;
	*len = 0;
	*truncated = false;
	int fd = mlr_fsread_open(rootfd, relpath);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0) {
		error = open_error(relpath, errno);
		goto cleanup;
	}
	/* the file may grow or shrink under us: size the buffer from stat, grow up to limit */
	size_t cap = (uint64_t)st.st_size < limit ? (size_t)st.st_size : limit;
	if (cap < 64)
		cap = limit < 64 ? limit : 64;
	buf = malloc(cap + 1);
	if (!buf) {
		error = mlr_error_set(MLR_ENOMEM, "%s: out of memory reading %zu bytes", relpath, cap);
		goto cleanup;
	}
	for (;;) {
		if (got == cap) {
			if (cap == limit) {
				char probe;
				ssize_t r;
				do
					r = read(fd, &probe, 1);
				while (r < 0 && errno == EINTR);
				*truncated = r > 0;
				break;
			}
			size_t ncap = cap > limit / 2 ? limit : cap * 2;
			char *nbuf = realloc(buf, ncap + 1);
			if (!nbuf) {
				error = mlr_error_set(MLR_ENOMEM, "%s: out of memory", relpath);
				goto cleanup;
			}
			buf = nbuf;
			cap = ncap;
		}
		ssize_t r = read(fd, buf + got, cap - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			error = mlr_error_set(MLR_EIO, "%s: %s", relpath, strerror(errno));
			goto cleanup;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	buf[got] = '\0';
	*data = buf;
	*len = got;
	buf = NULL;
	error = 0;

cleanup:
	free(buf);
	close(fd);
	return error;
}
