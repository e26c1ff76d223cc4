#!/usr/bin/env bash
# The site benchmark: `digest site` against Debian's Hugo over the same 1,000 issues, in one run.
#
#   bash Tests/Benchmarks/site.sh [COUNT]
#
# Generates an archive of COUNT issues (default 1,000; Tests/Benchmarks/generate-archive.py),
# writes the same issues as Markdown pages for Hugo with a minimal theme (an index listing
# every issue with its headlines, a page per issue with previous/next links, Hugo's own RSS
# feed and sitemap), and times, best of three, with peak memory (GNU time's maximum RSS):
#  1. a full build into an empty folder: `digest site --no-pdf` and `hugo`;
#  2. one more issue published into the archive: `digest site --no-pdf` again (incremental)
#     and `hugo` again (Hugo rebuilds everything; it keeps no state between runs).
# PDFs are left out of both. Goals: a full build at least as fast as Hugo's; one more issue
# in under 0.1 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
count=${1:-1000}

command -v hugo >/dev/null || { echo "needs Debian's hugo: apt-get install hugo" >&2; exit 1; }
# Built as .ci/main ships it: the Swift runtime linked in, so start-up pays no dynamic loading.
swift build -c release --static-swift-stdlib --product digest ${SCRATCH:+--scratch-path "$SCRATCH"} 2>&1 | tail -n 1
digest=${SCRATCH:-$root/.build}/release/digest
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 Tests/Benchmarks/generate-archive.py "$root" "$work/repo" $((count + 1))
cp -r Templates "$work/repo/Templates"
# The last issue is held back, to be "published" into the archive for the incremental build.
last=$(ls "$work/repo/seeds/archive" | sort | tail -n 1)
mv "$work/repo/seeds/archive/$last" "$work/held-back.issue"
sed -i 's|^  # base-url: |  base-url: |' "$work/repo/digest.yaml"

# The same issues as Hugo content: front matter with the title and date, the headlines as a
# summary list, and headlines and details as Markdown lists.
to_hugo() {
    python3 - "$1" "$2" <<'PYTHON'
import json, pathlib, sys
source, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
target.mkdir(parents=True, exist_ok=True)
for path in sorted(source.glob("*.issue")):
    lines = path.read_text().splitlines()
    title, date = lines[0], lines[1].split(": ", 1)[1]
    headlines, details, section = [], [], None
    for line in lines[2:]:
        if line in ("Headlines", "Details", "Footer"):
            section = line
        elif section == "Headlines" and line.startswith("- "):
            headlines.append(line[2:])
        elif section == "Details" and line.startswith("- "):
            details.append(line[2:])
        elif section == "Details" and line.startswith("  ") and details:
            details[-1] += " " + line[2:]
    front = [f"title: {json.dumps(title)}", f"date: {date}", "headlines:"] + [f"  - {json.dumps(h, ensure_ascii=False)}" for h in headlines]
    body = ["## Headlines", ""] + [f"- {h}" for h in headlines] + ["", "## Details", ""] + [f"- {d}" for d in details]
    (target / (path.stem + ".md")).write_text("---\n" + "\n".join(front) + "\n---\n" + "\n".join(body) + "\n")
PYTHON
}

hugo_site=$work/hugo
mkdir -p "$hugo_site/layouts/_default"
cat >"$hugo_site/config.toml" <<'TOML'
baseURL = "https://alliance-digest.example.org/"
title = "US-Japan Alliance Digest"
buildFuture = true
disableKinds = ["taxonomy", "term"]
TOML
cat >"$hugo_site/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title><link rel="canonical" href="{{ .Permalink }}"></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
HTML
cat >"$hugo_site/layouts/index.html" <<'HTML'
{{ define "main" }}<h1>{{ .Site.Title }}</h1>
{{ range (where .Site.RegularPages "Section" "issues").GroupByDate "2006" }}<h2>{{ .Key }}</h2>
{{ range .Pages }}<article><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3><p>{{ .Date.Format "January 2, 2006" }}</p>
<ul>{{ range .Params.headlines }}<li>{{ . }}</li>{{ end }}</ul></article>{{ end }}{{ end }}{{ end }}
HTML
cat >"$hugo_site/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "January 2, 2006" }}</p>{{ .Content }}</article>
<nav>{{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>{{ end }}
HTML
cp "$hugo_site/layouts/_default/single.html" "$hugo_site/layouts/_default/list.html"
to_hugo "$work/repo/seeds/archive" "$hugo_site/content/issues"

# Runs a command three times; prints the best wall-clock time in seconds, that run's processor
# time (user + system, which other work on the machine does not inflate) and its peak memory in MB.
best_of_three() {
    local prepare=$1
    shift
    local best="" cpu="" memory=""
    for _ in 1 2 3; do
        eval "$prepare"
        /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/errors" || { cat "$work/errors" >&2; exit 1; }
        read -r seconds user system kilobytes <"$work/time"
        if [[ -z $best ]] || python3 -c "import sys; sys.exit(0 if $seconds < $best else 1)"; then
            best=$seconds
            cpu=$(python3 -c "print(f'{$user + $system:.2f}')")
            memory=$((kilobytes / 1024))
        fi
    done
    echo "$best $cpu $memory"
}

cd "$work/repo"
read -r digest_full digest_full_cpu digest_full_mb < <(best_of_three 'rm -rf site' "$digest" site --no-pdf --output site)
cp "$work/held-back.issue" "seeds/archive/$last"
read -r digest_one digest_one_cpu digest_one_mb < <(best_of_three \
    'rm -rf site; "$digest" site --no-pdf --output site >/dev/null 2>&1; rm "seeds/archive/$last"; "$digest" site --no-pdf --output site >/dev/null 2>&1; cp "$work/held-back.issue" "seeds/archive/$last"' \
    "$digest" site --no-pdf --output site)
written=$("$digest" site --no-pdf --output site 2>/dev/null | sed 's/;.*//')
rm "seeds/archive/$last"
"$digest" site --no-pdf --output site >/dev/null 2>&1
cp "$work/held-back.issue" "seeds/archive/$last"
one_more=$("$digest" site --no-pdf --output site 2>/dev/null | sed 's/;.*//')
pages=$(find site -name '*.html' | wc -l)

cd "$hugo_site"
read -r hugo_full hugo_full_cpu hugo_full_mb < <(best_of_three 'rm -rf public resources' hugo --quiet)
hugo_pages=$(find public -name '*.html' | wc -l)
to_hugo "$work/repo/seeds/archive" "$hugo_site/content/issues"
read -r hugo_one hugo_one_cpu hugo_one_mb < <(best_of_three ':' hugo --quiet)

echo
echo "$count issues ($pages pages from digest, $hugo_pages from Hugo $(hugo version | cut -d' ' -f2)), PDFs excluded, best of 3 by wall clock"
printf "  %-40s %10s %10s %12s\n" "" "digest" "hugo" "hugo/digest"
printf "  %-40s %9ss %9ss %11sx\n" "full build" "$digest_full" "$hugo_full" "$(python3 -c "print(f'{$hugo_full / max($digest_full, 0.001):.1f}')")"
printf "  %-40s %9ss %9ss %11sx\n" "one more issue published" "$digest_one" "$hugo_one" "$(python3 -c "print(f'{$hugo_one / max($digest_one, 0.001):.1f}')")"
printf "  %-40s %9ss %9ss %11sx\n" "full build, processor time" "$digest_full_cpu" "$hugo_full_cpu" "$(python3 -c "print(f'{$hugo_full_cpu / max($digest_full_cpu, 0.001):.1f}')")"
printf "  %-40s %9ss %9ss %11sx\n" "one more issue, processor time" "$digest_one_cpu" "$hugo_one_cpu" "$(python3 -c "print(f'{$hugo_one_cpu / max($digest_one_cpu, 0.001):.1f}')")"
printf "  %-40s %8s MB %7s MB\n" "peak memory, full build" "$digest_full_mb" "$hugo_full_mb"
printf "  %-40s %8s MB %7s MB\n" "peak memory, one more issue" "$digest_one_mb" "$hugo_one_mb"
echo "  digest, one more issue: $one_more"
echo "  digest, nothing changed: $written"
verdict() { python3 -c "import sys; print('met' if $1 else 'NOT met')"; }
echo "goal: a full build at least as fast as Hugo's (wall clock): $(verdict "$digest_full <= $hugo_full")"
echo "goal: one more issue published in under 0.1 s (wall clock): $(verdict "$digest_one < 0.1")"
