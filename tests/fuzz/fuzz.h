/*
 * What the fuzz targets share: the libFuzzer entry points, a one-file engine that runs a
 * file through the same per-file analysis and repository checks as mlr_lint, and the
 * invariant checks that turn a wrong answer into a crash the fuzzer keeps.
 *
 * Each target is built twice: with libFuzzer (clang, `make fuzz`) and with a plain main
 * that replays files (tests/fuzz/replay.c, `make fuzz-regress`), so a crash found once
 * stays a test.
 */
#ifndef MLR_TESTS_FUZZ_H
#define MLR_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with a message: an invariant does not hold. libFuzzer keeps the input. */
void fz_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
#define FZ_ASSERT(cond, ...) \
	do { if (!(cond)) fz_fail(__VA_ARGS__); } while (0)

/* Lints data as the file at path (repository-relative; its directories are created):
 * the per-file analysis with every built-in file rule and query, then every repository
 * check, over a one-file repository. Checks the invariants every finding must hold
 * (a known rule, a message, the file's own path or none, positions in range), renders
 * the result in every report format, and frees everything. */
void fz_lint_file(const char *path, const uint8_t *data, size_t size);

/* The same for several files at once (paths[i] gets datas[i]). */
void fz_lint_files(const char *const *paths, const uint8_t *const *datas, const size_t *sizes,
	size_t n);

/* Writes every report format of result into memory and checks what a reader needs of
 * each: JSON and SARIF parse as JSON, nothing is empty. */
void fz_render_all(const mlr_result *result);

/* Checks a NUL-terminated buffer holds valid UTF-8; what names the output on failure. */
void fz_assert_utf8(const char *s, size_t len, const char *what);

/* Picks one of n choices from the input without consuming it (stable for the input). */
size_t fz_pick(const uint8_t *data, size_t size, size_t n);

#endif
