# Shared by bench/run.sh and bench/cluster.sh (sourced, not run): free ports, waiting for a server, starting and
# stopping Herald on Payara Micro. Expects ROOT and OUT set; HERALD_JVM_FLAGS / HERALD_PROPS may be overridden.
# The JVM flags README.md recommends for a production node (see "JVM flags"): a small heap with the serial
# collector, smaller thread stacks and code cache, freed native memory given back every 5 s; glibc limited to 2 malloc
# arenas (HERALD_ENV).
# Before 2026-11-28 the bench ran -Xms2g -Xmx2g -XX:+UseG1GC (HERALD_JVM_FLAGS=... HERALD_ENV= to compare).
HERALD_JVM_FLAGS="${HERALD_JVM_FLAGS:--Xms64m -Xmx1g -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=96m -XX:TrimNativeHeapInterval=5000}"
HERALD_ENV="${HERALD_ENV-MALLOC_ARENA_MAX=2}"
BENCH_JVM_FLAGS="${BENCH_JVM_FLAGS:--Xms1g -Xmx1g -XX:+UseParallelGC}"
# Herald config for the benchmark: dev mode (publishes carry no token); every connection comes from 127.0.0.1, so the
# per-client stream limit (default 256) is raised; the node limit too, since the previous scenario's closed streams
# are only released at their next keepalive write.
HERALD_PROPS="${HERALD_PROPS:--Dherald.auth.dev-mode=true -Dherald.limit.streams-per-client=100000 -Dherald.limit.subscribers=100000}"
JAR="$ROOT/bench/target/herald-bench.jar"
PAYARA="$ROOT/bench/target/payara-micro.jar"
WAR="${WAR:-$ROOT/web/target/herald.war}"
PREBOOT="${PREBOOT:-$ROOT/web/src/main/payara/preboot.asadmin}"

log() { printf '%s %s: %s\n' "$(date +%T)" "$(basename "$0")" "$*"; }

build_all() {
  log "building the WAR and the bench tool (tests skipped)"
  mvn -q -pl web -am package -DskipTests || { log "WAR build failed"; return 2; }
  mvn -q -pl bench package -DskipTests || { log "bench build failed"; return 2; }
}

keep_aside() { # files: each one that exists is renamed to NAME.1.log, NAME.2.log, ... (the first free)
  local f i
  for f in "$@"; do
    [[ -e "$f" ]] || continue
    i=1; while [[ -e "${f%.log}.$i.log" ]]; do i=$((i + 1)); done
    mv "$f" "${f%.log}.$i.log"
  done
}

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 10000 ))
    if ! ss -ltnH "sport = :$p" | grep -q .; then echo "$p"; return 0; fi
  done
  return 1
}

wait_http() { # url timeout_s pid
  local t0=$SECONDS
  while (( SECONDS - t0 < $2 )); do
    if curl -s -o /dev/null -m 2 "$1"; then return 0; fi
    kill -0 "$3" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

stop_pid() { # pid: TERM, up to 10 s, then KILL
  local pid=$1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

herald_command() { # port rootdir [extra -D...]: prints the java command line that runs Herald
  local port=$1 rootdir=$2; shift 2
  echo "env $HERALD_ENV java $HERALD_JVM_FLAGS $HERALD_PROPS $* -jar $PAYARA --deploy $WAR --contextroot / --port $port --nocluster --prebootcommandfile $PREBOOT --rootdir $rootdir"
}

start_herald() { # name port [extra -D...]: starts Herald in the background, waits until it answers; sets HERALD_PID
  local name=$1 port=$2; shift 2
  local logf="$OUT/$name-payara.log"
  # a second server of the same name in one run (run.sh's cold pass, then the warm one): the first one's logs are
  # kept aside, and the wait below must not find the first one's "ready" line before the new log is written
  keep_aside "$logf" "$OUT/$name-gc.log"
  # and its Payara root directory is a new one: in the first one's, Payara Micro found the WAR already deployed, loaded
  # it, then undeployed it to deploy --deploy's (a second deployment in every warm server's boot, and a SEVERE from
  # Payara's undeployment of a servlet whose HK2 locator it had already shut down)
  rm -rf "$OUT/$name-payara-root"
  # shellcheck disable=SC2046
  # GC pauses are logged beside the server's log, to tell a pause from the server's own latency
  $(herald_command "$port" "$OUT/$name-payara-root" "-Xlog:gc:file=$OUT/$name-gc.log" "$@") > "$logf" 2>&1 &
  HERALD_PID=$!
  local t0=$SECONDS
  until grep -q 'ready in' "$logf" 2>/dev/null || (( SECONDS - t0 > 300 )) || ! kill -0 "$HERALD_PID" 2>/dev/null; do sleep 0.5; done
  if ! wait_http "http://127.0.0.1:$port/topics/bench-ready" 30 "$HERALD_PID"; then
    log "Herald ($name) did not come up; see $logf"; tail -30 "$logf"; stop_pid "$HERALD_PID"; return 1
  fi
  log "Herald ($name) ready on port $port after $((SECONDS - t0)) s (pid $HERALD_PID)"
}

# ---------------------------------------------------------------- Herald on WildFly (run.sh's wildfly target)
WILDFLY_VERSION="$(sed -n 's:.*<wildfly.version>\(.*\)</wildfly.version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
WILDFLY_HOME="${WILDFLY_HOME:-$ROOT/bench/target/wildfly/wildfly-$WILDFLY_VERSION}"

free_offset() { # a jboss.socket.binding.port-offset that puts every default WildFly port on a free one
  local o p busy
  for _ in $(seq 1 200); do
    o=$(( 11000 + RANDOM % 15000 )); busy=0
    for p in 8080 8443 8009 9990 9993 4712 4713; do
      if ss -ltnH "sport = :$((p + o))" | grep -q .; then busy=1; break; fi
    done
    if (( busy == 0 )); then echo "$o"; return 0; fi
  done
  return 1
}

wildfly_command() { # offset basedir: prints the command that runs Herald on WildFly (env: see start_wildfly)
  echo "$WILDFLY_HOME/bin/standalone.sh -c standalone-microprofile.xml -Djboss.server.base.dir=$2 -Djboss.socket.binding.port-offset=$1 $HERALD_PROPS"
}

start_wildfly() { # name offset: starts Herald on WildFly (HTTP on 8080+offset), waits until it answers; sets
  # WILDFLY_PID (the launch script, which passes SIGTERM on) and HERALD_PID (the server JVM, for CPU and heap)
  local name=$1 offset=$2 base="$OUT/$1-wildfly-base" logf="$OUT/$1-wildfly.log"
  keep_aside "$logf" "$OUT/$name-gc.log"
  # a fresh copy of standalone/ per run (its own deployments, data and logs); the unchanged WAR as ROOT.war
  rm -rf "$base"; mkdir -p "$base"
  cp -r "$WILDFLY_HOME/standalone/configuration" "$WILDFLY_HOME/standalone/deployments" "$base/"
  cp "$WAR" "$base/deployments/ROOT.war"
  # JBOSS_JAVA_SIZING carries the JVM flags (heap, GC) and keeps WildFly's other defaults in JAVA_OPTS
  # shellcheck disable=SC2046
  env $HERALD_ENV LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_JAVA_SIZING="$HERALD_JVM_FLAGS -Xlog:gc:file=$OUT/$name-gc.log" \
    bash $(wildfly_command "$offset" "$base") > "$logf" 2>&1 &
  WILDFLY_PID=$!
  local t0=$SECONDS port=$((8080 + offset))
  until grep -q 'WFLYSRV0025\|WFLYSRV0026' "$logf" 2>/dev/null || (( SECONDS - t0 > 300 )) || ! kill -0 "$WILDFLY_PID" 2>/dev/null; do sleep 0.5; done
  HERALD_PID="$(pgrep -P "$WILDFLY_PID" java | head -1)"
  if grep -q 'WFLYSRV0026\|WFLYCTL0013' "$logf" || [[ -z "$HERALD_PID" ]] \
      || ! wait_http "http://127.0.0.1:$port/topics/bench-ready" 30 "$WILDFLY_PID"; then
    log "Herald on WildFly ($name) did not come up; see $logf"; tail -30 "$logf"; stop_pid "$WILDFLY_PID"; return 1
  fi
  log "Herald on WildFly ($name) ready on port $port after $((SECONDS - t0)) s (script pid $WILDFLY_PID, JVM pid $HERALD_PID)"
}
