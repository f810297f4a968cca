#!/usr/bin/env bash
# The cluster on one machine: the same manifest scored by `vmaf-tiny cluster submit` with 1, 2 and 3 local worker
# processes of one slot each (one core each), and with one worker of a slot per core (its default), next to `batch`
# on the same machine. The configurations take turns (round-robin, RUNS rounds): each turn starts its workers, waits
# until they have joined, runs an untimed warm-up job (one 48-frame segment), then one timed job (--force: all is
# scored again), and stops the workers. Printed: the median wall time of submit (split, schedule, score, merge).
#   bench/cluster-scaling.sh [-n RUNS]
# Needs: redis-server (Debian: redis-server), the built CLI (CLI, default artifacts/cli/vmaf-tiny from ./build.sh),
# BENCH_DATA with ref720.y4m and dist720.y4m (default /work/bench-data); PAIRS (default 4) copies of that pair,
# SEGMENT_FRAMES (default 48) frames per segment.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3; [ "${1:-}" = "-n" ] && runs=$2
cli=${CLI:-artifacts/cli/vmaf-tiny}
data=${BENCH_DATA:-/work/bench-data}
pairs=${PAIRS:-4}
segment=${SEGMENT_FRAMES:-48}
T=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis=127.0.0.1:$port
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$T" > "$T/redis.log" 2>&1 &
redis_pid=$!
workers=()
stop_workers() {
    ((${#workers[@]})) || return 0
    kill "${workers[@]}" 2>/dev/null || true
    wait "${workers[@]}" 2>/dev/null || true
    workers=()
    rm -f "$T"/w*.log
}
trap 'stop_workers; kill $redis_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$T"' EXIT

echo "reference,distorted,output" > "$T/m.csv"
for i in $(seq "$pairs"); do echo "$data/ref720.y4m,$data/dist720.y4m,$T/out$i.json" >> "$T/m.csv"; done
frames=$(( pairs * 96 ))

start_workers() {  # COUNT THREADS
    for i in $(seq "$1"); do
        "$cli" cluster worker --redis "$redis" --threads "$2" -q 2> "$T/w$i.log" &
        workers+=($!)
    done
    for i in $(seq "$1"); do
        until grep -q "joined the cluster" "$T/w$i.log"; do sleep 0.2; done
    done
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

seconds() {  # COMMAND...: wall seconds of one run
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null 2>&1
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

echo "reference,distorted,output,frame-count" > "$T/warm.csv"
echo "$data/ref720.y4m,$data/dist720.y4m,$T/warm.json,48" >> "$T/warm.csv"
cores=$(nproc)
names=("cluster: 1 worker x 1 slot" "cluster: 2 workers x 1 slot" "cluster: 3 workers x 1 slot" "cluster: 1 worker x $cores slots (default)" "batch --jobs $cores (no cluster)")
counts=(1 2 3 1 0)
slots=(1 1 1 "$cores" 0)
echo "# $(date -u +%F) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $cores cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $pairs x 720p pair (96 frames each, $frames frames), segments of $segment frames, vmaf_tiny_v2, median of $runs round-robin turns"
for round in $(seq "$runs"); do
    for c in "${!names[@]}"; do
        if (( counts[c] > 0 )); then
            start_workers "${counts[c]}" "${slots[c]}"
            "$cli" cluster submit "$T/warm.csv" --redis "$redis" --segment-frames "$segment" --force -q > /dev/null 2>&1
            seconds "$cli" cluster submit "$T/m.csv" --redis "$redis" --segment-frames "$segment" --force -q >> "$T/times$c"
            stop_workers
        else
            "$cli" batch "$T/warm.csv" --force -q > /dev/null 2>&1
            seconds "$cli" batch "$T/m.csv" --force -q >> "$T/times$c"
        fi
    done
done
printf '%-44s %8s %8s   %s\n' "configuration" "wall s" "fps" "each turn (s)"
for c in "${!names[@]}"; do
    m=$(median < "$T/times$c")
    printf '%-44s %8.2f %8.1f   %s\n' "${names[c]}" "$m" "$(echo "$frames / $m" | bc -l)" "$(tr '\n' ' ' < "$T/times$c")"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
