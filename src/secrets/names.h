#ifndef MLR_SECRETS_NAMES_H
#define MLR_SECRETS_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#define MLR_NAME_MAX_WORDS 12
#define MLR_NAME_MAX_WORD 32

/* An identifier split into lowercase words (snake, kebab, dot, camel and ACRONYMWord). */
typedef struct {
	char words[MLR_NAME_MAX_WORDS][MLR_NAME_MAX_WORD];
	size_t count;
} mlr_name_words;

/* Returns false when the name has too many or too long words to be an identifier. */
bool mlr_secret__name_split(mlr_name_words *out, const char *name, size_t len);

bool mlr_secret__name_has(const mlr_name_words *w, const char *word);

#endif
