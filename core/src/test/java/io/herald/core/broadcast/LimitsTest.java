package io.herald.core.broadcast;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.api.Event;
import io.herald.api.Subscription;
import io.herald.api.ReplayResult;
import io.herald.api.LimitExceededException;
import io.herald.core.transport.Transport;
import io.herald.api.HubUnavailableException;
import io.herald.core.transport.memory.InMemoryTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The subscriber limit and the counts behind the metrics, on the real CDI beans (Weld SE). */
class LimitsTest {

    private static final Duration DEADLINE = ofSeconds(30);

    private TestHub hub;

    private Broadcaster start(Map<String, String> settings) {
        hub = TestHub.start(settings);
        return hub.broadcaster();
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aSubscribeOrPollWhoseHistoryReadFailsKeepsNoPlaceAndIsRegisteredNowhere() {
        start(Map.of("herald.limit.subscribers", "2"));
        AtomicBoolean down = new AtomicBoolean(true);
        InMemoryTransport memory = new InMemoryTransport(50, Duration.ofHours(1));
        Transport readsFail = new Transport() {
            @Override
            public void start(Transport.Listener listener) {
                memory.start(listener);
            }

            @Override
            public Event publish(String topic, String type, String data) {
                return memory.publish(topic, type, data);
            }

            @Override
            public ReplayResult history(Set<String> topics, long afterId) {
                if (down.get()) {
                    throw new HubUnavailableException("history unreadable", null);
                }
                return memory.history(topics, afterId);
            }

            @Override
            public long lastId() {
                return memory.lastId();
            }

            @Override
            public Retained retained(String topic) {
                return memory.retained(topic);
            }

            @Override
            public void close() {
                memory.close();
            }
        };
        Broadcaster b = new Broadcaster(readsFail, hub.config());
        b.start();
        try {
            b.publish("a", null, "x");
            for (int i = 0; i < 5; i++) { // more than the limit: a leaked place would turn these into 503s
                assertThatThrownBy(() -> b.subscribe(Set.of("a"), OptionalLong.of(0), new RecordingSubscriber()))
                        .isInstanceOf(HubUnavailableException.class);
                assertThatThrownBy(() -> b.awaitAfter(Set.of("a"), 0, Duration.ofMinutes(5)))
                        .isInstanceOf(HubUnavailableException.class);
            }
            assertThat(b.status().placesTaken()).isZero();
            assertThat(b.status().openStreams()).isZero();
            assertThat(b.status().waitingPolls()).isZero();
            down.set(false);
            assertThat(b.info("a").streams()).isZero();
            assertThat(b.info("a").polls()).isZero();
        } finally {
            b.stop();
        }
    }

    @Test
    void streamsAndPollsShareTheSubscriberLimitAndGiveTheirPlaceBack() {
        Broadcaster b = start(Map.of("herald.limit.subscribers", "3"));
        Subscription s1 = b.subscribe(Set.of("a"), OptionalLong.empty(), new RecordingSubscriber());
        b.subscribe(Set.of("a", "b"), OptionalLong.empty(), new RecordingSubscriber());
        CompletableFuture<io.herald.api.ReplayResult> poll = b.awaitAfter(Set.of("a"), 0, Duration.ofMinutes(5)).toCompletableFuture();
        assertThat(b.status().placesTaken()).isEqualTo(3);
        assertThat(b.status().openStreams()).isEqualTo(2);
        assertThat(b.status().waitingPolls()).isEqualTo(1);

        assertThatThrownBy(() -> b.subscribe(Set.of("c"), OptionalLong.empty(), new RecordingSubscriber()))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.scope()).isEqualTo(LimitExceededException.Scope.SERVER);
                    assertThat(e.key()).isEqualTo("herald.limit.subscribers");
                });
        assertThatThrownBy(() -> b.awaitAfter(Set.of("c"), 0, Duration.ofMinutes(5)))
                .isInstanceOf(LimitExceededException.class);
        assertThatThrownBy(b::reservePlace).isInstanceOf(LimitExceededException.class);
        assertThat(b.status().placesTaken()).as("refusals take nothing").isEqualTo(3);

        s1.close();
        await().atMost(DEADLINE).until(() -> b.status().placesTaken() == 2);
        b.publish("a", null, "wakes the poll");
        assertThat(poll.join().events()).hasSize(1);
        await().atMost(DEADLINE).until(() -> b.status().placesTaken() == 1 && b.status().waitingPolls() == 0);
        assertThat(b.status().openStreams()).isEqualTo(1);
    }

    @Test
    void anAdmissionIsReleasedOnceWhetherUnusedFailedOrEnded() {
        Broadcaster b = start(Map.of("herald.limit.subscribers", "2"));
        Admission unused = (Admission) b.reservePlace();
        unused.release();
        unused.release();
        assertThat(b.status().placesTaken()).isZero();

        Admission failing = (Admission) b.reservePlace();
        assertThatThrownBy(() -> b.subscribe(failing, Set.of("bad topic"), OptionalLong.empty(), new RecordingSubscriber()))
                .isInstanceOf(IllegalArgumentException.class);
        failing.release();
        assertThat(b.status().placesTaken()).isZero();

        Admission used = (Admission) b.reservePlace();
        Subscription s = b.subscribe(used, Set.of("a"), OptionalLong.empty(), new RecordingSubscriber());
        used.release(); // an owner releasing too early or twice must not free a second place
        s.close();
        s.close();
        await().atMost(DEADLINE).until(() -> b.status().openStreams() == 0);
        assertThat(b.status().placesTaken()).isZero();
        assertThatThrownBy(() -> b.subscribe(used, Set.of("a"), OptionalLong.empty(), new RecordingSubscriber()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSlowConsumerIsDroppedCountedAndReleasedExactlyOnceEvenIfItsWriteFailsAfterwards() throws Exception {
        Broadcaster b = start(Map.of("herald.subscriber.queue-size", "4", "herald.limit.subscribers", "10"));
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch unblock = new CountDownLatch(1);
        AtomicInteger closeCount = new AtomicInteger();
        RecordingSubscriber stuck = new RecordingSubscriber() {
            @Override
            public void onEvent(Event event) {
                writing.countDown();
                try {
                    unblock.await(30, TimeUnit.SECONDS); // a write blocked on a full socket...
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("...that then fails (connection closed)");
            }

            @Override
            public void onClose() {
                closeCount.incrementAndGet();
            }
        };
        RecordingSubscriber healthy = new RecordingSubscriber();
        b.subscribe(Set.of("t"), OptionalLong.empty(), stuck);
        b.subscribe(Set.of("t"), OptionalLong.empty(), healthy);
        b.publish("t", null, "0");
        assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 10; i++) {
            b.publish("t", null, Integer.toString(i));
            int expected = i + 1; // the healthy one keeps up: only the stuck one overflows
            await().atMost(DEADLINE).until(() -> healthy.events.size() == expected);
        }
        assertThat(b.status().slowConsumersDropped()).isEqualTo(1);
        assertThat(b.status().openStreams()).isEqualTo(1);
        unblock.countDown();
        await().atMost(DEADLINE).until(() -> closeCount.get() == 1);
        assertThat(b.status().slowConsumersDropped()).isEqualTo(1);
        assertThat(b.status().openStreams()).isEqualTo(1);
        assertThat(b.status().placesTaken()).isEqualTo(1);
        assertThat(b.status().deliveries()).isEqualTo(11);
        assertThat(b.status().eventsPublished()).isEqualTo(11);
    }

    @Test
    void countsStayExactUnderConcurrentSubscribeAndClose() throws Exception {
        int max = 5;
        Broadcaster b = start(Map.of("herald.limit.subscribers", Integer.toString(max)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger refused = new AtomicInteger();
        // all places but one are taken for the whole run, so any two overlapping attempts contend
        // (with all five free, six would have to overlap, which two cores rarely schedule)
        List<Subscription> held = new ArrayList<>();
        for (int i = 0; i < max - 1; i++) {
            held.add(b.subscribe(Set.of("held"), OptionalLong.empty(), new RecordingSubscriber()));
        }
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int n = t;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        try {
                            if ((i + n) % 3 == 0) {
                                CompletableFuture<io.herald.api.ReplayResult> p = b.awaitAfter(Set.of("x"), 0, Duration.ofMinutes(1))
                                        .toCompletableFuture();
                                assertThat(b.status().placesTaken()).isLessThanOrEqualTo(max);
                                p.cancel(false);
                            } else {
                                Subscription s = b.subscribe(Set.of("x", "y"), OptionalLong.of(0), new RecordingSubscriber());
                                assertThat(b.status().placesTaken()).isLessThanOrEqualTo(max);
                                s.close();
                            }
                        } catch (LimitExceededException e) {
                            refused.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : runs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            held.forEach(Subscription::close);
        }
        await().atMost(DEADLINE).until(() -> b.status().placesTaken() == 0);
        assertThat(b.status().openStreams()).isZero();
        assertThat(b.status().waitingPolls()).isZero();
        assertThat(refused.get()).as("the limit was actually contended").isPositive();
        assertThat(b.status().replaysServed()).isPositive();
    }

    @Test
    void publishingToOneTopicTooManyIsRefusedWithTheTopicsLimit() {
        Broadcaster b = start(Map.of("herald.limit.topics", "2"));
        b.publish("one", null, "1");
        long two = b.publish("two", null, "2").id();
        assertThatThrownBy(() -> b.publish("three", null, "3"))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.scope()).isEqualTo(LimitExceededException.Scope.SERVER);
                    assertThat(e.key()).isEqualTo("herald.limit.topics");
                });
        assertThat(b.publish("one", null, "again").id()).isGreaterThan(two);
        assertThat(b.status().eventsPublished()).isEqualTo(3);
    }

    @Test
    void moreStuckSubscribersThanDeliveryThreadsDoNotHoldUpTheOthers() throws Exception {
        Broadcaster b = start(Map.of("herald.delivery.threads", "2", "herald.delivery.extra-threads", "8"));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger stuckNow = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            b.subscribe(Set.of("stuck-" + i), OptionalLong.empty(), new RecordingSubscriber() {
                @Override
                public void onEvent(Event event) {
                    stuckNow.incrementAndGet();
                    try {
                        release.await(60, TimeUnit.SECONDS); // a write to a client that stopped reading
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }
        RecordingSubscriber healthy = new RecordingSubscriber();
        b.subscribe(Set.of("ok"), OptionalLong.empty(), healthy);
        try {
            for (int i = 0; i < 4; i++) {
                b.publish("stuck-" + i, null, "x");
            }
            await().atMost(DEADLINE).until(() -> stuckNow.get() == 4); // needs 2 extra threads already
            await().atMost(DEADLINE).until(() -> b.status().stuckDeliveryThreads() == 4);
            long start = System.nanoTime();
            b.publish("ok", null, "still flowing");
            await().atMost(DEADLINE).until(() -> healthy.events.size() == 1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
            assertThat(b.status().deliveryThreads()).isBetween(5, 10);
        } finally {
            release.countDown();
        }
        await().atMost(DEADLINE).until(() -> b.status().stuckDeliveryThreads() == 0);
    }

    @Test
    void aWriteThatBlocksThenFailsAfterItsStreamEndedCountsAsSlowOnce() throws Exception {
        Broadcaster b = start(Map.of());
        CountDownLatch writing = new CountDownLatch(1);
        Subscription[] mine = new Subscription[1];
        RecordingSubscriber stalled = new RecordingSubscriber() {
            @Override
            public void onEvent(Event event) {
                writing.countDown();
                try {
                    Thread.sleep(2 * DeliveryPool.STUCK_AFTER_MS); // blocked on a full socket...
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                mine[0].close(); // ...then the write times out, the stream ends itself...
                throw new IllegalStateException("write timeout"); // ...and reports the failure
            }
        };
        mine[0] = b.subscribe(Set.of("t"), OptionalLong.empty(), stalled);
        b.publish("t", null, "x");
        assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(DEADLINE).until(() -> stalled.closes == 1);
        assertThat(b.status().slowConsumersDropped()).isEqualTo(1);
        assertThat(b.status().openStreams()).isZero();
        assertThat(b.status().placesTaken()).isZero();
    }
}
