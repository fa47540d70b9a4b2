package io.herald.jakarta.publish;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Publishes the {@link TopicEvent}s the application fires. A plain synchronous observer: it runs in
 * the firing thread, so inside the firing transaction, where {@link HeraldPublisher} defers the
 * publish to the commit (not {@code during = AFTER_SUCCESS}, which would not cover events published
 * by other means in the same transaction, and would lose their order among them).
 */
@ApplicationScoped
public class TopicEventObserver {

    @Inject
    HeraldPublisher publisher;

    void publish(@Observes TopicEvent event) {
        publisher.publish(event);
    }
}
