#include "repo/ini.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/error.h"
#include "mlready.h"

#define INI_MAX_ENTRIES 20000

static char *trimmed(const char *s, size_t n, bool lower)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	char *r = mlr_strndup(s, n);
	for (char *p = r; lower && p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return r;
}

int mlr_ini_parse(mlr_ini *ini, const char *data, size_t len)
{
	char *section = mlr_strdup("");
	mlr_ini_entry *last = NULL;
	uint32_t line = 0;
	size_t p = 0;

	memset(ini, 0, sizeof(*ini));
	if (!section)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	while (p < len && ini->entries.len < INI_MAX_ENTRIES) {
		const char *nl = memchr(data + p, '\n', len - p);
		size_t e = nl ? (size_t)(nl - data) : len;
		const char *s = data + p;
		size_t n = e - p;
		p = e + 1;
		line++;
		size_t i = 0;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n || s[i] == '\r' || s[i] == '#' || s[i] == ';')
			continue;
		if (i > 0 && last) {
			/* an indented line continues the previous value */
			mlr_buf v = MLR_BUF_INIT;
			mlr_buf_puts(&v, last->value);
			char *t = trimmed(s + i, n - i, false);
			if (t && v.len)
				mlr_buf_putc(&v, '\n');
			if (t)
				mlr_buf_puts(&v, t);
			free(t);
			char *nv = mlr_buf_detach(&v);
			if (!nv)
				goto oom;
			free(last->value);
			last->value = nv;
			continue;
		}
		if (s[i] == '[') {
			const char *close = memchr(s + i, ']', n - i);
			if (!close)
				continue;
			char *name = trimmed(s + i + 1, (size_t)(close - s) - i - 1, false);
			if (!name || mlr_array_push(&ini->sections, name) < 0) {
				free(name);
				goto oom;
			}
			free(section);
			if (!(section = mlr_strdup(name)))
				goto oom;
			last = NULL;
			continue;
		}
		size_t k = i;
		while (k < n && s[k] != '=' && s[k] != ':')
			k++;
		if (k == n) {
			last = NULL;
			continue;
		}
		mlr_ini_entry en = { mlr_strdup(section), trimmed(s + i, k - i, true), trimmed(s + k + 1, n - k - 1, false), line };
		if (!en.section || !en.key || !en.value || mlr_array_push(&ini->entries, en) < 0) {
			free(en.section);
			free(en.key);
			free(en.value);
			goto oom;
		}
		last = &ini->entries.items[ini->entries.len - 1];
	}
	free(section);
	return 0;
oom:
	free(section);
	mlr_ini_dispose(ini);
	return mlr_error_set(MLR_ENOMEM, "out of memory");
}

void mlr_ini_dispose(mlr_ini *ini)
{
	if (!ini)
		return;
	for (size_t i = 0; i < ini->entries.len; i++) {
		free(ini->entries.items[i].section);
		free(ini->entries.items[i].key);
		free(ini->entries.items[i].value);
	}
	mlr_array_delete(&ini->entries);
	for (size_t i = 0; i < ini->sections.len; i++)
		free(ini->sections.items[i]);
	mlr_array_delete(&ini->sections);
}

const mlr_ini_entry *mlr_ini_get(const mlr_ini *ini, const char *section, const char *key)
{
	for (size_t i = 0; i < ini->entries.len; i++) {
		const mlr_ini_entry *e = &ini->entries.items[i];
		if (!strcasecmp(e->section, section) && !strcmp(e->key, key))
			return e;
	}
	return NULL;
}

bool mlr_ini_has_section(const mlr_ini *ini, const char *section)
{
	for (size_t i = 0; i < ini->sections.len; i++)
		if (!strcasecmp(ini->sections.items[i], section))
			return true;
	return false;
}
