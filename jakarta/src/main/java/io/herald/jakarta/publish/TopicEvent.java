package io.herald.jakarta.publish;

import io.herald.api.Event;
import io.herald.api.Topic;
import java.util.Objects;

/**
 * An event to publish, as a CDI event: {@code @Inject jakarta.enterprise.event.Event<TopicEvent> events;
 * events.fire(new TopicEvent("orders", "created", json));} is published like
 * {@link HeraldPublisher#publish(TopicEvent)} (after commit inside a transaction). Only synchronous
 * {@code fire} is observed: an asynchronous observer would run outside the firing transaction.
 *
 * <p>Validated when it is made, so a bad topic or type fails in the caller, inside its transaction,
 * and never later in the commit.
 *
 * @param topic a valid topic name (see {@link Topic})
 * @param type  the event type (SSE {@code event:}), or {@code null}; not {@value Event#RESET_TYPE} (reserved)
 * @param data  the payload text
 */
public record TopicEvent(String topic, String type, String data) {

    public TopicEvent {
        Topic.requireValid(topic);
        Event.requirePublishableType(type);
        Objects.requireNonNull(data, "data");
    }
}
