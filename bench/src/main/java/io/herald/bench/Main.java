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
        for (String s : opts.getOrDefault("scenarios", "1,2,3,4,5").split(",")) {
            bench.resetErrors();
            switch (s.trim()) {
                case "0" -> warmUp();
                case "1" -> idle();
                case "2" -> burst();
                case "3" -> sustained();
                case "4" -> longPoll();
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
     * tens of thousands of deliveries, which would otherwise count against whichever scenario runs
     * first (bench/cluster.sh runs scenario 3 alone on fresh nodes).
     */
    private void warmUp() throws IOException {
        int n = n("warmup-subs", 1_000);
        int events = Integer.parseInt(opts.getOrDefault("warmup-events", "300"));
        phase = "s0 warm-up";
        bench.newStats(events, 1);
        Group g = bench.open("warm-" + runId, n, true);
        awaitConnected(g, n);
        long alive = g.established.get();
        try (Publisher pub = new Publisher(bench)) {
            for (int i = 1; i <= events; i++) {
                pub.publish(g.topic, i, 0);
                sleep(10);
            }
        }
        drain(alive * events);
        log("s0 warm-up: %d deliveries of %d expected", bench.deliveries(), alive * events);
        bench.close(g);
    }

    /** 1: N idle subscribers held; memory per subscriber over baseline. */
    private void idle() throws IOException {
        int n = n("idle-subs", 10_000);
        int holdS = Integer.parseInt(opts.getOrDefault("idle-hold-s", "30"));
        phase = "s1 idle";
        bench.newStats(1, 1);
        long rss0 = rssKiB();
        long heap0 = jvm ? heapAfterGcKiB() : -1;
        log("s1 baseline: rss=%d KiB heap-after-gc=%d KiB", rss0, heap0);
        double cpu0 = cpuSeconds();
        Group g = bench.open("idle-" + runId, n, true);
        double connectS = awaitConnected(g, n);
        double connectCpu = cpuSeconds() - cpu0;
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

    /** 3: N subscribers; publish rate stepped up until deliveries/s stop growing or p99 passes 1 s. */
    private void sustained() throws Exception {
        int n = n("sustained-subs", 1_000);
        int stepS = Integer.parseInt(opts.getOrDefault("step-s", "5"));
        int publishers = Integer.parseInt(opts.getOrDefault("publishers", "4"));
        int[] rates = parseInts(opts.getOrDefault("rates", "5,10,25,50,100,200,400,800,1600,3200,6400"));
        int cap = 0;
        for (int rt : rates) {
            cap += rt * stepS + publishers;
        }
        phase = "s3 sustained connect";
        bench.newStats(cap, rates.length);
        Group g = bench.open("sust-" + runId, n, true);
        double connectS = awaitConnected(g, n);
        sleep(1000);
        long alive = g.established.get();
        AtomicLong seq = new AtomicLong();
        List<Publisher> pubs = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            pubs.add(new Publisher(bench));
        }
        Map<String, String> r = new LinkedHashMap<>();
        double cpu0 = cpuSeconds();
        double maxDps = 0;
        double best = 0;
        int bestRate = 0;
        String bestP99 = "n/a";
        double[] bestPerNode = null;
        double prev = 0;
        StringBuilder steps = new StringBuilder();
        for (int k = 0; k < rates.length; k++) {
            int rate = rates[k];
            phase = "s3 sustained " + rate + "/s";
            long before = seq.get();
            long[] nodeBefore = bench.nodeDeliveries();
            long start = System.nanoTime();
            long end = start + stepS * 1_000_000_000L;
            long interval = 1_000_000_000L / rate;
            List<Thread> ts = new ArrayList<>();
            final int step = k;
            for (int j = 0; j < publishers; j++) {
                final int jj = j;
                final Publisher p = pubs.get(j);
                Thread t = new Thread(() -> {
                    for (long i = 0;; i++) {
                        long due = start + (i * publishers + jj) * interval;
                        if (due >= end) {
                            break;
                        }
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        if (System.nanoTime() >= end + 1_000_000_000L) {
                            break; // far behind: stop this step
                        }
                        long s = seq.incrementAndGet();
                        if (s >= bench.pubNanos.length) {
                            break;
                        }
                        p.publish(g.topic, s, step);
                    }
                }, "publisher-" + j);
                t.start();
                ts.add(t);
            }
            for (Thread t : ts) {
                t.join();
            }
            long pubEnd = System.nanoTime();
            long published = seq.get() - before;
            long total = Math.min(seq.get(), bench.pubNanos.length - 1);
            drain(alive * total);
            long dels = bench.stepDeliveries(k);
            long lastRecv = bench.stepLastRecv(k);
            double dur = (Math.max(lastRecv, pubEnd) - start) / 1e9;
            double dps = dels / dur;
            long[] nodeAfter = bench.nodeDeliveries();
            double[] nodeDps = new double[nodeAfter.length];
            for (int i = 0; i < nodeDps.length; i++) {
                nodeDps[i] = (nodeAfter[i] - nodeBefore[i]) / dur;
            }
            Histogram h = bench.latency(k, k);
            double pubRate = published / ((pubEnd - start) / 1e9);
            log("s3 step %d: target %d/s achieved %.0f publishes/s, %d deliveries in %.2f s = %.0f deliveries/s%s; %s",
                    k, rate, pubRate, dels, dur, dps, nodeDps.length > 1 ? " " + perNode(nodeDps) : "",
                    Report.line("latency", h));
            steps.append(String.format(Locale.ROOT, "%d:%.0f/%.0f/%s;", rate, pubRate, dps,
                    Report.ms(h.getValueAtPercentile(99))));
            boolean p99ok = h.getValueAtPercentile(99) <= 1_000_000;
            maxDps = Math.max(maxDps, dps);
            if (p99ok && dps > best) {
                best = dps;
                bestPerNode = nodeDps;
                bestRate = rate;
                bestP99 = Report.ms(h.getValueAtPercentile(99));
            }
            if (!p99ok || dps < prev * 1.05) {
                log("s3 stop: %s", !p99ok ? "p99 > 1 s" : "deliveries/s stopped growing");
                break;
            }
            prev = dps;
        }
        pubs.forEach(Publisher::close);
        double cpu = cpuSeconds() - cpu0;
        long total = Math.min(seq.get(), bench.pubNanos.length - 1);
        long[] loss = bench.loss(g, 1, total);
        r.put("s3.n", Integer.toString(n));
        r.put("s3.connected", Long.toString(alive));
        r.put("s3.connect_s", fmt(connectS));
        r.put("s3.best_deliveries_per_s", bestRate > 0 ? fmt0(best) : "none");
        r.put("s3.best_rate", bestRate > 0 ? Integer.toString(bestRate) : "none");
        r.put("s3.nodes", Integer.toString(bench.addresses.length));
        for (int i = 0; i < bench.addresses.length; i++) {
            r.put("s3.best_deliveries_per_s_node" + i, bestPerNode != null ? fmt0(bestPerNode[i]) : "none");
        }
        r.put("s3.max_deliveries_per_s", fmt0(maxDps));
        r.put("s3.server_cpu_us_per_delivery", cpuPer(cpu, bench.deliveries()));
        r.put("s3.best_p99_ms", bestP99);
        r.put("s3.steps", steps.toString());
        putLoss(r, "s3", loss);
        bench.close(g);
        finish(r);
    }

    /** 4: N long-pollers waiting; each round one publish wakes them all; they re-poll. */
    private void longPoll() throws IOException {
        int n = n("poll-subs", 10_000);
        int rounds = Integer.parseInt(opts.getOrDefault("poll-rounds", "5"));
        phase = "s4 long-poll connect";
        bench.newStats(rounds, 1);
        long heap0 = jvm ? heapAfterGcKiB() : -1;
        double cpuConnect0 = cpuSeconds();
        Group g = bench.open("lp-" + runId, n, false);
        current = g;
        long t0 = System.nanoTime();
        boolean ok = waitUntil(() -> g.waiting.get() >= n, 120_000);
        double connectS = (System.nanoTime() - t0) / 1e9;
        double connectCpu = cpuSeconds() - cpuConnect0;
        log("s4 %d/%d pollers waiting after %.2f s", g.waiting.get(), n, connectS);
        sleep(1000);
        long alive = g.established.get();
        // what a waiting poll holds in the server's heap (the JAX-RS request suspended, the wait registered)
        long heap1 = jvm ? heapAfterGcKiB() : -1;
        int waitingNow = g.waiting.get();
        double cpu0 = cpuSeconds();
        try (Publisher pub = new Publisher(bench)) {
            long base = 0;
            for (int i = 1; i <= rounds; i++) {
                phase = "s4 long-poll round " + i;
                long want = base + g.established.get();
                pub.publish(g.topic, i, 0);
                waitUntil(() -> bench.deliveries() >= want, 30_000);
                base = bench.deliveries();
                waitUntil(() -> g.waiting.get() >= g.established.get(), 15_000);
                sleep(300);
            }
            drain(alive * rounds);
            double cpu = cpuSeconds() - cpu0;
            Histogram lat = bench.latency(0, 0);
            Histogram last = bench.lastReceiver(1, rounds);
            log(Report.line("s4 wake per poller", lat));
            log(Report.line("s4 last poller per event", last));
            Map<String, String> r = new LinkedHashMap<>();
            r.put("s4.n", Integer.toString(n));
            r.put("s4.connected", Long.toString(alive));
            r.put("s4.connect_s", ok ? fmt(connectS) : "timeout");
            Report.latency(r, "s4.", lat);
            Report.latency(r, "s4.last_", last);
            r.put("s4.server_cpu_us_per_wake", cpuPer(cpu, bench.deliveries()));
            r.put("s4.server_cpu_us_per_first_poll", cpuPer(connectCpu, alive));
            if (jvm) {
                r.put("s4.heap_per_poller_kib", waitingNow > 0 && heap0 > 0 ? fmt((heap1 - heap0) / (double) waitingNow) : "n/a");
            }
            putLoss(r, "s4", bench.loss(g, 1, rounds));
            if (!ok) {
                failed = true;
            }
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

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String perNode(double[] dps) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dps.length; i++) {
            sb.append(i == 0 ? "" : ", ").append("node ").append(i).append(": ").append(fmt0(dps[i]));
        }
        return sb.append(")").toString();
    }

    private static long[] parseLongs(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
    }

    private static int[] parseInts(String s) {
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
