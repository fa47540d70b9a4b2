package io.herald.core.broadcast;

import io.herald.api.LimitExceededException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission: the places among this node's subscribers ({@code herald.limit.subscribers}), taken by
 * streams (also before their response is committed) and waiting polls, each given back once
 * through its {@link Admission}. Once {@link #close() closed} (shutting down) it admits nobody.
 *
 * <p>Locking: none; the count is one atomic, taken by compare-and-set so it never passes the limit.
 */
final class SubscriberPlaces {

    private static final String LIMIT = "herald.limit.subscribers";

    private final int max;
    private final AtomicInteger taken = new AtomicInteger();
    private volatile boolean closed;

    SubscriberPlaces(int max) {
        this.max = max;
    }

    /**
     * Takes one place.
     *
     * @throws LimitExceededException (server scope) when every place is taken or the node is shutting down
     */
    Admission take() {
        while (true) {
            if (closed) {
                throw new LimitExceededException(LIMIT, LimitExceededException.Scope.SERVER,
                        "The server is shutting down; reconnect in a moment");
            }
            int now = taken.get();
            if (now >= max) {
                throw new LimitExceededException(LIMIT, LimitExceededException.Scope.SERVER,
                        "The server has its maximum of " + max + " subscribers; retry later");
            }
            if (taken.compareAndSet(now, now + 1)) {
                return new Admission(taken::decrementAndGet);
            }
        }
    }

    /** Places taken now. */
    int taken() {
        return taken.get();
    }

    /** Admits nobody from now on (shutdown); places already taken are given back as usual. */
    void close() {
        closed = true;
    }

    /** Whether the node is shutting down: whoever registers after this must end at once. */
    boolean isClosed() {
        return closed;
    }
}
