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
# under 10 ms of CPU per file in a process of its own (a hook's run, its caches warm; the
# cold figure is printed beside it), and at least 1,000 issues per second. Each prints as
# "goal: … met" or "goal: … NOT met".
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

# The repository's virtual environment (.ci/setup --test) when there is one.
if [[ -x .venv/bin/python3 ]]; then export PATH=$root/.venv/bin:$PATH; fi
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
# CPU milliseconds (user + system) per run of a command, over RUNS runs: the medians of
# the runs' own accounting, which a busy machine's waiting does not inflate. With CLEAR set
# (glob patterns), the files it names are removed before each run: a cold run.
cpu_ms() {
    python3 - "$@" <<'PY'
import glob, os, resource, statistics, subprocess, sys
runs, command = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(runs):
    for pattern in os.environ.get("CLEAR", "").split():
        for path in glob.glob(pattern): os.unlink(path)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    times.append(1000 * (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime))
print(f"{statistics.median(times):.1f}")
PY
}
goal() { python3 -c "print('goal: $1: ' + ('met' if $2 else 'NOT met'))"; }

files=(seeds/archive/*.issue)
count=${#files[@]}
# Every figure below but the cold one is warm: the caches digest keeps in its cache folder
# (the word lists, the archive's words, the parsed settings, the substitutions' prefilters)
# are in place, as every run of a hook after the first finds them.
"$digest" lint "${files[@]}" >/dev/null 2>&1 || true   # warm the caches
cache_folder=${XDG_CACHE_HOME:-$HOME/.cache}/digest

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
printf "  %-34s %8s          %8s          %sx\n" "one process per file (hook, warm)" \
    "$(per_file_ms "$digest_each" $((count * runs)))" "$(per_file_ms "$proselint_each" $((count * runs)))" \
    "$(ratio "$proselint_each" "$digest_each")"
printf "  %-34s %8s          %8s          %sx\n" "all files in one process" \
    "$(per_file_ms "$digest_batch" $((count * runs)))" "$(per_file_ms "$proselint_batch" $((count * runs)))" \
    "$(ratio "$proselint_batch" "$digest_batch")"
hook_file=seeds/archive/2022-02-24-vol-1.4.issue
digest_cpu=$(cpu_ms 20 "$digest" lint "$hook_file")
proselint_cpu=$(cpu_ms 10 proselint check "$hook_file")
# Cold: the caches keyed by digest.yaml (settings, prefilters) removed before each run, as
# the first run after an edit of the settings finds them; the word lists' and the archive's
# caches stay, as they do across such an edit.
digest_cold=$(CLEAR="$cache_folder/settings-*.bin $cache_folder/prefilters-*.bin" cpu_ms 20 "$digest" lint "$hook_file")
echo "  CPU per process on $(basename "$hook_file"), warm: digest $digest_cpu ms, proselint $proselint_cpu ms (medians)"
echo "  CPU per process, cold (settings and prefilter caches removed before each run): digest $digest_cold ms"
goal "digest lint under 10 ms of CPU for one file, warm (${digest_cpu} ms)" "$digest_cpu < 10"
goal "digest at least 10x proselint per file, one process per file, warm ($(ratio "$proselint_cpu" "$digest_cpu")x CPU, $(ratio "$proselint_each" "$digest_each")x wall)" \
    "$proselint_cpu >= 10 * $digest_cpu and $proselint_each >= 10 * $digest_each"
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
goal "at least 1,000 issues per second over the generated archive" "${#generated[@]} / $digest_large >= 1000"
