#!/usr/bin/env bash
# config.sh BIN — .mlready.yml, the flags that go with it, baselines, suppressions and
# custom rules, end to end through the binary: exit statuses, what is reported and where
# problems are located (file:line:col).
# One line per check (`ok NAME` / `FAIL NAME: why`), then `N passed, N failed`.
set -uo pipefail

. "${BASH_SOURCE[0]%/*}/lib/suite.sh"
suite config "$@"
fixtures=$root/fixtures/config
unset NO_COLOR

. "${BASH_SOURCE[0]%/*}/lib/tally.sh"

out=$tmp/stdout
err=$tmp/stderr
rc=0
run() {
	timeout 120 "$bin" "$@" >"$out" 2>"$err"
	rc=$?
	if [ $rc -ge 124 ] || grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$err"; then
		echo "FAIL crash: $* (exit $rc): $(grep -m1 -E 'ERROR|Sanitizer|runtime error' "$err")"
		failed=$((failed + 1))
	fi
}

# check NAME CONDITION-COMMAND... — ok when the command succeeds.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name" "exit $rc; stderr: $(head -n 3 "$err" | paste -sd'|' -)"; fi
}

# A repository made of a fixture tree plus extra files: repo NAME FIXTURE [FILE CONTENT]...
repo() {
	local name=$1 src=$2 dir=$tmp/$1
	shift 2
	rm -rf "$tmp/src-$name"
	cp -r "$fixtures/$src" "$tmp/src-$name"
	while [ $# -ge 2 ]; do
		mkdir -p "$(dirname "$tmp/src-$name/$1")"
		printf '%s' "$2" >"$tmp/src-$name/$1"
		shift 2
	done
	"$root/tests/e2e/make_repo.sh" "$tmp/src-$name" "$dir" >/dev/null
	echo "$dir"
}

ids() { jq -r '[.findings[].rule_id] | unique | join(",")' "$out"; }
count() { jq --arg id "$1" '[.findings[] | select(.rule_id == $id)] | length' "$out"; }
at() { jq -r --arg id "$1" '.findings[] | select(.rule_id == $id) | "\(.path):\(.line)"' "$out" | sort | paste -sd' ' -; }

# ------------------------------------------------------------------ problems: exit 2, file:line:col

r=$(repo bad-key project .mlready.yml $'select: [security]\nignroe: [MLR803]\n')
run --format json "$r"
check "unknown key: exit 2" test $rc -eq 2
check "unknown key: file:line:col and a suggestion" grep -qF ".mlready.yml:2:1: unknown key 'ignroe' (did you mean 'ignore'?)" "$err"
check "unknown key: no report on stdout" test ! -s "$out"

r=$(repo bad-values project .mlready.yml $'severity:\n  MLR201: fatal\nexclude: ["data/[raw"]\nselect: [MLR201, MLR999]\n')
run "$r"
check "bad values: exit 2" test $rc -eq 2
check "bad values: every problem, in file order" diff <(sed 's/^.*\.mlready\.yml/.mlready.yml/' "$err") - <<'EOF'
.mlready.yml:2:11: severity of 'MLR201' must be error, warning or note (got 'fatal')
.mlready.yml:3:11: 'exclude': 'data/[raw' is an unclosed '['
.mlready.yml:4:18: select: no rule MLR999 (mlready rules lists them)
EOF

r=$(repo bad-yaml project .mlready.yml $'select: [MLR2\nignore: []\n')
run "$r"
check "invalid YAML: exit 2 at line:col" bash -c "[ $rc -eq 2 ] && grep -qE '\.mlready\.yml:2:7: invalid YAML' '$err'"

run --config "$tmp/none.yml" "$(repo plain project)"
check "--config with a missing file: exit 2" bash -c "[ $rc -eq 2 ] && grep -qF 'none.yml:1:1: cannot read the configuration' '$err'"

run --select MLR2,nope "$(repo plain2 project)"
check "--select with an unknown rule: exit 2" bash -c "[ $rc -eq 2 ] && grep -qF -- \"mlready: --select: 'nope' is not a rule id\" '$err'"

run --profile staging "$(repo plain3 project)"
check "--profile unknown: exit 2" test $rc -eq 2

# ------------------------------------------------------------------ select, ignore, excludes

r=$(repo sel project .mlready.yml $'select: [security]\n')
run --format json --fail-on never "$r"
check "select: only the selected category reports" test "$(ids)" = "MLR201"
check "select: other rules are not assessed" test "$(jq '[.rules[] | select(.id == "MLR301") | .assessed] == [false]' "$out")" = true

run --format json --fail-on never --select MLR301 "$r"
check "--select replaces the config's select" test "$(ids)" = "MLR301"

r=$(repo ign project .mlready.yml $'ignore: [hardcoded-secret, MLR1]\n')
run --format json --fail-on never "$r"
check "ignore: by name and prefix" bash -c "[ \"$(count MLR201)\" = 0 ] && [ \"$(count MLR101)\" = 0 ] && [ \"$(count MLR301)\" = 1 ]"
run --format json --fail-on never --ignore MLR301 "$r"
check "--ignore adds to the config's ignore" bash -c "[ \"$(count MLR301)\" = 0 ] && [ \"$(count MLR201)\" = 0 ]"

r=$(repo exc project .mlready.yml $'exclude: ["vendor/**"]\nper-path-ignores:\n  "scripts/*.py": [MLR201]\n')
run --format json --fail-on never "$(repo noexc project)"
check "without excludes: vendor and scripts report" test "$(at MLR201)" = "scripts/upload.py:2 src/churn/train.py:5 vendor/lib/client.py:2"
run --format json --fail-on never "$r"
check "exclude and per-path-ignores drop their paths" test "$(at MLR201)" = "src/churn/train.py:5"

run --format json --fail-on never --no-config "$r"
check "--no-config ignores .mlready.yml" test "$(count MLR201)" = 3

# ------------------------------------------------------------------ severity and the gate

r=$(repo gate secrets-only .mlready.yml $'select: [security]\n')
run "$r"
check "gate: an error-level secret fails" test $rc -eq 1
r=$(repo gate2 secrets-only .mlready.yml $'select: [security]\nseverity:\n  MLR201: warning\n')
run --format json "$r"
check "severity override: the secret is a warning and the gate passes" bash -c "[ $rc -eq 0 ] && [ \"\$(jq -r '.findings[0].severity' '$out')\" = warning ]"
r=$(repo gate3 secrets-only .mlready.yml $'select: [security]\nseverity:\n  MLR201: warning\nfail-on: warning\n')
run "$r"
check "fail-on in the config" test $rc -eq 1
run --fail-on never "$r"
check "--fail-on outranks the config" test $rc -eq 0
r=$(repo gate4 project .mlready.yml $'fail-on: never\nmin-score: 95\n')
run "$r"
check "min-score in the config" test $rc -eq 1
run --min-score 0 "$r"
check "--min-score outranks the config" test $rc -eq 0

r=$(repo prof project .mlready.yml $'profile: production\n')
run --format json --fail-on never "$r"
check "profile in the config" test "$(jq -r '.score.profile' "$out")" = production
run --format json --fail-on never --profile prototype "$r"
check "--profile outranks the config" test "$(jq -r '.score.profile' "$out")" = prototype

# ------------------------------------------------------------------ trackers, secret names, thresholds

r=$(repo track project)
run --format json --fail-on never "$r"
check "own tracker unknown: training is untracked" test "$(count MLR301)" = 1
r=$(repo track2 project .mlready.yml $'trackers: ["churn.tracking.*"]\n')
run --format json --fail-on never "$r"
check "trackers: the project's own tracker counts" test "$(count MLR301)" = 0

r=$(repo names secrets-only config/db.yaml $'db_host: db.internal\ncorp_pin: "Zq7kLm2Wx9pR4tVb"\n')
run --format json --fail-on never "$r"
check "a custom credential name is unknown by default" test "$(at MLR201)" = "notes.txt:2"
r=$(repo names2 secrets-only config/db.yaml $'db_host: db.internal\ncorp_pin: "Zq7kLm2Wx9pR4tVb"\n' .mlready.yml $'secret-names: [corp_pin]\n')
run --format json --fail-on never "$r"
check "secret-names: the config's names are credentials" test "$(at MLR201)" = "config/db.yaml:2 notes.txt:2"

r=$(repo target project .mlready.yml $'rules:\n  MLR101: {target: 0.2}\n')
run --format json --fail-on never "$r"
check "rules.MLR101.target sets the KPI target" test "$(jq '[.kpis[] | select(.rule_id == "MLR101") | .target] == [0.2]' "$out")" = true

# ------------------------------------------------------------------ baseline

r=$(repo base project)
run --format json --fail-on never "$r"
before=$(jq '.findings | length' "$out")
run --write-baseline "$tmp/baseline.json" "$r"
check "--write-baseline passes the gate and says how many" bash -c "[ $rc -eq 0 ] && grep -qF 'wrote $before findings to the baseline' '$err'"
check "the baseline has every finding" test "$(jq '.findings | length' "$tmp/baseline.json")" = "$before"
leaked=0
while IFS= read -r s; do [ -n "$s" ] && grep -qF -- "$s" "$tmp/baseline.json" && leaked=1; done <"$root/tests/e2e/fake-secrets.txt"
check "the baseline holds no secret" bash -c "[ $leaked = 0 ] && ! grep -q 'hf_\\|\\*\\*\\*\\*' '$tmp/baseline.json'"
run --format json --baseline "$tmp/baseline.json" "$r"
check "baseline adoption: old findings are silent and the gate passes" bash -c "[ $rc -eq 0 ] && [ \"\$(jq '.findings | length' '$out')\" = 0 ]"
check "baseline adoption: it says how many were baselined" grep -qF "$before findings recorded in the baseline" "$err"
printf 'aws_secret = "AKIAMLREADYFIXTURE45"\n' >>"$r/scripts/upload.py"
run --format json --baseline "$tmp/baseline.json" "$r"
check "baseline adoption: a new finding fails" bash -c "[ $rc -eq 1 ] && [ \"\$(jq -r '[.findings[].path] | unique | join(\",\")' '$out')\" = scripts/upload.py ]"
printf '{"version": 1,\n "findings": [}\n' >"$tmp/broken.json"
run --baseline "$tmp/broken.json" "$r"
check "a broken baseline: exit 2 with line:col" bash -c "[ $rc -eq 2 ] && grep -qE 'broken.json:2:[0-9]+: not a baseline' '$err'"

# ------------------------------------------------------------------ suppressions

r=$(repo supp suppressions)
run --format json --fail-on never "$r"
check "markers silence in Python, YAML and Markdown" test "$(count MLR201)" = 0
check "an unused marker is reported (MLR803)" test "$(at MLR803)" = "config/train.yaml:4 docs/setup.md:7 train.py:8"
check "MLR803 names the rule that silenced nothing" bash -c "jq -r '.findings[] | select(.rule_id == \"MLR803\" and .path == \"train.py\") | .message' '$out' | grep -qF 'MLR201 silences nothing'"
r=$(repo supp2 suppressions .mlready.yml $'per-path-ignores:\n  "docs/**": [MLR803]\n')
run --format json --fail-on never "$r"
check "MLR803 is a rule like any other for the config" test "$(at MLR803)" = "config/train.yaml:4 train.py:8"
r=$(repo supp3 suppressions .mlready.yml $'ignore: [MLR201]\n')
run --format json --fail-on never "$r"
check "a marker for a rule the config turns off is not 'unused'" test "$(at MLR803)" = "config/train.yaml:4"

# ------------------------------------------------------------------ custom rules

r=$(repo custom custom-rules)
run --format json --fail-on never "$r"
check "custom rule: loads and fires" test "$(at ORG001)" = "src/churn/train.py:9"
check "custom rule: listed and assessed" test "$(jq '[.rules[] | select(.id == "ORG001") | .assessed] == [true]' "$out")" = true
run explain ORG001
check "custom rule: mlready explain finds it from the config here" bash -c "cd '$r' && '$bin' explain ORG001 | grep -q 'ORG001 no-print-in-training'"
r=$(repo custom-bad custom-rules .mlready/rules/ORG002-bad-query.yml "$(cat "$fixtures/bad-rule.yml")")
run --format json "$r"
check "custom rule: a bad rule is exit 2" test $rc -eq 2
check "custom rule: problems point into the rule file" diff <(sed 's/^.*\.mlready\/rules/rules/' "$err") - <<'EOF'
rules/ORG002-bad-query.yml:3:11: unknown category 'ops' (expected testing, security, reproducibility, documentation, data-quality, monitoring, cicd, hygiene or change)
rules/ORG002-bad-query.yml:11:21: query: unknown node type 'identifer' in tree-sitter-python
EOF

# ------------------------------------------------------------------ reports

r=$(repo fmt project)
run --format json --output "$tmp/r.json" --format text --fail-on never "$r"
check "two reports: json to its file, text to stdout" bash -c "jq -e .findings '$tmp/r.json' >/dev/null && grep -q 'Readiness score' '$out'"
run --output "$tmp/r.txt" --format json --fail-on never "$r"
check "an --output before any --format waits for the next one" bash -c "jq -e .findings '$tmp/r.txt' >/dev/null && [ ! -s '$out' ]"
run --format json --format text "$r"
check "two reports for stdout: exit 2" test $rc -eq 2
run --format json --output "$tmp/same" --format text --output "$tmp/same" "$r"
check "two reports for one file: exit 2" test $rc -eq 2

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
