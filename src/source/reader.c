#include "source/source_int.h"

#include "core/buf.h"
#include "core/error.h"
#include "source/fsread.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READ_DEFAULT_LIMIT (8u << 20)

/* Each reader owns its repository handle and root fd: libgit2 objects are not shared
 * between threads. Both are opened on first use, so a reader that only ever reads from
 * one side never pays for the other. */
struct mlr_source_reader {
	char *gitdir;
	char *root;
	git_repository *repo;
	git_odb *odb;
	int rootfd;
	bool git_inited;
};

int mlr_source_reader_new(mlr_source_reader **out, const mlr_source *src)
{
	int error;
	mlr_source_reader *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	r->rootfd = -1;
	if (git_libgit2_init() < 0) {
		error = mlr_source__git_error(MLR_EREPO, "cannot initialise libgit2");
		goto cleanup;
	}
	r->git_inited = true;
	r->root = mlr_strdup(src->root);
	r->gitdir = src->gitdir ? mlr_strdup(src->gitdir) : NULL;
	if (!r->root || (src->gitdir && !r->gitdir)) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	*out = r;
	r = NULL;
	error = 0;

cleanup:
	mlr_source_reader_free(r);
	return error;
}

void mlr_source_reader_free(mlr_source_reader *reader)
{
	if (!reader)
		return;
	if (reader->rootfd >= 0)
		close(reader->rootfd);
	git_odb_free(reader->odb);
	git_repository_free(reader->repo);
	free(reader->gitdir);
	free(reader->root);
	if (reader->git_inited)
		git_libgit2_shutdown();
	free(reader);
}

static int ensure_odb(mlr_source_reader *r)
{
	if (r->odb)
		return 0;
	if (!r->gitdir)
		return mlr_error_set(MLR_EUSAGE, "a plain directory has no object database");
	if (git_repository_open(&r->repo, r->gitdir) < 0)
		return mlr_source__git_error(MLR_EREPO, "cannot open the repository");
	if (git_repository_odb(&r->odb, r->repo) < 0)
		return mlr_source__git_error(MLR_EREPO, "cannot open the object database");
	return 0;
}

static int missing_blob(const git_oid *oid)
{
	char hex[8];
	git_oid_tostr(hex, sizeof(hex), oid);
	return mlr_error_set(MLR_ENOTFOUND, "blob %s is missing from the object database", hex);
}

static int copy_out(char **data, size_t *len, const char *src, size_t n)
{
	char *buf = malloc(n + 1);
	if (!buf)
		return mlr_error_set(MLR_ENOMEM, "out of memory reading %zu bytes", n);
	if (n)
		memcpy(buf, src, n);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

/* Loose objects can be inflated piecewise: a 2 GB loose blob costs only limit bytes.
 * Returns 1 when the backend cannot stream (packed objects), so the caller falls back. */
static int read_stream(char **data, size_t *len, mlr_source_reader *r, const git_oid *oid,
	size_t limit)
{
	int error;
	git_odb_stream *stream = NULL;
	size_t total;
	git_object_t type;
	char *buf = NULL;
	size_t got = 0;

	if (git_odb_open_rstream(&stream, &total, &type, r->odb, oid) < 0) {
		git_error_clear();
		return 1;
	}
	buf = malloc(limit + 1);
	if (!buf) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory reading %zu bytes", limit);
		goto cleanup;
	}
	while (got < limit) {
		int n = git_odb_stream_read(stream, buf + got, limit - got);
		if (n < 0) {
			error = mlr_source__git_error(MLR_EIO, "cannot read blob");
			goto cleanup;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got == 0 && limit > 0) {
		/* a stream that yields nothing for a non-empty blob: let the caller retry */
		error = 1;
		goto cleanup;
	}
	buf[got] = '\0';
	*data = buf;
	*len = got;
	buf = NULL;
	error = 0;

cleanup:
	free(buf);
	if (stream)
		git_odb_stream_free(stream);
	return error;
}

static int read_blob(char **data, size_t *len, bool *truncated, mlr_source_reader *r,
	const mlr_file *f, size_t limit)
{
	int error;
	git_oid oid;
	git_blob *blob = NULL;
	size_t size;
	git_object_t type;

	if ((error = ensure_odb(r)) < 0)
		return error;
	git_oid_fromraw(&oid, f->oid);
	error = git_odb_read_header(&size, &type, r->odb, &oid);
	if (error == GIT_ENOTFOUND)
		return missing_blob(&oid);
	if (error < 0)
		return mlr_source__git_error(MLR_EIO, f->path);
	if (type != GIT_OBJECT_BLOB)
		return mlr_error_set(MLR_EIO, "%s: object is not a blob", f->path);
	*truncated = size > limit;
	if (size > limit && (error = read_stream(data, len, r, &oid, limit)) <= 0)
		return error;

	error = git_blob_lookup(&blob, r->repo, &oid);
	if (error == GIT_ENOTFOUND) {
		error = missing_blob(&oid);
		goto cleanup;
	}
	if (error < 0) {
		error = mlr_source__git_error(MLR_EIO, f->path);
		goto cleanup;
	}
	git_object_size_t bsize = git_blob_rawsize(blob);
	*truncated = bsize > limit;
	error = copy_out(data, len, git_blob_rawcontent(blob), bsize > limit ? limit : (size_t)bsize);

cleanup:
	git_blob_free(blob);
	return error;
}

int mlr_source_read(char **data, size_t *len, bool *truncated, mlr_source_reader *reader,
	const mlr_file *f, uint64_t limit)
{
	*data = NULL;
	*len = 0;
	*truncated = false;
	if (limit == 0)
		limit = READ_DEFAULT_LIMIT;
	if (limit > SIZE_MAX - 1)
		limit = SIZE_MAX - 1;

	if (!f->from_worktree) {
		if (!f->has_oid)
			return mlr_error_set(MLR_ENOTFOUND, "%s: no blob id", f->path);
		return read_blob(data, len, truncated, reader, f, (size_t)limit);
	}
	if (reader->rootfd < 0) {
		reader->rootfd = open(reader->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (reader->rootfd < 0)
			return mlr_error_set(errno == ENOENT ? MLR_ENOTFOUND : MLR_EIO, "%s: %s",
				reader->root, strerror(errno));
	}
	return mlr_fsread_beneath(data, len, truncated, reader->rootfd, f->path, (size_t)limit);
}
