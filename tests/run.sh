#!/usr/bin/env bash
# tests/run.sh [--unit-only|--e2e-only] BUILDDIR... — run the test suites against each build
# (for example build/rel and build/asan):
#   unit   every cmocka binary BUILDDIR/tests/test_*, and (once) every tests/unit/*.sh script
#   e2e    every tests/e2e/*.sh suite (except the make_repo.sh helper) with BUILDDIR/mlready
# Prints one summary line per suite, the failures in full, and as the very last line the
# totals: `N passed, N failed`. Exits non-zero when anything failed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
unit=1
e2e=1
builds=()
for a in "$@"; do
	case $a in
	--unit-only) e2e=0 ;;
	--e2e-only) unit=0 ;;
	-*) echo "usage: $0 [--unit-only|--e2e-only] BUILDDIR..." >&2; exit 2 ;;
	*) builds+=("$a") ;;
	esac
done
[ ${#builds[@]} -gt 0 ] || { echo "usage: $0 [--unit-only|--e2e-only] BUILDDIR..." >&2; exit 2; }

# Sanitizer settings only affect sanitized binaries, so every build gets them: a leak or
# undefined behaviour fails the test that triggered it instead of scrolling past.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export CMOCKA_MESSAGE_OUTPUT=stdout
unset NO_COLOR

start=$PWD
cd "$root" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mlready-run.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
total_pass=0
total_fail=0

# report SUITE PASS FAIL LOG — one summary line; on failure, what failed.
report() {
	printf '%-48s %d passed, %d failed\n' "$1" "$2" "$3"
	total_pass=$((total_pass + $2))
	total_fail=$((total_fail + $3))
	if [ "$3" -ne 0 ]; then
		grep -E '^(FAIL |\[  (FAILED|ERROR) +\]|\[   LINE   \])|Sanitizer|runtime error:' "$4" | grep -v 'listed below' | awk '!seen[$0]++' |
			head -n 40 | sed 's/^/    /'
		grep -qE '^(FAIL |\[  FAILED  \])' "$4" || tail -n 15 "$4" | sed 's/^/    /'
	fi
}

# /dev/null was twice replaced by a regular file during runs as root, and everything run
# after that (on the whole machine) wrote into it: after each suite, fail loudly, once,
# naming the suite that did it.
devnull_broken_by=""
check_devnull() { # SUITE
	[ -c /dev/null ] || [ -n "$devnull_broken_by" ] || {
		devnull_broken_by=$1
		echo "FAIL /dev/null is no longer a character device, since $1: $(ls -l /dev/null 2>&1)"
		echo "    as root, restore it: rm -f /dev/null && mknod -m 666 /dev/null c 1 3"
		total_fail=$((total_fail + 1))
	}
}

# cmocka binary: OK lines are passes; failures come from each group's summary. A binary
# that exits non-zero without reporting a failed test crashed or leaked: one failure more.
run_cmocka() { # BIN SUITE
	local log=$tmp/log pass fail rc
	timeout 300 "$1" >"$log" 2>&1 </dev/null
	rc=$?
	pass=$(grep -cE '^\[       OK \]' "$log")
	fail=$(sed -nE 's/^\[  FAILED  \] ([0-9]+) test\(s\), listed below:.*/\1/p' "$log" | awk '{ s += $1 } END { print s + 0 }')
	if [ $rc -ne 0 ] && [ "$fail" -eq 0 ]; then
		fail=1
		echo "FAIL $2: exit status $rc (crash, timeout or leak)" >>"$log"
	fi
	report "$2" "$pass" "$fail" "$log"
	check_devnull "$2"
}

# Script suite: its last line is "N passed, N failed". A script that ends otherwise, or
# exits non-zero with nothing failed, counts as one failure.
run_script() { # SUITE CMD...
	local suite=$1 log=$tmp/log pass fail rc last
	shift
	timeout 1800 "$@" >"$log" 2>&1 </dev/null
	rc=$?
	last=$(tail -n 1 "$log")
	if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		pass=${BASH_REMATCH[1]}
		fail=${BASH_REMATCH[2]}
	else
		pass=0
		fail=0
	fi
	if { [ $rc -ne 0 ] && [ "$fail" -eq 0 ]; } || [ -z "$last" ] || ! [[ $last =~ passed ]]; then
		fail=$((fail + 1))
		echo "FAIL $suite: exit status $rc, last line: $last" >>"$log"
	fi
	report "$suite" "$pass" "$fail" "$log"
	check_devnull "$suite"
}

for build in "${builds[@]}"; do
	build=${build%/}
	dir=$build
	case $dir in /*) ;; *) dir=$start/$dir ;; esac
	if [ ! -d "$dir" ]; then
		echo "FAIL $build: no such build directory"
		total_fail=$((total_fail + 1))
		continue
	fi
	if [ $unit -eq 1 ]; then
		for t in "$dir"/tests/test_*; do
			[ -f "$t" ] && [ -x "$t" ] || continue
			run_cmocka "$t" "$build unit $(basename "$t")"
		done
	fi
	if [ $e2e -eq 1 ]; then
		if [ ! -x "$dir/mlready" ]; then
			echo "FAIL $build e2e: $build/mlready was not built"
			total_fail=$((total_fail + 1))
			continue
		fi
		for s in "$root"/tests/e2e/*.sh; do
			[ "$(basename "$s")" = make_repo.sh ] && continue
			run_script "$build e2e $(basename "$s" .sh)" bash "$s" "$dir/mlready"
		done
	fi
done

# Unit scripts test build tools shared by every variant (build/rulegen): they run once,
# from the top of the tree, with no arguments.
if [ $unit -eq 1 ]; then
	for s in "$root"/tests/unit/*.sh; do
		[ -f "$s" ] || continue
		run_script "unit $(basename "$s")" bash "$s"
	done
fi

# ... and at the end, whatever ran.
if [ ! -c /dev/null ] && [ -z "$devnull_broken_by" ]; then
	echo "FAIL /dev/null is no longer a character device: $(ls -l /dev/null 2>&1)"
	echo "    as root, restore it: rm -f /dev/null && mknod -m 666 /dev/null c 1 3"
	total_fail=$((total_fail + 1))
fi

echo "$total_pass passed, $total_fail failed"
[ $total_fail -eq 0 ]
