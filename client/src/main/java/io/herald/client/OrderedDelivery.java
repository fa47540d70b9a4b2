package io.herald.client;

import io.herald.api.Event;
import java.util.List;

/**
 * A subscription's position and the rule that keeps its delivery one id-ordered sequence: an event
 * reaches the listener only when its id is above the last one delivered. Ids come from one
 * server-wide sequence, so that rule is the whole de-duplication, across topics and across sources
 * (a stream, the polls that replace it). The one exception: after a reset the next event is taken
 * even with a lower id, because the server's sequence may have started over (a restarted node).
 *
 * <p>Not thread-safe: the subscription calls it under its lock, only from the current source.
 */
final class OrderedDelivery {

    private final GuardedListener listener;
    private long last;
    private boolean acceptAfterReset;

    /** {@code start}: the last id already seen, 0 for everything retained, -1 for "from now" (not yet known). */
    OrderedDelivery(GuardedListener listener, long start) {
        this.listener = listener;
        this.last = start;
    }

    /** Id of the last event delivered (or the position asked for); -1 while "from now" is unresolved. */
    long last() {
        return last;
    }

    /** Resolves "from now" to {@code newest}; a position already known stays. */
    void startAt(long newest) {
        if (last < 0) {
            last = newest;
        }
    }

    /** Delivers the event if its id is above the last delivered (or it is the first after a reset). */
    void offer(ReceivedEvent event) {
        if (acceptAfterReset || event.id() > last) {
            acceptAfterReset = false;
            last = event.id();
            listener.event(event);
        }
    }

    /**
     * A stream's reset frame: events after {@code lastEventId} (-1: not said) were missed; the
     * retained events follow. If the stream was opened from our own position, the next event is
     * taken even with a lower id. A stream opened from an older position (a probe overtaken by
     * polls) keeps the usual rule.
     */
    void streamReset(long lastEventId) {
        if (lastEventId < 0 || lastEventId >= last) {
            acceptAfterReset = true;
        }
        listener.reset(lastEventId < 0 ? last : lastEventId);
    }

    /**
     * Delivers a poll round's events (id order) asked for after {@code since}; {@code missed}: the
     * server said events after {@code since} were evicted.
     */
    void pollRound(List<Event> events, boolean missed, long since) {
        boolean current = since == last; // a round that started before the last delivery knows less
        // ids at or below what was asked for: the server's sequence started over (a restarted node)
        boolean restarted = !events.isEmpty() && events.get(0).id() <= since;
        if (current && (missed || restarted)) {
            listener.reset(since);
            if (restarted) {
                acceptAfterReset = true;
            }
        }
        for (Event e : events) {
            offer(new ReceivedEvent(e.id(), e.topic(), e.type(), e.data()));
        }
    }
}
