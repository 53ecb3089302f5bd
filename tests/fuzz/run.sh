#!/usr/bin/env bash
# tests/fuzz/run.sh FUZZDIR SECONDS TARGET... — seeds and runs each libFuzzer target for
# SECONDS on one core, then prints one line per target with its executions, exec/s and
# coverage (libFuzzer's `cov:` and `ft:`), and as the last line `N passed, N failed`.
#
# Corpora live in FUZZDIR/corpus-TARGET and grow from run to run; seeds are copied in
# (named by content hash) from fixtures/, the target's seeds/ and its regressions. A
# crash, leak, timeout or failed invariant leaves the input in FUZZDIR/artifacts/TARGET/:
# minimise it, add it under fixtures/fuzz-regressions/TARGET/, and fix the bug.
set -uo pipefail

[ $# -ge 3 ] || { echo "usage: $0 FUZZDIR SECONDS TARGET..." >&2; exit 2; }
dir=$1
secs=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 2

. "$here/seeds.sh"

dict() {
	case $1 in
	fuzz_python) echo tests/fuzz/python.dict ;;
	fuzz_notebook) echo tests/fuzz/json.dict ;;
	fuzz_ci | fuzz_config | fuzz_rule | fuzz_modelcard) echo tests/fuzz/yaml.dict ;;
	esac
}

passed=0
failed=0
for t in "$@"; do
	bin=$dir/$t
	corpus=$dir/corpus-$t
	art=$dir/artifacts/$t
	log=$dir/$t.log
	mkdir -p "$corpus" "$art"
	seeds "$t" | while IFS= read -r f; do
		[ -f "$f" ] && cp "$f" "$corpus/$(sha1sum <"$f" | cut -c1-40)"
	done
	d=$(dict "$t")
	args=(-max_total_time="$secs" -timeout=30 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
		-artifact_prefix="$art/")
	[ -n "$d" ] && args+=(-dict="$d")
	start=$(date +%s)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$bin" "${args[@]}" "$corpus" >"$log" 2>&1
	rc=$?
	took=$(($(date +%s) - start))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1)
	eps=$(grep -oE 'exec/s: [0-9]+' "$log" | tail -n 1)
	files=$(find "$corpus" -type f | wc -l)
	if [ $rc -eq 0 ]; then
		printf 'ok %-16s %5ss  %10s execs  %-14s %-22s corpus %s\n' "$t" "$took" "${execs:-?}" "${eps:-exec/s: ?}" \
			"${cov:-cov: ?}" "$files"
		passed=$((passed + 1))
	else
		printf 'FAIL %-14s exit %s after %ss: %s\n' "$t" "$rc" "$took" \
			"$(grep -m1 -E 'ERROR: |runtime error:|fuzz invariant failed|Test unit written' "$log")"
		grep -E 'Test unit written|fuzz invariant failed|^ *#[0-9]+ 0x' "$log" | head -n 12 | sed 's/^/    /'
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
