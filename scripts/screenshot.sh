#!/bin/sh
# Screenshot HTML pages with headless Chromium, to check the visual report in a real browser.
#
#   scripts/screenshot.sh PAGE.html [OUT.png] [WIDTH] [HEIGHT]
#
# Writes OUT.png (default: PAGE.png next to the page), 1280x2000 pixels by default. Exits 0
# with a message, without a screenshot, when no Chromium is installed (Debian: apt-get install
# chromium). The page is loaded from the file system with the network disabled, so a page that
# needed the network would show it.
set -eu

if [ $# -lt 1 ]; then
    echo "usage: $0 PAGE.html [OUT.png] [WIDTH] [HEIGHT]" >&2
    exit 2
fi
page=$1
out=${2:-${page%.html}.png}
width=${3:-1280}
height=${4:-2000}

if [ ! -f "$page" ]; then
    echo "$0: no such file: $page" >&2
    exit 2
fi

browser=""
for b in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$b" >/dev/null 2>&1; then
        browser=$b
        break
    fi
done
if [ -z "$browser" ]; then
    echo "$0: no Chromium found; skipping the screenshot of $page" >&2
    exit 0
fi

abs=$(cd "$(dirname "$page")" && pwd)/$(basename "$page")
case "$out" in
    /*) abs_out=$out ;;
    *) abs_out=$(pwd)/$out ;;
esac
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# --no-sandbox: needed when running as root (CI containers); the page is our own local file.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$profile" \
    --proxy-server="127.0.0.1:9" --proxy-bypass-list="<-loopback>" \
    --window-size="$width,$height" \
    --screenshot="$abs_out" "file://$abs" >/dev/null 2>&1 || true

if [ ! -s "$abs_out" ]; then
    echo "$0: $browser did not write $abs_out" >&2
    exit 1
fi
echo "$abs_out"
