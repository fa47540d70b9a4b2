package io.herald.web.input;

import io.herald.web.problem.ProblemException;
import java.util.OptionalLong;

/**
 * Parses event ids that clients send back as positions ({@code since}, {@code Last-Event-ID},
 * {@code lastEventId}): plain non-negative decimal integers, as ids are written on the wire.
 */
public final class EventPosition {

    /** Long.MAX_VALUE has 19 digits; longer runs are out of range without parsing. */
    private static final int MAX_DIGITS = 19;

    private EventPosition() {
    }

    /** The position in {@code raw}, or empty if absent; a 400 naming {@code source} if malformed. */
    public static OptionalLong parse(String source, String raw) {
        if (raw == null) {
            return OptionalLong.empty();
        }
        if (DecimalDigits.matches(raw, MAX_DIGITS)) {
            try {
                return OptionalLong.of(Long.parseLong(raw));
            } catch (NumberFormatException tooLarge) {
                // falls through to the problem below
            }
        }
        throw ProblemException.badRequest("invalid-event-id", "Invalid event id",
                source + " must be a non-negative decimal integer event id");
    }

    /** Like {@link #parse} with 0 ("from the start of the retained history") when absent. */
    public static long parseOrZero(String source, String raw) {
        return parse(source, raw).orElse(0L);
    }

    /**
     * Where a stream resumes: the {@code Last-Event-ID} header wins over the {@code lastEventId}
     * query parameter (browsers set the header on reconnect, which is the fresher value); both are
     * validated, so a malformed one is reported even when the other is set. An empty header means
     * "no id yet", as in the SSE model where an empty last event id is not sent at all.
     */
    public static OptionalLong resumeFrom(String header, String query) {
        OptionalLong fromHeader = parse("Last-Event-ID", header == null || header.isEmpty() ? null : header);
        OptionalLong fromQuery = parse("lastEventId", query);
        return fromHeader.isPresent() ? fromHeader : fromQuery;
    }
}
