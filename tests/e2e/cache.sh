#!/usr/bin/env bash
# cache.sh BIN — the analysis cache (docs/cache.md) end to end: a warm run reports exactly
# what a cold one and an uncached one report, in every format; a change to a file, the
# config or a custom rule is seen; untracked, modified-after-staging and racily clean files
# are read, not trusted; concurrent runs, a garbage cache and a read-only directory do no
# harm; --no-cache, --history and --no-git write nothing.
# One line per check (`ok NAME` / `FAIL NAME: why`), then `N passed, N failed`.
set -uo pipefail

. "${BASH_SOURCE[0]%/*}/lib/suite.sh"
suite cache "$@"
unset NO_COLOR MLREADY_CACHE_DEBUG

. "${BASH_SOURCE[0]%/*}/lib/tally.sh"

git_() { git -c user.name=t -c user.email=t@example.com -c core.autocrlf=false "$@"; }

rc=0
crashed() { # FILE — a sanitizer report or a timeout is a failure of its own
	if [ "$rc" -ge 124 ] || grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$1"; then
		fail "crash" "exit $rc: $(grep -m1 -E 'ERROR|Sanitizer|runtime error' "$1")"
	fi
}

# run NAME REPO [ARGS...] — one run writing the JSON, SARIF and text reports to
# $tmp/NAME.{json,sarif,txt}, stderr (with the cache's summary line) to $tmp/NAME.err.
run() {
	local name=$1 repo=$2
	shift 2
	last=$name
	MLREADY_CACHE_DEBUG=1 timeout 300 "$bin" --fail-on never "$@" --format json --output "$tmp/$name.json" \
		--format sarif --output "$tmp/$name.sarif" --format text --output "$tmp/$name.txt" "$repo" \
		2>"$tmp/$name.err"
	rc=$?
	crashed "$tmp/$name.err"
}

same() { # A B — the three reports of two runs are byte for byte the same
	cmp -s "$tmp/$1.json" "$tmp/$2.json" && cmp -s "$tmp/$1.sarif" "$tmp/$2.sarif" &&
		cmp -s "$tmp/$1.txt" "$tmp/$2.txt" && [ -s "$tmp/$1.json" ]
}

# The cache's summary line of a run (MLREADY_CACHE_DEBUG), and fields of it.
summary() { grep -m1 '^mlready: cache ' "$tmp/$1.err"; }
restored() { summary "$1" | sed -nE 's/.*files: ([0-9]+) restored.*/\1/p'; }
analyzed() { summary "$1" | sed -nE 's/.*restored, ([0-9]+) analyzed.*/\1/p'; }
repo_checks() { summary "$1" | sed -nE 's/.*repository checks: ([a-z ]+);.*/\1/p'; }
early_checks() { summary "$1" | sed -nE 's/.*early checks: ([a-z ]+);.*/\1/p'; }
load_status() { summary "$1" | sed -nE 's/^mlready: cache [^:]*: ([^;]*);.*/\1/p'; }

# check NAME COMMAND... — ok when the command succeeds; a failure shows the last run's
# cache summary and stderr.
last=""
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name" "last run $last: $(tail -n 3 "$tmp/$last.err" 2>/dev/null | paste -sd'|' -)"; fi
}

# uncached NAME REPO [ARGS...] — the reference: the same run with --no-cache.
uncached() {
	local name=$1 repo=$2
	shift 2
	run "$name" "$repo" --no-cache "$@"
}

# warm_equals NAME REPO [ARGS...] — an uncached run (NAME-ref), then a cached one (NAME),
# for `same NAME NAME-ref`.
warm_equals() {
	local name=$1 repo=$2
	shift 2
	uncached "$name-ref" "$repo" "$@"
	run "$name" "$repo" "$@"
}

new_repo() { # NAME — a fresh copy of the example project as a repository
	"$here/make_repo.sh" "$root/fixtures/example-project" "$tmp/$1" >/dev/null
	echo "$tmp/$1"
}

# ------------------------------------------------------------------ cold, warm, uncached

ex=$(new_repo ex)
run cold "$ex"
uncached ref "$ex"
run warm "$ex"
check "example project: cold run starts from no cache" test "$(load_status cold)" = none
check "example project: cold, warm and uncached reports are identical (json, sarif, text)" \
	bash -c "$(declare -f same); tmp='$tmp'; same cold warm && same cold ref"
check "example project: the warm run analyzes nothing and restores the repository checks" \
	bash -c "[ '$(analyzed warm)' = 0 ] && [ '$(restored warm)' -gt 5 ] && [ '$(repo_checks warm)' = restored ]"
check "example project: a run that finds nothing new writes nothing" grep -q 'nothing new to save' "$tmp/warm.err"
check "the cache lives in .git/mlready" bash -c "ls '$ex'/.git/mlready/cache-v1-*.bin >/dev/null"
run rev1 "$ex" --rev HEAD
run rev2 "$ex" --rev HEAD
uncached revref "$ex" --rev HEAD
check "--rev: cached too, and the same" bash -c "$(declare -f same); tmp='$tmp'; same rev1 rev2 && same rev1 revref && [ '$(analyzed rev2)' = 0 ]"
run staged1 "$ex" --staged
uncached stagedref "$ex" --staged
check "--staged: cached too, and the same" bash -c "$(declare -f same); tmp='$tmp'; same staged1 stagedref && [ '$(analyzed staged1)' = 0 ]"

# Every rule fixture: a warm run reports what the cold one did, in every format (the cold
# run's analysis is the uncached one's; the example project above checks that too).
bad=""
cases=0
for casedir in "$root"/fixtures/rules/*/*/; do
	casedir=${casedir%/}
	name="$(basename "$(dirname "$casedir")")/$(basename "$casedir")"
	repo="$tmp/fx"
	"$here/make_repo.sh" "$casedir" "$repo" >/dev/null 2>&1 || { bad="$bad $name(make_repo)"; continue; }
	cases=$((cases + 1))
	run fxcold "$repo"
	run fxwarm "$repo"
	if ! same fxcold fxwarm; then
		bad="$bad $name(reports differ)"
	elif [ "$(analyzed fxwarm)" != 0 ]; then
		bad="$bad $name(warm run analyzed $(analyzed fxwarm))"
	fi
done
if [ -z "$bad" ] && [ $cases -gt 100 ]; then ok "rule fixtures: cold and warm reports identical ($cases cases)"; else
	fail "rule fixtures" "${bad:-only $cases cases}"; fi

# ------------------------------------------------------------------ what a change invalidates

# One file edited: only its findings change, and only it is analyzed again.
printf '\ndef leak():\n    return eval(input())\n' >>"$ex/churn/features.py"
warm_equals edit "$ex"
check "an edited file: the run equals an uncached one" same edit edit-ref
check "an edited file: it alone is analyzed again" test "$(analyzed edit)" = 1
others() { jq -c '[.findings[] | select(.path != null and .path != "churn/features.py")]' "$tmp/$1.json"; }
check "an edited file: the other files' findings are unchanged" test "$(others warm)" = "$(others edit)"
check "an edited file: its new finding is there" \
	test "$(jq '[.findings[] | select(.path == "churn/features.py" and .rule_id == "MLR205")] | length' "$tmp/edit.json")" -ge 1
run edit2 "$ex"
check "an edited file: the next run restores it (hashed, not trusted from the index)" \
	bash -c "[ '$(analyzed edit2)' = 0 ] && cmp -s '$tmp/edit.json' '$tmp/edit2.json'"

# An untracked file is read and hashed; its result is then restored by content.
printf 'import os\n\ndef run(cmd):\n    os.system(cmd)\n    return eval(cmd)\n' >"$ex/churn/extra.py"
warm_equals untracked "$ex"
check "an untracked file: the run equals an uncached one" same untracked untracked-ref
check "an untracked file: it is analyzed" test "$(analyzed untracked)" = 1
check "an untracked file: its findings are reported" \
	test "$(jq '[.findings[] | select(.path == "churn/extra.py")] | length' "$tmp/untracked.json")" -ge 1
run untracked2 "$ex"
check "an untracked file: restored next time" test "$(analyzed untracked2)" = 0

# The same content untracked, then staged: MLR230 words its finding by whether the file is
# tracked, so that is part of a file's key.
printf '[pypi]\nusername = __token__\npassword = s3cr3t-Upl0ad-passw0rd\n' >"$ex/.pypirc"
run cred1 "$ex"
git_ -C "$ex" add .pypirc
warm_equals cred2 "$ex"
check "an untracked file staged unchanged: reported as tracked now, as uncached" \
	bash -c "$(declare -f same); tmp='$tmp'; same cred2 cred2-ref && grep -q 'credential file not ignored by Git' '$tmp/cred1.json' && grep -q 'committed credential file' '$tmp/cred2.json'"

# Staged, then modified in the work tree (same size): the work tree shows the new
# content, --staged the staged one; neither trusts the other's id.
printf 'v = repr(input())\n' >"$ex/churn/stage.py"
git_ -C "$ex" add churn/stage.py
run stagedA "$ex" --staged
run worktreeA "$ex"
printf 'v = eval(input())\n' >"$ex/churn/stage.py"
warm_equals modified "$ex"
check "modified after staging: the work tree run equals an uncached one" same modified modified-ref
check "modified after staging: the work tree's content is what is reported" \
	test "$(jq '[.findings[] | select(.path == "churn/stage.py" and .rule_id == "MLR205")] | length' "$tmp/modified.json")" -ge 1
warm_equals stagedB "$ex" --staged
check "modified after staging: --staged reports the staged content" \
	bash -c "$(declare -f same); tmp='$tmp'; same stagedB stagedB-ref && [ \"\$(jq '[.findings[] | select(.path == \"churn/stage.py\" and .rule_id == \"MLR205\")] | length' '$tmp/stagedB.json')\" = 0 ]"

# A racily clean file: the index's stat data matches it, but it is not older than the
# index, so it may have changed within the index's timestamp: read, never trusted. (The
# unit test test_cache isolates the rule; here the reports must stay right.)
printf 'v = repr(input())\n' >"$ex/churn/racy.py"
git_ -C "$ex" add churn/racy.py && git_ -C "$ex" commit -qm racy
touch -d '2099-01-01 00:00:00' "$ex/churn/racy.py"
git_ -C "$ex" update-index --refresh >/dev/null 2>&1
warm_equals racy1 "$ex"
printf 'v = eval(input())\n' >"$ex/churn/racy.py"
touch -d '2099-01-01 00:00:00' "$ex/churn/racy.py"
warm_equals racy2 "$ex"
check "a racily clean file: the run equals an uncached one" same racy2 racy2-ref
check "a racily clean file: its new content is what is reported" \
	test "$(jq '[.findings[] | select(.path == "churn/racy.py" and .rule_id == "MLR205")] | length' "$tmp/racy2.json")" -ge 1

# The config: another key, another cache file; back again, the first one is still there.
printf 'ignore: [MLR205]\n' >"$ex/.mlready.yml"
warm_equals cfg "$ex"
check "a config change: the run equals an uncached one" same cfg cfg-ref
check "a config change: a new cache, not the old one" test "$(load_status cfg)" = none
check "a config change: it takes effect" test "$(jq '[.findings[] | select(.rule_id == "MLR205")] | length' "$tmp/cfg.json")" = 0
printf 'ignore:\n- MLR205\n' >"$ex/.mlready.yml" # the same settings, and the same size
run cfg2 "$ex"
check "a config change: the same settings written otherwise keep the cache" \
	bash -c "[ '$(load_status cfg2)' = ok ] && cmp -s '$tmp/cfg.json' '$tmp/cfg2.json' || { echo '$(summary cfg2)'; false; }"
rm "$ex/.mlready.yml"
run cfg3 "$ex"
check "a config change reverted: the first cache is used again" \
	bash -c "[ '$(load_status cfg3)' = ok ] && [ '$(analyzed cfg3)' = 0 ]"

# A custom rule: its content is part of the key.
mkdir -p "$ex/.mlready/rules"
printf 'custom-rules: .mlready/rules\n' >"$ex/.mlready.yml"
rule() { # MESSAGE
	cat >"$ex/.mlready/rules/ORG001-no-print.yml" <<EOF
id: ORG001
name: no-print
category: monitoring
severity: warning
scope: python
weight: 10
summary: Code prints instead of logging.
message: $1
fix: Use a logger.
query: |
  ((call function: (identifier) @fn) @finding (#eq? @fn "print"))
docs:
  what: Reports print().
  why: Only logging reaches the logs.
  example: print(x)
  instead: log.info(x)
examples:
  invalid:
    - print(1)
  valid:
    - log.info(1)
EOF
}
printf 'print("hello")\n' >"$ex/churn/talk.py"
rule "first wording"
warm_equals custom1 "$ex"
rule "second wording"
warm_equals custom2 "$ex"
check "a custom rule change: the run equals an uncached one" same custom2 custom2-ref
check "a custom rule change: the new wording is reported" \
	bash -c "grep -q 'second wording' '$tmp/custom2.json' && ! grep -q 'first wording' '$tmp/custom2.json'"

# A commit that leaves the files as they were still changes what the history checks see:
# a large blob committed, then deleted (MLR813).
h=$(new_repo hist)
printf 'rules:\n  MLR813:\n    blob-bytes: 2000\n' >"$h/.mlready.yml"
git_ -C "$h" add .mlready.yml && git_ -C "$h" commit -qm config
run hist1 "$h"
run hist2 "$h"
head -c 6000 /dev/urandom >"$h/weights.bin"
git_ -C "$h" add weights.bin && git_ -C "$h" commit -qm weights
git_ -C "$h" rm -q weights.bin && git_ -C "$h" commit -qm "no weights"
warm_equals hist3 "$h"
check "history changed, files not: the repository checks run again" \
	bash -c "[ '$(repo_checks hist2)' = restored ] && [ '$(repo_checks hist3)' = run ] && [ '$(analyzed hist3)' = 0 ]"
check "history changed: the early checks (MLR813) run again too" \
	bash -c "[ '$(early_checks hist2)' = restored ] && [ '$(early_checks hist3)' = run ]"
check "history changed, files not: the run equals an uncached one" same hist3 hist3-ref
check "history changed, files not: the blob left in history is reported" \
	test "$(jq '[.findings[] | select(.rule_id == "MLR813")] | length' "$tmp/hist3.json")" = 1
git_ -C "$h" tag v9.9.9
warm_equals hist4 "$h"
check "a new tag: the repository checks run again" bash -c "$(declare -f same); tmp='$tmp'; [ '$(repo_checks hist4)' = run ] && same hist4 hist4-ref"
# An edit changes a file's facts, not the history: the early checks, which read no facts,
# are restored while the others run again; -j 1 runs them inline, to the same report.
printf '\nimport torch\n' >>"$h/churn/serve.py"
warm_equals hist5 "$h"
check "a file edited, history not: the early checks are restored, the others run" \
	bash -c "$(declare -f same); tmp='$tmp'; [ '$(early_checks hist5)' = restored ] && [ '$(repo_checks hist5)' = run ] && same hist5 hist5-ref"
run hist6 "$h" --no-cache -j 1
check "the early checks inline (-j 1) report what they report on their thread" same hist6 hist5-ref

# ------------------------------------------------------------------ robustness

# Two runs at once, several times: both right, and the cache left valid.
all_ok=1
for i in 1 2 3; do
	printf '\nX%d = eval("%d")\n' "$i" "$i" >>"$ex/churn/serve.py"
	run concA$i "$ex" &
	pa=$!
	run concB$i "$ex" &
	pb=$!
	wait $pa
	wait $pb
	rc=0
	crashed "$tmp/concA$i.err"
	crashed "$tmp/concB$i.err"
	uncached concref$i "$ex"
	run concafter$i "$ex"
	if ! same concA$i concref$i || ! same concB$i concref$i || [ "$(load_status concafter$i)" != ok ] ||
	   [ "$(analyzed concafter$i)" != 0 ] || ! same concafter$i concref$i; then
		all_ok=0
		echo "    round $i: $(summary concA$i) / $(summary concB$i) / $(summary concafter$i)"
	fi
done
check "two concurrent runs: both report right and leave a valid cache" test $all_ok = 1
check "two concurrent runs: no temporary file left behind" bash -c "! ls '$ex'/.git/mlready/tmp-* >/dev/null 2>&1"

# A garbage cache file, then a truncated one: ignored, replaced.
cache=$(ls -t "$ex"/.git/mlready/cache-v1-*.bin | head -n 1)
head -c 5000 /dev/urandom >"$cache"
warm_equals garbage "$ex"
check "a garbage cache file: ignored, the run equals an uncached one" \
	bash -c "$(declare -f same); tmp='$tmp'; same garbage garbage-ref && [ '$(load_status garbage)' = 'not a cache file' ]"
run garbage2 "$ex"
check "a garbage cache file: replaced by a valid one" \
	bash -c "[ '$(load_status garbage2)' = ok ] && [ '$(analyzed garbage2)' = 0 ]"
truncate -s $(($(stat -c %s "$cache") - 100)) "$cache"
warm_equals truncated "$ex"
check "a truncated cache file: ignored, the run equals an uncached one" \
	bash -c "$(declare -f same); tmp='$tmp'; same truncated truncated-ref && [ '$(load_status truncated)' = truncated ]"

# --no-cache: reads nothing (a garbage file stays as it is) and writes nothing.
head -c 3000 /dev/urandom >"$cache"
cp -p "$cache" "$tmp/garbage.copy"
ls -la --time-style=full-iso "$ex/.git/mlready" >"$tmp/dir.before"
uncached nocache "$ex"
ls -la --time-style=full-iso "$ex/.git/mlready" >"$tmp/dir.after"
check "--no-cache: no summary line, the cache file untouched, nothing written" \
	bash -c "! grep -q '^mlready: cache' '$tmp/nocache.err' && cmp -s '$cache' '$tmp/garbage.copy' && cmp -s '$tmp/dir.before' '$tmp/dir.after'"
rm -rf "$ex/.git/mlready"
uncached nocache2 "$ex"
check "--no-cache: no .git/mlready made" test ! -e "$ex/.git/mlready"

# A directory the run may not write: the run goes on uncached, silently.
as_unprivileged() { # root ignores permissions: drop every capability for the run
	if [ "$(id -u)" = 0 ]; then setpriv --bounding-set=-all "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ] && ! command -v setpriv >/dev/null; then
	echo "note: running as root without setpriv: the read-only checks cannot deny a write"
fi
run ro0 "$ex"
printf '\nY = eval("y")\n' >>"$ex/churn/serve.py"
chmod a-w "$ex/.git/mlready"
ls -la --time-style=full-iso "$ex/.git/mlready" >"$tmp/ro.before"
as_unprivileged "$bin" --fail-on never --format json "$ex" >"$tmp/ro.json" 2>"$tmp/ro.err"
rc=$?
crashed "$tmp/ro.err"
ls -la --time-style=full-iso "$ex/.git/mlready" >"$tmp/ro.after"
"$bin" --no-cache --fail-on never --format json "$ex" >"$tmp/ro-ref.json" 2>/dev/null
check "a read-only .git/mlready: exit 0, nothing on stderr, the right report" \
	bash -c "[ $rc = 0 ] && [ ! -s '$tmp/ro.err' ] && cmp -s '$tmp/ro.json' '$tmp/ro-ref.json'"
check "a read-only .git/mlready: nothing written into it" cmp -s "$tmp/ro.before" "$tmp/ro.after"
chmod u+w "$ex/.git/mlready"
rm -rf "$ex/.git/mlready"
chmod a-w "$ex/.git"
as_unprivileged "$bin" --fail-on never --format json "$ex" >"$tmp/ro2.json" 2>"$tmp/ro2.err"
rc=$?
chmod u+w "$ex/.git"
check "a read-only .git: exit 0, nothing on stderr, the right report" \
	bash -c "[ $rc = 0 ] && [ ! -s '$tmp/ro2.err' ] && cmp -s '$tmp/ro2.json' '$tmp/ro-ref.json' && [ ! -e '$ex/.git/mlready' ]"

# --history and --no-git never use a cache.
rm -rf "$ex/.git/mlready"
run hist "$ex" --history
check "--history: no cache read or written" bash -c "[ $rc = 0 ] && [ ! -e '$ex/.git/mlready' ] && ! grep -q '^mlready: cache' '$tmp/hist.err'"
run nogit "$ex" --no-git
check "--no-git: no cache read or written" bash -c "[ $rc = 0 ] && [ ! -e '$ex/.git/mlready' ] && [ ! -e '$ex/mlready' ] && ! grep -q '^mlready: cache' '$tmp/nogit.err'"
mkdir -p "$tmp/plain"
cp -r "$root/fixtures/example-project/." "$tmp/plain/"
run plain "$tmp/plain"
check "a plain directory: no cache" bash -c "[ $rc = 0 ] && [ -z \"\$(find '$tmp/plain' -name 'mlready' -o -name 'cache-v*')\" ] && ! grep -q '^mlready: cache' '$tmp/plain.err'"

# A linked work tree keeps its cache in the common Git directory, shared.
git_ -C "$ex" worktree add -q "$tmp/linked" >/dev/null 2>&1
run linked "$tmp/linked"
run linked2 "$tmp/linked"
check "a linked work tree: cached in the common .git/mlready" \
	bash -c "ls '$ex'/.git/mlready/cache-v1-*.bin >/dev/null 2>&1 && [ ! -e '$ex/.git/worktrees/linked/mlready' ] && [ '$(analyzed linked2)' = 0 ]"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
