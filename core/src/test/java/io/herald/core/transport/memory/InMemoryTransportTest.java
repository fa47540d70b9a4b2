package io.herald.core.transport.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryTransportTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theListenerRunsOutsideTheTransportsLockAndFindsTheEventAlreadyInItsHistory() throws Exception {
        InMemoryTransport t = new InMemoryTransport(50, Duration.ofHours(1));
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            t.start(e -> {
                if (Thread.holdsLock(t)) {
                    problems.add("listener called under the transport's lock for " + e.id());
                }
                // another thread can read the history while the listener runs: nothing is held
                try {
                    List<Event> seen = reader.submit(() -> t.history("a", e.id() - 1).events()).get(5, TimeUnit.SECONDS);
                    if (!seen.contains(e)) {
                        problems.add("event " + e.id() + " handed over before it was in its history");
                    }
                } catch (Exception stuck) {
                    problems.add("history read blocked while the listener ran: " + stuck);
                }
            });
            t.publish("a", null, "1");
            t.publish("a", null, "2");
        } finally {
            reader.shutdownNow();
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void concurrentPublishersHandEveryEventToTheListenerOnceInIdOrderBeforeTheirPublishReturns() throws Exception {
        InMemoryTransport t = new InMemoryTransport(10, Duration.ofHours(1));
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inListener = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        t.start(e -> {
            if (inListener.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            seen.add(e.id());
            inListener.decrementAndGet();
        });
        int threads = 8;
        int each = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> notYetSeen = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String topic = "t" + (i % 3);
            notYetSeen.add(pool.submit(() -> {
                go.await();
                int late = 0;
                for (int n = 0; n < each; n++) {
                    long id = t.publish(topic, null, "x").id();
                    if (!seen.contains(id)) {
                        late++;
                    }
                }
                return late;
            }));
        }
        go.countDown();
        int late = 0;
        for (Future<Integer> f : notYetSeen) {
            late += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(late).as("publishes that returned before their event reached the listener").isZero();
        assertThat(overlaps).as("concurrent listener calls").hasValue(0);
        assertThat(seen).hasSize(threads * each).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void idsAreOneSequenceAcrossTopicsAndTheListenerSeesThemInOrder() {
        InMemoryTransport t = new InMemoryTransport(50, Duration.ofHours(1), new ManualClock());
        long b = t.lastId();
        List<Long> seen = new ArrayList<>();
        t.start(e -> seen.add(e.id()));
        t.publish("a", null, "1");
        t.publish("b", null, "2");
        t.publish("a", null, "3");
        assertThat(seen).containsExactly(b + 1, b + 2, b + 3);
        assertThat(t.lastId()).isEqualTo(b + 3);
        assertThat(t.history("a", 0).events()).extracting(Event::id).containsExactly(b + 1, b + 3);
    }

    @Test
    void idsStartAtTheClockInMicrosecondsAndNeverGoBackAcrossARestart() {
        ManualClock clock = new ManualClock();
        InMemoryTransport before = new InMemoryTransport(50, Duration.ofHours(1), clock);
        Event first = before.publish("a", null, "burst");
        Event last = first;
        for (int i = 0; i < 1000; i++) {
            last = before.publish("a", null, "burst"); // many in one microsecond: ids run ahead of the clock
        }
        assertThat(first.id()).isEqualTo(InMemoryTransport.micros(clock.now));
        assertThat(last.id()).isEqualTo(first.id() + 1000);
        clock.now = clock.now.plusMillis(5); // a restart a few ms later: the ids run 1 ms ahead at most here
        InMemoryTransport after = new InMemoryTransport(50, Duration.ofHours(1), clock);
        Event renewed = after.publish("a", null, "new");
        assertThat(renewed.id()).isGreaterThan(last.id());
        ReplayResult resumed = after.history("a", last.id());
        assertThat(resumed.missed()).as("what came before the restart is unknown here").isTrue();
        assertThat(resumed.events()).containsExactly(renewed);
        assertThat(after.history("a", renewed.id())).isEqualTo(ReplayResult.empty());
        assertThat(after.history("a", 0).missed()).as("no position, nothing claimed").isFalse();
    }

    @Test
    void evictionIsReportedOnlyToIdsOlderThanTheNewestEvicted() {
        InMemoryTransport t = new InMemoryTransport(3, Duration.ofHours(1), new ManualClock());
        long b = t.lastId();
        for (int i = 0; i < 5; i++) {
            t.publish("a", null, "x");
        }
        assertThat(t.retained("a").count()).isEqualTo(3);
        ReplayResult old = t.history("a", b + 1);
        assertThat(old.missed()).isTrue();
        assertThat(old.events()).extracting(Event::id).containsExactly(b + 3, b + 4, b + 5);
        assertThat(t.history("a", b + 2).missed()).isFalse();
    }

    @Test
    void pastTheTopicsByteBudgetTheOldestEventsGoAndAreReportedMissed() {
        InMemoryTransport t = new InMemoryTransport(50, Duration.ofHours(1), 100, 30, 1000, new ManualClock());
        long b = t.lastId();
        for (int i = 0; i < 5; i++) {
            t.publish("a", null, "0123456789"); // 10 bytes of data + 1 of topic
        }
        assertThat(t.retained("a").count()).isEqualTo(2);
        ReplayResult r = t.history("a", b + 2);
        assertThat(r.missed()).isTrue();
        assertThat(r.events()).extracting(Event::id).containsExactly(b + 4, b + 5);
        assertThat(t.history("a", b + 3).missed()).isFalse();
        assertThat(t.bufferedBytes()).isEqualTo(22);
        // one event above the whole budget is delivered but not kept
        t.publish("a", null, "x".repeat(100));
        assertThat(t.retained("a").count()).isZero();
        assertThat(t.history("a", b + 5).missed()).isTrue();
        assertThat(t.bufferedBytes()).isZero();
    }

    @Test
    void pastTheNodesByteBudgetTheOldestEventsOfAnyTopicGoFirst() {
        InMemoryTransport t = new InMemoryTransport(50, Duration.ofHours(1), 100, 1000, 50, new ManualClock());
        long b = t.lastId();
        t.publish("a", null, "012345678");   // b+1, 10 bytes
        t.publish("b", null, "012345678");   // b+2
        t.publish("a", null, "012345678");   // b+3
        t.publish("c", null, "012345678");   // b+4
        t.publish("b", null, "012345678");   // b+5: 50 bytes, all kept
        assertThat(t.bufferedBytes()).isEqualTo(50);
        t.publish("c", null, "012345678");   // b+6: the oldest of the node (b+1, topic a) goes
        assertThat(t.bufferedBytes()).isEqualTo(50);
        assertThat(t.history("a", 0).missed()).isTrue();
        assertThat(t.history("a", 0).events()).extracting(Event::id).containsExactly(b + 3);
        assertThat(t.history("b", 0).missed()).isFalse();
        t.publish("c", "type", "0123456"); // b+7, 12 bytes: b+2 (topic b) and b+3 (topic a) go
        assertThat(t.history("b", 0).missed()).isTrue();
        assertThat(t.retained("a").count()).isZero();
        assertThat(t.history("a", b + 2).missed()).isTrue();
        assertThat(t.history("a", b + 3).missed()).as("nothing after b+3 was lost").isFalse();
        assertThat(t.bufferedBytes()).isEqualTo(42);
    }

    @Test
    void idleTopicsAreForgottenAndLateClientsAreToldTheyMissedEvents() {
        ManualClock clock = new ManualClock();
        InMemoryTransport t = new InMemoryTransport(50, Duration.ofMinutes(60), clock);
        long b = t.lastId();
        t.publish("quiet", null, "1");
        t.publish("quiet", null, "2");
        clock.now = clock.now.plus(Duration.ofMinutes(61));
        t.publish("busy", null, "3");

        assertThat(t.topicCount()).isEqualTo(1);
        assertThat(t.retained("quiet").count()).isZero();
        ReplayResult late = t.history("quiet", b + 1);
        assertThat(late.events()).isEmpty();
        assertThat(late.missed()).isTrue();
        assertThat(t.history("quiet", b + 2).missed()).isFalse();
        // created again: a client from before its first life is still told
        Event again = t.publish("quiet", null, "4");
        assertThat(t.history("quiet", b + 1)).isEqualTo(new ReplayResult(List.of(again), true));
    }

    @Test
    void aNewTopicPastTheLimitIsRefusedUntilAnIdleOneExpires() {
        ManualClock clock = new ManualClock();
        InMemoryTransport t = new InMemoryTransport(50, Duration.ofMinutes(60), 2, clock);
        t.publish("a", null, "1");
        long second = t.publish("b", null, "2").id();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.publish("c", null, "3"))
                .isInstanceOf(io.herald.api.LimitExceededException.class);
        assertThat(t.lastId()).as("a refused publish takes no id").isEqualTo(second);
        clock.now = clock.now.plus(Duration.ofMinutes(30));
        long third = t.publish("b", null, "3").id();
        clock.now = clock.now.plus(Duration.ofMinutes(31));
        assertThat(t.publish("c", null, "4").id()).as("a expired, making room").isGreaterThan(third);
        assertThat(t.topicCount()).isEqualTo(2);
    }
}
