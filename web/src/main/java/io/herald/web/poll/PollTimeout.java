package io.herald.web.poll;

import io.herald.web.input.DecimalDigits;
import io.herald.web.problem.ProblemException;
import java.time.Duration;

/** The {@code timeout} of a long-poll: whole seconds from 0 to the configured maximum. */
final class PollTimeout {

    /** Up to 9 digits: any configurable maximum fits, and parsing can neither overflow nor take long. */
    private static final int MAX_DIGITS = 9;

    private PollTimeout() {
    }

    /** {@code raw} as a wait, {@code fallback} when absent; a 400 when malformed or above {@code max}. */
    static Duration parse(String raw, Duration fallback, Duration max) {
        if (raw == null) {
            return fallback;
        }
        if (DecimalDigits.matches(raw, MAX_DIGITS)) {
            Duration wait = Duration.ofSeconds(Long.parseLong(raw));
            if (wait.compareTo(max) <= 0) {
                return wait;
            }
        }
        throw ProblemException.badRequest("invalid-timeout", "Invalid timeout",
                "timeout must be whole seconds from 0 to " + max.toSeconds());
    }
}
