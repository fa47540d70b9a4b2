package io.herald.web.ops;

import io.herald.core.broadcast.BroadcastStats;
import io.herald.core.broadcast.Broadcaster;
import io.herald.web.security.AuthFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Herald's MicroProfile metrics (application scope, {@code /metrics?scope=application}).
 *
 * <p>Per-event and per-delivery counts live in the core {@link Broadcaster} as {@code LongAdder}s
 * and are only read here, through gauges, when metrics are scraped: nothing on the delivery path
 * touches the registry. Rare events (limit rejections, auth failures) are real counters, one per
 * tag value, looked up once and cached.
 *
 * <ul>
 *   <li>{@code herald.subscribers{kind=sse|long-poll}} gauge: open streams / waiting polls now</li>
 *   <li>{@code herald.events.published} gauge (monotonic): events published through this node</li>
 *   <li>{@code herald.deliveries} gauge (monotonic): events written to streams</li>
 *   <li>{@code herald.replays} gauge (monotonic): streams resumed from a Last-Event-ID;
 *       {@code herald.replayed.events}: events those replays queued</li>
 *   <li>{@code herald.slow.consumers.dropped} gauge (monotonic): streams closed because their queue overflowed</li>
 *   <li>{@code herald.limit.rejections{limit=<config key>}} counter</li>
 *   <li>{@code herald.auth.failures{reason=..}} gauge (monotonic): refused requests by reason, read
 *       from the security layer's {@link AuthFailures}</li>
 * </ul>
 */
@ApplicationScoped
public class HeraldMetrics {

    @Inject
    MetricRegistry registry;

    /** The reasons {@link AuthFailures} records (its javadoc); each gets its own series. */
    static final List<String> AUTH_FAILURE_REASONS = List.of("missing-token", "malformed", "bad-signature",
            "bad-algorithm", "expired", "not-yet-valid", "bad-claims", "no-key", "forbidden-topic");

    @Inject
    Broadcaster broadcaster;

    @Inject
    AuthFailures authFailures;

    private final ConcurrentHashMap<String, Counter> limitRejections = new ConcurrentHashMap<>();

    /** Registers the gauges when the application starts (observing this makes the bean eager). */
    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Broadcaster b = broadcaster;
        BroadcastStats stats = b.stats(); // the same object for the application's life
        registry.gauge("herald.subscribers", stats, BroadcastStats::currentStreams, new Tag("kind", "sse"));
        registry.gauge("herald.subscribers", stats, BroadcastStats::currentPolls, new Tag("kind", "long-poll"));
        registry.gauge("herald.events.published", stats, BroadcastStats::eventsPublished);
        registry.gauge("herald.deliveries", stats, BroadcastStats::deliveries);
        registry.gauge("herald.replays", stats, BroadcastStats::replaysServed);
        registry.gauge("herald.replayed.events", stats, BroadcastStats::replayedEvents);
        registry.gauge("herald.slow.consumers.dropped", stats, BroadcastStats::slowConsumersDropped);
        registry.gauge("herald.delivery.threads.stuck", b, Broadcaster::stuckDeliveryThreads);
        AuthFailures auth = authFailures;
        for (String reason : AUTH_FAILURE_REASONS) {
            registry.gauge("herald.auth.failures", auth, a -> a.snapshot().getOrDefault(reason, 0L),
                    new Tag("reason", reason));
        }
    }

    /** Counts a request refused by the limit named by its config key (e.g. {@code herald.limit.subscribers}). */
    public void limitRejected(String limitKey) {
        limitRejections.computeIfAbsent(limitKey,
                k -> registry.counter("herald.limit.rejections", new Tag("limit", k))).inc();
    }
}
