package io.herald.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Scenario 4, long-poll: N pollers waiting on one topic; each round one publish wakes them all and
 * they poll again on the same keep-alive connection. Reports the wake latency, CPU per wake and per
 * first poll, and the heap a waiting poll holds.
 */
final class LongPollRounds {

    private LongPollRounds() {
    }

    static void run(Main m) throws IOException {
        int n = m.n("poll-subs", 10_000);
        int rounds = Integer.parseInt(m.opts.getOrDefault("poll-rounds", "5"));
        m.phase = "s4 long-poll connect";
        m.bench.newStats(rounds, 1);
        long heap0 = m.jvm ? m.settledHeapAfterGcKiB() : -1;
        long compilesConnect0 = m.jitCompiles(); // read before the CPU, so that jcmd's own work is not counted
        double cpuConnect0 = m.cpuSeconds();
        Group g = m.bench.open("lp-" + m.runId, n, false);
        m.current = g;
        long t0 = System.nanoTime();
        boolean ok = Main.waitUntil(() -> g.waiting.get() >= n, 120_000);
        double connectS = (System.nanoTime() - t0) / 1e9;
        double connectCpu = m.cpuSeconds() - cpuConnect0;
        String connectCompiles = m.compilesSince(compilesConnect0);
        Main.log("s4 %d/%d pollers waiting after %.2f s", g.waiting.get(), n, connectS);
        Main.sleep(1000);
        long alive = g.established.get();
        // what a waiting poll holds in the server's heap (the JAX-RS request suspended, the wait registered)
        long heap1 = m.jvm ? m.heapAfterGcKiB() : -1;
        int waitingNow = g.waiting.get();
        JvmCounters jvm0 = m.jvmCounters();
        // the rounds are measured from here to the "rounds end" line (bench/syscalls.sh counts between them)
        Main.log("s4 rounds begin: %d pollers waiting", waitingNow);
        double cpu0 = m.cpuSeconds();
        try (Publisher pub = new Publisher(m.bench)) {
            long base = 0;
            for (int i = 1; i <= rounds; i++) {
                m.phase = "s4 long-poll round " + i;
                long want = base + g.established.get();
                pub.publish(g.topic, i, 0);
                Main.waitUntil(() -> m.bench.deliveries() >= want, 30_000);
                base = m.bench.deliveries();
                Main.waitUntil(() -> g.waiting.get() >= g.established.get(), 15_000);
                Main.sleep(300);
            }
            m.drain(alive * rounds);
            double cpu = m.cpuSeconds() - cpu0;
            Main.log("s4 rounds end: %d wakes", m.bench.deliveries());
            JvmCounters jvm1 = m.jvmCounters();
            Histogram lat = m.bench.latency(0, 0);
            Histogram last = m.bench.lastReceiver(1, rounds);
            Main.log(Report.line("s4 wake per poller", lat));
            Main.log(Report.line("s4 last poller per event", last));
            Map<String, String> r = new LinkedHashMap<>();
            r.put("s4.n", Integer.toString(n));
            r.put("s4.connected", Long.toString(alive));
            r.put("s4.connect_s", ok ? Main.fmt(connectS) : "timeout");
            Report.latency(r, "s4.", lat);
            Report.latency(r, "s4.last_", last);
            r.put("s4.server_cpu_us_per_wake", m.cpuPer(cpu, m.bench.deliveries()));
            r.put("s4.server_cpu_us_per_first_poll", m.cpuPer(connectCpu, alive));
            if (m.jvm) {
                r.put("s4.jit_compiles_first_polls", connectCompiles);
                r.put("s4.jit_compiles_rounds", Main.compilesBetween(jvm0, jvm1));
                r.put("s4.heap_per_poller_kib", waitingNow > 0 && heap0 > 0 ? Main.fmt((heap1 - heap0) / (double) waitingNow) : "n/a");
            }
            Main.putCollections(r, "s4", "rounds", jvm0, jvm1);
            m.putLoss(r, "s4", m.bench.loss(g, 1, rounds));
            if (!ok) {
                m.failed = true;
            }
            m.bench.close(g);
            m.finish(r);
        }
    }
}
