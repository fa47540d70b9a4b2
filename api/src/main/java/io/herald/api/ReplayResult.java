package io.herald.api;

import java.util.List;

/**
 * The answer to "what is newer than id N?": the retained events after N, oldest first, and
 * whether some events after N were already evicted from the replay history (so they were missed).
 *
 * @param events the retained events with an id greater than the requested one, in id order
 * @param missed {@code true} if events after the requested id are no longer retained
 */
public record ReplayResult(List<Event> events, boolean missed) {

    public ReplayResult {
        events = List.copyOf(events);
    }

    /** Nothing newer and nothing missed. */
    public static ReplayResult empty() {
        return new ReplayResult(List.of(), false);
    }

    /** The id of the newest event in this result, or {@code fallback} if there is none. */
    public long lastIdOr(long fallback) {
        return events.isEmpty() ? fallback : events.get(events.size() - 1).id();
    }
}
