#!/usr/bin/env bash
# make_repo.sh SRC DEST — turn a fixture tree into a real, deterministic Git repository.
#
# Fixture trees never hold a .git: the repository is built here, with fixed identities and
# dates so commit ids are the same on every machine. Optional controls under SRC/.fixture/:
#   gitignore   copied to DEST/.gitignore (and committed) so that a fixture's ignore rules
#               never affect the mlready repository itself
#   untracked   one path per line (relative to SRC) left in the work tree but not committed
#   expect      read by rule_fixtures.sh, not here
# .fixture itself is never copied.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 SRC DEST" >&2
	exit 2
fi
src=$1
dest=$2
[ -d "$src" ] || { echo "$0: $src: not a directory" >&2; exit 2; }
src=$(cd "$src" && pwd)

# Nothing from the user's or the machine's git configuration may change the result. The
# global config is a file of the new repository, never /dev/null: git writes its global
# config by renaming a new file over it, which as root replaced /dev/null.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=$dest/.git/test-global-config
export GIT_AUTHOR_NAME="mlready fixtures" GIT_AUTHOR_EMAIL="fixtures@mlready.invalid"
export GIT_COMMITTER_NAME="mlready fixtures" GIT_COMMITTER_EMAIL="fixtures@mlready.invalid"
export GIT_AUTHOR_DATE="2024-01-01T12:00:00Z" GIT_COMMITTER_DATE="2024-01-01T12:00:00Z"
git_() { git -c commit.gpgsign=false -c core.autocrlf=false -c core.hooksPath=/dev/null \
	-c init.templateDir= "$@"; }

case $dest in ""|/|.|..) echo "$0: refusing to replace $dest" >&2; exit 2 ;; esac
rm -rf "$dest"
mkdir -p "$dest"
tar -C "$src" --exclude=./.fixture -cf - . | tar -C "$dest" -xf -
[ -f "$src/.fixture/gitignore" ] && cp "$src/.fixture/gitignore" "$dest/.gitignore"

cd "$dest"
git_ init -q -b main
git_ add -A
if [ -f "$src/.fixture/untracked" ]; then
	while IFS= read -r p || [ -n "$p" ]; do
		[ -n "$p" ] && [ "${p#\#}" = "$p" ] || continue
		git_ rm -q -r --cached --ignore-unmatch -- "$p"
	done <"$src/.fixture/untracked"
fi
git_ commit -q --allow-empty -m "fixture: $(basename "$src")"
git_ rev-parse HEAD
