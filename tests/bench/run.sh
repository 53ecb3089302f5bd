#!/usr/bin/env bash
# make bench — speed and memory of full lints, measured as whole processes with
# /usr/bin/time (wall, CPU, peak RSS), on corpora any machine can get:
#   - the Python standard library Debian installs, committed into a throwaway repository;
#   - every repository named in BENCH_REPOS (space-separated paths to work trees), e.g.
#     BENCH_REPOS="$HOME/src/diffusers" make bench
# Speed is never asserted in a test: this prints figures for people to read. The -j rows
# are full analyses (--no-cache); the warm row is a cached run with nothing changed.
set -euo pipefail

bin=${1:-build/mlready}
runs=${BENCH_RUNS:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work="$root/build/bench"
mkdir -p "$work"

stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])' 2>/dev/null || echo /usr/lib/python3.11)
corpus="$work/stdlib"
if [ ! -d "$corpus/.git" ]; then
	rm -rf "$corpus" && mkdir -p "$corpus"
	(cd "$stdlib" && find . -name '*.py' -not -path '*/site-packages/*' -not -path '*/dist-packages/*' -print0 |
		cpio -0pdm --quiet "$corpus" 2>/dev/null) || cp -r "$stdlib"/. "$corpus"/
	git -C "$corpus" init -q -b main
	git -C "$corpus" add -A
	GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z \
		git -C "$corpus" -c user.name=bench -c user.email=bench@localhost -c commit.gpgsign=false \
		commit -qm corpus
fi

repos=("$corpus")
for r in ${BENCH_REPOS:-}; do repos+=("$r"); done

printf '%-28s %-6s %7s %9s %8s %8s %8s %9s\n' corpus mode files MB wall_s cpu_s MB/s rss_MB
for repo in "${repos[@]}"; do
	name=$(basename "$repo")
	json=$("$bin" --format json --fail-on never --no-cache -j 1 "$repo")
	files=$(jq '.files' <<<"$json")
	bytes=$(jq '.bytes' <<<"$json")
	for jobs in 1 2; do
		best_wall=""; best_cpu=""; rss=0
		for _ in $(seq "$runs"); do
			# the full analysis every time: the cache would make every run but the first warm
			out=$( { /usr/bin/time -f '%e %U %S %M' "$bin" --format json --fail-on never --no-cache -j "$jobs" "$repo" >/dev/null; } 2>&1 | tail -n 1)
			read -r wall user sys maxrss <<<"$out"
			cpu=$(echo "$user + $sys" | bc -l)
			if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc -l)" = 1 ]; then
				best_wall=$wall; best_cpu=$cpu
			fi
			[ "$maxrss" -gt "$rss" ] && rss=$maxrss
		done
		mb=$(echo "$bytes / 1048576" | bc -l)
		rate=$(echo "if ($best_wall > 0) $mb / $best_wall else 0" | bc -l)
		printf '%-28s %-6s %7d %9.1f %8.2f %8.2f %8.1f %9.1f\n' "$name" "-j $jobs" "$files" "$mb" \
			"$best_wall" "$best_cpu" "$rate" "$(echo "$rss / 1024" | bc -l)"
	done
	# warm: nothing changed since a cached run (docs/cache.md); this writes <repo>/.git/mlready
	"$bin" --format json --fail-on never "$repo" >/dev/null
	best_wall=""; best_cpu=""; rss=0
	for _ in $(seq "$runs"); do
		out=$( { /usr/bin/time -f '%e %U %S %M' "$bin" --format json --fail-on never "$repo" >/dev/null; } 2>&1 | tail -n 1)
		read -r wall user sys maxrss <<<"$out"
		cpu=$(echo "$user + $sys" | bc -l)
		if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc -l)" = 1 ]; then
			best_wall=$wall; best_cpu=$cpu
		fi
		[ "$maxrss" -gt "$rss" ] && rss=$maxrss
	done
	printf '%-28s %-6s %7d %9.1f %8.2f %8.2f %8s %9.1f\n' "$name" warm "$files" "$mb" "$best_wall" "$best_cpu" - \
		"$(echo "$rss / 1024" | bc -l)"
done
echo "(best wall of $runs runs; rss is the peak over the runs; warm: cached, nothing changed)"

if [ -x "$root/build/rel/tests/bench_secrets" ] && [ -f "$root/../shared/corpora/secrets/gitleaks_cases.jsonl" ]; then
	echo
	"$root/build/rel/tests/bench_secrets" "$root/../shared/corpora/secrets/gitleaks_cases.jsonl" "$stdlib"
fi
