/*
 * Path classes for the change rules. They look at names only: a deleted file has no
 * content left to look at, and a name is what a reviewer sees in the PR's file list.
 */
#include "diff/change.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static bool word_in(const char *w, size_t n, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (strlen(words[i]) == n && !strncasecmp(w, words[i], n))
			return true;
	return false;
}

/* True when a word of the path (split at '/', '_', '-', '.'; trailing digits dropped, so
 * train2.py is "train") is one of words. dirs_only skips the base name. */
static bool path_has_word(const char *path, const char *const *words, bool dirs_only)
{
	const char *base = basename_of(path);
	const char *end = dirs_only ? base : path + strlen(path);
	const char *p = path;
	while (p < end) {
		while (p < end && strchr("/_-.", *p))
			p++;
		const char *w = p;
		while (p < end && !strchr("/_-.", *p))
			p++;
		size_t n = (size_t)(p - w);
		while (n > 1 && isdigit((unsigned char)w[n - 1]))
			n--;
		if (n && word_in(w, n, words))
			return true;
	}
	return false;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcasecmp(s + n - m, suffix);
}

/* True when a directory segment of path equals one of names. */
static bool dir_is(const char *path, const char *const *names)
{
	const char *base = basename_of(path);
	const char *p = path;
	while (p < base) {
		const char *slash = strchr(p, '/');
		if (!slash || slash >= base)
			break;
		if (word_in(p, (size_t)(slash - p), names))
			return true;
		p = slash + 1;
	}
	return false;
}

bool mlr_path_is_test(const char *path)
{
	static const char *const dirs[] = { "test", "tests", "testing", "unittests", "unit_tests",
		"integration_tests", "e2e", "__tests__", NULL };
	const char *b = basename_of(path);
	if (dir_is(path, dirs))
		return true;
	if (!strcmp(b, "conftest.py") || !strcmp(b, "tests.py"))
		return true;
	return has_suffix(b, ".py") && (!strncmp(b, "test_", 5) || has_suffix(b, "_test.py"));
}

bool mlr_path_is_eval(const char *path)
{
	static const char *const words[] = { "eval", "evals", "evaluate", "evaluation",
		"evaluations", "evaluator", "metric", "metrics", "benchmark", "benchmarks", "bench",
		"validation", "validate", "scoring", NULL };
	return path_has_word(path, words, false);
}

bool mlr_path_is_changelog(const char *path)
{
	static const char *const names[] = { "CHANGELOG", "CHANGES", "HISTORY", "NEWS",
		"RELEASE_NOTES", "RELEASE-NOTES", "RELEASENOTES", NULL };
	static const char *const dirs[] = { "changelog.d", "changes", "newsfragments",
		".changeset", "changelog", "release_notes", "release-notes", NULL };
	const char *b = basename_of(path);
	for (size_t i = 0; names[i]; i++) {
		size_t n = strlen(names[i]);
		if (!strncasecmp(b, names[i], n) && (b[n] == '\0' || b[n] == '.'))
			return true;
	}
	return dir_is(path, dirs);
}

bool mlr_path_is_model_card(const char *path)
{
	static const char *const dirs[] = { "model_cards", "model-cards", "modelcards", NULL };
	const char *b = basename_of(path);
	/* model_card_template.md is what cards are made from, not a card */
	if (!has_suffix(b, ".md") || strcasestr(b, "template"))
		return false;
	if (!strncasecmp(b, "model_card", 10) || !strncasecmp(b, "model-card", 10) ||
		!strncasecmp(b, "modelcard", 9))
		return true;
	return dir_is(path, dirs);
}

bool mlr_path_is_model_code_name(const char *path)
{
	static const char *const words[] = { "train", "training", "trainer", "trainers",
		"finetune", "finetuning", "model", "models", "modeling", "modelling", "network",
		"networks", "feature", "features", "featurize", "featurizer", "featurization",
		"preprocess", "preprocessing", "preprocessor", "pipeline", "pipelines", "inference",
		"infer", "predict", "predictor", "prediction", "predictions", "serve", "serving",
		"loss", "losses", "layers", "architecture", "classifier", "regressor", "estimator",
		"embedding", "embeddings", NULL };
	return path_has_word(path, words, false);
}
