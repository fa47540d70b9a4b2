package io.herald.client;

import jakarta.ws.rs.core.Response;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stream responses a subscription is reading, so that closing the subscription can release
 * them. Closing a response whose body another thread is reading waits for that read to return (the
 * JDK connection's stream is synchronized), so the release runs on the executor, never on the
 * thread that calls {@code close()}.
 */
final class OpenStreams {

    // the subscription's logger, as before the split, so existing logging configuration still applies
    private static final System.Logger LOG = System.getLogger(StreamingSubscription.class.getName());

    private final Set<Response> open = ConcurrentHashMap.newKeySet();

    void add(Response r) {
        open.add(r);
    }

    /** The reader is done with {@code r}: forget it and close it. */
    void release(Response r) {
        open.remove(r);
        closeQuietly(r);
    }

    /** Closes every response still being read, in the background (if the executor is gone, each read ends at its timeout). */
    void releaseAll(ClientThreads threads) {
        for (Response r : open) {
            threads.run(() -> closeQuietly(r));
        }
    }

    /** Closing after the client closed fails inside Jersey (its injection scope is gone): nothing left to release. */
    static void closeQuietly(Response r) {
        try {
            r.close();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "closing a response failed", e);
        }
    }
}
