package io.herald.jakarta.sse;

import io.herald.api.Hub;
import io.herald.api.LimitExceededException;
import io.herald.api.SubscriberPlace;
import io.herald.api.Subscription;
import io.herald.jakarta.publish.HeraldPublisher;
import io.herald.jakarta.publish.TopicEvent;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link SseBroadcaster} of one Herald topic. {@link #register} makes the sink a subscriber of the
 * topic (a place among the node's subscribers, replay from the request's {@code Last-Event-ID}, then
 * live events of every node); {@link #broadcast} publishes to the topic through {@link HeraldPublisher}
 * (so after commit inside a transaction), and the event reaches the sinks from there, with its id,
 * like an event published over HTTP: one stream, one id sequence.
 *
 * <p>{@code onClose} listeners hear of every registered sink that ends, whatever ended it (the client
 * went, found by a failed write or a keepalive; the hub; {@link #close()}); {@code onError} listeners
 * first, when a write or the close failed, or the client was too slow
 * ({@link io.herald.api.SubscriberTooSlowException}). A sink that ended is unregistered, and its place
 * given back, at once.
 *
 * <p>{@link #close()} closes every registered sink; after it every method but {@code close} throws
 * {@link IllegalStateException}, and a sink given to {@code register} is closed before it throws.
 */
final class TopicSseBroadcaster implements SseBroadcaster {

    private static final Logger LOG = Logger.getLogger(TopicSseBroadcaster.class.getName());

    private final String topic;
    private final Hub hub;
    private final HeraldPublisher publisher;
    private final ResumePosition position;
    private final SinkWriters writers;
    private final Set<SinkStream> registered = ConcurrentHashMap.newKeySet();
    private final List<Consumer<SseEventSink>> closeListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<SseEventSink, Throwable>> errorListeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    TopicSseBroadcaster(String topic, Hub hub, HeraldPublisher publisher, ResumePosition position, SinkWriters writers) {
        this.topic = topic;
        this.hub = hub;
        this.publisher = publisher;
        this.position = position;
        this.writers = writers;
    }

    String topic() {
        return topic;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Subscribes {@code sink} to the topic, resuming after the current request's {@code Last-Event-ID}
     * (or {@code ?lastEventId=}). Call it from the resource method, before anything was sent on the sink:
     * a refusal is then still an HTTP error.
     *
     * @throws jakarta.ws.rs.BadRequestException  (400) for a malformed {@code Last-Event-ID}
     * @throws WebApplicationException 429 / 503 with {@code Retry-After} when a subscriber limit refuses it
     * @throws IllegalStateException   when this broadcaster is closed (the sink is closed first)
     */
    @Override
    public void register(SseEventSink sink) {
        if (closed) {
            closeQuietly(sink);
            throw closedError();
        }
        OptionalLong resume = position.current();
        SubscriberPlace place;
        try {
            place = hub.reservePlace();
        } catch (LimitExceededException e) {
            throw refused(e);
        }
        SinkStream stream = new SinkStream(sink, SseCapture.sse(), writers, this::ended);
        registered.add(stream);
        Subscription subscription;
        try {
            stream.start();
            subscription = hub.subscribe(place, Set.of(topic), resume, stream);
        } catch (RuntimeException e) {
            // the hub gave the place back; the response is committed by now, so the sink just ends
            registered.remove(stream);
            stream.end(e);
            if (e instanceof LimitExceededException limit) {
                throw refused(limit);
            }
            throw e;
        }
        stream.attach(subscription);
        if (closed) {
            stream.end(null);
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
     * with {@code cascading} the sinks are also closed (and their {@code onClose} listeners run),
     * without it they are left open to the application. Later calls do nothing.
     */
    @Override
    public void close(boolean cascading) {
        if (closed) {
            return;
        }
        closed = true;
        for (SinkStream s : registered) {
            if (cascading) {
                s.end(null);
            } else {
                registered.remove(s);
                s.detach();
            }
        }
    }

    /** How many sinks are registered now. */
    int registeredSinks() {
        return registered.size();
    }

    private void ended(SinkStream stream, Throwable error) {
        registered.remove(stream);
        if (error != null) {
            for (BiConsumer<SseEventSink, Throwable> l : errorListeners) {
                call(() -> l.accept(stream.sink(), error));
            }
        }
        for (Consumer<SseEventSink> l : closeListeners) {
            call(() -> l.accept(stream.sink()));
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

    private static WebApplicationException refused(LimitExceededException e) {
        int status = e.scope() == LimitExceededException.Scope.CLIENT ? 429 : 503;
        return new WebApplicationException(e.getMessage(), e,
                Response.status(status).header("Retry-After", 5).header("Herald-Limit", e.key()).build());
    }

    private static void closeQuietly(SseEventSink sink) {
        try {
            sink.close();
        } catch (RuntimeException ignored) {
            // closing is all that is left to do for it
        }
    }
}
