package io.herald.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/**
 * Plain HTTP calls against a deployed Herald (java.net.http, HTTP/1.1): publish, topic info,
 * and raw requests for the bad-input checks. Thread-safe.
 */
public final class HeraldHttp {

    private final URI base;
    private final HttpClient http;

    public HeraldHttp(URL base) {
        this.base = URI.create(base.toExternalForm().endsWith("/") ? base.toExternalForm() : base + "/");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public URI base() {
        return base;
    }

    public HttpClient client() {
        return http;
    }

    /** {@code base + relative}, e.g. {@code topics/a/stream}. */
    public URI uri(String relative) {
        return base.resolve(relative);
    }

    /** POSTs {@code {"type": type, "data": dataJson}} (data given as JSON text) and returns the new event's id. */
    public long publishJson(String topic, String type, String dataJson) {
        String body = type == null
                ? "{\"data\":" + dataJson + "}"
                : "{\"type\":" + Json.createValue(type) + ",\"data\":" + dataJson + "}";
        return created(post("topics/" + topic + "/events", "application/json", body));
    }

    /** Publishes a JSON string payload; subscribers see it as JSON text, i.e. with quotes. */
    public long publish(String topic, String type, String text) {
        return publishJson(topic, type, Json.createValue(text).toString());
    }

    /** POSTs a {@code text/plain} body (delivered verbatim as data) and returns the new event's id. */
    public long publishText(String topic, String text) {
        return created(post("topics/" + topic + "/events", "text/plain; charset=UTF-8", text));
    }

    private static long created(HttpResponse<String> response) {
        if (response.statusCode() != 201) {
            throw new AssertionError("publish answered " + response.statusCode() + ": " + response.body());
        }
        return parseObject(response.body()).getJsonNumber("id").longValue();
    }

    public HttpResponse<String> post(String relative, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(relative))
                .header("Content-Type", contentType)
                .header("Accept", "application/json")
                .POST(BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30))
                .build());
    }

    public HttpResponse<String> get(String relative, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(relative)).timeout(Duration.ofSeconds(90)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET topics/{topic}}: {"topic","streams","polls","subscribers","lastId","buffered"}. */
    public JsonObject topicInfo(String topic) {
        HttpResponse<String> response = get("topics/" + topic);
        if (response.statusCode() != 200) {
            throw new AssertionError("topic info answered " + response.statusCode() + ": " + response.body());
        }
        return parseObject(response.body());
    }

    /** Current subscribers of the topic (streams and waiting polls), as the server reports it. */
    public int subscribers(String topic) {
        return topicInfo(topic).getInt("subscribers");
    }

    /** Current SSE streams of the topic (without waiting polls). */
    public int streams(String topic) {
        return topicInfo(topic).getInt("streams");
    }

    public static JsonObject parseObject(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    public static JsonArray parseArray(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readArray();
        }
    }
}
