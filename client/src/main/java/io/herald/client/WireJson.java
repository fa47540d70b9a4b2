package io.herald.client;

import io.herald.api.Event;
import io.herald.api.TopicInfo;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Herald's wire JSON (events, topic info, problems, reset data), read with JSON-P. */
final class WireJson {

    /** Looked up once: {@code Json.createXxx()} searches the service loader on every call. */
    static final JsonProvider JSON = JsonProvider.provider();

    private WireJson() {
    }

    static JsonValue parse(String text) {
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new HeraldException("malformed JSON from server: " + abbreviate(text), e);
        }
    }

    static Event event(JsonObject o) {
        try {
            return new Event(o.getJsonNumber("id").longValueExact(), o.getString("topic"),
                    o.containsKey("type") && !o.isNull("type") ? o.getString("type") : null,
                    o.getString("data"), Instant.parse(o.getString("timestamp")));
        } catch (RuntimeException e) {
            throw new HeraldException("unexpected event JSON from server: " + o, e);
        }
    }

    static Event event(String text) {
        return event(asObject(parse(text)));
    }

    static List<Event> events(String text) {
        JsonValue value = parse(text);
        if (!(value instanceof JsonArray array)) {
            throw new HeraldException("expected a JSON array of events: " + abbreviate(text));
        }
        List<Event> events = new ArrayList<>(array.size());
        for (JsonValue v : array) {
            events.add(event(asObject(v)));
        }
        return events;
    }

    static TopicInfo info(String text) {
        JsonObject o = asObject(parse(text));
        try {
            return new TopicInfo(o.getString("topic"), o.getInt("streams"), o.getInt("polls"),
                    o.getJsonNumber("lastId").longValueExact(), o.getInt("buffered"));
        } catch (RuntimeException e) {
            throw new HeraldException("unexpected topic info JSON from server: " + o, e);
        }
    }

    /** The {@code lastEventId} of a reset frame's data, or -1 if it has none. */
    static long resetLastEventId(String data) {
        try {
            JsonValue v = parse(data);
            if (v instanceof JsonObject o && o.get("lastEventId") instanceof JsonNumber n) {
                return n.longValueExact();
            }
        } catch (RuntimeException e) {
            // a reset without readable data still means events were missed
        }
        return -1;
    }

    /** The publish body {@code {"type":..,"data":..}}. */
    static String publishBody(String type, JsonValue data) {
        var body = JSON.createObjectBuilder();
        if (type != null) {
            body.add("type", type);
        }
        return body.add("data", data).build().toString();
    }

    private static JsonObject asObject(JsonValue value) {
        if (value instanceof JsonObject o) {
            return o;
        }
        throw new HeraldException("expected a JSON object from server: " + value);
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
