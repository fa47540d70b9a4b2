package io.herald.jakarta.sse;

import io.herald.jakarta.publish.HeraldPublisher;
import io.herald.jakarta.publish.TopicEvent;
import io.herald.web.stream.SseStreams.OpenStream;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link SseBroadcaster} of one Herald topic. {@link #register} opens the sink as one of Herald's
 * own event streams ({@link SinkStreams}: limits, replay from the request's {@code Last-Event-ID},
 * live events of every node, keepalives, slow-client closing, the fast write path after the
 * handoff); {@link #broadcast} publishes to the topic through {@link HeraldPublisher} (so after
 * commit inside a transaction), and the event reaches the sinks from there, with its id, like an
 * event published over HTTP: one stream, one id sequence.
 *
 * <p>{@code onClose} listeners hear once of every registered sink that ends, whatever ended it (the
 * client went, found by a failed write, a keepalive or the container; the hub; {@link #close()});
 * {@code onError} listeners first, when a write failed or the client fell behind
 * ({@link io.herald.api.SubscriberTooSlowException}). They run on the thread that noticed the end
 * (a delivery or timer thread of Herald's): keep them short. A sink that ended is unregistered, and
 * its places given back, at once.
 *
 * <p>{@link #close()} closes every registered sink; after it every method but {@code close} throws
 * {@link IllegalStateException}, and a sink given to {@code register} is closed before it throws.
 */
final class TopicSseBroadcaster implements SseBroadcaster {

    private static final Logger LOG = Logger.getLogger(TopicSseBroadcaster.class.getName());

    private final String topic;
    private final HeraldPublisher publisher;
    private final SinkStreams streams;
    private final Set<Registered> registered = ConcurrentHashMap.newKeySet();
    private final List<Consumer<SseEventSink>> closeListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<SseEventSink, Throwable>> errorListeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    TopicSseBroadcaster(String topic, HeraldPublisher publisher, SinkStreams streams) {
        this.topic = topic;
        this.publisher = publisher;
        this.streams = streams;
    }

    String topic() {
        return topic;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Opens {@code sink} as a stream of the topic, resuming after the current request's
     * {@code Last-Event-ID} (or {@code ?lastEventId=}). Call it from the resource method, before
     * anything was sent on the sink: a refusal is then still an HTTP error. From here on the sink is
     * Herald's: after the handoff it may report itself closed while the stream goes on, on the
     * stream's own channel.
     *
     * @throws jakarta.ws.rs.BadRequestException  (400) for a malformed {@code Last-Event-ID}
     * @throws jakarta.ws.rs.WebApplicationException 429 / 503 with {@code Retry-After} when a limit refuses it
     * @throws IllegalStateException   when this broadcaster is closed (the sink is closed first)
     */
    @Override
    public void register(SseEventSink sink) {
        if (closed) {
            closeQuietly(sink);
            throw closedError();
        }
        Registered r = new Registered(sink);
        registered.add(r);
        try {
            r.stream = streams.open(topic, sink, cause -> ended(r, cause));
        } catch (RuntimeException e) {
            registered.remove(r);
            r.done.set(true);
            throw e;
        }
        if (closed) { // closed while registering: close() may have missed it
            r.stream.close();
        }
    }

    /**
     * Publishes {@code event} to the topic: its name as the type, its data as the text (see
     * {@link OutboundData} for what data is accepted). Inside a JTA transaction it is published after
     * the commit, never on rollback.
     *
     * @return completes with the stored {@link io.herald.api.Event} once published
     * @throws IllegalArgumentException for data that is not text or JSON, an id, or an invalid name
     */
    @Override
    public CompletionStage<?> broadcast(OutboundSseEvent event) {
        requireOpen();
        return publisher.publish(new TopicEvent(topic, OutboundData.type(event), OutboundData.text(event)));
    }

    @Override
    public void onError(BiConsumer<SseEventSink, Throwable> onError) {
        requireOpen();
        errorListeners.add(onError);
    }

    @Override
    public void onClose(Consumer<SseEventSink> onClose) {
        requireOpen();
        closeListeners.add(onClose);
    }

    /** Closes every registered sink (their {@code onClose} listeners run); later calls do nothing. */
    @Override
    public void close() {
        close(true);
    }

    /**
     * Closes this broadcaster: every registered sink stops receiving the topic and is unregistered;
     * with {@code cascading} the sinks are also closed (and their {@code onClose} listeners run).
     * Without it, no listener runs and a sink whose response the container still owns is left open
     * to the application; one whose connection Herald's fast path took over has no other owner, so
     * it is closed all the same. Later calls do nothing.
     */
    @Override
    public void close(boolean cascading) {
        if (closed) {
            return;
        }
        closed = true;
        for (Registered r : registered) {
            OpenStream stream = r.stream;
            if (stream == null) {
                continue; // still registering: register() closes it once it sees closed
            }
            if (cascading) {
                stream.close();
            } else if (r.done.compareAndSet(false, true)) {
                registered.remove(r);
                stream.detach();
            }
        }
    }

    /** How many sinks are registered now. */
    int registeredSinks() {
        return registered.size();
    }

    private void ended(Registered r, Throwable error) {
        if (!r.done.compareAndSet(false, true)) {
            return;
        }
        registered.remove(r);
        if (error != null) {
            for (BiConsumer<SseEventSink, Throwable> l : errorListeners) {
                call(() -> l.accept(r.sink, error));
            }
        }
        for (Consumer<SseEventSink> l : closeListeners) {
            call(() -> l.accept(r.sink));
        }
    }

    private void call(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an SseBroadcaster listener of topic " + topic + " failed", e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw closedError();
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException("the SseBroadcaster of Herald topic " + topic + " is closed");
    }

    private static void closeQuietly(SseEventSink sink) {
        try {
            sink.close();
        } catch (RuntimeException ignored) {
            // closing is all that is left to do for it
        }
    }

    /** One registered sink: its stream once opened, and whether its end was told (once). */
    private static final class Registered {
        final SseEventSink sink;
        final AtomicBoolean done = new AtomicBoolean();
        volatile OpenStream stream;

        Registered(SseEventSink sink) {
            this.sink = sink;
        }
    }
}
