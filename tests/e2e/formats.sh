#!/usr/bin/env bash
# formats.sh BIN — every report format of the mlready binary, checked by the tool each
# format is written for:
#   json      against docs/report.schema.json (python3-jsonschema, draft 2020-12)
#   sarif     Microsoft's SARIF multitool (npm @microsoft/sarif-multitool, pinned,
#             installed once under build/sarif-multitool/)
#   junit     parsed as XML; one test case per rule, one failure per finding
#   html      rendered by headless Chromium: the script runs, the filter works, a
#             screenshot is kept under build/test-artifacts/
#   badge     parsed as XML (SVG)
#   markdown, github: structure, escaping and size
# on the bundled example project and on a repository with hostile file names. Set
# FORMATS_REPO=/path/to/a/large/repository to run the same checks on it too.
# One line per check (`ok NAME` / `FAIL NAME: why`), then `N passed, N failed`.
set -uo pipefail

. "${BASH_SOURCE[0]%/*}/lib/suite.sh"
suite formats "$@"
unset NO_COLOR CLICOLOR_FORCE FORCE_COLOR

SARIF_MULTITOOL_VERSION=5.7.0
tool_dir=$root/build/sarif-multitool
artifacts=$root/build/test-artifacts/formats
variant=$(basename "$(dirname "$bin")")
mkdir -p "$artifacts"

. "${BASH_SOURCE[0]%/*}/lib/tally.sh"

# A python3 that has jsonschema: Debian's (python3-jsonschema) or whichever is first.
py=""
for cand in python3 /usr/bin/python3; do
	if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import jsonschema' 2>/dev/null; then
		py=$cand
		break
	fi
done

chromium=""
for cand in chromium chromium-browser google-chrome; do
	command -v "$cand" >/dev/null 2>&1 && { chromium=$cand; break; }
done

# The multitool ships as an npm package with a self-contained .NET binary per platform.
# Its bin.js wrapper passes arguments through a shell, which splits "Gh;Sarif": the
# binary is called directly.
multitool=$tool_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -x "$multitool" ] && command -v npm >/dev/null 2>&1; then
	mkdir -p "$tool_dir"
	(cd "$tool_dir" && timeout 600 npm install --silent --no-audit --no-fund --no-save \
		"@microsoft/sarif-multitool@$SARIF_MULTITOOL_VERSION" >/dev/null 2>&1)
fi
[ -x "$multitool" ] || multitool=""
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1

# report NAME DIR FORMAT — writes DIR's report in FORMAT to $tmp/NAME.FORMAT; 0 or 1 is
# a report (1 is the gate failing), anything else is a failure of its own.
report() {
	local name=$1 dir=$2 fmt=$3 rc
	timeout 300 "$bin" "$dir" --format "$fmt" --output "$tmp/$name.$fmt" >"$tmp/$name.$fmt.stdout" 2>"$tmp/$name.$fmt.stderr"
	rc=$?
	if [ $rc -gt 1 ] || grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$tmp/$name.$fmt.stderr"; then
		fail "$name $fmt runs" "exit $rc: $(head -c 300 "$tmp/$name.$fmt.stderr")"
		return 1
	fi
	if [ ! -s "$tmp/$name.$fmt" ]; then
		fail "$name $fmt runs" "empty report"
		return 1
	fi
	return 0
}

check_json() {
	local name=$1 f=$tmp/$1.json
	if [ -z "$py" ]; then
		fail "$name json schema" "no python3 with jsonschema (install python3-jsonschema: make deps)"
		return
	fi
	local msg
	if msg=$("$py" - "$root/docs/report.schema.json" "$f" 2>&1 <<'EOF'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
report = json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator.check_schema(schema)
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(report), key=lambda e: list(e.path))
for e in errors[:5]:
    print("/".join(map(str, e.path)), e.message[:200])
sys.exit(1 if errors else 0)
EOF
	); then ok "$name json schema"; else fail "$name json schema" "$msg"; fi
	# The ML Test Score lists all 28 tests, and every category says what it checks.
	if [ "$(jq '[.ml_test_score.sections[].tests[]] | length' "$f")" = 28 ] &&
		[ "$(jq '[.score.categories[] | select(.responsibility == "")] | length' "$f")" = 0 ]; then
		ok "$name json rubric and responsibilities"
	else
		fail "$name json rubric and responsibilities" "$(jq -c '.ml_test_score.score' "$f")"
	fi
}

check_sarif() {
	local name=$1 f=$tmp/$1.sarif
	local findings rules_ok
	findings=$(jq '.findings | length' "$tmp/$name.json")
	if [ "$(jq '.runs[0].results | length' "$f")" = "$findings" ]; then
		ok "$name sarif has every finding"
	else
		fail "$name sarif has every finding" "$(jq '.runs[0].results | length' "$f") results, $findings findings"
	fi
	# Every result's ruleIndex names its rule; every rule has help; fingerprints are there.
	rules_ok=$(jq '[.runs[0] as $r | $r.results[] | ($r.tool.driver.rules[.ruleIndex].id == .ruleId)
		and (.partialFingerprints["mlreadyFingerprint/v1"] | test("^[0-9a-f]{16}$"))] | all' "$f")
	if [ "$rules_ok" = true ] && [ "$(jq '[.runs[0].tool.driver.rules[] | (.help.text | length) > 0] | all' "$f")" = true ]; then
		ok "$name sarif rules, indexes and fingerprints"
	else
		fail "$name sarif rules, indexes and fingerprints" "ruleIndex or help or fingerprint wrong"
	fi
	if [ -z "$multitool" ]; then
		fail "$name sarif multitool" "@microsoft/sarif-multitool could not be installed from npm"
		return
	fi
	rm -f "$tmp/$name.validation.sarif"
	# The SARIF rules and GitHub code scanning's own (Gh), every level.
	timeout 300 "$multitool" validate "$f" --output "$tmp/$name.validation.sarif" --log ForceOverwrite \
		--rule-kind "Gh;Sarif" --level "Error;Warning;Note" >"$tmp/$name.mt.log" 2>&1
	if [ ! -s "$tmp/$name.validation.sarif" ]; then
		fail "$name sarif multitool" "no validation log: $(tail -n 5 "$tmp/$name.mt.log")"
		return
	fi
	# Errors fail. So do warnings, except SARIF2017 (no region): a finding about a whole
	# file or the repository has no line to point at. Notes are advice (message ids,
	# snippets, help URIs) and are counted, not failed.
	local errors notes
	errors=$(jq -r '[.runs[].results[]? | select((.level // "warning") as $l | $l == "error" or ($l == "warning" and .ruleId != "SARIF2017"))
		| .ruleId + " " + (.locations[0].physicalLocation.region.startLine | tostring)] | .[:5] | join("; ")' "$tmp/$name.validation.sarif")
	notes=$(jq '[.runs[].results[]? | select(.level == "note")] | length' "$tmp/$name.validation.sarif")
	if [ -z "$errors" ]; then
		ok "$name sarif multitool validate ($notes notes)"
	else
		fail "$name sarif multitool validate" "$errors (see $(grep -m3 -E 'error|warning' "$tmp/$name.mt.log" | cut -c1-200))"
	fi
}

check_xml() {
	local name=$1 f=$2 what=$3 msg
	if msg=$(python3 - "$f" "$what" "$tmp/$name.json" 2>&1 <<'EOF'
import json, sys
import xml.etree.ElementTree as ET
tree = ET.parse(sys.argv[1]).getroot()
what = sys.argv[2]
report = json.load(open(sys.argv[3]))
if what == "junit":
    assert tree.tag == "testsuites", tree.tag
    cases = tree.findall("./testsuite/testcase")
    assert len(cases) == len(report["rules"]), (len(cases), len(report["rules"]))
    failures = tree.findall("./testsuite/testcase/failure")
    assert len(failures) == len(report["findings"]), (len(failures), len(report["findings"]))
    skipped = tree.findall("./testsuite/testcase/skipped")
    assert len(skipped) == sum(1 for r in report["rules"] if not r["assessed"])
else:
    assert tree.tag.endswith("svg"), tree.tag
    text = "".join(tree.itertext())
    assert "ML readiness" in text, text
    overall = report["score"]["overall"]
    want = "n/a" if overall is None else str(int(overall + 0.5))
    assert want in text, (want, text)
EOF
	); then ok "$name $what xml"; else fail "$name $what xml" "$(echo "$msg" | tail -n 2)"; fi
}

check_markdown() {
	local name=$1 f=$tmp/$1.markdown size
	size=$(wc -c <"$f")
	if [ "$size" -le 65536 ] && grep -q '^## mlready: ML readiness ' "$f" && grep -q '^| Category | Score |' "$f" &&
		[ "$(grep -c '<details>' "$f")" = "$(grep -c '</details>' "$f")" ]; then
		ok "$name markdown"
	else
		fail "$name markdown" "size $size or structure"
	fi
}

check_github() {
	local name=$1 f=$tmp/$1.github lines bad
	lines=$(grep -c '^::' "$f")
	# Every annotation is one line: ::level [props]::message, nothing raw after it.
	bad=$(grep -vcE '^::(error|warning|notice)( [^:]*)?::|^mlready: readiness ' "$f")
	if [ "$lines" = "$(jq '.findings | length' "$tmp/$name.json")" ] && [ "$bad" = 0 ]; then
		ok "$name github annotations"
	else
		fail "$name github annotations" "$lines annotations, $bad stray lines"
	fi
}

check_html() {
	local name=$1 f=$tmp/$1.html
	if grep -qiE '<(img|link|iframe|object|embed)[ >]| src=| href=' "$f"; then
		fail "$name html self-contained" "an external reference"
	else
		ok "$name html self-contained"
	fi
	if [ -z "$chromium" ]; then
		fail "$name html in chromium" "no chromium (install the Debian package: make deps)"
		return
	fi
	local profile=$tmp/chromium-$name
	local flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
		--disable-component-update --disable-sync --no-first-run --disable-extensions
		--user-data-dir="$profile" --virtual-time-budget=3000)
	local png=$artifacts/$variant-$name.png
	rm -f "$png"
	timeout 120 "$chromium" "${flags[@]}" --window-size=1280,2000 --screenshot="$png" "file://$f" >"$tmp/chromium.log" 2>&1
	if [ -s "$png" ] && [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
		ok "$name html screenshot ($(wc -c <"$png") bytes, $png)"
	else
		fail "$name html screenshot" "$(tail -n 3 "$tmp/chromium.log")"
	fi
	# The script ran (data-ready) and the filter, preset from the address, hides rows.
	local total want dom
	total=$(jq '.findings | length' "$tmp/$name.json")
	want=$(jq '[.findings[] | select(.severity == "error")] | length' "$tmp/$name.json")
	dom=$(timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$f#sev=error" 2>/dev/null)
	if echo "$dom" | grep -q 'data-ready="1"' && echo "$dom" | grep -q ">$want of $total findings shown<"; then
		ok "$name html filter in chromium ($want of $total)"
	else
		fail "$name html filter in chromium" "expected '$want of $total findings shown': $(echo "$dom" | grep -o 'id="count">[^<]*' | head -1)"
	fi
}

check_repo() {
	local name=$1 dir=$2
	for fmt in json sarif markdown github junit html badge text; do
		report "$name" "$dir" "$fmt" || return
	done
	ok "$name every format written"
	check_json "$name"
	check_sarif "$name"
	check_markdown "$name"
	check_github "$name"
	check_xml "$name" "$tmp/$name.junit" junit
	check_xml "$name" "$tmp/$name.badge" badge
	check_html "$name"
	# Deterministic: the same tree gives the same bytes, whatever the thread count.
	local fmt
	for fmt in json sarif html; do
		timeout 300 "$bin" "$dir" -j 1 --no-cache --format "$fmt" --output "$tmp/$name.j1.$fmt" >/dev/null 2>&1
		if cmp -s "$tmp/$name.$fmt" "$tmp/$name.j1.$fmt"; then ok "$name $fmt deterministic"; else fail "$name $fmt deterministic" "differs with -j 1"; fi
	done
}

# The bundled example project.
"$here/make_repo.sh" "$root/fixtures/example-project" "$tmp/example" >/dev/null
check_repo example "$tmp/example"

# Hostile names and messages: quotes, markup, percent signs, commas, colons, non-ASCII.
hostile=$tmp/hostile-src
mkdir -p "$hostile/pkg"
key="hf_MlreadyFormatsTestOnly""NotALiveKeyZ"
printf 'import pickle\nHF_TOKEN = "%s"\n' "$key" >"$hostile/pkg/we\"ird <b>&amp; 100%%,a:b.py"
printf '# caf\xc3\xa9 \xf0\x9f\x94\x91\nTOKEN = "%s"\n' "$key" >"$hostile/pkg/\xc3\xa9t\xc3\xa9.py"
printf 'def train(m, x, y):\n    m.fit(x, y)\n' >"$hostile/pkg/train.py"
"$here/make_repo.sh" "$hostile" "$tmp/hostile" >/dev/null
check_repo hostile "$tmp/hostile"
if grep -q "$key" "$tmp"/hostile.* 2>/dev/null; then
	fail "hostile no full secret in any format" "$(grep -l "$key" "$tmp"/hostile.* | head -3)"
else
	ok "hostile no full secret in any format"
fi

if [ -n "${FORMATS_REPO:-}" ] && [ -d "$FORMATS_REPO" ]; then
	check_repo large "$FORMATS_REPO"
	cp "$tmp/large.html" "$artifacts/$variant-large.html" 2>/dev/null
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
