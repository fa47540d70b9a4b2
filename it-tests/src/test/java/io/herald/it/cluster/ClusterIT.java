package io.herald.it.cluster;

import io.herald.it.support.HeraldProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.it.support.HeraldHttp;
import io.herald.testing.RawSseStream;
import jakarta.json.JsonArray;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Herald nodes (two Payara Micro processes on free ports) sharing one Redis: a private
 * redis-server this test starts on a free port, with an fsync-always append-only file, so that it
 * can be restarted mid-stream without touching the shared Redis on 6379.
 *
 * <p>The tests share the two nodes and run in order; the last one stops node A.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static RedisServer redis;
    private static HeraldProcess nodeA;
    private static HeraldProcess nodeB;
    private static HeraldHttp httpA;
    private static HeraldHttp httpB;
    private static HttpClient streams;
    private static final List<RawSseStream> open = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "cluster-it"));
        redis = new RedisServer(work);
        redis.start();
        Map<String, String> props = Map.of(
                "herald.auth.dev-mode", "true", // these tests publish without tokens
                "herald.transport", "redis",
                "herald.redis.uri", redis.uri(),
                "herald.redis.key-prefix", "it-" + UUID.randomUUID().toString().substring(0, 8) + ":");
        nodeA = new HeraldProcess("herald-a", work, props);
        nodeB = new HeraldProcess("herald-b", work, props);
        nodeA.start();
        nodeB.start();
        nodeA.awaitReady(HeraldProcess.BOOT);
        nodeB.awaitReady(HeraldProcess.BOOT);
        httpA = new HeraldHttp(nodeA.base());
        httpB = new HeraldHttp(nodeB.base());
        streams = RawSseStream.newClient();
    }

    @AfterAll
    static void stopCluster() {
        open.forEach(RawSseStream::close);
        for (AutoCloseable c : new AutoCloseable[] {nodeA, nodeB, redis}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep stopping the others
            }
        }
    }

    private static RawSseStream subscribe(HeraldHttp node, String topic, String... headers) {
        RawSseStream s = RawSseStream.open(streams, node.uri("topics/" + topic + "/stream"), headers);
        open.add(s);
        assertThat(s.status()).isEqualTo(200);
        // the stream is registered once its first bytes (retry:) arrived
        await().atMost(DEADLINE).until(() -> !s.retries().isEmpty());
        return s;
    }

    private static String stats(List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        sorted.sort(null);
        return String.format("p50 %.1f ms, p90 %.1f ms, max %.1f ms", sorted.get(sorted.size() / 2) / 1000.0,
                sorted.get(sorted.size() * 9 / 10) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
    }

    @Test
    @Order(1)
    void aPublishOnEitherNodeReachesSubscribersOnBothInOneOrder() {
        String topic = "fan-" + UUID.randomUUID().toString().substring(0, 6);
        RawSseStream onA = subscribe(httpA, topic);
        RawSseStream onB = subscribe(httpB, topic);

        // warm-up (JIT, connections), not measured
        for (int i = 0; i < 10; i++) {
            httpA.publish("warmup", null, "w");
            httpB.publish("warmup", null, "w");
        }
        List<Long> published = new ArrayList<>();
        List<Long> postMicros = new ArrayList<>();
        List<Long> sameNodeMicros = new ArrayList<>();
        List<Long> otherNodeMicros = new ArrayList<>();
        int n = 40;
        for (int i = 0; i < n; i++) {
            HeraldHttp via = i % 2 == 0 ? httpA : httpB;
            RawSseStream same = i % 2 == 0 ? onA : onB;
            RawSseStream other = i % 2 == 0 ? onB : onA;
            int expected = i + 1;
            long start = System.nanoTime();
            published.add(via.publish(topic, "notice", "event " + i));
            postMicros.add((System.nanoTime() - start) / 1000);
            Long[] seen = new Long[2];
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(1)).until(() -> {
                long now = (System.nanoTime() - start) / 1000;
                if (seen[0] == null && same.ids().size() >= expected) {
                    seen[0] = now;
                }
                if (seen[1] == null && other.ids().size() >= expected) {
                    seen[1] = now;
                }
                return seen[0] != null && seen[1] != null;
            });
            sameNodeMicros.add(seen[0]);
            otherNodeMicros.add(seen[1]);
        }
        await().atMost(DEADLINE).until(() -> onA.ids().size() >= n && onB.ids().size() >= n);
        assertThat(onA.ids()).containsExactlyElementsOf(published);
        assertThat(onB.ids()).containsExactlyElementsOf(published);
        assertThat(published).isSorted().doesNotHaveDuplicates();
        assertThat(onB.frames().get(0).data()).isEqualTo("\"event 0\"");
        System.out.printf("[cluster] (n=%d) POST answered: %s; SSE frame on the publishing node: %s;"
                        + " on the other node: %s%n", n, stats(postMicros), stats(sameNodeMicros),
                stats(otherNodeMicros));
        // topic info on B knows the id published on A
        assertThat(httpB.topicInfo(topic).getJsonNumber("lastId").longValue()).isEqualTo(published.get(n - 1));
    }

    @Test
    @Order(2)
    void aLongPollOnOneNodeIsAnsweredByAPublishOnTheOtherAndHistoryIsShared() throws Exception {
        String topic = "poll-" + UUID.randomUUID().toString().substring(0, 6);
        long since = httpA.publish(topic, null, "old");
        CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(
                () -> httpB.get("topics/" + topic + "/poll?since=" + since + "&timeout=20"));
        // the poll is waiting on B once B counts it
        await().atMost(DEADLINE).until(() -> httpB.topicInfo(topic).getInt("polls") == 1);
        long fresh = httpA.publish(topic, "wake", "new");
        HttpResponse<String> answer = poll.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonArray events = HeraldHttp.parseArray(answer.body());
        assertThat(events).hasSize(1);
        assertThat(events.getJsonObject(0).getJsonNumber("id").longValue()).isEqualTo(fresh);
        // the short-poll / history read on B holds both events published on A
        JsonArray history = HeraldHttp.parseArray(httpB.get("topics/" + topic + "/events?since=0").body());
        assertThat(history.stream().map(v -> v.asJsonObject().getJsonNumber("id").longValue()).toList())
                .containsExactly(since, fresh);
    }

    @Test
    @Order(3)
    void redisRestartedMidStreamPublishingResumesAndNoAcknowledgedEventIsLost() throws Exception {
        String topic = "restart-" + UUID.randomUUID().toString().substring(0, 6);
        RawSseStream onA = subscribe(httpA, topic);
        RawSseStream onB = subscribe(httpB, topic);

        List<Long> acknowledged = new CopyOnWriteArrayList<>();
        AtomicInteger unavailable = new AtomicInteger();
        List<Integer> otherStatuses = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread publisher = new Thread(() -> {
            int i = 0;
            while (!stop.get()) {
                HeraldHttp via = i++ % 2 == 0 ? httpA : httpB;
                try {
                    HttpResponse<String> r = via.post("topics/" + topic + "/events", "text/plain; charset=UTF-8", "n" + i);
                    if (r.statusCode() == 201) {
                        acknowledged.add(HeraldHttp.parseObject(r.body()).getJsonNumber("id").longValue());
                    } else if (r.statusCode() == 503) {
                        unavailable.incrementAndGet();
                    } else {
                        otherStatuses.add(r.statusCode());
                    }
                    Thread.sleep(r.statusCode() == 201 ? 5 : 50);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    otherStatuses.add(-1);
                }
            }
        }, "cluster-publisher");
        publisher.start();
        try {
            await().atMost(DEADLINE).until(() -> acknowledged.size() >= 30);
            redis.stop();
            await().atMost(DEADLINE).until(() -> unavailable.get() >= 3);
            int ackedWhileDown = acknowledged.size();
            redis.start();
            await().atMost(DEADLINE).until(() -> acknowledged.size() >= ackedWhileDown + 30);
        } finally {
            stop.set(true);
            publisher.join();
        }

        assertThat(otherStatuses).isEmpty();
        Set<Long> acked = new HashSet<>(acknowledged);
        await().atMost(DEADLINE).until(() -> onA.ids().containsAll(acked) && onB.ids().containsAll(acked));
        for (RawSseStream s : List.of(onA, onB)) {
            assertThat(s.ended()).as("stream stayed open through the outage").isFalse();
            assertThat(s.ids()).isSorted().doesNotHaveDuplicates();
        }
        System.out.printf("[cluster] Redis restart: %d publishes acknowledged, %d answered 503 while Redis was down%n",
                acknowledged.size(), unavailable.get());
    }

    @Test
    @Order(4)
    void aSubscriberOfAStoppedNodeReconnectsToTheOtherWithLastEventIdAndMissesNothing() {
        String topic = "failover-" + UUID.randomUUID().toString().substring(0, 6);
        RawSseStream onA = subscribe(httpA, topic);
        List<Long> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(httpA.publish(topic, null, "before " + i));
        }
        await().atMost(DEADLINE).until(() -> onA.ids().size() >= 3);
        // a burst the subscriber may or may not see before its node goes away
        for (int i = 0; i < 5; i++) {
            published.add(httpA.publish(topic, null, "burst " + i));
        }
        nodeA.stop();
        await().atMost(DEADLINE).until(onA::ended);
        List<Long> seenOnA = onA.ids();
        long lastSeen = seenOnA.get(seenOnA.size() - 1);

        for (int i = 0; i < 5; i++) {
            published.add(httpB.publish(topic, null, "meanwhile " + i));
        }
        RawSseStream onB = subscribe(httpB, topic, "Last-Event-ID", Long.toString(lastSeen));
        published.add(httpB.publish(topic, null, "live"));

        List<Long> expectedFromB = published.stream().filter(id -> id > lastSeen).toList();
        await().atMost(DEADLINE).until(() -> onB.ids().size() >= expectedFromB.size());
        assertThat(onB.ids()).containsExactlyElementsOf(expectedFromB);
        List<Long> everything = new ArrayList<>(seenOnA);
        everything.addAll(onB.ids());
        assertThat(everything).containsExactlyElementsOf(published);
        assertThat(onB.frames()).noneMatch(f -> "reset".equals(f.event()));
    }
}
