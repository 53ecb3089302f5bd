#!/usr/bin/env bash
# make bench — speed and memory of mlready as whole processes, on corpora any machine can get:
#   - the Python standard library Debian installs, committed into a throwaway repository;
#   - every repository named in BENCH_REPOS (space-separated paths to Git work trees), e.g.
#     BENCH_REPOS="$HOME/src/diffusers" make bench
# Modes, per corpus:
#   cold         full lint, every rule, no cache (-j 1 and -j 2)
#   parse-all    the same with --no-prefilter: every Python file parsed (the baseline the
#                prefilter is measured against)
#   warm         the same run again with the cache filled and nothing changed
#   pre-commit   --staged --files with one modified, staged Python file (in a scratch clone)
#   history      --history (secret rules over every unique blob) next to `git log -p --all`
# Wall time is hyperfine's median (when hyperfine is installed; else the best of the
# /usr/bin/time runs); CPU and peak RSS come from /usr/bin/time -v. Speed is never asserted
# in a test: this prints figures for people to read.
set -euo pipefail

bin=${1:-build/mlready}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
runs=${BENCH_RUNS:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work="$root/build/bench"
mkdir -p "$work"

stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])' 2>/dev/null || echo /usr/lib/python3.11)
corpus="$work/stdlib"
commit_all() { # dir
	git -C "$1" add -A
	GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z \
		git -C "$1" -c user.name=bench -c user.email=bench@localhost -c commit.gpgsign=false \
		commit -qm corpus
}
if [ ! -d "$corpus/.git" ]; then
	rm -rf "$corpus" && mkdir -p "$corpus"
	(cd "$stdlib" && find . -name '*.py' -not -path '*/site-packages/*' -not -path '*/dist-packages/*' -print0 |
		cpio -0pdm --quiet "$corpus" 2>/dev/null) || cp -r "$stdlib"/. "$corpus"/
	git -C "$corpus" init -q -b main
	commit_all "$corpus"
fi

repos=("$corpus")
for r in ${BENCH_REPOS:-}; do repos+=("$r"); done

have_cache=0
"$bin" --help 2>&1 | grep -q -- '--no-cache' && have_cache=1
nocache=()
[ $have_cache -eq 1 ] && nocache=(--no-cache)

# measure LABEL CMD... — one row: wall (hyperfine median or best), CPU and peak RSS (worst)
measure() {
	local label=$1
	shift
	local best="" cpu="" rss=0 out wall user sys maxrss
	for _ in $(seq "$runs"); do
		/usr/bin/time -o "$work/time.txt" -f '%e %U %S %M' "$@" >/dev/null 2>&1 || true
		out=$(tail -n 1 "$work/time.txt")
		read -r wall user sys maxrss <<<"$out"
		if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc -l)" = 1 ]; then
			best=$wall
			cpu=$(echo "$user + $sys" | bc -l)
		fi
		[ "$maxrss" -gt "$rss" ] && rss=$maxrss
	done
	if command -v hyperfine >/dev/null; then
		local js="$work/hf.json"
		if hyperfine -N --runs "$runs" --warmup 1 --export-json "$js" -- "$(printf '%q ' "$@")" >/dev/null 2>&1 ||
			hyperfine --runs "$runs" --warmup 1 --export-json "$js" -- "$(printf '%q ' "$@")" >/dev/null 2>&1; then
			best=$(jq '.results[0].median' "$js")
		fi
	fi
	printf '%s %s %s %s\n' "$label" "$best" "$cpu" "$rss"
}

row() { # corpus mode files bytes parsed wall cpu rss
	local mb rate share
	mb=$(echo "$4 / 1048576" | bc -l)
	rate=$(echo "if ($6 > 0) $mb / $6 else 0" | bc -l)
	share=$([ "$5" = "-" ] && echo "-" || echo "$(printf '%.0f' "$(echo "100 * $5 / ($4 + ($4 == 0))" | bc -l)")%")
	printf '%-22s %-18s %7s %8.1f %7s %8.3f %8.2f %8.1f %8.1f\n' "$1" "$2" "$3" "$mb" "$share" "$6" "$7" "$rate" \
		"$(echo "$8 / 1024" | bc -l)"
}

printf '%-22s %-18s %7s %8s %7s %8s %8s %8s %8s\n' corpus mode files MB parsed wall_s cpu_s MB/s rss_MB
for repo in "${repos[@]}"; do
	name=$(basename "$repo")
	json=$("$bin" --format json --fail-on never "${nocache[@]}" -j 1 "$repo")
	files=$(jq '.files' <<<"$json")
	bytes=$(jq '.bytes' <<<"$json")
	parsed=$(jq '.bytes_parsed' <<<"$json")
	all=$("$bin" --format json --fail-on never "${nocache[@]}" --no-prefilter -j 1 "$repo" | jq '.bytes_parsed')
	for jobs in 1 2; do
		read -r _ w c r < <(measure cold "$bin" --format json --fail-on never "${nocache[@]}" -j "$jobs" "$repo")
		row "$name" "cold -j $jobs" "$files" "$bytes" "$parsed" "$w" "$c" "$r"
		read -r _ w c r < <(measure all "$bin" --format json --fail-on never "${nocache[@]}" --no-prefilter -j "$jobs" "$repo")
		row "$name" "parse-all -j $jobs" "$files" "$bytes" "$all" "$w" "$c" "$r"
	done
	if [ $have_cache -eq 1 ]; then
		"$bin" --format json --fail-on never "$repo" >/dev/null # fill the cache
		read -r _ w c r < <(measure warm "$bin" --format json --fail-on never "$repo")
		row "$name" "warm" "$files" "$bytes" "-" "$w" "$c" "$r"
	fi

	# pre-commit: a scratch clone sharing the objects, one Python file changed and staged: a
	# training script when there is one (parsed, most rules run), else any Python file
	scratch="$work/precommit-$name"
	rm -rf "$scratch"
	if git clone -q --shared "$repo" "$scratch" 2>/dev/null; then
		mapfile -t pys < <(git -C "$scratch" ls-files '*.py')
		py=""
		for p in "${pys[@]}"; do
			case ${p##*/} in train*.py) py=$p; break ;; esac
		done
		[ -z "$py" ] && [ ${#pys[@]} -gt 0 ] && py=${pys[$((${#pys[@]} / 2))]}
		if [ -n "$py" ]; then
			echo "x = 1  # bench" >>"$scratch/$py"
			git -C "$scratch" add -- "$py"
			size=$(wc -c <"$scratch/$py")
			# --files lints the repository in the current directory, as a pre-commit hook does
			read -r _ w c r < <(measure pre env -C "$scratch" "$bin" --staged --format text --fail-on never "${nocache[@]}" --files "$py")
			row "$name" "pre-commit, cold" 1 "$size" "-" "$w" "$c" "$r"
			read -r _ w c r < <(measure pre env -C "$scratch" "$bin" --staged --format text --fail-on never --files "$py")
			row "$name" "pre-commit, cached" 1 "$size" "-" "$w" "$c" "$r"
		fi
	else
		echo "($name: no scratch clone for the pre-commit rows: git clone --shared failed)"
	fi
	rm -rf "$scratch"

	hjson=$("$bin" --history --format json --fail-on never -j 2 "$repo")
	hbytes=$(jq '.bytes' <<<"$hjson")
	hfiles=$(jq '.files' <<<"$hjson")
	read -r _ w c r < <(measure hist "$bin" --history --format json --fail-on never -j 2 "$repo")
	row "$name" "history -j 2" "$hfiles" "$hbytes" "-" "$w" "$c" "$r"
	read -r _ w c r < <(measure gitlog git -C "$repo" log -p --all)
	row "$name" "git log -p --all" "-" "$hbytes" "-" "$w" "$c" "$r"
done
echo "(wall: median of $runs runs after a warm-up, or the best; cpu and rss: /usr/bin/time;"
echo " parsed: share of the bytes parsed as Python; MB/s: MB over wall;"
echo " history MB: unique blob bytes scanned, the same figure for git log)"

if [ -x "$root/build/rel/tests/bench_secrets" ] && [ -f "$root/../shared/corpora/secrets/gitleaks_cases.jsonl" ]; then
	echo
	"$root/build/rel/tests/bench_secrets" "$root/../shared/corpora/secrets/gitleaks_cases.jsonl" "$stdlib"
fi
