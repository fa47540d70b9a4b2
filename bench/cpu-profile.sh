#!/usr/bin/env bash
# Where Herald's CPU goes under one bench scenario, kernel included: async-profiler (fetched from Maven Central)
# samples every thread's CPU time (Java, JIT compiler, GC and kernel frames, which JFR's execution samples in
# bench/profile.sh do not show), writing one collapsed-stack file every 2 s; bench/cpu_summary.py then sums the files
# of each phase (connect, publish) and sorts the samples by what the thread was doing.
#   LOAD_SCENARIOS=2 bench/cpu-profile.sh     (default: the burst; the warm-up scenario 0 always runs first)
#   needs bench/run.sh's build first; output in bench/target/cpu-profile-*/ (summary.txt)
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
OUT="$ROOT/bench/target/cpu-profile-$(date -u +%Y%m%dT%H%M%SZ)"; mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)" || true
AP_VERSION=3.0
AP_LIB="$ROOT/bench/target/async-profiler-$AP_VERSION/linux-x64/libasyncProfiler.so"
if [[ ! -f "$AP_LIB" ]]; then
  mvn -q dependency:copy -Dartifact="tools.profiler:async-profiler:$AP_VERSION" -DoutputDirectory="$ROOT/bench/target" \
    || { echo "cpu-profile.sh: could not fetch async-profiler $AP_VERSION" >&2; exit 2; }
  unzip -q -o "$ROOT/bench/target/async-profiler-$AP_VERSION.jar" 'linux-x64/*' -d "$ROOT/bench/target/async-profiler-$AP_VERSION"
fi
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
HERALD_JVM_FLAGS="$HERALD_JVM_FLAGS -agentpath:$AP_LIB=start,event=cpu,interval=1ms,loop=2s,collapsed,file=$OUT/cpu-%t.collapsed"
PORT="$(free_port)"
start_herald herald "$PORT" || exit 3
PID=$HERALD_PID
trap 'stop_pid $PID' EXIT
java $BENCH_JVM_FLAGS -jar "$JAR" run --target herald --port "$PORT" --server-pid "$PID" --jvm \
  --scenarios "0,${LOAD_SCENARIOS:-2}" > "$OUT/load.log" 2>&1
sleep 3 # the last 2 s file
grep -h '^RESULT s[0-9]\.\(connect_s\|p99_ms\|server_cpu\)' "$OUT/load.log"
python3 bench/cpu_summary.py "$OUT" | tee "$OUT/summary.txt"
