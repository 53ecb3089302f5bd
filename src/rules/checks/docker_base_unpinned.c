/* MLR711 docker-base-unpinned: a FROM without a version tag or digest, or on `latest`. */
#include "rules/checks/dockerscan.h"

#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/hash.h"

/* What an image reference can hold (registry/name:tag@digest, ${ARG}s): anything else, such
 * as `KEY=value` pasted into a FROM line, is not quoted back (found by fuzz_deps: a
 * PASSWORD=... printed in full). */
static bool image_shaped(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!c || !((unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u || strchr("._/:@${}-", c)))
			return false;
	}
	return true;
}

/* Tags that move: the image under them changes without the Dockerfile changing. */
static bool floating_tag(const char *t, size_t n)
{
	static const char *const tags[] = { "latest", "stable", "lts", "edge", "nightly", "main", "master",
		"dev", "rolling", "slim", "alpine", "current", "release", NULL };
	for (size_t i = 0; tags[i]; i++)
		if (strlen(tags[i]) == n && !strncasecmp(t, tags[i], n))
			return true;
	return false;
}

/* The default of `ARG NAME=value` declared before the first FROM, for `FROM ${NAME}`. */
static const char *arg_default(const mlr_docker_instrs *ins, const char *name, size_t nlen)
{
	for (size_t i = 0; i < ins->len && strcmp(ins->items[i].cmd, "FROM"); i++) {
		const char *a = ins->items[i].args;
		if (!strcmp(ins->items[i].cmd, "ARG") && !strncmp(a, name, nlen) && a[nlen] == '=')
			return a + nlen + 1;
	}
	return NULL;
}

static bool is_stage(const mlr_docker_instrs *ins, size_t upto, const char *img, size_t n)
{
	for (size_t i = 0; i < upto; i++) {
		mlr_docker_from f;
		if (!strcmp(ins->items[i].cmd, "FROM") && mlr_docker_from_parse(&f, ins->items[i].args) && f.stage &&
		    f.stage_len == n && !strncasecmp(f.stage, img, n))
			return true;
	}
	return false;
}

static void check_file(mlr_repo_ctx *ctx, const mlr_rule *rule, const mlr_file *file,
	const mlr_docker_instrs *ins, void *payload)
{
	(void)payload;
	for (size_t i = 0; i < ins->len; i++) {
		if (strcmp(ins->items[i].cmd, "FROM"))
			continue;
		mlr_docker_from f;
		mlr_buf expanded = MLR_BUF_INIT;
		if (!mlr_docker_from_parse(&f, ins->items[i].args))
			continue;
		/* FROM ${BASE} / $BASE: judge the ARG default; without one the image comes from the build */
		if (f.image[0] == '$') {
			const char *v = f.image + 1;
			size_t vl = f.image_len - 1;
			if (vl && v[0] == '{') {
				const char *close = memchr(v, '}', vl);
				if (!close || (size_t)(close - v) + 1 != vl)
					continue;
				v++;
				vl = (size_t)(close - v);
			}
			const char *def = arg_default(ins, v, vl);
			if (!def || !*def)
				continue;
			mlr_buf_puts(&expanded, def);
			if (expanded.oom || !mlr_docker_from_parse(&f, expanded.ptr)) {
				mlr_buf_dispose(&expanded);
				continue;
			}
		}
		if (memchr(f.image, '$', f.image_len) || (f.image_len == 7 && !strncasecmp(f.image, "scratch", 7)) ||
		    is_stage(ins, i, f.image, f.image_len) || f.digest) {
			mlr_buf_dispose(&expanded);
			continue;
		}
		const char *why = NULL;
		if (!f.tag)
			why = "has no tag, so it means :latest";
		else if (floating_tag(f.tag, f.tag_len))
			why = "uses a moving tag";
		if (why && image_shaped(f.image, f.image_len))
			mlr_emit(ctx->findings, rule, file->path, ins->items[i].line, 1,
				mlr_hash_bytes(MLR_HASH_SEED, f.image, f.image_len), false,
				"base image %.*s %s: rebuilding the same commit can give a different image",
				(int)(f.image_len > 80 ? 80 : f.image_len), f.image, why);
		else if (why)
			mlr_emit(ctx->findings, rule, file->path, ins->items[i].line, 1,
				mlr_hash_bytes(MLR_HASH_SEED, f.image, f.image_len), false,
				"the base image %s: rebuilding the same commit can give a different image", why);
		mlr_buf_dispose(&expanded);
	}
}


void mlr_check_docker_base_unpinned(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_dockerfile_each(ctx, rule, check_file, NULL);
}
