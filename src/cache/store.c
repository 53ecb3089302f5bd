#include "cache/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache/codec.h"
#include "core/hash.h"

/* Header layout (little-endian):
 *    0  magic[8]   8  format u32   12  header size u32   16  key[20]
 *   36  gen u32   40  count u32    44  payload length u64   52  checksum u64   60  zero[4] */
#define OFF_FORMAT 8
#define OFF_HSIZE 12
#define OFF_KEY 16
#define OFF_GEN 36
#define OFF_COUNT 40
#define OFF_PLEN 44
#define OFF_SUM 52

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* Eight bytes a step, each folded in with a multiply and a shift: it detects a torn or
 * damaged file (it is not a defence against a forged one; see docs/cache.md) at a few
 * hundred MB/s less than memory speed, where a byte-wise FNV would cost milliseconds. */
uint64_t mlr_cache_checksum(const unsigned char *data, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)len;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		h ^= le64(data + i);
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	for (; i < len; i++) {
		h ^= data[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

void mlr_cache_store_name(char out[64], const unsigned char key[MLR_CACHE_KEY_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	char k[2 * MLR_CACHE_KEY_SIZE + 1];
	for (size_t i = 0; i < MLR_CACHE_KEY_SIZE; i++) {
		k[2 * i] = hex[key[i] >> 4];
		k[2 * i + 1] = hex[key[i] & 15];
	}
	k[2 * MLR_CACHE_KEY_SIZE] = '\0';
	snprintf(out, 64, "cache-v%d-%s.bin", MLR_CACHE_FORMAT, k);
}

/* ------------------------------------------------------------------ the index */

static uint64_t rec_hash(const char *path, size_t len, const unsigned char id[20])
{
	uint64_t h = mlr_hash_bytes(MLR_HASH_SEED, path, len);
	return h ^ le64(id);
}

static int build_index(mlr_cache_store *st)
{
	size_t n = 16;
	while (n < st->count * 2)
		n *= 2;
	st->slots = calloc(n, sizeof(uint32_t));
	if (!st->slots)
		return -1;
	st->slot_count = n;
	for (size_t i = 0; i < st->count; i++) {
		const mlr_cache_rec *r = &st->recs[i];
		if (r->kind != MLR_CACHE_REC_FILE)
			continue;
		size_t s = (size_t)rec_hash(r->path, r->path_len, r->id) & (n - 1);
		while (st->slots[s])
			s = (s + 1) & (n - 1);
		st->slots[s] = (uint32_t)i + 1;
	}
	return 0;
}

mlr_cache_rec *mlr_cache_store_find(mlr_cache_store *st, const char *path, const unsigned char id[20],
	uint64_t size, uint8_t flags)
{
	if (!st->slot_count)
		return NULL;
	size_t len = strlen(path);
	size_t s = (size_t)rec_hash(path, len, id) & (st->slot_count - 1);
	for (; st->slots[s]; s = (s + 1) & (st->slot_count - 1)) {
		mlr_cache_rec *r = &st->recs[st->slots[s] - 1];
		if (r->path_len == len && r->size == size && r->flags == flags && !memcmp(r->id, id, 20) &&
		    !memcmp(r->path, path, len))
			return r;
	}
	return NULL;
}

mlr_cache_rec *mlr_cache_store_find_repo(mlr_cache_store *st, const unsigned char key[MLR_CACHE_KEY_SIZE])
{
	for (size_t i = 0; i < st->count; i++)
		if (st->recs[i].kind == MLR_CACHE_REC_REPO && !memcmp(st->recs[i].id, key, MLR_CACHE_KEY_SIZE))
			return &st->recs[i];
	return NULL;
}

/* ------------------------------------------------------------------ reading */

void mlr_cache_store_dispose(mlr_cache_store *st)
{
	if (!st)
		return;
	free(st->data);
	free(st->recs);
	free(st->slots);
	memset(st, 0, sizeof(*st));
}

/* The whole file, with read(2): a writer never truncates a file in place (it renames a new
 * one over it), and whatever happens to the bytes, the checks below decide. */
static int read_all(unsigned char **out, size_t *len, const char *path, const char **status)
{
	struct stat st;
	*out = NULL;
	*len = 0;
	/* no symlink, no FIFO that would block, no device */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*status = errno == ENOENT ? "none" : "unreadable";
		return 0;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < MLR_CACHE_HEADER_SIZE ||
	    (uint64_t)st.st_size > MLR_CACHE_MAX_BYTES) {
		*status = "not a cache file of a usable size";
		close(fd);
		return 0;
	}
	size_t want = (size_t)st.st_size, got = 0;
	unsigned char *data = malloc(want);
	if (!data) {
		close(fd);
		return -1;
	}
	while (got < want) {
		ssize_t n = read(fd, data + got, want - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	*out = data;
	*len = got;
	return 0;
}

static bool parse_records(mlr_cache_store *st, const unsigned char *payload, size_t plen, uint32_t count)
{
	mlr_reader r;
	mlr_reader_init(&r, payload, plen);
	/* each record takes at least 9 bytes: a count beyond that is corrupt */
	if (count > plen / 9)
		return false;
	st->recs = calloc(count ? count : 1, sizeof(mlr_cache_rec));
	if (!st->recs)
		return false;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t rlen = mlr_read_u32(&r);
		const unsigned char *at = mlr_read_bytes(&r, rlen);
		if (!at)
			return false;
		mlr_reader rr;
		mlr_reader_init(&rr, at, rlen);
		mlr_cache_rec *rec = &st->recs[i];
		rec->kind = mlr_read_u8(&rr);
		rec->gen = mlr_read_u32(&rr);
		if (rec->kind == MLR_CACHE_REC_FILE) {
			bool is_null;
			rec->flags = mlr_read_u8(&rr);
			rec->path = mlr_read_view(&rr, &rec->path_len, &is_null);
			if (!rec->path)
				return false;
		} else if (rec->kind != MLR_CACHE_REC_REPO) {
			return false;
		}
		const void *id = mlr_read_bytes(&rr, 20);
		if (id)
			memcpy(rec->id, id, 20);
		if (rec->kind == MLR_CACHE_REC_FILE)
			rec->size = mlr_read_u64(&rr);
		if (rr.bad)
			return false;
		rec->body = rr.p;
		rec->body_len = mlr_reader_left(&rr);
		st->count = i + 1;
	}
	return mlr_reader_left(&r) == 0;
}

int mlr_cache_store_read(mlr_cache_store *st, const char *path, const unsigned char key[MLR_CACHE_KEY_SIZE],
	const char **status)
{
	unsigned char *data;
	size_t len;

	memset(st, 0, sizeof(*st));
	memcpy(st->key, key, MLR_CACHE_KEY_SIZE);
	*status = "ok";
	if (read_all(&data, &len, path, status) < 0)
		return -1;
	if (!data)
		return 0;
	const char *why = NULL;
	if (len < MLR_CACHE_HEADER_SIZE || memcmp(data, MLR_CACHE_MAGIC, 8))
		why = "not a cache file";
	else if (le32(data + OFF_FORMAT) != MLR_CACHE_FORMAT || le32(data + OFF_HSIZE) != MLR_CACHE_HEADER_SIZE)
		why = "another format";
	else if (memcmp(data + OFF_KEY, key, MLR_CACHE_KEY_SIZE))
		why = "another key";
	else if (le64(data + OFF_PLEN) != len - MLR_CACHE_HEADER_SIZE)
		why = "truncated";
	else if (mlr_cache_checksum(data + MLR_CACHE_HEADER_SIZE, len - MLR_CACHE_HEADER_SIZE) !=
		 le64(data + OFF_SUM))
		why = "checksum mismatch";
	if (!why) {
		st->data = data;
		st->len = len;
		st->gen = le32(data + OFF_GEN);
		if (!parse_records(st, data + MLR_CACHE_HEADER_SIZE, len - MLR_CACHE_HEADER_SIZE,
			    le32(data + OFF_COUNT)))
			why = "malformed record";
		else if (build_index(st) < 0)
			why = "out of memory";
	} else {
		free(data);
	}
	if (why) {
		mlr_cache_store_dispose(st);
		memcpy(st->key, key, MLR_CACHE_KEY_SIZE);
		*status = why;
	}
	return 0;
}

/* ------------------------------------------------------------------ writing */

static void encode_record(mlr_buf *b, const mlr_cache_rec *r)
{
	size_t at = b->len;
	mlr_codec_u32(b, 0); /* the length, patched below */
	mlr_codec_u8(b, r->kind);
	mlr_codec_u32(b, r->gen);
	if (r->kind == MLR_CACHE_REC_FILE) {
		mlr_codec_u8(b, r->flags);
		mlr_codec_strn(b, r->path, r->path_len);
	}
	mlr_codec_bytes(b, r->id, 20);
	if (r->kind == MLR_CACHE_REC_FILE)
		mlr_codec_u64(b, r->size);
	mlr_codec_bytes(b, r->body, r->body_len);
	if (!b->oom)
		put32((unsigned char *)b->ptr + at, (uint32_t)(b->len - at - 4));
}

/* The directory, made if missing; never through a symlink. */
static int ensure_dir(const char *dir)
{
	struct stat st;
	if (lstat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		errno = ENOTDIR;
		return -1;
	}
	if (errno != ENOENT)
		return -1;
	if (mkdir(dir, 0777) == 0 || errno == EEXIST)
		return lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
	return -1;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int mlr_cache_store_write(const char *dir, const char *name, const unsigned char key[MLR_CACHE_KEY_SIZE],
	uint32_t gen, const mlr_cache_rec *const *recs, size_t count)
{
	mlr_buf b = MLR_BUF_INIT, tmp = MLR_BUF_INIT, final = MLR_BUF_INIT;
	int fd = -1, error = -1, saved = 0;
	static unsigned counter;

	if (ensure_dir(dir) < 0)
		return -1;
	unsigned char header[MLR_CACHE_HEADER_SIZE] = { 0 };
	mlr_codec_bytes(&b, header, sizeof(header));
	for (size_t i = 0; i < count; i++)
		encode_record(&b, recs[i]);
	if (b.oom || b.len > MLR_CACHE_MAX_BYTES || count > UINT32_MAX) {
		saved = ENOMEM;
		goto cleanup;
	}
	unsigned char *h = (unsigned char *)b.ptr;
	memcpy(h, MLR_CACHE_MAGIC, 8);
	put32(h + OFF_FORMAT, MLR_CACHE_FORMAT);
	put32(h + OFF_HSIZE, MLR_CACHE_HEADER_SIZE);
	memcpy(h + OFF_KEY, key, MLR_CACHE_KEY_SIZE);
	put32(h + OFF_GEN, gen);
	put32(h + OFF_COUNT, (uint32_t)count);
	put64(h + OFF_PLEN, b.len - MLR_CACHE_HEADER_SIZE);
	put64(h + OFF_SUM, mlr_cache_checksum(h + MLR_CACHE_HEADER_SIZE, b.len - MLR_CACHE_HEADER_SIZE));

	/* unique among processes (pid), threads and calls of this one (counter, time) */
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	mlr_buf_printf(&tmp, "%s/tmp-%ld-%u-%ld.bin", dir, (long)getpid(),
		__atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED), (long)now.tv_nsec);
	mlr_buf_printf(&final, "%s/%s", dir, name);
	if (tmp.oom || final.oom) {
		saved = ENOMEM;
		goto cleanup;
	}
	fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0) {
		saved = errno;
		goto cleanup;
	}
	if (write_all(fd, b.ptr, b.len) < 0 || close(fd) < 0) {
		saved = errno ? errno : EIO;
		fd = -1;
		unlink(tmp.ptr);
		goto cleanup;
	}
	fd = -1;
	if (rename(tmp.ptr, final.ptr) < 0) {
		saved = errno;
		unlink(tmp.ptr);
		goto cleanup;
	}
	error = 0;

cleanup:
	if (fd >= 0) {
		close(fd);
		unlink(tmp.ptr);
	}
	mlr_buf_dispose(&b);
	mlr_buf_dispose(&tmp);
	mlr_buf_dispose(&final);
	if (error)
		errno = saved;
	return error;
}

/* ------------------------------------------------------------------ housekeeping */

typedef struct {
	char *name;
	time_t mtime;
} dir_item;

static int cmp_newest(const void *a, const void *b)
{
	const dir_item *x = a, *y = b;
	if (x->mtime != y->mtime)
		return x->mtime > y->mtime ? -1 : 1;
	return strcmp(x->name, y->name);
}

void mlr_cache_store_prune_dir(const char *dir, const char *keep_name, size_t keep)
{
	DIR *d = opendir(dir);
	mlr_array(dir_item) caches = { 0 };
	time_t now = time(NULL);
	if (!d)
		return;
	int dfd = dirfd(d);
	for (struct dirent *e; (e = readdir(d));) {
		struct stat st;
		bool cache = !strncmp(e->d_name, "cache-v", 7);
		bool tmp = !strncmp(e->d_name, "tmp-", 4);
		if ((!cache && !tmp) || !strcmp(e->d_name, keep_name) ||
		    fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (tmp) {
			/* another run may be writing it right now: only stale ones go */
			if (st.st_mtime < now - 3600)
				unlinkat(dfd, e->d_name, 0);
			continue;
		}
		dir_item it = { strdup(e->d_name), st.st_mtime };
		if (!it.name || mlr_array_push(&caches, it) < 0)
			free(it.name);
	}
	if (caches.len > 1)
		qsort(caches.items, caches.len, sizeof(dir_item), cmp_newest);
	/* keep counts the file just written */
	for (size_t i = 0; i < caches.len; i++) {
		if (i + 1 >= keep)
			unlinkat(dfd, caches.items[i].name, 0);
		free(caches.items[i].name);
	}
	mlr_array_delete(&caches);
	closedir(d);
}
