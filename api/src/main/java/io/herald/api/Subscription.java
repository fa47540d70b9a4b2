package io.herald.api;

import java.util.Set;

/** A live registration of a {@link Subscriber} on a set of topics; closing it stops delivery. */
public interface Subscription extends AutoCloseable {

    /** The topics this subscription receives. */
    Set<String> topics();

    /** Whether the subscription is still delivering. */
    boolean isOpen();

    /**
     * Ends the subscription; idempotent. The subscriber's {@code onClose} is called once: within
     * this call when no delivery to it is under way, otherwise on the delivery thread once that
     * delivery is done (so a subscriber that closes its own subscription may be told re-entrantly).
     */
    @Override
    void close();

    /**
     * Ends the subscription because its client could not keep up, found outside a delivery (for
     * example by a keepalive): as {@link #close()}, and the hub counts it as a slow consumer, as
     * when a delivery throws {@link SubscriberTooSlowException}.
     */
    default void closeTooSlow() {
        close();
    }
}
