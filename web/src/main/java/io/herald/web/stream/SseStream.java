package io.herald.web.stream;

import io.herald.api.Event;
import io.herald.api.Subscriber;
import io.herald.api.SubscriberTooSlowException;
import io.herald.api.Subscription;
import io.herald.core.time.Saturating;
import io.herald.web.container.ClientTooSlowException;
import io.herald.web.container.DirectStreamChannel;
import io.herald.web.container.FrameChannel;
import io.herald.web.sse.EventFrames;
import io.herald.web.sse.SseFrame;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open SSE connection, as the hub's subscriber: writes frames to its one channel and ends
 * everything (subscription, keepalive, the response) the first time anything shows the client is
 * gone.
 *
 * <p>The channel is JAX-RS's sink ({@link SinkChannel}) until JAX-RS has answered the request;
 * then, when the {@link StreamHandoff} provides one, a channel of the stream's own (the connection
 * itself, or the servlet output stream), swapped in once by {@link #handOver}. A channel that took
 * the connection over ({@link FrameChannel#ownsConnection()}) has the sink closed at once, which
 * ends the container's request and lets go of its state; the stream then ends by closing that
 * channel. Otherwise the response stays the container's and is ended through the sink.
 *
 * <p>Locking: {@code ended} is the single once-only transition, the other fields are volatile
 * and every release step is idempotent, so a race just repeats a harmless step. Writes, the swap
 * and closing the channel hold {@code writeLock}; keepalives and probes only try it (a write in
 * progress is itself a liveness check) and so never wait behind a blocked write, and closing
 * never waits either: a writer that holds the lock closes the channel as it unlocks.
 */
final class SseStream implements Subscriber {

    private static final Logger LOG = Logger.getLogger(SseStream.class.getName());
    private static final SseFrame KEEPALIVE = SseFrame.comment("keepalive");
    /**
     * A write to a socket the client already closed still succeeds (the peer answers it with a
     * reset); on Payara (Grizzly) the next write fails only inside the container, which closes the
     * connection, and the one after that is reported to us. These empty comments, a second apart
     * after a keepalive, are those writes: a vanished client is found about {@value #PROBES}
     * seconds after the first keepalive that follows its departure, not two or three intervals later.
     * (A connection taken over from the container reports the client's close at once; the probes
     * remain for the other write paths.)
     */
    private static final SseFrame PROBE = SseFrame.comment("");
    static final Duration PROBE_DELAY = Duration.ofSeconds(1);
    static final int PROBES = 2;

    /** Where frames go: the sink, then (once JAX-RS answered) the handoff's channel. */
    private volatile FrameChannel channel;
    private final EventFrames frames;
    private final KeepAliveScheduler timer;
    /** A keepalive is skipped when something was written more recently than this. */
    private final long quietNanos;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Given back once when the stream ends: the client's stream slot (per-client limit). */
    private final Runnable onEnd;

    private volatile Subscription subscription;
    private volatile ScheduledFuture<?> keepAlive;
    /** Ends the stream when the token it was opened with stops being accepted; null if none. */
    private volatile ScheduledFuture<?> expiry;
    private volatile long lastWriteNanos = System.nanoTime();
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Set when the stream ended: whoever holds {@code writeLock} next closes the channel. */
    private volatile boolean closeRequested;
    private boolean channelClosed; // guarded by writeLock
    /** Set when a write found the client too far behind: the hub counts it as slow. */
    private volatile boolean tooSlow;
    /** The write failure that ended the stream, if one did (told to {@link #endCause()}). */
    private volatile Throwable failure;
    /**
     * Whether the direct lane opened the stream: its channel sends the first frame with the head, so
     * {@link #start} does not send it, and holds the catch-up taken while subscribing until then.
     */
    private final boolean firstSentWithHead;

    SseStream(SseEventSink sink, EventFrames frames, KeepAliveScheduler timer, Duration keepAliveInterval) {
        this(sink, frames, timer, keepAliveInterval, () -> { });
    }

    SseStream(SseEventSink sink, EventFrames frames, KeepAliveScheduler timer, Duration keepAliveInterval,
              Runnable onEnd) {
        this(frames, timer, keepAliveInterval, onEnd, false);
        this.channel = new SinkChannel(sink, this::sinkFailed);
    }

    /**
     * A stream on its own channel from the start (the direct lane: the channel writes the head and
     * the first frame, and the connection is the stream's), with no sink and no handoff.
     */
    SseStream(DirectStreamChannel channel, EventFrames frames, KeepAliveScheduler timer, Duration keepAliveInterval,
              Runnable onEnd) {
        this(frames, timer, keepAliveInterval, onEnd, true);
        channel.onWritable(this::resumeWrites);
        this.channel = channel;
    }

    private SseStream(EventFrames frames, KeepAliveScheduler timer, Duration keepAliveInterval, Runnable onEnd,
                      boolean firstSentWithHead) {
        this.firstSentWithHead = firstSentWithHead;
        this.onEnd = onEnd;
        this.frames = frames;
        this.timer = timer;
        this.quietNanos = Saturating.nanos(keepAliveInterval) / 2;
    }

    /**
     * Writes {@code first} (the {@code retry:} frame) through the sink, unless the direct lane wrote
     * it with the head, then runs {@code subscribe}:
     * at once without a handoff; with one, after JAX-RS answered the request, handing over to the
     * handoff's channel first if the response was committed as an event stream by then.
     */
    void start(SseFrame first, StreamHandoff handoff, Runnable subscribe) {
        if (!firstSentWithHead) {
            send(first);
        }
        if (handoff == null) {
            subscribe.run();
            return;
        }
        // JAX-RS's sink may complete a send when it is queued, not written: whether the frame was
        // written is known from the response (committed as an event stream, see the filter) and
        // from the sink (which closes itself when its write fails).
        handoff.whenAnswered(channels -> {
            FrameChannel next;
            if (ended.get() || channel.isClosed()) {
                end();
            } else if ((next = channels.apply(this::end)) != null) {
                handOver(next);
            } // else not answered as an event stream (yet): stay on the sink, which keeps the order
            subscribe.run();
        });
    }

    /**
     * The one place the channel changes: from the sink to {@code next}, before anything but the
     * first frame was written. If {@code next} took the connection over, the sink is closed at once
     * (the container ends the request, writing nothing more); if not, the container keeps the
     * response, and the sink still tells whether it is open and ends it.
     */
    private void handOver(FrameChannel next) {
        next.onWritable(this::resumeWrites);
        writeLock.lock();
        try {
            FrameChannel sink = channel;
            if (next.ownsConnection()) {
                sink.close();
                channel = next;
            } else {
                channel = new BesideContainerChannel(next, sink);
            }
            if (channelClosed) { // the stream ended, and closed the sink, just before: end the new one too
                channel.close();
            }
        } finally {
            unlockWrites();
        }
    }

    /** Ends the stream at {@code deadline} (when its token stops being accepted) unless it ended before. */
    void endAt(Instant deadline) {
        expiry = timer.once(Saturating.until(Instant.now(), deadline), this::end);
        if (ended.get()) {
            releaseHeld(); // ended meanwhile: cancel the timer just set
        }
    }

    /** Hands over what must be released when the stream ends (possibly already). */
    void attach(Subscription subscription, ScheduledFuture<?> keepAlive) {
        this.subscription = subscription;
        this.keepAlive = keepAlive;
        if (ended.get()) {
            releaseHeld(); // ended while subscribing: release what just arrived
        }
    }

    /**
     * @throws IllegalStateException if the write failed (e.g. the container's write timeout on a
     *                               client that stopped reading), so the hub drops this
     *                               subscriber and, if the write had blocked, counts it as slow;
     *                               {@link SubscriberTooSlowException} when the client fell behind
     */
    @Override
    public void onEvent(Event event) {
        if (!ended.get()) {
            requireSent(send(frames.frameOf(event), false)); // flushed by flush() after the run
        }
    }

    /** A direct-lane stream's channel holds the catch-up until the head goes out with it. */
    @Override
    public boolean catchesUpWhileSubscribing() {
        return firstSentWithHead;
    }

    /** Flushes the writes of {@link #onEvent} (the sink has flushed each of its writes itself). */
    @Override
    public void flush() {
        if (!ended.get()) {
            requireSent(send(null, true));
        }
    }

    @Override
    public void onMissed(long lastEventId) {
        if (!ended.get()) {
            requireSent(send(SseFrame.reset(lastEventId)));
        }
    }

    private void requireSent(boolean sent) {
        if (!sent) {
            if (endedTooSlow()) {
                throw new SubscriberTooSlowException("SSE client fell behind; stream ended");
            }
            throw new StreamEndedException(failure);
        }
    }

    private boolean endedTooSlow() {
        return tooSlow || channel.closedAsTooSlow();
    }

    /** Run by a channel that held frames back, once the client has read enough: sends them. */
    private void resumeWrites() {
        if (!ended.get()) {
            send(null, true);
        }
    }

    /** The hub ended the subscription (slow consumer, shutdown): end the HTTP stream too. */
    @Override
    public void onClose() {
        end();
    }

    /**
     * Run by the shared timer: notices a response the container already closed, otherwise keeps
     * an idle connection alive (and a dead one is found by the write failing).
     */
    void keepAliveTick() {
        if (channel.isClosed()) {
            end();
        } else if (System.nanoTime() - lastWriteNanos >= quietNanos && trySend(KEEPALIVE)) {
            scheduleProbe(PROBES);
        }
    }

    private void scheduleProbe(int remaining) {
        long written = lastWriteNanos;
        timer.once(PROBE_DELAY, () -> probe(written, remaining));
    }

    /** A write after a keepalive, unless something else was written since (which does the same). */
    private void probe(long lastSeenWrite, int remaining) {
        if (channel.isClosed()) {
            end();
        } else if (!ended.get() && lastWriteNanos == lastSeenWrite) {
            trySend(PROBE);
            if (remaining > 1) {
                scheduleProbe(remaining - 1);
            }
        }
    }

    /**
     * Writes one frame and flushes; any failure, reported or thrown, ends the stream.
     *
     * @return false if the stream has ended or the write failed (as far as known on return)
     */
    boolean send(SseFrame frame) {
        return send(frame, true);
    }

    /** {@code flush=false}: the frame may be left in the channel until {@link #flush}. */
    private boolean send(SseFrame frame, boolean flush) {
        if (ended.get()) {
            return false;
        }
        writeLock.lock();
        try {
            return write(frame, flush);
        } finally {
            unlockWrites();
        }
    }

    /**
     * Like {@link #send}, but skipped (false) while another write is in progress or the client
     * has not read what was already sent.
     */
    private boolean trySend(SseFrame frame) {
        if (ended.get() || !writeLock.tryLock()) {
            return false;
        }
        try {
            return !channel.backedUp() && write(frame, true);
        } catch (IOException stalled) {
            LOG.log(Level.FINE, "client stopped reading, ending stream", stalled);
            tooSlow = stalled instanceof ClientTooSlowException;
            end();
            return false;
        } finally {
            unlockWrites();
        }
    }

    /** With {@code writeLock} held: writes {@code frame} (if any) and flushes if asked; a failure ends the stream. */
    private boolean write(SseFrame frame, boolean flush) {
        if (ended.get()) {
            return false;
        }
        FrameChannel out = channel;
        try {
            if (frame != null) {
                out.write(frame);
            }
            if (flush) {
                out.flush();
            }
            lastWriteNanos = System.nanoTime();
            return true;
        } catch (IOException | RuntimeException failed) {
            LOG.log(Level.FINE, "SSE write failed, ending stream", failed);
            if (failed instanceof ClientTooSlowException) {
                tooSlow = true;
            }
            failure = failed;
            end();
            return false;
        }
    }

    private void unlockWrites() {
        writeLock.unlock();
        if (closeRequested) {
            closeChannel();
        }
    }

    boolean isEnded() {
        return ended.get();
    }

    /** A send the sink had taken failed: the cause is recorded before the end, which reports it. */
    private void sinkFailed() {
        if (failure == null) {
            failure = new IOException("SSE write failed");
        }
        end();
    }

    /** Ends the stream once; safe from any thread. */
    void end() {
        if (ended.compareAndSet(false, true)) {
            releaseHeld();
            closeRequested = true;
            closeChannel();
        }
    }

    /**
     * Why the stream ended, as far as it knows: the client fell behind
     * ({@link SubscriberTooSlowException}), a write failed (that failure), or null (the client went
     * between writes, the hub or the application ended it). Meaningful once ended.
     */
    Throwable endCause() {
        if (endedTooSlow()) {
            return new SubscriberTooSlowException("SSE client fell behind; stream ended");
        }
        return failure;
    }

    /**
     * Ends the stream but leaves the response to whoever still owns it: the subscription, timers
     * and slot are given back; the sink stays open unless the stream's own channel took the
     * connection over (then nobody else can end it, so it is closed as by {@link #end()}).
     */
    void detach() {
        if (ended.compareAndSet(false, true)) {
            releaseHeld();
            if (channel.ownsConnection()) {
                closeRequested = true;
                closeChannel();
            }
        }
    }

    /**
     * The stream could not be opened and the request fails with an error response instead: gives
     * back everything it holds, but leaves the sink alone so that the error can still be written.
     */
    void abandon() {
        if (ended.compareAndSet(false, true)) {
            releaseHeld();
        }
    }

    /** Slot, timers and subscription; each step idempotent. */
    private void releaseHeld() {
        onEnd.run(); // idempotent
        ScheduledFuture<?> tick = keepAlive;
        if (tick != null) {
            tick.cancel(false);
        }
        ScheduledFuture<?> deadline = expiry;
        if (deadline != null) {
            deadline.cancel(false);
        }
        Subscription current = subscription;
        if (current != null) {
            if (endedTooSlow()) {
                current.closeTooSlow();
            } else {
                current.close();
            }
        }
    }

    /**
     * Closes the channel (ending the response) unless a write holds the lock, in which case that
     * writer does it when it unlocks ({@link #unlockWrites}), so closing never waits behind a
     * blocked write.
     */
    private void closeChannel() {
        if (writeLock.tryLock()) {
            try {
                if (!channelClosed) {
                    channelClosed = true;
                    channel.close();
                }
            } finally {
                writeLock.unlock();
            }
        }
    }
}
