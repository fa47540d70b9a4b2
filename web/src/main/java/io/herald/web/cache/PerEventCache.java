package io.herald.web.cache;

import io.herald.api.Event;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * What an event looks like on the wire, rendered once for all the connections it goes to: a small
 * ring of recent renderings indexed by event id. Lock-free; two threads racing on a new event may
 * both render it, which is harmless.
 *
 * @param <T> the rendering (SSE frame, JSON bytes)
 */
public final class PerEventCache<T> {

    /** Renderings kept; a power of two, comfortably more than events in flight at once. */
    public static final int SLOTS = 1024;

    private final AtomicReferenceArray<Entry<T>> recent = new AtomicReferenceArray<>(SLOTS);
    private final Function<Event, T> render;

    public PerEventCache(Function<Event, T> render) {
        this.render = render;
    }

    /** The rendering of {@code event}, built at most about once per event. */
    public T of(Event event) {
        int slot = (int) (event.id() & (SLOTS - 1));
        Entry<T> cached = recent.get(slot);
        if (cached != null && cached.id == event.id()) {
            return cached.value;
        }
        T value = render.apply(event);
        recent.set(slot, new Entry<>(event.id(), value));
        return value;
    }

    private record Entry<T>(long id, T value) {
    }
}
