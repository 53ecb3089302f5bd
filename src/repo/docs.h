/*
 * The repository's own documents: README, CHANGELOG, LICENSE, runbooks, and whether it
 * ships a package. Topic questions ("does the README say how to install?") are answered
 * from headings first, then from the commands and phrases a section would hold.
 */
#ifndef MLR_REPO_DOCS_H
#define MLR_REPO_DOCS_H

#include "repo/markdown.h"
#include "repo/repo.h"

/* The README at the root (README.md, README.rst, README.txt, README), or NULL. */
const mlr_file *mlr_docs_readme(const mlr_repo_ctx *ctx);
/* A changelog: CHANGELOG, CHANGES, HISTORY, NEWS, RELEASE_NOTES (any extension) at the root
 * or under docs/, or NULL. */
const mlr_file *mlr_docs_changelog(const mlr_repo_ctx *ctx);
/* LICENSE, LICENCE, COPYING (any extension, any suffix like LICENSE-MIT) at the root, or a
 * LICENSES/ directory; NULL if none. */
const mlr_file *mlr_docs_license(const mlr_repo_ctx *ctx);
/* The repository builds a distributable Python package (pyproject with a project or Poetry
 * name, setup.py, setup.cfg with [metadata]). */
bool mlr_docs_packaged(mlr_repo_ctx *ctx);

/* A document answers a topic: a heading with one of `headings` (word prefix), or a line
 * outside comments holding one of `phrases` (case-insensitive). Either list may be NULL. */
bool mlr_md_covers(const mlr_md *md, const char *const *headings, const char *const *phrases);

#endif
