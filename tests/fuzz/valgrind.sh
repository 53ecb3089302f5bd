#!/usr/bin/env bash
# tests/fuzz/valgrind.sh BUILDDIR — memcheck over the release build: every unit test
# binary BUILDDIR/tests/test_*, then a subset of end-to-end runs of BUILDDIR/mlready that
# covers each source, each report format, the hostile fixtures and the error paths
# (usage, config, repository errors). Each under
#   valgrind --error-exitcode=1 --leak-check=full
# Lint runs use --fail-on never, so exit 1 can only be valgrind's. One line per run
# (`ok NAME (Ns)` / `FAIL NAME: why`), then `N passed, N failed`. `make valgrind` runs it;
# docs/hardening.md records how long it takes.
set -uo pipefail

[ $# -eq 1 ] || { echo "usage: $0 BUILDDIR" >&2; exit 2; }
build=${1%/}
case $build in /*) ;; *) build=$PWD/$build ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$build/mlready
command -v valgrind >/dev/null || { echo "FAIL valgrind: not installed (make deps)"; echo "0 passed, 1 failed"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mlready-vg.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# GIT_CONFIG_GLOBAL: a file of this run, never /dev/null: git writes its global config by
# renaming a new file over it, which as root replaced /dev/null with a regular file.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=$tmp/gitconfig
export GIT_AUTHOR_NAME=vg GIT_AUTHOR_EMAIL=vg@mlready.invalid GIT_COMMITTER_NAME=vg GIT_COMMITTER_EMAIL=vg@mlready.invalid
export CMOCKA_MESSAGE_OUTPUT=stdout
g() { git -c commit.gpgsign=false -c core.hooksPath=/dev/null -c init.templateDir= "$@"; }

vg=(valgrind --error-exitcode=1 --leak-check=full --show-leak-kinds=definite,indirect
	--errors-for-leak-kinds=definite,indirect --num-callers=30 -q)
passed=0
failed=0
started=$SECONDS

# check NAME WANT_RC... -- CMD... : runs CMD under memcheck; passes when it exits with
# one of WANT_RC and valgrind reported nothing.
check() {
	local name=$1 wants=() want t0=$SECONDS rc
	shift
	while [ "$1" != -- ]; do wants+=("$1"); shift; done
	shift
	timeout 1800 "${vg[@]}" --log-file="$tmp/vg.log" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ -s "$tmp/vg.log" ]; then
		echo "FAIL $name: valgrind: $(grep -m1 -E 'Invalid|uninitialised|definitely|indirectly|Mismatched|overlap' "$tmp/vg.log")"
		sed -n '1,25p' "$tmp/vg.log" | sed 's/^/    /'
		failed=$((failed + 1))
		return
	fi
	for want in "${wants[@]}"; do
		if [ "$rc" = "$want" ]; then
			echo "ok $name ($((SECONDS - t0))s)"
			passed=$((passed + 1))
			return
		fi
	done
	echo "FAIL $name: exit $rc, want ${wants[*]} ($(head -c 200 "$tmp/err"))"
	failed=$((failed + 1))
}

# ------------------------------------------------------------------ unit tests
for t in "$build"/tests/test_*; do
	[ -x "$t" ] && [ -f "$t" ] || continue
	check "unit $(basename "$t")" 0 -- "$t"
done

# ------------------------------------------------------------------ rule loader
# tree-sitter's query compiler reads uninitialised memory on some queries it refuses
# (fixtures/fuzz-regressions/fuzz_rule/ts-query-*): only memcheck sees that, not ASan. The
# loader must refuse them before tree-sitter compiles them.
rulegen=$root/build/rulegen
if [ -x "$rulegen" ]; then
	check "rule loader on the fuzz_rule regressions" 2 -- "$rulegen" --check "$root"/fixtures/fuzz-regressions/fuzz_rule/*.yml
else
	echo "FAIL rule loader: $rulegen was not built"
	failed=$((failed + 1))
fi

# ------------------------------------------------------------------ end to end
[ -x "$bin" ] || { echo "FAIL e2e: $bin was not built"; failed=$((failed + 1)); }
if [ -x "$bin" ]; then
	ex=$tmp/example
	"$root/tests/e2e/make_repo.sh" "$root/fixtures/example-project" "$ex" >/dev/null
	bad=$tmp/bad
	"$root/tests/e2e/make_repo.sh" "$root/fixtures/bad" "$bad" >/dev/null
	sec=$tmp/secrets
	"$root/tests/e2e/make_repo.sh" "$root/fixtures/rules/MLR201-hardcoded-secret/python-contexts" "$sec" >/dev/null

	check "version" 0 -- "$bin" version
	check "rules" 0 -- "$bin" rules
	check "explain MLR201" 0 -- "$bin" explain MLR201
	for fmt in text json sarif markdown github junit html badge; do
		check "example project --format $fmt" 0 -- "$bin" --format "$fmt" --fail-on never "$ex"
	done
	check "example project -j 1" 0 -- "$bin" -j 1 --fail-on never "$ex"
	check "example project --rev HEAD" 0 -- "$bin" --rev HEAD --format json --fail-on never "$ex"
	check "example project --staged" 0 -- "$bin" --staged --format json --fail-on never "$ex"
	check "example project --history" 0 -- "$bin" --history --format json --fail-on never "$ex"
	check "example project as a plain directory" 0 -- "$bin" --no-git --format json --fail-on never "$ex"
	check "secrets fixture" 0 -- "$bin" --format json --fail-on never "$sec"
	check "hostile fixtures (fixtures/bad)" 0 -- "$bin" --format json --fail-on never "$bad"

	# error paths: usage, configuration, repository
	check "usage error" 2 -- "$bin" --frobnicate "$ex"
	check "unknown revision" 2 -- "$bin" --rev no-such-rev "$ex"
	printf 'select: [NOPE]\nunknown-key: 1\n' >"$ex/.mlready.yml"
	check "config error" 2 -- "$bin" --fail-on never "$ex"
	rm -f "$ex/.mlready.yml"
	mkdir -p "$ex/.mlready.yml"
	check "config that is a directory" 2 -- "$bin" --fail-on never "$ex"
	rmdir "$ex/.mlready.yml"
	oid=$(g -C "$sec" rev-parse 'HEAD^{tree}')
	chmod u+w "$sec/.git/objects/${oid:0:2}/${oid:2}"
	printf 'garbage' >"$sec/.git/objects/${oid:0:2}/${oid:2}"
	check "corrupt tree (--rev HEAD)" 3 -- "$bin" --rev HEAD --fail-on never "$sec"
	printf 'garbage\n' >"$bad/.git/HEAD"
	check "corrupt HEAD" 3 -- "$bin" --rev HEAD --fail-on never "$bad"
fi

echo "valgrind: $((SECONDS - started))s in all"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
