#!/usr/bin/env bash
# golden.sh [--update] BIN — the text (--no-color) and JSON reports of the example project,
# compared byte for byte with tests/e2e/golden/example-project.{txt,json}.
# --update rewrites the golden files: read the diff before committing it, since a golden
# file must hold the right report, not merely the current one.
set -uo pipefail

update=0
bin=""
for a in "$@"; do
	case $a in
	--update) update=1 ;;
	-*) echo "usage: $0 [--update] BIN" >&2; exit 2 ;;
	*) bin=$a ;;
	esac
done
[ -n "$bin" ] || { echo "usage: $0 [--update] BIN" >&2; exit 2; }
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
golden=$here/golden
. "${BASH_SOURCE[0]%/*}/lib/suite.sh"
scratch golden

repo=$tmp/example-project
"$here/make_repo.sh" "$root/fixtures/example-project" "$repo" >/dev/null || exit 1

passed=0
failed=0
for fmt in txt json; do
	case $fmt in
	txt) args=(--format text --no-color) ;;
	json) args=(--format json) ;;
	esac
	# Linted as "." from inside the repository, and any absolute path it still prints is
	# replaced, so the report does not depend on where the checkout lives.
	(cd "$repo" && NO_COLOR=1 "$bin" "${args[@]}" --fail-on never . 2>"$tmp/err") |
		sed "s#$repo#<repo>#g" >"$tmp/got.$fmt"
	rc=${PIPESTATUS[0]}
	want=$golden/example-project.$fmt
	if [ "$rc" -ne 0 ]; then
		echo "FAIL golden $fmt: exit $rc: $(head -n 1 "$tmp/err")"
		failed=$((failed + 1))
	elif [ $update -eq 1 ]; then
		mkdir -p "$golden"
		cp "$tmp/got.$fmt" "$want"
		echo "ok golden $fmt (updated $want)"
		passed=$((passed + 1))
	elif cmp -s "$tmp/got.$fmt" "$want"; then
		echo "ok golden $fmt"
		passed=$((passed + 1))
	else
		echo "FAIL golden $fmt: differs from ${want#"$root"/} (run $0 --update BIN and review):"
		diff -u "$want" "$tmp/got.$fmt" 2>&1 | head -n 20 | sed 's/^/    /'
		failed=$((failed + 1))
	fi
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
