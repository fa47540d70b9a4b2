package io.herald.core.transport.memory;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import java.util.ArrayList;
import java.util.List;

/**
 * One topic's bounded history: the newest events in id order, at most {@code capacity} of them and
 * at most {@code maxBytes} of {@link #sizeOf event size} in all, plus the id of the newest event it
 * had to drop, which is what tells a late client that it missed some.
 * Not thread-safe: its owner ({@link InMemoryTransport}) guards it.
 */
final class ReplayBuffer {

    private final Event[] ring;
    private final long maxBytes;
    private int head;   // index of the oldest event
    private int size;
    private long bytes;
    private long evictedUpTo;

    /** @param evictedUpTo ids up to this one may have existed but are gone (e.g. a forgotten topic) */
    ReplayBuffer(int capacity, long maxBytes, long evictedUpTo) {
        this.ring = new Event[capacity];
        this.maxBytes = maxBytes;
        this.evictedUpTo = evictedUpTo;
    }

    /**
     * What an event costs a history, in bytes: the UTF-8 length of its data, type and topic (the
     * same count the Redis transport makes).
     */
    static long sizeOf(Event e) {
        return utf8Length(e.data()) + (e.type() == null ? 0 : utf8Length(e.type())) + utf8Length(e.topic());
    }

    /** @return the bytes this history gave up (evicted) to take the event, net of the event's own */
    long append(Event event) {
        long before = bytes;
        if (size == ring.length) {
            evictOldest();
        }
        ring[(head + size) % ring.length] = event;
        size++;
        bytes += sizeOf(event);
        while (bytes > maxBytes && size > 0) {
            evictOldest(); // past the topic's byte budget: the oldest go, and resuming clients are told
        }
        return bytes - before;
    }

    /** Drops the oldest event; @return its size in bytes. */
    long evictOldest() {
        Event gone = ring[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
        evictedUpTo = gone.id();
        long s = sizeOf(gone);
        bytes -= s;
        return s;
    }

    ReplayResult after(long afterId) {
        return new ReplayResult(eventsAfter(afterId), afterId < evictedUpTo);
    }

    List<Event> eventsAfter(long afterId) {
        // Ids only grow, so scan back from the newest to the first one not wanted.
        int newer = 0;
        while (newer < size && at(size - 1 - newer).id() > afterId) {
            newer++;
        }
        List<Event> events = new ArrayList<>(newer);
        for (int i = size - newer; i < size; i++) {
            events.add(at(i));
        }
        return events;
    }

    boolean missedAfter(long afterId) {
        return afterId < evictedUpTo;
    }

    int size() {
        return size;
    }

    long bytes() {
        return bytes;
    }

    /** Id of the oldest retained event; only when {@link #size()} > 0. */
    long firstId() {
        return at(0).id();
    }

    long lastId() {
        return size == 0 ? evictedUpTo : at(size - 1).id();
    }

    private Event at(int i) {
        return ring[(head + i) % ring.length];
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
