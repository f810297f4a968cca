#!/usr/bin/env bash
# Makes the encoded clips of the segment tests, once, with the ffmpeg CLI (FFmpeg 5.1, Debian 12: libx264, libx265,
# libvpx, libsvtav1, libaom). The tests read only the files this writes; they never run ffmpeg.
# 24 frames of FFmpeg's testsrc2 at 160x90, keyframes every 8 frames, and each codec's way of reordering:
#   h264-open.mp4, h264-open.mkv  x264 with 3 B-frames and open GOPs (B-frames shown before each later I-frame)
#   hevc-open.mp4                 x265 with 3 B-frames and open GOPs (CRA pictures with RASL leading pictures)
#   vp9.webm                      libvpx-vp9 with hidden alt-ref frames
#   av1-open.mkv                  SVT-AV1 with forward keyframes (open GOPs: only frame 0 is a sync sample)
#   av1-closed.webm               libaom-av1 with a keyframe every 8 frames
# source.y4m.gz is the lossless source (the reference of every pair).
# Usage: tests/VmafTiny.Tests/TestData/segments/make-clips.sh   (writes next to itself)
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ff() { ffmpeg -hide_banner -loglevel error -nostdin -y "${@:1:$#-1}" -fflags +bitexact "${@: -1}"; }

ff -f lavfi -i testsrc2=size=160x90:rate=24 -frames:v 24 -pix_fmt yuv420p "$tmp/source.y4m"
gzip -9n < "$tmp/source.y4m" > source.y4m.gz
ff -i "$tmp/source.y4m" -c:v libx264 -preset fast -crf 32 -bf 3 \
   -x264-params keyint=8:min-keyint=8:open-gop=1:scenecut=0 h264-open.mp4
ff -i h264-open.mp4 -c copy h264-open.mkv
ff -i "$tmp/source.y4m" -c:v libx265 -preset fast -crf 32 -tag:v hvc1 \
   -x265-params log-level=error:keyint=8:min-keyint=8:open-gop=1:scenecut=0:bframes=3 hevc-open.mp4
ff -i "$tmp/source.y4m" -c:v libvpx-vp9 -deadline good -cpu-used 8 -crf 40 -b:v 0 -g 8 -auto-alt-ref 1 -lag-in-frames 16 vp9.webm
ff -i "$tmp/source.y4m" -c:v libsvtav1 -preset 10 -crf 45 -g 8 -svtav1-params irefresh-type=1:scd=0 av1-open.mkv 2>/dev/null
ff -i "$tmp/source.y4m" -c:v libaom-av1 -cpu-used 8 -crf 45 -g 8 -keyint_min 8 av1-closed.webm
ls -l
