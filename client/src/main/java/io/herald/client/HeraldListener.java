package io.herald.client;

/**
 * Receives a subscription's events. Calls for one subscription never overlap and come in id order;
 * they run on the client's executor, so a slow listener slows only its own subscription's reading.
 */
public interface HeraldListener {

    /** The next event, in id order, never twice. */
    void onEvent(ReceivedEvent event);

    /**
     * The server said events after {@code lastEventId} are lost to this subscription (evicted from
     * its history, or from before a server restart); the events still retained follow. Reload what
     * depends on them here.
     */
    default void onReset(long lastEventId) {
    }

    /** The subscription now receives by {@code mode} (streaming, polling, reconnecting). */
    default void onModeChange(Subscription.Mode mode) {
    }

    /**
     * A failure. {@code ended} is true when retrying cannot help (a 400 or 403 answer, or 401 without a token supplier) and the
     * subscription is closed; otherwise the subscription retries by itself.
     */
    default void onError(HeraldException error, boolean ended) {
    }
}
