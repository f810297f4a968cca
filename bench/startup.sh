#!/usr/bin/env bash
# Start-up and 1080p timing of every way vmaf-tiny ships, against libvmaf, measured in turn on this machine:
#   framework-dependent CLI (artifacts/cli, as ./build.sh builds it), the .NET tool (installed from
#   artifacts/packages into a temporary tool path), the one-file native CLI (artifacts/publish/vmaf-tiny), libvmaf.
# Start-up: the 12-frame 320x180 golden clip (g01), one thread, vmaf_v0.6.1 and the default model.
# 1080p: the 96-frame benchmark pair (y4m), one thread, vmaf_v0.6.1.
#   bench/startup.sh [-n RUNS]
# Needs: ./build.sh --target=Pack and --target=Publish first; LIBVMAF (default: the timing build below) and
# BENCH_DATA (ref1080.y4m, dist1080.y4m; default /work/bench-data).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=7; [ "${1:-}" = "-n" ] && runs=$2
libvmaf=${LIBVMAF:-/work/libvmaf/timing/libvmaf/build/tools/vmaf}
data=${BENCH_DATA:-/work/bench-data}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

zcat tests/VmafTiny.Tests/TestData/golden/g01_pan_420p8_320x180.ref.y4m.gz > "$T/ref.y4m"
zcat tests/VmafTiny.Tests/TestData/golden/g01_pan_420p8_320x180.dist.y4m.gz > "$T/dist.y4m"
cat > "$T/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="local" value="$PWD/artifacts/packages" /></packageSources></configuration>
EOF
NUGET_PACKAGES="$T/nuget" dotnet tool install vmaf-tiny --tool-path "$T/tool" --configfile "$T/nuget.config" > /dev/null

fdd=artifacts/cli/vmaf-tiny; tool=$T/tool/vmaf-tiny; native=artifacts/publish/vmaf-tiny
echo "# $(date -u +%F) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
for model in vmaf_v0.6.1 vmaf_tiny_v2; do
    echo "## start-up: 12 frames of 320x180, --threads 1, $model"
    args="score $T/ref.y4m $T/dist.y4m --threads 1 --model $model -q -o $T/out.json"
    specs=("cli (framework-dependent)=$fdd $args" "tool=$tool $args" "native=$native $args")
    [ "$model" = vmaf_v0.6.1 ] && specs+=("libvmaf=$libvmaf -r $T/ref.y4m -d $T/dist.y4m --threads 1 -q --json -o $T/lv.json")
    bench/round-robin.sh -n "$runs" -- "${specs[@]}"
done
if [ -f "$data/ref1080.y4m" ]; then
    echo "## 1080p: 96 frames, --threads 1, vmaf_v0.6.1"
    args="score $data/ref1080.y4m $data/dist1080.y4m --threads 1 --model vmaf_v0.6.1 -q -o $T/out.json"
    bench/round-robin.sh -n "$(( runs < 5 ? runs : 5 ))" -- "cli (framework-dependent)=$fdd $args" "tool=$tool $args" "native=$native $args" \
        "libvmaf=$libvmaf -r $data/ref1080.y4m -d $data/dist1080.y4m --threads 1 -q --json -o $T/lv.json"
fi
