package io.herald.client;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential from {@code initial} up to {@code max}, each drawn from the upper
 * half of its step (equal jitter), so clients dropped together do not come back together; never
 * below the server's {@code retry:} hint. Immutable and thread-safe.
 */
public record Backoff(Duration initial, Duration max, DoubleSupplier random) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(random, "random");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max");
        }
    }

    public Backoff(Duration initial, Duration max) {
        this(initial, max, Math::random);
    }

    /**
     * The delay before attempt {@code failures + 1} after {@code failures} consecutive failures
     * (1 or more), at least {@code serverRetry} (the stream's {@code retry:}, or zero).
     */
    public Duration delay(int failures, Duration serverRetry) {
        long step = initial.toMillis();
        for (int i = 1; i < failures && step < max.toMillis(); i++) {
            step *= 2;
        }
        step = Math.min(step, max.toMillis());
        long jittered = step / 2 + (long) (random.getAsDouble() * (step - step / 2));
        return Duration.ofMillis(Math.max(jittered, serverRetry.toMillis()));
    }
}
