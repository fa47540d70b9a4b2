package io.herald.core.transport.memory;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import java.util.ArrayList;
import java.util.List;

/**
 * One topic's bounded history: the newest {@code capacity} events in id order, plus the id of the
 * newest event it had to drop, which is what tells a late client that it missed some.
 * Not thread-safe: its owner ({@link InMemoryTransport}) guards it.
 */
final class ReplayBuffer {

    private final Event[] ring;
    private int head;   // index of the oldest event
    private int size;
    private long evictedUpTo;

    /** @param evictedUpTo ids up to this one may have existed but are gone (e.g. a forgotten topic) */
    ReplayBuffer(int capacity, long evictedUpTo) {
        this.ring = new Event[capacity];
        this.evictedUpTo = evictedUpTo;
    }

    void append(Event event) {
        if (size == ring.length) {
            evictedUpTo = ring[head].id();
            ring[head] = event;
            head = (head + 1) % ring.length;
        } else {
            ring[(head + size) % ring.length] = event;
            size++;
        }
    }

    ReplayResult after(long afterId) {
        // Ids only grow, so scan back from the newest to the first one not wanted.
        int newer = 0;
        while (newer < size && at(size - 1 - newer).id() > afterId) {
            newer++;
        }
        List<Event> events = new ArrayList<>(newer);
        for (int i = size - newer; i < size; i++) {
            events.add(at(i));
        }
        return new ReplayResult(events, afterId < evictedUpTo);
    }

    int size() {
        return size;
    }

    long lastId() {
        return size == 0 ? evictedUpTo : at(size - 1).id();
    }

    private Event at(int i) {
        return ring[(head + i) % ring.length];
    }
}
