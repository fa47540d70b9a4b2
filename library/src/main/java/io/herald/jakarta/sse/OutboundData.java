package io.herald.jakarta.sse;

import io.herald.api.Event;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;

/**
 * What a Herald topic takes from an {@link OutboundSseEvent} given to {@code broadcast}: its name as the
 * event type, its data as the payload text. A Herald event is text, so the data must have one:
 * <ul>
 *   <li>a {@link CharSequence} with no media type, a {@code text/*} one or a JSON one: as it is;</li>
 *   <li>a JSON-P {@link JsonValue}: its JSON text;</li>
 *   <li>any other object with a JSON media type ({@code application/json}, {@code +json}): its JSON-B
 *       form, as a JAX-RS runtime would write it.</li>
 * </ul>
 * Anything else (bytes, an object without a JSON media type, no data at all) is refused with an
 * {@link IllegalArgumentException} that says so, as is an id: Herald assigns ids.
 */
final class OutboundData {

    private OutboundData() {
    }

    /** The event type, or {@code null}. */
    static String type(OutboundSseEvent event) {
        try {
            return Event.requirePublishableType(event.getName());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SSE event name: " + e.getMessage(), e);
        }
    }

    /** The payload text. */
    static String text(OutboundSseEvent event) {
        if (event.getId() != null) {
            throw new IllegalArgumentException("an event broadcast to a Herald topic must not set an id ("
                    + event.getId() + "): Herald assigns ids from its one sequence");
        }
        Object data = event.getData();
        if (data == null) {
            throw new IllegalArgumentException("an event broadcast to a Herald topic needs data"
                    + " (a comment or retry hint alone is not an event)");
        }
        MediaType type = event.getMediaType();
        if (data instanceof JsonValue json) {
            return json.toString();
        }
        if (data instanceof CharSequence text && (type == null || isText(type) || isJson(type))) {
            return text.toString();
        }
        if (type != null && isJson(type) && !(data instanceof CharSequence)) {
            return JsonbHolder.JSONB.toJson(data);
        }
        throw new IllegalArgumentException("a Herald topic carries text: broadcast a String (no media type, text/*"
                + " or application/json), a jakarta.json.JsonValue, or an object with media type application/json;"
                + " got " + data.getClass().getName() + (type == null ? "" : " as " + type));
    }

    private static boolean isText(MediaType type) {
        return "text".equalsIgnoreCase(type.getType());
    }

    private static boolean isJson(MediaType type) {
        String sub = type.getSubtype().toLowerCase(java.util.Locale.ROOT);
        return "application".equalsIgnoreCase(type.getType()) && (sub.equals("json") || sub.endsWith("+json"));
    }

    /** One JSON-B instance, made on first use (making one is costly). */
    private static final class JsonbHolder {
        static final Jsonb JSONB = JsonbBuilder.create();
    }
}
