#!/usr/bin/env bash
# Times several commands in turn (A B C ... A B C ...), whole process, and prints each one's median wall time,
# CPU time (user+sys) and peak RSS. One warm-up run of each is not counted. Needs GNU time (/usr/bin/time) and
# python3.
#   bench/round-robin.sh [-n RUNS] [-c CPU] -- 'NAME=COMMAND' 'NAME=COMMAND' ...
# -c CPU runs every command on that CPU (taskset): a virtual machine's CPUs can differ in speed (on the project's
# 2-vCPU EPYC, CPU 1 ran ~25 % slower than CPU 0), which an unpinned A/B mixes into its figures.
# bench/startup.sh uses it for the start-up and 1080p tables of the README.
set -euo pipefail
n=7; on=""
[ "${1:-}" = "-n" ] && { n=$2; shift 2; }
[ "${1:-}" = "-c" ] && { on="taskset -c $2 "; shift 2; }
[ "${1:-}" = "--" ] && shift
(($# > 0)) || { echo "usage: $0 [-n RUNS] [-c CPU] -- 'NAME=COMMAND' ..." >&2; exit 2; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
names=(); commands=()
for spec in "$@"; do names+=("${spec%%=*}"); commands+=("${spec#*=}"); done
one() {
    $on/usr/bin/time -f "%e %U %S %M" -o "$T/t" bash -c "$1" > /dev/null 2> "$T/err" \
        || { echo "failed: $1: $(tail -1 "$T/err")" >&2; exit 1; }
    cat "$T/t"
}
for i in "${!commands[@]}"; do one "${commands[$i]}" > /dev/null; done
for ((r = 0; r < n; r++)); do
    for i in "${!commands[@]}"; do one "${commands[$i]}" >> "$T/$i"; done
done
for i in "${!commands[@]}"; do echo "${names[$i]}" >> "$T/names"; done
python3 - "$T" "${#commands[@]}" <<'PY'
import sys, statistics as st
folder, count = sys.argv[1], int(sys.argv[2])
names = open(f"{folder}/names").read().split("\n")
print(f"{'':28}{'wall s':>9}{'cpu s':>9}{'peak MiB':>10}")
for i in range(count):
    rows = [list(map(float, l.split())) for l in open(f"{folder}/{i}")]
    wall = st.median(r[0] for r in rows); cpu = st.median(r[1] + r[2] for r in rows); mem = st.median(r[3] for r in rows) / 1024
    print(f"{names[i]:28}{wall:9.3f}{cpu:9.3f}{mem:10.1f}")
print(f"(medians of {len(rows)} runs each, in turn)")
PY
