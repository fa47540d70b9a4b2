package io.herald.web.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.web.problem.ProblemException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PollTimeoutTest {

    private static final Duration FALLBACK = Duration.ofSeconds(25);
    private static final Duration MAX = Duration.ofSeconds(60);

    @Test
    void wholeSecondsUpToTheMaximumAreTheWaitAndAnAbsentTimeoutIsTheFallback() {
        assertThat(PollTimeout.parse(null, FALLBACK, MAX)).isEqualTo(FALLBACK);
        assertThat(PollTimeout.parse("0", FALLBACK, MAX)).isZero();
        assertThat(PollTimeout.parse("007", FALLBACK, MAX)).isEqualTo(Duration.ofSeconds(7));
        assertThat(PollTimeout.parse("60", FALLBACK, MAX)).isEqualTo(MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "+1", "1.5", " 1", "1 ", "61", "999999999", "1234567890", "\u0661", "1\u0662", "1e3"})
    void anythingElseIs400(String raw) {
        assertThatThrownBy(() -> PollTimeout.parse(raw, FALLBACK, MAX))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().detail()).contains("from 0 to 60");
                });
    }
}
