#include "repo/toml.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "mlready.h"

/* A pyproject.toml has tens of keys; a file with more is not one we need to read whole. */
#define TOML_MAX_ENTRIES 20000

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The end of a string starting at p (a quote), or len when unterminated. */
static size_t scan_string(const char *d, size_t len, size_t p)
{
	char q = d[p];
	if (p + 2 < len && d[p + 1] == q && d[p + 2] == q) {
		for (size_t i = p + 3; i + 2 < len; i++) {
			if (q == '"' && d[i] == '\\') {
				i++;
				continue;
			}
			if (d[i] == q && d[i + 1] == q && d[i + 2] == q) {
				/* up to two more quotes belong to the content */
				size_t e = i + 3;
				while (e < len && d[e] == q && e < i + 5)
					e++;
				return e;
			}
		}
		return len;
	}
	for (size_t i = p + 1; i < len; i++) {
		if (d[i] == '\n')
			return i;
		if (q == '"' && d[i] == '\\') {
			i++;
			continue;
		}
		if (d[i] == q)
			return i + 1;
	}
	return len;
}

/* The end of the value starting at p. */
static size_t scan_value(const char *d, size_t len, size_t p)
{
	if (p >= len)
		return len;
	if (d[p] == '"' || d[p] == '\'')
		return scan_string(d, len, p);
	if (d[p] == '[' || d[p] == '{') {
		size_t depth = 0;
		for (size_t i = p; i < len; i++) {
			char c = d[i];
			if (c == '"' || c == '\'') {
				i = scan_string(d, len, i) - 1;
				continue;
			}
			if (c == '#') {
				while (i < len && d[i] != '\n')
					i++;
				continue;
			}
			if (c == '[' || c == '{')
				depth++;
			else if ((c == ']' || c == '}') && --depth == 0)
				return i + 1;
		}
		return len;
	}
	size_t e = p;
	while (e < len && d[e] != '\n' && d[e] != '#')
		e++;
	while (e > p && is_ws(d[e - 1]))
		e--;
	return e;
}

/* A key or table name with its quotes and the blanks around dots dropped. */
static char *clean_name(const char *s, size_t n)
{
	mlr_buf b = MLR_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '"' && s[i] != '\'' && !is_ws(s[i]))
			mlr_buf_putc(&b, s[i]);
	char *r = mlr_buf_detach(&b);
	return r ? r : mlr_strdup("");
}

static uint32_t count_lines(const char *s, size_t n)
{
	uint32_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += s[i] == '\n';
	return c;
}

int mlr_toml_parse(mlr_toml *t, const char *data, size_t len)
{
	char *table = mlr_strdup("");
	size_t p = 0;
	uint32_t line = 1;

	memset(t, 0, sizeof(*t));
	t->data = data;
	t->len = len;
	if (!table)
		return mlr_error_set(MLR_ENOMEM, "out of memory");
	while (p < len && t->entries.len < TOML_MAX_ENTRIES) {
		char c = data[p];
		if (is_ws(c)) {
			p++;
			continue;
		}
		if (c == '\n') {
			line++;
			p++;
			continue;
		}
		const char *nl = memchr(data + p, '\n', len - p);
		size_t eol = nl ? (size_t)(nl - data) : len;
		if (c == '#') {
			p = eol;
			continue;
		}
		if (c == '[') {
			size_t s = p + 1 + (p + 1 < eol && data[p + 1] == '[');
			const char *close = memchr(data + s, ']', eol - s);
			if (close) {
				char *name = clean_name(data + s, (size_t)(close - data) - s);
				if (!name || mlr_array_push(&t->tables, name) < 0) {
					free(name);
					goto oom;
				}
				free(table);
				if (!(table = mlr_strdup(name)))
					goto oom;
			}
			p = eol;
			continue;
		}
		const char *eq = memchr(data + p, '=', eol - p);
		if (!eq) {
			p = eol;
			continue;
		}
		size_t vs = (size_t)(eq - data) + 1;
		while (vs < eol && is_ws(data[vs]))
			vs++;
		size_t ve = scan_value(data, len, vs);
		mlr_toml_entry e = { mlr_strdup(table), clean_name(data + p, (size_t)(eq - data) - p), data + vs,
			ve - vs, line };
		if (!e.table || !e.key || mlr_array_push(&t->entries, e) < 0) {
			free(e.table);
			free(e.key);
			goto oom;
		}
		line += count_lines(data + p, ve - p);
		p = ve > p ? ve : p + 1;
		/* the rest of the line after a value is a comment or garbage */
		const char *rest = memchr(data + p, '\n', len - p);
		p = rest ? (size_t)(rest - data) : len;
	}
	free(table);
	return 0;
oom:
	free(table);
	mlr_toml_dispose(t);
	return mlr_error_set(MLR_ENOMEM, "out of memory");
}

void mlr_toml_dispose(mlr_toml *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->entries.len; i++) {
		free(t->entries.items[i].table);
		free(t->entries.items[i].key);
	}
	mlr_array_delete(&t->entries);
	for (size_t i = 0; i < t->tables.len; i++)
		free(t->tables.items[i]);
	mlr_array_delete(&t->tables);
}

const mlr_toml_entry *mlr_toml_get(const mlr_toml *t, const char *table, const char *key)
{
	for (size_t i = 0; i < t->entries.len; i++) {
		const mlr_toml_entry *e = &t->entries.items[i];
		if (!strcmp(e->table, table) && !strcmp(e->key, key))
			return e;
	}
	/* dotted keys: [tool] pytest.ini_options.testpaths = ... */
	size_t tl = strlen(table);
	for (size_t i = 0; i < t->entries.len; i++) {
		const mlr_toml_entry *e = &t->entries.items[i];
		size_t el = strlen(e->table);
		if (el < tl && !strncmp(table, e->table, el) && (el == 0 || table[el] == '.')) {
			const char *rest = table + el + (el ? 1 : 0);
			size_t rl = strlen(rest);
			if (!strncmp(e->key, rest, rl) && e->key[rl] == '.' && !strcmp(e->key + rl + 1, key))
				return e;
		}
	}
	return NULL;
}

bool mlr_toml_has_table(const mlr_toml *t, const char *table)
{
	size_t tl = strlen(table);
	for (size_t i = 0; i < t->tables.len; i++)
		if (!strncmp(t->tables.items[i], table, tl) && (t->tables.items[i][tl] == '\0' || t->tables.items[i][tl] == '.'))
			return true;
	for (size_t i = 0; i < t->entries.len; i++) {
		const mlr_toml_entry *e = &t->entries.items[i];
		if (!strncmp(e->table, table, tl) && (e->table[tl] == '\0' || e->table[tl] == '.'))
			return true;
	}
	return false;
}

char *mlr_toml_string(const char *raw, size_t len)
{
	if (len < 2 || (raw[0] != '"' && raw[0] != '\''))
		return NULL;
	char q = raw[0];
	size_t s = 1, e = len - 1;
	if (len >= 6 && raw[1] == q && raw[2] == q) {
		s = 3;
		e = len - 3;
		if (s < e && raw[s] == '\n')
			s++;
	}
	if (e < s || raw[e] != q)
		e = len; /* unterminated: take what is there */
	mlr_buf b = MLR_BUF_INIT;
	for (size_t i = s; i < e && i < len; i++) {
		char c = raw[i];
		if (q == '"' && c == '\\' && i + 1 < e) {
			char n = raw[++i];
			mlr_buf_putc(&b, n == 'n' ? '\n' : n == 't' ? '\t' : n);
			continue;
		}
		mlr_buf_putc(&b, c);
	}
	char *r = mlr_buf_detach(&b);
	return r ? r : mlr_strdup("");
}

void mlr_toml_each_string(const char *raw, size_t len, uint32_t first_line, mlr_toml_item_fn fn,
	void *payload)
{
	uint32_t line = first_line;
	if (len && raw[0] != '[') {
		char *s = mlr_toml_string(raw, len);
		if (s)
			fn(payload, s, line);
		free(s);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		char c = raw[i];
		if (c == '\n') {
			line++;
		} else if (c == '#') {
			while (i + 1 < len && raw[i + 1] != '\n')
				i++;
		} else if (c == '"' || c == '\'') {
			size_t e = scan_string(raw, len, i);
			char *s = mlr_toml_string(raw + i, e - i);
			if (s)
				fn(payload, s, line);
			free(s);
			line += count_lines(raw + i, e - i);
			i = e - 1;
		}
	}
}

bool mlr_toml_inline_get(const char *raw, size_t len, const char *key, const char **value,
	size_t *value_len)
{
	if (len < 2 || raw[0] != '{')
		return false;
	size_t kl = strlen(key);
	for (size_t i = 1; i < len;) {
		while (i < len && (is_ws(raw[i]) || raw[i] == ',' || raw[i] == '\n'))
			i++;
		size_t ks = i;
		while (i < len && raw[i] != '=' && raw[i] != '}')
			i++;
		if (i >= len || raw[i] != '=')
			return false;
		size_t ke = i;
		while (ke > ks && is_ws(raw[ke - 1]))
			ke--;
		i++;
		while (i < len && is_ws(raw[i]))
			i++;
		size_t ve = scan_value(raw, len, i);
		/* a bare value ends at a comma or the closing brace */
		if (raw[i] != '"' && raw[i] != '\'' && raw[i] != '[' && raw[i] != '{') {
			ve = i;
			while (ve < len && raw[ve] != ',' && raw[ve] != '}' && raw[ve] != '\n')
				ve++;
		}
		const char *k = raw + ks;
		size_t kn = ke - ks;
		if (kn >= 2 && (k[0] == '"' || k[0] == '\'')) {
			k++;
			kn -= 2;
		}
		if (kn == kl && !memcmp(k, key, kl)) {
			*value = raw + i;
			*value_len = ve - i;
			while (*value_len && is_ws((*value)[*value_len - 1]))
				(*value_len)--;
			return true;
		}
		i = ve > i ? ve : i + 1;
	}
	return false;
}
