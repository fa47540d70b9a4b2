package io.herald.core.transport;

import io.herald.api.Event;
import io.herald.api.HubUnavailableException;
import io.herald.api.ReplayResult;
import java.util.Set;

/**
 * Where events live and travel: assigns ids from the one sequence, keeps each topic's bounded
 * replay history, and carries every event to every node's listener. In memory for one node, or
 * through Redis for many; nothing above this interface knows which one runs.
 *
 * <p>The direction is one way: the hub calls the transport, and the transport hands its feed of
 * events up to the one {@link Listener} in id order, never while holding a lock of its own (in
 * memory through an {@link OrderedFeed}, with Redis from its reader thread). An event is in its
 * topic's history before the listener is given it.
 *
 * <p>Input is trusted: topics, types and ids are validated once, by the hub (the {@code api}
 * contract) before they reach a transport, which does not check them again.
 */
public interface Transport extends AutoCloseable {

    /** What a node is told: every event in id order, and where it may have lost some. */
    @FunctionalInterface
    interface Listener {

        /**
         * One event, in id order, from one thread at a time, with no lock of the transport held
         * (the listener may read the transport), and only once the event is in its history.
         */
        void onEvent(Event event);

        /**
         * Events with ids above {@code afterId} and below the next event delivered may never reach
         * this node (e.g. its reader fell behind the cluster-wide stream's trimming, or Redis lost
         * them): everyone on the node who could have wanted them must be told.
         */
        default void onGap(long afterId) {
        }
    }

    /**
     * Starts delivering every event published from now on (on any node) to {@code listener},
     * exactly once each, in id order, from one thread at a time; or reports a gap. Called once,
     * before any publish.
     */
    void start(Listener listener);

    /**
     * Assigns the next id, appends the event to its topic's history (evicting the oldest beyond the
     * configured size and byte budgets) and distributes it to the listeners of all nodes.
     *
     * @throws HubUnavailableException if the event could not be stored (nothing was published)
     */
    Event publish(String topic, String type, String data);

    /** The topic's retained events with an id above {@code afterId}, oldest first, and whether some were evicted. */
    default ReplayResult history(String topic, long afterId) {
        return history(Set.of(topic), afterId);
    }

    /**
     * The retained events of all {@code topics} with an id above {@code afterId}, in id order, read as
     * one consistent cut: as of one instant, every event at or below the newest one returned is
     * either in the result or reported missed. {@code missed} is whether events after
     * {@code afterId} of any of the topics are gone (evicted, expired, or from before this
     * transport's memory, e.g. before a restart).
     */
    ReplayResult history(Set<String> topics, long afterId);

    /**
     * The highest id assigned so far, on any node. Before the first one: 0, or an id that no id
     * assigned later can be at or below (a transport whose ids start from the clock).
     */
    long lastId();

    /**
     * What the topic's history holds now, counted, not read: one lock or one round trip however
     * long the history is.
     */
    Retained retained(String topic);

    /**
     * What a topic's history holds.
     *
     * @param count  events retained now
     * @param lastId id of the newest retained event, 0 if none is
     */
    record Retained(int count, long lastId) {
    }

    /**
     * Whether events can be stored and read right now (for readiness checks); may do one round
     * trip bounded by the transport's command timeout. In memory: always.
     */
    default boolean isAvailable() {
        return true;
    }

    /** Whether {@link #history} may wait on a round trip to another process (see {@code Hub#readsMayWait}). */
    default boolean readsMayWait() {
        return false;
    }

    /** Stops delivering and releases connections. */
    @Override
    void close();
}
