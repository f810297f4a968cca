#!/usr/bin/env bash
# Start-up of vmaf-tiny's C library (artifacts/native, ./build.sh --target=Native): compiles bench/capi/startup.c
# against it through pkg-config and runs it N times per model in fresh processes, printing the medians of
# vmaf_init (library load + runtime start), model load + feature registration, their sum, and the process's CPU time.
#   bench/capi/startup.sh [N] [MODEL...]        (defaults: 21 runs; vmaf_v0.6.1 vmaf_4k_v0.6.1 vmaf_tiny_v2)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-21}; shift || true
models=("${@:-vmaf_v0.6.1}"); [ $# -gt 0 ] || models=(vmaf_v0.6.1 vmaf_4k_v0.6.1 vmaf_tiny_v2)
export PKG_CONFIG_PATH=$root/artifacts/native/lib/pkgconfig
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cc -O2 "$root/bench/capi/startup.c" -o "$tmp/startup" $(pkg-config --cflags --libs libvmaf) -Wl,-rpath,"$(pkg-config --variable=libdir libvmaf)"
echo "# $(date -u '+%F %T UTC'), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load:$(cut -d' ' -f1-3 /proc/loadavg); medians of $runs fresh processes"
echo "| model | init ms | model ms | total ms | process CPU ms |"; echo "|---|---|---|---|---|"
for m in "${models[@]}"; do
    "$tmp/startup" "$m" >/dev/null  # warm the page cache
    for _ in $(seq "$runs"); do "$tmp/startup" "$m"; done | python3 -c '
import sys, statistics as s
rows = [l.split() for l in sys.stdin]
col = lambda k: s.median(float(r[r.index(k) + 1]) for r in rows)
tot = s.median(float(r[1]) + float(r[3]) for r in rows)
print("| '"$m"' | %.1f | %.1f | %.1f | %.1f |" % (col("init_ms"), col("model_ms"), tot, col("cpu_ms")))'
done
