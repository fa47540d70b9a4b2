#!/usr/bin/env bash
# What one long-poll wake, one stream connect or one reconnect in a storm costs the server in system calls and context switches: perf stat
# counts them over scenario 4's rounds (10,000 pollers woken 5 times, each re-polling), from its "rounds begin" line
# to its "rounds end" line, or (WHAT=connect) over scenario 1's 10,000 stream connects, from its baseline line to its
# "connected" line, or (WHAT=storm) over scenario 5's reconnect storm, from its drop until all are back, after the
# usual warm-up (scenario 0). Counts do not move with the load of other work on this
# shared box the way CPU time and latencies do, so they tell whether a change removed work even when a CPU figure
# cannot.
#   bench/syscalls.sh                                  (per wake; Herald on Payara, the README's JVM flags)
#   WHAT=connect bench/syscalls.sh                     (per stream connect)
#   WHAT=storm bench/syscalls.sh                       (per reconnect in scenario 5's storm)
#   RUNS=3 PREBOOT=/tmp/other.asadmin bench/syscalls.sh (a variant; WAR= and HERALD_JVM_FLAGS= work as in run.sh)
#   needs bench/run.sh's build first and perf (Debian: linux-perf); output in bench/target/syscalls-*/
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd "$ROOT"
OUT="$ROOT/bench/target/syscalls-$(date -u +%Y%m%dT%H%M%SZ)"; mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)" || true
if ! command -v perf >/dev/null; then
  echo "syscalls.sh: perf is missing (apt-get install -y linux-perf)" >&2; exit 2
fi
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
EVENTS="syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_futex,syscalls:sys_enter_read"
EVENTS="$EVENTS,syscalls:sys_enter_write,syscalls:sys_enter_writev,context-switches,task-clock"
WHAT="${WHAT:-wake}"
case "$WHAT" in
  wake) SCEN=0,4; FROM="s4 rounds begin"; TO="s4 rounds end"; COUNTED='s/.*s4 rounds end: \([0-9]*\) wakes.*/\1/p' ;;
  connect) SCEN=0,1; FROM="s1 baseline"; TO="s1 idle: .* connected in"; COUNTED='s/.*s1 idle: \([0-9]*\)\/[0-9]* connected in.*/\1/p' ;;
  # the storm: from the drop until all are back (perf attaches a few tens of ms after the drop), per reconnect; the
  # window also holds the deliveries of the events published meanwhile, as a storm does
  storm) SCEN=0,5; FROM="s5 drop"; TO="s5 .* re-established"; COUNTED='s/.*s5 \([0-9]*\)\/[0-9]* re-established.*/\1/p' ;;
  *) echo "syscalls.sh: WHAT is wake, connect or storm" >&2; exit 2 ;;
esac
PID=""
trap '[[ -n "$PID" ]] && stop_pid "$PID"' EXIT

wait_line() { # file pattern pid: until the pattern is in the file, or the process ended
  until grep -q "$2" "$1" 2>/dev/null; do kill -0 "$3" 2>/dev/null || return 1; sleep 0.02; done
}

one_run() { # n: one server, warm-up, the measured scenario with perf stat over its window; prints "name value" per line
  local n=$1 port load perfpid
  port="$(free_port)"
  start_herald "herald-$n" "$port" >&2 || return 3
  PID=$HERALD_PID
  java $BENCH_JVM_FLAGS -jar "$JAR" run --target herald --port "$port" --server-pid "$PID" --jvm \
    --scenarios "$SCEN" > "$OUT/load-$n.log" 2>&1 &
  load=$!
  wait_line "$OUT/load-$n.log" "$FROM" "$load" || { log "load run $n ended early"; return 4; }
  perf stat -x, -e "$EVENTS" -p "$PID" -o "$OUT/perf-$n.csv" &
  perfpid=$!
  wait_line "$OUT/load-$n.log" "$TO" "$load"
  kill -INT "$perfpid"; wait "$perfpid"
  wait "$load"
  stop_pid "$PID" >&2; PID=""
  local count
  count="$(sed -n "$COUNTED" "$OUT/load-$n.log")"
  [[ -n "$count" && "$count" -gt 0 ]] || { log "nothing counted in run $n"; return 4; }
  # perf -x, lines: value,unit,event,...
  awk -F, -v w="$count" '$1 ~ /^[0-9.]+$/ { printf "%s %.3f\n", $3, $1 / w }' "$OUT/perf-$n.csv"
  sed -n 's/^RESULT s[145]\.\(server_cpu_us_per_wake\|server_cpu_ms_per_connect\|server_cpu_ms_per_reconnect\|reconnect_s\|connect_s\|p99_ms\)=\(.*\)/\1 \2/p' "$OUT/load-$n.log"
}

RUNS="${RUNS:-1}"
for n in $(seq 1 "$RUNS"); do
  one_run "$n" > "$OUT/run-$n.txt" || exit $?
done
# one row per measure, one column per run (task-clock is in ms, so per wake it is ms of CPU)
{
  printf '| per %s |' "$WHAT"; for n in $(seq 1 "$RUNS"); do printf ' run %s |' "$n"; done; echo
  printf '|---|'; for _ in $(seq 1 "$RUNS"); do printf -- '---:|'; done; echo
  awk '{ print $1 }' "$OUT/run-1.txt" | while read -r m; do
    printf '| %s |' "$m"
    for n in $(seq 1 "$RUNS"); do printf ' %s |' "$(awk -v m="$m" '$1 == m { print $2 }' "$OUT/run-$n.txt")"; done
    echo
  done
} | tee "$OUT/table.md"
