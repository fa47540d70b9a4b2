package io.herald.web.limits;

import io.herald.api.LimitExceededException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Open SSE streams per client address, against {@code herald.limit.streams-per-client}. A slot is
 * taken before the stream's response is committed and given back exactly once when the stream ends.
 *
 * <p>Locking: lock-free; {@code compute} on the map makes check-and-increment and
 * decrement-and-remove atomic per address, so counts are exact under any concurrency, and an
 * address without streams costs nothing.
 */
@ApplicationScoped
public class ClientStreamLimits {

    public static final String KEY = "herald.limit.streams-per-client";

    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    private int max;

    @Inject
    LimitSettings settings;

    public ClientStreamLimits() {
    }

    /** For unit tests. */
    public ClientStreamLimits(int max) {
        this.max = max;
    }

    @PostConstruct
    void init() {
        max = settings.streamsPerClient();
    }

    /**
     * Takes one stream slot for {@code client}.
     *
     * @throws LimitExceededException (client scope) when the client has its maximum of open streams
     */
    public Slot acquire(String client) {
        String key = client == null ? "" : client;
        open.compute(key, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= max) {
                throw new LimitExceededException(KEY, LimitExceededException.Scope.CLIENT,
                        "At most " + max + " open streams per client; close one or retry later");
            }
            return current + 1;
        });
        return new Slot(key);
    }

    /** Open streams of {@code client} now. */
    public int count(String client) {
        return open.getOrDefault(client == null ? "" : client, 0);
    }

    /** Clients with at least one open stream now. */
    public int clients() {
        return open.size();
    }

    /** One stream's slot; {@link #release()} is idempotent so it never counts twice. */
    public final class Slot {
        private final String key;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String key) {
            this.key = key;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
            }
        }
    }
}
