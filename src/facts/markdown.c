/*
 * Is a Markdown file a model card? By name (MODEL_CARD.md, model_card.md, modelcard.md,
 * anywhere), or a README whose YAML front matter carries Hugging Face model-card keys.
 * The full model-card checks (sections, freshness) belong to the documentation rules.
 */
#include "engine/engine.h"

#include <string.h>
#include <strings.h>

static const char *const card_names[] = { "model_card.md", "modelcard.md", "model-card.md", NULL };

static const char *const card_keys[] = { "license:", "tags:", "datasets:", "model-index:",
	"pipeline_tag:", "library_name:", "base_model:", "language:", "metrics:", NULL };

static bool is_readme(const char *base)
{
	return !strcasecmp(base, "readme.md") || !strcasecmp(base, "readme.markdown");
}

/* Front matter: the file starts with a `---` line and a later `---` line closes it. One of
 * its top-level keys must be a model-card key. */
static bool hf_front_matter(const char *data, size_t len)
{
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
		data += 3;
		len -= 3;
	}
	if (len < 4 || memcmp(data, "---", 3) || (data[3] != '\n' && data[3] != '\r'))
		return false;
	size_t pos = 4;
	bool key = false;
	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) : len;
		size_t ll = end - pos;
		if (ll >= 3 && !memcmp(data + pos, "---", 3))
			return key;
		for (size_t i = 0; card_keys[i]; i++) {
			size_t kl = strlen(card_keys[i]);
			if (ll >= kl && !memcmp(data + pos, card_keys[i], kl))
				key = true;
		}
		pos = end + 1;
	}
	return false;
}

void mlr_md_facts(mlr_file_facts *facts, const char *path, const char *data, size_t len)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	for (size_t i = 0; card_names[i]; i++)
		if (!strcasecmp(base, card_names[i]))
			facts->flags |= MLR_FACT_MODEL_CARD;
	if (is_readme(base) && hf_front_matter(data, len))
		facts->flags |= MLR_FACT_MODEL_CARD;
}
