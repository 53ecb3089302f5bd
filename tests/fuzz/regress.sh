#!/usr/bin/env bash
# tests/fuzz/regress.sh BINDIR TARGET... — replays, through each fuzz target built without
# libFuzzer (tests/fuzz/replay.c, ordinary ASan+UBSan build), every input that must keep
# working: fixtures/fuzz-regressions/TARGET/ (crashes found once), the target's seeds, and
# with FUZZ_CORPUS=DIR the corpora DIR/corpus-TARGET grown by `make fuzz`.
# One line per target, then `N passed, N failed`.
set -uo pipefail

[ $# -ge 2 ] || { echo "usage: $0 BINDIR TARGET..." >&2; exit 2; }
bindir=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 2
. "$here/seeds.sh"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mlready-regress.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
for t in "$@"; do
	inputs=()
	while IFS= read -r f; do [ -f "$f" ] && inputs+=("$f"); done < <(seeds "$t")
	[ -n "${FUZZ_CORPUS:-}" ] && [ -d "$FUZZ_CORPUS/corpus-$t" ] && inputs+=("$FUZZ_CORPUS/corpus-$t")
	if [ ${#inputs[@]} -eq 0 ]; then
		echo "ok $t: no inputs"
		passed=$((passed + 1))
		continue
	fi
	timeout 1800 "$bindir/$t" "${inputs[@]}" >"$tmp/log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "ok $t: $(tail -n 1 "$tmp/log" | sed 's/.*: //')"
		passed=$((passed + 1))
	else
		echo "FAIL $t: exit $rc: $(grep -m1 -E 'ERROR: |runtime error:|fuzz invariant failed' "$tmp/log")"
		grep -E '^ *#[0-9]+ 0x' "$tmp/log" | head -n 8 | sed 's/^/    /'
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
