package io.herald.client;

import io.herald.api.Event;
import io.herald.api.TopicInfo;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Herald's HTTP API as calls: publish, history, topic info, one long-poll, and opening a stream.
 * Each knows its path, method, media types, expected status and read timeout; sending (token,
 * retry after 401) is {@link HeraldHttp}'s.
 */
final class HeraldEndpoints {

    private static final MediaType EVENT_STREAM = MediaType.valueOf("text/event-stream");

    private final HeraldHttp http;
    private final ClientSettings settings;

    HeraldEndpoints(HeraldHttp http, ClientSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    /** Publishes {@code text} as {@code text/plain}; the stored event. */
    Event publish(String topic, String type, String text) {
        WebTarget t = http.topicTarget(topic, "events");
        if (type != null) {
            t = t.queryParam("type", literalQueryValue(type));
        }
        Entity<String> body = Entity.entity(text, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"));
        return WireJson.event(expect(201, t, call -> call.post(body), settings.requestTimeout()));
    }

    /**
     * {@code value} percent-encoded whole (UTF-8, a space as {@code %20}): JAX-RS reads a query
     * value as a URI template ({@code {x}} is a variable) and keeps what looks already encoded
     * ({@code %25}), so a type given as it is reached the server changed, or failed to send.
     */
    static String literalQueryValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Publishes {@code {"type":..,"data":..}}; the stored event. */
    Event publish(String topic, String type, JsonValue data) {
        Entity<String> body = Entity.entity(WireJson.publishBody(type, data), MediaType.APPLICATION_JSON_TYPE);
        return WireJson.event(expect(201, http.topicTarget(topic, "events"), call -> call.post(body),
                settings.requestTimeout()));
    }

    History history(String topic, long since) {
        return http.whileOpen(() -> {
            try (Response r = http.send(http.topicTarget(topic, "events").queryParam("since", since),
                    Invocation.Builder::get, settings.requestTimeout(), HeraldEndpoints::acceptJson)) {
                String body = ServerAnswers.requireStatus(r, 200);
                return new History(WireJson.events(body), ServerAnswers.missed(r));
            }
        });
    }

    TopicInfo info(String topic) {
        return WireJson.info(expect(200, http.topicTarget(topic, null), Invocation.Builder::get,
                settings.requestTimeout()));
    }

    /**
     * One long-poll of {@code topic} after {@code since}: the events, or none when the wait ran
     * out. The read may take the whole server-side wait plus an ordinary request's time.
     */
    History poll(String topic, long since) {
        Duration wait = settings.pollTimeout();
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return http.whileOpen(() -> {
            try (Response r = http.send(http.topicTarget(topic, "poll").queryParam("since", since)
                            .queryParam("timeout", seconds), Invocation.Builder::get,
                    Duration.ofSeconds(seconds).plus(settings.requestTimeout()), HeraldEndpoints::acceptJson)) {
                boolean missed = ServerAnswers.missed(r);
                if (r.getStatus() == 204) {
                    return new History(List.of(), missed);
                }
                return new History(WireJson.events(ServerAnswers.requireStatus(r, 200)), missed);
            } catch (ProcessingException e) {
                throw new HeraldException("poll failed: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Opens the stream of {@code topics} after {@code from} (negative: without {@code Last-Event-ID}),
     * with the stall timeout as read timeout: a stream that sends nothing, not even a keepalive, for
     * that long fails its read. The caller checks the status and closes the response.
     */
    Response openStream(List<String> topics, long from) {
        return http.whileOpen(() -> http.send(http.streamTarget(topics), Invocation.Builder::get,
                settings.stallTimeout(), call -> {
                    Invocation.Builder c = call.accept(EVENT_STREAM, ServerAnswers.PROBLEM);
                    return from >= 0 ? c.header(ServerAnswers.LAST_EVENT_ID, Long.toString(from)) : c;
                }));
    }

    /** Sends a request that wants JSON (or a problem) and returns the body of a {@code status} answer. */
    private String expect(int status, WebTarget target, Function<Invocation.Builder, Response> method,
                          Duration timeout) {
        return http.whileOpen(() -> {
            try (Response r = http.send(target, method, timeout, HeraldEndpoints::acceptJson)) {
                return ServerAnswers.requireStatus(r, status);
            }
        });
    }

    private static Invocation.Builder acceptJson(Invocation.Builder call) {
        return call.accept(MediaType.APPLICATION_JSON_TYPE, ServerAnswers.PROBLEM);
    }
}
