package io.herald.it.security;

import io.herald.it.support.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Whether any form of a read request returns a private topic's data, or any 2xx, without a token
 * that grants it: on a server with authentication on, the topic private and the server's HS256
 * secret known. A marker event is published to the topic; then every endpoint that reads a topic
 * is asked in every {@link PathForms} form with no token, a token for other topics and a
 * publish-only token, and once with the grant (whose canonical form must deliver the marker, so
 * the check can fail). Nothing may answer 5xx or not at all.
 */
public final class PrivateTopicReads {

    /** A way to read a topic: the canonical path, its query, and whether a 2xx answer carries the events' data. */
    record ReadEndpoint(String name, String path, String query, boolean carriesData, boolean stream) {
    }

    /** How many requests were sent and what went wrong. */
    public record Outcome(int requests, List<String> failures) {
    }

    private PrivateTopicReads() {
    }

    public static Outcome check(URI base, int port, String secret, String topic) {
        String marker = "LEAK-" + UUID.randomUUID();
        publish(base, topic, marker, token(secret, List.of(topic), null));
        List<ReadEndpoint> endpoints = List.of(
                new ReadEndpoint("stream", "/topics/" + topic + "/stream", "", true, true),
                new ReadEndpoint("stream, id in query", "/topics/" + topic + "/stream", "lastEventId=0", true, true),
                new ReadEndpoint("multi-topic stream", "/stream", "topic=" + topic + "&lastEventId=0", true, true),
                new ReadEndpoint("multi-topic stream with a public topic", "/stream",
                        "topic=news&topic=" + topic + "&lastEventId=0", true, true),
                new ReadEndpoint("multi-topic stream, escaped topic", "/stream",
                        "topic=" + topic.replace(".", "%2E") + "&lastEventId=0", true, true),
                new ReadEndpoint("long-poll", "/topics/" + topic + "/poll", "since=0&timeout=0", true, false),
                new ReadEndpoint("history", "/topics/" + topic + "/events", "since=0", true, false),
                new ReadEndpoint("topic info", "/topics/" + topic, "", false, false));
        Map<String, String[]> tokens = new LinkedHashMap<>();
        tokens.put("no token", new String[0]);
        tokens.put("token for other topics", new String[] {"Authorization", "Bearer " + token(secret, null, List.of(topic + "-other", "news"))});
        tokens.put("publish-only token", new String[] {"Authorization", "Bearer " + token(secret, List.of(topic), null)});
        String[] granted = {"Authorization", "Bearer " + token(secret, null, List.of(topic))};

        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (ReadEndpoint endpoint : endpoints) {
            for (Map.Entry<String, String> form : PathForms.of(endpoint.path(), endpoint.query()).entrySet()) {
                List<String> methods = endpoint.stream() ? List.of("GET") : List.of("GET", "HEAD");
                for (String method : methods) {
                    String what = method + " " + form.getValue() + " (" + endpoint.name() + ", " + form.getKey() + ")";
                    for (Map.Entry<String, String[]> token : tokens.entrySet()) {
                        RawExchange answer = read(port, method, form.getValue(), marker, token.getValue());
                        requests++;
                        if (answer.contains(marker) || answer.status() / 100 == 2) {
                            failures.add("LEAK with " + token.getKey() + ": " + what + " -> " + answer.statusLine());
                        } else if (answer.status() >= 500 || answer.status() == 0) {
                            failures.add(token.getKey() + ": " + what + " -> " + answer.statusLine());
                        }
                    }
                    RawExchange withGrant = read(port, method, form.getValue(), marker, granted);
                    requests++;
                    if (withGrant.status() >= 500 || withGrant.status() == 0) {
                        failures.add("granted: " + what + " -> " + withGrant.statusLine());
                    }
                    if (form.getKey().equals("as is")) {
                        if (withGrant.status() / 100 != 2) {
                            failures.add("granted read refused: " + what + " -> " + withGrant.statusLine());
                        } else if (endpoint.carriesData() && method.equals("GET") && !withGrant.contains(marker)) {
                            failures.add("granted read without the event: " + what);
                        }
                    }
                }
            }
        }
        return new Outcome(requests, failures);
    }

    private static String token(String secret, List<String> publish, List<String> subscribe) {
        return Tokens.hs256(secret, "it", Instant.now().plusSeconds(600), publish, subscribe);
    }

    private static void publish(URI base, String topic, String data, String token) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("topics/" + topic + "/events"))
                .header("Content-Type", "text/plain").header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(data)).build();
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
                throw new IllegalStateException("publishing the marker: " + answer.statusCode() + " " + answer.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("publishing the marker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("publishing the marker", e);
        }
    }

    /** One raw request; an event stream is read until the marker comes or two seconds pass. */
    private static RawExchange read(int port, String method, String target, String marker, String... headers) {
        String[] all = Arrays.copyOf(headers, headers.length + 4);
        all[headers.length] = "Accept";
        all[headers.length + 1] = "text/event-stream, application/json";
        all[headers.length + 2] = "Last-Event-ID";
        all[headers.length + 3] = "0";
        return RawExchange.send(port, method, target, Duration.ofSeconds(2), marker, all);
    }
}
