#!/usr/bin/env bash
# Start-up and 1080p timing of every way vmaf-tiny ships, against libvmaf, measured in turn on this machine:
#   the CLI as ./build.sh builds it (artifacts/cli: self-contained, ReadyToRun with the framework), the .NET tool
#   (framework-dependent; installed from artifacts/packages into a temporary tool path), the one-file native CLI
#   (artifacts/publish/vmaf-tiny), libvmaf. The tool and the native CLI are left out when not built.
# Start-up: the 12-frame 320x180 golden clip (g01), one thread, vmaf_v0.6.1 and the default model.
# 1080p: the 96-frame benchmark pair (y4m), one thread, vmaf_v0.6.1.
#   bench/startup.sh [-n RUNS]
# Needs: ./build.sh first (--target=Pack and --target=Publish for the tool and the native CLI); LIBVMAF (default: the timing build below) and
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
cli=artifacts/cli/vmaf-tiny; tool=$T/tool/vmaf-tiny; native=artifacts/publish/vmaf-tiny
ls artifacts/packages/vmaf-tiny.*.nupkg > /dev/null 2>&1 \
    && NUGET_PACKAGES="$T/nuget" dotnet tool install vmaf-tiny --tool-path "$T/tool" --configfile "$T/nuget.config" > /dev/null
ways() {    # NAME=COMMAND for each way that is built, with the arguments $1
    echo "cli (artifacts/cli)=$cli $1"
    [ -x "$tool" ] && echo "tool (framework-dependent)=$tool $1"
    [ -x "$native" ] && echo "native=$native $1"
    true
}
echo "# $(date -u +%F) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
for model in vmaf_v0.6.1 vmaf_tiny_v2; do
    echo "## start-up: 12 frames of 320x180, --threads 1, $model"
    args="score $T/ref.y4m $T/dist.y4m --threads 1 --model $model -q -o $T/out.json"
    mapfile -t specs < <(ways "$args")
    [ "$model" = vmaf_v0.6.1 ] && specs+=("libvmaf=$libvmaf -r $T/ref.y4m -d $T/dist.y4m --threads 1 -q --json -o $T/lv.json")
    bench/round-robin.sh -n "$runs" -- "${specs[@]}"
done
if [ -f "$data/ref1080.y4m" ]; then
    echo "## 1080p: 96 frames, --threads 1, vmaf_v0.6.1"
    args="score $data/ref1080.y4m $data/dist1080.y4m --threads 1 --model vmaf_v0.6.1 -q -o $T/out.json"
    mapfile -t specs < <(ways "$args")
    bench/round-robin.sh -n "$(( runs < 5 ? runs : 5 ))" -- "${specs[@]}" \
        "libvmaf=$libvmaf -r $data/ref1080.y4m -d $data/dist1080.y4m --threads 1 -q --json -o $T/lv.json"
fi
