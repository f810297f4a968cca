#!/usr/bin/env bash
# One call on a machine with a GPU: which OpenCL ICDs are installed (NVIDIA's or not), the devices vmaf-tiny sees,
# the OpenCL tests on that device (stage harness, every golden clip, error cases), the 1080p pair end to end on the
# device and on the CPU (exactness: the per-frame features compared as doubles; speed: whole process, alternated),
# and the BenchmarkDotNet frame benchmark. Prints the figures for the README's GPU section.
#   tools/gpu-check.sh [BENCH_DIR]    BENCH_DIR holds ref1080.y4m and dist1080.y4m (default: $VMAF_TINY_BENCH_DIR,
#                                     else /work/bench-data; without the pair, one is made from samples/ if ffmpeg exists)
#   VMAF_TINY_DEVICE=opencl:N tools/gpu-check.sh    test and time device N (default: the first GPU)
set -uo pipefail
cd "$(dirname "$0")/.."
bench=${1:-${VMAF_TINY_BENCH_DIR:-/work/bench-data}}
device=${VMAF_TINY_DEVICE:-opencl}
say() { printf '\n== %s\n' "$*"; }

say "OpenCL ICDs"
icds=$(ls /etc/OpenCL/vendors/*.icd 2>/dev/null || true)
for f in $icds; do echo "$f: $(cat "$f")"; done
if grep -qil nvidia $icds /dev/null 2>/dev/null; then
    echo "NVIDIA OpenCL ICD: present"
else
    echo "NVIDIA OpenCL ICD: absent (install the driver's OpenCL part, e.g. nvidia-opencl-icd or libnvidia-compute)"
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader

say "build"
./build.sh --target=Build >/tmp/vmaf-tiny-gpu-build.log 2>&1 || { tail -30 /tmp/vmaf-tiny-gpu-build.log; exit 1; }
cli=(dotnet src/Cli/bin/Release/net10.0/linux-x64/vmaf-tiny.dll)
echo "ok"

say "devices"
"${cli[@]}" devices

say "OpenCL tests (device: $device)"
export VMAF_TINY_DEVICE=$device
start=$(date +%s)
dotnet test tests/VmafTiny.Tests -c Release --no-build --filter "FullyQualifiedName~OpenCl" 2>&1 | grep -E "^(Passed|Failed|Skipped)!|\[FAIL\]|Skipped .*OpenCl" | head -20
echo "OpenCL tests took $(( $(date +%s) - start )) s"

if [ ! -f "$bench/ref1080.y4m" ] || [ ! -f "$bench/dist1080.y4m" ]; then
    if command -v ffmpeg >/dev/null; then
        bench=$(mktemp -d)
        echo "no 1080p pair given: making one from samples/ (not the README's pair) in $bench"
        ffmpeg -hide_banner -loglevel error -i samples/ref.mp4 -vf scale=1920:1080:flags=bicubic -pix_fmt yuv420p -frames:v 96 "$bench/ref1080.y4m"
        ffmpeg -hide_banner -loglevel error -i samples/dist.mp4 -vf scale=1920:1080:flags=bicubic -pix_fmt yuv420p -frames:v 96 "$bench/dist1080.y4m"
    else
        echo "no 1080p pair in $bench and no ffmpeg to make one: pass the folder holding ref1080.y4m and dist1080.y4m"
        exit 1
    fi
fi

say "1080p end to end: exactness (every feature of every frame, %.17g) on $device vs cpu"
"${cli[@]}" features "$bench/ref1080.y4m" "$bench/dist1080.y4m" --device cpu --precision max -o /tmp/vmaf-tiny-gpu-cpu.json -q >/dev/null
"${cli[@]}" features "$bench/ref1080.y4m" "$bench/dist1080.y4m" --device "$device" --precision max -o /tmp/vmaf-tiny-gpu-dev.json -q >/dev/null
if diff <(grep -v '"fps"' /tmp/vmaf-tiny-gpu-cpu.json) <(grep -v '"fps"' /tmp/vmaf-tiny-gpu-dev.json) >/dev/null; then
    echo "identical: $(grep -c '"frameNum"' /tmp/vmaf-tiny-gpu-dev.json) frames, every feature the same double"
else
    echo "DIFFERENT (first lines):"; diff <(grep -v '"fps"' /tmp/vmaf-tiny-gpu-cpu.json) <(grep -v '"fps"' /tmp/vmaf-tiny-gpu-dev.json) | head
fi

say "1080p end to end: speed (whole process, y4m in, features only; alternated, 3 runs each)"
for run in 1 2 3; do
    for d in "$device" cpu; do
        /usr/bin/time -f "    $d run $run: %e s wall, %U s user, %S s sys, %M KiB peak" \
            "${cli[@]}" features "$bench/ref1080.y4m" "$bench/dist1080.y4m" --device "$d" 2>&1 >/dev/null | grep -E "fps|wall"
    done
done

say "BenchmarkDotNet: frames in memory, per frame (1 / mean = fps)"
VMAF_TINY_BENCH_DIR=$bench dotnet run -c Release --project tests/VmafTiny.Benchmarks -- --filter '*OpenClFrame*' --job short --inProcess 2>&1 \
    | grep -E "^// device|^\| *(Method|CpuOneThread|CpuAllCores|OpenCl) " 
