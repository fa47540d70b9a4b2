package io.herald.web.stream;

import io.herald.api.Event;
import io.herald.api.Subscriber;
import io.herald.api.SubscriberTooSlowException;
import io.herald.api.Subscription;
import io.herald.core.time.Saturating;
import io.herald.web.container.ClientTooSlowException;
import io.herald.web.container.FrameChannel;
import io.herald.web.sse.EventFrames;
import io.herald.web.sse.SseFrame;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open SSE connection, as the broadcaster's subscriber: writes frames to the sink and ends
 * everything (subscription, keepalive, sink or connection) the first time anything shows the
 * client is gone.
 *
 * <p>Frames go through the sink until JAX-RS has answered the request; from then on, when the
 * {@link StreamHandoff} provides a {@link FrameChannel} (the connection itself, or the servlet
 * output stream), they are written to it directly, under {@code writeLock}. A channel that took
 * the connection over ({@link FrameChannel#ownsConnection()}) has the sink closed at once, which
 * ends the container's request and lets go of its state; the stream then ends by closing the
 * channel.
 *
 * <p>Locking: {@code ended} is the single once-only transition, the other fields are volatile
 * and every release step is idempotent, so a race just repeats a harmless step. Raw writes and
 * closing the output in raw mode hold {@code writeLock}; keepalives and probes only try it (a
 * write in progress is itself a liveness check) and so never wait behind a blocked write.
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

    /** Null once a channel owns the connection: Jersey's request state then goes with it. */
    private volatile SseEventSink sink;
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
    /**
     * Writes in progress. A write blocks while the client's socket is full; a keepalive or probe
     * then would only queue behind it on the sink and hold a keepalive thread, so it is skipped:
     * the blocked write ends either way, by succeeding or by the container's write timeout.
     */
    private final AtomicInteger writing = new AtomicInteger();
    /** Where frames go once the stream writes raw, else null. */
    private volatile FrameChannel raw;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Set when the stream ended: whoever holds {@code writeLock} next closes the output. */
    private volatile boolean closeRequested;
    private boolean outputClosed; // guarded by writeLock
    /** Set when a raw write found the client too far behind: the broadcaster counts it as slow. */
    private volatile boolean tooSlow;

    SseStream(SseEventSink sink, EventFrames frames, KeepAliveScheduler timer, Duration keepAliveInterval) {
        this(sink, frames, timer, keepAliveInterval, () -> { });
    }

    SseStream(SseEventSink sink, EventFrames frames, KeepAliveScheduler timer, Duration keepAliveInterval,
              Runnable onEnd) {
        this.onEnd = onEnd;
        this.sink = sink;
        this.frames = frames;
        this.timer = timer;
        this.quietNanos = Saturating.nanos(keepAliveInterval) / 2;
    }

    /**
     * Writes {@code first} (the {@code retry:} frame) through the sink, then runs {@code subscribe}:
     * at once without a handoff; with one, after JAX-RS answered the request, switching to raw
     * writes first if the response was committed as an event stream by then.
     */
    void start(SseFrame first, StreamHandoff handoff, Runnable subscribe) {
        if (handoff == null) {
            send(first);
            subscribe.run();
            return;
        }
        CompletableFuture<?> firstSent;
        try {
            firstSent = sink.send(first).toCompletableFuture();
            lastWriteNanos = System.nanoTime();
        } catch (RuntimeException closed) {
            LOG.log(Level.FINE, "SSE sink closed, ending stream", closed);
            end();
            subscribe.run();
            return;
        }
        // Jersey's sink completes a send when it is queued, not written: whether the frame was
        // written is known from the response (committed as an event stream, see the filter) and
        // from the sink (which closes itself when its write fails).
        handoff.whenAnswered(channels -> {
            FrameChannel channel;
            if (firstSent.isCompletedExceptionally() || sink.isClosed()) {
                end();
            } else if ((channel = channels.apply(this::end)) != null) {
                channel.onWritable(this::resumeWrites);
                raw = channel;
                if (channel.ownsConnection()) {
                    closeSinkNow(); // the container ends the request, writing nothing more
                    sink = null;
                }
            } // else not answered as an event stream (yet): stay on the sink, which keeps the order
            subscribe.run();
        });
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
     *                               client that stopped reading), so the broadcaster drops this
     *                               subscriber and, if the write had blocked, counts it as slow;
     *                               {@link SubscriberTooSlowException} when the client fell behind
     */
    @Override
    public void onEvent(Event event) {
        if (!ended.get()) {
            requireSent(send(frames.frameOf(event), false)); // flushed by flush() after the run
        }
    }

    /** Flushes the raw writes of {@link #onEvent}; the sink flushes each of its writes itself. */
    @Override
    public void flush() {
        FrameChannel out = raw;
        if (out != null && !ended.get()) {
            writeLock.lock();
            try {
                requireSent(writeRaw(out, null, true));
            } finally {
                unlockWrites();
            }
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
            FrameChannel out = raw;
            if (tooSlow || out != null && out.closedAsTooSlow()) {
                throw new SubscriberTooSlowException("SSE client fell behind; stream ended");
            }
            throw new IllegalStateException("SSE write failed; stream ended");
        }
    }

    /** Run by a channel that held frames back, once the client has read enough: sends them. */
    private void resumeWrites() {
        FrameChannel out = raw;
        if (out != null && !ended.get()) {
            writeLock.lock();
            try {
                writeRaw(out, null, true);
            } finally {
                unlockWrites();
            }
        }
    }

    /** The broadcaster ended the subscription (slow consumer, shutdown): end the HTTP stream too. */
    @Override
    public void onClose() {
        end();
    }

    /**
     * Run by the shared timer: notices a sink the container already closed, otherwise keeps an
     * idle connection alive (and a dead one is found by the write failing).
     */
    void keepAliveTick() {
        if (sinkGone()) {
            end();
        } else if (writing.get() == 0 && System.nanoTime() - lastWriteNanos >= quietNanos) {
            if (trySend(KEEPALIVE)) {
                scheduleProbe(PROBES);
            }
        }
    }

    /** Whether the container closed the sink (the client went); a taken-over connection reports its close itself. */
    private boolean sinkGone() {
        SseEventSink current = sink;
        return current != null && current.isClosed();
    }

    private void scheduleProbe(int remaining) {
        long written = lastWriteNanos;
        timer.once(PROBE_DELAY, () -> probe(written, remaining));
    }

    /** A write after a keepalive, unless something else was written since (which does the same). */
    private void probe(long lastSeenWrite, int remaining) {
        if (sinkGone()) {
            end();
        } else if (!ended.get() && writing.get() == 0 && lastWriteNanos == lastSeenWrite) {
            trySend(PROBE);
            if (remaining > 1) {
                scheduleProbe(remaining - 1);
            }
        }
    }

    /**
     * Writes one frame; any failure, reported or thrown, ends the stream.
     *
     * @return false if the stream has ended or the write failed (as far as known on return)
     */
    boolean send(SseFrame frame) {
        return send(frame, true);
    }

    /** {@code flush=false}: a raw write is left in the response buffer until {@link #flush}. */
    private boolean send(SseFrame frame, boolean flush) {
        if (ended.get()) {
            return false;
        }
        FrameChannel out = raw;
        if (out != null) {
            writeLock.lock();
            try {
                return writeRaw(out, frame, flush);
            } finally {
                unlockWrites();
            }
        }
        writing.incrementAndGet();
        try {
            CompletionStage<?> sent = sink.send(frame);
            lastWriteNanos = System.nanoTime();
            sent.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    LOG.log(Level.FINE, "SSE write failed, ending stream", failure);
                    end();
                }
            });
            return !sent.toCompletableFuture().isCompletedExceptionally();
        } catch (RuntimeException closed) { // the sink throws IllegalStateException once closed
            LOG.log(Level.FINE, "SSE sink closed, ending stream", closed);
            end();
            return false;
        } finally {
            writing.decrementAndGet();
        }
    }

    /**
     * Like {@link #send}, but in raw mode skipped (false) while another write is in progress or
     * the client has not read what was already sent.
     */
    private boolean trySend(SseFrame frame) {
        FrameChannel out = raw;
        if (out == null) {
            return send(frame);
        }
        if (!writeLock.tryLock()) {
            return false;
        }
        try {
            return !out.backedUp() && writeRaw(out, frame, true);
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
    private boolean writeRaw(FrameChannel out, SseFrame frame, boolean flush) {
        if (ended.get()) {
            return false;
        }
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
            end();
            return false;
        }
    }

    private void unlockWrites() {
        writeLock.unlock();
        if (closeRequested) {
            closeOutput();
        }
    }

    boolean isEnded() {
        return ended.get();
    }

    /** Ends the stream once; safe from any thread. */
    void end() {
        if (ended.compareAndSet(false, true)) {
            release();
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

    private void release() {
        releaseHeld();
        if (raw == null) {
            closeSinkNow();
        } else {
            closeRequested = true;
            closeOutput();
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
            FrameChannel out = raw;
            if (tooSlow || out != null && out.closedAsTooSlow()) {
                current.closeTooSlow();
            } else {
                current.close();
            }
        }
    }

    /**
     * Raw mode: closes the channel that owns the connection, or else the sink, unless a write
     * holds the lock, in which case that writer does it when it unlocks ({@link #unlockWrites}),
     * so closing never waits behind a blocked write.
     */
    private void closeOutput() {
        if (writeLock.tryLock()) {
            try {
                if (!outputClosed) {
                    outputClosed = true;
                    if (raw.ownsConnection()) {
                        raw.close();
                    } else {
                        closeSinkNow();
                    }
                }
            } finally {
                writeLock.unlock();
            }
        }
    }

    private void closeSinkNow() {
        SseEventSink current = sink;
        if (current != null && !current.isClosed()) {
            try {
                current.close();
            } catch (RuntimeException alreadyGone) {
                LOG.log(Level.FINE, "closing SSE sink failed", alreadyGone);
            }
        }
    }
}
