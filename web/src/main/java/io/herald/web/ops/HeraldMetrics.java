package io.herald.web.ops;

import io.herald.api.Hub;
import io.herald.web.security.AuthFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Herald's metrics, where the server provides MicroProfile Metrics (Payara: application scope,
 * {@code /metrics?scope=application}); see {@link MicroProfileMetrics} for the series.
 *
 * <p>Not every server does (WildFly's default configurations have no MicroProfile Metrics), so
 * this bean names no Metrics type: at start-up it looks for the API and a {@code MetricRegistry}
 * bean, and only then has {@link MicroProfileMetrics} register the gauges. Without them the
 * application deploys and serves as usual, says once that it has no metrics, and counts nothing.
 *
 * <p>Per-event and per-delivery counts live in the hub ({@link Hub#status()}, core keeps them as {@code LongAdder}s
 * ) and are only read, through gauges, when metrics are scraped: nothing on the delivery path
 * touches a registry.
 */
@ApplicationScoped
public class HeraldMetrics {

    private static final Logger LOG = Logger.getLogger(HeraldMetrics.class.getName());
    static final String REGISTRY_TYPE = "org.eclipse.microprofile.metrics.MetricRegistry";

    /** The reasons {@link AuthFailures} records (its javadoc); each gets its own series. */
    static final List<String> AUTH_FAILURE_REASONS = List.of("missing-token", "malformed", "bad-signature",
            "bad-algorithm", "expired", "not-yet-valid", "bad-claims", "no-key", "forbidden-topic");

    @Inject
    Hub hub;

    @Inject
    AuthFailures authFailures;

    @Inject
    Instance<Object> beans;

    /** Counts a limit rejection by the limit's config key; does nothing without metrics. */
    private volatile Consumer<String> limitRejections = key -> { };

    /** Registers the gauges when the application starts (observing this makes the bean eager). */
    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Object registry = registry();
        if (registry == null) {
            LOG.info("MicroProfile Metrics is not available on this server: Herald's metrics are not served"
                    + " (the API and health checks are not affected)");
            return;
        }
        limitRejections = MicroProfileMetrics.register(registry, hub, authFailures);
    }

    /** The application's {@code MetricRegistry} bean, or null if this server has none. */
    private Object registry() {
        Class<?> type;
        try {
            type = Class.forName(REGISTRY_TYPE, false, HeraldMetrics.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            return null;
        }
        Instance<?> registry = beans.select(type);
        return registry.isResolvable() ? registry.get() : null;
    }

    /** Counts a request refused by the limit named by its config key (e.g. {@code herald.limit.subscribers}). */
    public void limitRejected(String limitKey) {
        limitRejections.accept(limitKey);
    }
}
