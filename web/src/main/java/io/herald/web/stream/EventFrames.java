package io.herald.web.stream;

import io.herald.api.Event;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Frames each event once for all the streams it goes to: a small ring of recent frames indexed by
 * event id. Lock-free; two threads racing on a new event may both frame it, which is harmless.
 */
@ApplicationScoped
public class EventFrames {

    /** Recent frames kept; a power of two, comfortably more than events in flight at once. */
    static final int SLOTS = 1024;

    private final AtomicReferenceArray<SseFrame> recent = new AtomicReferenceArray<>(SLOTS);

    /** The frame of {@code event}, built at most about once per event. */
    public SseFrame frameOf(Event event) {
        int slot = (int) (event.id() & (SLOTS - 1));
        SseFrame cached = recent.get(slot);
        if (cached != null && cached.eventId() == event.id()) {
            return cached;
        }
        SseFrame frame = SseFrame.of(event);
        recent.set(slot, frame);
        return frame;
    }
}
