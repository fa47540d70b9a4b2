package io.herald.core.transport;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import java.util.function.Consumer;

/**
 * Where events live and travel: assigns ids from the one sequence, keeps each topic's bounded
 * replay history, and carries every event to every node's listener. In memory for one node, or
 * through Redis for many; nothing above this interface knows which one runs.
 */
public interface Transport extends AutoCloseable {

    /**
     * Starts delivering every event published from now on (on any node) to {@code listener},
     * exactly once each, in id order, from one thread at a time. Called once, before any publish.
     */
    void start(Consumer<Event> listener);

    /**
     * Assigns the next id, appends the event to its topic's history (evicting the oldest beyond the
     * configured size) and distributes it to the listeners of all nodes.
     *
     * @throws TransportUnavailableException if the event could not be stored (nothing was published)
     */
    Event publish(String topic, String type, String data);

    /** The topic's retained events with an id above {@code afterId}, oldest first, and whether some were evicted. */
    ReplayResult history(String topic, long afterId);

    /** The highest id assigned so far, on any node; 0 if none. */
    long lastId();

    /** How many events the topic's history holds now. */
    int bufferedCount(String topic);

    /**
     * Whether events can be stored and read right now (for readiness checks); may do one round
     * trip bounded by the transport's command timeout. In memory: always.
     */
    default boolean isAvailable() {
        return true;
    }

    /** Stops delivering and releases connections. */
    @Override
    void close();
}
