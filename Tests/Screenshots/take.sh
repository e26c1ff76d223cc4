#!/usr/bin/env bash
# Takes the README's screenshots of an archived issue with Debian's headless Chromium:
# the HTML email in light and dark mode, and the web page.
#
#   bash Tests/Screenshots/take.sh [ISSUE]     (default: the latest archived issue)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
here=Tests/Screenshots

if ! command -v chromium >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
swift build --product digest ${SCRATCH:+--scratch-path "$SCRATCH"} 2>&1 | tail -n 1
digest=${SCRATCH:-$root/.build}/debug/digest

issue=${1:-$(ls seeds/archive/*.issue | sort | tail -n 1)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$digest" preview "$issue" --folder "$work" >/dev/null
name=$(basename "$issue" .issue)

shoot() { # FILE OUTPUT WIDTH [extra chromium flags...]
    local file=$1 output=$2 width=$3
    shift 3
    chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --window-size="$width,2200" --screenshot="$root/$here/$output" "$@" "file://$file" >/dev/null 2>&1
    echo "$here/$output"
}
shoot "$work/$name.email.html" email-light.png 680
shoot "$work/$name.email.html" email-dark.png 680 --force-dark-mode --blink-settings=preferredColorScheme=0
shoot "$work/$name.html" web-phone.png 390
