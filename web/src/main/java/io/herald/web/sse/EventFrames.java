package io.herald.web.sse;

import io.herald.api.Event;
import io.herald.web.cache.PerEventCache;

/**
 * Frames each event once for all the streams it goes to. Owned by whoever opens the streams
 * ({@code io.herald.web.stream.SseStreams}), not a CDI bean: it is called once per delivery, and
 * a call through a CDI client proxy allocated more (the interceptor stack, a thread-local entry)
 * than the delivery itself (burst profile, bench/PROFILE.md).
 */
public final class EventFrames {

    private final PerEventCache<SseFrame> frames = new PerEventCache<>(SseFrame::of);

    /** The frame of {@code event}, built at most about once per event. */
    public SseFrame frameOf(Event event) {
        return frames.of(event);
    }
}
