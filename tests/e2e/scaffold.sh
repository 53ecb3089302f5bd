#!/usr/bin/env bash
# scaffold.sh BIN — `mlready init` and `mlready scaffold KIND`: each writes the piece a
# finding asks for, prefilled from what the repository shows, that the finding then no
# longer reports; never overwrites without --force; never writes through a symlink;
# repository-supplied names cannot break the YAML it writes.
set -uo pipefail

. "${BASH_SOURCE[0]%/*}/lib/suite.sh"
suite scaffold "$@"

. "${BASH_SOURCE[0]%/*}/lib/tally.sh"
check() { # name command... : passes when the command succeeds
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else fail "$name" "$*"; fi
}
# findings of one rule in a JSON report of the repository
count() { "$bin" --format json --fail-on never "$1" 2>/dev/null | jq --arg id "$2" '[.findings[] | select(.rule_id == $id)] | length'; }
assessed() { "$bin" --format json --fail-on never "$1" 2>/dev/null | jq -r --arg id "$2" '.rules[] | select(.id == $id) | .assessed'; }
yaml_ok() { python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$1"; }
front_yaml_ok() { python3 -c 'import sys, yaml; t = open(sys.argv[1]).read().split("---\n"); yaml.safe_load(t[1])' "$1"; }

ex=$tmp/example
"$here/make_repo.sh" "$root/fixtures/example-project" "$ex" >/dev/null || exit 1

# ---- init: a starter config the config loader accepts, tuned to what it found
"$bin" init "$ex" >"$tmp/out" 2>&1
rc=$?
if [ $rc -eq 0 ] && [ -f "$ex/.mlready.yml" ] && grep -q "wrote $ex/.mlready.yml" "$tmp/out"; then ok "init writes .mlready.yml"; else
	fail "init writes .mlready.yml" "exit $rc: $(head -n 1 "$tmp/out")"; fi
"$bin" --config "$ex/.mlready.yml" "$ex" >/dev/null 2>"$tmp/err"
rc=$?
# 0 or 1 (its min-score is a gate); 2 would be a config error
if [ $rc -le 1 ] && [ ! -s "$tmp/err" ]; then ok "the config it writes loads (every key valid)"; else
	fail "the config it writes loads" "exit $rc: $(head -n 2 "$tmp/err" | paste -sd'|' -)"; fi
check "init: detected framework, training and serving code" grep -qE '^#   frameworks: scikit-learn$' "$ex/.mlready.yml"
check "init: production profile for a repository that serves a model" grep -qE '^profile: production$' "$ex/.mlready.yml"
check "init: tests/ found, its per-path ignore written" grep -qE '^  "tests/\*\*": \[MLR301\]' "$ex/.mlready.yml"
sum=$(md5sum <"$ex/.mlready.yml")
"$bin" init "$ex" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'exists: not overwritten (--force replaces it)' "$tmp/err" &&
	[ "$(md5sum <"$ex/.mlready.yml")" = "$sum" ]; then ok "init never overwrites without --force"; else
	fail "init never overwrites without --force" "exit $rc: $(head -n 1 "$tmp/err")"; fi
echo "# local edit" >>"$ex/.mlready.yml"
check "init --force replaces it" "$bin" init --force "$ex"
check "the replaced file is the starter again" test "$(md5sum <"$ex/.mlready.yml")" = "$sum"
rm -f "$ex/.mlready.yml"

# ---- model card: MLR401 goes away, the TODOs are MLR406's, the front matter parses
[ "$(count "$ex" MLR401)" = 1 ] || fail "example project" "MLR401 does not fire before the scaffold"
"$bin" scaffold model-card "$ex" >"$tmp/out" 2>&1
card=$ex/MODEL_CARD.md
if [ -f "$card" ] && grep -qE "wrote $card \([0-9]+ TODO to fill in\)" "$tmp/out"; then ok "scaffold model-card writes MODEL_CARD.md"; else
	fail "scaffold model-card" "$(head -n 1 "$tmp/out")"; fi
check "the card has every section MLR405 asks for" grep -qE '^## Intended use$' "$card"
for s in "Out-of-scope use" "Training data" "Evaluation" "Limitations, bias and risks" "How to use"; do
	grep -qE "^## $s\$" "$card" || fail "model card section" "$s missing"
done
check "front matter: library_name from the imports" grep -qE '^library_name: sklearn$' "$card"
check "front matter: metrics the code computes" grep -qE '^  - roc_auc$' "$card"
check "body: the training data the code loads" grep -qF 'loads `../data/customers.csv`' "$card"
check "body: the training entry point" grep -qF '**Training code:** `churn/train.py`' "$card"
check "front matter is valid YAML" front_yaml_ok "$card"
[ "$(count "$ex" MLR401)" = 0 ] && ok "MLR401 no longer fires" || fail "MLR401 no longer fires" "it still does"
[ "$(count "$ex" MLR402)" = 0 ] && ok "MLR402 (front matter) silent" || fail "MLR402" "the front matter does not parse"
todo=$(count "$ex" MLR406)
[ "$todo" -gt 5 ] && ok "MLR406 reports the $todo places left to fill" || fail "MLR406" "only $todo TODO reported"
check "MLR405 still says which sections need a person" test "$(count "$ex" MLR405)" = 1

# ---- a Hugging Face fine-tune: license, base model, datasets, logged metrics
hf=$tmp/hf
mkdir -p "$hf/src"
cat >"$hf/src/finetune.py" <<'EOF'
import evaluate
import wandb as wb
from datasets import load_dataset
from transformers import AutoModelForSequenceClassification as Model, Trainer

ds = load_dataset("imdb")
extra = load_dataset("evil:[x]#y")
model = Model.from_pretrained("distilbert-base-uncased")
local = Model.from_pretrained("./checkpoints/last")
metric = evaluate.load("accuracy")
trainer = Trainer(model=model, train_dataset=ds["train"])
trainer.train()
wb.log({"eval/f1": 0.9, "eval loss": 0.1})
EOF
cat >"$hf/LICENSE" <<'EOF'
                                 Apache License
                           Version 2.0, January 2004
EOF
printf 'transformers==4.44.0\n' >"$hf/requirements.txt"
check "scaffold model-card in a plain directory" "$bin" scaffold model-card "$hf"
card=$hf/MODEL_CARD.md
check "license from LICENSE (Apache-2.0)" grep -qE '^license: apache-2.0  # from LICENSE$' "$card"
check "base_model from from_pretrained (a Hub id, not ./checkpoints)" grep -qE '^base_model: distilbert-base-uncased ' "$card"
check "library_name transformers" grep -qE '^library_name: transformers$' "$card"
check "datasets: the Hub id" grep -qE '^  - imdb$' "$card"
check "a hostile dataset name is quoted, not YAML" grep -qF '  - "evil:[x]#y"' "$card"
check "metrics: evaluate.load and wandb.log keys" grep -qE '^  - eval/f1$' "$card"
check "metrics: accuracy" grep -qE '^  - accuracy$' "$card"
check "a key with a space is not a metric name" sh -c "! grep -q 'eval loss' '$card'"
check "front matter with hostile names is valid YAML" front_yaml_ok "$card"

# ---- CI: a workflow running the tests and mlready; MLR701 goes away
[ "$(count "$ex" MLR701)" = 1 ] || fail "example project" "MLR701 does not fire before the scaffold"
check "scaffold ci" "$bin" scaffold ci "$ex"
wf=$ex/.github/workflows/mlready.yml
check "the workflow is valid YAML" yaml_ok "$wf"
check "it installs requirements.txt" grep -qF 'pip install -r requirements.txt' "$wf"
check "it runs the tests with pytest" grep -qF 'run: python -m pytest -q tests' "$wf"
check "it runs mlready with the history PR mode needs" grep -qF 'fetch-depth: 0' "$wf"
[ "$(count "$ex" MLR701)" = 0 ] && ok "MLR701 no longer fires" || fail "MLR701 no longer fires" "it still does"
[ "$(count "$ex" MLR702)" = 0 ] && ok "MLR702 (CI runs no tests) silent" || fail "MLR702" "the workflow's test step is not recognised"

# ---- pre-commit config
check "scaffold pre-commit" "$bin" scaffold pre-commit "$ex"
check "the pre-commit config is valid YAML" yaml_ok "$ex/.pre-commit-config.yaml"
check "it has the staged-files hook" grep -qF 'entry: mlready --staged --files' "$ex/.pre-commit-config.yaml"
[ "$(count "$ex" MLR707)" = 0 ] && ok "MLR707 no longer fires" || fail "MLR707 no longer fires" "it still does"

# ---- Git LFS attributes: the extensions committed, kept and added to with --force
lfs=$tmp/lfs
mkdir -p "$lfs/models"
printf 'not a real model\n' >"$lfs/models/net.PT"
printf 'not a real model\n' >"$lfs/models/head.tflite"
printf '*.txt text\n*.pt filter=lfs diff=lfs merge=lfs -text\n' >"$lfs/.gitattributes"
"$bin" scaffold gitattributes "$lfs" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q -- '--force adds the missing lines' "$tmp/err"; then ok "gitattributes: an existing file is not touched without --force"; else
	fail "gitattributes without --force" "exit $rc: $(head -n 1 "$tmp/err")"; fi
check "gitattributes --force" "$bin" scaffold gitattributes --force "$lfs"
ga=$lfs/.gitattributes
check "its own lines are kept" grep -qxF '*.txt text' "$ga"
check "a committed extension is added (*.tflite)" grep -qxF '*.tflite filter=lfs diff=lfs merge=lfs -text' "$ga"
check "the usual weights are added (*.safetensors)" grep -qxF '*.safetensors filter=lfs diff=lfs merge=lfs -text' "$ga"
check "a pattern already there is not repeated" test "$(grep -c '^\*\.pt ' "$ga")" = 1

# ---- never through a symlink, never a surprise
evil=$tmp/evil
mkdir -p "$evil" "$tmp/outside"
ln -s "$tmp/outside" "$evil/.github"
"$bin" scaffold ci "$evil" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 3 ] && grep -q 'symlink' "$tmp/err" && [ -z "$(ls -A "$tmp/outside")" ]; then ok "a symlinked .github is not written through"; else
	fail "symlinked .github" "exit $rc, outside holds: $(ls -A "$tmp/outside" | paste -sd' ' -)"; fi
ln -s "$tmp/outside/card.md" "$evil/MODEL_CARD.md"
"$bin" scaffold model-card --force "$evil" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 3 ] && [ ! -e "$tmp/outside/card.md" ]; then ok "a symlinked MODEL_CARD.md is not written through, even with --force"; else
	fail "symlinked MODEL_CARD.md" "exit $rc"; fi
"$bin" scaffold dockerfile "$ex" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'model-card, ci, pre-commit, gitattributes' "$tmp/err"; then ok "an unknown kind names the known ones"; else
	fail "unknown kind" "exit $rc: $(head -n 1 "$tmp/err")"; fi
"$bin" scaffold model-card "$ex" --output "$tmp/card-copy.md" >/dev/null 2>&1
check "--output writes elsewhere" test -s "$tmp/card-copy.md"
check "no temporary file is left behind" test -z "$(find "$ex" "$hf" "$lfs" -name '*.mlready-*')"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
