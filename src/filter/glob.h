/*
 * Path patterns for the config's excludes and per-path ignores, in the style of
 * .gitignore:
 *
 *   *        any run of characters within one path segment (never '/')
 *   ?        one character other than '/'
 *   [a-z]    one character of a class ([!a-z] or [^a-z]: not in it)
 *   **       as a whole segment (between slashes, or at either end of the pattern):
 *            any number of segments, zero included
 *   \c       the character c itself
 *
 * A pattern with no '/' (other than a trailing one) matches a file or directory name at
 * any depth: `*.ipynb`, `build`. A pattern with a '/' is anchored at the repository root
 * (a leading '/' is allowed and means the same). A pattern matches a path when it matches
 * the whole path or one of its directories: `data/raw` covers data/raw/2024/x.csv. A
 * trailing '/' matches directories only.
 *
 * Matching is linear in practice and never exponential: `*` and `**` backtrack only to
 * their last occurrence, so a hostile pattern in a linted repository's config cannot hang
 * the run.
 */
#ifndef MLR_FILTER_GLOB_H
#define MLR_FILTER_GLOB_H

#include <stdbool.h>
#include <stddef.h>

/* The longest pattern accepted. */
#define MLR_GLOB_MAX 1024

/* NULL when pattern is well-formed, else why it is not (a static string). */
const char *mlr_glob_invalid(const char *pattern);

/* Whether a repository-relative path ('/'-separated, no leading '/') matches. */
bool mlr_glob_match(const char *pattern, const char *path);

#endif
