package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void stepsDoubleFromTheInitialDelayUpToTheCap() {
        Backoff top = new Backoff(SECOND, Duration.ofSeconds(30), () -> 1.0);
        assertThat(top.delay(1, Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
        assertThat(top.delay(2, Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(top.delay(3, Duration.ZERO)).isEqualTo(Duration.ofSeconds(4));
        assertThat(top.delay(5, Duration.ZERO)).isEqualTo(Duration.ofSeconds(16));
        assertThat(top.delay(6, Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(top.delay(1_000, Duration.ZERO)).as("no overflow after many failures").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterDrawsFromTheUpperHalfOfEachStep() {
        Backoff low = new Backoff(SECOND, Duration.ofSeconds(30), () -> 0.0);
        assertThat(low.delay(1, Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(low.delay(3, Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(low.delay(9, Duration.ZERO)).isEqualTo(Duration.ofSeconds(15));

        Backoff random = new Backoff(SECOND, Duration.ofSeconds(30));
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration d = random.delay(3, Duration.ZERO);
            assertThat(d).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
            seen.add(d);
        }
        assertThat(seen).as("clients dropped together spread out").hasSizeGreaterThan(50);
    }

    @Test
    void neverWaitsLessThanTheServersRetryHint() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), () -> 0.0);
        assertThat(b.delay(1, Duration.ofMillis(3000))).isEqualTo(Duration.ofMillis(3000));
        assertThat(b.delay(12, Duration.ofMillis(3000))).as("a longer backoff step wins").isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void refusesAnEmptyOrInvertedRange() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, SECOND)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), SECOND)).isInstanceOf(IllegalArgumentException.class);
    }
}
