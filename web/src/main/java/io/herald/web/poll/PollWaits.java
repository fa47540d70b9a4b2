package io.herald.web.poll;

import io.herald.api.Hub;
import io.herald.api.ReplayResult;
import io.herald.web.beans.ApplicationScopedInstances;
import io.herald.web.limits.ClientStreamLimits;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Starts a long-poll's wait for both paths that serve polls ({@link PollResource} and
 * {@link DirectPolls}): a waiting poll holds a connection like a stream, so it counts against the
 * same per-client limit, and its slot is given back on every way out (answer, timeout, error,
 * client gone, or the wait refused).
 */
@ApplicationScoped
public class PollWaits {

    @Inject
    Hub hub;

    @Inject
    ClientStreamLimits clientLimits;

    @Inject
    BeanManager beans;

    /** Called on every poll: the instances, not their client proxies. */
    @PostConstruct
    void init() {
        hub = ApplicationScopedInstances.of(beans, hub, Hub.class);
        clientLimits = ApplicationScopedInstances.of(beans, clientLimits, ClientStreamLimits.class);
    }

    /**
     * Waits for events of {@code topics} newer than {@code after}, for {@code client}; ending
     * the result ({@link AbandonedWait#end}) ends the wait and gives everything back.
     *
     * @throws io.herald.api.LimitExceededException  when the client's or the server's limit refuses (nothing held)
     * @throws io.herald.api.HubUnavailableException when the hub cannot read right now (nothing held)
     */
    public CompletableFuture<ReplayResult> begin(String client, Set<String> topics, long after, Duration wait) {
        ClientStreamLimits.Slot slot = clientLimits.acquire(client);
        CompletableFuture<ReplayResult> events;
        try {
            events = hub.awaitAfter(topics, after, wait).toCompletableFuture();
        } catch (RuntimeException | Error refused) {
            slot.release();
            throw refused;
        }
        events.whenComplete((found, failure) -> slot.release());
        return events;
    }
}
