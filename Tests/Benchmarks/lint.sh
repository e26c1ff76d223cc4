#!/usr/bin/env bash
# The lint benchmark: `digest lint` against proselint 0.16 on the same files, in one run.
#
#   bash Tests/Benchmarks/lint.sh
#
# It builds digest in release mode, installs proselint from PyPI if needed, and prints:
#  1. the archive's issues, one process per file (what a pre-commit hook does), and all
#     of them in one process, for both tools, with the ratio;
#  2. a generated archive of 1,000 issues linted by one `digest lint`: issues per second,
#     and proselint on the first 100 of them for the per-file ratio.
# Goals: digest at least 10 times faster than proselint per file while checking far more,
# and at least 1,000 issues per second.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

python3 -m pip install --quiet --disable-pip-version-check "proselint==0.16.0" 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages "proselint==0.16.0"
swift build -c release --static-swift-stdlib --product digest ${SCRATCH:+--scratch-path "$SCRATCH"} 2>&1 | tail -n 1
digest=${SCRATCH:-$root/.build}/release/digest
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.3f}')"; }
ratio() { python3 -c "print(f'{$1 / $2:.1f}')"; }
per_file_ms() { python3 -c "print(f'{1000 * $1 / $2:.1f}')"; }

files=(seeds/archive/*.issue)
count=${#files[@]}
"$digest" lint "${files[@]}" >/dev/null 2>&1 || true   # warm the word-list cache

runs=5
start=$(now)
for _ in $(seq $runs); do for file in "${files[@]}"; do "$digest" lint "$file" >/dev/null 2>&1 || true; done; done
digest_each=$(elapsed "$start" "$(now)")
start=$(now)
for _ in $(seq $runs); do for file in "${files[@]}"; do proselint check "$file" >/dev/null 2>&1 || true; done; done
proselint_each=$(elapsed "$start" "$(now)")
start=$(now)
for _ in $(seq $runs); do "$digest" lint "${files[@]}" >/dev/null 2>&1 || true; done
digest_batch=$(elapsed "$start" "$(now)")
start=$(now)
for _ in $(seq $runs); do proselint check "${files[@]}" >/dev/null 2>&1 || true; done
proselint_batch=$(elapsed "$start" "$(now)")

echo
echo "The archive: $count issues, $runs runs each"
printf "  %-34s %8s ms/file   %8s ms/file   %s\n" "" "digest" "proselint" "proselint/digest"
printf "  %-34s %8s          %8s          %sx\n" "one process per file (hook)" \
    "$(per_file_ms "$digest_each" $((count * runs)))" "$(per_file_ms "$proselint_each" $((count * runs)))" \
    "$(ratio "$proselint_each" "$digest_each")"
printf "  %-34s %8s          %8s          %sx\n" "all files in one process" \
    "$(per_file_ms "$digest_batch" $((count * runs)))" "$(per_file_ms "$proselint_batch" $((count * runs)))" \
    "$(ratio "$proselint_batch" "$digest_batch")"
echo "  findings on the archive: digest $("$digest" lint --format json "${files[@]}" 2>/dev/null | grep -c '"rule"'), proselint $(proselint check "${files[@]}" 2>/dev/null | grep -c ': ' || true)"

python3 Tests/Benchmarks/generate-archive.py "$root" "$work/repo" 1000
# The generated repository's corpus cache goes to a cache folder of its own, removed with
# the rest, so each run starts cold and leaves nothing behind; the word list is cached there
# first, as it is in the user's cache folder above. (Only digest's: proselint keeps its own.)
XDG_CACHE_HOME="$work/cache" "$digest" lint "${files[0]}" >/dev/null 2>&1 || true
cd "$work/repo"
generated=(seeds/archive/*.issue)
start=$(now)
XDG_CACHE_HOME="$work/cache" "$digest" lint seeds/archive >/dev/null 2>&1 || true
digest_large=$(elapsed "$start" "$(now)")
start=$(now)
proselint check "${generated[@]:0:100}" >/dev/null 2>&1 || true
proselint_100=$(elapsed "$start" "$(now)")
echo
echo "A generated archive of ${#generated[@]} issues"
echo "  digest lint, one process:  $digest_large s, $(python3 -c "print(round(${#generated[@]} / $digest_large))") issues per second"
echo "  proselint, first 100:      $proselint_100 s, $(python3 -c "print(round(100 / $proselint_100))") issues per second"
echo "  per file, proselint/digest: $(python3 -c "print(f'{($proselint_100 / 100) / ($digest_large / ${#generated[@]}):.1f}')")x"
