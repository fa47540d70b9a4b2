package io.herald.core.broadcast;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the broadcaster counts on this node, for health and metrics: open streams, waiting polls,
 * events published and delivered, replays, slow subscribers dropped.
 *
 * <p>Locking: none; counters updated once per event or per event and subscriber are
 * {@link LongAdder}s (cheap under contention), the two levels are atomics.
 */
public final class BroadcastStats {

    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicInteger waitingPolls = new AtomicInteger();
    private final LongAdder published = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder replays = new LongAdder();
    private final LongAdder replayedEvents = new LongAdder();
    private final LongAdder slowConsumersDropped = new LongAdder();

    BroadcastStats() {
    }

    void streamOpened() {
        openStreams.incrementAndGet();
    }

    void streamClosed() {
        openStreams.decrementAndGet();
    }

    void pollStarted() {
        waitingPolls.incrementAndGet();
    }

    void pollEnded() {
        waitingPolls.decrementAndGet();
    }

    void published() {
        published.increment();
    }

    /** Counted by each {@link Mailbox} per event written. */
    LongAdder deliveryCounter() {
        return deliveries;
    }

    void replayed(int events) {
        replays.increment();
        replayedEvents.add(events);
    }

    void slowConsumerDropped() {
        slowConsumersDropped.increment();
    }

    /** Open streams (subscriptions) on this node now. */
    public int currentStreams() {
        return openStreams.get();
    }

    /** Long-polls waiting on this node now. */
    public int currentPolls() {
        return waitingPolls.get();
    }

    /** Events published through this node so far. */
    public long eventsPublished() {
        return published.sum();
    }

    /** Events written to subscribers so far (one per event and stream, replayed ones included). */
    public long deliveries() {
        return deliveries.sum();
    }

    /** Streams that resumed from a {@code Last-Event-ID} so far (each one a replay). */
    public long replaysServed() {
        return replays.sum();
    }

    /** Events queued by those replays so far. */
    public long replayedEvents() {
        return replayedEvents.sum();
    }

    /** Subscribers closed so far as too slow: their queue overflowed, or a write blocked and then failed. */
    public long slowConsumersDropped() {
        return slowConsumersDropped.sum();
    }
}
