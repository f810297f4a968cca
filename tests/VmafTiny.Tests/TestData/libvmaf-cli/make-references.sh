#!/usr/bin/env bash
# Makes the reference logs of cases.tsv with libvmaf 3.2.0's own vmaf tool, on its plain C path (--cpumask 24,
# which changes no value in the log: it only keeps libvmaf's SIMD off). A maintenance tool, not part of the build:
#   LIBVMAF=/path/to/libvmaf/build/tools/vmaf ./make-references.sh [CASE...]
# (every case, or only the cases named).
# The clips come from ../golden (gzipped y4m); raw .yuv inputs are their frames without the y4m headers;
# {model} is libvmaf's model/vmaf_v0.6.1.json (embedded in vmaf-tiny unchanged as src/Score/Models/).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
vmaf=${LIBVMAF:?set LIBVMAF to libvmaf 3.2.0\'s vmaf tool}
model="$here/../../../../src/Score/Models/vmaf_v0.6.1.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

unpack() { # clip -> $tmp/clip.{ref,dist}.{y4m,yuv}
    local clip=$1
    [ -e "$tmp/$clip.ref.y4m" ] && return
    for side in ref dist; do
        gunzip -c "$here/../golden/$clip.$side.y4m.gz" > "$tmp/$clip.$side.y4m"
        python3 - "$tmp/$clip.$side.y4m" "$tmp/$clip.$side.yuv" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
out = bytearray()
pos = data.index(b'\n') + 1                      # stream header
width = height = None
for tag in data[:pos].split()[1:]:
    if tag[:1] == b'W': width = int(tag[1:])
    if tag[:1] == b'H': height = int(tag[1:])
frames = data[pos:].split(b'FRAME')
size = (len(data) - pos) // (len(frames) - 1)  # every FRAME record has the same length here
while pos < len(data):
    nl = data.index(b'\n', pos) + 1               # FRAME line
    out += data[nl:pos + size]
    pos += size
open(sys.argv[2], 'wb').write(out)
PY
    done
}

grep -v '^#' "$here/cases.tsv" | while IFS=$'\t' read -r name clip expected args; do
    case $expected in refuse:*) continue ;; esac
    if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qxF "$name"; then continue; fi
    unpack "$clip"
    out="$here/$expected"
    line=${args//\{ref\}/$tmp/$clip.ref.y4m}
    line=${line//\{dist\}/$tmp/$clip.dist.y4m}
    line=${line//\{yuvref\}/$tmp/$clip.ref.yuv}
    line=${line//\{yuvdist\}/$tmp/$clip.dist.yuv}
    line=${line//\{model\}/$model}
    line=${line//\{out\}/$out}
    case $line in *--cpumask*) ;; *) line="$line --cpumask 24" ;; esac
    # shellcheck disable=SC2086  # the case's arguments are split as a shell would split them
    "$vmaf" $line </dev/null >/dev/null 2>"$tmp/stderr" || { echo "$name: libvmaf failed: $(cat "$tmp/stderr")" >&2; exit 1; }
    echo "$name -> $expected"
done
