package io.herald.core.time;

import java.time.Duration;
import java.time.Instant;

/**
 * {@link Duration} and {@link Instant} arithmetic clamped to the representable range.
 * {@code Duration.toNanos()} overflows after about 292 years and {@code toMillis()} after 292
 * million, both with an {@code ArithmeticException}; a token valid until the year 5138 is a
 * legitimate input and must mean "effectively forever", not a 500.
 */
public final class Saturating {

    private Saturating() {
    }

    /** {@code d} in nanoseconds, clamped to {@code Long.MIN_VALUE..Long.MAX_VALUE}. */
    public static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** {@code d} in milliseconds, clamped likewise. */
    public static long millis(Duration d) {
        try {
            return d.toMillis();
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** {@code a + b}, clamped to the longest and shortest {@link Duration}. */
    public static Duration plus(Duration a, Duration b) {
        try {
            return a.plus(b);
        } catch (ArithmeticException overflow) {
            return b.isNegative() ? Duration.ofSeconds(Long.MIN_VALUE) : Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
        }
    }

    /** {@code t + d}, clamped to {@link Instant#MIN} .. {@link Instant#MAX}. */
    public static Instant plus(Instant t, Duration d) {
        try {
            return t.plus(d);
        } catch (ArithmeticException | java.time.DateTimeException outOfRange) {
            return d.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }

    /** The time from {@code now} to {@code deadline}; zero if it has passed. Never throws. */
    public static Duration until(Instant now, Instant deadline) {
        Duration left = Duration.between(now, deadline); // at most ~2e16 s: always representable
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * {@code System.nanoTime()}-style deadline {@code now + d} for a non-negative {@code d}, clamped
     * so that it never wraps into the past.
     */
    public static long deadlineNanos(long nowNanos, Duration d) {
        long n = nanos(d);
        long sum = nowNanos + n;
        return n > 0 && sum < nowNanos ? Long.MAX_VALUE : sum;
    }
}
