#include "scaffold/text.h"

#include <ctype.h>
#include <string.h>

static bool yaml_plain(const char *s)
{
	if (!*s || !isalnum((unsigned char)*s))
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._/+-", *p))
			return false;
	/* words YAML would read as something else */
	static const char *const special[] = { "true", "false", "yes", "no", "on", "off", "null",
		"True", "False", "Yes", "No", "On", "Off", "Null", "NULL", "TRUE", "FALSE", NULL };
	for (size_t i = 0; special[i]; i++)
		if (!strcmp(s, special[i]))
			return false;
	return true;
}

void mlr_yaml_scalar(mlr_buf *out, const char *s)
{
	if (yaml_plain(s)) {
		mlr_buf_puts(out, s);
		return;
	}
	mlr_buf_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			mlr_buf_printf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			mlr_buf_printf(out, "\\x%02x", *p);
		else
			mlr_buf_putc(out, (char)*p);
	}
	mlr_buf_putc(out, '"');
}

void mlr_md_code(mlr_buf *out, const char *s)
{
	size_t run = 0, longest = 0;
	for (const char *p = s; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	for (size_t i = 0; i <= longest; i++)
		mlr_buf_putc(out, '`');
	if (longest)
		mlr_buf_putc(out, ' ');
	for (const char *p = s; *p; p++)
		mlr_buf_putc(out, (*p == '\n' || *p == '\r') ? ' ' : *p);
	if (longest)
		mlr_buf_putc(out, ' ');
	for (size_t i = 0; i <= longest; i++)
		mlr_buf_putc(out, '`');
}

void mlr_list_join(mlr_buf *out, const mlr_str_array *a, size_t max, bool code)
{
	size_t shown = a->len < max ? a->len : max;
	for (size_t i = 0; i < shown; i++) {
		if (i)
			mlr_buf_puts(out, i + 1 == shown && shown == a->len ? " and " : ", ");
		if (code)
			mlr_md_code(out, a->items[i]);
		else
			mlr_md_text(out, a->items[i]);
	}
	if (a->len > shown)
		mlr_buf_printf(out, " and %zu more", a->len - shown);
}

void mlr_md_text(mlr_buf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		mlr_buf_putc(out, *p < 0x20 || *p == 0x7f ? ' ' : (char)*p);
}

void mlr_shell_arg(mlr_buf *out, const char *s)
{
	bool plain = *s != '\0';
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._/+-=:,@", *p))
			plain = false;
	if (plain) {
		mlr_buf_puts(out, s);
		return;
	}
	mlr_buf_putc(out, '\'');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\'')
			mlr_buf_puts(out, "'\\''");
		else
			mlr_buf_putc(out, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
	}
	mlr_buf_putc(out, '\'');
}
