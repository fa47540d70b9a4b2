package io.herald.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Scenario 6, the open-loop burst: N subscribers on one topic, events published at a fixed
 * interval whatever the receivers do (as real publishers do), unlike scenario 2, which waits for
 * the last receiver of an event before publishing the next. A server that falls behind one event
 * meets the next one still fanning out the first, so its latency adds up instead of resetting.
 */
final class FixedRateBurst {

    private FixedRateBurst() {
    }

    static void run(Main m) throws IOException {
        Bench bench = m.bench;
        int n = m.n("fixed-subs", 10_000);
        int events = Integer.parseInt(m.opts.getOrDefault("fixed-events", "20"));
        long intervalMs = Long.parseLong(m.opts.getOrDefault("fixed-interval-ms", "200"));
        m.phase = "s6 fixed-rate connect";
        bench.newStats(events, 1);
        Group g = bench.open("fixed-" + m.runId, n, true);
        double connectS = m.awaitConnected(g, n);
        Main.sleep(1000);
        m.phase = "s6 fixed-rate publish";
        long alive = g.established.get();
        double cpu0 = m.cpuSeconds();
        try (Publisher pub = new Publisher(bench)) {
            long start = System.nanoTime();
            for (int i = 1; i <= events; i++) {
                Main.parkUntil(start + (i - 1) * intervalMs * 1_000_000L);
                pub.publish(g.topic, i, 0);
            }
            double publishS = (System.nanoTime() - start) / 1e9;
            m.drain(alive * events);
            double cpu = m.cpuSeconds() - cpu0;
            Histogram lat = bench.latency(0, 0);
            Histogram last = bench.lastReceiver(1, events);
            Main.log(Report.line("s6 per-delivery", lat));
            Main.log(Report.line("s6 last receiver per event", last));
            Main.log("s6 %d publishes in %.2f s (target %d ms apart)", events, publishS, intervalMs);
            Map<String, String> r = new LinkedHashMap<>();
            r.put("s6.n", Integer.toString(n));
            r.put("s6.connected", Long.toString(alive));
            r.put("s6.connect_s", Main.fmt(connectS));
            r.put("s6.publish_s", Main.fmt(publishS));
            Report.latency(r, "s6.", lat);
            Report.latency(r, "s6.last_", last);
            r.put("s6.server_cpu_us_per_delivery", m.cpuPer(cpu, bench.deliveries()));
            m.putLoss(r, "s6", bench.loss(g, 1, events));
            bench.close(g);
            m.finish(r);
        }
    }
}
