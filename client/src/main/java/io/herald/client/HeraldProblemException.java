package io.herald.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Herald answered with an error status. Herald's errors are {@code application/problem+json}
 * (RFC 9457); other answers (e.g. a proxy's 502 page) get {@code about:blank} and the status line.
 */
public class HeraldProblemException extends HeraldException {

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final Duration retryAfter;

    public HeraldProblemException(int status, String type, String title, String detail, Duration retryAfter) {
        super(status + " " + title + (detail == null || detail.isEmpty() ? "" : ": " + detail) + " (" + type + ")");
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The problem type URI, e.g. {@code urn:herald:problem:forbidden-topic}, or {@code about:blank}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /** The server's {@code Retry-After} (429 / 503), when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether the same request may succeed later (429, 503, or another 5xx). */
    public boolean isRetryable() {
        return status == 429 || status == 408 || status >= 500;
    }
}
