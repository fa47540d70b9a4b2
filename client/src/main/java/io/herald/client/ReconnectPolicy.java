package io.herald.client;

import java.time.Duration;
import java.util.Optional;

/**
 * What a subscription does after a failure: end (retrying cannot help), reconnect the stream after
 * a backoff, or fall back to long-poll. Counts consecutive failures for the backoff and keeps the
 * server's {@code retry:} hint, the floor of every wait.
 *
 * <p>Not thread-safe: the subscription calls it under its lock.
 */
final class ReconnectPolicy {

    private final Backoff backoff;
    private final boolean tokens;
    private int failures;
    private Duration serverRetry = Duration.ZERO;

    /** {@code tokens}: whether the client has a token supplier (then a 401 is worth a retry). */
    ReconnectPolicy(Backoff backoff, boolean tokens) {
        this.backoff = backoff;
        this.tokens = tokens;
    }

    /** The stream's {@code retry:} field. */
    void serverRetry(Duration retry) {
        serverRetry = retry;
    }

    /**
     * Something worked for long enough (a stream flowed past the stall timeout, a poll answered):
     * the backoff starts over.
     */
    void succeeded() {
        failures = 0;
    }

    /**
     * Answers that retrying cannot change: the request itself is wrong or not allowed. A 404 is
     * not one of them: a server that is booting (or being redeployed) answers 404 until the
     * application is there, and a valid topic name never 404s once it is.
     */
    boolean endsSubscription(HeraldException error) {
        if (!(error instanceof HeraldProblemException p)) {
            return false;
        }
        int s = p.status();
        return s == 400 || s == 403 || s == 405 || s == 406 || s == 415
                || s == 401 && !tokens;
    }

    /**
     * A stream attempt failed (and does not end the subscription): the wait before streaming
     * again, or empty to fall back to long-poll. A stream that was flowing and dropped is
     * reconnected (after the server's {@code retry:}, then backoff); one refused by a limit waits
     * its {@code Retry-After}, since polls count against the same limit; one that never flowed or
     * stalled (a buffering proxy, a firewall) will not do better at once, so the subscription polls.
     */
    Optional<Duration> afterStreamFailure(HeraldException error, boolean established, boolean stalled) {
        failures++;
        if (established && !stalled) {
            return Optional.of(backoff.delay(failures, serverRetry));
        }
        if (error instanceof HeraldProblemException p && (p.status() == 429 || p.status() == 503)) {
            return Optional.of(backoff.delay(failures, p.retryAfter().orElse(serverRetry)));
        }
        return Optional.empty();
    }

    /** A poll failed (and does not end the subscription): the wait before trying to stream again. */
    Duration afterPollFailure(HeraldException error) {
        failures++;
        Duration hint = error instanceof HeraldProblemException p ? p.retryAfter().orElse(serverRetry) : serverRetry;
        return backoff.delay(failures, hint);
    }
}
