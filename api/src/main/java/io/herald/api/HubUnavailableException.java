package io.herald.api;

/**
 * The hub cannot store or read events right now (its event store, e.g. Redis, is unreachable):
 * nothing was published or read, and retrying later may work. The HTTP edge answers it with 503
 * and {@code Retry-After}.
 */
public class HubUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HubUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
