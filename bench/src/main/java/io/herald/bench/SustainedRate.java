package io.herald.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Scenario 3, sustained fan-out: N subscribers on one topic; the publish rate is stepped up until
 * deliveries per second stop growing or the p99 latency passes one second. Reports the best
 * deliveries/s with p99 within that bound, and every step.
 */
final class SustainedRate {

    private SustainedRate() {
    }

    static void run(Main m) throws Exception {
        int n = m.n("sustained-subs", 1_000);
        int stepS = Integer.parseInt(m.opts.getOrDefault("step-s", "5"));
        int publishers = m.publisherConnections();
        int[] rates = Main.parseInts(m.opts.getOrDefault("rates", "5,10,25,50,100,200,400,800,1600,3200,6400"));
        int cap = 0;
        for (int rt : rates) {
            cap += rt * stepS + publishers;
        }
        m.phase = "s3 sustained connect";
        m.bench.newStats(cap, rates.length);
        Group g = m.bench.open("sust-" + m.runId, n, true);
        double connectS = m.awaitConnected(g, n);
        Main.sleep(1000);
        long alive = g.established.get();
        AtomicLong seq = new AtomicLong();
        List<Publisher> pubs = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            pubs.add(new Publisher(m.bench));
        }
        Map<String, String> r = new LinkedHashMap<>();
        double cpu0 = m.cpuSeconds();
        double maxDps = 0;
        double best = 0;
        int bestRate = 0;
        String bestP99 = "n/a";
        double[] bestPerNode = null;
        double prev = 0;
        StringBuilder steps = new StringBuilder();
        for (int k = 0; k < rates.length; k++) {
            int rate = rates[k];
            m.phase = "s3 sustained " + rate + "/s";
            long before = seq.get();
            long[] nodeBefore = m.bench.nodeDeliveries();
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
                        Main.parkUntil(due);
                        if (System.nanoTime() >= end + 1_000_000_000L) {
                            break; // far behind: stop this step
                        }
                        long s = seq.incrementAndGet();
                        if (s >= m.bench.pubNanos.length) {
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
            long total = Math.min(seq.get(), m.bench.pubNanos.length - 1);
            m.drain(alive * total);
            long dels = m.bench.stepDeliveries(k);
            long lastRecv = m.bench.stepLastRecv(k);
            double dur = (Math.max(lastRecv, pubEnd) - start) / 1e9;
            double dps = dels / dur;
            long[] nodeAfter = m.bench.nodeDeliveries();
            double[] nodeDps = new double[nodeAfter.length];
            for (int i = 0; i < nodeDps.length; i++) {
                nodeDps[i] = (nodeAfter[i] - nodeBefore[i]) / dur;
            }
            Histogram h = m.bench.latency(k, k);
            double pubRate = published / ((pubEnd - start) / 1e9);
            Main.log("s3 step %d: target %d/s achieved %.0f publishes/s, %d deliveries in %.2f s = %.0f deliveries/s%s; %s",
                    k, rate, pubRate, dels, dur, dps, nodeDps.length > 1 ? " " + Main.perNode(nodeDps) : "",
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
                Main.log("s3 stop: %s", !p99ok ? "p99 > 1 s" : "deliveries/s stopped growing");
                break;
            }
            prev = dps;
        }
        pubs.forEach(Publisher::close);
        double cpu = m.cpuSeconds() - cpu0;
        long total = Math.min(seq.get(), m.bench.pubNanos.length - 1);
        long[] loss = m.bench.loss(g, 1, total);
        r.put("s3.n", Integer.toString(n));
        r.put("s3.connected", Long.toString(alive));
        r.put("s3.connect_s", Main.fmt(connectS));
        r.put("s3.best_deliveries_per_s", bestRate > 0 ? Main.fmt0(best) : "none");
        r.put("s3.best_rate", bestRate > 0 ? Integer.toString(bestRate) : "none");
        r.put("s3.nodes", Integer.toString(m.bench.addresses.length));
        for (int i = 0; i < m.bench.addresses.length; i++) {
            r.put("s3.best_deliveries_per_s_node" + i, bestPerNode != null ? Main.fmt0(bestPerNode[i]) : "none");
        }
        r.put("s3.max_deliveries_per_s", Main.fmt0(maxDps));
        r.put("s3.server_cpu_us_per_delivery", m.cpuPer(cpu, m.bench.deliveries()));
        r.put("s3.best_p99_ms", bestP99);
        r.put("s3.steps", steps.toString());
        m.putLoss(r, "s3", loss);
        m.bench.close(g);
        m.finish(r);
    }
}
