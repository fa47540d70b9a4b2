package io.herald.web.security;

import jakarta.enterprise.context.RequestScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@link AuthFilter} decided for this request's read, for the resource that serves it: a
 * typed, request-scoped value instead of a request attribute under a string key. Only the filter
 * sets it (the setter is package-private); resources inject it and read it.
 *
 * <p>A read of private topics is allowed by a token, and only until that token stops being
 * accepted: a stream opened by such a read ends then, so access ends with the token, and the
 * client's reconnect needs a fresh one.
 */
@RequestScoped
public class ReadAuthorization {

    private Instant validUntil;

    /** Called by {@link AuthFilter} when a token allowed this read. */
    public void grantedUntil(Instant until) {
        validUntil = until;
    }

    /**
     * When the token that allowed this read of private topics stops being accepted; empty when the
     * read needed no token (public topics, or development mode).
     */
    public Optional<Instant> validUntil() {
        return Optional.ofNullable(validUntil);
    }
}
