#!/usr/bin/env bash
# Remakes docs/report.png: the report of the 1080p benchmark pair, as headless Chromium draws it.
#   docs/make-report-screenshot.sh REF.y4m DIST.y4m   (after ./build.sh; needs Debian's chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet src/Cli/bin/Release/net10.0/linux-x64/vmaf-tiny.dll score "$1" "$2" --model vmaf_v0.6.1 -q --report "$out/report.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,920 \
    --screenshot="$PWD/docs/report.png" "file://$out/report.html" 2>/dev/null
