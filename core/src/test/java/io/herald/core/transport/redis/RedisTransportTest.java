package io.herald.core.transport.redis;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import io.herald.api.HubUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RedisTransport against the real Redis: two transports in one JVM play two nodes. */
class RedisTransportTest {

    private static final Duration DEADLINE = ofSeconds(20);

    private RedisTestSupport redis;
    private final List<RedisTransport> transports = new ArrayList<>();

    @BeforeEach
    void setUp() {
        redis = new RedisTestSupport();
    }

    @AfterEach
    void tearDown() {
        transports.forEach(RedisTransport::close);
        redis.close();
    }

    /** A listener that records what it is given and checks it is never called concurrently. */
    static class Recorder implements io.herald.core.transport.Transport.Listener {
        final List<Long> gaps = new CopyOnWriteArrayList<>();
        final List<Event> events = new CopyOnWriteArrayList<>();
        final AtomicInteger inside = new AtomicInteger();
        volatile boolean overlapped;

        @Override
        public void onGap(long afterId) {
            gaps.add(afterId);
        }

        @Override
        public void onEvent(Event e) {
            if (inside.incrementAndGet() != 1) {
                overlapped = true;
            }
            events.add(e);
            inside.decrementAndGet();
        }

        List<Long> ids() {
            return events.stream().map(Event::id).toList();
        }
    }

    private RedisTransport node(RedisSettings settings, Recorder listener) {
        RedisTransport t = new RedisTransport(settings);
        transports.add(t);
        if (listener != null) {
            t.start(listener);
        }
        return t;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void twoNodesShareOneSequenceAndBothListenersGetEveryEventOnceInOrder() {
        Recorder onA = new Recorder();
        Recorder onB = new Recorder();
        RedisTransport a = node(redis.settings().withNodeName("a"), onA);
        RedisTransport b = node(redis.settings().withNodeName("b"), onB);

        List<Event> published = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            RedisTransport via = i % 2 == 0 ? a : b;
            published.add(via.publish(i % 3 == 0 ? "news" : "notifications", i % 4 == 0 ? null : "notice",
                    "payload " + i + "\nsecond line \u00e9\u4e2d\ud83d\ude00"));
        }

        assertThat(published).extracting(Event::id).isSorted().doesNotHaveDuplicates();
        await().atMost(DEADLINE).until(() -> onA.events.size() >= 40 && onB.events.size() >= 40);
        assertThat(onA.events).containsExactlyElementsOf(published);
        assertThat(onB.events).containsExactlyElementsOf(published);
        assertThat(onA.overlapped || onB.overlapped).isFalse();
        assertThat(a.lastId()).isEqualTo(published.get(39).id());
        assertThat(b.lastId()).isEqualTo(published.get(39).id());
        assertThat(onA.gaps).isEmpty();
        assertThat(published.get(3).type()).isNull();
        assertThat(published.get(0).type()).isEqualTo("notice");
    }

    @Test
    void historyIsBoundedAndReportsWhatWasEvicted() {
        RedisTransport a = node(redis.settings().withReplaySize(5).withNodeName("a"), new Recorder());
        RedisTransport b = node(redis.settings().withReplaySize(5).withNodeName("b"), null);

        // 8 events on "t", an event of another topic in between, then a 10th on "t"
        List<Event> t = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            t.add(a.publish("t", null, "e" + i));
        }
        Event other = a.publish("other", null, "x");
        Event ten = a.publish("t", "last", "e10");
        t.add(ten);

        // kept: the 5 newest of "t"; evicted up to the 4th
        ReplayResult all = b.history("t", 0);
        assertThat(all.events()).containsExactlyElementsOf(t.subList(4, 9));
        assertThat(all.missed()).isTrue();
        assertThat(b.history("t", t.get(2).id()).missed()).isTrue();
        ReplayResult fromFour = b.history("t", t.get(3).id());
        assertThat(fromFour.missed()).isFalse();
        assertThat(fromFour.events()).containsExactlyElementsOf(t.subList(4, 9));
        ReplayResult fromSeven = b.history("t", t.get(6).id());
        assertThat(fromSeven.missed()).isFalse();
        assertThat(fromSeven.events()).extracting(Event::data).containsExactly("e8", "e10");
        assertThat(fromSeven.events().get(1)).isEqualTo(ten);
        assertThat(b.history("t", other.id()).events()).containsExactly(ten);
        assertThat(b.history("t", ten.id())).isEqualTo(ReplayResult.empty());
        assertThat(b.history("never-published", t.get(2).id())).isEqualTo(ReplayResult.empty());
        assertThat(b.history("other", 0).events()).extracting(Event::data).containsExactly("x");
        assertThat(b.retained("t").count()).isEqualTo(5);
        assertThat(b.retained("other").count()).isEqualTo(1);
        assertThat(b.retained("never-published").count()).isZero();
    }

    @Test
    void pastTheByteBudgetsTheOldestEventsGoAndAreReportedMissed() {
        // 11 bytes an event (10 of data, 1 of topic): 30 per topic keeps 2; 50 in all keeps 4
        RedisTransport a = node(redis.settings().withByteBudgets(30, 50).withNodeName("a"), new Recorder());
        List<Event> x = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            x.add(a.publish("x", null, "0123456789"));
        }
        assertThat(a.history("x", 0).events()).containsExactlyElementsOf(x.subList(2, 4));
        assertThat(a.history("x", x.get(0).id()).missed()).isTrue();
        assertThat(a.history("x", x.get(1).id()).missed()).isFalse();
        Event y1 = a.publish("y", null, "0123456789");
        Event y2 = a.publish("y", null, "0123456789"); // 44 bytes in all
        Event z = a.publish("z", null, "0123456789"); // 55: the node's oldest (x's third) goes
        assertThat(a.history("x", x.get(1).id())).isEqualTo(new ReplayResult(List.of(x.get(3)), true));
        assertThat(a.history("y", 0)).isEqualTo(new ReplayResult(List.of(y1, y2), false));
        assertThat(a.history("z", 0).events()).containsExactly(z);
        assertThat(redis.redis().get(redis.prefix + "bytes")).isEqualTo("44");
    }

    @Test
    void historyOnNodeBHoldsEventsPublishedOnNodeAWithTheSameContent() {
        RedisTransport a = node(redis.settings().withNodeName("a"), new Recorder());
        RedisTransport b = node(redis.settings().withNodeName("b"), new Recorder());
        Event e1 = a.publish("orders", "created", "{\"id\":1}");
        Event e2 = a.publish("orders", null, "");
        Event e3 = a.publish("orders", "x", "line1\r\nline2\rline3\n");
        assertThat(b.history("orders", 0)).isEqualTo(new ReplayResult(List.of(e1, e2, e3), false));
        assertThat(b.history("orders", e1.id()).events()).containsExactly(e2, e3);
        assertThat(b.lastId()).isEqualTo(e3.id());
    }

    @Test
    void concurrentPublishersOnBothNodesGiveOneGapFreeOrderAtBothListeners() throws Exception {
        Recorder onA = new Recorder();
        Recorder onB = new Recorder();
        RedisTransport a = node(redis.settings().withNodeName("a"), onA);
        RedisTransport b = node(redis.settings().withNodeName("b"), onB);
        int threads = 4;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                RedisTransport via = t % 2 == 0 ? a : b;
                String topic = "topic-" + (t % 3);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        via.publish(topic, null, Integer.toString(i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int total = threads * perThread;
        await().atMost(DEADLINE).until(() -> onA.events.size() >= total && onB.events.size() >= total);
        assertThat(onA.ids()).isSorted().doesNotHaveDuplicates().hasSize(total);
        assertThat(onB.events).containsExactlyElementsOf(onA.events);
        assertThat(onA.gaps).isEmpty();
        assertThat(onB.gaps).isEmpty();
        assertThat(onA.overlapped || onB.overlapped).isFalse();
        // each topic's history is in id order too
        for (int t = 0; t < 3; t++) {
            List<Long> ids = b.history("topic-" + t, 0).events().stream().map(Event::id).toList();
            assertThat(ids).isSorted().hasSize(50);
        }
    }

    @Test
    void aNodeWhoseReaderConnectionIsKilledCatchesUpWithoutLossOrDuplicates() throws Exception {
        Recorder onB = new Recorder();
        RedisTransport a = node(redis.settings().withNodeName("a-" + redis.prefix.hashCode()), new Recorder());
        String bName = "b-" + Math.abs(redis.prefix.hashCode());
        node(redis.settings().withNodeName(bName), onB);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger published = new AtomicInteger();
        Thread publisher = new Thread(() -> {
            while (!stop.get()) {
                a.publish("feed", null, "n");
                published.incrementAndGet();
            }
        });
        publisher.start();
        try {
            for (int kill = 0; kill < 3; kill++) {
                int before = published.get();
                await().atMost(DEADLINE).until(() -> published.get() > before + 100);
                await().atMost(DEADLINE).until(() -> redis.killClient("herald-" + bName + "-reader") == 1);
            }
            int before = published.get();
            await().atMost(DEADLINE).until(() -> published.get() > before + 100);
        } finally {
            stop.set(true);
            publisher.join();
        }
        int total = published.get();
        await().atMost(DEADLINE).until(() -> onB.events.size() >= total);
        assertThat(onB.ids()).isSorted().doesNotHaveDuplicates().hasSize(total);
        assertThat(onB.gaps).as("a reconnecting reader within the global stream loses nothing").isEmpty();
        assertThat(onB.overlapped).isFalse();
    }

    @Test
    void publishFailsFastWhenRedisIsUnreachableAndTheNodeStillStarts() {
        RedisSettings nowhere = RedisSettings.of("redis://127.0.0.1:" + RedisTestSupport.freePort(), redis.prefix);
        RedisTransport t = node(nowhere, new Recorder());
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> t.publish("t", null, "lost"))
                    .isInstanceOf(HubUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ofSeconds(3));
        }
        assertThatThrownBy(() -> t.history("t", 0)).isInstanceOf(HubUnavailableException.class);
        assertThat(t.lastId()).isZero();
    }

    @Test
    void topicsIdleForTheirTtlAreForgottenAndAComebackIsToldItMissedEvents() {
        RedisTransport a = node(redis.settings().withTopicIdleTtl(Duration.ofMillis(300)).withNodeName("a"),
                new Recorder());
        Event first = a.publish("brief", null, "1");
        Event second = a.publish("brief", null, "2");

        // forgotten by the next read or publish once idle for the TTL
        await().atMost(DEADLINE).until(() -> a.history("brief", 0).events().isEmpty());
        assertThat(redis.redis().exists(redis.prefix + "topic:brief", redis.prefix + "meta:brief")).isZero();
        ReplayResult gone = a.history("brief", first.id());
        assertThat(gone.events()).isEmpty();
        assertThat(gone.missed()).isTrue();
        assertThat(a.history("brief", second.id()).missed()).isFalse();
        assertThat(a.retained("brief").count()).isZero();
        // created again: a client from before is told it missed events; the sequence never expires
        Event third = a.publish("brief", null, "3");
        assertThat(third.id()).isGreaterThan(second.id());
        assertThat(a.history("brief", first.id())).isEqualTo(new ReplayResult(List.of(third), true));
        assertThat(a.history("brief", second.id())).isEqualTo(new ReplayResult(List.of(third), false));
    }

    @Test
    void aTopicWhoseStreamIsGoneButWhoseMarksRemainIsToldOnItsComeback() {
        RedisTransport a = node(redis.settings().withNodeName("a"), new Recorder());
        Event first = a.publish("re", null, "1");
        a.publish("re", null, "2");
        // the history stream expired on its own (an older node's PEXPIRE), the meta hash did not
        redis.redis().del(redis.prefix + "topic:re");
        Event third = a.publish("re", null, "3");
        assertThat(a.history("re", first.id())).isEqualTo(new ReplayResult(List.of(third), true));
        assertThat(redis.redis().get(redis.prefix + "bytes")).as("only what is held is counted").isEqualTo("3");
    }

    @Test
    void idsKeepIncreasingWhenRedisLosesTheSequence() {
        Recorder onA = new Recorder();
        RedisTransport a = node(redis.settings().withNodeName("a"), onA);
        List<Event> before = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            before.add(a.publish("t", null, "before"));
        }
        await().atMost(DEADLINE).until(() -> onA.events.size() == 5);
        // as after a Redis restart without persistence: every key of the cluster is gone
        redis.redis().del(redis.keys().toArray(String[]::new));
        Event after = a.publish("t", null, "after");
        assertThat(after.id()).isGreaterThan(before.get(4).id());
        await().atMost(DEADLINE).until(() -> onA.events.size() == 6);
        assertThat(onA.ids()).isSorted().doesNotHaveDuplicates();
        // what Redis had is gone: a client resuming from before is told so
        assertThat(a.history("t", before.get(2).id())).isEqualTo(new ReplayResult(List.of(after), true));
    }

    @Test
    void idsKeepIncreasingWhenRedisLosesEverythingAndEveryNodeRestarted() {
        RedisTransport before = node(redis.settings().withNodeName("old"), new Recorder());
        Event last = null;
        for (int i = 0; i < 5; i++) {
            last = before.publish("t", null, "before");
        }
        before.close();
        redis.redis().del(redis.keys().toArray(String[]::new)); // nothing of the old cluster is left anywhere
        RedisTransport after = node(redis.settings().withNodeName("new"), new Recorder());
        Event first = after.publish("t", null, "after");
        assertThat(first.id()).as("ids come from Redis's clock: never below an earlier one").isGreaterThan(last.id());
        assertThat(after.history("t", last.id())).isEqualTo(new ReplayResult(List.of(first), true));
    }

    @Test
    void aNodeThatCouldNotReachRedisAtStartReportsAGapWhenItsReaderFirstConnects() throws Exception {
        java.net.URI target = java.net.URI.create(RedisTestSupport.URI);
        try (PausableProxy proxy = new PausableProxy(target.getHost(), target.getPort())) {
            RedisTransport a = node(redis.settings().withNodeName("a"), new Recorder());
            proxy.pause();
            Recorder onB = new Recorder();
            node(RedisSettings.of(proxy.uri(), redis.prefix).withNodeName("b").withCommandTimeout(Duration.ofMillis(300)),
                    onB);
            Event meanwhile = a.publish("t", null, "while B cannot read"); // B's streams could have wanted it
            proxy.resume();
            await().atMost(DEADLINE).until(() -> !onB.gaps.isEmpty());
            Event next = a.publish("t", null, "next");
            await().atMost(DEADLINE).until(() -> onB.events.contains(next));
            assertThat(onB.events).doesNotContain(meanwhile);
            assertThat(onB.gaps).hasSize(1);
        }
    }

    @Test
    void whenRedisLosesItsDataEveryIdItHeldIsReportedMissedEvenIfTheNodeThatNoticesWasBehind() {
        RedisTransport a = node(redis.settings().withNodeName("a"), new Recorder());
        Event e1 = a.publish("t", null, "1");
        Event e2 = a.publish("t", null, "2");
        a.publish("t", null, "3");
        redis.redis().del(redis.keys().toArray(String[]::new)); // Redis loses everything
        // the first node to reconnect had delivered only e1 (it was behind): it raises the sequence
        redis.redis().eval(RedisScripts.RAISE_SEQUENCE.body(), io.lettuce.core.ScriptOutputType.VALUE,
                new String[] {redis.prefix + "seq", redis.prefix + "horizon"}, Long.toString(e1.id()));
        assertThat(Long.parseLong(redis.redis().get(redis.prefix + "horizon"))).as("every lost id is below the horizon")
                .isGreaterThan(e2.id());
        assertThat(a.history("t", e2.id()).missed()).as("e3 was lost with Redis").isTrue();
    }

    @Test
    void aForeignEntryInTheGlobalStreamIsSkippedAndDeliveryGoesOn() {
        Recorder onA = new Recorder();
        RedisTransport a = node(redis.settings().withNodeName("a"), onA);
        Event first = a.publish("t", null, "1");
        // something not written by Herald (no topic, no ts), with the next id
        redis.redis().xadd(redis.prefix + "all", new io.lettuce.core.XAddArgs().id((first.id() + 1) + "-0"),
                Map.of("junk", "x"));
        Event third = a.publish("t", null, "3");
        assertThat(third.id()).isGreaterThan(first.id() + 1); // ids stay above what the global stream holds
        await().atMost(DEADLINE).until(() -> onA.events.size() >= 2);
        assertThat(onA.events).containsExactly(first, third);
    }

    @Test
    void publishOnOneNodeReachesTheOtherWithinMilliseconds() {
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = new CopyOnWriteArrayList<>();
        Recorder onB = new Recorder() {
            @Override
            public void onEvent(Event e) {
                Long sent = sentAt.get(Long.parseLong(e.data()));
                if (sent != null) {
                    latencies.add(System.nanoTime() - sent);
                }
                super.onEvent(e);
            }
        };
        RedisTransport a = node(redis.settings().withNodeName("a"), new Recorder());
        node(redis.settings().withNodeName("b"), onB);
        int n = 300;
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            // ids are known only after publish returns; the listener on B may fire first, so we
            // key by the payload
            sentAt.put((long) i, start);
            a.publish("latency", null, Integer.toString(i));
            int expected = i + 1;
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(1)).until(() -> onB.events.size() >= expected);
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        assertThat(sorted).hasSize(n);
        double p50 = sorted[n / 2] / 1e6;
        double p99 = sorted[(int) (n * 0.99)] / 1e6;
        System.out.printf("publish on A -> listener on B over Redis: p50 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)%n",
                p50, p99, sorted[n - 1] / 1e6, n);
        assertThat(p50).isLessThan(50.0);
        assertThat(Arrays.stream(sorted).max().orElseThrow()).isPositive();
    }
}
