package io.herald.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * Reading Herald's answers: the body of a success, an error answer as a {@link HeraldProblemException}
 * (from its problem+json, or from the status line of whatever else answered, e.g. a proxy), and
 * Herald's headers.
 */
final class ServerAnswers {

    static final MediaType PROBLEM = MediaType.valueOf("application/problem+json");
    static final String LAST_EVENT_ID = "Last-Event-ID";
    static final String MISSED_HEADER = "Herald-Missed";

    private ServerAnswers() {
    }

    /** The body when the answer has {@code status}, else the answer as an exception. */
    static String requireStatus(Response r, int status) {
        if (r.getStatus() != status) {
            throw problem(r);
        }
        try {
            return r.readEntity(String.class);
        } catch (ProcessingException e) {
            throw new HeraldException("answer cut short: " + e.getMessage(), e);
        }
    }

    /** Whether the server said events after the position asked for were already evicted. */
    static boolean missed(Response r) {
        return "true".equalsIgnoreCase(r.getHeaderString(MISSED_HEADER));
    }

    /** An error answer as an exception: its problem+json body if it has one, else its status line. */
    static HeraldProblemException problem(Response r) {
        Duration retryAfter = retryAfter(r.getHeaderString(HttpHeaders.RETRY_AFTER));
        String reason = r.getStatusInfo().getReasonPhrase();
        MediaType type = r.getMediaType();
        if (type != null && type.isCompatible(PROBLEM) && r.hasEntity()) {
            try {
                JsonValue body = WireJson.parse(r.readEntity(String.class));
                if (body instanceof JsonObject o) {
                    return new HeraldProblemException(r.getStatus(), o.getString("type", "about:blank"),
                            o.getString("title", reason), o.getString("detail", ""), retryAfter);
                }
            } catch (RuntimeException unreadable) {
                // fall through to the status line
            }
        }
        return new HeraldProblemException(r.getStatus(), "about:blank", reason == null ? "HTTP " + r.getStatus() : reason,
                "", retryAfter);
    }

    /** {@code Retry-After} in seconds (Herald's form); an HTTP-date or garbage counts as absent. */
    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
