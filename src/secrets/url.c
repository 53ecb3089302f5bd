/*
 * Passwords in URLs: scheme://user:password@host. Silent on templated passwords
 * (${PASSWORD}, <password>, {{ pw }}), placeholders, user==password defaults and the
 * documentation hosts (example.com, RFC 2606).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "secrets/placeholder.h"
#include "secrets/scanner.h"

#define URL_MAX_USERINFO 512

static const char *const db_schemes[] = {
	"postgres", "postgresql", "pgsql", "mysql", "mariadb", "mongodb", "redis", "rediss",
	"amqp", "amqps", "mssql", "sqlserver", "oracle", "clickhouse", "cockroachdb",
	"cassandra", "neo4j", "bolt", "kafka", "nats", "snowflake", "memcached", "couchdb",
	"influxdb", "elasticsearch", "opensearch", "db2", "sqlalchemy", "mongo", "stomp", "mqtt",
	"sftp", "ftp", "ftps", "smtp", "smtps", "imap", "ldap", "ldaps", NULL,
};

static bool scheme_byte(unsigned char c)
{
	return isalnum(c) || c == '+' || c == '.' || c == '-';
}

static bool userinfo_byte(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !strchr("/?#\"'`<>\\,;()[]{}", c);
}

static bool is_db_scheme(const char *s, size_t len)
{
	/* postgresql+psycopg2: the dialect names the database */
	const char *plus = memchr(s, '+', len);
	size_t n = plus && strncasecmp(s, "mongodb+srv", len < 11 ? len : 11) != 0 ?
		(size_t)(plus - s) : len;
	if (n == 11 && strncasecmp(s, "mongodb+srv", 11) == 0)
		return true;
	for (size_t i = 0; db_schemes[i]; i++)
		if (strlen(db_schemes[i]) == n && strncasecmp(s, db_schemes[i], n) == 0)
			return true;
	return false;
}

static bool doc_host(const char *h, size_t len)
{
	static const char *const hosts[] = { "example.com", "example.org", "example.net",
		"example", "host", "hostname", "your-host", "yourhost", "server", "domain.com", NULL };
	size_t n = 0;
	while (n < len && h[n] != ':' && h[n] != '/' && userinfo_byte((unsigned char)h[n]))
		n++;
	for (size_t i = 0; hosts[i]; i++) {
		size_t k = strlen(hosts[i]);
		if (n >= k && strncasecmp(h + n - k, hosts[i], k) == 0 &&
		    (n == k || h[n - k - 1] == '.'))
			return true;
	}
	return n == 0;
}

int mlr_secret__detect_url(mlr_scan *scan, size_t pos, size_t *end)
{
	const char *d = scan->data;
	size_t len = scan->len, s = pos, i = pos + 3, at = 0, colon = 0;

	while (s > 0 && pos - s < 32 && scheme_byte((unsigned char)d[s - 1]))
		s--;
	if (pos - s < 2 || !isalpha((unsigned char)d[s]))
		return 0;
	for (; i < len && i - pos < URL_MAX_USERINFO && userinfo_byte((unsigned char)d[i]); i++)
		if (d[i] == '@')
			at = i;
	if (!at)
		return 0;
	for (size_t k = pos + 3; k < at; k++)
		if (d[k] == ':') {
			colon = k;
			break;
		}
	if (!colon || colon + 1 >= at)
		return 0;

	const char *user = d + pos + 3, *pw = d + colon + 1;
	size_t user_len = colon - (pos + 3), pw_len = at - colon - 1;

	if (mlr_secret__is_templated(pw, pw_len) || mlr_secret__is_placeholder(pw, pw_len))
		return 0;
	if (memchr(pw, '*', pw_len))
		return 0;
	/* guest:guest, postgres:postgres: well-known defaults, not secrets. */
	if (user_len == pw_len && memcmp(user, pw, pw_len) == 0)
		return 0;
	if (doc_host(d + at + 1, len - at - 1))
		return 0;
	*end = at;
	return mlr_secret__add(scan, colon + 1, pw_len,
		is_db_scheme(d + s, pos - s) ? &mlr_fmt_database_url : &mlr_fmt_url_password);
}
