#!/usr/bin/env bash
# history.sh BIN — end-to-end behaviour of `mlready --history`: a repository built with git
# over several commits, branches and a tag; the JSON report must say which secret lives only
# in history (MLR231), which is still at HEAD (MLR201), which commit introduced each and
# when; credential files (MLR230) are reported once per path; shallow and bare clones work;
# no secret is ever printed in full. One line per check, then `N passed, N failed`.
set -uo pipefail

. "${BASH_SOURCE[0]%/*}/lib/suite.sh"
suite history "$@"
export GIT_AUTHOR_NAME=e2e GIT_AUTHOR_EMAIL=e2e@mlready.invalid
export GIT_COMMITTER_NAME=e2e GIT_COMMITTER_EMAIL=e2e@mlready.invalid
g() { git -c commit.gpgsign=false -c core.hooksPath=/dev/null -c init.templateDir= \
	-c protocol.file.allow=always "$@"; }
unset NO_COLOR

. "${BASH_SOURCE[0]%/*}/lib/tally.sh"

# check NAME JQ-EXPR — passes when the expression is true on the JSON report $json.
check() {
	if jq -e "$2" "$json" >/dev/null 2>&1; then ok "$1"; else fail "$1" "jq: $2"; fi
}

out=$tmp/stdout
err=$tmp/stderr
rc=0
run() {
	timeout 120 "$bin" "$@" >"$out" 2>"$err"
	rc=$?
	if [ $rc -ge 124 ] || grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$err"; then
		fail "run $*" "exit $rc: $(grep -m1 -E 'ERROR|Sanitizer|runtime error' "$err")"
		return 1
	fi
	return 0
}

# commit DATE MESSAGE — commits everything at a fixed date.
commit() {
	GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1 g commit -q -m "$2"
	g rev-parse HEAD
}

# Fake tokens: format-valid (hf_ + 34 letters), spelled to say what they are.
tok_gone=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
tok_kept=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
tok_side=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
tok_tag=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
tokens=("$tok_gone" "$tok_kept" "$tok_side" "$tok_tag")

repo=$tmp/repo
mkdir -p "$repo"
cd "$repo" || exit 1
g init -q -b main
mkdir -p src
printf 'import os\nHF_TOKEN = "%s"\n' "$tok_gone" >src/train.py
printf 'HF_TOKEN=%s\n' "$tok_gone" >.env
g add -A
c1=$(commit 2024-01-01T10:00:00Z "first training script")
# the same token, one more line: a second blob with the same secret
printf 'import os\nHF_TOKEN = "%s"\nEPOCHS = 3\n' "$tok_gone" >src/train.py
printf 'HF_TOKEN=%s\nDB_PASSWORD=postgres\n' "$tok_gone" >.env
g add -A
c2=$(commit 2024-02-01T10:00:00Z "more settings")
# the fix: read it from the environment, drop .env; a config keeps another token
printf 'import os\nHF_TOKEN = os.environ["HF_TOKEN"]\nEPOCHS = 3\n' >src/train.py
g rm -q .env
printf 'hub:\n  token: %s\n' "$tok_kept" >config.yaml
g add -A
c3=$(commit 2024-03-01T10:00:00Z "read the token from the environment")
# a branch never merged, and a tag on a commit no branch has
g checkout -q -b wip
printf 'notes\nHF_TOKEN=%s\n' "$tok_side" >notes.txt
g add -A
c4=$(commit 2024-04-01T10:00:00Z "wip notes")
g checkout -q --detach main
printf 'HF_TOKEN = "%s"\n' "$tok_tag" >release.py
g add -A
c5=$(commit 2024-05-01T10:00:00Z "release")
g tag v1
g checkout -q main
cd "$tmp" || exit 1

# ------------------------------------------------------------------ the JSON report
json=$tmp/report.json
if run --history --format json --fail-on never "$repo" && [ $rc -eq 0 ]; then
	cp "$out" "$json"
	ok "history run exits 0 with --fail-on never"
else
	fail "history run exits 0 with --fail-on never" "exit $rc: $(head -n 1 "$err")"
	echo '{}' >"$json"
fi
check "source is history" '.source == "history"'
check "only the secret rules report in history" \
	'[.findings[].rule_id] | all(. == "MLR201" or . == "MLR230" or . == "MLR231")'
check "other rules are not assessed" \
	'[.rules[] | select(.id != "MLR201" and .id != "MLR230" and .id != "MLR231") | .assessed] | all(. == false)'
check "MLR231 is assessed in history" '[.rules[] | select(.id == "MLR231") | .assessed] == [true]'
check "removed secret: one MLR231 in src/train.py" \
	'[.findings[] | select(.rule_id == "MLR231" and .path == "src/train.py")] | length == 1'
check "removed secret: introduced by the first commit" \
	"[.findings[] | select(.rule_id == \"MLR231\" and .path == \"src/train.py\")][0] |
	 .commit == \"$c1\" and .in_head == false and .line == 2"
check "commit_time and commit_date (ISO 8601)" \
	'[.findings[] | select(.rule_id == "MLR231" and .path == "src/train.py")][0] |
	 .commit_time == 1704103200 and .commit_date == "2024-01-01T10:00:00Z"'
check "removed secret is not also MLR201" \
	'[.findings[] | select(.rule_id == "MLR201" and .path == "src/train.py")] | length == 0'
check "secret still at HEAD: MLR201, in_head, dated" \
	"[.findings[] | select(.path == \"config.yaml\")] |
	 length == 1 and .[0].rule_id == \"MLR201\" and .[0].in_head == true and .[0].commit == \"$c3\""
check "branch-only secret is in history" \
	"[.findings[] | select(.path == \"notes.txt\")] |
	 length == 1 and .[0].rule_id == \"MLR231\" and .[0].commit == \"$c4\""
check "tag-only secret is in history" \
	"[.findings[] | select(.path == \"release.py\")] |
	 length == 1 and .[0].rule_id == \"MLR231\" and .[0].commit == \"$c5\""
check "deleted .env: one MLR230 for two versions, from the first commit" \
	"[.findings[] | select(.rule_id == \"MLR230\")] |
	 length == 1 and .[0].path == \".env\" and .[0].line == 0 and .[0].commit == \"$c1\""
check "deleted .env: its token once, as MLR231" \
	"[.findings[] | select(.path == \".env\" and .rule_id == \"MLR231\")] | length == 1"
check "every finding carries its commit" '[.findings[] | .commit | test("^[0-9a-f]{40}$")] | all'
check "each unique blob counted once" '.files == 8'

# ------------------------------------------------------------------ the text report
if run --history --fail-on never --no-color "$repo"; then
	if grep -qE "^src/train.py:2:[0-9]+: MLR231 secret-in-history .* \(introduced in ${c1:0:7} on 2024-01-01\)$" "$out"; then
		ok "text report says where and when"
	else
		fail "text report says where and when" "$(grep -m1 train.py "$out")"
	fi
	if [ -s "$err" ]; then fail "no progress line off a TTY" "stderr: $(head -c 200 "$err")"; else ok "no progress line off a TTY"; fi
fi
leaked=""
for t in "${tokens[@]}"; do
	grep -qF "$t" "$out" "$json" && leaked="$leaked $t"
done
[ -z "$leaked" ] && ok "no token printed in full" || fail "no token printed in full" "$leaked"

# A progress line on a terminal, erased at the end (script gives the run a TTY).
if command -v script >/dev/null 2>&1; then
	script -qec "$bin --history --format json --fail-on never $repo 2>&1 >/dev/null" /dev/null >"$tmp/tty" 2>&1
	if grep -q "history: .* commits walked" "$tmp/tty" && grep -q $'\r\033\[K' "$tmp/tty"; then
		ok "progress line on a TTY, erased"
	else
		fail "progress line on a TTY, erased" "$(head -c 200 "$tmp/tty" | od -c | head -3)"
	fi
fi

# ------------------------------------------------------------------ other sources and clones
if run --format json --fail-on never "$repo"; then
	json=$out
	check "without --history MLR231 is not assessed" '[.rules[] | select(.id == "MLR231") | .assessed] == [false]'
	check "without --history no finding has a commit" '[.findings[] | has("commit")] | any | not'
fi

g clone -q --bare "$repo" "$tmp/bare.git"
if run --history --format json --fail-on never "$tmp/bare.git"; then
	json=$out
	check "bare clone: same history findings" \
		"[.findings[] | select(.rule_id == \"MLR231\")] | length == $(jq '[.findings[] | select(.rule_id == "MLR231")] | length' "$tmp/report.json")"
fi

g clone -q --depth 1 "file://$repo" "$tmp/shallow"
if run --history --format json --fail-on never "$tmp/shallow"; then
	json=$out
	[ $rc -eq 0 ] && ok "shallow clone: exits 0" || fail "shallow clone: exits 0" "exit $rc: $(head -n 1 "$err")"
	check "shallow clone: says history is cut" \
		"[.notes[].message | select(startswith(\"shallow clone: history before ${c3:0:12}\"))] | length == 1"
	check "shallow clone: HEAD's secret still found" '[.findings[] | select(.path == "config.yaml")] | length == 1'
fi

mkdir -p "$tmp/empty" && g -C "$tmp/empty" init -q
if run --history --format json "$tmp/empty"; then
	json=$out
	[ $rc -eq 0 ] && ok "empty repository: exits 0" || fail "empty repository: exits 0" "exit $rc"
	check "empty repository: nothing listed" '.files == 0 and (.findings | length) == 0'
fi

mkdir -p "$tmp/plain"
run --history "$tmp/plain"
[ $rc -eq 3 ] && ok "not a repository: exit 3" || fail "not a repository: exit 3" "exit $rc"
run --history --staged "$repo"
[ $rc -eq 2 ] && ok "--history with --staged: exit 2" || fail "--history with --staged: exit 2" "exit $rc"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
