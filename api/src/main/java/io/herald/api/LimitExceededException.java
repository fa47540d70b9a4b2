package io.herald.api;

/**
 * A configured maximum refused a request: a new subscriber, stream or topic. Nothing was
 * registered or stored. The web layer answers 429 for {@link Scope#CLIENT} limits and 503 for
 * {@link Scope#SERVER} ones, both with {@code Retry-After}.
 */
public class LimitExceededException extends RuntimeException {

    /** Whose limit was reached. */
    public enum Scope {
        /** A limit of one client (e.g. streams per IP): that client should slow down. */
        CLIENT,
        /** A limit of the whole server (e.g. subscribers in total): anyone may retry later. */
        SERVER
    }

    private final String key;
    private final Scope scope;

    /**
     * @param key    the configuration key of the limit, e.g. {@code herald.limit.subscribers}
     * @param scope  whose limit it is
     * @param detail what was refused, safe to show to the client
     */
    public LimitExceededException(String key, Scope scope, String detail) {
        super(detail, null, false, false);
        this.key = key;
        this.scope = scope;
    }

    /** The configuration key of the limit that was reached. */
    public String key() {
        return key;
    }

    public Scope scope() {
        return scope;
    }
}
