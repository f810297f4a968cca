#!/usr/bin/env bash
# Makes the demo pair scored by `./build.sh --target=Demo`: 48 frames (2 s at 24 fps) of 640x360 4:2:0 8-bit,
# a zoom into the Mandelbrot set rendered by FFmpeg's own `mandelbrot` source (fine detail, smooth gradients and
# steady motion; no third-party image, so no licence to carry).
#   ref.mp4   x264 at CRF 14 (preset slow): close to transparent
#   dist.mp4  the decoded ref re-encoded with x264 at CRF 34 (preset fast): visibly softer, PSNR about 30 dB
# Needs ffmpeg with libx264 (Debian 12's). Writes next to itself; a rerun gives the same bytes.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ff() { ffmpeg -hide_banner -loglevel error -nostdin -y "${@:1:$#-1}" -fflags +bitexact "${@: -1}"; }

ff -f lavfi -i "mandelbrot=size=640x360:rate=24:start_scale=2.5:end_scale=0.05:end_pts=200,format=yuv420p" \
   -frames:v 48 "$tmp/source.y4m"
ff -i "$tmp/source.y4m" -c:v libx264 -preset slow -crf 14 -movflags +faststart ref.mp4
ff -i ref.mp4 -c:v libx264 -preset fast -crf 34 -movflags +faststart dist.mp4
ls -l ref.mp4 dist.mp4
