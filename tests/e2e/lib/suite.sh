# Sourced by the end-to-end suites. `scratch NAME` makes the suite's temporary directory
# $tmp, removed on exit (made writable first: suites make read-only directories), and
# points git at no system config and at a global one of this run's own. Never /dev/null:
# git writes its global config by renaming a new file over it, which as root replaced
# /dev/null with a regular file for the whole machine.
scratch() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/mlready-$1.XXXXXX") || exit 2
	trap 'chmod -R u+rwX "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
	export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=$tmp/gitconfig
}

# `suite NAME "$@"` starts a suite that takes one argument, the binary: $bin (made
# absolute), $here (tests/e2e), $root (the checkout) and the scratch directory $tmp.
suite() {
	local name=$1
	shift
	[ $# -eq 1 ] || { echo "usage: $0 BIN" >&2; exit 2; }
	bin=$1
	case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
	here=$(cd "$(dirname "$0")" && pwd)
	root=$(cd "$here/../.." && pwd)
	scratch "$name"
}
