#!/usr/bin/env bash
# rule_fixtures.sh BIN — run every rule fixture case (fixtures/rules/<ID>-<name>/<case>/)
# and compare the findings of the case's rule with what the case expects; then lint the
# case again with --no-prefilter (every Python file parsed) and require the same report:
# the rules' triggers must never cost a finding (docs/writing-rules.md#triggers).
# The conventions are documented in fixtures/README.md. One line per check, then a tally.
set -uo pipefail

. "${BASH_SOURCE[0]%/*}/lib/suite.sh"
suite rules "$@"

# Expectations of one case for one rule, one per line: "repo", "path" or "path:line".
expected() { # casedir id
	(cd "$1" && grep -rInE --exclude-dir=.fixture "mlready-expect:[A-Z0-9, ]*\\b$2\\b" . |
		awk -F: '{ sub(/^\.\//, "", $1); print $1 ":" $2 }')
	[ -f "$1/.fixture/expect" ] && grep -vE '^[[:space:]]*(#|$)' "$1/.fixture/expect"
	true
}

# Findings of one rule in a JSON report, in the same notation.
found() { # report id
	jq -r --arg id "$2" '.findings[] | select(.rule_id == $id) |
		if .path == null then "repo" elif .line == 0 then .path
		elif (.cell // 0) > 0 then "\(.path):cell \(.cell):line \(.line)" else "\(.path):\(.line)" end' "$1"
}

passed=0
failed=0
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

for casedir in "$root"/fixtures/rules/*/*/; do
	casedir=${casedir%/}
	ruledir=$(basename "$(dirname "$casedir")")
	id=${ruledir%%-*}
	name="$ruledir/$(basename "$casedir")"
	repo="$tmp/repo"
	if ! "$here/make_repo.sh" "$casedir" "$repo" >/dev/null 2>"$tmp/err"; then
		fail "$name" "make_repo: $(head -n 1 "$tmp/err")"
		continue
	fi
	"$bin" --format json --fail-on never "$repo" >"$tmp/report.json" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "$name" "exit $rc: $(head -n 1 "$tmp/err")"
		continue
	fi
	if ! found "$tmp/report.json" "$id" | sort >"$tmp/got" 2>"$tmp/err"; then
		fail "$name" "report is not the expected JSON: $(head -n 1 "$tmp/err")"
		continue
	fi
	expected "$casedir" "$id" | sort >"$tmp/want"
	missing=$(comm -23 "$tmp/want" "$tmp/got" | paste -sd' ' -)
	extra=$(comm -13 "$tmp/want" "$tmp/got" | paste -sd' ' -)
	problem=""
	[ -n "$missing" ] && problem="missing [$missing]"
	[ -n "$extra" ] && problem="${problem:+$problem; }unexpected [$extra]"
	# A rule with nothing to assess says so (rules[].assessed) and reports no KPI; a rule
	# that found something was assessed.
	assessed=$(jq -r --arg id "$id" '[.rules[]? | select(.id == $id) | .assessed] |
		if length == 0 then "absent" else (.[0] | tostring) end' "$tmp/report.json")
	kpis=$(jq --arg id "$id" '[.kpis[]? | select(.rule_id == $id)] | length' "$tmp/report.json")
	if [ -f "$casedir/.fixture/not-assessed" ]; then
		[ "$assessed" = false ] || problem="${problem:+$problem; }assessed is $assessed, want false"
		[ "$kpis" = 0 ] || problem="${problem:+$problem; }reports a KPI although nothing can be assessed"
	elif [ -s "$tmp/want" ] && [ "$assessed" != true ]; then
		problem="${problem:+$problem; }assessed is $assessed, want true"
	fi
	if [ -n "$problem" ]; then
		fail "$name" "$problem"
	else
		echo "ok $name"
		passed=$((passed + 1))
	fi
	# Everything but the parse count and the notes (a file left unparsed has no syntax-error
	# note) must be the same.
	same='del(.bytes_parsed, .notes)'
	if "$bin" --format json --fail-on never --no-prefilter "$repo" 2>"$tmp/err" | jq -S "$same" >"$tmp/all.json" &&
		jq -S "$same" "$tmp/report.json" >"$tmp/some.json" && cmp -s "$tmp/all.json" "$tmp/some.json"; then
		echo "ok prefilter $name"
		passed=$((passed + 1))
	else
		fail "prefilter $name" "differs with --no-prefilter: $(diff "$tmp/all.json" "$tmp/some.json" | head -n 6 | paste -sd' ' -)"
	fi
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
