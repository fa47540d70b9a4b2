#!/usr/bin/env bash
# Herald vs nginx+nchan fan-out benchmark: builds, starts each server on a free loopback port,
# runs the same 5 scenarios with the same NIO load tool, stops the servers, writes BENCHMARKS.md.
#
#   bench/run.sh                      # full run (both targets, ~10-13 min on 2 cores)
#   SCALE=0.05 bench/run.sh           # smoke run (5% of the connections; does not touch BENCHMARKS.md)
#   TARGETS=nchan SKIP_BUILD=1 bench/run.sh
#
# Exit status: non-zero if any target lost an event (or a scenario could not hold its connections).
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SCALE="${SCALE:-1}"
TARGETS="${TARGETS:-nchan herald}"
SCENARIOS="${SCENARIOS:-1,2,3,4,5}"
HERALD_JVM_FLAGS="${HERALD_JVM_FLAGS:--Xms2g -Xmx2g -XX:+UseG1GC}"
BENCH_JVM_FLAGS="${BENCH_JVM_FLAGS:--Xms1g -Xmx1g -XX:+UseParallelGC}"
# Herald config for the benchmark: dev mode (publishes carry no token); every connection comes from 127.0.0.1, so the
# per-client stream limit (default 256) is raised; the node limit too, since the previous scenario's closed streams
# are only released at their next keepalive write.
HERALD_PROPS="${HERALD_PROPS:--Dherald.auth.dev-mode=true -Dherald.limit.streams-per-client=20000 -Dherald.limit.subscribers=100000}"
if [[ " $TARGETS " == *" nchan "* ]] && { ! command -v nginx >/dev/null 2>&1 || ! dpkg-query -W libnginx-mod-nchan >/dev/null 2>&1; }; then
  echo "run.sh: installing nginx and libnginx-mod-nchan (Debian)" >&2
  SUDO=""; [[ "$(id -u)" -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y nginx libnginx-mod-nchan || exit 2
fi
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$ROOT/bench/target/run-$STAMP"
mkdir -p "$OUT"
SERVER_PID=""

log() { printf '%s run.sh: %s\n' "$(date +%T)" "$*"; }

stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  SERVER_PID=""
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

# client and servers: as many descriptors as this box allows (hard limit; 20000 here)
ulimit -n "$(ulimit -Hn)" || true
log "open files: soft=$(ulimit -n) hard=$(ulimit -Hn); results in $OUT"

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 10000 ))
    if ! ss -ltnH "sport = :$p" | grep -q .; then echo "$p"; return 0; fi
  done
  return 1
}

wait_http() { # url timeout_s
  local t0=$SECONDS
  while (( SECONDS - t0 < $2 )); do
    if curl -s -o /dev/null -m 2 "$1"; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building the WAR and the bench tool (tests skipped)"
  mvn -q -pl web -am package -DskipTests || { log "WAR build failed"; exit 2; }
  mvn -q -pl bench package -DskipTests || { log "bench build failed"; exit 2; }
fi
JAR="$ROOT/bench/target/herald-bench.jar"
PAYARA="$ROOT/bench/target/payara-micro.jar"
WAR="$ROOT/web/target/herald.war"
PREBOOT="$(grep -rl 'max-queue-size' web/src/main 2>/dev/null | head -1)"
if [[ -z "$PREBOOT" ]]; then
  log "WARNING: no Payara pre-boot file under web/src/main; using a bench copy"
  PREBOOT="$OUT/preboot.asadmin"
  echo 'set configs.config.server-config.thread-pools.thread-pool.http-thread-pool.max-queue-size=65536' > "$PREBOOT"
fi

run_bench() { # target port pid [--jvm]
  local target=$1 port=$2 pid=$3; shift 3
  log "bench against $target on 127.0.0.1:$port (server pid $pid)"
  timeout 900 java $BENCH_JVM_FLAGS -jar "$JAR" run --target "$target" --port "$port" --server-pid "$pid" \
    --scale "$SCALE" --scenarios "$SCENARIOS" --results "$OUT/$target.properties" "$@" 2>&1 | tee "$OUT/$target.log"
  return "${PIPESTATUS[0]}"
}

RC=0
for target in $TARGETS; do
  : > "$OUT/$target.properties"
  PORT="$(free_port)"
  case "$target" in
    herald)
      log "starting Herald on Payara Micro: java $HERALD_JVM_FLAGS $HERALD_PROPS -jar payara-micro.jar --deploy herald.war --contextroot / --port $PORT --nocluster --prebootcommandfile $PREBOOT"
      java $HERALD_JVM_FLAGS $HERALD_PROPS -jar "$PAYARA" --deploy "$WAR" --contextroot / --port "$PORT" --nocluster \
        --prebootcommandfile "$PREBOOT" --rootdir "$OUT/payara-root" > "$OUT/payara.log" 2>&1 &
      SERVER_PID=$!
      t0=$SECONDS
      until grep -q 'ready in' "$OUT/payara.log" 2>/dev/null || (( SECONDS - t0 > 180 )) || ! kill -0 "$SERVER_PID" 2>/dev/null; do sleep 0.5; done
      if ! wait_http "http://127.0.0.1:$PORT/topics/bench-ready" 30; then
        log "Herald did not come up; see $OUT/payara.log"; tail -30 "$OUT/payara.log"; stop_server; RC=3; continue
      fi
      log "Herald ready after $((SECONDS - t0)) s (pid $SERVER_PID)"
      sleep 3
      run_bench herald "$PORT" "$SERVER_PID" --jvm || RC=1
      grep -c 'RejectedExecutionException\|SEVERE' "$OUT/payara.log" | xargs -I{} echo "payara.log SEVERE/rejections: {}" | tee -a "$OUT/herald.log"
      stop_server
      ;;
    nchan)
      NDIR="$OUT/nginx"; mkdir -p "$NDIR"
      sed -e "s#__PORT__#$PORT#" -e "s#__DIR__#$NDIR#g" bench/nchan.conf > "$NDIR/nginx.conf"
      log "starting nginx+nchan: nginx -c $NDIR/nginx.conf (from bench/nchan.conf, port $PORT)"
      nginx -c "$NDIR/nginx.conf" -p "$NDIR" > "$NDIR/stdout.log" 2>&1 &
      SERVER_PID=$!
      if ! wait_http "http://127.0.0.1:$PORT/pub/bench-ready" 20; then
        log "nginx did not come up"; cat "$NDIR/nginx-error.log"; stop_server; RC=3; continue
      fi
      sleep 1
      run_bench nchan "$PORT" "$SERVER_PID" || RC=1
      stop_server
      ;;
    *) log "unknown target $target"; RC=2 ;;
  esac
done

TABLE="$(java -jar "$JAR" report "$OUT/herald.properties" "$OUT/nchan.properties")"
echo
echo "$TABLE"
echo

if [[ "$SCALE" == "1" && "$TARGETS" == *herald* && "$TARGETS" == *nchan* && "$SCENARIOS" == "1,2,3,4,5" ]]; then
  prop() { grep -m1 "^$2=" "$OUT/$1.properties" | cut -d= -f2-; }
  {
    echo "# Benchmarks: Herald vs nginx + nchan"
    echo
    echo "Generated by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') (run $STAMP, exit status $RC). Every number below was printed by that run;"
    echo "raw logs were in \`bench/target/run-$STAMP/\`. Regenerate with \`bench/run.sh\` (about 10-13 minutes)."
    echo
    echo "Code measured: commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- api core web 2>/dev/null || echo ' plus uncommitted changes in api/core/web at the time of the run')."
    echo
    echo "## Machine"
    echo
    echo "- $(nproc) cores: $(lscpu | sed -n 's/^Model name: *//p' | head -1); $(free -g | awk '/Mem:/{print $2}') GiB RAM; $(uname -sr)"
    echo "- load average when the run ended: $(cut -d' ' -f1-3 /proc/loadavg) (other engineers' builds and tests were running on the same cores)"
    echo "- open-file limit per process: soft $(ulimit -n), hard $(ulimit -Hn); load client, Herald/nginx and other work share the same 2 cores"
    echo "- $(java -version 2>&1 | sed -n 2p)"
    echo "- $(nginx -v 2>&1), libnginx-mod-nchan $(dpkg-query -W -f='${Version}' libnginx-mod-nchan 2>/dev/null)"
    echo "- Payara Micro $(grep -m1 '<payara.version>' pom.xml | sed 's/.*>\(.*\)<.*/\1/')"
    echo
    echo "## Commands"
    echo
    echo "- build: \`mvn -q -pl web -am package -DskipTests && mvn -q -pl bench package -DskipTests\` (Payara Micro is copied from Maven Central into \`bench/target/\`)"
    echo "- Herald: \`java $HERALD_JVM_FLAGS $HERALD_PROPS -jar bench/target/payara-micro.jar --deploy web/target/herald.war --contextroot / --port PORT --nocluster --prebootcommandfile $PREBOOT\` (default Herald config: replay buffer 50, keepalive 15 s)"
    echo "- nchan: \`nginx -c nginx.conf\` from \`bench/nchan.conf\` (worker_processes auto = $(nproc), loopback only, buffer 50 messages, EventSource with Last-Event-ID, long-poll)"
    echo "- load: \`java $BENCH_JVM_FLAGS -jar bench/target/herald-bench.jar run --target herald|nchan --port PORT --server-pid PID [--jvm]\` (2 selector threads, non-blocking sockets, <= 500 handshakes in flight; payload \`seq,publishNanoTime,step\`, latency = receipt nanoTime - publish nanoTime in the same JVM)"
    echo
    echo "## Scenarios"
    echo
    echo "1. idle: 10,000 SSE subscribers on one topic held 30 s; memory growth over the baseline before connecting, divided by subscribers held (RSS from /proc, nginx = master + workers; heap = \`jcmd GC.run\` then \`GC.heap_info\` used)."
    echo "2. burst: 10,000 subscribers, 20 publishes, each one after every subscriber got the previous one; per-delivery latency, latency to the last receiver per event; deliveries/s = deliveries / summed time an event was in flight."
    echo "3. sustained: 1,000 subscribers, 4 publisher connections, 5 s steps of 5..6400 publishes/s, stopped when deliveries/s grew < 5 % or p99 > 1 s; best deliveries/s with p99 <= 1 s. Steps as rate:achieved publishes/s/deliveries/s/p99 ms — Herald: \`$(prop herald s3.steps)\`; nchan: \`$(prop nchan s3.steps)\`."
    echo "4. long-poll: 10,000 pollers waiting, 5 rounds of one publish; a poller re-polls after each answer (Herald \`?since=id\`, nchan If-Modified-Since/If-None-Match)."
    echo "5. reconnect storm: 5,000 subscribers; publishing 5/s; at 5 s every subscriber drops its connection (RST) and reconnects with Last-Event-ID; publishing goes on >= 5 s after all are back; every subscriber must have every event."
    echo
    echo "Server CPU = user+system seconds of the server process tree (/proc/PID/stat) over the phase, divided by deliveries (or connections): less sensitive to other load on the box than latencies."
    echo
    echo "## Results"
    echo
    echo "$TABLE"
    echo
    echo "Errors by kind — Herald: s1 \`$(prop herald s1.errors)\`, s2 \`$(prop herald s2.error_kinds)\`, s3 \`$(prop herald s3.error_kinds)\`, s4 \`$(prop herald s4.error_kinds)\`, s5 \`$(prop herald s5.error_kinds)\`; nchan: s2 \`$(prop nchan s2.error_kinds)\`, s3 \`$(prop nchan s3.error_kinds)\`, s4 \`$(prop nchan s4.error_kinds)\`, s5 \`$(prop nchan s5.error_kinds)\`."
    echo
    echo "Profiling findings and proposed changes: \`bench/PROFILE.md\` (made with \`bench/profile.sh\`)."
    echo
    echo "Herald memory: heap after GC $(prop herald s1.heap_base_kib) KiB before, $(prop herald s1.heap_kib) KiB with $(prop herald s1.connected) idle subscribers; RSS $(prop herald s1.rss_base_kib) -> $(prop herald s1.rss_kib) KiB. nchan RSS $(prop nchan s1.rss_base_kib) -> $(prop nchan s1.rss_kib) KiB."
  } > "$ROOT/BENCHMARKS.md"
  log "wrote BENCHMARKS.md"
fi
log "exit $RC"
exit "$RC"
