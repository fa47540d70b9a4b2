package io.herald.jakarta.sse;

import io.herald.api.Event;
import io.herald.api.Subscriber;
import io.herald.api.SubscriberTooSlowException;
import io.herald.api.Subscription;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * One registered sink as a subscriber of its topic. Herald's delivery threads only turn events into
 * {@link OutboundSseEvent}s and queue them; a writer thread ({@link SinkWriters}) sends them to the
 * sink in order, one {@code send} at a time, going on when its stage completes, so neither a sink that
 * blocks in {@code send} nor one that completes later holds a delivery thread. More than
 * {@code queueSize} frames waiting is a client too slow: {@link #onEvent} throws
 * {@link SubscriberTooSlowException}, which closes the subscription and is counted as such.
 *
 * <p>Frames are those of Herald's own streams: {@code id}, {@code event} if typed, the data with
 * CR, LF and CRLF all as line breaks; {@code event: reset} with {@code {"lastEventId":N}} and no id for
 * missed events; {@code : keepalive} comments while idle.
 *
 * <p>It ends once, however it ends (the client went and a write failed, the hub closed it, the
 * broadcaster closed, the application closed the sink): {@code onEnd} gets the error, if there was
 * one, then the sink is closed and the subscription with it, which gives its place back.
 */
final class SinkStream implements Subscriber {

    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r");

    private final SseEventSink sink;
    private final Sse sse;
    private final SinkWriters writers;
    private final int queueSize;
    private final BiConsumer<SinkStream, Throwable> onEnd;
    private final Queue<OutboundSseEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Why the stream is ending, when it fails in a write or for being too slow. */
    private volatile Throwable failure;
    private volatile Subscription subscription;
    private volatile boolean wroteSinceTick;

    SinkStream(SseEventSink sink, Sse sse, SinkWriters writers, BiConsumer<SinkStream, Throwable> onEnd) {
        this.sink = sink;
        this.sse = sse;
        this.writers = writers;
        this.queueSize = writers.settings().queueSize();
        this.onEnd = onEnd;
    }

    SseEventSink sink() {
        return sink;
    }

    /**
     * Queues a first comment, which commits the response at once (the client sees its stream open).
     * Not a {@code retry} hint as Herald's own streams send: through the standard API a retry goes
     * out only with data (Jersey writes {@code retry:} only for events that have some), and a data
     * event would reach the client's {@code onmessage}.
     */
    void start() {
        writers.opened(this);
        offer(sse.newEventBuilder().comment("herald").build());
        schedule();
    }

    /** Hands over the subscription (possibly after events were already delivered). */
    void attach(Subscription s) {
        subscription = s;
        if (ended.get()) {
            s.close();
        }
    }

    @Override
    public void onEvent(Event event) {
        OutboundSseEvent.Builder b = sse.newEventBuilder().id(Long.toString(event.id()));
        if (event.type() != null) {
            b.name(event.type());
        }
        // CR and CRLF become LF, which every runtime turns into a new data: line
        put(b.data(String.class, LINE_BREAK.matcher(event.data()).replaceAll("\n")).build());
    }

    @Override
    public void onMissed(long lastEventId) {
        put(sse.newEventBuilder().name("reset").data(String.class, "{\"lastEventId\":" + lastEventId + "}").build());
    }

    @Override
    public void flush() {
        schedule();
    }

    @Override
    public void onClose() {
        end(null);
    }

    /** Called every keepalive interval: a comment if nothing was written since the last tick. */
    void keepAliveTick() {
        if (sink.isClosed()) {
            end(null);
            return;
        }
        if (!wroteSinceTick && queued.get() == 0) {
            offer(sse.newEventBuilder().comment("keepalive").build());
            schedule();
        }
        wroteSinceTick = false;
    }

    private void put(OutboundSseEvent frame) {
        if (ended.get()) {
            return;
        }
        if (!offer(frame)) {
            SubscriberTooSlowException slow = new SubscriberTooSlowException(
                    "an SSE sink has " + queueSize + " frames waiting to be written (herald.sse-broadcaster.queue-size)");
            failure = slow;
            throw slow;
        }
    }

    private boolean offer(OutboundSseEvent frame) {
        if (queued.incrementAndGet() > queueSize) {
            queued.decrementAndGet();
            return false;
        }
        queue.add(frame);
        return true;
    }

    private void schedule() {
        if (!ended.get() && draining.compareAndSet(false, true)) {
            try {
                writers.writers().execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                end(stopping);
            }
        }
    }

    /** Sends what is queued, in order; runs on a writer thread, or goes on where a send completes. */
    private void drain() {
        while (!ended.get()) {
            OutboundSseEvent frame = queue.poll();
            if (frame == null) {
                draining.set(false);
                // an event queued after the poll but before the flag was cleared would wait for the next flush
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            queued.decrementAndGet();
            wroteSinceTick = true;
            CompletionStage<?> sent;
            try {
                sent = sink.send(frame);
            } catch (RuntimeException e) {
                end(e);
                return;
            }
            CompletableFuture<?> done = doneOrNull(sent);
            if (done == null) {
                sent.whenComplete((ok, error) -> {
                    if (error != null) {
                        end(unwrap(error));
                    } else {
                        resume();
                    }
                });
                return;
            }
            if (done.isCompletedExceptionally()) {
                end(unwrap(done.handle((ok, error) -> error).join()));
                return;
            }
        }
    }

    private void resume() {
        try {
            writers.writers().execute(this::drain);
        } catch (RejectedExecutionException stopping) {
            end(stopping);
        }
    }

    /** The stage as a completed future, or null if it is still running (or cannot say). */
    private static CompletableFuture<?> doneOrNull(CompletionStage<?> stage) {
        try {
            CompletableFuture<?> f = stage.toCompletableFuture();
            return f.isDone() ? f : null;
        } catch (UnsupportedOperationException cannotSay) {
            return null;
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** Stops this stream without closing its sink, which stays the application's. */
    void detach() {
        if (ended.compareAndSet(false, true)) {
            writers.ended(this);
            queue.clear();
            Subscription s = subscription;
            if (s != null) {
                s.close();
            }
        }
    }

    /**
     * Ends this stream once: the subscription at once (its place goes back), then, on a writer thread
     * (closing a sink may wait for a write in progress, which a delivery thread must not), the sink
     * and the broadcaster's listeners.
     */
    void end(Throwable error) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        writers.ended(this);
        queue.clear();
        Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        Throwable cause = error != null ? error : failure;
        Runnable closing = () -> {
            Throwable closeError = null;
            try {
                sink.close();
            } catch (RuntimeException e) {
                closeError = e;
            }
            onEnd.accept(this, cause != null ? cause : closeError);
        };
        try {
            writers.writers().execute(closing);
        } catch (RejectedExecutionException stopping) {
            closing.run();
        }
    }
}
