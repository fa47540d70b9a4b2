package io.herald.jakarta.publish;

import io.herald.api.Event;
import io.herald.api.Publisher;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The events one transaction published, kept as a resource of that transaction and published by its
 * one interposed synchronization once it committed, in the order they were added; dropped when it
 * rolls back. Interposed, so it runs after the ordinary synchronizations (JPA's flush included)
 * have completed the commit: a subscriber told of an event finds the rows it describes.
 *
 * <p>Publishing stops at the first failure (the transport down): that event and the ones after it
 * complete exceptionally with its error, so what subscribers get of one transaction is always a
 * prefix of its events, in order.
 */
final class AfterCommit implements Synchronization {

    private static final Logger LOG = Logger.getLogger(AfterCommit.class.getName());
    /** The key of a transaction's instance among its resources. */
    private static final Object KEY = AfterCommit.class;

    private record Pending(TopicEvent event, CompletableFuture<Event> published) {
    }

    private final Publisher publisher;
    private final List<Pending> pending = new ArrayList<>();

    private AfterCommit(Publisher publisher) {
        this.publisher = publisher;
    }

    /** The instance of the current transaction, registered with it on first use. */
    static AfterCommit of(TransactionSynchronizationRegistry registry, Publisher publisher) {
        AfterCommit current = (AfterCommit) registry.getResource(KEY);
        if (current == null) {
            current = new AfterCommit(publisher);
            // throws IllegalStateException if the transaction is already completing
            registry.registerInterposedSynchronization(current);
            registry.putResource(KEY, current);
        }
        return current;
    }

    static CancellationException rolledBack() {
        return new CancellationException("the transaction rolled back: the event was not published");
    }

    /** Keeps {@code event} for the commit; the stage completes when it is published. */
    synchronized CompletionStage<Event> add(TopicEvent event) {
        CompletableFuture<Event> published = new CompletableFuture<>();
        pending.add(new Pending(event, published));
        return published;
    }

    @Override
    public void beforeCompletion() {
    }

    @Override
    public void afterCompletion(int status) {
        List<Pending> events;
        synchronized (this) {
            events = List.copyOf(pending);
            pending.clear();
        }
        if (status != Status.STATUS_COMMITTED) {
            events.forEach(p -> p.published().completeExceptionally(rolledBack()));
            return;
        }
        RuntimeException failure = null;
        for (Pending p : events) {
            if (failure != null) {
                p.published().completeExceptionally(failure);
                continue;
            }
            try {
                p.published().complete(publisher.publish(p.event().topic(), p.event().type(), p.event().data()));
            } catch (RuntimeException e) {
                failure = e;
                LOG.log(Level.WARNING, "publishing the events of a committed transaction failed at "
                        + p.event().topic() + "; it and " + (events.size() - events.indexOf(p) - 1)
                        + " later event(s) of the transaction are not published", e);
                p.published().completeExceptionally(e);
            }
        }
    }
}
