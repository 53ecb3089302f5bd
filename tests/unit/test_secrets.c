/*
 * Secret scanner tests. Every fake credential is assembled at run time from a prefix
 * and a deterministic pseudo-random body in the format's documented alphabet, so no
 * credential-shaped literal lives in the source.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "mlready.h"
#include "secrets/secrets.h"

#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define LETTERS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#define HEX "0123456789abcdef"
#define B32 "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
#define B64 ALNUM "+/"
#define URLSAFE ALNUM "_-"

static uint64_t rng_state = 88172645463325252ULL;

static unsigned rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state >> 11);
}

/* Appends n random characters of alphabet. */
static void put_random(mlr_buf *b, const char *alphabet, size_t n)
{
	size_t k = strlen(alphabet);
	for (size_t i = 0; i < n; i++)
		mlr_buf_putc(b, alphabet[rnd() % k]);
}

/* prefix + n random chars of alphabet + suffix, as a new string. */
static char *tok(const char *prefix, const char *alphabet, size_t n, const char *suffix)
{
	mlr_buf b = MLR_BUF_INIT;
	mlr_buf_puts(&b, prefix);
	put_random(&b, alphabet, n);
	mlr_buf_puts(&b, suffix);
	return mlr_buf_detach(&b);
}

static int setup(void **state)
{
	mlr_secret_scanner *s = NULL;
	if (mlr_secret_scanner_new(&s) != 0)
		return -1;
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	mlr_secret_scanner_delete(*state);
	return 0;
}

/* Scans text; returns the number of hits and the first one in *first. */
static size_t scan(mlr_secret_scanner *s, const char *text, size_t len, mlr_secret_hit *first)
{
	mlr_secret_hits hits = { NULL, 0, 0 };
	assert_int_equal(mlr_secret_scan(&hits, s, text, len), 0);
	size_t n = hits.len;
	if (first && n)
		*first = hits.items[0];
	mlr_array_delete(&hits);
	return n;
}

/* text = before + secret + after must give exactly one hit of format id covering secret. */
static void expect_hit(mlr_secret_scanner *s, const char *before, const char *secret,
	const char *after, const char *id)
{
	mlr_buf b = MLR_BUF_INIT;
	mlr_secret_hit h;
	mlr_buf_puts(&b, before);
	mlr_buf_puts(&b, secret);
	mlr_buf_puts(&b, after);
	size_t n = scan(s, b.ptr, b.len, &h);
	if (n != 1 || strcmp(h.format->id, id) != 0)
		fail_msg("expected one %s in [%s], got %zu (%s)", id, b.ptr, n, n ? h.format->id : "-");
	assert_int_equal(h.offset, strlen(before));
	assert_int_equal(h.length, strlen(secret));
	mlr_buf_dispose(&b);
}

static void expect_none(mlr_secret_scanner *s, const char *before, const char *secret,
	const char *after)
{
	mlr_buf b = MLR_BUF_INIT;
	mlr_secret_hit h;
	mlr_buf_puts(&b, before);
	mlr_buf_puts(&b, secret);
	mlr_buf_puts(&b, after);
	size_t n = scan(s, b.ptr, b.len, &h);
	if (n != 0)
		fail_msg("expected nothing in [%s], got %s", b.ptr, h.format->id);
	mlr_buf_dispose(&b);
}

/* One provider format: a valid token must match alone, quoted and in an assignment;
 * one char short, one char long (embedded in a longer token), a letter glued in front,
 * and a wrong-charset variant must not. */
typedef struct {
	const char *id;
	const char *prefix;
	const char *alphabet;
	size_t n;
	const char *suffix;
	const char *bad_char; /* a char outside the alphabet, or NULL */
	size_t short_n;       /* a body length that must not match; 0 = n - 1 */
	bool open_ended;      /* variable length: no upper bound to test */
} shape;

static void check_shape(mlr_secret_scanner *s, const shape *f)
{
	char *good = tok(f->prefix, f->alphabet, f->n, f->suffix);
	char *shorter = tok(f->prefix, f->alphabet, f->short_n ? f->short_n : f->n - 1, f->suffix);
	char *longer = tok(f->prefix, f->alphabet, f->n, "");

	expect_hit(s, "", good, "\n", f->id);
	expect_hit(s, "value = \"", good, "\"\n", f->id);
	expect_hit(s, "url?x=", good, "&y=1", f->id);
	expect_none(s, "x ", shorter, " y");
	expect_none(s, "q", good, "");
	if (!f->open_ended) {
		/* glued to more token characters on the right */
		mlr_buf b = MLR_BUF_INIT;
		mlr_buf_puts(&b, longer);
		mlr_buf_puts(&b, f->suffix);
		put_random(&b, f->alphabet, 3);
		expect_none(s, "", b.ptr, "");
		mlr_buf_dispose(&b);
	}
	if (f->bad_char) {
		char *bad = mlr_strdup(good);
		bad[strlen(f->prefix) + f->n / 2] = f->bad_char[0];
		expect_none(s, "x ", bad, " y");
		free(bad);
	}
	free(good);
	free(shorter);
	free(longer);
}

static void test_provider_shapes(void **state)
{
	static const shape shapes[] = {
		{ "openai-api-key", "sk-proj-", URLSAFE, 64, "", "!", 30, true },
		{ "openai-api-key", "sk-svcacct-", URLSAFE, 64, "", "!", 30, true },
		{ "anthropic-api-key", "sk-ant-api03-", URLSAFE, 93, "AA", "!", 0, false },
		{ "anthropic-admin-key", "sk-ant-admin01-", URLSAFE, 93, "AA", "!", 0, false },
		{ "huggingface-token", "hf_", LETTERS, 34, "", "7", 0, false },
		{ "huggingface-org-token", "api_org_", LETTERS, 34, "", "7", 0, false },
		{ "databricks-token", "dapi", HEX, 32, "", "z", 0, false },
		{ "replicate-api-token", "r8_", ALNUM, 37, "", "-", 0, false },
		{ "groq-api-key", "gsk_", ALNUM, 52, "", "-", 0, false },
		{ "aws-access-key-id", "AKIA", B32, 16, "", "1", 0, false },
		{ "aws-access-key-id", "ASIA", B32, 16, "", "8", 0, false },
		{ "gcp-api-key", "AIza", URLSAFE, 35, "", "!", 0, false },
		{ "github-token", "ghp_", ALNUM, 36, "", "-", 0, false },
		{ "github-token", "ghs_", ALNUM, 36, "", "-", 0, false },
		{ "github-fine-grained-pat", "github_pat_", ALNUM, 82, "", "-", 0, false },
		{ "gitlab-pat", "glpat-", ALNUM, 20, "", "!", 0, false },
		{ "stripe-live-key", "sk_live_", ALNUM, 24, "", "-", 12, true },
		{ "stripe-live-key", "rk_live_", ALNUM, 24, "", "-", 12, true },
		{ "stripe-test-key", "sk_test_", ALNUM, 24, "", "-", 12, true },
		{ "twilio-api-key", "SK", HEX, 32, "", "g", 0, false },
		{ "npm-token", "npm_", ALNUM, 36, "", "-", 0, false },
		{ "dockerhub-token", "dckr_pat_", URLSAFE, 27, "", "!", 0, true },
		{ "pypi-token", "pypi-AgEIcHlwaS5vcmc", URLSAFE, 70, "", NULL, 20, true },
	};
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		check_shape(*state, &shapes[i]);
}

static void test_openai_legacy_marker(void **state)
{
	mlr_buf b = MLR_BUF_INIT;
	mlr_buf_puts(&b, "sk-");
	put_random(&b, ALNUM, 20);
	mlr_buf_puts(&b, "T3BlbkFJ");
	put_random(&b, ALNUM, 20);
	expect_hit(*state, "OPENAI_API_KEY=", b.ptr, "\n", "openai-api-key");
	/* sk- and 48 alphanumerics without the marker: not claimed as OpenAI */
	char *nomark = tok("sk-", ALNUM, 48, "");
	mlr_secret_hit h;
	assert_int_equal(scan(*state, nomark, strlen(nomark), &h), 0);
	/* truncated documentation form */
	expect_none(*state, "OPENAI_API_KEY=", "sk-...", "\n");
	expect_none(*state, "key = \"", "sk-proj-...", "\"\n");
	free(nomark);
	mlr_buf_dispose(&b);
}

static void test_composite_shapes(void **state)
{
	mlr_secret_scanner *s = *state;
	mlr_buf b = MLR_BUF_INIT;

	/* SendGrid SG.<22>.<43> */
	mlr_buf_puts(&b, "SG.");
	put_random(&b, URLSAFE, 22);
	mlr_buf_putc(&b, '.');
	put_random(&b, URLSAFE, 43);
	expect_hit(s, "SENDGRID = '", b.ptr, "'", "sendgrid-api-key");
	b.ptr[10] = '!';
	expect_none(s, "x ", b.ptr, "");
	mlr_buf_dispose(&b);

	/* Slack bot token: xoxb-<team>-<bot>-<secret> */
	mlr_buf_puts(&b, "xoxb-");
	put_random(&b, "0123456789", 12);
	mlr_buf_putc(&b, '-');
	put_random(&b, "0123456789", 13);
	mlr_buf_putc(&b, '-');
	put_random(&b, ALNUM, 24);
	expect_hit(s, "slack: ", b.ptr, "\n", "slack-token");
	mlr_buf_dispose(&b);
	expect_none(s, "slack: ", "xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx", "\n");

	/* Slack webhook */
	mlr_buf_puts(&b, "hooks.slack.com/services/T");
	put_random(&b, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 8);
	mlr_buf_puts(&b, "/B");
	put_random(&b, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 8);
	mlr_buf_putc(&b, '/');
	put_random(&b, ALNUM, 24);
	expect_hit(s, "url = \"https://", b.ptr, "\"", "slack-webhook");
	mlr_buf_dispose(&b);

	/* GitLab routable PAT: payload, dot, version */
	mlr_buf_puts(&b, "glpat-");
	put_random(&b, URLSAFE, 36);
	mlr_buf_puts(&b, ".01");
	put_random(&b, "abcdefghijklmnopqrstuvwxyz0123456789", 7);
	expect_hit(s, "GITLAB_TOKEN=", b.ptr, "\n", "gitlab-pat");
	mlr_buf_dispose(&b);

	/* Azure storage connection string: the key is the secret */
	mlr_buf_puts(&b, "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=");
	size_t at = b.len;
	put_random(&b, B64, 86);
	mlr_buf_puts(&b, "==;EndpointSuffix=core.windows.net");
	mlr_secret_hit h;
	assert_int_equal(scan(s, b.ptr, b.len, &h), 1);
	assert_string_equal(h.format->id, "azure-storage-key");
	assert_int_equal(h.offset, at);
	assert_int_equal(h.length, 88);
	mlr_buf_dispose(&b);

	/* Neptune: base64 of {"api_address": ... */
	char *nep = tok("eyJhcGlfYWRkcmVzcyI6", B64, 120, "==");
	expect_hit(s, "NEPTUNE_API_TOKEN=\"", nep, "\"", "neptune-api-token");
	free(nep);
}

/* base64url without padding */
static char *b64url(const char *s)
{
	static const char *al = ALNUM "-_";
	static const char *std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	mlr_buf b = MLR_BUF_INIT;
	size_t n = strlen(s);
	(void)al;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned char)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned char)s[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)s[i + 2];
		mlr_buf_putc(&b, std[(v >> 18) & 63]);
		mlr_buf_putc(&b, std[(v >> 12) & 63]);
		if (i + 1 < n)
			mlr_buf_putc(&b, std[(v >> 6) & 63]);
		if (i + 2 < n)
			mlr_buf_putc(&b, std[v & 63]);
	}
	return mlr_buf_detach(&b);
}

static void test_jwt(void **state)
{
	char *hdr = b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
	char *bad_hdr = b64url("{\"typ\":\"JWT\",\"kid\":\"abc\"}");
	char *payload = b64url("{\"sub\":\"1234567890\",\"name\":\"Jane\"}");
	mlr_buf b = MLR_BUF_INIT;

	mlr_buf_printf(&b, "%s.%s.", hdr, payload);
	put_random(&b, URLSAFE, 43);
	expect_hit(*state, "Authorization: Bearer ", b.ptr, "\n", "jwt");
	mlr_buf_dispose(&b);
	/* header without "alg": three base64url runs, not a JWT */
	mlr_buf_printf(&b, "%s.%s.", bad_hdr, payload);
	put_random(&b, URLSAFE, 43);
	expect_none(*state, "x = ", b.ptr, "\n");
	mlr_buf_dispose(&b);
	/* unsigned token: no signature, no credential */
	mlr_buf_printf(&b, "%s.%s.", hdr, payload);
	expect_none(*state, "x = ", b.ptr, "\n");
	mlr_buf_dispose(&b);
	free(hdr);
	free(bad_hdr);
	free(payload);
}

static void test_aws_documented_example_silent(void **state)
{
	/* AWS's own documentation pair */
	expect_none(*state, "aws_access_key_id = ", "AKIAIOSFODNN7EXAMPLE", "\n");
	expect_none(*state, "aws_secret_access_key = ", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "\n");
	char *secret = tok("", B64, 40, "");
	expect_hit(*state, "aws_secret_access_key = ", secret, "\n", "aws-secret-access-key");
	expect_hit(*state, "AWS_SECRET_ACCESS_KEY: \"", secret, "\"\n", "aws-secret-access-key");
	free(secret);
	expect_none(*state, "", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "");
	expect_none(*state, "", "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH", "");
}

static void test_bound_formats(void **state)
{
	mlr_secret_scanner *s = *state;
	char *hex40 = tok("", HEX, 40, "");
	char *hex32 = tok("", HEX, 32, "");
	char *cohere = tok("", ALNUM, 40, "");

	expect_hit(s, "WANDB_API_KEY=", hex40, "\n", "wandb-api-key");
	expect_hit(s, "import wandb\nwandb.login(key=\"", hex40, "\")\n", "wandb-api-key");
	expect_hit(s, "{\"username\":\"jane\",\"key\":\"", hex32, "\"}\n", "kaggle-api-key");
	expect_hit(s, "COHERE_API_KEY=", cohere, "\n", "cohere-api-key");
	/* the same hex bound to names that say hash or commit stays silent */
	expect_none(s, "sha256: ", hex40, "\n");
	expect_none(s, "commit = \"", hex40, "\"\n");
	expect_none(s, "checksum=", hex32, "\n");
	/* a bare `key` outside a known client's shape */
	expect_none(s, "d = {\"key\": \"", hex32, "\"}\n");
	free(hex40);
	free(hex32);
	free(cohere);
}

static void test_private_keys(void **state)
{
	mlr_secret_scanner *s = *state;
	mlr_buf b = MLR_BUF_INIT;
	mlr_secret_hit h;

	mlr_buf_puts(&b, "x = 1\n-----BEGIN RSA PRIVATE KEY-----\n");
	for (int i = 0; i < 5; i++) {
		put_random(&b, B64, 64);
		mlr_buf_putc(&b, '\n');
	}
	mlr_buf_puts(&b, "-----END RSA PRIVATE KEY-----\n");
	assert_int_equal(scan(s, b.ptr, b.len, &h), 1);
	assert_string_equal(h.format->id, "private-key");
	assert_int_equal(h.line, 2);
	assert_int_equal(h.column, 1);
	assert_true(h.format->live);
	mlr_buf_dispose(&b);

	mlr_buf_puts(&b, "-----BEGIN OPENSSH PRIVATE KEY-----\n");
	put_random(&b, B64, 140);
	mlr_buf_puts(&b, "\n-----END OPENSSH PRIVATE KEY-----\n");
	assert_int_equal(scan(s, b.ptr, b.len, &h), 1);
	assert_string_equal(h.format->id, "openssh-private-key");
	mlr_buf_dispose(&b);

	/* service-account JSON: escaped newlines inside a string */
	mlr_buf_puts(&b, "{\n  \"type\": \"service_account\",\n  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n");
	put_random(&b, B64, 64);
	mlr_buf_puts(&b, "\\n");
	put_random(&b, B64, 64);
	mlr_buf_puts(&b, "\\n-----END PRIVATE KEY-----\\n\"\n}\n");
	assert_int_equal(scan(s, b.ptr, b.len, &h), 1);
	assert_string_equal(h.format->id, "gcp-service-account");
	assert_int_equal(h.line, 3);
	mlr_buf_dispose(&b);

	/* markers without a body, or a public key */
	const char *quiet[] = {
		"-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----\n",
		"-----BEGIN OPENSSH PRIVATE KEY----------END OPENSSH PRIVATE KEY-----",
		"if line.startswith('-----BEGIN RSA PRIVATE KEY-----'):\n    return True\n",
		NULL,
	};
	for (size_t i = 0; quiet[i]; i++)
		assert_int_equal(scan(s, quiet[i], strlen(quiet[i]), NULL), 0);
	mlr_buf_puts(&b, "-----BEGIN PUBLIC KEY-----\n");
	put_random(&b, B64, 200);
	mlr_buf_puts(&b, "\n-----END PUBLIC KEY-----\n");
	assert_int_equal(scan(s, b.ptr, b.len, NULL), 0);
	mlr_buf_dispose(&b);
}

static void test_urls(void **state)
{
	mlr_secret_scanner *s = *state;
	char *pw = tok("", ALNUM, 16, "");

	expect_hit(s, "DATABASE_URL=postgresql://app:", pw, "@db.internal:5432/prod\n",
		"database-url-password");
	expect_hit(s, "url = \"mongodb+srv://svc:", pw, "@cluster0.mongo.net/x\"", "database-url-password");
	expect_hit(s, "redis://:", pw, "@cache:6379/0", "database-url-password");
	expect_hit(s, "git clone https://deploy:", pw, "@git.internal/repo.git", "url-password");
	expect_none(s, "postgresql://app:${DB_PASSWORD}@db:5432/x", "", "");
	expect_none(s, "postgresql://app:<password>@db:5432/x", "", "");
	expect_none(s, "postgresql://user:pass@example.com/x", "", "");
	expect_none(s, "postgresql://user:", pw, "@example.com/x");
	expect_none(s, "amqp://guest:guest@rabbit:5672/", "", "");
	expect_none(s, "https://github.com/org/repo@v1.2", "", "");
	expect_none(s, "postgresql://app:{{ db_password }}@db/x", "", "");
	expect_none(s, "postgresql://app:****@db/x", "", "");
	free(pw);
}

static void test_generic_positive(void **state)
{
	mlr_secret_scanner *s = *state;
	char *v = tok("", ALNUM, 24, "");
	struct { const char *before, *after; } shapes[] = {
		{ "API_KEY=", "\n" },                /* .env */
		{ "export SECRET=", "\n" },          /* shell */
		{ "ENV AUTH_TOKEN=", "\n" },         /* Dockerfile */
		{ "db:\n  password: ", "\n" },       /* YAML */
		{ "db:\n  password: \"", "\"\n" },   /* YAML quoted */
		{ "{\"token\": \"", "\"}" },         /* JSON */
		{ "client_secret = '", "'\n" },      /* code */
		{ "mlflow --password=", " run\n" },  /* command line */
		{ "<apiToken>", "</apiToken>" },     /* XML */
		{ "getenv(\"API_TOKEN\", \"", "\")" }, /* default of an env lookup */
		{ "var apiToken string = \"", "\"" },
		{ "headers = {\"Authorization\": \"Bearer ", "\"}" },
		{ NULL, NULL },
	};
	for (size_t i = 0; shapes[i].before; i++)
		expect_hit(s, shapes[i].before, v, shapes[i].after, "generic-secret");
	/* capitals and underscores that do not read as words with short number suffixes */
	expect_hit(s, "API_KEY=", "K7XQ_9ZW2_M4PL", "\n", "generic-secret");
	expect_hit(s, "API_KEY=", "QX_PLRW_VV7T3J", "\n", "generic-secret");
	assert_false(mlr_secret_format_generic()->live);
	free(v);
}

static void test_generic_negative(void **state)
{
	mlr_secret_scanner *s = *state;
	const char *quiet[] = {
		"API_KEY=${API_KEY}\n",
		"API_KEY=$OPENAI_API_KEY\n",
		"password: {{ vault_password }}\n",
		"token: ${{ secrets.HF_TOKEN }}\n",
		"api_key = os.environ[\"OPENAI_API_KEY\"]\n",
		"api_key = os.getenv(\"OPENAI_API_KEY\")\n",
		"token = self.token\n",
		"password = PASSWORD\n",
		"API_KEY=your-api-key-here\n",
		"token: <token>\n",
		"SECRET=xxxxxxxxxxxxxxxx\n",
		"password: changeme\n",
		"password: '***'\n",
		"api_key = \"...\"\n",
		"password = \"dummy\"\n",
		"token = \"example\"\n",
		"password: test\n",
		"password = \"password123\"\n",
		"secret_name = \"prod-db-credentials\"\n",
		"sort_key = \"aZ3kP9qL2mX8vN4w\"\n",
		"max_tokens = 4096\n",
		"token_count = 12345678\n",
		"tokenizer = \"bert-base-uncased\"\n",
		"password_field = \"user_password_hash\"\n",
		"key_path = \"/etc/ssl/private/server.key\"\n",
		"secret_path: /var/run/secrets/token\n",
		"token_url: https://auth.internal/oauth/token\n",
		"password: correct horse battery staple\n",
		"auth_secret = \"my_secret_session_value\"\n",
		"if password == \"Tr0ub4dor&3xq\":\n",
		"api_key: str = None\n",
		"token = get_token(user)\n",
		"uuid = \"123e4567-e89b-12d3-a456-426614174000\"\n",
		"TOKEN_TYPE=Bearer\n",
		"LOG_BUFFER_KEY=D2_LOG_BUFFER_SIZE\n", /* an environment variable's name */
		"API_KEY_VAR: HF_TOKEN_V2\n",
		"password: MySecretPassword\n",
		NULL,
	};
	for (size_t i = 0; quiet[i]; i++) {
		mlr_secret_hit h;
		size_t n = scan(s, quiet[i], strlen(quiet[i]), &h);
		if (n)
			fail_msg("expected silence on [%s], got %s", quiet[i], h.format->id);
	}
}

static void test_provider_beats_generic(void **state)
{
	char *gh = tok("ghp_", ALNUM, 36, "");
	mlr_buf b = MLR_BUF_INIT;
	mlr_secret_hits hits = { NULL, 0, 0 };

	mlr_buf_printf(&b, "GITHUB_TOKEN=%s\nother = 1\nTOKEN: \"%s\"\n", gh, gh);
	assert_int_equal(mlr_secret_scan(&hits, *state, b.ptr, b.len), 0);
	assert_int_equal(hits.len, 2);
	assert_string_equal(hits.items[0].format->id, "github-token");
	assert_string_equal(hits.items[1].format->id, "github-token");
	assert_int_equal(hits.items[0].line, 1);
	assert_int_equal(hits.items[0].column, 14);
	assert_int_equal(hits.items[1].line, 3);
	assert_int_equal(hits.items[1].column, 9);
	assert_true(hits.items[0].hash == hits.items[1].hash);
	assert_true(hits.items[0].offset < hits.items[1].offset);
	assert_null(strstr(hits.items[0].redacted, gh + 4));
	/* appends to what the caller already has */
	assert_int_equal(mlr_secret_scan(&hits, *state, gh, strlen(gh)), 0);
	assert_int_equal(hits.len, 3);
	mlr_array_delete(&hits);
	mlr_buf_dispose(&b);
	free(gh);
}

static void test_live_flag(void **state)
{
	char *live = tok("sk_live_", ALNUM, 24, "");
	char *test = tok("sk_test_", ALNUM, 24, "");
	mlr_secret_hit h;
	assert_int_equal(scan(*state, live, strlen(live), &h), 1);
	assert_true(h.format->live);
	assert_string_equal(h.format->provider, "Stripe");
	assert_int_equal(scan(*state, test, strlen(test), &h), 1);
	assert_false(h.format->live);
	free(live);
	free(test);
}

static void test_names(void **state)
{
	(void)state;
	const char *yes[] = { "password", "PASSWORD", "passwd", "pwd", "db_password", "secret",
		"client_secret", "token", "hf_token", "HF_TOKEN", "hfToken", "api_key", "apiKey",
		"APIKey", "apikey", "API-KEY", "access_key", "private_key", "auth", "auth_token",
		"credentials", "bearer", "OPENAI_API_KEY", "STRIPE_KEY", "FERNET_KEY",
		"aws_secret_access_key", "use_auth_token", "wandb_api_key", "githubToken",
		"x-api-key", "secretKey", NULL };
	const char *no[] = { "key", "sort_key", "cache_key", "primary_key", "key_path",
		"token_count", "max_tokens", "tokenizer", "num_tokens", "password_field",
		"secret_name", "tokens", "SORT_KEY", "PUBLIC_KEY", "public_key", "token_url",
		"password_hash", "secret_sha256", "token_id", "author", "keyboard", "monkey",
		"passage", "compass", "bypass", "tokenize", "secretary", "dict_key", "rng_key",
		"PRIMARY_KEY", "publicToken", "get_password", "token_type", "", NULL };
	for (size_t i = 0; yes[i]; i++)
		if (!mlr_secret_name_is_sensitive(yes[i], strlen(yes[i])))
			fail_msg("%s should be sensitive", yes[i]);
	for (size_t i = 0; no[i]; i++)
		if (mlr_secret_name_is_sensitive(no[i], strlen(no[i])))
			fail_msg("%s should not be sensitive", no[i]);
	assert_false(mlr_secret_name_is_sensitive(NULL, 0));
}

static void test_classify(void **state)
{
	mlr_secret_scanner *s = *state;
	bool plausible = true;
	char *gh = tok("ghp_", ALNUM, 36, "");
	char *rand = tok("", ALNUM, 20, "");

	const mlr_secret_format *f = mlr_secret_classify_value(s, gh, strlen(gh), &plausible);
	assert_non_null(f);
	assert_string_equal(f->id, "github-token");
	assert_null(mlr_secret_classify_value(s, rand, strlen(rand), &plausible));
	assert_true(plausible);
	const char *implausible[] = { "changeme", "your-api-key", "${TOKEN}", "short",
		"/etc/passwd", "https://example.com/x", "hello world again", "abcdefghijkl",
		"12345678901234", "<token>", "xxxxxxxxxxxx", "MySecretPassword", "bert-base-uncased",
		"secrets.yaml", "{{ token }}", "sk-...", NULL };
	for (size_t i = 0; implausible[i]; i++) {
		plausible = true;
		assert_null(mlr_secret_classify_value(s, implausible[i], strlen(implausible[i]),
			&plausible));
		if (plausible)
			fail_msg("%s should not be plausible", implausible[i]);
	}
	const char *ok[] = { "Tr0ub4dor&3", "s3cr3t-P4ss!", "9f86d081884c7d659a2feaa0c55ad015",
		"a1B2c3D4e5F6g7H8", NULL };
	for (size_t i = 0; ok[i]; i++) {
		plausible = false;
		mlr_secret_classify_value(s, ok[i], strlen(ok[i]), &plausible);
		if (!plausible)
			fail_msg("%s should be plausible", ok[i]);
	}
	assert_null(mlr_secret_classify_value(s, NULL, 0, &plausible));
	free(gh);
	free(rand);
}

static void test_redact(void **state)
{
	(void)state;
	char out[40];
	char *long_secret = tok("sk-proj-", URLSAFE, 156, "");

	mlr_redact(out, sizeof(out), long_secret, strlen(long_secret));
	assert_string_equal(out, "sk-p****(164 chars)");
	/* never more than a quarter */
	mlr_redact(out, sizeof(out), "abcdefgh", 8);
	assert_string_equal(out, "ab****(8 chars)");
	mlr_redact(out, sizeof(out), "abc", 3);
	assert_string_equal(out, "****(3 chars)");
	/* never the tail, for any length */
	for (size_t n = 1; n < 100; n++) {
		char *s = tok("", ALNUM, n, "");
		mlr_redact(out, sizeof(out), s, n);
		size_t tail = n >= 4 ? 4 : n;
		if (n > 4)
			assert_null(strstr(out, s + n - tail));
		assert_true(strlen(out) < sizeof(out));
		free(s);
	}
	/* a small buffer never ends up holding a bare prefix */
	char tiny[8];
	mlr_redact(tiny, sizeof(tiny), long_secret, strlen(long_secret));
	assert_null(strstr(tiny, "sk-p"));
	mlr_redact(out, sizeof(out), "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	assert_string_equal(out, "??****(8 chars)");
	mlr_redact(NULL, 0, "x", 1);
	free(long_secret);
}

static void test_robustness(void **state)
{
	mlr_secret_scanner *s = *state;
	mlr_secret_hits hits = { NULL, 0, 0 };
	size_t big = 10u * 1024u * 1024u;
	char *buf = malloc(big);
	assert_non_null(buf);

	/* 10 MB of random bytes, NULs and invalid UTF-8 included */
	for (size_t i = 0; i < big; i++)
		buf[i] = (char)(rnd() & 0xff);
	assert_int_equal(mlr_secret_scan(&hits, s, buf, big), 0);
	mlr_array_delete(&hits);

	/* one 1 MB line of anchor fragments: no regex start may go quadratic */
	size_t line = 1024u * 1024u;
	static const char *frag[] = { "sk-", "eyJ", "xox", "ghp_", "://", "=", ":", "AKIA", "a",
		"-----BEGIN ", "\"", "token=", "," };
	size_t n = 0;
	while (n < line) {
		const char *f = frag[rnd() % (sizeof(frag) / sizeof(frag[0]))];
		size_t k = strlen(f);
		if (n + k > line)
			break;
		memcpy(buf + n, f, k);
		n += k;
	}
	assert_int_equal(mlr_secret_scan(&hits, s, buf, n), 0);
	mlr_array_delete(&hits);
	/* a 1 MB run of token characters */
	memset(buf, 'a', line);
	memcpy(buf, "ghp_", 4);
	assert_int_equal(mlr_secret_scan(&hits, s, buf, line), 0);
	assert_int_equal(hits.len, 0);
	mlr_array_delete(&hits);

	/* NUL bytes around a token: found, with the right column */
	char *gh = tok("ghp_", ALNUM, 36, "");
	memset(buf, 0, 64);
	memcpy(buf + 10, gh, 40);
	assert_int_equal(mlr_secret_scan(&hits, s, buf, 64), 0);
	assert_int_equal(hits.len, 1);
	assert_int_equal(hits.items[0].column, 11);
	mlr_array_delete(&hits);

	assert_int_equal(mlr_secret_scan(&hits, s, "", 0), 0);
	assert_int_equal(mlr_secret_scan(&hits, s, NULL, 0), 0);
	assert_int_equal(hits.len, 0);
	assert_int_equal(mlr_secret_scan(NULL, s, "x", 1), MLR_EUSAGE);
	assert_int_equal(mlr_secret_scan(&hits, NULL, "x", 1), MLR_EUSAGE);
	free(gh);
	free(buf);
}

static void test_generic_toggle(void **state)
{
	mlr_secret_scanner *s = *state;
	char *v = tok("", ALNUM, 24, "");
	char *gh = tok("ghp_", ALNUM, 36, "");
	mlr_buf b = MLR_BUF_INIT;
	mlr_buf_printf(&b, "password = \"%s\"\ntoken = \"%s\"\n", v, gh);

	assert_int_equal(scan(s, b.ptr, b.len, NULL), 2);
	mlr_secret_scanner_set_generic(s, false);
	mlr_secret_hit h;
	assert_int_equal(scan(s, b.ptr, b.len, &h), 1);
	assert_string_equal(h.format->id, "github-token");
	mlr_secret_scanner_set_generic(s, true);
	mlr_buf_dispose(&b);
	free(v);
	free(gh);
}

static void test_lifecycle(void **state)
{
	(void)state;
	size_t count = 0;
	const mlr_secret_format *const *all = mlr_secret_formats(&count);
	assert_true(count > 30);
	for (size_t i = 0; i < count; i++) {
		assert_non_null(all[i]->id);
		assert_non_null(all[i]->provider);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(all[i]->id, all[j]->id);
	}
	mlr_secret_scanner_delete(NULL);
	assert_int_equal(mlr_secret_scanner_new(NULL), MLR_EUSAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_provider_shapes),
		cmocka_unit_test(test_openai_legacy_marker),
		cmocka_unit_test(test_composite_shapes),
		cmocka_unit_test(test_jwt),
		cmocka_unit_test(test_aws_documented_example_silent),
		cmocka_unit_test(test_bound_formats),
		cmocka_unit_test(test_private_keys),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_generic_positive),
		cmocka_unit_test(test_generic_negative),
		cmocka_unit_test(test_provider_beats_generic),
		cmocka_unit_test(test_live_flag),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_robustness),
		cmocka_unit_test(test_generic_toggle),
		cmocka_unit_test(test_lifecycle),
	};
	return cmocka_run_group_tests_name("secrets", tests, setup, teardown);
}
