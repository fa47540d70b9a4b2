package io.herald.jakarta.publish;

import io.herald.api.Event;
import io.herald.api.Hub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Publishes to Herald from any bean of the application, aware of the JTA transaction of the calling
 * thread:
 * <ul>
 *   <li>no transaction: published at once, as {@link Hub#publish}; the returned stage is complete
 *       (errors of the transport are thrown, as there);</li>
 *   <li>an active transaction: kept until it ends; published after it commits, in the order the
 *       transaction published them, and never if it rolls back (the stage then completes with a
 *       {@link java.util.concurrent.CancellationException});</li>
 *   <li>a transaction already marked for rollback: never published (the stage is cancelled at once).</li>
 * </ul>
 * The deferral is one interposed synchronization per transaction ({@link AfterCommit}), so events
 * published through {@code SseBroadcaster.broadcast}, this bean and {@link TopicEvent}s in one
 * transaction keep their order. Events of different transactions are published as each commits.
 */
@ApplicationScoped
public class HeraldPublisher {

    @Inject
    Hub hub;

    @Inject
    Transactions transactions;

    /** As {@link #publish(TopicEvent)}. */
    public CompletionStage<Event> publish(String topic, String type, String data) {
        return publish(new TopicEvent(topic, type, data));
    }

    /**
     * Publishes {@code event} now, or after the current transaction commits (see the class).
     *
     * @return completes with the stored event (its id) once published
     * @throws IllegalStateException when the current transaction is already completing
     */
    public CompletionStage<Event> publish(TopicEvent event) {
        TransactionSynchronizationRegistry registry = transactions.registry();
        int status = registry == null ? Status.STATUS_NO_TRANSACTION : registry.getTransactionStatus();
        if (status == Status.STATUS_NO_TRANSACTION) {
            return CompletableFuture.completedFuture(hub.publish(event.topic(), event.type(), event.data()));
        }
        if (status == Status.STATUS_MARKED_ROLLBACK || status == Status.STATUS_ROLLEDBACK
                || status == Status.STATUS_ROLLING_BACK) {
            return CompletableFuture.failedFuture(AfterCommit.rolledBack());
        }
        return AfterCommit.of(registry, hub).add(event);
    }
}
