/*
 * MLR230 committed-credential-file: a file whose whole purpose is to hold credentials
 * (.env, kaggle.json, a private key, .netrc, a service-account JSON...) is in the
 * repository. One file-level finding per file, whether or not MLR201 also found a
 * secret in it: the response is different (delete the file, ignore it, rotate what it
 * held), and a value MLR201 cannot judge (`DB_PASSWORD=postgres`) is still a password.
 *
 * Each kind is recognised by its name and confirmed by its content, so that a template
 * (`.env.example`, a `.npmrc` that reads `${NPM_TOKEN}`, a `.pypirc` without a password)
 * stays silent.
 */
#include "engine/engine.h"

#include <string.h>
#include <strings.h>

#include "core/hash.h"
#include "secrets/placeholder.h"
#include "secrets/secrets.h"

/* Credential files are small; a long file is read this far. */
#define SCAN_LIMIT (256u * 1024u)

typedef struct {
	const char *s;
	size_t n;
} span;

static bool span_eq(span a, const char *lit)
{
	size_t n = strlen(lit);
	return a.n == n && !memcmp(a.s, lit, n);
}

static bool span_has(span a, const char *lit)
{
	size_t n = strlen(lit);
	return n <= a.n && memmem(a.s, a.n, lit, n) != NULL;
}

static span trim(span v)
{
	while (v.n && (v.s[0] == ' ' || v.s[0] == '\t'))
		v.s++, v.n--;
	while (v.n && (v.s[v.n - 1] == ' ' || v.s[v.n - 1] == '\t' || v.s[v.n - 1] == '\r'))
		v.n--;
	return v;
}

/* A value someone filled in: not empty, not a reference to somewhere else, not a
 * stand-in for documentation. */
static bool real_value(span v)
{
	return v.n > 0 && !mlr_secret__is_templated(v.s, v.n) && !mlr_secret__is_placeholder(v.s, v.n);
}

/* scheme://user:password@host, with a password that is a value. */
static bool url_with_password(span v)
{
	const char *p = v.n >= 3 ? memmem(v.s, v.n, "://", 3) : NULL;
	if (!p)
		return false;
	span rest = { p + 3, v.n - (size_t)(p + 3 - v.s) };
	const char *at = memchr(rest.s, '@', rest.n);
	if (!at)
		return false;
	span userinfo = { rest.s, (size_t)(at - rest.s) };
	if (memchr(userinfo.s, '/', userinfo.n))
		return false; /* the '@' is in the path */
	const char *colon = memchr(userinfo.s, ':', userinfo.n);
	if (!colon)
		return false;
	span pass = { colon + 1, userinfo.n - (size_t)(colon + 1 - userinfo.s) };
	return real_value(pass);
}

/* ------------------------------------------------------------------ line formats */

typedef bool (*pair_fn)(span name, span value, void *arg);

/* Calls fn for each `name = value` / `export NAME=value` line of an env, INI, TOML or rc
 * file (seps: the characters that may separate name and value), with the value unquoted
 * and trimmed; stops when fn returns true. */
static bool each_assignment(const char *data, size_t len, const char *seps, pair_fn fn, void *arg)
{
	const char *p = data, *end = data + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		span line = trim((span){ p, (size_t)((eol ? eol : end) - p) });
		p = eol ? eol + 1 : end;
		if (!line.n || line.s[0] == '#' || line.s[0] == ';' || line.s[0] == '[')
			continue;
		if (line.n > 7 && !memcmp(line.s, "export ", 7))
			line = trim((span){ line.s + 7, line.n - 7 });
		size_t i = 0;
		while (i < line.n && (!line.s[i] || !strchr(seps, line.s[i])))
			i++;
		if (i == line.n || i == 0)
			continue;
		span name = trim((span){ line.s, i });
		span value = trim((span){ line.s + i + 1, line.n - i - 1 });
		if (value.n >= 2 && (value.s[0] == '"' || value.s[0] == '\'')) {
			const char *q = memchr(value.s + 1, value.s[0], value.n - 1);
			if (q)
				value = (span){ value.s + 1, (size_t)(q - value.s - 1) };
		} else {
			/* an unquoted value ends at an inline comment */
			for (size_t k = 0; k + 1 < value.n; k++)
				if ((value.s[k] == ' ' || value.s[k] == '\t') && value.s[k + 1] == '#') {
					value = trim((span){ value.s, k });
					break;
				}
		}
		if (fn(name, value, arg))
			return true;
	}
	return false;
}

/* A secret-like name with a value, a URL with a password, or (given a scanner) a
 * provider-format key under any name. */
static bool sensitive_binding(span name, span value, void *scanner)
{
	if ((mlr_secret_name_is_sensitive(name.s, name.n) && real_value(value)) || url_with_password(value))
		return true;
	return scanner && value.n && mlr_secret_classify_value(scanner, value.s, value.n, NULL) != NULL;
}

/* .npmrc: `_authToken=`, `//registry.example/:_auth=`, `_password=`. */
static bool npm_auth(span name, span value, void *arg)
{
	(void)arg;
	return (span_has(name, "_authToken") || span_has(name, "_auth") || span_has(name, "_password")) &&
	       real_value(value);
}

static bool pypi_password(span name, span value, void *arg)
{
	(void)arg;
	return (span_eq(name, "password") || span_eq(name, "token")) && real_value(value);
}

static bool aws_secret(span name, span value, void *arg)
{
	(void)arg;
	return (span_eq(name, "aws_secret_access_key") || span_eq(name, "aws_session_token")) &&
	       real_value(value);
}

/* .netrc: whitespace-separated tokens, `password X` anywhere. */
static bool netrc_password(const char *data, size_t len)
{
	bool want = false;
	for (size_t i = 0; i < len;) {
		while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
			i++;
		size_t s = i;
		while (i < len && data[i] != ' ' && data[i] != '\t' && data[i] != '\n' && data[i] != '\r')
			i++;
		span tok = { data + s, i - s };
		if (!tok.n)
			break;
		if (want && real_value(tok))
			return true;
		want = span_eq(tok, "password");
	}
	return false;
}

/* .pgpass: hostname:port:database:username:password, '\:' escaping a colon. */
static bool pgpass_password(const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		span line = trim((span){ p, (size_t)((eol ? eol : end) - p) });
		p = eol ? eol + 1 : end;
		if (!line.n || line.s[0] == '#')
			continue;
		size_t fields = 0, last = 0;
		for (size_t i = 0; i < line.n; i++) {
			if (line.s[i] == '\\') {
				i++;
			} else if (line.s[i] == ':') {
				fields++;
				last = i + 1;
			}
		}
		if (fields == 4 && real_value((span){ line.s + last, line.n - last }))
			return true;
	}
	return false;
}

static bool any_line_url_with_password(const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		span line = trim((span){ p, (size_t)((eol ? eol : end) - p) });
		p = eol ? eol + 1 : end;
		if (url_with_password(line))
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------ JSON */

/* Each "key": "value" pair of a JSON text, at any depth; nesting is irrelevant to the
 * questions asked. Escapes are skipped, not decoded: a private key's "\n" stays raw. */

static size_t json_string_end(const char *d, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (d[i] == '\\')
			i++;
		else if (d[i] == '"')
			return i;
	}
	return len;
}

static bool each_json_pair(const char *d, size_t len, pair_fn fn, void *arg)
{
	for (size_t i = 0; i < len; i++) {
		if (d[i] != '"')
			continue;
		size_t ke = json_string_end(d, len, i);
		if (ke >= len)
			return false;
		span key = { d + i + 1, ke - i - 1 };
		size_t j = ke + 1;
		while (j < len && (d[j] == ' ' || d[j] == '\t' || d[j] == '\n' || d[j] == '\r'))
			j++;
		if (j >= len || d[j] != ':') {
			i = ke;
			continue;
		}
		for (j++; j < len && (d[j] == ' ' || d[j] == '\t' || d[j] == '\n' || d[j] == '\r');)
			j++;
		if (j >= len || d[j] != '"') {
			i = j - 1;
			continue;
		}
		size_t ve = json_string_end(d, len, j);
		if (ve >= len)
			return false;
		if (fn(key, (span){ d + j + 1, ve - j - 1 }, arg))
			return true;
		i = ve;
	}
	return false;
}

static bool pair_named(span key, span value, void *arg)
{
	return span_eq(key, arg) && real_value(value);
}

enum { GCP_SERVICE = 1, GCP_KEY = 2, GCP_USER = 4, GCP_REFRESH = 8 };

static bool pair_gcp(span key, span value, void *arg)
{
	unsigned *seen = arg;
	if (span_eq(key, "type") && span_eq(value, "service_account"))
		*seen |= GCP_SERVICE;
	else if (span_eq(key, "type") && span_eq(value, "authorized_user"))
		*seen |= GCP_USER;
	else if (span_eq(key, "private_key") && span_has(value, "PRIVATE KEY"))
		*seen |= GCP_KEY;
	else if (span_eq(key, "refresh_token") && real_value(value))
		*seen |= GCP_REFRESH;
	return (*seen & (GCP_SERVICE | GCP_KEY)) == (GCP_SERVICE | GCP_KEY) ||
	       (*seen & (GCP_USER | GCP_REFRESH)) == (GCP_USER | GCP_REFRESH);
}

/* ------------------------------------------------------------------ private keys */

static bool is_b64(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '+' || c == '/' || c == '=';
}

/* A PEM or OpenSSH private key with a body: `-----BEGIN ... PRIVATE KEY-----` followed
 * by base64. A header over "..." is documentation. */
static bool holds_private_key(const char *data, size_t len)
{
	static const char begin[] = "-----BEGIN ";
	const char *p = data, *end = data + len;
	while ((p = memmem(p, (size_t)(end - p), begin, sizeof(begin) - 1)) != NULL) {
		const char *h = p + sizeof(begin) - 1;
		size_t room = (size_t)(end - h) < 48 ? (size_t)(end - h) : 48;
		const char *eol = memchr(h, '\n', room);
		span header = { h, eol ? (size_t)(eol - h) : room };
		p = h;
		if (!span_has(header, "PRIVATE KEY-----"))
			continue;
		size_t b64 = 0;
		for (const char *q = header.s + header.n; q < end && q < header.s + header.n + 4096; q++) {
			if (*q == '-' && (size_t)(end - q) >= 5 && !memcmp(q, "-----", 5))
				break;
			b64 += is_b64(*q);
		}
		if (b64 >= 64)
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------ the kinds */

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static bool has_ext(const char *base, const char *ext)
{
	size_t b = strlen(base), e = strlen(ext);
	return b > e && !strcasecmp(base + b - e, ext);
}

/* path ends with dir/base: `.aws/credentials` at any depth */
static bool path_ends(const char *path, const char *tail)
{
	size_t p = strlen(path), t = strlen(tail);
	return p >= t && !strcmp(path + p - t, tail) && (p == t || path[p - t - 1] == '/');
}

/* .env, .env.local, .env_local, .env-prod, prod.env; not the committed templates of them
 * (.env.example, .env.sample, .env.template, example.env...). */
static bool is_dotenv_name(const char *base)
{
	static const char *const templates[] = {
		"example", "sample", "template", "tmpl", "tpl", "dist", "default", "defaults",
		"schema", "skel", NULL
	};
	size_t n = strlen(base);
	const char *variant;
	if (strcmp(base, ".env") == 0)
		return true;
	if (strncmp(base, ".env", 4) == 0 && strchr("._-", base[4]))
		variant = base + 5;
	else if (n > 4 && base[0] != '.' && has_ext(base, ".env"))
		variant = base; /* the stem: prod.env, example.env */
	else
		return false;
	for (size_t i = 0; templates[i]; i++)
		if (strcasestr(variant, templates[i]))
			return false;
	return true;
}

static bool is_ssh_key_name(const char *base)
{
	static const char *const names[] = {
		"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk", NULL
	};
	for (size_t i = 0; names[i]; i++)
		if (!strcmp(base, names[i]))
			return true;
	return false;
}

/* What kind of credential file this is, or NULL when it is none (or holds none). */
static const char *credential_kind(mlr_secret_scanner *scanner, const char *path, const char *d,
	size_t n)
{
	const char *base = base_name(path);

	if (is_dotenv_name(base))
		return each_assignment(d, n, "=", sensitive_binding, scanner) ? "a .env file with credentials" : NULL;
	if (!strcmp(base, "kaggle.json"))
		return each_json_pair(d, n, pair_named, "key") ? "a Kaggle API key (kaggle.json)" : NULL;
	if (has_ext(base, ".json")) {
		unsigned gcp = 0;
		if (each_json_pair(d, n, pair_gcp, &gcp))
			return gcp & GCP_SERVICE ? "a Google Cloud service-account key"
						 : "Google Cloud user credentials (refresh token)";
		if (!strcmp(base, "credentials.json") || !strcmp(base, "client_secret.json") ||
		    !strcmp(base, "client_secrets.json"))
			return each_json_pair(d, n, sensitive_binding, NULL) ? "a credentials.json with secrets" : NULL;
		if (path_ends(path, ".docker/config.json"))
			return each_json_pair(d, n, pair_named, "auth") ? "Docker registry credentials" : NULL;
		return NULL;
	}
	if (!strcmp(base, ".dockercfg"))
		return each_json_pair(d, n, pair_named, "auth") ? "Docker registry credentials" : NULL;
	if (is_ssh_key_name(base) || has_ext(base, ".pem") || has_ext(base, ".key"))
		return holds_private_key(d, n) ? (is_ssh_key_name(base) ? "an SSH private key" : "a private key")
					       : NULL;
	if (!strcmp(base, ".netrc") || !strcmp(base, "_netrc"))
		return netrc_password(d, n) ? "a .netrc with a password" : NULL;
	if (!strcmp(base, ".pgpass"))
		return pgpass_password(d, n) ? "a PostgreSQL password file (.pgpass)" : NULL;
	if (!strcmp(base, ".git-credentials"))
		return any_line_url_with_password(d, n) ? "stored Git credentials (.git-credentials)" : NULL;
	if (!strcmp(base, ".npmrc"))
		return each_assignment(d, n, "=", npm_auth, NULL) ? "an .npmrc with a registry token" : NULL;
	if (!strcmp(base, ".pypirc"))
		return each_assignment(d, n, "=:", pypi_password, NULL) ? "a .pypirc with a PyPI password or token" : NULL;
	if (path_ends(path, ".aws/credentials") || !strcmp(base, "credentials"))
		return each_assignment(d, n, "=", aws_secret, NULL) ? "AWS credentials" : NULL;
	if (path_ends(path, ".streamlit/secrets.toml"))
		return each_assignment(d, n, "=", sensitive_binding, scanner) ? "Streamlit secrets (secrets.toml)" : NULL;
	return NULL;
}

void mlr_check_committed_credential_file(mlr_file_ctx *ctx, const mlr_rule *rule)
{
	const char *kind = credential_kind(ctx->secrets, ctx->file->path, ctx->data,
		ctx->len < SCAN_LIMIT ? ctx->len : SCAN_LIMIT);
	if (!kind)
		return;
	/* a file from the work tree without a blob id is untracked: not committed yet, but
	 * not ignored either, so the next `git add -A` commits it */
	bool untracked = ctx->file->from_worktree && !ctx->file->has_oid;
	/* the kind, not the content: every version of one file is one finding in --history */
	mlr_emit(ctx->findings, rule, ctx->file->path, 0, 0, mlr_hash_str(MLR_HASH_SEED, kind), false,
		"%s: %s", untracked ? "credential file not ignored by Git" : "committed credential file",
		kind);
}
