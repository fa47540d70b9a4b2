package io.herald.it.support;

import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.sse.InboundSseEvent;
import jakarta.ws.rs.sse.SseEventSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A JAX-RS subscriber: Jersey's {@link SseEventSource} on one stream URL, recording every
 * inbound event (id, name, data) in arrival order.
 */
public final class SseSubscriber implements AutoCloseable {

    /** One received event. */
    public record Received(long id, String name, String data) {
    }

    private final String name;
    private final SseEventSource source;
    private final List<Received> events = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private SseSubscriber(String name, WebTarget target) {
        this.name = name;
        this.source = SseEventSource.target(target).reconnectingEvery(500, TimeUnit.MILLISECONDS).build();
        source.register(this::onEvent, errors::add);
    }

    /** Subscribes to {@code target} (a stream URL) and returns once the first connection attempt was answered. */
    public static SseSubscriber open(String name, WebTarget target) {
        SseSubscriber subscriber = new SseSubscriber(name, target);
        subscriber.source.open();
        return subscriber;
    }

    /**
     * Subscribes sending {@code Last-Event-ID: lastEventId} on the first request, like a browser
     * that reconnects after a drop (Jersey itself sends the header on its own reconnects).
     */
    public static SseSubscriber resume(String name, WebTarget target, long lastEventId) {
        WebTarget withHeader = target.register((ClientRequestFilter) request -> {
            if (!request.getHeaders().containsKey("Last-Event-ID")) {
                request.getHeaders().putSingle("Last-Event-ID", Long.toString(lastEventId));
            }
        });
        return open(name, withHeader);
    }

    private void onEvent(InboundSseEvent event) {
        if ((event.getId() == null || event.getId().isEmpty()) && event.getName() == null && event.isEmpty()) {
            return; // a comment or retry-only block, if Jersey surfaces one
        }
        long id = event.getId() == null || event.getId().isEmpty() ? -1 : Long.parseLong(event.getId());
        events.add(new Received(id, event.getName(), event.isEmpty() ? null : event.readData()));
    }

    public String name() {
        return name;
    }

    public List<Received> events() {
        return List.copyOf(events);
    }

    /** Ids of events that carry an id and are not {@code reset} notices, in arrival order. */
    public List<Long> ids() {
        return events.stream().filter(e -> e.id() >= 0 && !"reset".equals(e.name())).map(Received::id).toList();
    }

    public List<Throwable> errors() {
        return List.copyOf(errors);
    }

    public boolean isOpen() {
        return source.isOpen();
    }

    @Override
    public void close() {
        source.close(5, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return name + ids();
    }
}
