package io.herald.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One subscription's state machine: stream (resuming with {@code Last-Event-ID}), reconnect with
 * backoff, fall back to long-poll, probe the stream again. The sources are {@link StreamAttempt}
 * and, in fallback, one {@link TopicPollLoop} per topic; what to do after a failure is
 * {@link ReconnectPolicy}'s; what reaches the listener is {@link OrderedDelivery}'s.
 *
 * <p>Delivery: every source (a stream, the polls of one fallback period) runs under an
 * <em>epoch</em>; a source delivers only while its epoch is current, under {@link #lock}
 * ({@link #whileCurrent}), and only events with ids above the last delivered one. Switching sources
 * bumps the epoch, so a stale poll answer or a dying stream can never deliver out of order or
 * twice; the new source starts from the last delivered id, so nothing is skipped.
 */
final class StreamingSubscription implements Subscription {

    private final List<String> topics;
    private final ClientThreads threads;
    private final Consumer<StreamingSubscription> forget;
    private final GuardedListener listener;
    private final ReentrantLock lock = new ReentrantLock();

    // for the sources, which run their calls outside the lock
    final HeraldEndpoints endpoints;
    final ClientSettings settings;
    final OpenStreams openStreams = new OpenStreams();

    // guarded by lock (the sources touch these two only inside whileCurrent)
    final OrderedDelivery delivery;
    final ReconnectPolicy reconnects;
    private long epoch;
    private Mode mode = Mode.CONNECTING;
    private boolean closed;
    private ScheduledFuture<?> pending;

    /** {@code forget}: called once when the subscription closes, so the client stops tracking it. */
    StreamingSubscription(List<String> topics, HeraldListener listener, long lastEventId, HeraldEndpoints endpoints,
                          ClientThreads threads, ClientSettings settings, ReconnectPolicy reconnects,
                          Consumer<StreamingSubscription> forget) {
        this.topics = topics;
        this.listener = new GuardedListener(listener);
        this.delivery = new OrderedDelivery(this.listener, lastEventId);
        this.endpoints = endpoints;
        this.threads = threads;
        this.settings = settings;
        this.reconnects = reconnects;
        this.forget = forget;
    }

    void start() {
        long e;
        lock.lock();
        try {
            e = ++epoch;
        } finally {
            lock.unlock();
        }
        threads.run(new StreamAttempt(this, e, false));
    }

    @Override
    public List<String> topics() {
        return topics;
    }

    @Override
    public Mode mode() {
        lock.lock();
        try {
            return mode;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long lastEventId() {
        lock.lock();
        try {
            return delivery.last();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            epoch++;
            cancelPending();
            setMode(Mode.CLOSED);
        } finally {
            lock.unlock();
        }
        forget.accept(this);
        openStreams.releaseAll(threads);
    }

    // ---- for the sources ------------------------------------------------------------------------

    /**
     * Runs {@code action} under the lock if {@code sourceEpoch} is still current; false (and
     * nothing run) when the source has been replaced or the subscription closed.
     */
    boolean whileCurrent(long sourceEpoch, Runnable action) {
        lock.lock();
        try {
            if (closed || epoch != sourceEpoch) {
                return false;
            }
            action.run();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The position to poll from, or empty when {@code pollEpoch} is over. */
    OptionalLong lastEventIdWhileCurrent(long pollEpoch) {
        lock.lock();
        try {
            return closed || epoch != pollEpoch ? OptionalLong.empty() : OptionalLong.of(delivery.last());
        } finally {
            lock.unlock();
        }
    }

    /** Whether a stream attempt of {@code attemptEpoch} should still be made (a probe only while polling). */
    boolean wantsStream(long attemptEpoch, boolean probe) {
        lock.lock();
        try {
            return !(closed || epoch != attemptEpoch || probe && mode != Mode.POLLING);
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Without a known position, starts from the topics' newest retained id (so "from now" survives a drop). */
    void resolveStart() {
        if (lastEventId() >= 0) {
            return;
        }
        long newest = 0;
        for (String topic : topics) {
            newest = Math.max(newest, endpoints.info(topic).lastId());
        }
        lock.lock();
        try {
            delivery.startAt(newest);
        } finally {
            lock.unlock();
        }
    }

    /** The first frame arrived: this stream now delivers. Returns its epoch, or -1 if it lost the race. */
    long takeOver(long attemptEpoch, boolean probe) {
        lock.lock();
        try {
            if (closed || epoch != attemptEpoch || probe && mode != Mode.POLLING) {
                return -1;
            }
            if (probe) {
                epoch++; // the polls of this fallback period stop delivering from here on
                cancelPending();
            }
            setMode(Mode.STREAMING);
            return epoch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A stream attempt ended: a failed probe is tried again later while the polls go on; otherwise
     * the subscription ends, reconnects, or falls back to long-poll as {@link ReconnectPolicy} says.
     */
    void streamFailed(long attemptEpoch, boolean failedProbe, HeraldException error, boolean established,
                      boolean stalled) {
        lock.lock();
        try {
            if (closed || epoch != attemptEpoch) {
                return;
            }
            if (failedProbe) {
                if (mode == Mode.POLLING) {
                    scheduleProbe(attemptEpoch);
                }
                return;
            }
            if (reconnects.endsSubscription(error)) {
                end(error);
                return;
            }
            listener.retrying(error);
            long e = ++epoch;
            Optional<Duration> reconnectAfter = reconnects.afterStreamFailure(error, established, stalled);
            if (reconnectAfter.isPresent()) {
                setMode(Mode.CONNECTING);
                schedule(new StreamAttempt(this, e, false), reconnectAfter.get());
            } else {
                enterPolling(e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A poll failed: every topic's polls and the probe stop, and the stream is tried again after a backoff. */
    void pollFailed(long pollEpoch, HeraldException error) {
        lock.lock();
        try {
            if (closed || epoch != pollEpoch) {
                return;
            }
            if (reconnects.endsSubscription(error)) {
                end(error);
                return;
            }
            listener.retrying(error);
            long e = ++epoch; // stops the other topics' polls and the probe
            cancelPending();
            Duration wait = reconnects.afterPollFailure(error);
            setMode(Mode.CONNECTING);
            schedule(new StreamAttempt(this, e, false), wait);
        } finally {
            lock.unlock();
        }
    }

    // ---- transitions (lock held) ----------------------------------------------------------------

    /** Polls every topic under the new epoch {@code pollEpoch}; probes the stream later. */
    private void enterPolling(long pollEpoch) {
        setMode(Mode.POLLING);
        for (String topic : topics) {
            threads.run(new TopicPollLoop(this, topic, pollEpoch));
        }
        scheduleProbe(pollEpoch);
    }

    private void scheduleProbe(long pollEpoch) {
        schedule(new StreamAttempt(this, pollEpoch, true), settings.streamRetryInterval());
    }

    private void end(HeraldException error) {
        closed = true;
        epoch++;
        cancelPending();
        setMode(Mode.CLOSED);
        forget.accept(this);
        listener.ended(error);
    }

    private void setMode(Mode next) {
        if (mode != next) {
            mode = next;
            listener.modeChanged(next);
        }
    }

    private void schedule(Runnable task, Duration delay) {
        ScheduledFuture<?> scheduled = threads.schedule(task, delay);
        if (scheduled != null) { // null: the client is closing
            pending = scheduled;
        }
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
