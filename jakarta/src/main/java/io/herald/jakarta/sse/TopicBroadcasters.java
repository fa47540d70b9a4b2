package io.herald.jakarta.sse;

import io.herald.api.Hub;
import io.herald.api.Topic;
import io.herald.jakarta.publish.HeraldPublisher;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.SseBroadcaster;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the broadcasters for {@code @Inject @HeraldTopic("t") SseBroadcaster}: one per topic for the
 * application, shared by every injection point naming it (a JAX-RS resource is often made per
 * request; its broadcaster must not be). After a broadcaster was closed, injection points made later
 * get a new one.
 */
@ApplicationScoped
public class TopicBroadcasters {

    private final Map<String, TopicSseBroadcaster> byTopic = new ConcurrentHashMap<>();

    @Inject
    Hub hub;

    @Inject
    HeraldPublisher publisher;

    @Inject
    ResumePosition position;

    @Inject
    SinkWriters writers;

    @Produces
    @HeraldTopic("")
    SseBroadcaster inject(InjectionPoint at) {
        HeraldTopic named = at.getQualifiers().stream()
                .filter(HeraldTopic.class::isInstance).map(HeraldTopic.class::cast)
                .findFirst().orElseThrow();
        try {
            return of(Topic.requireValid(named.value()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("@HeraldTopic(\"" + named.value() + "\") at " + at.getMember()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The open broadcaster of {@code topic}. */
    public SseBroadcaster of(String topic) {
        return byTopic.compute(Topic.requireValid(topic),
                (t, current) -> current == null || current.isClosed()
                        ? new TopicSseBroadcaster(t, hub, publisher, position, writers) : current);
    }

    @PreDestroy
    void closeAll() {
        byTopic.values().forEach(TopicSseBroadcaster::close);
    }
}
