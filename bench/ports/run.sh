#!/usr/bin/env bash
# Small C programs that measure what this CPU's vector ports give the instruction mixes of VIF scale 0's two filter
# passes, as vmaf-tiny's kernels issue them (README, "On an Intel Xeon"): the clock and per-operation throughput
# (throughput.c), the horizontal pass with vpmaddwd, AVX512-VNNI vpdpwssd, at 256 bits, a 2:1 mix of the two and its
# loads alone (vif-horizontal.c), the 8-bit vertical pass (vif-vertical.c) and, where the CPU has them, AMX's int8
# tile multiply and tile loads and stores (amx.c). Bounds, not vmaf-tiny's own timings; on a shared machine run it a
# few times (the figures are best-of runs and move with the host's load).
#   bench/ports/run.sh        Needs gcc and a CPU with AVX-512 (BW, VNNI) and AVX-VNNI.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
flags="-O3 -mavx512f -mavx512bw -mavx512vnni -mavxvnni"
for p in throughput vif-horizontal vif-vertical; do gcc $flags -o "$T/$p" "$here/$p.c"; done
"$T/throughput" | tee "$T/out"
ghz=$(awk '/^clock/ {print $2}' "$T/out")
"$T/vif-horizontal" "$ghz"
"$T/vif-vertical" "$ghz"
if grep -qw amx_int8 /proc/cpuinfo; then
    gcc -O2 -mamx-tile -mamx-int8 -o "$T/amx" "$here/amx.c" && "$T/amx"
else
    echo "AMX: not on this CPU (no amx_int8 in /proc/cpuinfo)"
fi
