#!/usr/bin/env bash
# Where the CLI's start-up goes: the 12-frame 320x180 golden clip (g01), --threads 1.
#   bench/startup-breakdown.sh [-n RUNS] [CLI]      (CLI: default artifacts/cli/vmaf-tiny, as ./build.sh builds it;
#   e.g. the .NET tool's vmaf-tiny for the framework-dependent build)
# 1. Whole-process time and peak memory, round-robin medians (bench/round-robin.sh): the runtime and the command line
#    alone (--version), score with the scalar kernels (ReadyToRun-precompiled, so no SIMD kernel is JIT-compiled),
#    score with the kernels Auto picks, and the same with the default model (ONNX Runtime).
# 2. What each run still JIT-compiles at start despite ReadyToRun (DOTNET_JitStdOutFile + DOTNET_JitDisasmSummary=1):
#    methods in all and at full optimisation, by group. In a framework-dependent build the SIMD kernels are generic
#    over Vector256<T>/Vector512<T>, framework types outside the version bubble, so crossgen2 cannot precompile them
#    (its --verbose log says "non version resilient signature" for the helpers that take vectors); artifacts/cli
#    compiles them in one bubble with the framework it ships (src/Cli/StartupImage.targets). ONNX Runtime is called
#    through unmanaged function pointers (src/Score/Tiny/Ort), which need no marshalling stub (IL_STUB_PInvoke); its
#    managed wrapper, used before, called through delegates whose stubs were compiled at run time (89 of them).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=7; [ "${1:-}" = "-n" ] && { runs=$2; shift 2; }
cli=${1:-artifacts/cli/vmaf-tiny}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
zcat tests/VmafTiny.Tests/TestData/golden/g01_pan_420p8_320x180.ref.y4m.gz > "$T/ref.y4m"
zcat tests/VmafTiny.Tests/TestData/golden/g01_pan_420p8_320x180.dist.y4m.gz > "$T/dist.y4m"
svm="score $T/ref.y4m $T/dist.y4m --threads 1 --model vmaf_v0.6.1 -q -o $T/out.json"
onnx="score $T/ref.y4m $T/dist.y4m --threads 1 -q -o $T/out.json"
names=("--version" "score, scalar kernels" "score" "score, default model, scalar" "score, default model")
commands=("$cli --version" "$cli $svm --cpu scalar" "$cli $svm" "$cli $onnx --cpu scalar" "$cli $onnx")

echo "# $(date -u +%F) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "## time and peak memory ($cli)"
specs=(); for i in "${!names[@]}"; do specs+=("${names[$i]}=${commands[$i]}"); done
bench/round-robin.sh -n "$runs" -- "${specs[@]}"

echo "## JIT-compiled at start"
printf '%-30s %8s %10s %9s %9s %9s\n' "" methods "full-opt" kernels "P/Invoke" other
for i in "${!names[@]}"; do
    rm -f "$T/jit"
    DOTNET_JitStdOutFile="$T/jit" DOTNET_JitDisasmSummary=1 bash -c "${commands[$i]}" > /dev/null
    grep 'JIT compiled' "$T/jit" | grep -v 'Tier1\|OSR' > "$T/first" || true    # tier-1 recompilations depend on timing
    all=$(wc -l < "$T/first")
    full=$(grep -c 'FullOpts' "$T/first" || true)
    kernels=$(grep -cE 'VmafTiny\.Features\.[A-Za-z]+\.[A-Za-z]+(Simd|Avx)' "$T/first" || true)
    stubs=$(grep -c 'IL_STUB' "$T/first" || true)
    printf '%-30s %8s %10s %9s %9s %9s\n' "${names[$i]}" "$all" "$full" "$kernels" "$stubs" $((all - kernels - stubs))
done
echo "(first compilations, tier-1 recompilations not counted; kernels: methods of the SIMD kernel classes;"
echo " P/Invoke: marshalling stubs compiled at run time)"
