/*
 * The provider table. Every pattern is written from the provider's documented token
 * shape, starts at its anchor literal, uses bounded quantifiers only, and ends with a
 * lookahead so that a token embedded in a longer token does not match.
 */
#include "secrets/formats.h"

#include <string.h>

#include "secrets/entropy.h"
#include "secrets/placeholder.h"
#include "secrets/scanner.h"

#define FMT(var, id, provider, live) \
	static const mlr_secret_format var = { id, provider, live }
#define XFMT(var, id, provider, live) \
	const mlr_secret_format var = { id, provider, live }

XFMT(mlr_fmt_generic, "generic-secret", "Generic", false);
XFMT(mlr_fmt_private_key, "private-key", "PEM", true);
XFMT(mlr_fmt_openssh_key, "openssh-private-key", "OpenSSH", true);
XFMT(mlr_fmt_pgp_key, "pgp-private-key", "PGP", true);
XFMT(mlr_fmt_gcp_service_account, "gcp-service-account", "Google Cloud", true);
/* A password in a URL: serious, but its shape cannot say whether it guards anything. */
XFMT(mlr_fmt_database_url, "database-url-password", "Database", false);
XFMT(mlr_fmt_url_password, "url-password", "URL", false);
XFMT(mlr_fmt_wandb, "wandb-api-key", "Weights & Biases", true);
XFMT(mlr_fmt_aws_secret, "aws-secret-access-key", "AWS", true);
XFMT(mlr_fmt_kaggle, "kaggle-api-key", "Kaggle", true);
XFMT(mlr_fmt_cohere, "cohere-api-key", "Cohere", true);
XFMT(mlr_fmt_comet, "comet-api-key", "Comet", true);
XFMT(mlr_fmt_twilio_token, "twilio-auth-token", "Twilio", true);

FMT(fmt_openai, "openai-api-key", "OpenAI", true);
FMT(fmt_anthropic, "anthropic-api-key", "Anthropic", true);
FMT(fmt_anthropic_admin, "anthropic-admin-key", "Anthropic", true);
FMT(fmt_hf, "huggingface-token", "Hugging Face", true);
FMT(fmt_hf_org, "huggingface-org-token", "Hugging Face", true);
FMT(fmt_neptune, "neptune-api-token", "Neptune", true);
FMT(fmt_databricks, "databricks-token", "Databricks", true);
FMT(fmt_replicate, "replicate-api-token", "Replicate", true);
FMT(fmt_groq, "groq-api-key", "Groq", true);
FMT(fmt_aws_key_id, "aws-access-key-id", "AWS", true);
FMT(fmt_gcp_api_key, "gcp-api-key", "Google Cloud", true);
FMT(fmt_azure_storage, "azure-storage-key", "Azure", true);
FMT(fmt_azure_sas, "azure-shared-access-key", "Azure", true);
FMT(fmt_github, "github-token", "GitHub", true);
FMT(fmt_github_pat, "github-fine-grained-pat", "GitHub", true);
FMT(fmt_gitlab_pat, "gitlab-pat", "GitLab", true);
FMT(fmt_gitlab_other, "gitlab-token", "GitLab", true);
FMT(fmt_slack, "slack-token", "Slack", true);
FMT(fmt_slack_webhook, "slack-webhook", "Slack", true);
FMT(fmt_stripe_live, "stripe-live-key", "Stripe", true);
FMT(fmt_stripe_test, "stripe-test-key", "Stripe", false);
FMT(fmt_sendgrid, "sendgrid-api-key", "SendGrid", true);
FMT(fmt_twilio, "twilio-api-key", "Twilio", true);
FMT(fmt_pypi, "pypi-token", "PyPI", true);
FMT(fmt_npm, "npm-token", "npm", true);
FMT(fmt_docker, "dockerhub-token", "Docker Hub", true);
FMT(fmt_jwt, "jwt", "JWT", false);

static int b64url_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-' || c == '+')
		return 62;
	if (c == '_' || c == '/')
		return 63;
	return -1;
}

/* A JWT only when its header decodes to a JSON object naming an algorithm: three dotted
 * base64url runs are common in versions, hostnames and minified code. */
static bool verify_jwt(const char *v, size_t len)
{
	char header[512];
	size_t n = 0, bits = 0;
	unsigned acc = 0;
	const char *dot = memchr(v, '.', len);

	if (!dot)
		return false;
	for (const char *p = v; p < dot && n + 1 < sizeof(header); p++) {
		int x = b64url_value((unsigned char)*p);
		if (x < 0)
			return false;
		acc = (acc << 6) | (unsigned)x;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			header[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	header[n] = '\0';
	return n > 2 && header[0] == '{' && strstr(header, "\"alg\"") != NULL;
}

/* Slack tokens carry team and user ids (any digits) before the secret part: only the
 * part after the last dash has to look random. */
static bool verify_slack(const char *v, size_t len)
{
	const char *last = v;
	for (size_t i = 0; i < len; i++)
		if (v[i] == '-')
			last = v + i + 1;
	size_t n = len - (size_t)(last - v);
	return mlr_secret__looks_random(last, n) && !mlr_secret__is_placeholder(last, n);
}

static const mlr_secret_detector detectors[] = {
	/* Anthropic before OpenAI: both start with sk-. Documented: sk-ant-api03- + 93 + AA. */
	{ "sk-ant-api", &fmt_anthropic, "sk-ant-api\\d\\d-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])",
	  DET_LEFT | DET_RANDOM, 13, NULL, NULL },
	{ "sk-ant-admin", &fmt_anthropic_admin,
	  "sk-ant-admin\\d\\d-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])", DET_LEFT | DET_RANDOM, 15,
	  NULL, NULL },
	/* Project, service-account and admin keys by prefix; legacy user keys by the
	 * T3BlbkFJ marker (base64 of "OpenAI") that every sk- key carries. */
	{ "sk-", &fmt_openai,
	  "sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,300}"
	  "|[A-Za-z0-9_-]{16,200}T3BlbkFJ[A-Za-z0-9_-]{16,200})(?![A-Za-z0-9_-])",
	  DET_LEFT | DET_RANDOM, 3, NULL, NULL },
	{ "hf_", &fmt_hf, "hf_[A-Za-z]{34}(?![A-Za-z0-9_])", DET_LEFT | DET_RANDOM, 3, NULL, NULL },
	{ "api_org_", &fmt_hf_org, "api_org_[A-Za-z]{34}(?![A-Za-z0-9_])", DET_LEFT | DET_RANDOM,
	  8, NULL, NULL },
	/* base64 of {"api_address": — the token is a base64 JSON blob. */
	{ "eyJhcGlfYWRkcmVzcyI6", &fmt_neptune, "eyJhcGlfYWRkcmVzcyI6[A-Za-z0-9+/]{40,2000}={0,2}",
	  DET_LEFT, 0, NULL, NULL },
	{ "eyJ", &fmt_jwt,
	  "eyJ[A-Za-z0-9_-]{8,2000}\\.[A-Za-z0-9_-]{2,8000}\\.[A-Za-z0-9_-]{16,2000}(?![A-Za-z0-9_.=-])",
	  DET_LEFT, 0, verify_jwt, NULL },
	{ "dapi", &fmt_databricks, "dapi[a-f0-9]{32}(?:-\\d)?(?![A-Za-z0-9])", DET_LEFT | DET_RANDOM,
	  4, NULL, NULL },
	{ "r8_", &fmt_replicate, "r8_[A-Za-z0-9]{37}(?![A-Za-z0-9_])", DET_LEFT | DET_RANDOM, 3,
	  NULL, NULL },
	{ "gsk_", &fmt_groq, "gsk_[A-Za-z0-9]{52}(?![A-Za-z0-9_])", DET_LEFT | DET_RANDOM, 4, NULL,
	  NULL },
	{ "AKIA", &fmt_aws_key_id, "AKIA[A-Z2-7]{16}(?![A-Za-z0-9])", DET_LEFT | DET_RANDOM, 4,
	  NULL, NULL },
	{ "ASIA", &fmt_aws_key_id, "ASIA[A-Z2-7]{16}(?![A-Za-z0-9])", DET_LEFT | DET_RANDOM, 4,
	  NULL, NULL },
	{ "ABIA", &fmt_aws_key_id, "ABIA[A-Z2-7]{16}(?![A-Za-z0-9])", DET_LEFT | DET_RANDOM, 4,
	  NULL, NULL },
	{ "ACCA", &fmt_aws_key_id, "ACCA[A-Z2-7]{16}(?![A-Za-z0-9])", DET_LEFT | DET_RANDOM, 4,
	  NULL, NULL },
	{ "AIza", &fmt_gcp_api_key, "AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])", DET_LEFT | DET_RANDOM,
	  4, NULL, NULL },
	{ "AccountKey=", &fmt_azure_storage, "AccountKey=([A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])",
	  DET_LEFT | DET_RANDOM, 0, NULL, NULL },
	{ "SharedAccessKey=", &fmt_azure_sas,
	  "SharedAccessKey=([A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=)(?![A-Za-z0-9+/=])",
	  DET_LEFT | DET_RANDOM, 0, NULL, NULL },
	{ "gh", &fmt_github, "gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])", DET_LEFT | DET_RANDOM, 4,
	  NULL, NULL },
	{ "github_pat_", &fmt_github_pat, "github_pat_[A-Za-z0-9_]{82}(?![A-Za-z0-9_])",
	  DET_LEFT | DET_RANDOM, 11, NULL, NULL },
	/* Classic 20-char and routable (payload.version) personal access tokens. */
	{ "glpat-", &fmt_gitlab_pat,
	  "glpat-(?:[A-Za-z0-9_-]{27,300}\\.[0-9a-z]{2}[0-9a-z]{7}|[A-Za-z0-9_-]{20})(?![A-Za-z0-9_.-])",
	  DET_LEFT | DET_RANDOM, 6, NULL, NULL },
	{ "gl", &fmt_gitlab_other,
	  "gl(?:oas|dt|rt|rtr|cbt|ptt|ft|imt|agent|soat|ffct|wt)-[A-Za-z0-9_-]{20,300}"
	  "(?:\\.[0-9a-z]{2}[0-9a-z]{7})?(?![A-Za-z0-9_.-])",
	  DET_LEFT | DET_RANDOM, 3, NULL, NULL },
	{ "GR1348941", &fmt_gitlab_other, "GR1348941[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])",
	  DET_LEFT | DET_RANDOM, 9, NULL, NULL },
	/* xoxb/xoxp/xoxa/xoxr/xoxs (bot, user, app, refresh, session) and xoxe rotation. */
	{ "xox", &fmt_slack,
	  "xox(?:[baprs]|e(?:\\.xox[bp])?)-(?:[0-9]{1,20}-){0,4}[A-Za-z0-9]{8,300}"
	  "(?:-[A-Za-z0-9]{8,64})?(?![A-Za-z0-9-])",
	  DET_LEFT, 0, verify_slack, NULL },
	{ "xapp-", &fmt_slack, "xapp-\\d-[A-Z0-9]{8,14}-\\d{8,16}-[a-z0-9]{40,80}(?![A-Za-z0-9-])",
	  DET_LEFT | DET_RANDOM, 7, NULL, NULL },
	{ "hooks.slack.com/", &fmt_slack_webhook,
	  "hooks\\.slack\\.com/(?:services/T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{20,32}"
	  "|(?:workflows|triggers)/[A-Za-z0-9/_-]{30,200})(?![A-Za-z0-9])",
	  DET_LEFT, 0, NULL, NULL },
	{ "sk_live_", &fmt_stripe_live, "sk_live_[A-Za-z0-9]{20,247}(?![A-Za-z0-9_])",
	  DET_LEFT | DET_RANDOM, 8, NULL, NULL },
	{ "rk_live_", &fmt_stripe_live, "rk_live_[A-Za-z0-9]{20,247}(?![A-Za-z0-9_])",
	  DET_LEFT | DET_RANDOM, 8, NULL, NULL },
	{ "sk_test_", &fmt_stripe_test, "sk_test_[A-Za-z0-9]{20,247}(?![A-Za-z0-9_])",
	  DET_LEFT | DET_RANDOM, 8, NULL, NULL },
	{ "rk_test_", &fmt_stripe_test, "rk_test_[A-Za-z0-9]{20,247}(?![A-Za-z0-9_])",
	  DET_LEFT | DET_RANDOM, 8, NULL, NULL },
	{ "SG.", &fmt_sendgrid, "SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])",
	  DET_LEFT | DET_RANDOM, 3, NULL, NULL },
	{ "SK", &fmt_twilio, "SK[0-9a-fA-F]{32}(?![A-Za-z0-9])", DET_LEFT | DET_RANDOM, 2, NULL,
	  NULL },
	/* Macaroon tokens: "pypi-" then base64 of the binary caveat header naming pypi.org. */
	{ "pypi-AgEIcHlwaS5vcmc", &fmt_pypi, "pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])",
	  DET_LEFT, 0, NULL, NULL },
	{ "pypi-AgENdGVzdC5weXBpLm9yZw", &fmt_pypi,
	  "pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])", DET_LEFT, 0, NULL,
	  NULL },
	{ "npm_", &fmt_npm, "npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])", DET_LEFT | DET_RANDOM, 4, NULL,
	  NULL },
	{ "dckr_", &fmt_docker, "dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,64}(?![A-Za-z0-9_-])",
	  DET_LEFT | DET_RANDOM, 9, NULL, NULL },
	{ "-----BEGIN", NULL, NULL, 0, 0, NULL, mlr_secret__detect_pem },
	{ "://", NULL, NULL, 0, 0, NULL, mlr_secret__detect_url },
	{ "=", NULL, NULL, 0, 0, NULL, mlr_secret__detect_assign },
	{ ",", NULL, NULL, 0, 0, NULL, mlr_secret__detect_assign },
	{ ">", NULL, NULL, 0, 0, NULL, mlr_secret__detect_assign },
	{ ":", NULL, NULL, 0, 0, NULL, mlr_secret__detect_assign },
};

const mlr_secret_detector *mlr_secret__detectors(size_t *count)
{
	*count = sizeof(detectors) / sizeof(detectors[0]);
	return detectors;
}

static const mlr_secret_format *const all_formats[] = {
	&fmt_openai, &fmt_anthropic, &fmt_anthropic_admin, &fmt_hf, &fmt_hf_org,
	&mlr_fmt_wandb, &mlr_fmt_comet, &fmt_neptune, &fmt_databricks, &fmt_replicate,
	&mlr_fmt_cohere, &fmt_groq, &mlr_fmt_kaggle, &fmt_aws_key_id, &mlr_fmt_aws_secret,
	&mlr_fmt_gcp_service_account, &fmt_gcp_api_key, &fmt_azure_storage, &fmt_azure_sas,
	&fmt_github, &fmt_github_pat, &fmt_gitlab_pat, &fmt_gitlab_other, &fmt_slack,
	&fmt_slack_webhook, &fmt_stripe_live, &fmt_stripe_test, &fmt_sendgrid, &fmt_twilio,
	&mlr_fmt_twilio_token, &fmt_pypi, &fmt_npm, &fmt_docker, &fmt_jwt,
	&mlr_fmt_private_key, &mlr_fmt_openssh_key, &mlr_fmt_pgp_key, &mlr_fmt_database_url,
	&mlr_fmt_url_password, &mlr_fmt_generic,
};

const mlr_secret_format *const *mlr_secret_formats(size_t *count)
{
	*count = sizeof(all_formats) / sizeof(all_formats[0]);
	return all_formats;
}

const mlr_secret_format *mlr_secret_format_generic(void)
{
	return &mlr_fmt_generic;
}
