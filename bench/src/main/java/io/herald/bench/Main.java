package io.herald.bench;

import java.io.FileReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * herald-bench: {@code run --target herald|wildfly|nchan --port P[,P2...] [--server-pid PID[,PID2...]] [--jvm]
 * [--scenarios 0,1,2,3,4,5,6,7] [--scale 1.0] [--results FILE]} or {@code report HERALD_RESULTS NCHAN_RESULTS [WILDFLY_RESULTS]}.
 * With several ports (nodes sharing one event sequence), publishes go to the first and subscribers are split evenly;
 * server memory and CPU are summed over the given pids.
 */
public final class Main {
    final Map<String, String> opts;
    final Bench bench;
    private final long[] serverPids;
    /** Non-zero when the server's process is known: CPU and memory are then measured. */
    final long serverPid;
    final boolean jvm;
    private final double scale;
    private final Path results;
    final String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    volatile String phase = "start";
    volatile Group current;
    private long lostTotal;
    boolean failed;

    private Main(Map<String, String> opts) throws IOException {
        this.opts = opts;
        Target target = Target.valueOf(opts.getOrDefault("target", "herald").toUpperCase(Locale.ROOT));
        this.bench = new Bench(target, opts.getOrDefault("host", "127.0.0.1"), parseInts(opts.get("port")),
                Integer.parseInt(opts.getOrDefault("loops", "2")), Integer.parseInt(opts.getOrDefault("max-inflight", "500")));
        this.serverPids = parseLongs(opts.getOrDefault("server-pid", "0"));
        this.serverPid = serverPids[0];
        this.jvm = opts.containsKey("jvm");
        this.scale = Double.parseDouble(opts.getOrDefault("scale", "1"));
        this.results = opts.containsKey("results") ? Path.of(opts.get("results")) : null;
        if (!"127.0.0.1".equals(bench.address.getHostString()) && !"localhost".equals(bench.address.getHostString())) {
            throw new IllegalArgumentException("load only ever targets 127.0.0.1");
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("report")) {
            Properties h = load(args[1]);
            Properties n = load(args[2]);
            System.out.print(args.length > 3 ? Report.table(h, n, load(args[3])) : Report.table(h, n));
            return;
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = args[0].equals("run") ? 1 : 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected " + a);
            }
            String k = a.substring(2);
            if (k.equals("jvm")) {
                opts.put(k, "true");
            } else {
                opts.put(k, args[++i]);
            }
        }
        Main m = new Main(opts);
        int rc = m.runAll();
        System.exit(rc);
    }

    private static Properties load(String file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(Path.of(file))) {
            try (Reader r = new FileReader(file)) {
                p.load(r);
            }
        }
        return p;
    }

    int n(String key, int dflt) {
        int base = Integer.parseInt(opts.getOrDefault(key, Integer.toString(dflt)));
        return Math.max(1, (int) Math.round(base * scale));
    }

    private int runAll() throws Exception {
        Thread progress = new Thread(this::progressLoop, "bench-progress");
        progress.setDaemon(true);
        progress.start();
        log("target=%s nodes=%s loops=%d server-pids=%s jvm=%s scale=%s", bench.target, Arrays.toString(bench.addresses),
                bench.loops.length, Arrays.toString(serverPids), jvm, scale);
        long socketsBefore = -1;
        for (String s : opts.getOrDefault("scenarios", "1,2,3,4,5").split(",")) {
            if (socketsBefore < 0) {
                socketsBefore = sumOverServers(ServerProbe::sockets);
            } else {
                awaitConnectionsReleased(socketsBefore);
            }
            bench.resetErrors();
            switch (s.trim()) {
                case "0" -> warmUp();
                case "1" -> idle();
                case "2" -> burst();
                case "3" -> SustainedRate.run(this);
                case "4" -> LongPollRounds.run(this);
                case "5" -> Storm.run(this, "s5");
                case "6" -> FixedRateBurst.run(this);
                case "7" -> Storm.run(this, "s7");
                default -> throw new IllegalArgumentException("scenario " + s);
            }
        }
        bench.close();
        log("done: lost=%d%s", lostTotal, failed ? " FAILED" : "");
        return lostTotal > 0 || failed ? 1 : 0;
    }

    // ---------------------------------------------------------------- scenarios

    /**
     * 0: warm-up, nothing recorded: a fresh server JVM compiles its hot paths during the first
     * tens of thousands of requests and deliveries, which would otherwise count against whichever
     * scenario runs first (bench/cluster.sh runs scenario 3 alone on fresh nodes). Each kind of
     * work the scenarios measure is done here: stream connects (a few rounds of them, since one
     * connect runs a path once, where one publish runs the delivery path per subscriber),
     * deliveries, reconnects with Last-Event-ID after a reset, and long-poll rounds. Each pass is followed by a wait for the server to settle
     * ({@link #settle()}). Passes repeat until one leaves the JIT compiler with little to do
     * ({@link #WARM_UP_SETTLED_COMPILES}); a server whose compiles cannot be read gets
     * {@link #MIN_WARM_UP_PASSES}. Scenario 7 measures a server that had none of this.
     */
    private void warmUp() throws IOException {
        int maxPasses = Integer.parseInt(opts.getOrDefault("warmup-max-passes", "8"));
        long compiles = jitCompiles();
        for (warmUpPass = 1; warmUpPass <= maxPasses; warmUpPass++) {
            warmUpStreams();
            warmUpReconnects();
            warmUpPolls();
            settle();
            long now = jitCompiles();
            long passCompiles = compiles >= 0 && now >= 0 ? now - compiles : -1;
            compiles = now;
            log("s0 warm-up pass %d: %s JIT compiles in the server", warmUpPass, passCompiles >= 0 ? passCompiles : "unknown");
            if (warmUpPass >= MIN_WARM_UP_PASSES && passCompiles <= WARM_UP_SETTLED_COMPILES) {
                break;
            }
        }
    }

    /**
     * Two passes at least: HotSpot raises its tier-4 thresholds while its C2 queue is long (one C2
     * thread on a 2-core box, still working through Payara's start-up), so the first pass leaves
     * the request paths half compiled.
     */
    private static final int MIN_WARM_UP_PASSES = 2;

    /**
     * A pass that made no more JIT compiles than this ends the warm-up. More passes are needed
     * because C2 compiles a method with a trap for each branch its profile never saw taken; the
     * first time a later pass takes one (a client's close, say), the method and every compiled
     * caller that inlined it fall back to profiling code and are compiled again, a pass later.
     * Counted with {@code -XX:+PrintCompilation}, that was hundreds of compiles inside scenarios 1
     * and 4 after two passes (bench/PROFILE.md).
     */
    private static final long WARM_UP_SETTLED_COMPILES = 100;

    /** JIT compiles the server JVMs have made so far; -1 if any is unknown (not a JVM, or jcmd failed). */
    long jitCompiles() {
        JvmCounters c = jvmCounters();
        return c == null ? -1 : c.compiles();
    }

    /** Compiles since {@code before} as a result value, "n/a" if unknown. */
    String compilesSince(long before) {
        long now = jitCompiles();
        return before >= 0 && now >= 0 ? Long.toString(now - before) : "n/a";
    }

    /** The server JVMs' compiler and collector totals, summed; null if any is unknown or the servers are no JVMs. */
    JvmCounters jvmCounters() {
        if (!jvm) {
            return null;
        }
        JvmCounters sum = new JvmCounters(0, 0, 0, 0);
        for (long pid : serverPids) {
            JvmCounters c = ServerProbe.jvmCounters(pid);
            if (c == null) {
                return null;
            }
            sum = sum.plus(c);
        }
        return sum;
    }

    /** JIT compiles between two readings as a result value, "n/a" if either is unknown. */
    static String compilesBetween(JvmCounters before, JvmCounters after) {
        return before != null && after != null ? Long.toString(after.since(before).compiles()) : "n/a";
    }

    /**
     * The collections between two readings as results {@code PREFIX.gc_pause_ms_WHAT} and
     * {@code PREFIX.full_gcs_WHAT}; nothing if either is unknown. A stop-the-world pause holds
     * every stream, so a storm or a round that a full collection fell in is read beside it.
     */
    static void putCollections(Map<String, String> r, String prefix, String what, JvmCounters before, JvmCounters after) {
        if (before == null || after == null) {
            return;
        }
        JvmCounters d = after.since(before);
        r.put(prefix + ".gc_pause_ms_" + what, String.format(Locale.ROOT, "%.1f", d.pauseMs()));
        r.put(prefix + ".full_gcs_" + what, Long.toString(d.fullCollections()));
    }

    /**
     * Publishes events {@code after + 1} to {@code after + count} from as many connections at once as
     * the sustained scenario uses, each
     * as fast as its publishes are answered: the sustained scenario's concurrent publishes and the
     * subscribers' deep mailboxes, which the paced publishes before do not reach. Without them the
     * server's JIT compiler was still busy at the sustained ladder's top steps (bench/PROFILE.md).
     */
    private void rushPublishes(String topic, int after, int count) {
        AtomicLong next = new AtomicLong(after);
        List<Thread> publishers = new ArrayList<>();
        for (int j = 0; j < publisherConnections(); j++) {
            Thread t = new Thread(() -> {
                try (Publisher pub = new Publisher(bench)) {
                    for (long s = next.incrementAndGet(); s <= after + count; s = next.incrementAndGet()) {
                        pub.publish(topic, s, 0);
                    }
                }
            }, "warm-up-publisher-" + j);
            t.start();
            publishers.add(t);
        }
        for (Thread t : publishers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** How many connections the sustained scenario publishes from (option {@code --publishers}), and the warm-up's rush. */
    int publisherConnections() {
        return Integer.parseInt(opts.getOrDefault("publishers", "4"));
    }

    /** Which warm-up pass runs: part of its topics' names, so that the second pass starts on fresh topics. */
    private int warmUpPass;

    private void warmUpStreams() throws IOException {
        int n = n("warmup-subs", 1_000);
        int events = Integer.parseInt(opts.getOrDefault("warmup-events", "300"));
        int connectRounds = Integer.parseInt(opts.getOrDefault("warmup-connect-rounds", "5"));
        phase = "s0 warm-up connects";
        // the last round of connects is the group below, which then takes the publishes
        for (int round = 1; round < connectRounds; round++) {
            Group g = bench.open("warm" + warmUpPass + "-connect" + round + "-" + runId, n, true);
            awaitConnected(g, n);
            bench.close(g);
        }
        int rush = Integer.parseInt(opts.getOrDefault("warmup-rush-events", "2000"));
        phase = "s0 warm-up";
        bench.newStats(events + rush, 1);
        Group g = bench.open("warm" + warmUpPass + "-" + runId, n, true);
        awaitConnected(g, n);
        long alive = g.established.get();
        try (Publisher pub = new Publisher(bench)) {
            for (int i = 1; i <= events; i++) {
                pub.publish(g.topic, i, 0);
                sleep(10);
            }
        }
        rushPublishes(g.topic, events, rush);
        drain(alive * (events + rush));
        log("s0 warm-up: %d connect rounds; %d deliveries of %d expected", connectRounds, bench.deliveries(), alive * (events + rush));
        bench.close(g);
    }

    /**
     * The reconnect part of the warm-up: a small storm, round after round. Every subscriber resets
     * its connection and comes back with its Last-Event-ID while publishes go on, as in scenario 5,
     * so that the server has compiled the paths of a reset connection and of a replay (without
     * this, the JIT compiler took a core during scenario 5's reconnects; bench/PROFILE.md).
     */
    private void warmUpReconnects() throws IOException {
        int n = n("warmup-reconnect-subs", 1_000);
        int rounds = Integer.parseInt(opts.getOrDefault("warmup-reconnect-rounds", "5"));
        int eventsPerRound = 10;
        phase = "s0 warm-up reconnects";
        bench.newStats(rounds * eventsPerRound, 1);
        Group g = bench.open("warm" + warmUpPass + "-storm-" + runId, n, true);
        awaitConnected(g, n);
        long alive = g.established.get();
        long seq = 0;
        try (Publisher pub = new Publisher(bench)) {
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < eventsPerRound; i++) {
                    if (i == eventsPerRound / 2) {
                        Storm.dropAll(bench, g); // the rest of the round's events are published while they come back
                    }
                    pub.publish(g.topic, ++seq, 0);
                    sleep(20);
                }
                waitUntil(() -> g.established.get() >= alive, 30_000);
            }
        }
        drain(alive * seq);
        log("s0 warm-up: %d reconnect rounds of %d subscribers; %d deliveries of %d expected", rounds, alive,
                bench.deliveries(), alive * seq);
        bench.close(g);
    }

    /**
     * Waits until the server is idle after a warm-up pass, so that the compiles the pass queued
     * are done before the next pass or a scenario starts. Idle: under 5 % of one core over a
     * second; at most 60 s.
     */
    private void settle() {
        phase = "s0 settle";
        long t0 = System.nanoTime();
        double last = cpuSeconds();
        double busy;
        do {
            sleep(1000);
            double now = cpuSeconds();
            busy = now - last;
            last = now;
        } while (busy >= 0.05 && System.nanoTime() - t0 < 60_000_000_000L);
        log("s0 warm-up pass %d: server idle after %.1f s (%.0f ms CPU in the last second)", warmUpPass,
                (System.nanoTime() - t0) / 1e9, busy * 1000);
    }

    /** The long-poll part of the warm-up: pollers woken round after round, as in scenario 4. */
    private void warmUpPolls() throws IOException {
        int n = n("warmup-pollers", 1_000);
        int rounds = Integer.parseInt(opts.getOrDefault("warmup-poll-rounds", "20"));
        phase = "s0 warm-up long-poll";
        bench.newStats(rounds, 1);
        Group g = bench.open("warm" + warmUpPass + "-lp-" + runId, n, false);
        current = g;
        waitUntil(() -> g.waiting.get() >= n, 60_000);
        try (Publisher pub = new Publisher(bench)) {
            long base = 0;
            for (int i = 1; i <= rounds; i++) {
                long want = base + g.established.get();
                pub.publish(g.topic, i, 0);
                waitUntil(() -> bench.deliveries() >= want, 30_000);
                base = bench.deliveries();
                waitUntil(() -> g.waiting.get() >= g.established.get(), 15_000);
            }
        }
        log("s0 warm-up: %d long-poll rounds; %d wakes of %d pollers", rounds, bench.deliveries(), n);
        bench.close(g);
    }

    /** 1: N idle subscribers held; memory per subscriber over baseline. */
    private void idle() throws IOException {
        int n = n("idle-subs", 10_000);
        int holdS = Integer.parseInt(opts.getOrDefault("idle-hold-s", "30"));
        phase = "s1 idle";
        bench.newStats(1, 1);
        long rss0 = rssKiB();
        long heap0 = jvm ? settledHeapAfterGcKiB() : -1;
        log("s1 baseline: rss=%d KiB heap-after-gc=%d KiB", rss0, heap0);
        long compiles0 = jitCompiles(); // read before the CPU, so that jcmd's own work is not counted
        double cpu0 = cpuSeconds();
        Group g = bench.open("idle-" + runId, n, true);
        double connectS = awaitConnected(g, n);
        double connectCpu = cpuSeconds() - cpu0;
        String connectCompiles = compilesSince(compiles0);
        phase = "s1 idle hold";
        sleep(holdS * 1000L);
        long rss1 = rssKiB();
        long heap1 = jvm ? heapAfterGcKiB() : -1;
        int held = g.established.get();
        log("s1 after %d s: held=%d rss=%d KiB heap-after-gc=%d KiB", holdS, held, rss1, heap1);
        Map<String, String> r = new LinkedHashMap<>();
        r.put("s1.n", Integer.toString(n));
        r.put("s1.connected", Integer.toString(held));
        r.put("s1.connect_s", fmt(connectS));
        r.put("s1.server_cpu_ms_per_connect", serverPid > 0 && g.established.get() > 0
                ? String.format(Locale.ROOT, "%.3f", connectCpu * 1000 / g.established.get()) : "n/a");
        if (jvm) {
            r.put("s1.jit_compiles_connecting", connectCompiles);
        }
        r.put("s1.rss_base_kib", Long.toString(rss0));
        r.put("s1.rss_kib", Long.toString(rss1));
        r.put("s1.rss_per_sub_kib", held > 0 && rss0 > 0 ? fmt((rss1 - rss0) / (double) held) : "n/a");
        r.put("s1.rss_mib", rss1 > 0 ? fmt(rss1 / 1024.0) : "n/a");
        if (jvm) {
            r.put("s1.heap_base_kib", Long.toString(heap0));
            r.put("s1.heap_kib", Long.toString(heap1));
            r.put("s1.heap_per_sub_kib", held > 0 && heap0 > 0 ? fmt((heap1 - heap0) / (double) held) : "n/a");
        }
        r.put("s1.errors", Long.toString(bench.errorCount()));
        if (held < n) {
            failed = true;
        }
        bench.close(g);
        finish(r);
    }

    /** 2: N subscribers on one topic, events published one at a time; per-delivery and last-receiver latency. */
    private void burst() throws IOException {
        int n = n("burst-subs", 10_000);
        int events = Integer.parseInt(opts.getOrDefault("burst-events", "20"));
        phase = "s2 burst connect";
        bench.newStats(events, 1);
        Group g = bench.open("burst-" + runId, n, true);
        double connectS = awaitConnected(g, n);
        sleep(1000);
        phase = "s2 burst publish";
        long alive = g.established.get();
        double cpu0 = cpuSeconds();
        try (Publisher pub = new Publisher(bench)) {
            for (int i = 1; i <= events; i++) {
                pub.publish(g.topic, i, 0);
                long want = alive * i;
                waitUntil(() -> bench.deliveries() >= want, 10_000);
                sleep(20);
            }
            drain(alive * events);
            double cpu = cpuSeconds() - cpu0;
            Histogram lat = bench.latency(0, 0);
            Histogram last = bench.lastReceiver(1, events);
            long[] loss = bench.loss(g, 1, events);
            log(Report.line("s2 per-delivery", lat));
            log(Report.line("s2 last receiver per event", last));
            log(Report.line("s2 POST response", pub.responseUs));
            double inFlightS = 0;
            for (var it = last.recordedValues().iterator(); it.hasNext();) {
                var v = it.next();
                inFlightS += v.getValueIteratedTo() * v.getCountAtValueIteratedTo() / 1e6;
            }
            Map<String, String> r = new LinkedHashMap<>();
            r.put("s2.n", Integer.toString(n));
            r.put("s2.connected", Long.toString(alive));
            r.put("s2.connect_s", fmt(connectS));
            Report.latency(r, "s2.", lat);
            Report.latency(r, "s2.last_", last);
            r.put("s2.fanout_deliveries_per_s", inFlightS > 0 ? fmt0(bench.deliveries() / inFlightS) : "n/a");
            r.put("s2.publish_p50_ms", Report.ms(pub.responseUs.getValueAtPercentile(50)));
            r.put("s2.server_cpu_us_per_delivery", cpuPer(cpu, bench.deliveries()));
            putLoss(r, "s2", loss);
            bench.close(g);
            finish(r);
        }
    }



    // ---------------------------------------------------------------- helpers

    long rssKiB() {
        return sumOverServers(ServerProbe::rssKiB);
    }

    long heapAfterGcKiB() {
        return sumOverServers(ServerProbe::heapAfterGcKiB);
    }

    /**
     * The heap after GC once it stops falling, for a baseline: a server may still be letting go of
     * the previous scenario's connections (closed by the client, noticed and released a moment
     * later), and a baseline taken before that made a per-client figure negative. Readings a
     * second apart until one is no lower than the last by more than 1 MiB; at most 15.
     */
    long settledHeapAfterGcKiB() {
        long last = heapAfterGcKiB();
        for (int i = 0; i < 15 && last >= 0; i++) {
            sleep(1000);
            long now = heapAfterGcKiB();
            if (now < 0 || now > last - 1024) {
                return now < 0 ? now : Math.min(now, last);
            }
            last = now;
        }
        return last;
    }

    /**
     * Waits, up to {@value #RELEASE_WAIT_S} s, until the servers hold about as many sockets as before
     * the first scenario: a server that finds a closed stream only at its next keepalive (the
     * portable path, WildFly) still holds the last scenario's connections for a while, and the next
     * scenario's then met its open-files limit (accepts failed for 20 s, and subscribers that got
     * in late missed events).
     */
    private void awaitConnectionsReleased(long before) {
        if (before < 0) {
            return;
        }
        long t0 = System.nanoTime();
        long now = sumOverServers(ServerProbe::sockets);
        while (now > before + SOCKETS_LEFT_OVER && System.nanoTime() - t0 < RELEASE_WAIT_S * 1_000_000_000L) {
            sleep(500);
            now = sumOverServers(ServerProbe::sockets);
        }
        double waited = (System.nanoTime() - t0) / 1e9;
        if (now > before + SOCKETS_LEFT_OVER) {
            log("the servers still hold %d sockets (%d before the first scenario) after %.0f s; going on", now, before, waited);
        } else if (waited >= 1) {
            log("waited %.1f s for the servers to release the last scenario's connections (%d sockets)", waited, now);
        }
    }

    /** Sockets a server may hold beyond its count before the first scenario (the load tool's publishers, pools). */
    private static final long SOCKETS_LEFT_OVER = 200;
    private static final long RELEASE_WAIT_S = 120;

    /** A memory probe summed over the server processes; -1 if any is unknown. */
    private long sumOverServers(java.util.function.LongUnaryOperator probe) {
        long sum = 0;
        for (long pid : serverPids) {
            long v = probe.applyAsLong(pid);
            if (v < 0) {
                return -1;
            }
            sum += v;
        }
        return sum;
    }

    double cpuSeconds() {
        double sum = 0;
        for (long pid : serverPids) {
            sum += ServerProbe.cpuSeconds(pid);
        }
        return sum;
    }

    double awaitConnected(Group g, int n) {
        current = g;
        long t0 = System.nanoTime();
        int[] last = {-1};
        long[] lastChange = {t0};
        waitUntil(() -> {
            int e = g.established.get();
            long now = System.nanoTime();
            if (e != last[0]) {
                last[0] = e;
                lastChange[0] = now;
            }
            return e >= n || now - lastChange[0] > 20_000_000_000L;
        }, 180_000);
        double s = (System.nanoTime() - t0) / 1e9;
        log("%s: %d/%d connected in %.2f s (errors %s)", phase, g.established.get(), n, s, bench.errorSummary());
        return s;
    }

    void drain(long expected) {
        long[] last = {-1};
        long[] lastChange = {System.nanoTime()};
        waitUntil(() -> {
            long d = bench.deliveries();
            long now = System.nanoTime();
            if (d != last[0]) {
                last[0] = d;
                lastChange[0] = now;
            }
            return d >= expected || now - lastChange[0] > 3_000_000_000L;
        }, 30_000);
        sleep(200);
    }

    void putLoss(Map<String, String> r, String p, long[] loss) {
        r.put(p + ".lost", Long.toString(loss[0]));
        r.put(p + ".duplicates", Long.toString(loss[1]));
        r.put(p + ".gaps_observed", Long.toString(loss[2]));
        r.put(p + ".out_of_order", Long.toString(loss[3]));
        r.put(p + ".checked_subscribers", Long.toString(loss[4]));
        r.put(p + ".incomplete_subscribers", Long.toString(loss[5]));
        r.put(p + ".errors", Long.toString(bench.errorCount()));
        r.put(p + ".error_kinds", bench.errorSummary());
        r.put(p + ".unparsed_events", Long.toString(bench.other.sum()));
        r.put(p + ".reset_events", Long.toString(bench.resets.sum()));
        lostTotal += loss[0];
    }

    void finish(Map<String, String> r) throws IOException {
        current = null;
        StringBuilder sb = new StringBuilder();
        r.forEach((k, v) -> {
            sb.append(k).append('=').append(v).append('\n');
            System.out.println("RESULT " + k + "=" + v);
        });
        if (results != null) {
            Files.writeString(results, sb.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private void progressLoop() {
        long lastD = 0;
        long lastT = System.nanoTime();
        while (true) {
            sleep(2000);
            Group g = current;
            long d = 0;
            try {
                d = bench.deliveries();
            } catch (RuntimeException e) {
                // stats being swapped
            }
            long now = System.nanoTime();
            double rate = (d - lastD) / ((now - lastT) / 1e9);
            lastD = d;
            lastT = now;
            log("[%s] established=%s waiting=%s deliveries=%d (%.0f/s) errors=%d", phase,
                    g == null ? "-" : g.established.get(), g == null ? "-" : g.waiting.get(), d, Math.max(0, rate),
                    bench.errorCount());
        }
    }

    static boolean waitUntil(BooleanSupplier cond, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return true;
            }
            LockSupport.parkNanos(200_000);
        }
        return cond.getAsBoolean();
    }

    /** Parks until System.nanoTime() reaches {@code nanoTime}; a park that wakes early parks again. */
    static void parkUntil(long nanoTime) {
        for (long wait; (wait = nanoTime - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(wait);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String perNode(double[] dps) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dps.length; i++) {
            sb.append(i == 0 ? "" : ", ").append("node ").append(i).append(": ").append(fmt0(dps[i]));
        }
        return sb.append(")").toString();
    }

    private static long[] parseLongs(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
    }

    static int[] parseInts(String s) {
        String[] p = s.split(",");
        int[] r = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            r[i] = Integer.parseInt(p[i].trim());
        }
        return r;
    }

    String cpuPer(double cpuSeconds, long count) {
        return serverPid > 0 && count > 0 ? String.format(Locale.ROOT, "%.1f", cpuSeconds * 1e6 / count) : "n/a";
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    static String fmt0(double d) {
        return String.format(Locale.ROOT, "%.0f", d);
    }

    static void log(String fmt, Object... args) {
        System.out.printf(Locale.ROOT, "%tT " + fmt + "%n", prepend(System.currentTimeMillis(), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] a = new Object[rest.length + 1];
        a[0] = first;
        System.arraycopy(rest, 0, a, 1, rest.length);
        return a;
    }
}
