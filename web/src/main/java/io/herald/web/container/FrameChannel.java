package io.herald.web.container;

import io.herald.web.sse.SseFrame;
import java.io.IOException;

/**
 * Where an answered event stream writes its frames once JAX-RS is out of the way: the connection
 * itself where the container allows it ({@link ContainerSupport#takeOverStream}), the servlet
 * output stream elsewhere. Not thread-safe: the stream calls it under its write lock.
 */
public interface FrameChannel {

    /** Takes {@code frame}; it is sent at the latest by the next {@link #flush()}. */
    void write(SseFrame frame) throws IOException;

    /**
     * Sends what {@link #write} left behind. The servlet output stream may wait while the client
     * is not reading, up to the container's write timeout, and then fails; the Grizzly channel
     * never waits (it holds frames back and resumes through {@link #onWritable}).
     *
     * @throws ClientTooSlowException if the client fell too far behind: the connection is closed
     */
    void flush() throws IOException;

    /**
     * Where a channel that holds frames back for a client that is behind says that the client has
     * read enough: {@code resume} flushes again, under the stream's write lock. Called once, before
     * any write.
     */
    default void onWritable(Runnable resume) {
    }

    /**
     * Whether a write now would wait for the client to read; keepalives are skipped then.
     *
     * @throws IOException if the client has read nothing for the container's whole write timeout:
     *                     the connection is closed (an idle stream has no event write to time out)
     */
    boolean backedUp() throws IOException;

    /**
     * Whether the channel took the connection over from the container: the container's request
     * (and JAX-RS's sink) must end at once, and the stream ends by {@link #close()}ing this
     * channel. If not, the container still owns the response, and ends it when the stream ends.
     */
    default boolean ownsConnection() {
        return false;
    }

    /** Whether the channel closed the connection because its client fell behind (set before the close). */
    default boolean closedAsTooSlow() {
        return false;
    }

    /**
     * Ends the stream's response: a channel that {@link #ownsConnection() owns} the connection
     * writes the end and closes it; one through which the container still answers (JAX-RS's
     * sink) has the container end the response. Idempotent; may be called while a write fails.
     */
    default void close() {
    }

    /**
     * Whether the response already ended without this channel being closed (the container closed
     * it: the client went). A channel that owns the connection reports a close through its
     * failure callback instead, and says false.
     */
    default boolean isClosed() {
        return false;
    }
}
