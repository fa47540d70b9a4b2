package io.herald.core.broadcast;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The paths that used to lose events silently (issue 13), each on the in-memory transport: a
 * restart, a resume of several topics during publishes, and long-polls whose position is gone.
 */
class DeliveryGuaranteeTest {

    private static final Duration DEADLINE = ofSeconds(30);

    private TestHub hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aClientResumingWithAnIdFromBeforeARestartGetsAResetAndEveryNewerEvent() {
        hub = TestHub.start(Map.of());
        Broadcaster before = hub.broadcaster();
        for (int i = 0; i < 12; i++) {
            before.publish("other", null, "old " + i);
        }
        long held = before.publish("a", null, "old a").id();

        Broadcaster after = hub.restart(0);
        List<Event> newOnA = new ArrayList<>();
        newOnA.add(after.publish("a", null, "new a 1"));
        for (int i = 0; i < 20; i++) {
            after.publish("other", null, "new " + i);
        }
        newOnA.add(after.publish("a", null, "new a 2"));
        assertThat(newOnA.get(0).id()).as("ids never go backwards across a restart").isGreaterThan(held);

        RecordingSubscriber resumed = new RecordingSubscriber();
        after.subscribe(Set.of("a"), OptionalLong.of(held), resumed);
        await().atMost(DEADLINE).until(() -> resumed.events.size() == 2);
        assertThat(resumed.missed).containsExactly(held);
        assertThat(resumed.events).containsExactlyElementsOf(newOnA);
        assertThat(after.after(Set.of("a"), held).missed()).isTrue();
    }

    @Test
    void resumingSeveralTopicsWhilePublishesGoOnLosesNothingWhicheverThreadTakesTheCatchUp() throws Exception {
        hub = TestHub.start(Map.of("herald.replay.size", "100000", "herald.subscriber.queue-size", "100000"));
        Broadcaster b = hub.broadcaster();
        List<String> topics = List.of("a", "b", "c", "d");
        List<Event> published = java.util.Collections.synchronizedList(new ArrayList<>());
        published.add(b.publish("a", null, "start"));
        AtomicBoolean stop = new AtomicBoolean();
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 20_000 && !stop.get(); i++) {
                published.add(b.publish(topics.get(i % topics.size()), null, "x"));
            }
        });
        publisher.start();
        List<IdRecorder> resumed = new ArrayList<>();
        List<Long> from = new ArrayList<>();
        try {
            for (int i = 0; i < 300 && publisher.isAlive(); i++) {
                long at = b.info("a").lastId();
                // every other one takes its catch-up while subscribing, as a direct-lane stream does
                IdRecorder s = new IdRecorder(i % 2 == 1);
                b.subscribe(Set.copyOf(topics), OptionalLong.of(at), s);
                resumed.add(s);
                from.add(at);
            }
        } finally {
            stop.set(true);
            publisher.join();
        }
        List<Long> all = published.stream().map(Event::id).sorted().toList();
        for (int i = 0; i < resumed.size(); i++) {
            IdRecorder s = resumed.get(i);
            long at = from.get(i);
            List<Long> expected = all.stream().filter(id -> id > at).limit(IdRecorder.ENOUGH).toList();
            await().atMost(DEADLINE).until(() -> s.size() >= expected.size());
            assertThat(s.ids()).isEqualTo(expected);
            assertThat(s.missed).isFalse();
        }
    }

    @Test
    void aPollWhoseSinceWasEvictedAnswersWhatRemainsWithMissed() throws Exception {
        hub = TestHub.start(Map.of("herald.replay.size", "3"));
        Broadcaster b = hub.broadcaster();
        List<Event> e = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            e.add(b.publish("p", null, "e" + i));
        }
        ReplayResult r = b.awaitAfter(Set.of("p"), e.get(0).id(), ofSeconds(30)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertThat(r).isEqualTo(new ReplayResult(e.subList(3, 6), true));
        ReplayResult fine = b.awaitAfter(Set.of("p"), e.get(2).id(), ofSeconds(30)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertThat(fine).isEqualTo(new ReplayResult(e.subList(3, 6), false));
        // a poll from before everything retained that has to wait still says so when it is answered
        ReplayResult timedOut = b.awaitAfter(Set.of("empty"), e.get(0).id() - 1_000_000_000L, Duration.ofMillis(100))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(timedOut).isEqualTo(new ReplayResult(List.of(), true));
    }

    @Test
    void aPollWithASinceAboveEveryIdIsAnsweredByTheNextEventWithMissed() throws Exception {
        hub = TestHub.start(Map.of());
        Broadcaster b = hub.broadcaster();
        Event retained = b.publish("p", null, "retained");
        long unknown = retained.id() + 1; // e.g. from a node whose clock was ahead
        CompletableFuture<ReplayResult> waiting = b.awaitAfter(Set.of("p"), unknown, ofSeconds(30)).toCompletableFuture();
        assertThat(waiting).as("nothing above it yet; the retained event is below it").isNotDone();
        Event next = b.publish("p", null, "next");
        assertThat(waiting.get(5, TimeUnit.SECONDS)).as("not a full wait: the next event answers it, with missed")
                .isEqualTo(new ReplayResult(List.of(next), true));
        ReplayResult timedOut = b.awaitAfter(Set.of("p"), next.id() + 60_000_000L, Duration.ofMillis(100))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(timedOut).as("a bogus future id: told at the timeout").isEqualTo(new ReplayResult(List.of(), true));
    }
    /** Keeps only ids: cheap enough for hundreds of subscribers of thousands of events. */
    private static final class IdRecorder implements io.herald.api.Subscriber {
        private final List<Long> ids = new ArrayList<>();
        volatile boolean missed;
        private final boolean catchesUpWhileSubscribing;

        IdRecorder(boolean catchesUpWhileSubscribing) {
            this.catchesUpWhileSubscribing = catchesUpWhileSubscribing;
        }

        @Override
        public boolean catchesUpWhileSubscribing() {
            return catchesUpWhileSubscribing;
        }

        /** The hand-over from replay to live is what is checked: the first events after resuming. */
        static final int ENOUGH = 200;

        @Override
        public synchronized void onEvent(Event event) {
            if (ids.size() == ENOUGH) {
                throw new IllegalStateException("enough"); // ends this subscription
            }
            ids.add(event.id());
        }

        @Override
        public void onMissed(long lastEventId) {
            missed = true;
        }

        synchronized int size() {
            return ids.size();
        }

        synchronized List<Long> ids() {
            return List.copyOf(ids);
        }
    }
}
