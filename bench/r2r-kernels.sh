#!/usr/bin/env bash
# The precompiled (ReadyToRun) SIMD kernels of artifacts/cli, as crossgen2 compiles them for ./build.sh: recompiles
# VmafTiny.Features with the response file the Build target wrote (src/Cli/obj/startup-image/r2r) and the JIT's
# disassembly switched on, and lists per AVX-512 kernel its code size, its stack references ([rbp±…]: spills, struct
# fields kept in memory) and the calls left in it, helper calls for static bases (CORINFO_HELP_READYTORUN_*STATIC_BASE)
# first. Nothing in artifacts/ changes. Run ./build.sh --target=Build first.
#   bench/r2r-kernels.sh [METHOD-PATTERN]   (a JitDisasm pattern; default: every method, kernels listed)
# With DISASM=FILE it also keeps the whole listing there. Needs python3.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rsp=$root/src/Cli/obj/startup-image/r2r/VmafTiny.Features.rsp
[ -f "$rsp" ] || { echo "r2r-kernels: $rsp not found: run ./build.sh --target=Build first" >&2; exit 1; }
crossgen=$(find ~/.nuget/packages/microsoft.netcore.app.crossgen2.linux-x64 -name crossgen2 -type f -perm -u+x | sort -V | tail -1)
[ -n "$crossgen" ] || { echo "r2r-kernels: crossgen2 not found in the NuGet cache (the Build target restores it)" >&2; exit 1; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
sed "s#^-o:.*#-o:$T/VmafTiny.Features.dll#" "$rsp" > "$T/features.rsp"
(cd "$root/src/Cli" && "$crossgen" @"$T/features.rsp" --parallelism 1 --codegenopt JitDisasm="${1:-*}" \
    --codegenopt JitStdOutFile="$T/disasm.txt" > "$T/log" 2>&1) || { cat "$T/log" >&2; exit 1; }
[ -n "${DISASM:-}" ] && cp "$T/disasm.txt" "$DISASM"
python3 - "$T/disasm.txt" <<'PY'
import re, sys, collections
methods, name = {}, None
for line in open(sys.argv[1]):
    if line.startswith('; Assembly listing for method '):
        name = re.sub(r' \([^)]*\)$', '', line.strip()[len('; Assembly listing for method '):])
        methods[name] = []
    elif name:
        methods[name].append(line)
kernel = re.compile(r'(VifSimd|AdmSimd|AdmS123Avx512|MotionSimd|PsnrSimd)`?2?\[?VmafTiny\.Features\.Simd\.Simd512|AdmS123Avx512')
print(f"{'bytes':>6} {'stack':>6} {'calls':>6}  kernel (AVX-512 instantiation)")
for name, body in methods.items():
    if not kernel.search(name):
        continue
    text = ''.join(body)
    size = re.findall(r'Total bytes of code (\d+)', text)
    calls = [re.sub(r'\s+', ' ', l.strip()) for l in body if re.search(r'\bcall\b', l) and not re.search(r'RNGCHKFAIL|Throw|THROW|FAIL_FAST', l)]
    stack = len(re.findall(r'\[rbp[-+]0x', text))
    short = name.replace('VmafTiny.Features.', '').replace('System.Runtime.Intrinsics.', '').replace('Simd.Simd512,Vector512`1[int]', '512')
    print(f"{size[0] if size else '?':>6} {stack:>6} {len(calls):>6}  {short[:120]}")
    for call, count in sorted(collections.Counter(calls).items(), key=lambda c: 'STATIC_BASE' not in c[0]):
        print(f"{'':22}{count} x {call.replace('VmafTiny.Features.', '')[:110]}")
PY
