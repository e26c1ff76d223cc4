#!/usr/bin/env bash
# How `digest lint` grows with hostile input: time and peak memory at doubling sizes.
#
#   bash Tests/Benchmarks/lint-growth.sh [--quick] [KIND ...]
#
# It builds digest in release mode, writes each kind of hostile issue
# (Tests/Benchmarks/hostile-issue.py lists them) at 256 KB, 512 KB, 1 MB, 2 MB and 4 MB
# (--quick: 128 KB to 1 MB), lints it as the pre-commit hook does (text output, one
# process) under /usr/bin/time, and prints seconds, peak MB and the ratio of each to the
# size before. Linear growth shows as ratios near 2 once the input outweighs the process's
# own start (about 30 ms, 30 MB); a quadratic rule shows as 4. Each run is bounded by
# `timeout` (120 s) and `ulimit -v` (8 GB), so a runaway cannot take the machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

sizes=(262144 524288 1048576 2097152 4194304)
if [[ ${1:-} == --quick ]]; then
    sizes=(131072 262144 524288 1048576)
    shift
fi
kinds=("$@")
if ((${#kinds[@]} == 0)); then
    kinds=(repeated-word long-word nested-links open-addresses nested-emphasis many-items no-spaces misspellings capitals
        directives near-names huge-number substitutions binary)
fi
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 2; }

swift build -c release --product digest ${SCRATCH:+--scratch-path "$SCRATCH"} 2>&1 | tail -n 1
digest=${SCRATCH:-$root/.build}/release/digest
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A repository of its own: the settings and an empty archive, so only the hostile file is linted.
mkdir -p "$work/repo/Drafts" "$work/repo/seeds/archive"
cp digest.yaml "$work/repo/"
export XDG_CACHE_HOME="$work/cache"

printf "%-16s %9s %9s %8s %8s %8s  %s\n" kind bytes seconds "x time" "peak MB" "x MB" "exit"
for kind in "${kinds[@]}"; do
    previous_seconds="" previous_mb=""
    for size in "${sizes[@]}"; do
        python3 Tests/Benchmarks/hostile-issue.py "$kind" "$size" >"$work/repo/Drafts/hostile.issue"
        bytes=$(stat -c %s "$work/repo/Drafts/hostile.issue")
        status=0
        (cd "$work/repo" && ulimit -v 8000000 && /usr/bin/time -o "$work/time" -f "%e %M" \
            timeout 120 "$digest" lint Drafts/hostile.issue >/dev/null 2>&1) || status=$?
        read -r seconds kilobytes < <(tail -n 1 "$work/time")
        mb=$(python3 -c "print(f'{$kilobytes / 1024:.1f}')")
        ratio_seconds=$([[ -n $previous_seconds ]] && python3 -c "print(f'{$seconds / max($previous_seconds, 0.01):.2f}')" || echo "")
        ratio_mb=$([[ -n $previous_mb ]] && python3 -c "print(f'{$mb / $previous_mb:.2f}')" || echo "")
        # Exit 1 is lint's "found errors"; 124 is the timeout, 134 an abort.
        printf "%-16s %9d %9s %8s %8s %8s  %s\n" "$kind" "$bytes" "$seconds" "$ratio_seconds" "$mb" "$ratio_mb" "$status"
        previous_seconds=$seconds previous_mb=$mb
    done
done
