package io.herald.web.problem;

import io.herald.web.settings.ConfigValues;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.microprofile.config.Config;

/**
 * The one {@code Retry-After} of every 429 and 503 Herald answers (a limit refused the request, the
 * event store is down, the server is stopping), so a client backs off the same way whatever refused it.
 *
 * @param delay how long a client should wait before retrying ({@code herald.limit.retry-after-seconds}, default 5)
 */
public record RetryAfter(Duration delay) {

    /** The key, named in the README. */
    public static final String KEY = "herald.limit.retry-after-seconds";

    public RetryAfter {
        Objects.requireNonNull(delay, "delay");
        if (delay.toSeconds() < 1) {
            throw new IllegalArgumentException("delay must be at least 1 s");
        }
    }

    /** The key {@value #KEY}. */
    public static RetryAfter from(Config c) {
        return new RetryAfter(ConfigValues.positiveSeconds(c, KEY, 5));
    }

    /** True for the statuses that carry the header: 429 and 503. */
    public static boolean appliesTo(int status) {
        return status == 429 || status == 503;
    }

    /** The header value: whole seconds (RFC 9110 section 10.2.3). */
    public String headerValue() {
        return Long.toString(delay.toSeconds());
    }

    /** {@code builder} with this {@code Retry-After}. */
    public Response.ResponseBuilder addTo(Response.ResponseBuilder builder) {
        return builder.header(HttpHeaders.RETRY_AFTER, headerValue());
    }
}
