#!/usr/bin/env bash
# Rebuilds the libvmaf reference values of the PSNR edge cases (not run by the build or the tests).
# Needs a libvmaf 3.2.0 build (Netflix/vmaf tag v3.2.0, built outside this repository with meson and ninja) whose
# JSON writer prints %.17g instead of %.6f (its output.c changed in that build only; nothing of it is carried here):
#   LIBVMAF=/path/to/vmaf/libvmaf ./make-references.sh
# libvmaf-psnr.c feeds each frame to libvmaf's psnr extractor through its public API, copying w[i] x h[i] samples
# of every plane (as FFmpeg's libvmaf filter does), and writes libvmaf's JSON log. The vmaf tool cannot make these:
# it reads no 4:0:0 input and reads odd-sized 4:2:0 chroma with libvmaf's floored plane widths.
set -euo pipefail
cd "$(dirname "$0")"
: "${LIBVMAF:?set LIBVMAF to the libvmaf folder of a built Netflix/vmaf v3.2.0 clone}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O1 -o "$work/libvmaf-psnr" libvmaf-psnr.c -I"$LIBVMAF/include" -I"$LIBVMAF/build/include" \
    "$LIBVMAF/build/src/libvmaf.a" -lm -lpthread -lstdc++
(cd "$work" && python3 "$OLDPWD/make-cases.py")
while read -r name w h fmt bpc opts; do
    "$work/libvmaf-psnr" "$work/$name.ref.yuv" "$work/$name.dist.yuv" "$w" "$h" "$fmt" "$bpc" "$opts" "$name.psnr.libvmaf.json"
    gzip -9n < "$work/$name.ref.yuv" > "$name.ref.yuv.gz"
    gzip -9n < "$work/$name.dist.yuv" > "$name.dist.yuv.gz"
done < "$work/cases.txt"
cp "$work/cases.txt" cases.txt
