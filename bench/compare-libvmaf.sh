#!/usr/bin/env bash
# Side-by-side speed and memory of vmaf-tiny and libvmaf 3.2.0's `vmaf` tool on this machine, in this run: the
# table of issue 11, printed as markdown with the CPU model, the date and the load, ready for the README.
#
#   bench/compare-libvmaf.sh [--libvmaf PATH] [--data DIR] [--vmaf-tiny PATH] [--runs N] [--slow-runs N] [--only SETS]
#   ./build.sh --target=CompareLibvmaf [--libvmaf=PATH] [--data=DIR] [--runs=N]   (builds first, then runs this)
#
# --libvmaf: default $LIBVMAF, else this project's timing build /work/libvmaf/timing/libvmaf/build/tools/vmaf;
# --data: default $BENCH_DATA, else /work/bench-data.
#
# --runs N (or -n N, default 5): alternating pairs per row; --slow-runs N (default 3): pairs for the scalar,
# 2-thread-memory and default-model size rows. The defaults take about 7-10 minutes on 2 quiet cores (the
# scalar row, ~40 s a pair, is the longest); --runs 3 --slow-runs 1 about 4.
# --vmaf-tiny PATH: default artifacts/cli/vmaf-tiny (the ReadyToRun CLI ./build.sh makes), else the build output.
#
# How: both tools run alternately (A B A B ...), whole process, under GNU time (/usr/bin/time: wall, user + sys,
# maximum resident set size), each one-thread pair pinned to one CPU with taskset (the CPUs in turn, pair by pair:
# a virtual machine's CPUs can differ in speed); each figure is the median of the runs and each ratio the median of the per-pair
# ratios (vmaf-tiny / libvmaf: below 1 means vmaf-tiny is faster or smaller). One thread: CPU time (user + sys);
# two threads: wall time. Same model, same threads, y4m in, a JSON log written by both. libvmaf runs at its best
# path unless the row names a --cpumask (16 = AVX2, 24 = plain C: the mask disables what it names). One
# untimed run of each tool first warms the disk cache and the runtime's files. The machine should be quiet:
# the load before and after is printed; a shared machine makes CPU time and ratios the figures to trust.
#
# Needs: bash, python3, GNU time, the libvmaf `vmaf` binary (built outside this repository, e.g. with
# meson from Netflix/vmaf v3.2.0: `meson setup build libvmaf --buildtype release && ninja -C build`), a built
# vmaf-tiny (./build.sh), and DIR with the benchmark pairs (never in the repository):
#   ref1080.y4m dist1080.y4m   96 frames, 1920x1080, 8-bit 4:2:0, 24 fps: a pan across a photo, and the same
#                              clip after x264 crf 34. Made with ffmpeg (libx264) from the 5120x2880 "Volna"
#                              wallpaper of Debian's plasma-workspace-wallpapers package:
#       ffmpeg -loop 1 -i 5120x2880.jpg -vf "scale=2560:1440,crop=1920:1080:x='min(t*200,600)':y='min(t*60,300)',format=yuv420p" \
#              -r 24 -frames:v 96 ref1080.y4m
#       ffmpeg -i ref1080.y4m -c:v libx264 -preset veryfast -crf 34 dist1080.mp4
#       ffmpeg -i dist1080.mp4 -pix_fmt yuv420p dist1080.y4m
#   ref720.y4m dist720.y4m, ref2160.y4m dist2160.y4m   the same pair scaled:
#       ffmpeg -i ref1080.y4m -vf scale=1280:720:flags=bicubic ref720.y4m     (and dist; 3840:2160 for 2160p)
# The start-up rows use the 12-frame golden clip g01 (320x180) from tests/VmafTiny.Tests/TestData/golden.
#
# Sets (--only takes a comma list): svm1080 svm1080t2 tiny1080 tiny1080t2 avx2 scalar svm2160 svm2160t2
# tiny2160 svm720 svm720t2 tiny720 startsvm starttiny. Not part of the test suite: it needs data and a libvmaf
# binary from outside the repository.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
libvmaf=${LIBVMAF:-/work/libvmaf/timing/libvmaf/build/tools/vmaf}; data=${BENCH_DATA:-/work/bench-data}; tiny="$here/artifacts/cli/vmaf-tiny"; runs=5; slow=3; only=""
[ -x "$tiny" ] || tiny="$here/src/Cli/bin/Release/net10.0/linux-x64/vmaf-tiny"
while (($#)); do
    case "$1" in
        --libvmaf) libvmaf=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        --vmaf-tiny) tiny=$2; shift 2 ;;
        -n|--runs) runs=$2; shift 2 ;;
        --slow-runs) slow=$2; shift 2 ;;
        --only) only=",$2,"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "compare-libvmaf.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[ -x "$libvmaf" ] || { echo "compare-libvmaf.sh: $libvmaf: not an executable" >&2; exit 1; }
[ -x "$tiny" ] || { echo "compare-libvmaf.sh: $tiny: not built (run ./build.sh first)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "compare-libvmaf.sh: needs GNU time (/usr/bin/time, Debian package 'time')" >&2; exit 1; }
for f in ref1080 dist1080 ref720 dist720 ref2160 dist2160; do
    [ -f "$data/$f.y4m" ] || { echo "compare-libvmaf.sh: $data/$f.y4m is missing (see --help for how to make it)" >&2; exit 1; }
done

T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
gold="$here/tests/VmafTiny.Tests/TestData/golden/g01_pan_420p8_320x180"
gunzip -c "$gold.ref.y4m.gz" > "$T/g01ref.y4m"; gunzip -c "$gold.dist.y4m.gz" > "$T/g01dist.y4m"
D=$data

# One timed run: appends "wall user sys maxrss_kib" to $2.
one() {
    /usr/bin/time -f "%e %U %S %M" -o "$T/t" bash -c "$1" > /dev/null 2> "$T/err" \
        || { echo "compare-libvmaf.sh: failed: $1: $(tail -1 "$T/err")" >&2; exit 1; }
    cat "$T/t" >> "$2"
}

# set NAME N FRAMES 'VMAF-TINY ARGS' 'LIBVMAF ARGS': N alternating pairs, results in $T/NAME.{a,b,n}.
set_() {
    local name=$1 n=$2 frames=$3 a=$4 b=$5
    [ -z "$only" ] || [[ $only == *",$name,"* ]] || return 0
    echo "compare-libvmaf.sh: $name ($n pairs; load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    echo "$frames" > "$T/$name.frames"
    for ((i = 0; i < n; i++)); do
        # One-thread rows: both runs of a pair on the same CPU, the CPUs in turn from pair to pair (pin, above).
        local on=""
        [[ -n $pin && $a == *"--threads 1"* ]] && on="taskset -c ${cpus[i % ${#cpus[@]}]} "
        one "$on$tiny $a -q -o $T/a.json" "$T/$name.a"
        one "$on$libvmaf $b -q --json -o $T/b.json" "$T/$name.b"
    done
}

# The CPUs this process may run on. On a virtual machine they need not be equally fast: on the project's 2-vCPU
# EPYC, CPU 1 ran both tools ~25 % slower than CPU 0 (taskset, 2026-12-03), so an unpinned pair whose runs land on
# different CPUs gives a ratio off by that much either way. Each one-thread pair is pinned to one CPU (taskset, from
# util-linux), both CPUs taken in turn; two-thread rows use both anyway.
pin=""; cpus=()
if command -v taskset > /dev/null; then
    pin=1
    mapfile -t cpus < <(python3 -c 'import os; print("\n".join(map(str, sorted(os.sched_getaffinity(0)))))')
fi

svm="--model vmaf_v0.6.1"; lsvm="--model version=vmaf_v0.6.1"
pair() { echo "score $D/ref$1.y4m $D/dist$1.y4m"; }
lpair() { echo "-r $D/ref$1.y4m -d $D/dist$1.y4m"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# Warm-up: the disk cache and both tools' own files; not timed.
bash -c "$tiny score $T/g01ref.y4m $T/g01dist.y4m -q" > /dev/null 2>&1 || true
bash -c "$libvmaf -r $T/g01ref.y4m -d $T/g01dist.y4m $lsvm -q --json -o $T/w.json" > /dev/null 2>&1 || true
for f in ref1080 dist1080 ref720 dist720 ref2160 dist2160; do cat "$D/$f.y4m" > /dev/null; done

set_ svm1080    "$runs" 96 "$(pair 1080) $svm --threads 1"             "$(lpair 1080) $lsvm --threads 1"
set_ svm1080t2  "$runs" 96 "$(pair 1080) $svm --threads 2"             "$(lpair 1080) $lsvm --threads 2"
set_ tiny1080   "$runs" 96 "$(pair 1080) --threads 1"                  "$(lpair 1080) $lsvm --threads 1"
set_ tiny1080t2 "$slow" 96 "$(pair 1080) --threads 2"                  "$(lpair 1080) $lsvm --threads 2"
set_ avx2       "$runs" 96 "$(pair 1080) $svm --threads 1 --cpu avx2"   "$(lpair 1080) $lsvm --threads 1 --cpumask 16"
set_ scalar     "$slow" 96 "$(pair 1080) $svm --threads 1 --cpu scalar" "$(lpair 1080) $lsvm --threads 1 --cpumask 24"
set_ svm2160    "$runs" 48 "$(pair 2160) $svm --threads 1 --frame-count 48" "$(lpair 2160) $lsvm --threads 1 --frame_cnt 48"
set_ svm2160t2  "$slow" 48 "$(pair 2160) $svm --threads 2 --frame-count 48" "$(lpair 2160) $lsvm --threads 2 --frame_cnt 48"
set_ tiny2160   "$slow" 48 "$(pair 2160) --threads 1 --frame-count 48"      "$(lpair 2160) $lsvm --threads 1 --frame_cnt 48"
set_ svm720     "$runs" 96 "$(pair 720) $svm --threads 1 --frame-count 96"  "$(lpair 720) $lsvm --threads 1 --frame_cnt 96"
set_ svm720t2   "$slow" 96 "$(pair 720) $svm --threads 2 --frame-count 96"  "$(lpair 720) $lsvm --threads 2 --frame_cnt 96"
set_ tiny720    "$slow" 96 "$(pair 720) --threads 1 --frame-count 96"       "$(lpair 720) $lsvm --threads 1 --frame_cnt 96"
g01="score $T/g01ref.y4m $T/g01dist.y4m"; lg01="-r $T/g01ref.y4m -d $T/g01dist.y4m $lsvm"
set_ startsvm   "$((runs * 2))" 12 "$g01 $svm" "$lg01"
set_ starttiny  "$((runs * 2))" 12 "$g01"      "$lg01"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
ncpu=$(nproc)
flags=$(grep -m1 '^flags' /proc/cpuinfo)
isa="AVX2"; [[ $flags == *avx512bw* ]] && isa="AVX-512"; [[ $flags == *" avx2"* ]] || isa="no AVX2"
libver=$("$libvmaf" --version 2>&1 | head -1 || true)
tinyver=$(cd "$here" && git describe --always --dirty 2>/dev/null || echo "?")

python3 - "$T" "$runs" <<PY
import os, statistics as st, sys
T = sys.argv[1]
def load(name):
    p = os.path.join(T, name)
    if not os.path.exists(p + ".a"):
        return None
    A = [list(map(float, l.split())) for l in open(p + ".a")]
    B = [list(map(float, l.split())) for l in open(p + ".b")]
    frames = int(open(p + ".frames").read())
    return A, B, frames
def metric(rows, m):
    return [r[0] if m == "wall" else r[1] + r[2] if m == "cpu" else r[3] / 1024 for r in rows]
def fmt(v, m, frames, per_frame):
    if m == "rss":
        return f"{v:.0f} MiB"
    if per_frame:
        return f"{v * 1000 / frames:.1f} ms/frame ({v:.2f} s)"
    return f"{v:.2f} s ({v * 1000 / frames:.1f} ms/frame)" if frames > 12 else f"{v:.3f} s"
out = []
def row(label, name, m, goal, per_frame=False):
    r = load(name)
    if r is None:
        return
    A, B, frames = r
    a, b = metric(A, m), metric(B, m)
    ratio = st.median([x / y for x, y in zip(a, b) if y > 0])
    cell = f"{ratio:.2f}"
    if m == "rss":
        cell += f" ({st.median(a) - st.median(b):+.0f} MiB)"
    out.append(f"| {label} | {fmt(st.median(a), m, frames, per_frame)} | {fmt(st.median(b), m, frames, per_frame)} | {cell} | {goal} |")
row("1080p, 1 thread, CPU", "svm1080", "cpu", "<= 0.40")
row("1080p, 2 threads, wall", "svm1080t2", "wall", "<= 0.45")
row("1080p, default model (vmaf_tiny_v2), 1 thread, CPU", "tiny1080", "cpu", "<= 0.40")
row("1080p, default model, 2 threads, wall", "tiny1080t2", "wall", "<= 0.45")
row("1080p, \`--cpu avx2\` vs \`--cpumask 16\` (AVX2), 1 thread, CPU", "avx2", "cpu", "<= 0.50")
row("1080p, \`--cpu scalar\` vs \`--cpumask 24\` (plain C), 1 thread, CPU", "scalar", "cpu", "<= 1.00")
row("2160p, 48 frames, 1 thread, CPU/frame", "svm2160", "cpu", "<= 0.40", True)
row("2160p, 48 frames, 2 threads, wall", "svm2160t2", "wall", "<= 0.45")
row("720p, 96 frames, 1 thread, CPU/frame", "svm720", "cpu", "<= 0.40", True)
row("720p, 96 frames, 2 threads, wall", "svm720t2", "wall", "<= 0.45")
row("start-up, 12-frame 320x180 clip, vmaf_v0.6.1, wall", "startsvm", "wall", "<= 0.15 s")
row("start-up, 12-frame 320x180 clip, default model, wall", "starttiny", "wall", "<= 0.25 s")
for size in ("720", "1080", "2160"):
    row(f"peak memory, {size}p, 1 thread", f"svm{size}", "rss", "<= 1.00")
    row(f"peak memory, {size}p, 2 threads", f"svm{size}t2", "rss", "<= 1.00")
for size in ("720", "1080", "2160"):
    row(f"peak memory, {size}p, default model, 1 thread", f"tiny{size}", "rss", "<= libvmaf + 20 MiB")
row("peak memory, 1080p, default model, 2 threads", "tiny1080t2", "rss", "<= libvmaf + 20 MiB")
print(f"Measured with \`bench/compare-libvmaf.sh\` on $(date -u +%Y-%m-%d), $cpu ($ncpu CPUs, $isa), "
      f"load $load_before before and $load_after after; vmaf-tiny $tinyver, $libver. vmaf_v0.6.1 unless "
      f"the row says otherwise (libvmaf always runs its vmaf_v0.6.1), y4m in, medians of $runs alternating "
      f"runs ($slow for the scalar, 2-thread memory and default-model size rows); "
      + ("each one-thread pair pinned to one CPU (taskset), CPUs ${cpus[*]} in turn." if "$pin" else "not pinned (no taskset)."))
print()
print("| | vmaf-tiny | libvmaf 3.2.0 | vmaf-tiny / libvmaf | goal |")
print("| --- | --- | --- | --- | --- |")
print("\n".join(out))
PY
