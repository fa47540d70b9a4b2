package io.herald.core.broadcast;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import io.herald.api.Subscription;
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
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BroadcasterTest {

    private static final Duration DEADLINE = ofSeconds(30);

    private TestHub hub;
    private Broadcaster broadcaster;

    @BeforeEach
    void start() {
        hub = TestHub.start(Map.of("herald.replay.size", "50", "herald.subscriber.queue-size", "100000"));
        broadcaster = hub.broadcaster();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void aHubInMemorySaysItsReadsNeverWait() {
        assertThat(hub.broadcaster().readsMayWait()).isFalse();
    }

    @Test
    void onePublishReachesEverySubscriberOfTheTopicOnly() {
        List<RecordingSubscriber> dashboards = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            RecordingSubscriber s = new RecordingSubscriber();
            broadcaster.subscribe(Set.of("notifications"), OptionalLong.empty(), s);
            dashboards.add(s);
        }
        RecordingSubscriber other = new RecordingSubscriber();
        broadcaster.subscribe(Set.of("other"), OptionalLong.empty(), other);

        Event published = broadcaster.publish("notifications", "notice", "{\"alert\":5}");

        await().atMost(DEADLINE).until(() -> dashboards.stream().allMatch(s -> s.events.size() == 1));
        dashboards.forEach(s -> assertThat(s.events).containsExactly(published));
        assertThat(published.type()).isEqualTo("notice");
        assertThat(other.events).isEmpty();
    }

    @Test
    void seedWorkedExampleSleepingDashboardCatchesUpWithoutDuplicates() {
        RecordingSubscriber a = new RecordingSubscriber();
        RecordingSubscriber b = new RecordingSubscriber();
        RecordingSubscriber c = new RecordingSubscriber();
        broadcaster.subscribe(Set.of("notifications"), OptionalLong.empty(), a);
        Subscription bLine = broadcaster.subscribe(Set.of("notifications"), OptionalLong.empty(), b);
        broadcaster.subscribe(Set.of("notifications"), OptionalLong.empty(), c);
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            ids.add(broadcaster.publish("notifications", "notice", "alert " + i).id());
        }
        await().atMost(DEADLINE).until(() -> b.events.size() == 4);
        bLine.close(); // the laptop sleeps
        await().atMost(DEADLINE).until(() -> b.closes == 1);
        for (int i = 5; i <= 7; i++) {
            ids.add(broadcaster.publish("notifications", "notice", "alert " + i).id());
        }

        RecordingSubscriber bAgain = new RecordingSubscriber();
        broadcaster.subscribe(Set.of("notifications"), OptionalLong.of(b.ids().get(3)), bAgain);
        await().atMost(DEADLINE).until(() -> bAgain.events.size() == 3);
        ids.add(broadcaster.publish("notifications", "notice", "alert 8").id());

        await().atMost(DEADLINE).until(() -> bAgain.events.size() == 4 && a.events.size() == 8 && c.events.size() == 8);
        assertThat(bAgain.ids()).containsExactlyElementsOf(ids.subList(4, 8));
        assertThat(bAgain.missed).isEmpty();
        assertThat(a.ids()).containsExactlyElementsOf(ids);
        assertThat(c.ids()).isEqualTo(a.ids());
    }

    @Test
    void replayAfterAnIdGivesOnlyNewerEvents() {
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            ids.add(broadcaster.publish("t", null, "e" + i).id());
        }
        ReplayResult r = broadcaster.after(Set.of("t"), ids.get(6));
        assertThat(r.missed()).isFalse();
        assertThat(r.events()).extracting(Event::id).containsExactlyElementsOf(ids.subList(7, 10));
        assertThat(broadcaster.after(Set.of("t"), ids.get(9)).events()).isEmpty();
        assertThat(broadcaster.after(Set.of("unknown"), 0)).isEqualTo(ReplayResult.empty());
    }

    @Test
    void anIdOlderThanTheBufferIsToldItMissedAndGetsWhatRemains() {
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            ids.add(broadcaster.publish("t", null, "e" + i).id());
        }
        ReplayResult r = broadcaster.after(Set.of("t"), ids.get(2));
        assertThat(r.missed()).isTrue();
        assertThat(r.events()).extracting(Event::id).containsExactlyElementsOf(ids.subList(10, 60));
        assertThat(broadcaster.after(Set.of("t"), ids.get(9)).missed()).isFalse();

        RecordingSubscriber late = new RecordingSubscriber();
        broadcaster.subscribe(Set.of("t"), OptionalLong.of(ids.get(2)), late);
        await().atMost(DEADLINE).until(() -> late.events.size() == 50);
        assertThat(late.missed).containsExactly(ids.get(2));
        assertThat(late.ids().get(0)).isEqualTo(ids.get(10));
    }

    @Test
    void aSubscriberThatCatchesUpWhileSubscribingHasItsNoticeReplayAndFlushBeforeSubscribeReturnsThenLiveOnDeliveryThreads() {
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            ids.add(broadcaster.publish("t", null, "e" + i).id());
        }
        CatchingUpSubscriber late = new CatchingUpSubscriber();
        broadcaster.subscribe(Set.of("t"), OptionalLong.of(ids.get(2)), late);

        // no waiting: all of it happened on this thread, inside subscribe
        List<String> expected = new ArrayList<>();
        expected.add("missed " + ids.get(2));
        ids.subList(10, 60).forEach(id -> expected.add("event " + id));
        expected.add("flush");
        assertThat(late.callsOn(Thread.currentThread())).containsExactlyElementsOf(expected);
        assertThat(late.calls).hasSize(expected.size());

        long live = broadcaster.publish("t", null, "live").id();
        await().atMost(DEADLINE).until(() -> late.calls.size() == expected.size() + 2);
        assertThat(late.calls.subList(expected.size(), expected.size() + 2))
                .extracting(CatchingUpSubscriber.Call::what).containsExactly("event " + live, "flush");
        assertThat(late.calls.get(expected.size()).thread()).as("live events on a delivery thread")
                .isNotSameAs(Thread.currentThread());
    }

    @Test
    void aCatchUpLongerThanOneBatchTakesOneBatchWhileSubscribingAndTheRestOnDeliveryThreadsEachIdOnce() {
        restartWith(Map.of("herald.replay.size", "500", "herald.subscriber.queue-size", "100000"));
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            ids.add(broadcaster.publish("t", null, "e" + i).id());
        }
        CatchingUpSubscriber late = new CatchingUpSubscriber();
        broadcaster.subscribe(Set.of("t"), OptionalLong.of(ids.get(0)), late);
        List<String> onThisThread = late.callsOn(Thread.currentThread());
        assertThat(onThisThread).hasSize(Mailbox.BATCH + 1).endsWith("flush");
        assertThat(onThisThread.subList(0, Mailbox.BATCH))
                .containsExactlyElementsOf(ids.subList(1, 1 + Mailbox.BATCH).stream().map(id -> "event " + id).toList());

        long live = broadcaster.publish("t", null, "live").id();
        await().atMost(DEADLINE).until(() -> late.events.size() == 300);
        List<Long> expected = new ArrayList<>(ids.subList(1, 300));
        expected.add(live);
        assertThat(late.ids()).containsExactlyElementsOf(expected);
        assertThat(late.missed).isEmpty();
    }

    @Test
    void anIdAboveEveryIdIsToldItMissedAndGetsOnlyNewerEventsNeverALowerId() {
        broadcaster.publish("t", null, "one");
        broadcaster.publish("t", null, "two");
        RecordingSubscriber s = new RecordingSubscriber();
        long unknown = broadcaster.info("t").lastId() + 1; // e.g. from a node whose clock was ahead
        assertThat(broadcaster.after(Set.of("t"), unknown)).isEqualTo(new ReplayResult(List.of(), true));
        broadcaster.subscribe(Set.of("t"), OptionalLong.of(unknown), s);
        Event three = broadcaster.publish("t", null, "three");
        await().atMost(DEADLINE).until(() -> s.events.size() == 1);
        assertThat(s.missed).containsExactly(unknown);
        assertThat(s.events).containsExactly(three);
    }

    @Test
    void oneStreamOfSeveralTopicsIsMergedInIdOrder() {
        broadcaster.publish("a", null, "a1");
        broadcaster.publish("b", null, "b2");
        broadcaster.publish("c", null, "c3");
        broadcaster.publish("a", null, "a4");
        RecordingSubscriber s = new RecordingSubscriber();
        broadcaster.subscribe(Set.of("a", "b"), OptionalLong.of(0), s);
        broadcaster.publish("b", null, "b5");
        broadcaster.publish("c", null, "c6");
        broadcaster.publish("a", null, "a7");
        await().atMost(DEADLINE).until(() -> s.events.size() == 5);
        assertThat(s.data()).containsExactly("a1", "b2", "a4", "b5", "a7");
    }

    @Test
    void concurrentPublishersEverySubscriberSeesAGapFreeIncreasingSequence() throws Exception {
        int publishers = 8;
        int perPublisher = 500;
        List<RecordingSubscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RecordingSubscriber s = new RecordingSubscriber();
            broadcaster.subscribe(Set.of("busy"), OptionalLong.empty(), s);
            subscribers.add(s);
        }
        List<Long> published = new java.util.concurrent.CopyOnWriteArrayList<>();
        runConcurrently(publishers, () -> {
            for (int i = 0; i < perPublisher; i++) {
                published.add(broadcaster.publish("busy", null, "x").id());
            }
        });
        int total = publishers * perPublisher;
        await().atMost(DEADLINE).until(() -> subscribers.stream().allMatch(s -> s.events.size() >= total));
        List<Long> expected = published.stream().sorted().toList();
        subscribers.forEach(s -> assertThat(s.ids()).isEqualTo(expected));
    }

    @Test
    void subscribingDuringABurstSeesEveryLaterEventExactlyOnceInOrderWhicheverThreadTakesTheCatchUp() throws Exception {
        int total = 4000;
        // Room for the whole burst: this is about the replay/live hand-over, not eviction.
        restartWith(Map.of("herald.replay.size", String.valueOf(total), "herald.subscriber.queue-size", "100000"));
        List<RecordingSubscriber> joiners = new ArrayList<>();
        List<Long> joinedAfter = new ArrayList<>();
        List<Long> published = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            Future<?> publisher = pool.submit(() -> {
                go.await();
                for (int i = 0; i < total; i++) {
                    published.add(broadcaster.publish("race", null, "x").id());
                }
                return null;
            });
            Future<?> joiner = pool.submit(() -> {
                go.await();
                for (int i = 0; i < 40; i++) {
                    // every other one takes its catch-up while subscribing, as a direct-lane stream does
                    RecordingSubscriber s = i % 2 == 0 ? new RecordingSubscriber() : new CatchingUpSubscriber();
                    long seen = broadcaster.info("race").lastId();
                    broadcaster.subscribe(Set.of("race"), OptionalLong.of(seen), s);
                    synchronized (joiners) {
                        joiners.add(s);
                        joinedAfter.add(seen);
                    }
                }
                return null;
            });
            go.countDown();
            publisher.get(30, TimeUnit.SECONDS);
            joiner.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < joiners.size(); i++) {
            RecordingSubscriber s = joiners.get(i);
            long from = joinedAfter.get(i);
            List<Long> expected = published.stream().filter(id -> id > from).toList();
            await().atMost(DEADLINE).until(() -> s.events.size() >= expected.size());
            assertThat(s.ids()).isEqualTo(expected);
            assertThat(s.missed).isEmpty();
        }
    }

    @Test
    void aThrowingOrBlockingSubscriberDoesNotStopTheOthers() {
        CountDownLatch release = new CountDownLatch(1);
        RecordingSubscriber blocked = new RecordingSubscriber() {
            @Override
            public void onEvent(Event event) {
                super.onEvent(event);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        RecordingSubscriber throwing = new RecordingSubscriber() {
            @Override
            public void onEvent(Event event) {
                throw new IllegalStateException("connection reset");
            }
        };
        RecordingSubscriber healthy = new RecordingSubscriber();
        broadcaster.subscribe(Set.of("t"), OptionalLong.empty(), blocked);
        Subscription broken = broadcaster.subscribe(Set.of("t"), OptionalLong.empty(), throwing);
        broadcaster.subscribe(Set.of("t"), OptionalLong.empty(), healthy);
        try {
            for (int i = 0; i < 20; i++) {
                broadcaster.publish("t", null, "e" + i);
            }
            await().atMost(DEADLINE).until(() -> healthy.events.size() == 20);
            await().atMost(DEADLINE).until(() -> throwing.closes == 1);
            assertThat(broken.isOpen()).isFalse();
            assertThat(blocked.events).hasSize(1);
            assertThat(broadcaster.info("t").streams()).isEqualTo(2);
        } finally {
            release.countDown();
        }
        await().atMost(DEADLINE).until(() -> blocked.events.size() == 20);
    }

    @Test
    void eachDeliveryIsFlushedAndABacklogCostsOneFlush() {
        CountDownLatch release = new CountDownLatch(1);
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        RecordingSubscriber writer = new RecordingSubscriber() {
            @Override
            public void onEvent(Event event) {
                calls.add("event " + event.id());
                if (event.data().equals("first")) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void flush() {
                calls.add("flush");
            }
        };
        broadcaster.subscribe(Set.of("t"), OptionalLong.empty(), writer);
        List<String> expected = new ArrayList<>();
        expected.add("event " + broadcaster.publish("t", null, "first").id());
        await().atMost(DEADLINE).until(() -> calls.size() == 1);
        for (int i = 0; i < 20; i++) {
            expected.add("event " + broadcaster.publish("t", null, "backlog " + i).id());
        }
        release.countDown();
        await().atMost(DEADLINE).until(() -> calls.size() == 22);
        expected.add("flush"); // one flush for the first event and the 20 that queued up behind it
        assertThat(calls).containsExactlyElementsOf(expected);

        long next = broadcaster.publish("t", null, "alone").id();
        await().atMost(DEADLINE).until(() -> calls.size() == 24);
        assertThat(calls.subList(22, 24)).containsExactly("event " + next, "flush");
    }

    @Test
    void aFailingFlushClosesOnlyThatSubscription() {
        RecordingSubscriber failing = new RecordingSubscriber() {
            @Override
            public void flush() {
                throw new IllegalStateException("connection reset");
            }
        };
        RecordingSubscriber healthy = new RecordingSubscriber();
        Subscription broken = broadcaster.subscribe(Set.of("t"), OptionalLong.empty(), failing);
        broadcaster.subscribe(Set.of("t"), OptionalLong.empty(), healthy);
        broadcaster.publish("t", null, "one");
        await().atMost(DEADLINE).until(() -> failing.closes == 1);
        assertThat(broken.isOpen()).isFalse();
        broadcaster.publish("t", null, "two");
        await().atMost(DEADLINE).until(() -> healthy.events.size() == 2);
        assertThat(failing.events).hasSize(1);
        assertThat(broadcaster.info("t").streams()).isEqualTo(1);
    }

    @Test
    void aSubscriberThatSaysItsClientIsTooSlowIsDroppedAndCountedWithoutHavingWaited() {
        RecordingSubscriber tooSlow = new RecordingSubscriber() {
            @Override
            public void onEvent(Event event) {
                throw new io.herald.api.SubscriberTooSlowException("client behind");
            }
        };
        RecordingSubscriber healthy = new RecordingSubscriber();
        Subscription s = broadcaster.subscribe(Set.of("slow"), OptionalLong.empty(), tooSlow);
        broadcaster.subscribe(Set.of("slow"), OptionalLong.empty(), healthy);
        broadcaster.publish("slow", null, "x");
        await().atMost(DEADLINE).until(() -> tooSlow.closes == 1);
        assertThat(s.isOpen()).isFalse();
        assertThat(broadcaster.status().slowConsumersDropped()).isEqualTo(1);
        // and closing as too slow from outside a delivery (a keepalive found it) counts the same, once
        Subscription other = broadcaster.subscribe(Set.of("slow"), OptionalLong.empty(), new RecordingSubscriber());
        other.closeTooSlow();
        other.closeTooSlow();
        assertThat(broadcaster.status().slowConsumersDropped()).isEqualTo(2);
        assertThat(broadcaster.info("slow").streams()).isEqualTo(1);
        await().atMost(DEADLINE).until(() -> healthy.events.size() == 1);
    }

    @Test
    void aSubscriberThatFallsTooFarBehindIsDroppedAndCounted() {
        restartWith(Map.of("herald.subscriber.queue-size", "5"));
        CountDownLatch release = new CountDownLatch(1);
        RecordingSubscriber stalled = new RecordingSubscriber() {
            @Override
            public void onEvent(Event event) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Subscription s = broadcaster.subscribe(Set.of("t"), OptionalLong.empty(), stalled);
        for (int i = 0; i < 10; i++) {
            broadcaster.publish("t", null, "e" + i);
        }
        assertThat(s.isOpen()).isFalse();
        assertThat(broadcaster.status().slowConsumersDropped()).isEqualTo(1);
        assertThat(broadcaster.info("t").streams()).isZero();
        release.countDown();
        await().atMost(DEADLINE).until(() -> stalled.closes == 1);
    }

    @Test
    void closingASubscriptionRemovesItAndTellsTheSubscriberOnce() {
        RecordingSubscriber s = new RecordingSubscriber();
        Subscription sub = broadcaster.subscribe(Set.of("a", "b"), OptionalLong.empty(), s);
        assertThat(broadcaster.info("a").streams()).isEqualTo(1);
        sub.close();
        sub.close();
        assertThat(broadcaster.info("a").streams()).isZero();
        assertThat(broadcaster.info("b").streams()).isZero();
        await().atMost(DEADLINE).until(() -> s.closes == 1);
        broadcaster.publish("a", null, "after close");
        assertThat(s.events).isEmpty();
    }

    @Test
    void closingAnIdleSubscriptionTellsTheSubscriberAtOnceOnTheClosingThread() {
        // a storm closes thousands of idle streams on the thread that reads their resets: no
        // delivery thread is woken to say so
        List<Thread> toldOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        RecordingSubscriber s = new RecordingSubscriber() {
            @Override
            public void onClose() {
                toldOn.add(Thread.currentThread());
                super.onClose();
            }
        };
        Subscription sub = broadcaster.subscribe(Set.of("idle"), OptionalLong.empty(), s);
        sub.close();
        assertThat(toldOn).containsExactly(Thread.currentThread());
        sub.close();
        sub.closeTooSlow();
        assertThat(s.closes).isEqualTo(1);
        assertThat(broadcaster.info("idle").streams()).isZero();
        assertThat(broadcaster.status().slowConsumersDropped()).isZero();
    }

    @Test
    void closingWhileADeliveryRunsTellsTheSubscriberAfterItOnTheDeliveryThread() {
        CountDownLatch inDelivery = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        RecordingSubscriber s = new RecordingSubscriber() {
            @Override
            public void onEvent(Event event) {
                threads.add(Thread.currentThread());
                calls.add("event " + event.data());
                inDelivery.countDown();
                try { // timed: a failed assertion must not hold a delivery thread for good
                    release.await(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                calls.add("event done");
            }

            @Override
            public void onClose() {
                threads.add(Thread.currentThread());
                calls.add("close");
                super.onClose();
            }
        };
        Subscription sub = broadcaster.subscribe(Set.of("busy"), OptionalLong.empty(), s);
        broadcaster.publish("busy", null, "one");
        await().atMost(DEADLINE).until(() -> inDelivery.getCount() == 0);
        sub.close();
        assertThat(sub.isOpen()).isFalse();
        assertThat(calls).as("never told while its delivery runs").containsExactly("event one");
        release.countDown();
        await().atMost(DEADLINE).until(() -> s.closes == 1);
        assertThat(calls).containsExactly("event one", "event done", "close");
        assertThat(threads).hasSize(2);
        assertThat(threads.get(1)).as("told by the drain that delivered").isSameAs(threads.get(0))
                .isNotSameAs(Thread.currentThread());
    }

    @Test
    void longPollReturnsAtOnceWhenNewerEventsExist() throws Exception {
        Event one = broadcaster.publish("p", null, "one");
        broadcaster.publish("p", null, "two");
        List<Event> events = broadcaster.awaitAfter(Set.of("p"), one.id(), ofSeconds(30)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS).events();
        assertThat(events).extracting(Event::data).containsExactly("two");
        assertThat(broadcaster.info("p").polls()).isZero();
    }

    @Test
    void aZeroTimeoutLongPollAnswersTheEventsAlreadyThereNeverNothing() throws Exception {
        Event e = broadcaster.publish("p0", null, "there");
        // the zero-delay timer raced the history read: some of these answered empty
        for (int i = 0; i < 2000; i++) {
            ReplayResult answer = broadcaster.awaitAfter(Set.of("p0"), e.id() - 1, Duration.ZERO).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            assertThat(answer.events()).as("poll %d", i).containsExactly(e);
        }
        assertThat(broadcaster.info("p0").polls()).isZero();
    }

    @Test
    void longPollWaitsWithoutAThreadAndWakesOnPublish() throws Exception {
        List<CompletableFuture<ReplayResult>> waiting = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            waiting.add(broadcaster.awaitAfter(Set.of("p"), 0, ofSeconds(30)).toCompletableFuture());
        }
        assertThat(waiting).noneMatch(CompletableFuture::isDone);
        assertThat(broadcaster.info("p").polls()).isEqualTo(1000);
        Event e = broadcaster.publish("p", null, "wake");
        for (CompletableFuture<ReplayResult> f : waiting) {
            assertThat(f.get(5, TimeUnit.SECONDS).events()).containsExactly(e);
        }
        await().atMost(DEADLINE).until(() -> broadcaster.info("p").polls() == 0);
    }

    @Test
    void longPollCompletesEmptyWhenTheTimeoutPasses() throws Exception {
        CompletableFuture<ReplayResult> f = broadcaster.awaitAfter(Set.of("p"), 0, Duration.ofMillis(200)).toCompletableFuture();
        assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(ReplayResult.empty());
        await().atMost(DEADLINE).until(() -> broadcaster.info("p").polls() == 0);
    }

    @Test
    void aLongPollEndedBeforeItsTimeoutLeavesNothingOnTheTimerWhetherAnsweredOrCancelled() throws Exception {
        int idle = broadcaster.pendingTimers();
        List<CompletableFuture<ReplayResult>> waiting = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            waiting.add(broadcaster.awaitAfter(Set.of("p"), 0, Duration.ofHours(1)).toCompletableFuture());
        }
        assertThat(broadcaster.pendingTimers()).as("one timeout per waiting poll").isEqualTo(idle + 1000);
        for (CompletableFuture<ReplayResult> f : waiting.subList(0, 500)) {
            f.cancel(false); // the client went away
        }
        await().atMost(DEADLINE).until(() -> broadcaster.pendingTimers() == idle + 500);
        broadcaster.publish("p", null, "wake");
        for (CompletableFuture<ReplayResult> f : waiting.subList(500, 1000)) {
            f.get(5, TimeUnit.SECONDS);
        }
        await().atMost(DEADLINE).until(() -> broadcaster.pendingTimers() == idle);
    }

    @Test
    void cancellingALongPollReleasesIt() {
        CompletableFuture<ReplayResult> f = broadcaster.awaitAfter(Set.of("p"), 0, ofSeconds(30)).toCompletableFuture();
        f.cancel(false);
        assertThat(broadcaster.info("p").polls()).isZero();
    }

    @Test
    void aLongPollItsCallerCompletesExceptionallyIsReleasedAndItsTimerWithIt() {
        int idle = broadcaster.pendingTimers();
        CompletableFuture<ReplayResult> f = broadcaster.awaitAfter(Set.of("p"), 0, ofSeconds(30)).toCompletableFuture();
        assertThat(broadcaster.info("p").polls()).isEqualTo(1);
        f.completeExceptionally(new java.util.concurrent.CompletionException("the client went", null));
        assertThat(broadcaster.info("p").polls()).isZero();
        await().atMost(DEADLINE).until(() -> broadcaster.pendingTimers() == idle);
    }

    @Test
    void topicInfoCountsStreamsPollsAndBuffer() {
        broadcaster.subscribe(Set.of("i"), OptionalLong.empty(), new RecordingSubscriber());
        long last = 0;
        for (int i = 0; i < 3; i++) {
            last = broadcaster.publish("i", null, "x").id();
        }
        broadcaster.awaitAfter(Set.of("i"), last, ofSeconds(30));
        var info = broadcaster.info("i");
        assertThat(info.streams()).isEqualTo(1);
        assertThat(info.polls()).isEqualTo(1);
        assertThat(info.subscribers()).isEqualTo(2);
        assertThat(info.lastId()).isEqualTo(last);
        assertThat(info.buffered()).isEqualTo(3);
    }

    @Test
    void invalidTopicsTypesAndPositionsAreRejectedByTheHubBeforeAnyTransportCall() {
        assertThatThrownBy(() -> broadcaster.publish("bad topic", null, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> broadcaster.publish("t", "a\nid: 99", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> broadcaster.publish("t", "x".repeat(65), "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> broadcaster.publish("t", "reset", "x")).as("Herald's own missed-events frame")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> broadcaster.publish("..", null, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> broadcaster.subscribe(Set.of(), OptionalLong.empty(), new RecordingSubscriber()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> broadcaster.subscribe(Set.of("bad topic"), OptionalLong.empty(), new RecordingSubscriber()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> broadcaster.after(Set.of("t"), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> broadcaster.awaitAfter(Set.of("t"), -1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> broadcaster.info("bad topic")).isInstanceOf(IllegalArgumentException.class);
        assertThat(broadcaster.status().placesTaken()).as("refusals take no place").isZero();
        assertThat(broadcaster.info("t").lastId()).isZero();
    }

    private void restartWith(Map<String, String> settings) {
        hub.close();
        hub = TestHub.start(settings);
        broadcaster = hub.broadcaster();
    }

    private static void runConcurrently(int threads, Runnable work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(pool.submit(() -> {
                    go.await();
                    work.run();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
