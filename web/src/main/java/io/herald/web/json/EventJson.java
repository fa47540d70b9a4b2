package io.herald.web.json;

import io.herald.api.Event;
import io.herald.api.TopicInfo;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The wire JSON of events and topic info, built with JSON-P and returned as text so responses
 * need no JSON provider: {@code {"id":N,"topic":"..","type":"..","data":"..","timestamp":"ISO-8601"}}
 * with {@code type} omitted when unset.
 */
public final class EventJson {

    /**
     * Looked up once: {@code Json.createXxx()} runs a ServiceLoader search through the web-app
     * class loader on every call, which profiling showed as the top cost of answering long-polls.
     */
    public static final JsonProvider JSON = JsonProvider.provider();

    private EventJson() {
    }

    public static JsonObject toJson(Event event) {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("id", event.id())
                .add("topic", event.topic());
        if (event.type() != null) {
            json.add("type", event.type());
        }
        return json.add("data", event.data())
                .add("timestamp", event.timestamp().toString())
                .build();
    }

    /** A JSON array of the events, in the given order. */
    public static String toJsonText(List<Event> events) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        for (Event event : events) {
            array.add(toJson(event));
        }
        return array.build().toString();
    }

    /** Same, as UTF-8 bytes, ready to be written to any number of responses. */
    public static byte[] toJsonBytes(List<Event> events) {
        return toJsonText(events).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"topic","streams","polls","subscribers","lastId","buffered"}}. */
    public static String toJsonText(TopicInfo info) {
        return JSON.createObjectBuilder()
                .add("topic", info.topic())
                .add("streams", info.streams())
                .add("polls", info.polls())
                .add("subscribers", info.subscribers())
                .add("lastId", info.lastId())
                .add("buffered", info.buffered())
                .build()
                .toString();
    }
}
