#!/usr/bin/env bash
# precommit.sh BIN — mlready's pre-commit hooks, end to end, with the real pre-commit
# framework, offline: the hooks repository is a throwaway Git repository holding this
# tree's .pre-commit-hooks.yaml (what `repo: <url>` would clone), the project a throwaway
# repository that installs it. A commit with a hardcoded key is refused with a clear
# message; a clean one passes; a file the commit does not touch is not linted.
set -uo pipefail

. "${BASH_SOURCE[0]%/*}/lib/suite.sh"
suite precommit "$@"

. "${BASH_SOURCE[0]%/*}/lib/tally.sh"

if ! command -v pre-commit >/dev/null 2>&1; then
	fail "pre-commit" "the pre-commit framework is not installed (make deps installs Debian's pre-commit)"
	echo "$passed passed, $failed failed"
	exit 1
fi

# The hooks call `mlready` from PATH, as they would for a user after `make install`.
mkdir -p "$tmp/bin"
ln -s "$bin" "$tmp/bin/mlready"
export PATH="$tmp/bin:$PATH"
export HOME="$tmp/home" PRE_COMMIT_HOME="$tmp/cache" PRE_COMMIT_COLOR=never NO_COLOR=1
mkdir -p "$HOME"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t.invalid
git_() { git -c commit.gpgsign=false -c init.templateDir= "$@"; }

key_a=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
key_b=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

# ---- the hooks repository: this tree's .pre-commit-hooks.yaml, committed
hooks=$tmp/hooks-repo
mkdir -p "$hooks"
cp "$root/.pre-commit-hooks.yaml" "$hooks/"
(cd "$hooks" && git_ init -q -b main && git_ add -A && git_ commit -q -m hooks) || exit 1
rev=$(git -C "$hooks" rev-parse HEAD)

# ---- a project that uses them
proj=$tmp/project
mkdir -p "$proj/churn"
cd "$proj" || exit 1
git_ init -q -b main
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: mlready
      - id: mlready-score
        args: [--min-score, "0"]
EOF
printf 'def tenure_bucket(months):\n    return "new" if months < 12 else "loyal"\n' >churn/features.py
git_ add -A && git_ commit -q -m init
if pre-commit install >"$tmp/out" 2>&1; then ok "pre-commit install"; else fail "pre-commit install" "$(tail -n 3 "$tmp/out")"; fi

# 1. a staged hardcoded key: the commit is refused, with the finding and its fix
printf 'import os\nHF_TOKEN = "%s"\n' "$key_a" >churn/push.py
git_ add churn/push.py
head_before=$(git rev-parse HEAD)
git_ commit -m "push to the hub" >"$tmp/out" 2>&1
rc=$?
if [ $rc -ne 0 ] && [ "$(git rev-parse HEAD)" = "$head_before" ]; then
	ok "commit with a hardcoded key is refused"
else
	fail "commit with a hardcoded key is refused" "exit $rc"
fi
if grep -q 'churn/push.py:2:.*MLR201 hardcoded-secret' "$tmp/out" && grep -q 'fix: ' "$tmp/out"; then
	ok "the refusal names the file, line, rule and fix"
else
	fail "the refusal names the file, line, rule and fix" "$(grep -v '^$' "$tmp/out" | head -n 8 | paste -sd'|' -)"
fi
if grep -q "$key_a" "$tmp/out"; then
	fail "the key is not printed in full" "the output holds the key"
else
	ok "the key is not printed in full"
fi

# 2. the same file, clean: the commit passes
printf 'import os\nHF_TOKEN = os.environ["HF_TOKEN"]\n' >churn/push.py
git_ add churn/push.py
if git_ commit -q -m "read the token from the environment" >"$tmp/out" 2>&1 && [ "$(git rev-parse HEAD)" != "$head_before" ]; then
	ok "a clean commit passes"
else
	fail "a clean commit passes" "$(tail -n 5 "$tmp/out" | paste -sd'|' -)"
fi

# 3. only the staged files this commit changes: an old key elsewhere does not block it
printf 'KEY = "%s"\n' "$key_b" >churn/legacy.py
git_ add churn/legacy.py && git_ commit -q --no-verify -m "legacy (hooks skipped)"
printf 'def tenure_bucket(months):\n    return "new" if months < 6 else "loyal"\n' >churn/features.py
git_ add churn/features.py
if git_ commit -q -m "tune the bucket" >"$tmp/out" 2>&1; then
	ok "files outside the commit are not linted"
else
	fail "files outside the commit are not linted" "$(grep MLR "$tmp/out" | head -n 2 | paste -sd'|' -)"
fi

# 4. the staged content, not the work tree's: a key fixed only on disk still blocks
printf 'TOKEN = "%s"\n' "$key_a" >churn/upload.py
git_ add churn/upload.py
printf 'TOKEN = None\n' >churn/upload.py
if pre-commit run mlready >"$tmp/out" 2>&1; then
	fail "the staged content is what is linted" "passed although the staged file holds a key"
elif grep -q 'churn/upload.py:1:.*MLR201' "$tmp/out"; then
	ok "the staged content is what is linted"
else
	fail "the staged content is what is linted" "$(tail -n 4 "$tmp/out" | paste -sd'|' -)"
fi
git_ reset -q -- churn/upload.py && rm -f churn/upload.py

# 5. the score hook: no file names, always runs; fails below --min-score, says why
if pre-commit run mlready-score >"$tmp/out" 2>&1; then ok "score hook passes at --min-score 0"; else
	fail "score hook passes at --min-score 0" "$(tail -n 4 "$tmp/out" | paste -sd'|' -)"; fi
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: mlready-score
        args: [--min-score, "100"]
EOF
git_ add .pre-commit-config.yaml
if pre-commit run mlready-score >"$tmp/out" 2>&1; then
	fail "score hook fails below --min-score" "passed at --min-score 100"
elif grep -q 'Readiness score' "$tmp/out" && grep -q 'Overall' "$tmp/out"; then
	ok "score hook fails below --min-score, with the score table"
else
	fail "score hook fails below --min-score, with the score table" "$(tail -n 4 "$tmp/out" | paste -sd'|' -)"
fi

# 6. `mlready scaffold pre-commit` writes a config that works as it is (repo: local)
proj2=$tmp/project2
mkdir -p "$proj2"
cd "$proj2" || exit 1
git_ init -q -b main
printf 'x = 1\n' >main.py
if mlready scaffold pre-commit >"$tmp/out" 2>&1 && [ -f .pre-commit-config.yaml ]; then
	ok "scaffold pre-commit writes .pre-commit-config.yaml"
else
	fail "scaffold pre-commit writes .pre-commit-config.yaml" "$(cat "$tmp/out")"
fi
sed -i 's/--min-score 60/--min-score 0/' .pre-commit-config.yaml
git_ add -A && git_ commit -q --no-verify -m init
pre-commit install >/dev/null 2>&1
printf 'API_KEY = "%s"\n' "$key_b" >leak.py
git_ add leak.py
if git_ commit -q -m leak >"$tmp/out" 2>&1; then
	fail "the scaffolded hooks refuse a key" "the commit went through"
elif grep -q 'leak.py:1:.*MLR201' "$tmp/out"; then
	ok "the scaffolded hooks refuse a key"
else
	fail "the scaffolded hooks refuse a key" "$(tail -n 4 "$tmp/out" | paste -sd'|' -)"
fi

# 7. --files looks its paths up: a tracked one, an untracked one, an ignored one, a missing
# one; only the first two are linted (as a full listing would have them)
proj3=$tmp/project3
mkdir -p "$proj3"
cd "$proj3" || exit 1
git_ init -q -b main
printf 'ignored.py\n' >.gitignore
printf 'x = 1\n' >tracked.py
git_ add -A && git_ commit -q --no-verify -m init
printf 'API_KEY = "%s"\n' "$key_a" >>tracked.py
printf 'API_KEY = "%s"\n' "$key_b" >untracked.py
printf 'API_KEY = "%s"\n' "$key_b" >ignored.py
mlready --format json --fail-on never --no-cache --files tracked.py untracked.py ignored.py missing.py >"$tmp/out" 2>&1
got=$(jq -r '[.findings[] | select(.rule_id == "MLR201") | .path] | sort | join(",")' "$tmp/out" 2>/dev/null)
if [ "$got" = "tracked.py,untracked.py" ] && [ "$(jq '.files' "$tmp/out")" = 2 ]; then
	ok "--files: tracked and untracked paths linted, ignored and missing ones not"
else
	fail "--files: tracked and untracked paths linted, ignored and missing ones not" "got [$got], $(head -c 300 "$tmp/out")"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
