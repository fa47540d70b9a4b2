package io.herald.it.security;

import io.herald.it.support.Tokens;
import io.herald.it.support.HeraldProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.herald.it.support.DemoPage;
import io.herald.testing.RawSseStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The auth matrix and CORS over real HTTP, against Herald on its own Payara Micro with
 * authentication ON (an HS256 secret, private topics {@code private.*}, one allowed CORS origin),
 * plus a second server with auth on but no key configured (publishing refused, server up).
 */
class SecurityIT {

    static final String SECRET = "security-it-secret-0123456789-abcdefghijklmnop";
    static final String ORIGIN = "http://app.example.test:3000";
    static final String JSON = "application/json";

    static HeraldProcess secured;
    static HeraldProcess noKey;
    static HttpClient http;

    @BeforeAll
    static void start() {
        // the shared JVM options (herald.it.jvm) turn development mode on; a later -D wins, so auth is on here
        secured = new HeraldProcess("herald-secured", Map.of(
                "herald.auth.dev-mode", "false",
                "herald.auth.jwt.secret", SECRET,
                "herald.auth.private-topics", "private.*,vault",
                "herald.cors.allowed-origins", ORIGIN));
        noKey = new HeraldProcess("herald-nokey", Map.of("herald.auth.dev-mode", "false"));
        // both boot at once (one boot's wall time on an idle box); the deadline is generous because on
        // this 2-core machine under other builds' load a Payara Micro boot has taken over 4 minutes
        secured.start();
        noKey.start();
        secured.awaitReady(HeraldProcess.BOOT);
        noKey.awaitReady(HeraldProcess.BOOT);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        if (secured != null) {
            secured.close();
        }
        if (noKey != null) {
            noKey.close();
        }
    }

    // ---- tokens -------------------------------------------------------------------------------

    static String token(String secret, Instant expires, List<String> publish, List<String> subscribe) {
        return Tokens.hs256(secret, "it", expires, publish, subscribe);
    }

    static Instant soon() {
        return Instant.now().plusSeconds(300);
    }

    static String publisher(String... topics) {
        return token(SECRET, soon(), List.of(topics), null);
    }

    static String reader(String... topics) {
        return token(SECRET, soon(), null, List.of(topics));
    }

    static final String BAD_SIGNATURE = token("not-the-server-secret-but-long-enough-0123456789", soon(), List.of("*"), List.of("*"));
    static final String EXPIRED = token(SECRET, Instant.now().minusSeconds(600), List.of("*"), List.of("*"));
    static final String ALG_NONE = new PlainJWT(new JWTClaimsSet.Builder().expirationTime(Date.from(soon()))
            .claim("herald.publish", List.of("*")).claim("herald.subscribe", List.of("*")).build()).serialize();

    // ---- HTTP helpers -------------------------------------------------------------------------

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> publish(HeraldProcess server, String topic, String bearer, String... headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.uri().resolve("topics/" + topic + "/events"))
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"notice\",\"data\":{\"n\":1}}"));
        if (bearer != null) {
            r.header("Authorization", "Bearer " + bearer);
        }
        if (headers.length > 0) {
            r.headers(headers);
        }
        return send(r);
    }

    static HttpResponse<String> get(String relative, String... headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(secured.uri().resolve(relative)).GET();
        if (headers.length > 0) {
            r.headers(headers);
        }
        return send(r);
    }

    /** Opens a stream, returning its status and headers at once (and the open stream, to close). */
    static RawSseStream stream(String relative, String... headers) {
        return RawSseStream.open(http, secured.uri().resolve(relative), headers);
    }

    static void assertUnauthorized(HttpResponse<?> response, boolean tokenPresented) {
        assertThat(response.statusCode()).as("status of " + response.uri()).isEqualTo(401);
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        assertThat(challenge).startsWith("Bearer realm=\"herald\"");
        if (tokenPresented) {
            assertThat(challenge).contains("error=\"invalid_token\"");
        }
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    static void assertStreamStatus(int expected, String relative, String... headers) {
        try (RawSseStream s = stream(relative, headers)) {
            assertThat(s.status()).as("stream " + relative).isEqualTo(expected);
            if (expected == 401) {
                assertThat(s.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
            }
        }
    }

    // ---- publish ------------------------------------------------------------------------------

    @Test
    void publishAuthMatrix() {
        assertUnauthorized(publish(secured, "news", null), false);
        assertUnauthorized(send(HttpRequest.newBuilder(secured.uri().resolve("topics/news/events"))
                .header("Content-Type", JSON).header("Authorization", "Basic dXNlcjpwYXNz")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":1}"))), false);
        assertUnauthorized(publish(secured, "news", "garbage.token.here"), true);
        assertUnauthorized(publish(secured, "news", BAD_SIGNATURE), true);
        assertUnauthorized(publish(secured, "news", EXPIRED), true);
        assertUnauthorized(publish(secured, "news", ALG_NONE), true);

        HttpResponse<String> wrongTopic = publish(secured, "news", publisher("sports", "news.*"));
        assertThat(wrongTopic.statusCode()).isEqualTo(403);
        assertThat(wrongTopic.headers().firstValue("WWW-Authenticate").orElse("")).contains("insufficient_scope");
        assertThat(wrongTopic.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(wrongTopic.body()).contains("urn:herald:problem:forbidden-topic");
        assertThat(publish(secured, "news", reader("*")).statusCode()).as("subscribe claim does not publish").isEqualTo(403);

        assertThat(publish(secured, "news", publisher("sports", "news")).statusCode()).isEqualTo(201);
        assertThat(publish(secured, "news.eu", publisher("news.*")).statusCode()).isEqualTo(201);
        assertThat(publish(secured, "anything", publisher("*")).statusCode()).isEqualTo(201);
        // only the header counts for publishing: a token in the query or a cookie is not accepted
        String good = publisher("*");
        assertUnauthorized(send(HttpRequest.newBuilder(secured.uri().resolve("topics/news/events?access_token=" + good))
                .header("Content-Type", JSON).POST(HttpRequest.BodyPublishers.ofString("{\"data\":1}"))), false);
        assertUnauthorized(send(HttpRequest.newBuilder(secured.uri().resolve("topics/news/events"))
                .header("Content-Type", JSON).header("Cookie", "access_token=" + good)
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":1}"))), false);
    }

    @Test
    void publicTopicsStayOpenToSubscribers() {
        assertStreamStatus(200, "topics/news/stream");
        assertStreamStatus(200, "stream?topic=news&topic=sports");
        assertThat(get("topics/news/poll?since=0&timeout=0").statusCode()).isIn(200, 204);
        assertThat(get("topics/news/events?since=0").statusCode()).isEqualTo(200);
        assertThat(get("topics/news").statusCode()).isEqualTo(200);
    }

    // ---- private subscribe --------------------------------------------------------------------

    @Test
    void privateStreamAuthMatrix() {
        String path = "topics/private.ops/stream";
        assertStreamStatus(401, path);
        assertStreamStatus(401, path, "Authorization", "Bearer " + BAD_SIGNATURE);
        assertStreamStatus(401, path, "Authorization", "Bearer " + EXPIRED);
        assertStreamStatus(401, path, "Authorization", "Bearer " + ALG_NONE);
        assertStreamStatus(401, path + "?access_token=" + EXPIRED);
        assertStreamStatus(401, path, "Cookie", "access_token=" + BAD_SIGNATURE);
        assertStreamStatus(403, path, "Authorization", "Bearer " + reader("private.other", "news"));
        assertStreamStatus(403, path, "Authorization", "Bearer " + publisher("private.ops"));
        assertStreamStatus(200, path, "Authorization", "Bearer " + reader("private.ops"));
        assertStreamStatus(200, path + "?access_token=" + reader("private.*"));
        assertStreamStatus(200, path, "Cookie", "theme=dark; access_token=" + reader("private.ops"));
        // exact private name; multi-topic stream checks every topic it names
        assertStreamStatus(401, "topics/vault/stream");
        assertStreamStatus(401, "stream?topic=news&topic=vault");
        assertStreamStatus(403, "stream?topic=vault&topic=private.a", "Authorization", "Bearer " + reader("vault"));
        assertStreamStatus(200, "stream?topic=news&topic=vault&topic=private.a",
                "Authorization", "Bearer " + reader("vault", "private.a"));
    }

    @Test
    void privatePollHistoryAndInfoNeedTheToken() {
        for (String path : List.of("topics/private.ops/poll?since=0&timeout=0", "topics/private.ops/events?since=0",
                "topics/private.ops")) {
            assertUnauthorized(get(path), false);
            assertUnauthorized(get(path, "Authorization", "Bearer " + EXPIRED), true);
            assertThat(get(path, "Authorization", "Bearer " + reader("vault")).statusCode()).as(path).isEqualTo(403);
            assertThat(get(path, "Authorization", "Bearer " + reader("private.ops")).statusCode()).as(path).isIn(200, 204);
            String sep = path.contains("?") ? "&" : "?";
            assertThat(get(path + sep + "access_token=" + reader("private.ops")).statusCode()).as(path).isIn(200, 204);
            assertThat(get(path, "Cookie", "access_token=" + reader("private.ops")).statusCode()).as(path).isIn(200, 204);
        }
    }

    @Test
    void privateStreamDeliversToTokenHoldersOfEveryForm() {
        String topic = "private.deliver";
        try (RawSseStream header = stream("topics/" + topic + "/stream", "Authorization", "Bearer " + reader(topic));
             RawSseStream query = stream("topics/" + topic + "/stream?access_token=" + reader(topic));
             RawSseStream cookie = stream("topics/" + topic + "/stream", "Cookie", "access_token=" + reader(topic))) {
            for (RawSseStream s : List.of(header, query, cookie)) {
                assertThat(s.status()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> subscribers(topic) >= 3);
            HttpResponse<String> published = publish(secured, topic, publisher(topic));
            assertThat(published.statusCode()).isEqualTo(201);
            for (RawSseStream s : List.of(header, query, cookie)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> s.frames().stream()
                        .anyMatch(f -> "notice".equals(f.event()) && "{\"n\":1}".equals(f.data())));
            }
        }
    }

    /**
     * Of two {@code access_token} cookies the first is read, as of two {@code ?access_token=}: a
     * browser sends the one set for the longer path first. The runtime's cookie map had kept the last.
     */
    @Test
    void ofTwoTokenCookiesTheFirstIsRead() {
        String topic = "private.cookies";
        assertThat(get("topics/" + topic + "/events?since=0", "Cookie",
                "access_token=" + reader(topic) + "; access_token=" + reader("private.other")).statusCode()).isEqualTo(200);
        assertThat(get("topics/" + topic + "/events?since=0", "Cookie",
                "access_token=" + reader("private.other") + "; access_token=" + reader(topic)).statusCode()).isEqualTo(403);
        assertThat(get("topics/" + topic + "/events?since=0&access_token=" + reader(topic) + "&access_token=" + reader("private.other"))
                .statusCode()).as("the query's first, as before").isEqualTo(200);
    }

    @Test
    void aPrivateStreamEndsWhenItsTokenStopsBeingAccepted() {
        String topic = "private.expiring";
        // exp already passed, but within the server's clock skew (30 s by default): the token is
        // accepted for about 10 more seconds, and the stream must end then, not run on
        Instant exp = Instant.now().minusSeconds(20);
        Instant validUntil = exp.plusSeconds(30);
        String expiring = token(SECRET, exp, null, List.of(topic));
        String path = "topics/" + topic + "/stream?access_token=" + expiring;
        try (RawSseStream s = stream(path)) {
            assertThat(s.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).until(s::ended);
            assertThat(Instant.now()).as("ended once the token ran out, not before").isAfter(validUntil.minusSeconds(1));
        }
        assertStreamStatus(401, path);
        try (RawSseStream fresh = stream("topics/" + topic + "/stream?access_token=" + reader(topic))) {
            assertThat(fresh.status()).isEqualTo(200);
            assertThat(fresh.ended()).isFalse();
        }
    }

    // ---- private topics behind every path form ------------------------------------------------

    /**
     * No form of a read request (matrix parameters, escapes, slashes, dot segments, jsessionid, on
     * any segment, for every endpoint that reads a topic) returns a private topic's data, or any
     * 2xx from Herald, without a token that grants it ({@link PrivateTopicReads}); the same check
     * runs on WildFly and Open Liberty ({@code PortableHardeningIT}).
     */
    @Test
    void noPathFormReadsAPrivateTopicWithoutAGrant() {
        PrivateTopicReads.Outcome outcome = PrivateTopicReads.check(secured.uri(), secured.port, SECRET, "private.leak");
        assertThat(outcome.requests()).isGreaterThan(500);
        assertThat(outcome.failures()).as("of %d requests", outcome.requests()).isEmpty();
    }

    static int subscribers(String topic) {
        HttpResponse<String> info = get("topics/" + topic, "Authorization", "Bearer " + reader(topic));
        String body = info.body();
        int i = body.indexOf("\"streams\":");
        if (i < 0) {
            return 0;
        }
        int start = i + "\"streams\":".length();
        int end = start;
        while (end < body.length() && Character.isDigit(body.charAt(end))) {
            end++;
        }
        return Integer.parseInt(body.substring(start, end));
    }

    /**
     * {@code HEAD} of a stream gets the head a stream starts with, at once, after the same checks
     * as its {@code GET}, and opens no stream: without a method of its own, JAX-RS ran the
     * {@code GET} for it, which never ends, and the client waited for a head that never came.
     */
    @Test
    void aHeadOfAStreamIsAnsweredAtOnceAfterTheStreamsChecksAndOpensNoStream() {
        String topic = "private.heads";
        Map<String, Integer> expected = Map.of(
                "topics/news/stream", 200,
                "stream?topic=news&topic=more", 200,
                "topics/" + topic + "/stream", 401,
                "stream?topic=news&topic=" + topic, 401,
                "topics/bad%20name/stream", 400,
                "stream", 400);
        for (var e : expected.entrySet()) {
            HttpResponse<String> head = promptly(HttpRequest.newBuilder(secured.uri().resolve(e.getKey()))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).as(e.getKey()).isEqualTo(e.getValue());
            if (e.getValue() == 200) {
                assertStreamHead(e.getKey(), head);
            }
        }
        HttpResponse<String> badPosition = promptly(HttpRequest.newBuilder(secured.uri().resolve("topics/news/stream"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Last-Event-ID", "x"));
        assertThat(badPosition.statusCode()).isEqualTo(400);
        // a refusal keeps the length of the problem its GET would get
        assertThat(badPosition.headers().firstValueAsLong("Content-Length").orElse(0)).as("a refusal's length").isPositive();
        HttpResponse<String> resumed = promptly(HttpRequest.newBuilder(secured.uri().resolve("topics/news/stream"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Last-Event-ID", "0"));
        assertStreamHead("a HEAD with Last-Event-ID", resumed);
        HttpResponse<String> allowed = promptly(HttpRequest.newBuilder(secured.uri().resolve("topics/" + topic + "/stream"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + reader(topic)));
        assertStreamHead("a private stream's HEAD with a token", allowed);
        assertThat(subscribers(topic)).as("streams open after the HEADs").isZero();
    }

    /** A stream's head: 200, its type and headers, and no length (a HEAD may only carry its GET's). */
    private static void assertStreamHead(String what, HttpResponse<String> head) {
        assertThat(head.statusCode()).as(what).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).as(what).hasValue("text/event-stream");
        assertThat(head.headers().firstValue("Cache-Control")).as(what).hasValue("no-cache");
        assertThat(head.headers().firstValue("Connection")).as(what).hasValue("close");
        assertThat(head.headers().firstValue("Content-Length")).as(what + ": length").isEmpty();
    }

    /** A request that must be answered within 10 s: a wait past that is the defect under test. */
    static HttpResponse<String> promptly(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new AssertionError("no answer within 10 s: " + request.build().method() + " " + request.build().uri(), e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A plain {@code OPTIONS} (no preflight) lists the methods and nothing more: no description of
     * the application's resources and their Java types (Jersey's WADL), there or at its own path.
     */
    @Test
    void optionsListsTheAllowedMethodsAndNoApplicationDescriptionIsServed() {
        for (String path : List.of("topics/private.ops/stream", "topics/news/events", "topics/news/poll", "stream")) {
            HttpResponse<String> options = send(HttpRequest.newBuilder(secured.uri().resolve(path))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertThat(options.statusCode()).as(path).isLessThan(300);
            assertThat(options.headers().firstValue("Allow").orElse("")).as(path).contains("GET", "OPTIONS");
            assertThat(options.headers().firstValue("Content-Type").orElse("")).as(path).doesNotContain("wadl", "xml");
            assertThat(options.body()).as(path).doesNotContain("<", "resource", "io.herald");
        }
        for (String wadl : List.of("application.wadl", "application.wadl?detail=true")) {
            HttpResponse<String> description = send(HttpRequest.newBuilder(secured.uri().resolve(wadl)));
            assertThat(description.statusCode()).as(wadl).isEqualTo(404);
            assertThat(description.body()).as(wadl).doesNotContain("<application");
        }
    }

    // ---- CORS ---------------------------------------------------------------------------------

    @Test
    void corsPreflightForAllowedOriginOnly() {
        HttpResponse<String> preflight = send(HttpRequest.newBuilder(secured.uri().resolve("topics/private.ops/stream"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization, last-event-id"));
        assertThat(preflight.statusCode()).isEqualTo(204);
        var h = preflight.headers();
        assertThat(h.firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        assertThat(h.firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(h.firstValue("Access-Control-Allow-Methods").orElse("")).contains("GET", "POST", "OPTIONS");
        assertThat(h.firstValue("Access-Control-Allow-Headers").orElse("")).contains("Authorization", "Content-Type", "Last-Event-ID");
        assertThat(h.firstValue("Access-Control-Max-Age")).isPresent();
        assertThat(String.join(",", h.allValues("Vary"))).contains("Origin");

        HttpResponse<String> publishPreflight = send(HttpRequest.newBuilder(secured.uri().resolve("topics/news/events"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type"));
        assertThat(publishPreflight.statusCode()).isEqualTo(204);
        assertThat(publishPreflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);

        HttpResponse<String> foreign = send(HttpRequest.newBuilder(secured.uri().resolve("topics/news/stream"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void corsHeadersOnTheEventStreamAndOtherResponses() {
        try (RawSseStream s = stream("topics/private.ops/stream", "Origin", ORIGIN, "Cookie", "access_token=" + reader("private.ops"))) {
            assertThat(s.status()).isEqualTo(200);
            var h = s.headers();
            assertThat(h.firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            assertThat(h.firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
            assertThat(h.firstValue("Access-Control-Allow-Credentials")).hasValue("true");
            assertThat(h.firstValue("Access-Control-Expose-Headers").orElse(""))
                    .contains("Location", "Herald-Missed", "Retry-After");
            assertThat(String.join(",", h.allValues("Vary"))).contains("Origin");
            assertThat(h.firstValue("Cache-Control")).hasValue("no-cache");
        }
        try (RawSseStream s = stream("topics/news/stream", "Origin", "https://evil.example")) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(String.join(",", s.headers().allValues("Vary"))).contains("Origin");
        }
        HttpResponse<String> created = publish(secured, "news", publisher("news"), "Origin", ORIGIN);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        assertThat(created.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("Location");
        // a refusal is readable by the allowed origin's script too
        HttpResponse<String> refused = publish(secured, "news", null, "Origin", ORIGIN);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        HttpResponse<String> poll = get("topics/news/poll?since=0&timeout=0", "Origin", ORIGIN);
        assertThat(poll.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
    }

    // ---- the demo page against a secured server ----------------------------------------------

    @Test
    void demoPageWithATokenPublishesAndReadsAPrivateTopic() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("herald.it.browser.skip"), "browser test skipped");
        String topic = "private.demo";
        String both = token(SECRET, soon(), List.of(topic), List.of(topic));
        Duration deadline = DemoPage.pageDeadline();
        List<String> panels = List.of("a", "b", "c");
        try (DemoPage page = DemoPage.start()) {
            page.open(secured.base() + "?topic=" + topic + "&sleep=0&token=" + both);
            await("three private streams open").atMost(deadline)
                    .until(() -> panels.stream().allMatch(p -> page.state(p).equals("open")));
            assertThat(page.driver().getCurrentUrl()).as("token removed from the address bar").doesNotContain("token=");
            page.publish("notice", "{\"secret\":true}");
            await("publish answered").atMost(deadline).until(() -> page.text("publish-result").startsWith("published id"));
            long id = Long.parseLong(page.text("publish-result").replace("published id ", "").trim());
            await("fan-out to A, B, C").atMost(deadline).until(() ->
                    panels.stream().allMatch(p -> page.ids("events-" + p).contains(id)));
            await("long-poll view too").atMost(deadline).until(() -> page.ids("lp-events").contains(id));
        }
        try (DemoPage page = DemoPage.start()) {
            page.open(secured.base() + "?topic=" + topic + "&sleep=0");
            page.publish("notice", "no token");
            await("publish refused").atMost(deadline).until(() -> page.text("publish-result").startsWith("401"));
        }
    }

    // ---- no key configured --------------------------------------------------------------------

    @Test
    void withoutAKeyPublishingIsRefusedButTheServerServes() {
        HttpResponse<String> refused = publish(noKey, "news", null);
        assertUnauthorized(refused, false);
        HttpResponse<String> withToken = publish(noKey, "news", publisher("*"));
        assertUnauthorized(withToken, true);
        assertThat(withToken.body()).contains("No token key is configured");
        assertThat(noKey.logText()).contains("no token key is configured");
        // no CORS configured: no CORS headers
        HttpResponse<String> info = send(HttpRequest.newBuilder(noKey.uri().resolve("topics/news")).header("Origin", ORIGIN).GET());
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(secured.logText()).doesNotContain("DEVELOPMENT MODE");
    }
}
