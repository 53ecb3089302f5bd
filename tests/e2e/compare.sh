#!/usr/bin/env bash
# compare.sh BIN — `mlready compare PATH...`: one row per repository whose scores and
# finding counts are those of `mlready PATH` on its own, each repository held to its own
# config's gate, errors in a row of their own, and the exit status the worst of them.
# One line per check (`ok NAME` / `FAIL NAME: why`), then `N passed, N failed`.
set -uo pipefail

. "${BASH_SOURCE[0]%/*}/lib/suite.sh"
suite compare "$@"
unset NO_COLOR

. "${BASH_SOURCE[0]%/*}/lib/tally.sh"

check() { # NAME COMMAND...
	local name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name" "$(tail -n 3 "$tmp/err" 2>/dev/null | paste -sd'|' -)"; fi
}

# Three repositories: the example project (it has error findings, so the default gate
# fails), the same with `fail-on: never` in its config, and one with a live credential.
ex=$tmp/example
"$here/make_repo.sh" "$root/fixtures/example-project" "$ex" >/dev/null || exit 1
lenient=$tmp/lenient
"$here/make_repo.sh" "$root/fixtures/example-project" "$lenient" >/dev/null || exit 1
printf 'fail-on: never\n' >"$lenient/.mlready.yml"
secret=$tmp/secret
"$here/make_repo.sh" "$root/fixtures/rules/MLR201-hardcoded-secret/env-file" "$secret" >/dev/null || exit 1

"$bin" compare "$ex" "$lenient" "$secret" --format json --output "$tmp/cmp.json" --format text --no-color \
	>"$tmp/cmp.txt" 2>"$tmp/err"
rc=$?
check "a failed gate in one repository: exit 1" test $rc -eq 1
check "json: one row per repository, in the order given" \
	test "$(jq -r '[.repositories[].path] | join(",")' "$tmp/cmp.json")" = "$ex,$lenient,$secret"

# Each row is what linting that repository alone reports.
for r in "$ex" "$lenient" "$secret"; do
	"$bin" "$r" --format json --fail-on never >"$tmp/one.json" 2>/dev/null
	want=$(jq -c '{overall: .score.overall, capped: .score.capped,
		categories: ([.score.categories[] | select(.id != "change") | {(.id): .score}] | add),
		findings: {note: ([.findings[] | select(.severity == "note")] | length),
			warning: ([.findings[] | select(.severity == "warning")] | length),
			error: ([.findings[] | select(.severity == "error")] | length)}}' "$tmp/one.json")
	got=$(jq -c --arg p "$r" '.repositories[] | select(.path == $p) |
		{overall, capped, categories, findings}' "$tmp/cmp.json")
	check "$(basename "$r"): scores and counts are those of linting it alone" test "$want" = "$got"
done
check "each repository has its own gate: the default fails, fail-on never passes" \
	test "$(jq -r '[.repositories[].gate] | join(",")' "$tmp/cmp.json")" = "failed,passed,failed"
check "a live credential caps the score, and the row says so" \
	test "$(jq -r --arg p "$secret" '.repositories[] | select(.path == $p) | .capped' "$tmp/cmp.json")" = true
check "text: a heading, a header, three rows" \
	test "$(grep -c '' "$tmp/cmp.txt")" -ge 5
check "text: each row has its overall score" bash -c "
	for r in '$ex' '$lenient' '$secret'; do
		s=\$(jq -r --arg p \"\$r\" '.repositories[] | select(.path == \$p) | .overall' '$tmp/cmp.json')
		grep -qE \"^\$r +\$(printf '%.1f' \"\$s\")\" '$tmp/cmp.txt' || exit 1
	done"
check "text: the capped score is marked and explained" grep -q 'capped by a blocking finding' "$tmp/cmp.txt"
check "text: no colour when not a terminal" bash -c "! grep -q $'\x1b' '$tmp/cmp.txt'"

# Each repository is scored with its own config's profile.
cp -r "$lenient" "$tmp/prod" && printf 'fail-on: never\nprofile: production\n' >"$tmp/prod/.mlready.yml"
"$bin" compare "$lenient" "$tmp/prod" --format json --format text --output "$tmp/prof.txt" >"$tmp/prof.json" 2>"$tmp/err"
check "profiles: each row carries its config's profile" \
	test "$(jq -r '[.repositories[].profile] | join(",")' "$tmp/prof.json")" = "default,production"
check "profiles: the text heading says they differ" grep -q 'profiles differ' "$tmp/prof.txt"
"$bin" "$tmp/prod" --format json --fail-on never >"$tmp/prod-one.json" 2>/dev/null
check "profiles: the production row scores as linting it alone" \
	test "$(jq '.score.overall' "$tmp/prod-one.json")" = "$(jq '.repositories[1].overall' "$tmp/prof.json")"

# --min-score and --fail-on apply to every repository.
"$bin" compare "$ex" "$lenient" --fail-on never --format json >"$tmp/never.json" 2>"$tmp/err"
check "--fail-on never on the command line: exit 0" test $? -eq 0
"$bin" compare "$lenient" --min-score 100 --fail-on never >/dev/null 2>"$tmp/err"
check "--min-score above every score: exit 1" test $? -eq 1

# A path that does not exist and a broken config: rows of their own, the others still
# compared, the exit status the error's.
bad=$tmp/badconfig
"$here/make_repo.sh" "$root/fixtures/example-project" "$bad" >/dev/null || exit 1
printf 'selct: [MLR2]\n' >"$bad/.mlready.yml"
"$bin" compare "$lenient" "$tmp/missing" "$bad" --format json >"$tmp/err.json" 2>"$tmp/err"
rc=$?
check "errors: exit 2 (usage or config), over a passed gate" test $rc -eq 2
check "errors: the good repository is still compared" \
	test "$(jq -r '.repositories[0].gate' "$tmp/err.json")" = passed
check "errors: a missing path has a row that says so" \
	test "$(jq -r '.repositories[1] | "\(.gate) \(.error)"' "$tmp/err.json")" = "error no such file or directory"
check "errors: a broken config is located (file:line:col) on stderr" \
	grep -qF ".mlready.yml:1:1: unknown key 'selct'" "$tmp/err"
check "errors: its row says the configuration has errors" \
	bash -c "jq -r '.repositories[2].error' '$tmp/err.json' | grep -q configuration"
cp -r "$lenient" "$tmp/corrupt" && printf 'not a ref\n' >"$tmp/corrupt/.git/HEAD"
"$bin" compare "$lenient" "$tmp/corrupt" --rev HEAD --format json >"$tmp/corrupt.json" 2>"$tmp/err"
check "a repository that cannot be read: exit 3, a row with the reason" \
	bash -c "[ $? -eq 3 ] && [ \"\$(jq -r '.repositories[1].gate' '$tmp/corrupt.json')\" = error ]"

# Markdown: a table with one row per repository; a path cannot break it.
odd=$tmp/'a|b'
"$here/make_repo.sh" "$root/fixtures/example-project" "$odd" >/dev/null || exit 1
"$bin" compare "$ex" "$odd" --format markdown --fail-on never >"$tmp/cmp.md" 2>"$tmp/err"
check "markdown: a header row, a separator and two rows" test "$(grep -c '^|' "$tmp/cmp.md")" -eq 4
check "markdown: every row has the header's columns" bash -c "
	h=\$(grep -m1 '^|' '$tmp/cmp.md' | tr -cd '|' | wc -c)
	grep '^|' '$tmp/cmp.md' | sed 's/\\\\|//g' | while IFS= read -r l; do
		[ \"\$(printf '%s' \"\$l\" | tr -cd '|' | wc -c)\" -eq \"\$h\" ] || exit 1
	done"
check "markdown: the | in a path is escaped" grep -qF 'a\|b' "$tmp/cmp.md"

# Same input, same bytes, whatever -j.
"$bin" compare "$ex" "$secret" --format json -j 1 --fail-on never >"$tmp/j1.json" 2>/dev/null
"$bin" compare "$ex" "$secret" --format json -j 3 --fail-on never >"$tmp/j3.json" 2>/dev/null
check "deterministic across -j" cmp -s "$tmp/j1.json" "$tmp/j3.json"

# Usage errors.
for args in "compare" "compare --format sarif ." "compare --staged ." "compare --files a.py" \
	"compare --base main ."; do
	# shellcheck disable=SC2086
	"$bin" $args >/dev/null 2>"$tmp/err"
	check "usage: mlready $args exits 2 saying why" bash -c "[ $? -eq 2 ] && grep -q 'compare' '$tmp/err'"
done

echo "$passed passed, $failed failed"
