package io.herald.examples.orders;

import io.herald.jakarta.sse.HeraldTopic;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.SseBroadcaster;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The feed's standard {@link SseBroadcaster}, backed by the Herald topic {@value #TOPIC}, with its
 * listeners added once (a JAX-RS resource is made per request). The counts are what the tests read.
 */
@ApplicationScoped
public class OrderFeed {

    public static final String TOPIC = "orders";

    @Inject
    @HeraldTopic(TOPIC)
    SseBroadcaster broadcaster;

    private final AtomicLong closed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    @PostConstruct
    void listen() {
        broadcaster.onClose(sink -> closed.incrementAndGet());
        broadcaster.onError((sink, error) -> errors.incrementAndGet());
    }

    public SseBroadcaster broadcaster() {
        return broadcaster;
    }

    public long closedSinks() {
        return closed.get();
    }

    public long failedSinks() {
        return errors.get();
    }
}
