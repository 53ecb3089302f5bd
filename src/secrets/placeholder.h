#ifndef MLR_SECRETS_PLACEHOLDER_H
#define MLR_SECRETS_PLACEHOLDER_H

#include <stdbool.h>
#include <stddef.h>

/* A value that stands for a secret instead of being one: your-api-key, <token>, xxxx,
 * changeme, ***, sk-..., "dummy", "example", "password123"... */
bool mlr_secret__is_placeholder(const char *v, size_t len);

/* A value filled in elsewhere: ${VAR}, $VAR, {{ var }}, ${{ secrets.X }}, %(x)s, {x},
 * os.environ[...], os.getenv(...), process.env.X, ENV["X"]. */
bool mlr_secret__is_templated(const char *v, size_t len);

#endif
