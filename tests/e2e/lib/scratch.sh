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
