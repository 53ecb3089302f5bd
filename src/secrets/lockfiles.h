/*
 * Files where the generic secret rule (a secret-like name next to a high-entropy value)
 * misfires: dependency lock files, whose integrity hashes and checksums look like keys,
 * and minified bundles, whose one huge line is all short names and random-looking
 * strings. In both, only the provider formats (prefixed, checkable shapes) are worth
 * reporting, and they still are: a token in a lock file's registry URL is a real leak.
 */
#ifndef MLR_SECRETS_LOCKFILES_H
#define MLR_SECRETS_LOCKFILES_H

#include <stdbool.h>
#include <stddef.h>

/* poetry.lock, Pipfile.lock, package-lock.json, yarn.lock, pnpm-lock.yaml, uv.lock,
 * Cargo.lock, composer.lock, go.sum, ... by base name. */
bool mlr_secret_path_is_lockfile(const char *path);

/* The first line over 64 KiB has less than a tenth of blanks. One pass at most. */
bool mlr_secret_data_is_minified(const char *data, size_t len);

#endif
