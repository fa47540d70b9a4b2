package io.herald.api;

import java.util.Set;

/** A live registration of a {@link Subscriber} on a set of topics; closing it stops delivery. */
public interface Subscription extends AutoCloseable {

    /** The topics this subscription receives. */
    Set<String> topics();

    /** Whether the subscription is still delivering. */
    boolean isOpen();

    /** Ends the subscription; idempotent. The subscriber's {@code onClose} is called once. */
    @Override
    void close();
}
