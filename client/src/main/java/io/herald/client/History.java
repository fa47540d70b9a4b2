package io.herald.client;

import io.herald.api.Event;
import java.util.List;

/**
 * A history read.
 *
 * @param events the retained events after the position asked for, in id order
 * @param missed whether events after that position were already evicted (the server's
 *               {@code Herald-Missed: true})
 */
public record History(List<Event> events, boolean missed) {

    public History {
        events = List.copyOf(events);
    }
}
