#!/usr/bin/env bash
# Herald vs nginx+nchan fan-out benchmark: builds, starts each server on a free loopback port,
# runs the same 8 scenarios with the same NIO load tool, stops the servers, writes BENCHMARKS.md.
# Targets: nchan, herald (the WAR on Payara Micro, Grizzly fast path), wildfly (the same WAR on
# WildFly, portable servlet write path).
#
#   bench/run.sh                      # full run (all targets, ~15-20 min on 2 cores)
#   TARGETS=wildfly SCALE=0.05 bench/run.sh   # smoke run of one target
#   SCALE=0.05 bench/run.sh           # smoke run (5% of the connections; does not touch BENCHMARKS.md)
#   TARGETS=nchan SKIP_BUILD=1 bench/run.sh
#   TARGETS="nchan herald" SCENARIOS=4 SKIP_BUILD=1 bench/run.sh   # one scenario alone (quick iterations)
#
# Scenario 7 (reconnect storm onto a freshly booted node) runs first on a server booted for it alone;
# the other scenarios then run, in the order given, on a second freshly booted server.
#
# Exit status: non-zero if any target lost an event (or a scenario could not hold its connections).
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SCALE="${SCALE:-1}"
TARGETS="${TARGETS:-nchan herald wildfly}"
SCENARIOS="${SCENARIOS:-7,0,1,2,3,4,5,6}"
if [[ " $TARGETS " == *" nchan "* ]] && { ! command -v nginx >/dev/null 2>&1 || ! dpkg-query -W libnginx-mod-nchan >/dev/null 2>&1; }; then
  echo "run.sh: installing nginx and libnginx-mod-nchan (Debian)" >&2
  SUDO=""; [[ "$(id -u)" -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y nginx libnginx-mod-nchan || exit 2
fi
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
# the commit built and measured, read before the run: commits made while it runs are not in it
MEASURED="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- api core web 2>/dev/null || echo ' plus uncommitted changes in api/core/web at the start of the run')"
OUT="$ROOT/bench/target/run-$STAMP"
mkdir -p "$OUT"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
SERVER_PID=""
WILDFLY_PID=""

stop_server() {
  stop_pid "$SERVER_PID"   # on WildFly the server JVM first (SIGTERM is a graceful stop), then its launch script
  stop_pid "$WILDFLY_PID"
  SERVER_PID=""
  WILDFLY_PID=""
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

# client and servers: as many descriptors as this box allows (hard limit; 20000 here)
ulimit -n "$(ulimit -Hn)" || true
log "open files: soft=$(ulimit -n) hard=$(ulimit -Hn); results in $OUT"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then build_all || exit 2; fi

run_bench() { # target port pid scenarios [--jvm]
  local target=$1 port=$2 pid=$3 scen=$4; shift 4
  log "bench against $target on 127.0.0.1:$port (server pid $pid), scenarios $scen"
  timeout 900 java $BENCH_JVM_FLAGS -jar "$JAR" run --target "$target" --port "$port" --server-pid "$pid" \
    --scale "$SCALE" --scenarios "$scen" --results "$OUT/$target.properties" "$@" 2>&1 | tee -a "$OUT/$target.log"
  return "${PIPESTATUS[0]}"
}

# Scenario 7 (the storm onto a freshly booted node) gets a server of its own, booted for it alone;
# the other scenarios run on a second one, in the order given.
COLD=""; WARM=""
IFS=',' read -ra LIST <<< "$SCENARIOS"
for s in "${LIST[@]}"; do
  if [[ "$s" == 7 ]]; then COLD=7; else WARM="${WARM:+$WARM,}$s"; fi
done
PASSES=(); [[ -n "$COLD" ]] && PASSES+=("$COLD"); [[ -n "$WARM" ]] && PASSES+=("$WARM")

run_pass() { # target scenarios: boots the target, runs the scenarios, stops it; non-zero on failure
  local target=$1 scen=$2 rc=0
  PORT="$(free_port)"
  case "$target" in
    herald)
      log "starting Herald on Payara Micro: $(herald_command "$PORT" "$OUT/herald-payara-root")"
      start_herald herald "$PORT" || return 3
      SERVER_PID=$HERALD_PID
      sleep 3
      run_bench herald "$PORT" "$SERVER_PID" "$scen" --jvm || rc=1
      grep -c 'RejectedExecutionException\|SEVERE' "$OUT/herald-payara.log" | xargs -I{} echo "payara.log SEVERE/rejections: {}" | tee -a "$OUT/herald.log"
      stop_server
      ;;
    wildfly)
      OFFSET="$(free_offset)"; PORT=$((8080 + OFFSET))
      log "starting Herald on WildFly $WILDFLY_VERSION: $(wildfly_command "$OFFSET" "$OUT/wildfly-wildfly-base")"
      start_wildfly wildfly "$OFFSET" || return 3
      SERVER_PID=$HERALD_PID
      sleep 3
      run_bench wildfly "$PORT" "$SERVER_PID" "$scen" --jvm || rc=1
      grep -c ' ERROR ' "$OUT/wildfly-wildfly.log" | xargs -I{} echo "wildfly.log ERROR lines: {}" | tee -a "$OUT/wildfly.log"
      stop_server
      ;;
    nchan)
      NDIR="$OUT/nginx"; rm -rf "$NDIR"; mkdir -p "$NDIR"
      sed -e "s#__PORT__#$PORT#" -e "s#__DIR__#$NDIR#g" bench/nchan.conf > "$NDIR/nginx.conf"
      log "starting nginx+nchan: nginx -c $NDIR/nginx.conf (from bench/nchan.conf, port $PORT)"
      nginx -c "$NDIR/nginx.conf" -p "$NDIR" > "$NDIR/stdout.log" 2>&1 &
      SERVER_PID=$!
      if ! wait_http "http://127.0.0.1:$PORT/pub/bench-ready" 20 "$SERVER_PID"; then
        log "nginx did not come up"; cat "$NDIR/nginx-error.log"; stop_server; return 3
      fi
      sleep 1
      run_bench nchan "$PORT" "$SERVER_PID" "$scen" || rc=1
      stop_server
      ;;
    *) log "unknown target $target"; return 2 ;;
  esac
  return $rc
}

RC=0
for target in $TARGETS; do
  : > "$OUT/$target.properties"
  : > "$OUT/$target.log"
  for pass in "${PASSES[@]}"; do
    run_pass "$target" "$pass"; prc=$?
    (( prc != 0 )) && RC=$prc
  done
done

touch "$OUT/herald.properties" "$OUT/nchan.properties"
if [[ -s "$OUT/wildfly.properties" ]]; then
  TABLE="$(java -jar "$JAR" report "$OUT/herald.properties" "$OUT/nchan.properties" "$OUT/wildfly.properties")"
else
  TABLE="$(java -jar "$JAR" report "$OUT/herald.properties" "$OUT/nchan.properties")"
fi
echo
echo "$TABLE"
echo

if [[ "$SCALE" == "1" && "$TARGETS" == *herald* && "$TARGETS" == *nchan* && "$SCENARIOS" == "7,0,1,2,3,4,5,6" ]]; then
  prop() { grep -m1 "^$2=" "$OUT/$1.properties" | cut -d= -f2-; }
  {
    echo "# Benchmarks: Herald vs nginx + nchan"
    echo
    echo "Generated by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') (run $STAMP, exit status $RC). Every number below was printed by that run;"
    echo "raw logs were in \`bench/target/run-$STAMP/\`. Regenerate with \`bench/run.sh\` (about 8-20 minutes, three servers)."
    echo
    echo "Code measured: commit $MEASURED."
    echo
    echo "## Machine"
    echo
    echo "- $(nproc) cores: $(lscpu | sed -n 's/^Model name: *//p' | head -1); $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(uname -sr)"
    echo "- load average when the run ended: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- open-file limit per process: soft $(ulimit -n), hard $(ulimit -Hn); load client, Herald/nginx and other work share the same 2 cores"
    echo "- $(java -version 2>&1 | sed -n 2p)"
    echo "- $(nginx -v 2>&1), libnginx-mod-nchan $(dpkg-query -W -f='${Version}' libnginx-mod-nchan 2>/dev/null)"
    echo "- Payara Micro $(grep -m1 '<payara.version>' pom.xml | sed 's/.*>\(.*\)<.*/\1/')$([[ -s "$OUT/wildfly.properties" ]] && echo ", WildFly $WILDFLY_VERSION")"
    echo
    echo "## Commands"
    echo
    echo "- build: \`mvn -q -pl web -am package -DskipTests && mvn -q -pl bench package -DskipTests\` (Payara Micro is copied from Maven Central into \`bench/target/\`)"
    echo "- Herald: \`${HERALD_ENV:+$HERALD_ENV }java $HERALD_JVM_FLAGS $HERALD_PROPS -jar bench/target/payara-micro.jar --deploy web/target/herald.war --contextroot / --port PORT --nocluster --prebootcommandfile ${PREBOOT#$ROOT/}\` (default Herald config: replay buffer 50, keepalive 15 s)"
    [[ -s "$OUT/wildfly.properties" ]] && echo "- Herald on WildFly: \`${HERALD_ENV:+$HERALD_ENV }LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_JAVA_SIZING='$HERALD_JVM_FLAGS' $(wildfly_command OFFSET BASEDIR | sed "s#$ROOT/##")\` with \`web/target/herald.war\` as \`BASEDIR/deployments/ROOT.war\` (a copy of the distribution's \`standalone/\`; HTTP on 8080 + OFFSET)"
    echo "- nchan: \`nginx -c nginx.conf\` from \`bench/nchan.conf\` (worker_processes auto = $(nproc), loopback only, buffer 50 messages, EventSource with Last-Event-ID, long-poll)"
    echo "- load: \`java $BENCH_JVM_FLAGS -jar bench/target/herald-bench.jar run --target herald|nchan --port PORT --server-pid PID [--jvm]\` (2 selector threads, non-blocking sockets, <= 500 handshakes in flight; payload \`seq,publishNanoTime,step\`, latency = receipt nanoTime - publish nanoTime in the same JVM)"
    echo
    echo "## Scenarios"
    echo
    echo "0. warm-up (not recorded): 5 rounds of 1,000 stream connects, 300 publishes about 100/s to the last 1,000 and then 2,000 from four connections at once as fast as they are answered, then 5 rounds of 1,000 subscribers resetting and reconnecting with Last-Event-ID while 10 events are published 20 ms apart, then 1,000 long-pollers woken 20 times, then a wait until the server uses under 5 % of a core (at most 60 s); passes repeat until one makes at most 100 JIT compiles in the server (2 to 8 passes; 2 where compiles cannot be read), so that no scenario measures a JVM still compiling the paths it measures (scenarios 1, 4 and 5 report the compiles made while they measured)."
    echo "1. idle: 10,000 SSE subscribers on one topic held 30 s; memory growth over the baseline before connecting, divided by subscribers held, and the whole process's RSS while they are held (RSS from /proc, nginx = master + workers; heap = \`jcmd GC.run\` then \`GC.heap_info\` used)."
    echo "2. burst: 10,000 subscribers, 20 publishes, each one after every subscriber got the previous one; per-delivery latency, latency to the last receiver per event; deliveries/s = deliveries / summed time an event was in flight."
    echo "3. sustained: 1,000 subscribers, 4 publisher connections, 5 s steps of 5..6400 publishes/s, stopped when deliveries/s grew < 5 % or p99 > 1 s; best deliveries/s with p99 <= 1 s. Steps as rate:achieved publishes/s/deliveries/s/p99 ms — Herald: \`$(prop herald s3.steps)\`; nchan: \`$(prop nchan s3.steps)\`."
    echo "4. long-poll: 10,000 pollers waiting, 5 rounds of one publish; a poller re-polls after each answer on the same keep-alive connection (Herald \`?since=id\`, nchan If-Modified-Since/If-None-Match); heap per waiting poller = heap after GC with all waiting minus before."
    echo "5. reconnect storm: 5,000 subscribers; publishing 5/s; at 5.1 s (halfway between two publishes) every subscriber drops its connection (RST) and reconnects with Last-Event-ID; publishing goes on >= 5 s after all are back; every subscriber must have every event."
    echo "6. fixed-rate burst: 10,000 subscribers, 20 publishes 200 ms apart whatever the receivers do (open loop, as real publishers publish); per-delivery latency and last receiver per event."
    echo "7. reconnect storm onto a freshly booted node: scenario 5 run alone, first, on a server booted for it (no warm-up), then the server is stopped and the other scenarios run on a second fresh one. CPU per reconnect = server CPU from the drop until all are back / subscribers."
    echo
    echo "Server CPU = user+system seconds of the server process tree (/proc/PID/stat) over the phase, divided by deliveries (or connections): less sensitive to other load on the box than latencies."
    echo
    echo "Server GC pauses (Herald) = the collectors' pause time and full collections from the server JVM's performance counters (read as \`jstat\` reads them) before and after the long-poll rounds and the storms: a stop-the-world pause holds every stream, so a row that a full collection fell in is read beside it."
    echo
    echo "## Results"
    echo
    echo "$TABLE"
    echo
    echo "Errors by kind — Herald: s1 \`$(prop herald s1.errors)\`, s2 \`$(prop herald s2.error_kinds)\`, s3 \`$(prop herald s3.error_kinds)\`, s4 \`$(prop herald s4.error_kinds)\`, s5 \`$(prop herald s5.error_kinds)\`, s6 \`$(prop herald s6.error_kinds)\`, s7 \`$(prop herald s7.error_kinds)\`; nchan: s2 \`$(prop nchan s2.error_kinds)\`, s3 \`$(prop nchan s3.error_kinds)\`, s4 \`$(prop nchan s4.error_kinds)\`, s5 \`$(prop nchan s5.error_kinds)\`, s6 \`$(prop nchan s6.error_kinds)\`, s7 \`$(prop nchan s7.error_kinds)\`."
    echo
    echo "Profiling findings and proposed changes: \`bench/PROFILE.md\` (made with \`bench/profile.sh\`)."
    echo
    echo "Herald memory: heap after GC $(prop herald s1.heap_base_kib) KiB before, $(prop herald s1.heap_kib) KiB with $(prop herald s1.connected) idle subscribers; RSS $(prop herald s1.rss_base_kib) -> $(prop herald s1.rss_kib) KiB. nchan RSS $(prop nchan s1.rss_base_kib) -> $(prop nchan s1.rss_kib) KiB."
  } > "$ROOT/BENCHMARKS.md"
  log "wrote BENCHMARKS.md"
fi
log "exit $RC"
exit "$RC"
