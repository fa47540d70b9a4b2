package io.herald.it.hardening;

import io.herald.it.support.HeraldProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.it.support.HeraldHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stalled TCP readers: more subscribers that stop reading (tiny receive buffer) than the server has
 * delivery threads, on the same topic as healthy subscribers, while events are published at volume.
 * The healthy ones must keep receiving promptly; the stalled ones must be disconnected and counted.
 * Runs on its own Payara Micro process with the default delivery threads (max(4, 2 x cores)).
 */
class StalledReaderIT {

    static final int STALLED = 8;
    static final int EVENTS = 1200;
    static final int PAYLOAD = 16384;
    static final String TOPIC = "stall";

    static HeraldProcess server;
    static HeraldHttp http;

    @BeforeAll
    static void boot() {
        server = new HeraldProcess("herald-stall", Map.of()).start(HeraldProcess.BOOT);
        http = new HeraldHttp(server.base());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void stalledReadersDoNotDelayHealthyOnesAndAreDropped() throws Exception {
        List<RawClients.StalledReader> stalled = new ArrayList<>();
        List<RawClients.TimedReader> healthy = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED; i++) {
                stalled.add(new RawClients.StalledReader(server.port, "/topics/" + TOPIC + "/stream"));
            }
            for (int i = 0; i < 2; i++) {
                healthy.add(new RawClients.TimedReader(server.port, "/topics/" + TOPIC + "/stream"));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> http.streams(TOPIC) == STALLED + 2);

            String payload = "x".repeat(PAYLOAD);
            Map<Long, Long> published = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            String dump = null;
            java.util.concurrent.ExecutorService publishers = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                done.add(publishers.submit(() -> {
                    for (int i = 0; i < EVENTS / 4; i++) {
                        long id = http.publishText(TOPIC, payload);
                        published.put(id, System.nanoTime());
                    }
                }));
            }
                        await().atMost(Duration.ofSeconds(120)).until(() -> published.size() >= EVENTS / 2);
            dump = threadDump();
            for (java.util.concurrent.Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            publishers.shutdown();
            String histogram = jcmd("GC.class_histogram"); // after a full GC: live objects only
            System.out.println("after publishing:\n" + jcmd("GC.heap_info") + histogram.lines().limit(14)
                    .reduce("", (a, b) -> a + b + "\n"));
            // Live byte arrays: the events themselves (data + frame, ~2 x EVENTS x PAYLOAD) plus what
            // the server queues for the stalled clients. Unbounded queueing was ~14 MB per stalled
            // client here (156 MB in all); bounded, it is a few hundred KB each.
            long liveBytes = histogram.lines().map(l -> l.trim().split("\\s+"))
                    .filter(f -> f.length > 3 && f[3].equals("[B")).mapToLong(f -> Long.parseLong(f[2])).sum();
            assertThat(liveBytes).as("live byte[] in the server after publishing").isLessThan(
                    3L * EVENTS * PAYLOAD + 40L * 1024 * 1024);
            long publishMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            for (RawClients.TimedReader h : healthy) {
                await("healthy reader got every event").atMost(Duration.ofSeconds(60))
                        .until(() -> h.arrivals.keySet().containsAll(published.keySet()));
            }
            List<Long> lags = new ArrayList<>();
            for (RawClients.TimedReader h : healthy) {
                published.forEach((id, at) -> lags.add(TimeUnit.NANOSECONDS.toMillis(h.arrivals.get(id) - at)));
            }
            lags.sort(null);
            long p50 = lags.get(lags.size() / 2);
            long p99 = lags.get(lags.size() * 99 / 100);
            long max = lags.get(lags.size() - 1);
            System.out.printf("stalled=%d events=%d x %d B in %d ms; healthy lag p50 %d ms, p99 %d ms, max %d ms%n",
                    STALLED, EVENTS, PAYLOAD, publishMs, p50, p99, max);
            System.out.println("delivery threads mid-run:\n" + dump);

            await("stalled streams released").atMost(Duration.ofSeconds(60))
                    .until(() -> http.streams(TOPIC) == 2);
            for (RawClients.StalledReader s : stalled) {
                assertThat(s.drainedToEnd()).as("server closed the stalled connection").isTrue();
            }
            String metrics = http.get("metrics?scope=application").body();
            assertThat(metric(metrics, "herald_slow_consumers_dropped")).as(metrics).isGreaterThanOrEqualTo(STALLED);
            assertThat(healthy).allMatch(h -> !h.ended.get());
            assertThat(max).as("healthy subscribers' worst delivery lag (ms)").isLessThan(3000);
        } finally {
            for (AutoCloseable c : stalled) {
                c.close();
            }
            for (AutoCloseable c : healthy) {
                c.close();
            }
        }
    }

    /**
     * One address holds many more stalled streams than there are delivery threads (150 against 4 +
     * 64 extra), spread over 64 topics whose histories each fill a stalled client's socket and
     * queue on replay: no delivery thread is ever held by one of them, a healthy subscriber keeps
     * receiving promptly, what the server queues per stalled client stays bounded, and the
     * stalled ones are closed after the write timeout.
     */
    @Test
    void manyStalledReadersFromOneAddressNeverHoldADeliveryThread() throws Exception {
        int topics = 64;
        int history = 50; // herald.replay.size
        int payload = 8192;
        int stalledCount = 150;
        String data = "s".repeat(payload);
        for (int t = 0; t < topics; t++) {
            for (int i = 0; i < history; i++) {
                http.publishText("many-" + t, data);
            }
        }
        List<RawClients.StalledReader> stalled = new ArrayList<>();
        try (RawClients.TimedReader healthy = new RawClients.TimedReader(server.port, "/topics/many-0/stream")) {
            for (int i = 0; i < stalledCount; i++) {
                // each replays 50 x 8 KiB: more than its socket and its connection's queue limit take
                stalled.add(new RawClients.StalledReader(server.port, "/topics/many-" + (i % topics) + "/stream?lastEventId=0"));
            }
            Map<Long, Long> published = new ConcurrentHashMap<>();
            double stuck = 0;
            for (int round = 0; round < 40; round++) {
                long id = http.publishText("many-0", "live " + round);
                published.put(id, System.nanoTime());
                http.publishText("many-" + (1 + round % (topics - 1)), data);
                stuck = Math.max(stuck, metric(http.get("metrics?scope=application").body(), "herald_delivery_threads_stuck"));
            }
            await("healthy reader got every live event").atMost(Duration.ofSeconds(60))
                    .until(() -> healthy.arrivals.keySet().containsAll(published.keySet()));
            long maxLagMs = published.entrySet().stream()
                    .mapToLong(e -> TimeUnit.NANOSECONDS.toMillis(healthy.arrivals.get(e.getKey()) - e.getValue()))
                    .max().orElseThrow();
            String histogram = jcmd("GC.class_histogram");
            long liveBytes = histogram.lines().map(l -> l.trim().split("\\s+"))
                    .filter(f -> f.length > 3 && f[3].equals("[B")).mapToLong(f -> Long.parseLong(f[2])).sum();
            System.out.printf("%d stalled readers on %d topics: most delivery threads stuck at once %.0f, healthy max lag %d ms,"
                    + " live byte[] %d MiB%n", stalledCount, topics, stuck, maxLagMs, liveBytes >> 20);
            assertThat(stuck).as("delivery threads blocked in a write to a stalled client").isZero();
            assertThat(maxLagMs).as("healthy subscriber's worst delivery lag (ms)").isLessThan(3000);
            // the histories (data and frames, ~2 x 3,200 x 8 KiB) plus at most about a queue limit
            // (256 KiB, pre-boot file) and one chunk per stalled client
            assertThat(liveBytes).as("live byte[] in the server").isLessThan(
                    2L * (topics * history + 80) * payload + stalledCount * (320L << 10) + (40L << 20));

            await("stalled streams closed after the write timeout").atMost(Duration.ofSeconds(60))
                    .until(() -> totalStreams(topics) == 1);
            assertThat(healthy.ended.get()).isFalse();
        } finally {
            for (AutoCloseable c : stalled) {
                c.close();
            }
        }
    }

    private static int totalStreams(int topics) {
        int sum = 0;
        for (int t = 0; t < topics; t++) {
            sum += http.streams("many-" + t);
        }
        return sum;
    }

    /** The server's herald-delivery threads, from jstack, as evidence of where they block. */
    static String threadDump() {
        try {
            Process p = new ProcessBuilder(Path("jstack"), Long.toString(server.pid())).redirectErrorStream(true).start();
            String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(20, TimeUnit.SECONDS);
            StringBuilder out = new StringBuilder();
            for (String block : all.split("\n\n")) {
                if (block.startsWith("\"herald-delivery") || block.startsWith("\"herald-keepalive")) {
                    String[] lines = block.split("\n");
                    for (int i = 0; i < Math.min(lines.length, 14); i++) {
                        out.append(lines[i]).append('\n');
                    }
                    out.append('\n');
                }
            }
            return out.toString();
        } catch (IOException | InterruptedException e) {
            return "jstack failed: " + e;
        }
    }

    static double metric(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static String jcmd(String what) {
        try {
            Process p = new ProcessBuilder(Path("jcmd"), Long.toString(server.pid()), what).redirectErrorStream(true).start();
            String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return all;
        } catch (IOException | InterruptedException e) {
            return "jcmd failed: " + e;
        }
    }

    private static String Path(String tool) {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", tool).toString();
    }
}
