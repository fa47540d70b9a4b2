package io.herald.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One published event: immutable, identified by an id from the one increasing sequence of the
 * server (or cluster), so a single {@code Last-Event-ID} is meaningful across all topics.
 *
 * @param id        position in the global sequence, 1 or more; written in decimal on the wire
 * @param topic     the topic it was published to (see {@link Topic})
 * @param type      optional event type (SSE {@code event:} field), {@code null} when unset
 * @param data      the payload as text; may contain line breaks, which are framed as extra
 *                  {@code data:} lines, never as new SSE fields
 * @param timestamp when the event was accepted
 */
public record Event(long id, String topic, String type, String data, Instant timestamp) {

    /**
     * The event type of the frame that tells a stream it missed events (no {@code id:} line; its
     * data names the {@code lastEventId} it resumed from); reserved, see {@link #isPublishableType}.
     */
    public static final String RESET_TYPE = "reset";

    /** Longest accepted event type, in characters. */
    public static final int MAX_TYPE_LENGTH = 64;

    public Event {
        // Checked again although the hub validated topic and type before the transport built this:
        // an Event is a public value that anyone can construct, so it holds its own invariant (a
        // topic or type with CR/LF would break the SSE framing downstream). It costs one scan of
        // two short strings per event published, not per subscriber; and it is what makes a
        // foreign entry read from a shared Redis be skipped instead of framed. A trusted
        // constructor would save that scan at the price of a second, unchecked way to make events.
        if (id < 1) {
            throw new IllegalArgumentException("event id must be positive: " + id);
        }
        Topic.requireValid(topic);
        requireValidType(type);
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** The type, if one was set. */
    public Optional<String> optionalType() {
        return Optional.ofNullable(type);
    }

    /**
     * Whether {@code type} is acceptable as an event type: absent, or 1 to {@value #MAX_TYPE_LENGTH}
     * characters without CR, LF or NUL (any of which would let a publisher inject SSE fields).
     */
    public static boolean isValidType(String type) {
        if (type == null) {
            return true;
        }
        if (type.isEmpty() || type.length() > MAX_TYPE_LENGTH) {
            return false;
        }
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a publisher may give an event {@code type}: a {@linkplain #isValidType valid} type
     * other than {@value #RESET_TYPE}, which is Herald's own frame telling a stream that events were
     * missed. A browser's {@code EventSource} cannot tell a published event of that name from the
     * real frame (its {@code lastEventId} keeps the last id either way), so no publish may carry it.
     * Events already stored are read back under {@link #isValidType} alone.
     */
    public static boolean isPublishableType(String type) {
        return isValidType(type) && !RESET_TYPE.equals(type);
    }

    /** Throws {@link IllegalArgumentException} unless {@link #isPublishableType(String)}. */
    public static String requirePublishableType(String type) {
        requireValidType(type);
        if (RESET_TYPE.equals(type)) {
            throw new IllegalArgumentException("event type \"" + RESET_TYPE + "\" is reserved for Herald's missed-events frame");
        }
        return type;
    }

    /** Throws {@link IllegalArgumentException} unless {@link #isValidType(String)}. */
    public static String requireValidType(String type) {
        if (!isValidType(type)) {
            throw new IllegalArgumentException(
                    "event type must be 1-" + MAX_TYPE_LENGTH + " characters without CR, LF or NUL");
        }
        return type;
    }
}
