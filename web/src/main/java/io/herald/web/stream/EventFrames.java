package io.herald.web.stream;

import io.herald.api.Event;
import io.herald.web.cache.PerEventCache;
import jakarta.enterprise.context.ApplicationScoped;

/** Frames each event once for all the streams it goes to. */
@ApplicationScoped
public class EventFrames {

    private final PerEventCache<SseFrame> frames = new PerEventCache<>(SseFrame::of);

    /** The frame of {@code event}, built at most about once per event. */
    public SseFrame frameOf(Event event) {
        return frames.of(event);
    }
}
