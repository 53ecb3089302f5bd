/* MLR713 docker-build-secret: a credential passed as a build argument, or baked into an
 * ENV from one. A literal credential in the Dockerfile is MLR201's finding, not this one. */
#include "rules/checks/dockerscan.h"

#include <ctype.h>

#include "core/hash.h"
#include "secrets/secrets.h"

/* The name at s (up to '=', a space or the end) and the value after it. */
static size_t name_len(const char *s)
{
	size_t n = 0;
	while (s[n] && (isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '-' || s[n] == '.'))
		n++;
	return n;
}

/* MLR201 reports a literal that looks like a credential: leave it alone here. */
static bool scanner_reports(mlr_secret_scanner *sc, const char *v, size_t n)
{
	bool plausible = false;
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		v++;
		n -= 2;
	}
	return n && (mlr_secret_classify_value(sc, v, n, &plausible) || plausible);
}

static void check_pairs(mlr_repo_ctx *ctx, const mlr_rule *rule, const mlr_file *file,
	const mlr_docker_instr *in, mlr_secret_scanner *sc, bool is_arg)
{
	const char *p = in->args;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		size_t nl = name_len(p);
		if (nl == 0)
			break;
		const char *name = p;
		p += nl;
		const char *value = NULL;
		size_t vl = 0;
		if (*p == '=' || (!is_arg && (*p == ' ' || *p == '\t') && !strchr(p, '='))) {
			/* `ENV KEY value` takes the rest of the line as one value */
			bool legacy = *p != '=';
			p++;
			while (legacy && (*p == ' ' || *p == '\t'))
				p++;
			value = p;
			if (legacy) {
				vl = strlen(p);
			} else if (*p == '"' || *p == '\'') {
				const char *q = strchr(p + 1, *p);
				vl = q ? (size_t)(q - p) + 1 : strlen(p);
			} else {
				vl = strcspn(p, " \t");
			}
			p += vl;
		}
		if (!mlr_secret_name_is_sensitive(name, nl))
			continue;
		uint64_t h = mlr_hash_bytes(MLR_HASH_SEED, name, nl);
		if (is_arg) {
			if (value && vl && scanner_reports(sc, value, vl))
				continue;
			mlr_emit(ctx->findings, rule, file->path, in->line, 1, h, false,
				"build argument %.*s carries a credential: build arguments are recorded in the image "
				"history and metadata; use RUN --mount=type=secret", (int)(nl > 60 ? 60 : nl), name);
		} else if (value && vl && (value[0] == '$' || ((value[0] == '"') && vl > 1 && value[1] == '$'))) {
			mlr_emit(ctx->findings, rule, file->path, in->line, 1, h, false,
				"ENV %.*s copies a credential into the image: every layer and every container started "
				"from it carries the value; pass it at run time instead", (int)(nl > 60 ? 60 : nl), name);
		}
	}
}

static void check_file(mlr_repo_ctx *ctx, const mlr_rule *rule, const mlr_file *file,
	const mlr_docker_instrs *ins, void *payload)
{
	for (size_t k = 0; k < ins->len; k++) {
		bool arg = !strcmp(ins->items[k].cmd, "ARG");
		if (arg || !strcmp(ins->items[k].cmd, "ENV"))
			check_pairs(ctx, rule, file, &ins->items[k], payload, arg);
	}
}

void mlr_check_docker_build_secret(mlr_repo_ctx *ctx, const mlr_rule *rule)
{
	mlr_secret_scanner *sc = NULL;
	if (!mlr_repo_is_snapshot(ctx) || mlr_secret_scanner_new(&sc) < 0)
		return;
	mlr_dockerfile_each(ctx, rule, check_file, sc);
	mlr_secret_scanner_delete(sc);
}
