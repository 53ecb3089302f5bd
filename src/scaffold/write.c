/*
 * Writing a scaffold into a repository that may be hostile: no component of the target
 * path may be a symlink (a `.github -> /etc` link must not redirect a write), and the file
 * appears whole or not at all — it is written to a temporary name and then linked into
 * place (which fails if something is there: never an overwrite) or, with --force,
 * renamed over the old one.
 */
#include "scaffold/scaffold.h"

#include "core/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *name;
	mlr_scaffold_kind kind;
	const char *path;
} kinds[] = {
	{ "config", MLR_SCAFFOLD_CONFIG, ".mlready.yml" },
	{ "model-card", MLR_SCAFFOLD_MODEL_CARD, "MODEL_CARD.md" },
	{ "ci", MLR_SCAFFOLD_CI, ".github/workflows/mlready.yml" },
	{ "pre-commit", MLR_SCAFFOLD_PRE_COMMIT, ".pre-commit-config.yaml" },
	{ "gitattributes", MLR_SCAFFOLD_GITATTRIBUTES, ".gitattributes" },
};

int mlr_scaffold_kind_parse(mlr_scaffold_kind *out, const char *name)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(name, kinds[i].name)) {
			*out = kinds[i].kind;
			return 0;
		}
	return mlr_error_set(MLR_EUSAGE,
		"unknown scaffold '%s' (model-card, ci, pre-commit, gitattributes, config)", name);
}

const char *mlr_scaffold_default_path(mlr_scaffold_kind kind)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].kind == kind)
			return kinds[i].path;
	return NULL;
}

/* Creates the directories of path below root (root itself must exist), refusing
 * symlinks and non-directories on the way. */
static int make_parents(const char *path, size_t root_len)
{
	char *copy = mlr_strdup(path);
	if (!copy)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	int error = 0;
	for (char *p = copy + root_len + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		struct stat st;
		if (lstat(copy, &st) == 0) {
			if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode)) {
				error = mlr_error_set(MLR_EIO, "%s is %s: not writing through it", copy,
					S_ISLNK(st.st_mode) ? "a symlink" : "not a directory");
				break;
			}
		} else if (errno != ENOENT || mkdir(copy, 0755) < 0) {
			error = mlr_error_set(MLR_EIO, "cannot create %s: %s", copy, strerror(errno));
			break;
		}
		*p = '/';
	}
	free(copy);
	return error;
}

static int read_existing(char **out, const char *path)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return mlr_error_set(MLR_EIO, "cannot read %s: %s", path, strerror(errno));
	mlr_buf b = MLR_BUF_INIT;
	char chunk[8192];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0 && b.len < (1u << 20))
		mlr_buf_put(&b, chunk, (size_t)n);
	close(fd);
	if (n < 0) {
		mlr_buf_dispose(&b);
		return mlr_error_set(MLR_EIO, "cannot read %s", path);
	}
	mlr_buf_puts(&b, "");
	if (!(*out = mlr_buf_detach(&b)))
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	return 0;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Writes data to path: through a temporary file in the same directory, then link (no
 * overwrite) or rename (force). */
static int place_file(const char *path, const char *data, size_t len, bool force)
{
	mlr_buf tmp = MLR_BUF_INIT;
	mlr_buf_printf(&tmp, "%s.mlready-XXXXXX", path);
	if (tmp.oom) {
		mlr_buf_dispose(&tmp);
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	}
	int error = 0;
	int fd = mkstemp(tmp.ptr);
	if (fd < 0) {
		error = mlr_error_set(MLR_EIO, "cannot write next to %s: %s", path, strerror(errno));
		goto cleanup;
	}
	if (fchmod(fd, 0644) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		error = mlr_error_set(MLR_EIO, "cannot write %s: %s", path, strerror(errno));
		close(fd);
		unlink(tmp.ptr);
		goto cleanup;
	}
	close(fd);
	if (force ? rename(tmp.ptr, path) < 0 : link(tmp.ptr, path) < 0) {
		error = errno == EEXIST
			? mlr_error_set(MLR_EUSAGE, "%s exists: not overwritten (--force replaces it)", path)
			: mlr_error_set(MLR_EIO, "cannot write %s: %s", path, strerror(errno));
		unlink(tmp.ptr);
		goto cleanup;
	}
	if (!force)
		unlink(tmp.ptr);

cleanup:
	mlr_buf_dispose(&tmp);
	return error;
}

static size_t count_todo(const char *s)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, "TODO")); p += 4)
		n++;
	return n;
}

int mlr_scaffold_write(char **written, size_t *todo, mlr_scaffold_kind kind,
	const mlr_scaffold_options *opts)
{
	int error;
	mlr_survey survey;
	bool surveyed = false;
	mlr_buf target = MLR_BUF_INIT, text = MLR_BUF_INIT;
	char *existing = NULL;
	struct stat st;

	*written = NULL;
	*todo = 0;
	if ((error = mlr_survey_run(&survey, opts->path)) < 0)
		goto cleanup;
	surveyed = true;
	size_t root_len = 0;
	if (opts->output) {
		mlr_buf_puts(&target, opts->output);
	} else {
		mlr_buf_printf(&target, "%s/%s", survey.root, mlr_scaffold_default_path(kind));
		root_len = strlen(survey.root);
	}
	if (target.oom) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	const char *path = target.ptr;
	bool exists = lstat(path, &st) == 0;
	if (exists && S_ISLNK(st.st_mode)) {
		error = mlr_error_set(MLR_EIO, "%s is a symlink: not writing through it", path);
		goto cleanup;
	}
	if (exists && !opts->force) {
		error = mlr_error_set(MLR_EUSAGE, "%s exists: not overwritten (--force %s it)", path,
			kind == MLR_SCAFFOLD_GITATTRIBUTES ? "adds the missing lines to" : "replaces");
		goto cleanup;
	}
	/* --output names a place the user chose: its directory must exist already */
	if (!opts->output && (error = make_parents(path, root_len)) < 0)
		goto cleanup;

	switch (kind) {
	case MLR_SCAFFOLD_CONFIG:
		mlr_render_config(&text, &survey);
		break;
	case MLR_SCAFFOLD_MODEL_CARD:
		mlr_render_model_card(&text, &survey);
		break;
	case MLR_SCAFFOLD_CI:
		mlr_render_ci(&text, &survey);
		break;
	case MLR_SCAFFOLD_PRE_COMMIT:
		mlr_render_pre_commit(&text, &survey);
		break;
	case MLR_SCAFFOLD_GITATTRIBUTES:
		if (exists && (error = read_existing(&existing, path)) < 0)
			goto cleanup;
		mlr_render_gitattributes(&text, &survey, existing);
		break;
	}
	if (text.oom) {
		error = mlr_error_set(MLR_ENOMEM, "out of memory");
		goto cleanup;
	}
	if ((error = place_file(path, mlr_buf_cstr(&text), text.len, exists)) < 0)
		goto cleanup;
	*todo = count_todo(mlr_buf_cstr(&text));
	*written = mlr_buf_detach(&target);

cleanup:
	free(existing);
	mlr_buf_dispose(&target);
	mlr_buf_dispose(&text);
	if (surveyed)
		mlr_survey_dispose(&survey);
	return error;
}
