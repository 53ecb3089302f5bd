/* Writing repository-supplied names into YAML and Markdown without breaking either. */
#ifndef MLR_SCAFFOLD_TEXT_H
#define MLR_SCAFFOLD_TEXT_H

#include "core/buf.h"
#include "scaffold/scaffold.h"

/* A YAML scalar: plain when it is only [A-Za-z0-9._/+-] (and does not start with a
 * symbol), else double-quoted with escapes. */
void mlr_yaml_scalar(mlr_buf *out, const char *s);
/* Markdown inline code: `s`, with a longer fence when s holds backticks. */
void mlr_md_code(mlr_buf *out, const char *s);
/* Plain text on one line: control characters become spaces. */
void mlr_md_text(mlr_buf *out, const char *s);
/* A shell word: plain when safe, else single-quoted; control characters become '?'. */
void mlr_shell_arg(mlr_buf *out, const char *s);
/* "a, b and c" (code spans when code), at most max items, then "and N more". */
void mlr_list_join(mlr_buf *out, const mlr_str_array *a, size_t max, bool code);

#endif
