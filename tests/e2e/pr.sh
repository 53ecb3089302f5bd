#!/usr/bin/env bash
# pr.sh BIN — PR mode (--base) end to end: every case of fixtures/pr/ (see its README),
# then the text report's delta, --config-from-base, and the errors a CI user meets
# (unknown base, shallow clone, not a repository, conflicting flags).
set -uo pipefail

. "${BASH_SOURCE[0]%/*}/lib/suite.sh"
suite pr "$@"

export GIT_AUTHOR_NAME="mlready fixtures" GIT_AUTHOR_EMAIL="fixtures@mlready.invalid"
export GIT_COMMITTER_NAME="mlready fixtures" GIT_COMMITTER_EMAIL="fixtures@mlready.invalid"
export GIT_AUTHOR_DATE="2024-01-02T12:00:00Z" GIT_COMMITTER_DATE="2024-01-02T12:00:00Z"
git_() { git -c commit.gpgsign=false -c core.autocrlf=false -c core.hooksPath=/dev/null "$@"; }

. "${BASH_SOURCE[0]%/*}/lib/tally.sh"

# make_pr CASE REPO: base committed on main, the change on branch `change` (committed,
# staged or left in the work tree, per .fixture/mode). Prints the mode.
make_pr() {
	local casedir=$1 repo=$2 mode=rev
	[ -f "$casedir/.fixture/mode" ] && mode=$(tr -d '[:space:]' <"$casedir/.fixture/mode")
	"$here/make_repo.sh" "$casedir/base" "$repo" >/dev/null || return 1
	(
		cd "$repo" || exit 1
		git_ checkout -q -b change
		git_ rm -q -r --cached . && find . -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
		tar -C "$casedir/change" -cf - . | tar -xf -
		case $mode in
		rev) git_ add -A && git_ commit -q -m change ;;
		staged) git_ add -A ;;
		worktree) git_ add -u ;; # tracked files as they are on disk; new files stay untracked
		esac
	) >/dev/null 2>&1 || return 1
	echo "$mode"
}

expected() { # casedir
	(cd "$1/change" && grep -rInE "mlready-expect:" . | while IFS=: read -r path line rest; do
		for id in $(echo "$rest" | sed -E 's/.*mlready-expect:[[:space:]]*//; s/,/ /g'); do
			echo "$id ${path#./}:$line"
		done
	done)
	[ -f "$1/.fixture/expect" ] && grep -vE '^[[:space:]]*(#|$)' "$1/.fixture/expect"
	true
}

found() { # report
	jq -r '.findings[] | "\(.rule_id) " + (if .path == null then "repo" elif .line == 0 then .path
		else "\(.path):\(.line)" end)' "$1"
}

for casedir in "$root"/fixtures/pr/*/; do
	casedir=${casedir%/}
	name=pr/$(basename "$casedir")
	repo=$tmp/repo
	if ! mode=$(make_pr "$casedir" "$repo"); then
		fail "$name" "cannot build the repository"
		continue
	fi
	args=(--base main --format json --fail-on never)
	[ "$mode" = rev ] && args+=(--rev HEAD)
	[ "$mode" = staged ] && args+=(--staged)
	"$bin" "${args[@]}" "$repo" >"$tmp/report.json" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "$name" "exit $rc: $(head -n 1 "$tmp/err")"
		continue
	fi
	found "$tmp/report.json" | sort >"$tmp/got"
	expected "$casedir" | sort >"$tmp/want"
	missing=$(comm -23 "$tmp/want" "$tmp/got" | paste -sd' ' -)
	extra=$(comm -13 "$tmp/want" "$tmp/got" | paste -sd' ' -)
	problem=""
	[ -n "$missing" ] && problem="missing [$missing]"
	[ -n "$extra" ] && problem="${problem:+$problem; }unexpected [$extra]"
	merge_base=$(git -C "$repo" merge-base main HEAD)
	got_base=$(jq -r '.base.commit // "none"' "$tmp/report.json")
	[ "$got_base" = "$merge_base" ] || problem="${problem:+$problem; }base.commit is $got_base, want $merge_base"
	if [ -n "$problem" ]; then fail "$name ($mode)" "$problem"; else ok "$name ($mode)"; fi
done

# ---- the text report: what was compared, and the score's delta against the base
repo=$tmp/repo
make_pr "$root/fixtures/pr/threshold-unnoted" "$repo" >/dev/null
"$bin" --base main --no-color "$repo" >"$tmp/out.txt" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -qE '^PR mode: 2 paths changed since the merge base [0-9a-f]{12}' "$tmp/out.txt" &&
	grep -qE '^  vs base +[0-9.]+ → [0-9.]+ \((\+|−|±)[0-9.]+\), change category aside' "$tmp/out.txt" &&
	grep -qE '^  Change \(PR mode\) +.* [0-9.]+ ' "$tmp/out.txt"; then
	ok "text report: compared paths, change category, delta"
else
	fail "text report: compared paths, change category, delta" "exit $rc; $(grep -E 'PR mode|Overall|Change' "$tmp/out.txt" | paste -sd'|' -)"
fi
"$bin" --base main --format json --fail-on never "$repo" >"$tmp/delta.json"
delta=$(jq -r '.base.delta' "$tmp/delta.json")
compared=$(jq -r '.base.compared_overall' "$tmp/delta.json")
base_overall=$(jq -r '.base.overall' "$tmp/delta.json")
change=$(jq -r '.score.categories[] | select(.id == "change") | .score' "$tmp/delta.json")
# the change touches no scored category but its own: like for like, nothing moved
if [ "$delta" = 0 ] && [ "$compared" = "$base_overall" ] && [ "$change" != null ] &&
	[ "$(echo "$change < 100" | bc)" = 1 ]; then
	ok "json: base.delta compares like for like ($compared vs $base_overall; change category $change)"
else
	fail "json: base.delta" "compared $compared, base $base_overall, delta $delta, change category $change"
fi
# warnings only: the default gate (error) passes, --fail-on warning fails
"$bin" --base main --fail-on warning "$repo" >/dev/null 2>&1
rc=$?
if [ $rc -eq 1 ]; then ok "--fail-on warning fails on a change-rule warning"; else fail "--fail-on warning" "exit $rc"; fi

# ---- --config-from-base: a change cannot switch off its own gate
repo=$tmp/cfg
mkdir -p "$tmp/cfg-src"
printf 'ignore: [MLR301]\n' >"$tmp/cfg-src/.mlready.yml"
printf 'import os\nTOKEN = os.environ["TOKEN"]\n' >"$tmp/cfg-src/app.py"
"$here/make_repo.sh" "$tmp/cfg-src" "$repo" >/dev/null
(
	cd "$repo" && git_ checkout -q -b change &&
		printf 'ignore: [MLR301, MLR201]\n' >.mlready.yml &&
		printf 'TOKEN = "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"\n' >app.py && git_ commit -q -a -m loosen
) >/dev/null 2>&1
"$bin" --base main --format json --fail-on never "$repo" >"$tmp/own.json" 2>/dev/null
"$bin" --base main --config-from-base --format json --fail-on never "$repo" >"$tmp/frombase.json" 2>"$tmp/err"
own=$(jq '[.findings[] | select(.rule_id == "MLR201")] | length' "$tmp/own.json")
frombase=$(jq '[.findings[] | select(.rule_id == "MLR201")] | length' "$tmp/frombase.json")
if [ "$own" = 0 ] && [ "$frombase" = 1 ]; then
	ok "--config-from-base keeps the gate the change removed"
else
	fail "--config-from-base" "MLR201 findings: own config $own (want 0), base config $frombase (want 1); $(head -n 1 "$tmp/err")"
fi
(cd "$repo" && git_ checkout -q main && printf 'ignroe: [MLR301]\n' >.mlready.yml && git_ commit -q -a -m typo &&
	git_ checkout -q change && git_ merge -q -s ours -m merge main) >/dev/null 2>&1
"$bin" --base main --config-from-base "$repo" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -qE '^[0-9a-f]{12}:\.mlready\.yml:1:1: unknown key' "$tmp/err"; then
	ok "--config-from-base: a bad base config is named by commit:file:line:col, exit 2"
else
	fail "--config-from-base bad config" "exit $rc: $(head -n 1 "$tmp/err")"
fi

# ---- errors a CI user meets
expect_error() { # name want-exit pattern cmd...
	local name=$1 want=$2 pattern=$3
	shift 3
	"$@" >/dev/null 2>"$tmp/err"
	local rc=$?
	if [ $rc -eq "$want" ] && grep -qE -- "$pattern" "$tmp/err"; then
		ok "$name"
	else
		fail "$name" "exit $rc (want $want): $(head -n 1 "$tmp/err")"
	fi
}
repo=$tmp/repo
make_pr "$root/fixtures/pr/threshold-unnoted" "$repo" >/dev/null
expect_error "unknown --base" 2 "'no-such-branch' is not a known revision" "$bin" --base no-such-branch "$repo"
mkdir -p "$tmp/plain" && printf 'x = 1\n' >"$tmp/plain/a.py"
expect_error "--base outside Git" 3 "not inside a Git repository" "$bin" --base main "$tmp/plain"
expect_error "--base with --files" 2 "exclude each other" "$bin" --base main --files a.py
expect_error "--config-from-base without --base" 2 "needs --base" "$bin" --config-from-base "$repo"
# a shallow clone (CI's default fetch-depth: 1) of a branch that main has moved past has
# no merge base with main: say how to fix it
(cd "$repo" && git_ checkout -q main && printf 'x = 2\n' >later.py && git_ add later.py &&
	git_ commit -q -m later && git_ checkout -q change) >/dev/null 2>&1
git_ clone -q --depth 1 --no-single-branch "file://$repo" "$tmp/shallow" 2>/dev/null
git -C "$tmp/shallow" checkout -q change 2>/dev/null
expect_error "shallow clone: fetch-depth hint" 2 "fetch-depth: 0" "$bin" --base origin/main "$tmp/shallow"
# deep enough to hold the merge base (GitLab's GIT_DEPTH, fetch-depth: 10): it works.
# History m1-m2-m3 (main) + c1 (change, from m3) + m4 (main); depth 2 holds m3 but not m2.
hist=$tmp/hist
mkdir -p "$hist" && git_ -C "$hist" init -q -b main
for m in m1 m2 m3; do echo "$m = 1" >"$hist/$m.py"; git_ -C "$hist" add -A; git_ -C "$hist" commit -q -m "$m"; done
git_ -C "$hist" checkout -q -b change && echo 'c = 1' >"$hist/c1.py" && git_ -C "$hist" add -A &&
	git_ -C "$hist" commit -q -m c1
git_ -C "$hist" checkout -q main && echo 'm = 4' >"$hist/m4.py" && git_ -C "$hist" add -A &&
	git_ -C "$hist" commit -q -m m4 && git_ -C "$hist" checkout -q change
git_ clone -q --depth 2 --no-single-branch "file://$hist" "$tmp/deeper" 2>/dev/null
git -C "$tmp/deeper" checkout -q change 2>/dev/null
"$bin" --base origin/main --format json --fail-on never "$tmp/deeper" >"$tmp/deeper.json" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(jq -r .base.commit "$tmp/deeper.json")" = "$(git -C "$hist" merge-base main change)" ] &&
	[ "$(jq -r .base.changed_paths "$tmp/deeper.json")" = 1 ] &&
	[ "$(git -C "$tmp/deeper" rev-parse --is-shallow-repository)" = true ]; then
	ok "a shallow clone that holds the merge base works"
else
	fail "shallow clone holding the merge base" "exit $rc: $(head -n 1 "$tmp/err")"
fi

# a checkout owned by another user (a container running as root on a mounted checkout):
# libgit2 refuses it like git; the error names the safe.directory fix. Needs root to chown.
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	cp -a "$repo" "$tmp/owned" && chown -R nobody "$tmp/owned"
	expect_error "repository owned by another user: safe.directory hint" 3 \
		"owned by another user.*safe.directory $tmp/owned" \
		env GIT_CONFIG_GLOBAL="$tmp/gitconfig" "$bin" --base main "$tmp/owned"
else
	echo "skip repository owned by another user (needs root)"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
