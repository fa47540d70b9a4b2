package io.herald.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SaturatingTest {

    private static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    private static final Duration SHORTEST = Duration.ofSeconds(Long.MIN_VALUE);

    @Test
    void conversionsClampInsteadOfThrowing() {
        assertThat(Saturating.nanos(Duration.ofSeconds(1))).isEqualTo(1_000_000_000L);
        assertThat(Saturating.nanos(Duration.ofDays(365L * 3000))).isEqualTo(Long.MAX_VALUE);
        assertThat(Saturating.nanos(Duration.ofDays(-365L * 3000))).isEqualTo(Long.MIN_VALUE);
        assertThat(Saturating.millis(LONGEST)).isEqualTo(Long.MAX_VALUE);
        assertThat(Saturating.millis(SHORTEST)).isEqualTo(Long.MIN_VALUE);
        assertThat(Saturating.millis(Duration.ofSeconds(3))).isEqualTo(3000);
    }

    @Test
    void sumsClampAtTheEndsOfTheRange() {
        assertThat(Saturating.plus(LONGEST, Duration.ofSeconds(5))).isEqualTo(LONGEST);
        assertThat(Saturating.plus(SHORTEST, Duration.ofSeconds(-5))).isEqualTo(SHORTEST);
        assertThat(Saturating.plus(Duration.ofSeconds(1), Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(3));
        assertThat(Saturating.plus(Instant.MAX, Duration.ofSeconds(30))).isEqualTo(Instant.MAX);
        assertThat(Saturating.plus(Instant.MIN, Duration.ofSeconds(-30))).isEqualTo(Instant.MIN);
        assertThat(Saturating.plus(Instant.EPOCH, LONGEST)).isEqualTo(Instant.MAX);
        assertThat(Saturating.plus(Instant.EPOCH, Duration.ofSeconds(30))).isEqualTo(Instant.ofEpochSecond(30));
    }

    @Test
    void timeUntilADeadlineIsNeverNegativeAndNeverOverflows() {
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        assertThat(Saturating.until(now, now.minusSeconds(5))).isEqualTo(Duration.ZERO);
        assertThat(Saturating.until(now, Instant.MIN)).isEqualTo(Duration.ZERO);
        assertThat(Saturating.until(now, now.plusSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        // a token "exp": 99999999999 (the year 5138): representable as a Duration, not as nanoseconds
        Duration left = Saturating.until(now, Instant.ofEpochSecond(99_999_999_999L));
        assertThat(Saturating.nanos(left)).isEqualTo(Long.MAX_VALUE);
        assertThat(Saturating.until(now, Instant.MAX)).isPositive();
    }

    @Test
    void nanoTimeDeadlinesNeverWrapIntoThePast() {
        assertThat(Saturating.deadlineNanos(Long.MAX_VALUE - 10, Duration.ofSeconds(1))).isEqualTo(Long.MAX_VALUE);
        assertThat(Saturating.deadlineNanos(100, LONGEST)).isEqualTo(Long.MAX_VALUE);
        assertThat(Saturating.deadlineNanos(-5_000_000_000L, Duration.ofSeconds(2))).isEqualTo(-3_000_000_000L);
    }
}
