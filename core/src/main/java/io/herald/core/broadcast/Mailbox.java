package io.herald.core.broadcast;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import io.herald.api.Subscriber;
import io.herald.api.Subscription;
import io.herald.api.SubscriberTooSlowException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One subscriber's ordered, bounded outbox, drained on the delivery executor so that a slow
 * subscriber delays only itself, and the {@link Subscription} handed back to its owner.
 *
 * <p>It starts <em>catching up</em>: live events are parked while the replay is read, then
 * {@link #goLive} queues the replay followed by the parked events, skipping every id at or below
 * the last one queued. Ids only grow, so that one watermark is what makes replay-to-live exactly
 * once. The catch-up's first batch runs on the subscribing thread when the subscriber asks for it
 * ({@link Subscriber#catchesUpWhileSubscribing()}), every other drain on the executor.
 *
 * <p>Locking: {@code this} guards the queue, the state and the watermark; at most one drain runs
 * at a time ({@code draining}), and a close finding none tells the subscriber itself, so calls to
 * the subscriber are never concurrent.
 */
final class Mailbox implements Subscription, Runnable {

    static final int BATCH = 64;
    /** A failed write that had blocked this long counts as a slow consumer. */
    private static final long SLOW_WRITE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(DeliveryPool.STUCK_AFTER_MS);
    /** Queued: tell the subscriber that events after {@code after} may be gone. */
    private record Missed(long after) {
    }

    /** Parked while catching up: the transport lost events here; a reset is due. */
    private static final Object GAP = new Object();
    private static final Object CLOSE = new Object();
    /** Not queued: what {@link #call} is given to flush the subscriber. */
    private static final Object FLUSH = new Object();

    private final Set<String> topics;
    private final Subscriber subscriber;
    private final Executor executor;
    private final int limit;
    private final LongAdder delivered;
    private final Runnable onSlow;
    private final Consumer<Mailbox> onClosed;

    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private List<Object> parked = new ArrayList<>();
    private long watermark;
    private boolean closed;
    private boolean draining;
    private boolean slow;

    /**
     * @param onSlow   run once if this subscriber turns out too slow (queue overflow, or a write
     *                 that blocked and then failed)
     * @param onClosed run once when it closes, for whatever reason
     */
    Mailbox(Set<String> topics, Subscriber subscriber, Executor executor, int limit, LongAdder delivered,
            Runnable onSlow, Consumer<Mailbox> onClosed) {
        this.onSlow = onSlow;
        this.topics = Set.copyOf(topics);
        this.subscriber = subscriber;
        this.executor = executor;
        this.limit = limit;
        this.delivered = delivered;
        this.onClosed = onClosed;
    }

    /** Called by the fan-out, in id order. */
    void offer(Event event) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (parked != null) {
                parked.add(event);
                return;
            }
            if (event.id() <= watermark) {
                return;
            }
            if (queue.size() >= limit) {
                markSlowLocked();
                closeLocked();
            } else {
                watermark = event.id();
                queue.add(event);
            }
            if (!scheduleLocked()) {
                return;
            }
        }
        executor.execute(this);
    }

    /**
     * Called by the fan-out when the transport may have lost events at this point of the sequence:
     * the subscriber gets a reset (missed) before any later event.
     */
    void offerGap() {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (parked != null) {
                parked.add(GAP);
                return;
            }
            queue.add(new Missed(watermark));
            if (!scheduleLocked()) {
                return;
            }
        }
        executor.execute(this);
    }

    /**
     * Ends catching up: queues the missed notice, the replayed events and then the events that
     * arrived meanwhile, each id once, and switches to live delivery.
     *
     * @param lastEventId the id the subscriber says it has (0 for none)
     * @param from        the id after which events are wanted: {@code lastEventId}, or 0 when that
     *                    id is unknown here and everything retained is replayed
     */
    void goLive(long lastEventId, long from, ReplayResult replay) {
        synchronized (this) {
            if (closed) {
                return;
            }
            watermark = from;
            if (replay.missed()) {
                queue.add(new Missed(lastEventId));
            }
            for (Event e : replay.events()) {
                queueIfNewLocked(e);
            }
            boolean gap = false;
            for (Object o : parked) {
                if (o == GAP) {
                    gap = true; // said before the next event newer than what is queued
                } else if (((Event) o).id() > watermark) {
                    if (gap) {
                        queue.add(new Missed(watermark));
                        gap = false;
                    }
                    queueIfNewLocked((Event) o);
                }
            }
            if (gap) {
                queue.add(new Missed(watermark));
            }
            parked = null;
            if (!scheduleLocked()) {
                return;
            }
        }
        if (subscriber.catchesUpWhileSubscribing()) {
            run(); // the first batch here; the rest, if any, on the executor as usual
        } else {
            executor.execute(this);
        }
    }

    /**
     * Ends a subscription whose setup failed (its history could not be read): unregisters it and
     * gives its place back like {@link #close()}, but tells the subscriber nothing, since the
     * failure is reported to the caller of subscribe instead.
     */
    void abandon() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            parked = null;
            queue.clear();
        }
        onClosed.accept(this);
    }

    /** Whether this mailbox was closed because it fell too far behind. */
    synchronized boolean wasSlow() {
        return slow;
    }

    @Override
    public Set<String> topics() {
        return topics;
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        close(false);
    }

    @Override
    public void closeTooSlow() {
        close(true);
    }

    /**
     * Closes at its owner's request (or a keepalive's). A drain that is running or scheduled
     * tells the subscriber, after what it is delivering; otherwise it is told here, on the closing
     * thread: nothing is queued once closed, so no drain can start beside it. A reconnect storm
     * closes thousands of streams on the selector thread that reads their resets, and a drain
     * each would cost a hand-over and a wake-up of a delivery thread per stream.
     */
    private void close(boolean tooSlow) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (tooSlow) {
                markSlowLocked();
            }
            if (draining) {
                closeLocked(); // the drain meets CLOSE next
                return;
            }
            endLocked();
        }
        safely(subscriber::onClose);
    }

    /**
     * Drains a batch, then yields the thread to other mailboxes. The subscriber is flushed when
     * the queue runs empty and at the end of a batch, so a backlog costs one flush per batch.
     */
    @Override
    public void run() {
        boolean unflushed = false;
        int count = 0;
        while (count < BATCH) {
            Object item;
            synchronized (this) {
                item = queue.poll();
                if (item == null && !unflushed) {
                    draining = false;
                    return;
                }
            }
            if (item == null) {
                // flushed with draining still set, then the queue is looked at again: calls to
                // the subscriber stay on one thread at a time
                unflushed = false;
                call(FLUSH);
                continue;
            }
            if (item == CLOSE) {
                synchronized (this) {
                    queue.clear();
                    draining = false;
                }
                safely(subscriber::onClose);
                return;
            }
            count++;
            unflushed = call(item);
        }
        if (unflushed) {
            call(FLUSH);
        }
        executor.execute(this);
    }

    /**
     * One subscriber call for a queued item or {@link #FLUSH}; a failure closes this mailbox (its
     * CLOSE is delivered next).
     */
    private boolean call(Object item) {
        long started = System.nanoTime();
        DeliveryPool.enter();
        try {
            if (item == FLUSH) {
                subscriber.flush();
            } else if (item instanceof Missed m) {
                subscriber.onMissed(m.after());
            } else {
                subscriber.onEvent((Event) item);
                delivered.increment();
            }
            return true;
        } catch (RuntimeException | Error failed) {
            // A subscriber that throws is gone (typically its connection closed): drop only it.
            // A subscriber that says its client cannot keep up, or a write that blocked first and
            // then failed (the container's write timeout), is a client that stopped reading: a
            // slow consumer.
            boolean blocked = failed instanceof SubscriberTooSlowException
                    || System.nanoTime() - started > SLOW_WRITE_NANOS;
            // The failure may already have closed this mailbox (the subscriber ends its stream
            // before throwing), so slowness is counted apart from closing, once.
            synchronized (this) {
                if (blocked) {
                    markSlowLocked();
                }
                closeLocked();
            }
            return false;
        } finally {
            DeliveryPool.exit();
        }
    }

    private void queueIfNewLocked(Event e) {
        if (e.id() > watermark) {
            watermark = e.id();
            queue.add(e);
        }
    }

    private void markSlowLocked() {
        if (!slow) {
            slow = true;
            onSlow.run();
        }
    }

    /**
     * Closes once, leaving CLOSE for the drain to tell the subscriber: {@code onClosed} (which
     * releases the subscriber's place) runs exactly once.
     */
    private void closeLocked() {
        if (closed) {
            return;
        }
        endLocked();
        queue.add(CLOSE);
    }

    /** Closed, nothing left to deliver; the caller tells the subscriber, or queues CLOSE to. */
    private void endLocked() {
        closed = true;
        parked = null;
        queue.clear();
        onClosed.accept(this);
    }

    /** @return whether the caller must submit a drain */
    private boolean scheduleLocked() {
        if (draining || queue.isEmpty()) {
            return false;
        }
        draining = true;
        return true;
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // the subscriber is being closed anyway
        }
    }
}
