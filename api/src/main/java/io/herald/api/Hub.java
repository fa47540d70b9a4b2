package io.herald.api;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The hub: what the HTTP edge (and any application code) needs from Herald, and no more. It
 * publishes, registers stream subscribers with replay, answers long-polls, and reports on topics and
 * on itself. Arguments are validated here, once; below the hub (the transport) input is trusted.
 *
 * <p>One implementation runs per application; which transport carries the events (memory or a
 * cluster) is invisible through this contract.
 */
public interface Hub extends Publisher {

    /**
     * Takes one place among this node's subscribers for a stream about to be opened, before its
     * response is committed, so that a refusal can still be an HTTP error.
     *
     * @throws LimitExceededException when the node has its maximum of subscribers, or is shutting down
     */
    SubscriberPlace reservePlace();

    /**
     * Registers {@code subscriber} on {@code topics}, taking a place for it. If {@code lastEventId}
     * is present, the subscriber first gets {@code onMissed} (if events after it are gone) and the
     * retained events after it, then live events, each exactly once in id order.
     *
     * @throws IllegalArgumentException for no topics or an invalid topic
     * @throws LimitExceededException        when no place is free
     * @throws HubUnavailableException       when the history cannot be read now
     */
    Subscription subscribe(Set<String> topics, OptionalLong lastEventId, Subscriber subscriber);

    /**
     * As {@link #subscribe(Set, OptionalLong, Subscriber)} with a place taken beforehand by
     * {@link #reservePlace()}; the subscription owns it from now on and gives it back when it ends
     * (and at once if this call fails).
     */
    Subscription subscribe(SubscriberPlace place, Set<String> topics, OptionalLong lastEventId,
                           Subscriber subscriber);

    /**
     * Immediate read: the retained events of {@code topics} after {@code afterId}, in id order.
     *
     * @throws HubUnavailableException when the history cannot be read now
     */
    ReplayResult after(Set<String> topics, long afterId);

    /**
     * Long-poll: completes with the retained events of {@code topics} newer than {@code since}, at
     * once if there are any, else as soon as one is published; with no events when {@code timeout}
     * passes first. Takes a place among the subscribers while it waits and holds no thread.
     * Completing the returned stage's {@code toCompletableFuture()} before it answers (cancelling
     * it, or completing it exceptionally) ends the wait and gives its place back.
     *
     * @throws LimitExceededException when no place is free
     */
    CompletionStage<ReplayResult> awaitAfter(Set<String> topics, long since, Duration timeout);

    /** A snapshot of one topic on this node. */
    TopicInfo info(String topic);

    /** A snapshot of this node's counters and state, for health checks and metrics; no I/O. */
    HubStatus status();

    /**
     * Whether events can be stored and read right now, and the hub is not shutting down (readiness).
     * May do one round trip to the event store, bounded by its command timeout.
     */
    boolean isAvailable();

    /**
     * Whether {@link #subscribe}, {@link #after} and {@link #awaitAfter} may wait on a round trip
     * to a shared event store (a cluster's history reads) rather than only take locks in this
     * process. A caller on an I/O thread, which serves many connections at once, then hands those
     * calls to a thread that may wait.
     */
    default boolean readsMayWait() {
        return false;
    }

    /**
     * Starts shutting down: refuses new subscribers, ends every stream after the events already
     * queued for it, answers every waiting poll with nothing, and waits up to {@code grace} for
     * that to be written. Idempotent.
     *
     * @return whether everything was handed to the container within {@code grace}
     */
    boolean closeAll(Duration grace);
}
