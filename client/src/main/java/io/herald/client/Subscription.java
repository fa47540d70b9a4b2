package io.herald.client;

import java.util.List;

/** An open subscription of {@link HeraldClient#subscribe}; close it to stop receiving. */
public interface Subscription extends AutoCloseable {

    /** How events currently arrive. */
    enum Mode {
        /** Opening a stream (first connect, or after a drop, with the last id). */
        CONNECTING,
        /** One SSE stream delivers the events. */
        STREAMING,
        /** Long-polls deliver the events (the stream could not be had); streaming is retried later. */
        POLLING,
        /** Closed: nothing more is delivered. */
        CLOSED
    }

    List<String> topics();

    Mode mode();

    /** Id of the last event delivered (or the position asked for), -1 before the start position is known. */
    long lastEventId();

    /** Stops delivery at once; the connection is released in the background. Idempotent. */
    @Override
    void close();
}
