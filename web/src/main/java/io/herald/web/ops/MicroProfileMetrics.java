package io.herald.web.ops;

import io.herald.api.Hub;
import io.herald.web.security.AuthFailures;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Herald's series in a MicroProfile {@code MetricRegistry}. The only class that names Metrics
 * types, and not a bean: {@link HeraldMetrics} loads it only on a server that has the API, so
 * the WAR deploys where it is missing.
 *
 * <ul>
 *   <li>{@code herald.subscribers{kind=sse|long-poll}} gauge: open streams / waiting polls now</li>
 *   <li>{@code herald.events.published} gauge (monotonic): events published through this node</li>
 *   <li>{@code herald.deliveries} gauge (monotonic): events written to streams</li>
 *   <li>{@code herald.replays} gauge (monotonic): streams resumed from a Last-Event-ID;
 *       {@code herald.replayed.events}: events those replays queued</li>
 *   <li>{@code herald.slow.consumers.dropped} gauge (monotonic): streams closed because their queue overflowed</li>
 *   <li>{@code herald.delivery.threads.stuck} gauge: delivery threads blocked in one write now</li>
 *   <li>{@code herald.limit.rejections{limit=<config key>}} counter</li>
 *   <li>{@code herald.auth.failures{reason=..}} gauge (monotonic): refused requests by reason, read
 *       from the security layer's {@link AuthFailures}</li>
 * </ul>
 */
final class MicroProfileMetrics {

    private MicroProfileMetrics() {
    }

    /**
     * Registers the gauges in {@code metricRegistry} (a {@code MetricRegistry}, typed as Object so
     * that callers need not load this API) and returns what counts a limit rejection. Rare events
     * (limit rejections) are real counters, one per tag value, looked up once and cached.
     */
    static Consumer<String> register(Object metricRegistry, Hub hub, AuthFailures authFailures) {
        MetricRegistry registry = (MetricRegistry) metricRegistry;
        // each gauge takes a status snapshot when scraped (a few counter reads, no I/O)
        registry.gauge("herald.subscribers", hub, h -> h.status().openStreams(), new Tag("kind", "sse"));
        registry.gauge("herald.subscribers", hub, h -> h.status().waitingPolls(), new Tag("kind", "long-poll"));
        registry.gauge("herald.events.published", hub, h -> h.status().eventsPublished());
        registry.gauge("herald.deliveries", hub, h -> h.status().deliveries());
        registry.gauge("herald.replays", hub, h -> h.status().replaysServed());
        registry.gauge("herald.replayed.events", hub, h -> h.status().replayedEvents());
        registry.gauge("herald.slow.consumers.dropped", hub, h -> h.status().slowConsumersDropped());
        registry.gauge("herald.delivery.threads.stuck", hub, h -> h.status().stuckDeliveryThreads());
        for (String reason : HeraldMetrics.AUTH_FAILURE_REASONS) {
            registry.gauge("herald.auth.failures", authFailures, a -> a.snapshot().getOrDefault(reason, 0L),
                    new Tag("reason", reason));
        }
        ConcurrentHashMap<String, Counter> limitRejections = new ConcurrentHashMap<>();
        return key -> limitRejections.computeIfAbsent(key,
                k -> registry.counter("herald.limit.rejections", new Tag("limit", k))).inc();
    }
}
