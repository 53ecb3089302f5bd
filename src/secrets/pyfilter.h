/*
 * A byte-level prefilter for the syntax-tree pass of MLR201 in --history, where parsing
 * every version of every Python file costs far more than scanning it: a Python blob is
 * parsed only when that pass could find something in it.
 */
#ifndef MLR_SECRETS_PYFILTER_H
#define MLR_SECRETS_PYFILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "secrets/secrets.h"

/* False when no string literal of the source is credential-shaped with a secret-like
 * name (s's vocabulary, config names included) or a credential sink in the two lines
 * before it or on its own line: then the tree pass, which needs both, finds nothing.
 * True otherwise. Lexes strings and comments as Python does; one pass. */
bool mlr_secret_python_may_bind(const mlr_secret_scanner *s, const char *data, size_t len);

#endif
