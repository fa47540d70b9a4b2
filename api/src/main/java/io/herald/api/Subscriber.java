package io.herald.api;

/**
 * A receiver of events on one or more topics: an SSE stream, a waiting long-poll, a test probe.
 *
 * <p>Calls to one subscriber are never concurrent and arrive in id order: first
 * {@link #onMissed(long)} if the requested position was already evicted, then the replayed
 * events, then live events, each id at most once; an event that does not arrive is always
 * announced by {@link #onMissed(long)} before any newer one. Calls run on the broadcaster's delivery
 * threads, not the publisher's (except a catch-up the subscriber asks to take while subscribing,
 * {@link #catchesUpWhileSubscribing()}); a subscriber that is slow only delays itself.
 */
public interface Subscriber {

    /**
     * Delivers one event, replayed or live. Throwing closes this subscription only
     * ({@link SubscriberTooSlowException}: and counts it as a slow consumer). Should not wait for
     * the client: delivery threads are shared.
     */
    void onEvent(Event event);

    /**
     * Says that events after {@code lastEventId} may be gone, so some were missed: at the start,
     * when the requested position is older than the replay history (or unknown to the server),
     * before the events still retained are replayed; or later, when the server itself lost events
     * on their way to this node (a node that fell behind its cluster), before the next event.
     */
    default void onMissed(long lastEventId) {
    }

    /**
     * Ends a run of deliveries: called after one or more {@link #onEvent} / {@link #onMissed}
     * calls once nothing more is queued for this subscriber at the moment (or after a long run).
     * A subscriber that buffers its writes sends them here, so events that queued up together cost
     * one flush instead of one each. Throwing closes this subscription only.
     */
    default void flush() {
    }

    /**
     * Whether the catch-up (the {@link #onMissed} notice, the replayed events and those published
     * while they were read, up to one batch, then {@link #flush}) is delivered on the thread that
     * subscribes, before {@code subscribe} returns, rather than on a delivery thread. For a
     * subscriber that only collects what it is given until its owner sends it (an event stream
     * whose response head is not written yet, which then writes its head and replay together);
     * its calls must never wait. Later calls run on the delivery threads as always. Default: false.
     */
    default boolean catchesUpWhileSubscribing() {
        return false;
    }

    /** Tells the subscriber its subscription has ended (closed by either side); called once. */
    default void onClose() {
    }
}
