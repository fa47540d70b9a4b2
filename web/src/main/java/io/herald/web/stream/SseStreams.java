package io.herald.web.stream;

import io.herald.api.Subscription;
import io.herald.core.broadcast.Broadcaster;
import io.herald.core.config.HeraldConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;

/** Opens SSE streams: retry hint, then replay and live events from the broadcaster, with keepalives. */
@ApplicationScoped
public class SseStreams {

    @Inject
    Broadcaster broadcaster;

    @Inject
    HeraldConfig config;

    @Inject
    EventFrames frames;

    @Inject
    KeepAliveScheduler keepAliveScheduler;

    private SseFrame retry;
    private Duration keepAliveInterval;

    @PostConstruct
    void init() {
        retry = SseFrame.retry(config.sseRetry());
        keepAliveInterval = config.sseKeepAlive();
    }

    /**
     * Starts streaming {@code topics} to {@code sink}, resuming after {@code lastEventId} if given.
     * Inputs must already be validated: from here on the response is an event stream.
     */
    public void open(Set<String> topics, OptionalLong lastEventId, SseEventSink sink) {
        SseStream stream = new SseStream(sink, frames, keepAliveScheduler, keepAliveInterval);
        stream.send(retry);
        Subscription subscription;
        try {
            subscription = broadcaster.subscribe(topics, lastEventId, stream);
        } catch (RuntimeException e) {
            stream.end();
            throw e;
        }
        stream.attach(subscription, keepAliveScheduler.every(keepAliveInterval, stream::keepAliveTick));
    }
}
