#!/usr/bin/env bash
# Takes the README's screenshots of an archived issue with Debian's headless Chromium:
# the HTML email in light and dark mode and on a phone, and the web page on a phone. The
# email is the preview's: a sample reader's copy, with a per-reader unsubscribe link.
# Then the site `digest site` builds from the archive: its index and the issue's page at
# phone and desktop width, light and dark, and the first page of the issue's PDF
# (pdftoppm, from poppler-utils).
#
#   bash Tests/Screenshots/take.sh [ISSUE]     (default: the latest archived issue)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
here=Tests/Screenshots

if ! command -v chromium >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
for tool in weasyprint pdftoppm; do
    if ! command -v $tool >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y -q --no-install-recommends weasyprint poppler-utils >/dev/null
    fi
done
swift build --product digest ${SCRATCH:+--scratch-path "$SCRATCH"} 2>&1 | tail -n 1
digest=${SCRATCH:-$root/.build}/debug/digest

issue=${1:-$(ls seeds/archive/*.issue | sort | tail -n 1)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$digest" preview "$issue" --folder "$work" >/dev/null
name=$(basename "$issue" .issue)

shoot() { # FILE OUTPUT WIDTH HEIGHT [extra chromium flags...]
    local file=$1 output=$2 width=$3 height=$4
    shift 4
    timeout --kill-after=5 120 chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$work/profile" \
        --window-size="$width,$height" --screenshot="$root/$here/$output" "$@" "file://$file" >/dev/null 2>&1
    echo "$here/$output"
}
# Chromium's window is never narrower than 500 px (a narrower one is cropped from a 500 px
# layout), so a phone is a frame of its width, centred in a 500 px page.
phone() { # FILE OUTPUT WIDTH HEIGHT [extra chromium flags...]
    local file=$1 output=$2 width=$3 height=$4
    shift 4
    printf '<!DOCTYPE html><body style="margin:0;background:#c8c8c8"><iframe src="%s" style="display:block;margin:0 auto;border:0;width:%spx;height:%spx"></iframe>' \
        "file://$file" "$width" "$height" >"$work/$output.html"
    shoot "$work/$output.html" "$output" 500 "$height" "$@"
}
shoot "$work/$name.email.html" email-light.png 680 2200
shoot "$work/$name.email.html" email-dark.png 680 2200 --force-dark-mode --blink-settings=preferredColorScheme=0
# The whole email, down to the footer and its per-reader link; the web page's start.
phone "$work/$name.email.html" email-phone.png 375 3000
phone "$work/$name.html" web-phone.png 375 2200

# The site: the index and the issue's page, each at phone and desktop width, light and dark.
"$digest" site --output "$work/site" >/dev/null
page=$(find "$work/site" -name "$name.html" | head -n 1)
dark=(--force-dark-mode --blink-settings=preferredColorScheme=0)
shoot "$work/site/index.html" site-index-light.png 1024 1100
shoot "$work/site/index.html" site-index-dark.png 1024 1100 "${dark[@]}"
phone "$work/site/index.html" site-index-phone-light.png 375 1100
phone "$work/site/index.html" site-index-phone-dark.png 375 1100 "${dark[@]}"
shoot "$page" site-issue-light.png 1024 1100
shoot "$page" site-issue-dark.png 1024 1100 "${dark[@]}"
phone "$page" site-issue-phone-light.png 375 1100
phone "$page" site-issue-phone-dark.png 375 1100 "${dark[@]}"
# The PDF's first page, at 60 dots an inch.
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "${page%.html}.pdf" "$root/$here/site-pdf-page1"
echo "$here/site-pdf-page1.png"
