/*
 * A line-level view of a Markdown document, enough for documentation rules: YAML front
 * matter, headings (ATX, setext, HTML <hN>; reStructuredText underlines on request),
 * fenced code and HTML comments. Not a renderer: it classifies lines.
 */
#ifndef MLR_REPO_MARKDOWN_H
#define MLR_REPO_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/array.h"

enum {
	MLR_MD_FRONT = 1u << 0,   /* inside the front matter, delimiters included */
	MLR_MD_FENCE = 1u << 1,   /* a ``` or ~~~ fence line */
	MLR_MD_CODE = 1u << 2,    /* inside a fenced code block */
	MLR_MD_HEADING = 1u << 3, /* a heading (or a setext underline) */
	MLR_MD_COMMENT = 1u << 4, /* inside a multi-line HTML comment */
	MLR_MD_BLANK = 1u << 5
};

typedef struct {
	size_t off;
	uint32_t len; /* without the line break */
	uint32_t flags;
} mlr_md_line;

typedef struct {
	uint32_t level; /* 1..6 */
	uint32_t line;  /* index into lines (0-based; the 1-based line number is line + 1) */
	uint32_t end;   /* index of the first line after its section (subsections included) */
	char *title;    /* lower case, markup stripped, spaces collapsed */
} mlr_md_heading;

typedef struct {
	const char *data;
	size_t len;
	mlr_array(mlr_md_line) lines;
	mlr_array(mlr_md_heading) headings;
	bool has_front_matter;
	bool front_matter_closed;
	size_t fm_off, fm_len; /* the YAML between the delimiters */
	uint32_t fm_line;      /* 1-based line of the YAML's first line */
} mlr_md;

/* Parses data (not copied: it must outlive md). rst also takes reStructuredText
 * underlines (=, -, ~, ^, *, +, #) as headings. 0 or MLR_ENOMEM. */
int mlr_md_parse(mlr_md *md, const char *data, size_t len, bool rst);
void mlr_md_dispose(mlr_md *md);

/* The first heading whose title contains one of the NULL-terminated needles as a word
 * prefix ("intended use" matches "Intended uses"), or NULL. */
const mlr_md_heading *mlr_md_find_heading(const mlr_md *md, const char *const *needles);
/* Whether title contains needle at a word start. */
bool mlr_md_title_has(const char *title, const char *needle);

#endif
