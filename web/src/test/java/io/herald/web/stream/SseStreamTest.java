package io.herald.web.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.api.Event;
import io.herald.api.Subscription;
import io.herald.web.container.FrameChannel;
import io.herald.web.sse.EventFrames;
import io.herald.web.sse.SseFrame;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SseStreamTest {

    private final KeepAliveScheduler timer = new KeepAliveScheduler();
    private final FakeSink sink = new FakeSink();
    private final FakeSubscription subscription = new FakeSubscription();

    @BeforeEach
    void startTimer() {
        timer.start();
    }

    @AfterEach
    void stopTimer() {
        timer.stop();
    }

    private SseStream stream(Duration keepAlive) {
        SseStream stream = new SseStream(sink, new EventFrames(), timer, keepAlive);
        stream.attach(subscription, timer.every(keepAlive, stream::keepAliveTick));
        return stream;
    }

    @Test
    void eventsAndResetAreWrittenInOrder() {
        SseStream stream = stream(Duration.ofHours(1));
        stream.onMissed(3);
        stream.onEvent(new Event(4, "t", null, "x", Instant.now()));
        assertThat(sink.written).extracting(Object::toString)
                .containsExactly("event: reset\ndata: {\"lastEventId\":3}\n", "id: 4\ndata: x\n");
    }

    @Test
    void failedWriteEndsSubscriptionAndSink() {
        SseStream stream = stream(Duration.ofHours(1));
        sink.failWrites = true;
        assertAFailedEventEndsEverything(stream);
    }

    private void assertAFailedEventEndsEverything(SseStream stream) {
        // thrown so that the broadcaster drops the subscriber (and counts it as slow if the write had blocked)
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> stream.onEvent(new Event(1, "t", null, "x", Instant.now())))
                .isInstanceOf(IllegalStateException.class);
        assertThat(stream.isEnded()).isTrue();
        assertThat(subscription.closed).isTrue();
        assertThat(sink.isClosed()).isTrue();
    }

    @Test
    void aFailedWriteIsTheEndCause() {
        SseStream stream = stream(Duration.ofHours(1));
        sink.failWrites = true;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> stream.onEvent(new Event(1, "t", null, "x", Instant.now())));
        assertThat(stream.endCause()).isInstanceOf(IOException.class);
    }


    @Test
    void aFailedWriteIsReportedToTheHubWithItsCauseAndNoStackOfItsOwn() {
        // a storm's first publish after every client reset finds thousands of closed connections:
        // what tells the hub costs no stack walk, and what failed is still in it
        SseStream stream = stream(Duration.ofHours(1));
        sink.failWrites = true;
        Throwable reported = org.assertj.core.api.Assertions.catchThrowable(
                () -> stream.onEvent(new Event(1, "t", null, "x", Instant.now())));
        assertThat(reported).isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(IOException.class);
        assertThat(reported.getCause()).isSameAs(stream.endCause());
        assertThat(reported.getStackTrace()).isEmpty();
    }
    @Test
    void theEndCauseIsKnownWhenTheEndIsReported() {
        java.util.concurrent.atomic.AtomicReference<SseStream> ref = new java.util.concurrent.atomic.AtomicReference<>();
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        SseStream stream = new SseStream(sink, new EventFrames(), timer, Duration.ofHours(1),
                () -> reported.add(ref.get().endCause()));
        ref.set(stream);
        stream.attach(subscription, null);
        sink.failWrites = true;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> stream.onEvent(new Event(1, "t", null, "x", Instant.now())));
        assertThat(reported).isNotEmpty().allMatch(e -> e instanceof IOException);
    }

    @Test
    void anEndWithoutFailureHasNoCause() {
        SseStream stream = stream(Duration.ofHours(1));
        stream.end();
        assertThat(stream.endCause()).isNull();
    }

    @Test
    void detachEndsTheSubscriptionAndLeavesTheContainersResponseOpen() {
        SseStream stream = stream(Duration.ofHours(1));
        stream.detach();
        assertThat(stream.isEnded()).isTrue();
        assertThat(subscription.closed).isTrue();
        assertThat(sink.isClosed()).isFalse();
        stream.onEvent(new Event(2, "t", null, "x", Instant.now()));
        assertThat(sink.written).isEmpty();
    }

    @Test
    void sinkClosedByContainerIsNoticedOnTheNextTick() {
        SseStream stream = stream(Duration.ofMillis(50));
        sink.closed.set(true);
        await().atMost(Duration.ofSeconds(2)).until(stream::isEnded);
        assertThat(subscription.closed).isTrue();
    }

    @Test
    void idleStreamGetsKeepalives() {
        stream(Duration.ofMillis(50));
        await().atMost(Duration.ofSeconds(2)).until(() -> sink.written.stream()
                .anyMatch(frame -> frame.toString().equals(": keepalive\n")));
    }

    @Test
    void broadcasterClosingTheSubscriptionClosesTheSink() {
        SseStream stream = stream(Duration.ofHours(1));
        stream.onClose();
        assertThat(sink.isClosed()).isTrue();
        stream.onEvent(new Event(1, "t", null, "late", Instant.now()));
        assertThat(sink.written).isEmpty();
    }

    @Test
    void endedBeforeAttachReleasesOnAttach() {
        SseStream stream = new SseStream(sink, new EventFrames(), timer, Duration.ofHours(1));
        sink.failWrites = true;
        stream.send(SseFrame.retry(Duration.ofSeconds(1)));
        stream.attach(subscription, timer.every(Duration.ofHours(1), stream::keepAliveTick));
        assertThat(subscription.closed).isTrue();
    }

    @Test
    void aTokenDeadlineCenturiesAwayKeepsTheStreamOpenInsteadOfOverflowing() {
        for (Instant farAway : new Instant[] {Instant.ofEpochSecond(99_999_999_999L), Instant.MAX}) {
            AtomicBoolean released = new AtomicBoolean();
            SseStream stream = new SseStream(new FakeSink(), new EventFrames(), timer, Duration.ofSeconds(Long.MAX_VALUE),
                    () -> released.set(true));
            stream.endAt(farAway); // Duration.toNanos overflowed here: a 500 with the slot never given back
            stream.attach(subscription, timer.every(Duration.ofSeconds(Long.MAX_VALUE), stream::keepAliveTick));
            stream.onEvent(new Event(1, "t", null, "x", Instant.now()));
            assertThat(stream.isEnded()).isFalse();
            stream.end();
            assertThat(released).isTrue();
        }
    }

    @Test
    void aPassedDeadlineEndsTheStreamAtOnce() {
        AtomicBoolean released = new AtomicBoolean();
        SseStream stream = new SseStream(sink, new EventFrames(), timer, Duration.ofHours(1), () -> released.set(true));
        stream.endAt(Instant.MIN);
        await().atMost(Duration.ofSeconds(2)).until(stream::isEnded);
        assertThat(released).isTrue();
        assertThat(sink.isClosed()).isTrue();
    }

    @Test
    void anAbandonedStreamGivesBackWhatItHoldsButLeavesTheSinkToTheErrorResponse() {
        AtomicBoolean released = new AtomicBoolean();
        SseStream stream = new SseStream(sink, new EventFrames(), timer, Duration.ofHours(1), () -> released.set(true));
        stream.endAt(Instant.now().plusSeconds(60));
        stream.abandon();
        assertThat(released).isTrue();
        assertThat(stream.isEnded()).isTrue();
        assertThat(sink.isClosed()).isFalse();
        stream.attach(subscription, null); // arriving late, still released
        assertThat(subscription.closed).isTrue();
    }

    /** A stream whose retry went through the sink and which then writes raw to {@code out}. */
    private SseStream rawStream(Duration keepAlive, java.io.OutputStream out) {
        SseStream stream = new SseStream(sink, new EventFrames(), timer, keepAlive);
        StreamHandoff handoff = new StreamHandoff();
        stream.start(SseFrame.retry(Duration.ofSeconds(2)), handoff,
                () -> stream.attach(subscription, timer.every(keepAlive, stream::keepAliveTick)));
        handoff.answered(onFailure -> new OutputStreamChannel(out));
        return stream;
    }

    @Test
    void afterTheHandoffFramesAreWrittenRawWithTheEmptyLine() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        SseStream stream = rawStream(Duration.ofHours(1), out);
        stream.onMissed(3);
        stream.onEvent(new Event(4, "t", null, "x", Instant.now()));
        assertThat(sink.written).extracting(Object::toString).containsExactly("retry: 2000\n");
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("event: reset\ndata: {\"lastEventId\":3}\n\nid: 4\ndata: x\n\n");
    }

    @Test
    void rawEventsStayInTheResponseBufferUntilTheRunIsFlushed() {
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        SseStream stream = rawStream(Duration.ofHours(1), new java.io.BufferedOutputStream(wire, 1024));
        stream.onEvent(new Event(4, "t", null, "x", Instant.now()));
        stream.onEvent(new Event(5, "t", null, "y", Instant.now()));
        assertThat(wire.size()).as("nothing flushed yet").isZero();
        stream.flush();
        assertThat(wire.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("id: 4\ndata: x\n\nid: 5\ndata: y\n\n");
    }

    @Test
    void failedRawWriteEndsSubscriptionAndClosesSink() {
        java.io.OutputStream broken = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }
        };
        SseStream stream = rawStream(Duration.ofHours(1), broken);
        assertAFailedEventEndsEverything(stream);
    }

    @Test
    void rawIdleStreamGetsKeepalives() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        rawStream(Duration.ofMillis(50), out);
        await().atMost(Duration.ofSeconds(2)).until(() -> {
            synchronized (out) {
                return out.toString(java.nio.charset.StandardCharsets.UTF_8).contains(": keepalive\n\n");
            }
        });
    }

    @Test
    void anIdleStreamWhoseChannelReportsAStalledClientEndsAtItsKeepalive() {
        FrameChannel stalled = new FrameChannel() {
            @Override
            public void write(SseFrame frame) {
            }

            @Override
            public void flush() {
            }

            @Override
            public boolean backedUp() throws IOException {
                throw new IOException("client read nothing for 10000 ms; connection closed");
            }
        };
        SseStream stream = new SseStream(sink, new EventFrames(), timer, Duration.ofMillis(50));
        StreamHandoff handoff = new StreamHandoff();
        stream.start(SseFrame.retry(Duration.ofSeconds(2)), handoff,
                () -> stream.attach(subscription, timer.every(Duration.ofMillis(50), stream::keepAliveTick)));
        handoff.answered(onFailure -> stalled);
        await().atMost(Duration.ofSeconds(2)).until(stream::isEnded);
        assertThat(subscription.closed).isTrue();
        assertThat(sink.closed).isTrue();
    }

    /** A channel that took the connection over: records frames, flushes and its close. */
    static final class OwningChannel implements FrameChannel {
        final java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public synchronized void write(SseFrame frame) throws IOException {
            frame.writeMessage(wire);
        }

        @Override
        public void flush() {
        }

        @Override
        public boolean backedUp() {
            return false;
        }

        @Override
        public boolean ownsConnection() {
            return true;
        }

        @Override
        public void close() {
            closed.set(true);
        }

        synchronized String written() {
            return wire.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aChannelThatTookTheConnectionOverHasTheSinkClosedAtOnceAndIsClosedWhenTheStreamEnds() {
        OwningChannel channel = new OwningChannel();
        Runnable[] connectionClosed = new Runnable[1];
        SseStream stream = new SseStream(sink, new EventFrames(), timer, Duration.ofMillis(50));
        StreamHandoff handoff = new StreamHandoff();
        stream.start(SseFrame.retry(Duration.ofSeconds(2)), handoff,
                () -> stream.attach(subscription, timer.every(Duration.ofMillis(50), stream::keepAliveTick)));
        handoff.answered(onFailure -> {
            connectionClosed[0] = onFailure;
            return channel;
        });
        assertThat(sink.closed).as("the container's request ends at once").isTrue();

        stream.onEvent(new Event(4, "t", null, "x", Instant.now()));
        stream.flush();
        // a closed sink is no sign of a gone client here: keepalives go on
        await().atMost(Duration.ofSeconds(2)).until(() -> channel.written().contains(": keepalive\n\n"));
        assertThat(channel.written()).startsWith("id: 4\ndata: x\n\n");
        assertThat(stream.isEnded()).isFalse();
        assertThat(channel.closed).isFalse();

        connectionClosed[0].run(); // the client closed the connection
        assertThat(stream.isEnded()).isTrue();
        assertThat(subscription.closed).isTrue();
        assertThat(channel.closed).as("the stream ends its response").isTrue();
    }

    @Test
    void aStreamEndedByTheServerClosesTheChannelThatOwnsTheConnection() {
        OwningChannel channel = new OwningChannel();
        SseStream stream = new SseStream(sink, new EventFrames(), timer, Duration.ofHours(1));
        StreamHandoff handoff = new StreamHandoff();
        stream.start(SseFrame.retry(Duration.ofSeconds(2)), handoff,
                () -> stream.attach(subscription, timer.every(Duration.ofHours(1), stream::keepAliveTick)));
        handoff.answered(onFailure -> channel);
        stream.onClose(); // e.g. shutdown
        assertThat(channel.closed).isTrue();
        assertThat(subscription.closed).isTrue();
        stream.onEvent(new Event(5, "t", null, "late", Instant.now()));
        assertThat(channel.written()).doesNotContain("late");
    }

    @Test
    void retryFailedBeforeTheHandoffEndsTheStream() {
        SseStream stream = new SseStream(sink, new EventFrames(), timer, Duration.ofHours(1));
        sink.failWrites = true;
        StreamHandoff handoff = new StreamHandoff();
        stream.start(SseFrame.retry(Duration.ofSeconds(2)), handoff,
                () -> stream.attach(subscription, timer.every(Duration.ofHours(1), stream::keepAliveTick)));
        handoff.answered(onFailure -> new OutputStreamChannel(new java.io.ByteArrayOutputStream()));
        assertThat(stream.isEnded()).isTrue();
        assertThat(subscription.closed).isTrue();
    }

    @Test
    void aStreamThatRegistersAfterTheFilterIsDoneStaysOnItsSinkAndStillSubscribes() {
        StreamHandoff handoff = new StreamHandoff();
        handoff.answered(onFailure -> {
            throw new AssertionError("no channel may be opened once the filter is done");
        });
        SseStream stream = new SseStream(sink, new EventFrames(), timer, Duration.ofHours(1));
        stream.start(SseFrame.retry(Duration.ofSeconds(2)), handoff,
                () -> stream.attach(subscription, timer.every(Duration.ofHours(1), stream::keepAliveTick)));
        stream.onEvent(new Event(4, "t", null, "x", Instant.now()));
        assertThat(sink.written).extracting(Object::toString).containsExactly("retry: 2000\n", "id: 4\ndata: x\n");
        stream.end();
        assertThat(subscription.closed).as("subscribed, then released").isTrue();
    }

    static final class FakeSink implements SseEventSink {
        final List<OutboundSseEvent> written = new CopyOnWriteArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();
        volatile boolean failWrites;

        @Override
        public boolean isClosed() {
            return closed.get();
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            if (closed.get()) {
                throw new IllegalStateException("closed");
            }
            if (failWrites) {
                return CompletableFuture.failedFuture(new IOException("broken pipe"));
            }
            written.add(event);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    static final class FakeSubscription implements Subscription {
        volatile boolean closed;

        @Override
        public Set<String> topics() {
            return Set.of("t");
        }

        @Override
        public boolean isOpen() {
            return !closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
