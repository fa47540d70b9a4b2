package io.herald.core.broadcast;

import io.herald.api.Event;
import io.herald.api.Publisher;
import io.herald.api.ReplayResult;
import io.herald.api.Subscriber;
import io.herald.api.Subscription;
import io.herald.api.TopicInfo;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The hub: publishes through the transport and fans every event out to this node's subscribers.
 * (Signatures fixed; implementation in progress.)
 */
@ApplicationScoped
public class Broadcaster implements Publisher {

    /**
     * @throws IllegalArgumentException for an invalid topic or type
     * @throws io.herald.core.transport.TransportUnavailableException if the event could not be stored
     */
    @Override
    public Event publish(String topic, String type, String data) {
        throw new UnsupportedOperationException("in progress");
    }

    /**
     * Registers {@code subscriber} on {@code topics}. If {@code lastEventId} is present, the
     * subscriber first gets {@code onMissed} (if events after it were evicted) and the retained
     * events after it, then live events, each exactly once in id order. If the id is greater than
     * any id ever assigned (e.g. the server restarted), {@code onMissed} is called and all retained
     * events are replayed.
     */
    public Subscription subscribe(Set<String> topics, OptionalLong lastEventId, Subscriber subscriber) {
        throw new UnsupportedOperationException("in progress");
    }

    /** Immediate read: retained events of {@code topics} after {@code afterId}, merged in id order. */
    public ReplayResult after(Set<String> topics, long afterId) {
        throw new UnsupportedOperationException("in progress");
    }

    /**
     * Long-poll: completes with the retained events of {@code topics} newer than {@code since}, at once
     * if there are any, else as soon as one is published; with an empty list when {@code timeout}
     * passes first. Holds no thread while waiting. Cancelling the returned future's
     * {@code toCompletableFuture()} releases the wait.
     */
    public CompletionStage<List<Event>> awaitAfter(Set<String> topics, long since, Duration timeout) {
        throw new UnsupportedOperationException("in progress");
    }

    /** A snapshot of the topic on this node. */
    public TopicInfo info(String topic) {
        throw new UnsupportedOperationException("in progress");
    }
}
