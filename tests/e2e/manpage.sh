#!/usr/bin/env bash
# manpage.sh BIN — docs/mlready.1 and `mlready --help` describe the same program: every
# option and command of --help has an entry in the man page and every entry of the man page
# is in --help; the page renders without a groff warning; the Makefile installs it.
set -uo pipefail

. "${BASH_SOURCE[0]%/*}/lib/suite.sh"
suite man "$@"
page=$root/docs/mlready.1

. "${BASH_SOURCE[0]%/*}/lib/tally.sh"

if ! "$bin" --help >"$tmp/help" 2>&1; then
	fail "--help" "exit status $?"
	echo "$passed passed, $failed failed"
	exit 1
fi

# --help: the options defined at the start of a line ("  -j, --jobs N   ..."), not the
# ones a description mentions; the commands of the usage lines.
sed -nE 's/^  (-[a-zA-Z0-9], )?(--?[a-zA-Z][a-zA-Z0-9-]*).*/\1 \2/p' "$tmp/help" |
	tr -s ', ' '\n' | grep -E '^-' | sort -u >"$tmp/help.opts"
sed -nE 's/^(usage:)? +mlready ([a-z]+)( .*|$)/\2/p' "$tmp/help" | sort -u >"$tmp/help.cmds"

# The man page: the options in the heads of its .TP entries (roff writes '-' as '\-');
# the commands: the .TP heads of the COMMANDS section.
awk '/^\.TP/ { getline; print }' "$page" | sed 's/\\-/-/g' |
	grep -oE '(^|[ ",])--?[a-zA-Z][a-zA-Z0-9-]*' | sed -E 's/^[ ",]//' | sort -u >"$tmp/man.opts"
awk '/^\.SH COMMANDS/ { on = 1; next } /^\.SH/ { on = 0 } on && /^\.TP/ { getline; print }' "$page" |
	sed -nE 's/^\.BI? "?([a-z]+).*/\1/p' | sort -u >"$tmp/man.cmds"

check_same() { # name help-file man-file
	local only_help only_man
	only_help=$(comm -23 "$2" "$3" | paste -sd' ' -)
	only_man=$(comm -13 "$2" "$3" | paste -sd' ' -)
	if [ -z "$only_help" ] && [ -z "$only_man" ] && [ -s "$2" ]; then
		ok "$1: $(wc -l <"$2") in both"
	else
		fail "$1" "in --help only: [${only_help}]; in the man page only: [${only_man}]"
	fi
}
check_same "options" "$tmp/help.opts" "$tmp/man.opts"
check_same "commands" "$tmp/help.cmds" "$tmp/man.cmds"

# The scaffold kinds --help names are the ones the man page describes.
for kind in model-card ci pre-commit gitattributes; do
	grep -q -- "$kind" "$tmp/help" || fail "scaffold $kind" "not in --help"
	grep -q -- "$(echo "$kind" | sed 's/-/\\\\-/g')" "$page" || fail "scaffold $kind" "not in the man page"
done
ok "scaffold kinds in both"

# The version in the page's title is the binary's.
version=$("$bin" version | awk '{ print $2 }')
if grep -qE "^\.TH MLREADY 1 .*\"mlready $version\"" "$page"; then ok "version $version"; else
	fail "version" "the .TH line does not name mlready $version"; fi

# The page renders without warnings (groff -ww: all warnings).
if command -v groff >/dev/null 2>&1; then
	if groff -man -ww -z "$page" >"$tmp/groff" 2>&1 && [ ! -s "$tmp/groff" ]; then ok "groff renders it without warnings"; else
		fail "groff" "$(head -n 3 "$tmp/groff" | paste -sd'|' -)"; fi
else
	fail "groff" "groff is not installed"
fi

# make install puts it where man finds it.
dest=$tmp/dest
if make -s -C "$root" install DESTDIR="$dest" PREFIX=/usr >"$tmp/make" 2>&1 &&
	cmp -s "$page" "$dest/usr/share/man/man1/mlready.1" && [ -x "$dest/usr/bin/mlready" ]; then
	ok "make install installs the man page"
else
	fail "make install" "$(tail -n 2 "$tmp/make" | paste -sd'|' -)"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
