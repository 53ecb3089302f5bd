#include "repo/dockerfile.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/error.h"
#include "repo/lines.h"

/* Instructions past this many are not read: no real Dockerfile comes close. */
#define MAX_INSTRUCTIONS 10000

bool mlr_dockerfile_name(const char *path)
{
	if (mlr_path_has_dir(path, ".devcontainer"))
		return false; /* a development environment, not an image that ships */
	const char *base = mlr_path_base(path);
	size_t n = strlen(base);
	return !strcmp(base, "Dockerfile") || !strncmp(base, "Dockerfile.", 11) ||
	       !strcmp(base, "Containerfile") || !strncmp(base, "Containerfile.", 14) ||
	       (n > 11 && !strcasecmp(base + n - 11, ".dockerfile")) ||
	       (n > 11 && !strncasecmp(base, "dockerfile", 10) && (base[10] == '-' || base[10] == '_'));
}

void mlr_dockerfile_dispose(mlr_docker_instrs *ins)
{
	if (!ins)
		return;
	for (size_t i = 0; i < ins->len; i++)
		free(ins->items[i].args);
	mlr_array_delete(ins);
}

/* The heredoc terminator a line opens (`RUN <<EOF`, `<<-"END"`), into word; false if none. */
static bool heredoc(const char *s, size_t n, char *word, size_t wsz)
{
	const char *p = memmem(s, n, "<<", 2);
	if (!p)
		return false;
	size_t i = (size_t)(p - s) + 2;
	if (i < n && s[i] == '-')
		i++;
	if (i < n && (s[i] == '"' || s[i] == '\''))
		i++;
	size_t w = 0;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_') && w + 1 < wsz)
		word[w++] = s[i++];
	word[w] = '\0';
	return w > 0;
}

static bool trimmed_eq(const char *s, size_t n, const char *word)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n == strlen(word) && !memcmp(s, word, n);
}

int mlr_dockerfile_parse(mlr_docker_instrs *out, const char *data, size_t len)
{
	mlr_buf cur = MLR_BUF_INIT;
	uint32_t start = 0, line = 0;
	char until[64] = "";
	size_t pos = 0;
	int error = 0;

	const char *s;
	size_t n;
	while (out->len < MAX_INSTRUCTIONS && mlr_line_next(&s, &n, &pos, data, len)) {
		line++;
		if (n && s[n - 1] == '\r')
			n--;
		if (until[0]) {
			if (trimmed_eq(s, n, until))
				until[0] = '\0';
			continue;
		}
		size_t i = 0;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n || s[i] == '#')
			continue; /* comments and blank lines, also inside a continuation */
		bool more = s[n - 1] == '\\';
		if (cur.len == 0)
			start = line;
		else
			mlr_buf_putc(&cur, ' ');
		mlr_buf_put(&cur, s + i, n - i - (more ? 1 : 0));
		if (more && pos < len)
			continue;
		if (cur.oom) {
			error = mlr_error_set(MLR_ENOMEM, "out of memory");
			break;
		}
		const char *c = cur.ptr;
		size_t k = 0;
		mlr_docker_instr ins = { "", NULL, start };
		while (c[k] && c[k] != ' ' && c[k] != '\t' && k + 1 < sizeof(ins.cmd)) {
			ins.cmd[k] = (char)toupper((unsigned char)c[k]);
			k++;
		}
		ins.cmd[k] = '\0';
		while (c[k] && c[k] != ' ' && c[k] != '\t')
			k++;
		while (c[k] == ' ' || c[k] == '\t')
			k++;
		heredoc(c + k, strlen(c + k), until, sizeof(until));
		ins.args = mlr_strdup(c + k);
		if (!ins.args || mlr_array_push(out, ins) < 0) {
			free(ins.args);
			error = mlr_error_set(MLR_ENOMEM, "out of memory");
			break;
		}
		cur.len = 0;
		cur.ptr[0] = '\0';
	}
	mlr_buf_dispose(&cur);
	return error;
}

bool mlr_docker_from_parse(mlr_docker_from *out, const char *args)
{
	memset(out, 0, sizeof(*out));
	const char *p = args;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "--", 2))
			break;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	const char *img = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	if (p == img)
		return false;
	out->image = img;
	out->image_len = (size_t)(p - img);
	const char *at = memchr(img, '@', out->image_len);
	out->digest = at != NULL;
	size_t name_len = at ? (size_t)(at - img) : out->image_len;
	const char *slash = NULL;
	for (const char *q = img; q < img + name_len; q++)
		if (*q == '/')
			slash = q;
	const char *last = slash ? slash + 1 : img;
	const char *colon = memchr(last, ':', (size_t)(img + name_len - last));
	if (colon) {
		out->tag = colon + 1;
		out->tag_len = (size_t)(img + name_len - colon - 1);
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (!strncasecmp(p, "as", 2) && (p[2] == ' ' || p[2] == '\t')) {
		p += 2;
		while (*p == ' ' || *p == '\t')
			p++;
		const char *st = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (p > st) {
			out->stage = st;
			out->stage_len = (size_t)(p - st);
		}
	}
	return true;
}
