#include "secrets/names.h"
#include "secrets/secrets.h"

#include <ctype.h>
#include <string.h>

static bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

bool mlr_secret__name_split(mlr_name_words *out, const char *name, size_t len)
{
	size_t wl = 0;

	out->count = 0;
	for (size_t i = 0; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)name[i] : 0;
		bool alnum = is_lower(c) || is_upper(c) || is_digit(c);
		bool brk = !alnum;
		if (alnum && wl > 0 && i > 0) {
			unsigned char p = (unsigned char)name[i - 1];
			unsigned char n = i + 1 < len ? (unsigned char)name[i + 1] : 0;
			/* apiKey -> api|Key; APIKey -> API|Key; but not inside an ACRONYM. */
			if (is_upper(c) && (is_lower(p) || is_digit(p)))
				brk = true;
			else if (is_upper(c) && is_upper(p) && is_lower(n))
				brk = true;
		}
		if (brk && wl > 0) {
			out->words[out->count][wl] = '\0';
			out->count++;
			wl = 0;
		}
		if (!alnum)
			continue;
		if (out->count >= MLR_NAME_MAX_WORDS || wl + 1 >= MLR_NAME_MAX_WORD)
			return false;
		out->words[out->count][wl++] = (char)tolower(c);
	}
	return out->count > 0;
}

bool mlr_secret__name_has(const mlr_name_words *w, const char *word)
{
	for (size_t i = 0; i < w->count; i++)
		if (strcmp(w->words[i], word) == 0)
			return true;
	return false;
}

static bool in_list(const char *word, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(word, list[i]) == 0)
			return true;
	return false;
}

/* A word that alone makes a name sensitive. */
static const char *const secret_words[] = {
	"password", "passwd", "pwd", "pass", "passphrase", "passcode", "secret", "token",
	"apikey", "accesskey", "secretkey", "privatekey", "authkey", "credential",
	"credentials", "creds", "bearer", "auth", "authtoken", "accesstoken", "apitoken",
	"apisecret", "clientsecret", "refreshtoken", "sessiontoken", NULL,
};

/* `<word>_key` is a credential... */
static const char *const key_owners[] = {
	"api", "access", "secret", "private", "auth", "signing", "encryption", "master",
	"client", "account", "app", "application", "service", "subscription", "license",
	"licence", "admin", "consumer", "session", "webhook", "hmac", "jwt", "crypt", "cipher",
	"storage", "openai", "anthropic", "wandb", "comet", "neptune", "cohere", "groq",
	"replicate", "kaggle", "stripe", "sendgrid", "twilio", "aws", "gcp", "azure",
	"google", "mistral", "together", "pinecone", "hf", "huggingface", "mailgun",
	"algolia", "datadog", "sentry", "slack", "github", "gitlab", "deepseek", "fireworks",
	"perplexity", "voyage", "serp", "serpapi", "tavily", "langchain", "langsmith",
	"elevenlabs", "assemblyai", "deepgram", "qdrant", "weaviate", "databricks", NULL,
};

/* In an environment-style NAME_KEY any owner is a credential except these, which name
 * lookup keys, public material or PRNG state. */
static const char *const key_non_owners[] = {
	"sort", "cache", "primary", "foreign", "public", "pub", "partition", "dict", "map",
	"lookup", "hash", "group", "index", "idx", "row", "column", "col", "unique", "registry",
	"object", "s3", "bucket", "file", "path", "name", "id", "type", "label", "target",
	"feature", "metric", "shard", "routing", "dedup", "join", "order", "lock", "redis",
	"state", "data", "input", "output", "message", "field", "attr", "event", "model",
	"item", "dataset", "batch", "sample", "image", "text", "class", "arg", "param",
	"context", "record", "entry", "node", "table", "result", "layer", "module", "prefix",
	"namespace", "rng", "prng", "random", "seed", "sub", "next", "idempotency", "query",
	"search", "filter", "version", "step", "task", "job", "run", "experiment", "hot",
	"short", "cut", "shortcut", "press", "composite", "natural", "surrogate", "config",
	"setting", "settings", "env", "ssh", "gpg", "pgp", "host", "known", NULL,
};

static bool all_upper(const char *s, size_t len)
{
	bool letter = false;
	for (size_t i = 0; i < len; i++) {
		if (is_lower((unsigned char)s[i]))
			return false;
		letter |= is_upper((unsigned char)s[i]);
	}
	return letter;
}

/* ...and these words after a secret word make the name about the secret, not the
 * secret itself: token_count, password_field, secret_name, key_path. */
static const char *const meta_suffixes[] = {
	"count", "counts", "num", "number", "len", "length", "size", "type", "types", "field",
	"fields", "name", "names", "path", "paths", "file", "filename", "files", "dir",
	"directory", "id", "ids", "index", "idx", "url", "uri", "urls", "endpoint", "label",
	"prompt", "regex", "re", "pattern", "policy", "min", "max", "limit", "limits", "env",
	"var", "variable", "header", "prefix", "suffix", "format", "fmt", "expiry", "expires",
	"expiration", "expire", "ttl", "timeout", "hint", "mask", "masked", "placeholder",
	"version", "ref", "arn", "param", "params", "store", "manager", "provider", "class",
	"cls", "fn", "func", "callback", "validator", "input", "required", "enabled",
	"scope", "scopes", "usage", "hash", "hashed", "sha", "sha1", "sha256", "sha512",
	"md5", "checksum", "digest", "commit", "uuid", "location", "loc", "source", "src",
	"mode", "kind", "key", "keys", "list", "map", "dict", "set", "id", "ids", "ok",
	"valid", "exists", "is", "has", "check", "reset", "forgot", "confirm", "confirmation",
	"validation", "strength", "policy", "rules", "error", "errors", "msg", "message",
	"text", "option", "options", "flag", "config", "cfg", "settings", "level", "ids",
	"tokenizer", "tokens", "per", "rate", "budget", "position", "pos", "offset", "start",
	"end", "span", "spans", "embedding", "embeddings", "vocab", "logprob", "logprobs",
	"method", "methods", "backend", "handler", "service",
	"helper", "util", "utils", "module", "plugin", "tag", "tags", "mgr", "hdr", "realm",
	"factory", "builder", "getter", "setter", "widget", "form", "input", "button", NULL,
};

/* Words that, anywhere in the name, say it holds a count or a spec, not a credential. */
static const char *const meta_prefixes[] = {
	"max", "min", "num", "n", "total", "count", "nb", "get", "set", "is", "has",
	"use", "show", "hide", "validate", "check", "generate", "gen", "create", "make",
	"new", "reset", "forgot", "forget", "update", "change", "verify", "hash", "hashed",
	"encrypt", "encrypted", "decrypt", "load", "read", "save", "write", "fetch", "parse",
	"refresh", "rotate", "revoke", "request", "send", "default", "special", "pad",
	"bos", "eos", "unk", "sep", "cls", "mask", "start", "end", "stop", "eot", "public",
	"pub", "publishable", "csrf", "xsrf",
	/* an NLP or diffusion "token" is a vocabulary entry: placeholder_token, trigger_token,
	 * user_agent_token, image_token */
	"placeholder", "initializer", "trigger", "agent", "vocab", "prompt", "added", "sos",
	"image", "img", "word", NULL,
};

bool mlr_secret_name_is_sensitive(const char *name, size_t len)
{
	mlr_name_words w;
	size_t hit = (size_t)-1;
	bool env_style;

	if (!name || len == 0 || len > 128)
		return false;
	if (!mlr_secret__name_split(&w, name, len))
		return false;
	env_style = all_upper(name, len);
	for (size_t i = 0; i < w.count; i++) {
		const char *word = w.words[i];
		if (in_list(word, secret_words)) {
			hit = i;
			continue;
		}
		/* `*_KEY`: a key word preceded by a word that owns credentials. */
		if (strcmp(word, "key") == 0 && i > 0 &&
		    (in_list(w.words[i - 1], key_owners) ||
		     (env_style && !in_list(w.words[i - 1], key_non_owners))))
			hit = i;
	}
	if (hit == (size_t)-1)
		return false;
	/* `use_auth_token` is HF's credential argument: `use` does not make it a flag. */
	if (w.count >= 2 && strcmp(w.words[w.count - 1], "token") == 0 &&
	    strcmp(w.words[0], "use") == 0)
		return true;
	for (size_t i = 0; i < hit; i++)
		if (in_list(w.words[i], meta_prefixes))
			return false;
	for (size_t i = hit + 1; i < w.count; i++)
		if (in_list(w.words[i], meta_suffixes))
			return false;
	return true;
}
