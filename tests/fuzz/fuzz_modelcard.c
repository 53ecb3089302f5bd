/* Model cards: Markdown structure, YAML front matter, model-index, sections and
 * placeholders, through the documentation rules. A training script sits beside the card
 * so that the rules which only judge ML repositories run. */
#include "fuzz.h"

static const char train[] = "import torch\nmodel = torch.nn.Linear(2, 1)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nopt.step()\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const cards[] = { "MODEL_CARD.md", "README.md", "model_cards/bert.md", "docs/model-card.md" };
	const char *paths[2] = { cards[fz_pick(data, size, 4)], "train.py" };
	const uint8_t *datas[2] = { data, (const uint8_t *)train };
	size_t sizes[2] = { size, sizeof(train) - 1 };
	fz_lint_files(paths, datas, sizes, 2);
	return 0;
}
