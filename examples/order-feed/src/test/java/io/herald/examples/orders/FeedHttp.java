package io.herald.examples.orders;

import io.herald.testing.RawSseStream;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The example's HTTP calls, against one deployment at {@code base} (its context root). */
final class FeedHttp {

    final URI base;
    final HttpClient http = RawSseStream.newClient();

    FeedHttp(URI base) {
        this.base = base;
    }

    /** Opens the application's feed, {@code api/orders/stream}, with header name/value pairs. */
    RawSseStream feed(String... headers) {
        return RawSseStream.open(http, base.resolve("api/orders/stream"), headers);
    }

    HttpResponse<String> placeOrder(String item, boolean reject) {
        return send(HttpRequest.newBuilder(base.resolve("api/orders" + (reject ? "?reject=true" : "")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("item=" + URLEncoder.encode(item, StandardCharsets.UTF_8)
                        + "&quantity=2")));
    }

    HttpResponse<String> ship(long orderId, boolean fail) {
        return send(HttpRequest.newBuilder(base.resolve("api/orders/" + orderId + "/ship" + (fail ? "?fail=true" : "")))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** A notice broadcast by the application outside any transaction; its event id. */
    long notice(String text) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("api/orders/notices"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(text)));
        return json(requireStatus(r, 201)).getJsonNumber("id").longValue();
    }

    /** A publish over Herald's own HTTP endpoint in the application ({@code herald/topics/orders/events}); its id. */
    long publishOverHttp(String type, String text) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("herald/topics/orders/events?type=" + type))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(text)));
        return json(requireStatus(r, 201)).getJsonNumber("id").longValue();
    }

    /** Open streams of the topic on this node, from Herald's topic info endpoint. */
    int streams() {
        return json(requireStatus(get("herald/topics/orders"), 200)).getInt("streams");
    }

    long closedSinks() {
        return json(requireStatus(get("api/orders/sinks"), 200)).getJsonNumber("closed").longValue();
    }

    long failedSinks() {
        return json(requireStatus(get("api/orders/sinks"), 200)).getJsonNumber("failed").longValue();
    }

    /** A MicroProfile Metrics value of the server ({@code /metrics?scope=application}), summed over its tags. */
    double metric(String name) {
        String all = requireStatus(get("/metrics?scope=application"), 200).body();
        return all.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    long ordersSaved(String item) {
        return Long.parseLong(requireStatus(get("api/orders/count?item=" + URLEncoder.encode(item, StandardCharsets.UTF_8)), 200).body());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    static JsonObject json(HttpResponse<String> r) {
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    static HttpResponse<String> requireStatus(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new AssertionError(r.request().method() + " " + r.uri() + ": expected " + status + ", got "
                    + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
