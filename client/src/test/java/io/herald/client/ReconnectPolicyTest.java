package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

    // random 1.0: every delay is the top of its step, so the doubling is visible
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 1.0);

    static HeraldProblemException problem(int status, Duration retryAfter) {
        return new HeraldProblemException(status, "about:blank", "x", "", retryAfter);
    }

    @Test
    void aStreamThatFlowedAndDroppedReconnectsWithGrowingBackoffNeverBelowTheServersRetry() {
        ReconnectPolicy p = new ReconnectPolicy(BACKOFF, false);
        HeraldException dropped = new HeraldException("stream ended");
        assertThat(p.afterStreamFailure(dropped, true, false)).contains(Duration.ofSeconds(1));
        assertThat(p.afterStreamFailure(dropped, true, false)).contains(Duration.ofSeconds(2));
        p.serverRetry(Duration.ofSeconds(10));
        assertThat(p.afterStreamFailure(dropped, true, false)).contains(Duration.ofSeconds(10));
        p.succeeded();
        p.serverRetry(Duration.ZERO);
        assertThat(p.afterStreamFailure(dropped, true, false)).as("a success starts the backoff over")
                .contains(Duration.ofSeconds(1));
    }

    @Test
    void aStreamThatNeverFlowedOrStalledFallsBackToPolling() {
        ReconnectPolicy p = new ReconnectPolicy(BACKOFF, false);
        assertThat(p.afterStreamFailure(new HeraldException("refused"), false, false)).isEmpty();
        assertThat(p.afterStreamFailure(new HeraldException("stalled"), true, true)).isEmpty();
        assertThat(p.afterStreamFailure(problem(502, null), false, false)).isEmpty();
    }

    @Test
    void aStreamRefusedByALimitWaitsItsRetryAfterInsteadOfPolling() {
        ReconnectPolicy p = new ReconnectPolicy(BACKOFF, false);
        assertThat(p.afterStreamFailure(problem(429, Duration.ofSeconds(7)), false, false)).contains(Duration.ofSeconds(7));
        assertThat(p.afterStreamFailure(problem(503, null), false, false)).as("second failure, no hint: backoff")
                .contains(Duration.ofSeconds(2));
    }

    @Test
    void aFailedPollWaitsTheBackoffOrTheProblemsRetryAfter() {
        ReconnectPolicy p = new ReconnectPolicy(BACKOFF, false);
        assertThat(p.afterPollFailure(new HeraldException("no answer"))).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.afterPollFailure(problem(503, Duration.ofSeconds(9)))).isEqualTo(Duration.ofSeconds(9));
        assertThat(p.afterPollFailure(problem(500, null))).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void onlyAnswersRetryingCannotChangeEndTheSubscription() {
        ReconnectPolicy withoutTokens = new ReconnectPolicy(BACKOFF, false);
        for (int status : new int[] {400, 403, 405, 406, 415, 401}) {
            assertThat(withoutTokens.endsSubscription(problem(status, null))).as("status " + status).isTrue();
        }
        for (int status : new int[] {404, 408, 429, 500, 502, 503}) {
            assertThat(withoutTokens.endsSubscription(problem(status, null))).as("status " + status).isFalse();
        }
        assertThat(withoutTokens.endsSubscription(new HeraldException("no answer"))).isFalse();
        assertThat(new ReconnectPolicy(BACKOFF, true).endsSubscription(problem(401, null)))
                .as("with a token supplier a 401 gets a fresh token").isFalse();
    }
}
