#!/usr/bin/env bash
# cases.sh BIN — end-to-end behaviour of the mlready binary: commands, flags and exit
# statuses, sources (worktree, --rev, --staged, plain directory), hostile inputs, gates,
# output hygiene (no colour off a TTY, no secret in full) and determinism.
# One line per check (`ok NAME` / `FAIL NAME: why`), then `N passed, N failed`.
set -uo pipefail

. "${BASH_SOURCE[0]%/*}/lib/suite.sh"
suite e2e "$@"
make_repo() { "$here/make_repo.sh" "$@" >/dev/null; }
export GIT_AUTHOR_NAME=e2e GIT_AUTHOR_EMAIL=e2e@mlready.invalid
export GIT_COMMITTER_NAME=e2e GIT_COMMITTER_EMAIL=e2e@mlready.invalid
export GIT_AUTHOR_DATE=2024-01-02T00:00:00Z GIT_COMMITTER_DATE=2024-01-02T00:00:00Z
g() { git -c commit.gpgsign=false -c core.hooksPath=/dev/null -c init.templateDir= "$@"; }
unset NO_COLOR CLICOLOR_FORCE FORCE_COLOR

. "${BASH_SOURCE[0]%/*}/lib/tally.sh"

# run ARGS... — runs the binary with a time limit; stdout in $out, stderr in $err, status in $rc.
out=$tmp/stdout
err=$tmp/stderr
rc=0
run() {
	timeout 120 "$bin" "$@" >"$out" 2>"$err"
	rc=$?
}

# A crash, a hang or a sanitizer report is never acceptable, whatever the check expects.
broken() {
	if [ $rc -ge 124 ]; then echo "exit $rc (crash or timeout): $(grep -m1 -E 'ERROR|runtime error' "$err")"; return 0; fi
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$err"; then
		echo "sanitizer: $(grep -m1 -E 'Sanitizer|runtime error:' "$err")"
		return 0
	fi
	return 1
}

# expect_rc NAME WANT... — passes when $rc is one of WANT.
expect_rc() {
	local name=$1 want why
	shift
	if why=$(broken); then fail "$name" "$why"; return 1; fi
	for want in "$@"; do [ "$rc" = "$want" ] && { ok "$name"; return 0; }; done
	fail "$name" "exit $rc, want $* ($(head -n 1 "$err"))"
	return 1
}

# usage_error NAME ARGS... — exit 2, a single-line reason on stderr, nothing on stdout.
usage_error() {
	local name=$1
	shift
	run "$@"
	if why=$(broken); then fail "$name" "$why"
	elif [ $rc -ne 2 ]; then fail "$name" "exit $rc, want 2"
	elif [ "$(wc -l <"$err")" -ne 1 ]; then fail "$name" "stderr has $(wc -l <"$err") lines, want one reason"
	elif [ -s "$out" ]; then fail "$name" "wrote to stdout"
	else ok "$name"; fi
}

# findings ID FILE — "path:line" (or "repo"/path) of every finding of rule ID.
findings() {
	jq -r --arg id "$1" '.findings[] | select(.rule_id == $id) |
		if .path == null then "repo" elif .line == 0 then .path else "\(.path):\(.line)" end' "$2"
}

example=$tmp/example
make_repo "$root/fixtures/example-project" "$example"
secrets=$tmp/secrets
make_repo "$root/fixtures/rules/MLR201-hardcoded-secret/python-contexts" "$secrets"

# ------------------------------------------------------------------ commands
run version
if expect_rc "version exits 0" 0; then
	grep -qE '[0-9]+\.[0-9]+\.[0-9]+' "$out" && ok "version prints a version" ||
		fail "version prints a version" "got: $(head -c 200 "$out")"
fi

run rules
if expect_rc "rules exits 0" 0; then
	missing=""
	for r in "MLR101.*missing-tests" "MLR201.*hardcoded-secret" "MLR301.*untracked-experiment" \
		"MLR401.*missing-model-card"; do
		grep -qE "$r" "$out" || missing="$missing $r"
	done
	[ -z "$missing" ] && ok "rules lists the four rules" || fail "rules lists the four rules" "missing:$missing"
fi

run explain MLR201
if expect_rc "explain MLR201 exits 0" 0; then
	missing=""
	for s in "what" "why" "example" "instead"; do grep -qi "$s" "$out" || missing="$missing $s"; done
	grep -q "hardcoded-secret" "$out" || missing="$missing name"
	[ -z "$missing" ] && ok "explain MLR201 has the four doc sections" ||
		fail "explain MLR201 has the four doc sections" "missing:$missing"
	cp "$out" "$tmp/explain.txt"
	run explain hardcoded-secret
	expect_rc "explain by rule name" 0 && ! cmp -s "$out" "$tmp/explain.txt" &&
		fail "explain by name matches explain by id" "outputs differ"
	run explain mlr201
	expect_rc "explain id is case-insensitive" 0
fi
usage_error "explain NOPE is a usage error" explain NOPE
usage_error "explain without an id is a usage error" explain

# ------------------------------------------------------------------ usage errors
usage_error "unknown flag" --frobnicate "$example"
usage_error "--format xml" --format xml "$example"
usage_error "--format without a value" "$example" --format
usage_error "-j 0" -j 0 "$example"
usage_error "-j abc" -j abc "$example"
usage_error "-j -3" -j -3 "$example"
usage_error "--min-score 101" --min-score 101 "$example"
usage_error "--min-score -1" --min-score -1 "$example"
usage_error "--min-score abc" --min-score abc "$example"
usage_error "--fail-on sometimes" --fail-on sometimes "$example"
usage_error "--staged with --rev" --staged --rev HEAD "$example"
usage_error "two paths" "$example" "$secrets"
usage_error "a path that does not exist" "$tmp/does/not/exist"
usage_error "--rev that does not resolve" --rev no-such-branch "$example"

# ------------------------------------------------------------------ sources
empty=$tmp/empty
mkdir -p "$empty" && g -C "$empty" init -q -b main
run "$empty"
expect_rc "empty repository (git init only) exits 0" 0

run --format json "$empty"
expect_rc "empty repository JSON" 0 && { jq -e '.findings | type == "array"' "$out" >/dev/null ||
	fail "empty repository JSON is a report" "$(head -c 200 "$out")"; }

corrupt=$tmp/corrupt
make_repo "$root/fixtures/rules/MLR101-missing-tests/pytest" "$corrupt"
tree=$(g -C "$corrupt" rev-parse 'HEAD^{tree}')
chmod u+w "$corrupt/.git/objects/${tree:0:2}/${tree:2}"
printf 'garbage' >"$corrupt/.git/objects/${tree:0:2}/${tree:2}"
run --rev HEAD "$corrupt"
expect_rc "--rev on a corrupt tree object is a repository error" 3

plain=$tmp/plain
mkdir -p "$plain" && cp -R "$root/fixtures/example-project/." "$plain/"
run --format json --fail-on never "$plain"
if expect_rc "a plain directory is linted" 0; then
	findings MLR201 "$out" | grep -q '^churn/train\.py:' && ok "plain directory: secret found" ||
		fail "plain directory: secret found" "no MLR201 in churn/train.py"
	jq -r '.findings[] | "\(.rule_id) \(.path):\(.line):\(.column)"' "$out" | sort >"$tmp/plain.f"
	run --format json --fail-on never "$example"
	jq -r '.findings[] | "\(.rule_id) \(.path):\(.line):\(.column)"' "$out" | sort >"$tmp/repo.f"
	cmp -s "$tmp/plain.f" "$tmp/repo.f" && ok "plain directory and repository agree" ||
		fail "plain directory and repository agree" "$(diff "$tmp/plain.f" "$tmp/repo.f" | head -n 3 | paste -sd' ' -)"
fi

hist=$tmp/hist
mkdir -p "$hist" && g -C "$hist" init -q -b main
printf 'import os\nHF_TOKEN = "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"\n' >"$hist/app.py"
g -C "$hist" add -A && g -C "$hist" commit -q -m one
printf 'import os\nHF_TOKEN = os.getenv("HF_TOKEN")\n' >"$hist/app.py"
g -C "$hist" add -A && g -C "$hist" commit -q -m two
run --format json --fail-on never "$hist"
expect_rc "history repo: worktree" 0 && { [ -z "$(findings MLR201 "$out")" ] && ok "worktree sees the new content" ||
	fail "worktree sees the new content" "$(findings MLR201 "$out" | paste -sd' ' -)"; }
run --format json --fail-on never --rev HEAD~1 "$hist"
expect_rc "--rev HEAD~1 runs" 0 && { [ "$(findings MLR201 "$out")" = "app.py:2" ] && ok "--rev HEAD~1 sees the old content" ||
	fail "--rev HEAD~1 sees the old content" "got [$(findings MLR201 "$out" | paste -sd' ' -)]"; }
jq -e '.tool | type == "object"' "$out" >/dev/null || fail "--rev report has a tool object" "$(head -c 200 "$out")"

# --rev reads the committed tree, not the working file.
printf 'HF_TOKEN = "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"\n' >"$hist/app.py"
run --format json --fail-on never --rev HEAD "$hist"
expect_rc "--rev HEAD with a dirty worktree" 0 && { [ -z "$(findings MLR201 "$out")" ] && ok "--rev HEAD ignores the working file" ||
	fail "--rev HEAD ignores the working file" "$(findings MLR201 "$out" | paste -sd' ' -)"; }

# --staged: the index, not the working file (pre-commit must check what will be committed).
g -C "$hist" add app.py
printf 'import os\nHF_TOKEN = os.getenv("HF_TOKEN")\n' >"$hist/app.py"
run --format json --fail-on never --staged "$hist"
expect_rc "--staged runs" 0 && { [ "$(findings MLR201 "$out")" = "app.py:1" ] && ok "--staged sees staged content" ||
	fail "--staged sees staged content" "got [$(findings MLR201 "$out" | paste -sd' ' -)]"; }
run --format json --fail-on never "$hist"
expect_rc "worktree after staging" 0 && { [ -z "$(findings MLR201 "$out")" ] && ok "worktree sees the working file, not the index" ||
	fail "worktree sees the working file, not the index" "$(findings MLR201 "$out" | paste -sd' ' -)"; }
g -C "$hist" add app.py
printf 'HF_TOKEN = "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"\n' >"$hist/app.py"
run --format json --fail-on never --staged "$hist"
expect_rc "--staged with a dirty working file" 0 && { [ -z "$(findings MLR201 "$out")" ] && ok "--staged ignores unstaged changes" ||
	fail "--staged ignores unstaged changes" "$(findings MLR201 "$out" | paste -sd' ' -)"; }

# A blob missing from the object database: a note naming the file, and the run goes on.
miss=$tmp/missing-blob
mkdir -p "$miss" && g -C "$miss" init -q -b main
printf 'GITHUB_TOKEN = "ghp_MlreadyFixtureNotARealGithubToken0a1"\n' >"$miss/a.py"
printf 'import pickle\nmodel = pickle.load(open("m.pkl", "rb"))\n' >"$miss/b.py"
g -C "$miss" add -A && g -C "$miss" commit -q -m one
oid=$(g -C "$miss" rev-parse HEAD:b.py)
rm -f "$miss/.git/objects/${oid:0:2}/${oid:2}"
run --format json --fail-on never --rev HEAD "$miss"
if expect_rc "missing blob: the run goes on" 0; then
	jq -e '[.notes[] | select(.path == "b.py")] | length == 1' "$out" >/dev/null && ok "missing blob: a note names the file" ||
		fail "missing blob: a note names the file" "notes: $(jq -c '.notes' "$out" | head -c 300)"
	[ "$(findings MLR201 "$out")" = "a.py:1" ] && ok "missing blob: other files still linted" ||
		fail "missing blob: other files still linted" "got [$(findings MLR201 "$out" | paste -sd' ' -)]"
fi

# ------------------------------------------------------------------ hostile inputs
for f in "$root"/fixtures/bad/*; do
	name=$(basename "$f")
	mkdir -p "$tmp/bad-src" && rm -rf "$tmp/bad-src"/* && cp "$f" "$tmp/bad-src/"
	make_repo "$tmp/bad-src" "$tmp/bad"
	run --format json "$tmp/bad"
	expect_rc "bad input $name" 0 1 || continue
	jq -e '.findings and .notes' "$out" >/dev/null || { fail "bad input $name: valid JSON report" "$(head -c 200 "$out")"; continue; }
	# Files that cannot be analysed as what their name says get a note naming them.
	case $name in
	binary.* | nul_bytes.py | utf16.py | syntax_error.py | not_json.ipynb | wrong_shape.ipynb)
		jq -e --arg p "$name" 'any(.notes[]; .path == $p and (.message | length > 0))' "$out" >/dev/null &&
			ok "bad input $name: a note names it" || fail "bad input $name: a note names it" "notes: $(jq -c .notes "$out")" ;;
	esac
done
make_repo "$root/fixtures/bad" "$tmp/bad"
run "$tmp/bad"
expect_rc "all bad inputs together" 0 1

big=$tmp/big
mkdir -p "$big" && g -C "$big" init -q -b main
{ printf 'x = "'; head -c 3000000 /dev/zero | tr '\0' 'A'; printf '"\n'; } >"$big/long_line.py"
{ for i in $(seq 1 20000); do printf 'def f%d(a, b=%d):\n    return a + b  # key = "%08d"\n' "$i" "$i" "$i"; done; } >"$big/many.py"
head -c 30000000 /dev/zero >"$big/zeros.bin"
ln -s /etc/passwd "$big/passwd.py"
ln -s . "$big/loop"
mkdir -p "$big/dir" && ln -s ../dir "$big/dir/self"
g -C "$big" add -A && g -C "$big" commit -q -m big
start=$(date +%s)
run --format json --fail-on never "$big"
expect_rc "huge files, long lines and symlinks" 0 && {
	[ $(($(date +%s) - start)) -le 60 ] && ok "huge files: under a minute" || fail "huge files: under a minute" "took $(($(date +%s) - start))s"
	grep -q 'root:x:0:0' "$out" && fail "symlinks are not followed" "/etc/passwd content in the report" || ok "symlinks are not followed"
}

# ------------------------------------------------------------------ gates
run --fail-on error "$secrets"
expect_rc "--fail-on error with a secret exits 1" 1
run --fail-on never "$secrets"
expect_rc "--fail-on never with a secret exits 0" 0
make_repo "$root/fixtures/rules/MLR101-missing-tests/pytest" "$tmp/clean"
run --fail-on error "$tmp/clean"
expect_rc "--fail-on error without errors exits 0" 0
run --min-score 100 --fail-on never "$example"
expect_rc "--min-score 100 on the example project exits 1" 1
run --min-score 0 --fail-on never "$example"
expect_rc "--min-score 0 exits 0" 0
run --fail-on never --rev no-such-rev "$secrets"
expect_rc "an error outranks the gate" 2

# ------------------------------------------------------------------ report shape
run --format json --fail-on never "$example"
if expect_rc "example project JSON" 0; then
	cp "$out" "$tmp/example.json"
	jq -e '.schema_version == 1 and (.tool | type == "object") and (.score.overall | type == "number")
		and (.score.categories | length > 0)
		and all(.score.categories[]; (.id | type == "string") and (.name | type == "string")
			and (.score == null or (.score >= 0 and .score <= 100)))
		and all(.findings[]; (.rule_id | test("^MLR[0-9]{3}$")) and (.rule_name | type == "string")
			and (.severity | IN("error", "warning", "note")) and (.message | length > 0)
			and ((.path == null and .line == 0) or (.path | type == "string")))
		and (.kpis | type == "array") and (.notes | type == "array")' "$out" >/dev/null &&
		ok "JSON report follows the schema" || fail "JSON report follows the schema" "see jq filter"
	[ "$(findings MLR201 "$out")" = "churn/train.py:18" ] && ok "example project: the token in train.py" ||
		fail "example project: the token in train.py" "got [$(findings MLR201 "$out" | paste -sd' ' -)]"
	run --no-color --fail-on never "$example"
	missing=$(jq -r '.findings[] | select(.line > 0) |
		if (.cell // 0) > 0 then "\(.path):cell \(.cell):line \(.line):\(.column): \(.rule_id) \(.rule_name) "
		else "\(.path):\(.line):\(.column): \(.rule_id) \(.rule_name) " end' "$tmp/example.json" |
		while IFS= read -r l; do grep -qF -- "$l" "$out" || echo "$l"; done)
	[ -z "$missing" ] && ok "text report lists every line finding as path:line:col: ID name (notebooks: path:cell C:line L:col)" ||
		fail "text report lists every line finding as path:line:col: ID name (notebooks: path:cell C:line L:col)" "missing: $(echo "$missing" | head -n 2 | paste -sd' ' -)"
fi

run --format json --output "$tmp/report.json" --fail-on never "$example"
if expect_rc "--output runs" 0; then
	[ -s "$tmp/report.json" ] && cmp -s "$tmp/report.json" "$tmp/example.json" && ok "--output writes the report" ||
		fail "--output writes the report" "file missing or differs from stdout"
	[ ! -s "$out" ] && ok "--output leaves stdout empty" || fail "--output leaves stdout empty" "$(head -c 100 "$out")"
fi
run --output "$tmp/no/such/dir/report.txt" "$example"
expect_rc "--output into a missing directory is an I/O error" 3

# ------------------------------------------------------------------ output hygiene
esc=$(printf '\033')
run --fail-on never "$example"
grep -q "$esc" "$out" "$err" && fail "no ESC bytes off a TTY" "colour in piped output" || ok "no ESC bytes off a TTY"
NO_COLOR=1 run --fail-on never "$example"
grep -q "$esc" "$out" "$err" && fail "no ESC bytes with NO_COLOR" "colour despite NO_COLOR" || ok "no ESC bytes with NO_COLOR"
# tty ARGS... — runs the binary on a pseudo-terminal; output (stdout and stderr) in $tmp/tty.txt.
# Sanitizer reports are kept colourless so that only mlready's own colour is judged.
tty() {
	local cmd="'$bin'" a
	for a in "$@"; do cmd="$cmd '$a'"; done
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:color=never" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:color=never" \
		timeout 120 script -qec "$cmd" /dev/null >"$tmp/tty.txt" 2>&1 </dev/null
}
tty_color() { # NAME WANT(yes|no)
	if grep -qE 'Sanitizer|runtime error:' "$tmp/tty.txt"; then fail "$1" "sanitizer: $(grep -m1 -E 'Sanitizer|runtime error:' "$tmp/tty.txt")"
	elif grep -q "$esc\[[0-9;]*m" "$tmp/tty.txt"; then [ "$2" = yes ] && ok "$1" || fail "$1" "ANSI colour in the output"
	else [ "$2" = no ] && ok "$1" || fail "$1" "no ANSI colour"; fi
}
if command -v script >/dev/null; then
	NO_COLOR=1 tty --fail-on never "$example"
	tty_color "NO_COLOR on a TTY" no
	tty --no-color --fail-on never "$example"
	tty_color "--no-color on a TTY" no
	tty --fail-on never "$example"
	tty_color "colour on a TTY" yes
fi

# -j must not change a byte of any report, and neither must running twice (--no-cache:
# each run analyzes; tests/e2e/cache.sh compares cached runs with these).
for fmt in json text; do
	run --format "$fmt" --fail-on never --no-cache -j 1 "$example" && cp "$out" "$tmp/j1"
	run --format "$fmt" --fail-on never --no-cache -j 1 "$example"
	run --format "$fmt" --fail-on never --no-cache -j 2 "$example"
	cmp -s "$out" "$tmp/j1" && ok "$fmt: -j 1 and -j 2 identical" || fail "$fmt: -j 1 and -j 2 identical" "reports differ"
	run --format "$fmt" --fail-on never --no-cache -j 2 "$example" && cp "$out" "$tmp/j2a"
	run --format "$fmt" --fail-on never --no-cache -j 2 "$example"
	cmp -s "$out" "$tmp/j2a" && ok "$fmt: two -j 2 runs identical" || fail "$fmt: two -j 2 runs identical" "reports differ"
done

# No report, in any format or source, prints a fixture's secret in full.
grep -v '^#' "$here/fake-secrets.txt" | grep . >"$tmp/secrets.txt"
: >"$tmp/all-output"
for casedir in "$root"/fixtures/rules/MLR201-*/*/ "$root/fixtures/example-project"; do
	make_repo "${casedir%/}" "$tmp/leak"
	for args in "--format text" "--format json" "--format text --no-color --quiet" "--format json --rev HEAD"; do
		# shellcheck disable=SC2086
		run $args --fail-on never "$tmp/leak"
		cat "$out" "$err" >>"$tmp/all-output"
	done
	rm -rf "$tmp/leak/.git"
	run --format json --fail-on never "$tmp/leak"
	cat "$out" "$err" >>"$tmp/all-output"
done
run --format text --fail-on never --rev HEAD~1 "$hist"
cat "$out" "$err" >>"$tmp/all-output"
leaks=$(grep -oF -f "$tmp/secrets.txt" "$tmp/all-output" | sort -u | paste -sd' ' -)
[ -z "$leaks" ] && ok "no output contains a full fake secret" || fail "no output contains a full fake secret" "printed: $leaks"
grep -q 'MLR201' "$tmp/all-output" && ok "secret scan outputs were produced" || fail "secret scan outputs were produced" "no MLR201 anywhere"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
