/*
 * Bounds on untrusted YAML, checked before libyaml sees a byte of it.
 *
 * libyaml 0.2.5 is quadratic in three things a file controls: every token rescans the
 * open flow collections (`[[[[...`), every anchor is compared with every earlier one and
 * every alias searches the anchors, every %TAG directive is compared with the earlier
 * ones. 100,000 nested brackets or 80,000 anchors in a file under 1 MiB take minutes
 * (tests/e2e/adversarial.sh). Real files stay far below these bounds.
 *
 * Header-only: the rule loader is also linked into build/rulegen, which has no library.
 */
#ifndef MLR_REPO_YAML_LIMITS_H
#define MLR_REPO_YAML_LIMITS_H

#include <stddef.h>
#include <stdint.h>

#define MLR_YAML_MAX_FLOW_DEPTH 256
#define MLR_YAML_MAX_ANCHORS 2000
#define MLR_YAML_MAX_ALIASES 20000
#define MLR_YAML_MAX_DIRECTIVES 64

static inline int mlr_yaml__name_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	       c == '-' || c >= 0x80;
}

/* NULL when data is within the bounds; otherwise which bound it passes, and the 1-based
 * line and column where. It over-counts (a bracket inside a quoted string counts) and
 * never under-counts, so libyaml never meets more than the bounds. */
static inline const char *mlr_yaml_over_limits(const char *data, size_t len, uint32_t *line,
	uint32_t *col)
{
	const unsigned char *d = (const unsigned char *)data;
	size_t depth = 0, anchors = 0, aliases = 0, directives = 0, line_start = 0;
	uint32_t ln = 1;
	const char *why = NULL;
	size_t i;

	for (i = 0; i < len && !why; i++) {
		unsigned char c = d[i], prev = i ? d[i - 1] : '\n';
		switch (c) {
		case '\n':
			ln++;
			line_start = i + 1;
			break;
		case '[':
		case '{':
			if (++depth > MLR_YAML_MAX_FLOW_DEPTH)
				why = "flow collections nested too deep";
			break;
		case ']':
		case '}':
			if (depth)
				depth--;
			break;
		case '%':
			if (prev == '\n' && ++directives > MLR_YAML_MAX_DIRECTIVES)
				why = "too many directives";
			break;
		case '&':
		case '*':
			/* an anchor or alias starts a token and is followed by a name */
			if ((prev == ' ' || prev == '\t' || prev == '\n' || prev == '\r' || prev == '[' ||
				    prev == '{' || prev == ',') &&
				i + 1 < len && mlr_yaml__name_char(d[i + 1])) {
				if (c == '&' && ++anchors > MLR_YAML_MAX_ANCHORS)
					why = "too many anchors";
				else if (c == '*' && ++aliases > MLR_YAML_MAX_ALIASES)
					why = "too many aliases";
			}
			break;
		}
	}
	if (why) {
		*line = ln;
		*col = (uint32_t)(i - line_start);
	}
	return why;
}

#endif
