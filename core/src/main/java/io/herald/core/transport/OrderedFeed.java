package io.herald.core.transport;

import io.herald.api.Event;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one-way hand-off from a transport to its {@link Transport.Listener}: events go in in id
 * order (the transport enqueues each one while it still holds the lock under which it assigned
 * the id and appended the event to its history) and come out to the listener in that order, one
 * at a time, on a publisher's thread that holds no lock of the transport.
 *
 * <p>Why this keeps replay and live exact: an event is in the history before it is handed over,
 * and a subscriber registers before it reads the history. So a subscriber registered before the
 * hand-off gets the event live (and maybe in its replay too; its watermark keeps one copy), and
 * one registered after the hand-off finds it in the history. A subscriber registered between the
 * append and the hand-off is the first kind: the hand-off reads the registry after it.
 *
 * <p>Locking: {@code handing} orders the calls to the listener and nothing else; the transport's
 * own lock (ids, histories, reads) is never held while the listener runs, and this lock is never
 * taken while the transport's is held. Whoever holds {@code handing} hands over every pending
 * event, its own and those of publishers that came meanwhile (they wait for it, then find
 * nothing left), so {@link #handOver()} returns once the caller's event has reached the listener,
 * as a publish did when the listener was called inside the transport.
 */
public final class OrderedFeed {

    private static final Logger LOG = Logger.getLogger(OrderedFeed.class.getName());
    private static final Transport.Listener NOBODY = event -> { };

    private final ConcurrentLinkedQueue<Event> pending = new ConcurrentLinkedQueue<>();
    private final ReentrantLock handing = new ReentrantLock();
    private volatile Transport.Listener listener = NOBODY;

    /** Starts handing events to {@code listener}. */
    public void start(Transport.Listener listener) {
        this.listener = Objects.requireNonNull(listener);
    }

    /** Stops handing events over; pending ones are dropped. */
    public void stop() {
        listener = NOBODY;
        pending.clear();
    }

    /**
     * Takes the event's place in the order. Call it under the lock that assigned the event's id,
     * right after appending it to the history; it only queues.
     */
    public void enqueue(Event event) {
        pending.add(event);
    }

    /**
     * Hands every pending event to the listener, in order. Call it with no lock of the transport
     * held, after {@link #enqueue}; returns once the caller's events have been handed over.
     */
    public void handOver() {
        handing.lock();
        try {
            for (Event e; (e = pending.poll()) != null; ) {
                try {
                    listener.onEvent(e);
                } catch (RuntimeException failed) {
                    // one listener failure must not stall the feed for every later event
                    LOG.log(Level.WARNING, "listener failed on event " + e.id(), failed);
                }
            }
        } finally {
            handing.unlock();
        }
    }
}
