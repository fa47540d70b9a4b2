package io.herald.api;

/**
 * Thrown by a {@link Subscriber} whose client cannot keep up (it reads too little, or nothing, of
 * what was sent): the hub closes the subscription, as for any exception, and counts it as a slow
 * consumer. A subscriber throws it instead of waiting for its client, so that a client that stops
 * reading never holds a delivery thread.
 */
public class SubscriberTooSlowException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message why the client is too slow, for logs */
    public SubscriberTooSlowException(String message) {
        super(message);
    }
}
