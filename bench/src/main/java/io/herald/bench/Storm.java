package io.herald.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Scenarios 5 and 7, the reconnect storm: N subscribers all drop (RST) and reconnect with
 * Last-Event-ID while publishing goes on at a fixed rate; nothing may be lost. Scenario 7 is the
 * same storm recorded under its own keys, meant to run first on a freshly booted server (bench/run.sh
 * boots one for it): what a node that just restarted pays when every client comes back at once.
 */
final class Storm {

    private Storm() {
    }

    static void run(Main m, String p) throws InterruptedException, IOException {
        Bench bench = m.bench;
        int n = m.n("storm-subs", 5_000);
        int rate = Integer.parseInt(m.opts.getOrDefault("storm-rate", "5"));
        int minS = Integer.parseInt(m.opts.getOrDefault("storm-s", "20"));
        int dropAtS = 5;
        int cap = rate * 120 + 10;
        m.phase = p + " storm connect";
        bench.newStats(cap, 2);
        double cpuConnect0 = m.cpuSeconds();
        Group g = bench.open("storm-" + p + "-" + m.runId, n, true);
        double connectS = m.awaitConnected(g, n);
        double connectCpu = m.cpuSeconds() - cpuConnect0;
        Main.sleep(1000);
        long alive = g.established.get();
        AtomicLong seq = new AtomicLong();
        final int[] step = {0};
        final long[] stopAt = {System.nanoTime() + 120_000_000_000L};
        Publisher pub = new Publisher(bench);
        long start = System.nanoTime();
        Thread t = new Thread(() -> {
            long interval = 1_000_000_000L / rate;
            for (long i = 0;; i++) {
                Main.parkUntil(start + i * interval);
                if (System.nanoTime() >= stopAt[0] || seq.get() + 1 >= cap) {
                    break;
                }
                pub.publish(g.topic, seq.incrementAndGet(), step[0]);
            }
        }, "storm-publisher");
        t.start();
        m.phase = p + " storm pre-drop";
        // The drop falls halfway between two publishes. At a publish, whether that event reached a
        // subscriber before its reset or had to wait for its reconnect was a race between two
        // threads of this tool, and the storm's delivery p99 followed the winner: an event that
        // every subscriber gets only once back is about 1.4 % of the storm's deliveries.
        long halfInterval = 1_000_000_000L / rate / 2;
        long dropAt = start + dropAtS * 1_000_000_000L + halfInterval;
        // the server's CPU per second while it only delivers, over the seconds before the drop: what
        // the live deliveries of the storm's seconds cost apart from the reconnects
        long steadyFrom = start + 2_000_000_000L;
        Main.parkUntil(steadyFrom);
        double steadyCpu0 = m.cpuSeconds();
        Main.parkUntil(dropAt);
        double steadyCpuPerS = (m.cpuSeconds() - steadyCpu0) / ((System.nanoTime() - steadyFrom) / 1e9);
        step[0] = 1;
        m.phase = p + " storm reconnecting";
        // read in a fraction of a millisecond (PerfData): a reading through jcmd here (a new JVM,
        // 0.13-0.14 s) delayed the drop for the JVM servers only
        JvmCounters jvm0 = m.jvmCounters();
        double cpu0 = m.cpuSeconds();
        long tDrop = System.nanoTime();
        Main.log("%s drop: every subscriber resets its connection and reconnects", p);
        dropAll(bench, g);
        boolean ok = Main.waitUntil(() -> g.established.get() >= alive, 90_000);
        double reconnectS = (System.nanoTime() - tDrop) / 1e9;
        // CPU from the drop until all are back: the closes, the reconnects with their replays and the
        // live deliveries of those seconds, per reconnected subscriber
        double stormCpu = m.cpuSeconds() - cpu0;
        JvmCounters jvm1 = m.jvmCounters();
        Main.log("%s %d/%d re-established %.2f s after the drop", p, g.established.get(), alive, reconnectS);
        long minEnd = start + minS * 1_000_000_000L;
        long afterReconnect = System.nanoTime() + 5_000_000_000L;
        stopAt[0] = Math.max(minEnd, afterReconnect);
        m.phase = p + " storm publishing";
        t.join();
        pub.close();
        long total = seq.get();
        m.phase = p + " storm drain";
        m.drain(alive * total);
        Histogram lat = bench.latency(1, 1);
        Main.log(Report.line(p + " per-delivery after drop", lat));
        Histogram reconnect = bench.merged(st -> st.reconnect);
        Histogram headToFirst = bench.merged(st -> st.headToFirstEvent);
        Main.log(Report.line(p + " reset to new head", reconnect));
        Main.log(Report.line(p + " new head to first event", headToFirst));
        long[] loss = bench.loss(g, 1, total);
        Map<String, String> r = new LinkedHashMap<>();
        r.put(p + ".n", Integer.toString(n));
        r.put(p + ".connected", Long.toString(alive));
        r.put(p + ".connect_s", Main.fmt(connectS));
        r.put(p + ".server_cpu_ms_per_connect", cpuMsPer(m, connectCpu, alive));
        r.put(p + ".reconnect_s", ok ? Main.fmt(reconnectS) : "timeout");
        r.put(p + ".server_cpu_ms_per_reconnect", cpuMsPer(m, stormCpu, alive));
        r.put(p + ".server_cpu_ms_per_reconnect_net", cpuMsPer(m, stormCpu - steadyCpuPerS * reconnectS, alive));
        if (m.jvm) {
            r.put(p + ".jit_compiles_storm", Main.compilesBetween(jvm0, jvm1));
        }
        Main.putCollections(r, p, "storm", jvm0, jvm1);
        r.put(p + ".reconnect_p50_ms", Report.ms(reconnect.getValueAtPercentile(50)));
        r.put(p + ".reconnect_p99_ms", Report.ms(reconnect.getValueAtPercentile(99)));
        r.put(p + ".head_to_first_event_p99_ms", Report.ms(headToFirst.getValueAtPercentile(99)));
        r.put(p + ".events", Long.toString(total));
        Report.latency(r, p + ".", lat);
        m.putLoss(r, p, loss);
        if (!ok) {
            m.failed = true;
        }
        bench.close(g);
        m.finish(r);
    }

    /**
     * Every subscriber of the group resets its connection (RST) and reconnects with its
     * Last-Event-ID; returns once every loop has started its drops.
     */
    static void dropAll(Bench bench, Group g) {
        bench.forEachSub(g, (l, s) -> {
            s.dropAndReconnect();
            return null;
        });
        for (Loop l : bench.loops) {
            l.call(() -> null);
        }
    }

    private static String cpuMsPer(Main m, double cpuSeconds, long count) {
        return m.serverPid > 0 && count > 0 ? String.format(java.util.Locale.ROOT, "%.3f", cpuSeconds * 1000 / count) : "n/a";
    }
}
