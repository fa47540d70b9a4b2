#!/usr/bin/env bash
# Profiles Herald under the bench load: JFR (CPU + allocation samples), thread dumps every 3 s, and a live-heap class
# histogram diff for idle subscribers; then prints a summary (bench/jfr_summary.py). Output in bench/target/profile-*/.
#   SCALE=0.3 bench/profile.sh      (default 0.3: 3,000 subscribers/pollers; needs bench/run.sh's build first)
#   LOAD_SCENARIOS=4 SCALE=0.5 bench/profile.sh   (only the long-poll scenario under JFR)
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
SCALE="${SCALE:-0.3}"
OUT="$ROOT/bench/target/profile-$(date -u +%Y%m%dT%H%M%SZ)"; mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)" || true
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
PORT="$(free_port)"
start_herald herald "$PORT" || exit 3
PID=$HERALD_PID
trap 'stop_pid $PID' EXIT
sleep 3
BENCH="java -Xmx1g -jar bench/target/herald-bench.jar run --target herald --port $PORT --server-pid $PID --jvm --scale $SCALE"
# 1) idle subscribers: class histogram before / while held
jcmd $PID GC.class_histogram > "$OUT/histo0.txt"
$BENCH --scenarios 1 --idle-hold-s 25 > "$OUT/idle.log" 2>&1 &
BP=$!
until grep -q 'connected in' "$OUT/idle.log" 2>/dev/null || ! kill -0 $BP 2>/dev/null; do sleep 1; done
sleep 5
jcmd $PID GC.class_histogram > "$OUT/histo1.txt"
wait $BP
# 2) burst, long-poll, sustained under JFR with thread dumps
jcmd $PID JFR.start name=bench settings=profile filename="$OUT/herald.jfr" > /dev/null
( for i in $(seq 1 60); do sleep 3; kill -0 $PID 2>/dev/null || break; jcmd $PID Thread.print > "$OUT/td-$i.txt" 2>/dev/null; done ) &
TD=$!
$BENCH --scenarios "${LOAD_SCENARIOS:-2,4,3}" --step-s 4 > "$OUT/load.log" 2>&1
kill $TD 2>/dev/null
jcmd $PID JFR.stop name=bench > /dev/null
SUBS=$(grep -m1 '^RESULT s1.connected=' "$OUT/idle.log" | cut -d= -f2)
grep -h '^RESULT s[1-4]\.\(connect_s\|p99_ms\|heap_per_sub_kib\|server_cpu\)' "$OUT/idle.log" "$OUT/load.log"
python3 bench/jfr_summary.py "$OUT" "${SUBS:-1}" | tee "$OUT/summary.txt"
