package io.herald.it.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.it.support.HeraldHttp;
import io.herald.it.support.HeraldProcess;
import io.herald.it.support.Tokens;
import io.herald.testing.ChunkedBody;
import io.herald.testing.RawSockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The direct lane on Payara Micro: plain GETs of a public topic's poll or stream are answered
 * below the servlet container, with the same status, Herald headers and body, byte for byte, as
 * the JAX-RS resources give the same request in a form the lane declines (a percent-encoded
 * parameter, which only the container decodes); everything the lane cannot read plainly, and
 * every private topic, is the resources'.
 *
 * <p>Which path answered is told by the {@code Date} header, which Grizzly's codec adds and
 * Payara's servlet layer does not: a container-owned header, the only kind that may differ.
 */
class DirectLaneIT {

    static final String SECRET = "direct-lane-it-secret-0123456789-abcdefghijklmnop";
    static final Duration DEADLINE = Duration.ofSeconds(20);
    /** Headers the container owns, which may differ between the two paths. */
    static final Set<String> CONTAINER_HEADERS = Set.of("date", "server", "x-frame-options");

    static HeraldProcess server;
    static HeraldHttp http;

    @BeforeAll
    static void boot() {
        server = new HeraldProcess("herald-direct", Map.of(
                "herald.auth.dev-mode", "false",
                "herald.auth.jwt.secret", SECRET,
                "herald.auth.private-topics", "private.*")).start(HeraldProcess.BOOT);
        http = new HeraldHttp(server.base());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String token(List<String> publish, List<String> subscribe) {
        return Tokens.hs256(SECRET, "it", Instant.now().plusSeconds(600), publish, subscribe);
    }

    private static long publish(String topic, String data) {
        HttpRequest request = HttpRequest.newBuilder(http.uri("topics/" + topic + "/events"))
                .header("Authorization", "Bearer " + token(List.of("*"), null))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(data)).build();
        String body = http.send(request).body();
        return HeraldHttp.parseObject(body).getJsonNumber("id").longValue();
    }

    @Test
    void aPollTheLaneAnswersIsByteForByteTheResourcesAnswerToTheSameRequest() throws Exception {
        String topic = "same-polls";
        long first = publish(topic, "one");
        publish(topic, "two\nlines");
        for (String[] pair : List.of(
                new String[] {"since=0", "since=%30"},
                new String[] {"since=" + first, "since=" + encoded(first)},
                new String[] {"since=" + first + "&timeout=0", "since=" + encoded(first) + "&timeout=%30"},
                new String[] {"since=999999999999999999&timeout=0", "since=%39" + "9".repeat(17) + "&timeout=0"})) {
            Answer direct = exchange("GET /topics/" + topic + "/poll?" + pair[0] + " HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n");
            Answer portable = exchange("GET /topics/" + topic + "/poll?" + pair[1] + " HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n");
            assertThat(direct.answeredByTheLane()).as("lane answered %s", pair[0]).isTrue();
            assertThat(portable.answeredByTheLane()).as("resources answered %s", pair[1]).isFalse();
            assertThat(direct.statusLine()).isEqualTo(portable.statusLine());
            assertThat(direct.heraldHeaders()).isEqualTo(portable.heraldHeaders());
            assertThat(direct.body()).isEqualTo(portable.body());
        }
    }

    /** A poll from a position the history no longer holds is told so, on the lane as by the resource. */
    @Test
    void aPollFromAnEvictedPositionIsToldItMissedEventsOnTheLaneAsByTheResource() throws Exception {
        String topic = "missed-polls";
        long first = publish(topic, "evicted soon");
        for (int i = 0; i < 60; i++) { // past the default history of 50 events per topic
            publish(topic, "e" + i);
        }
        Answer direct = exchange("GET /topics/" + topic + "/poll?since=" + first + " HTTP/1.1\r\nHost: x\r\n\r\n");
        Answer portable = exchange("GET /topics/" + topic + "/poll?since=" + encoded(first) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(direct.answeredByTheLane()).isTrue();
        assertThat(portable.answeredByTheLane()).isFalse();
        assertThat(direct.headers()).containsEntry("herald-missed", "true");
        assertThat(direct.statusLine()).isEqualTo(portable.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(direct.heraldHeaders()).isEqualTo(portable.heraldHeaders());
        assertThat(direct.body()).isEqualTo(portable.body()).doesNotContain("evicted soon").contains("e59");
    }

    /**
     * The answers to polls that waited (woken by a publish, or timed out) are the resource's too:
     * a waiting poll on the lane lets go of its request while it waits, so its answer is encoded
     * from what it kept; and its connection then serves the next request.
     */
    @Test
    void aPollThatWaitedIsAnsweredByteForByteAsByTheResourceAndItsConnectionServesTheNext() throws Exception {
        String topic = "same-waits";
        long before = publish(topic, "before");
        long woke = waitOnBothPaths(topic, "since=" + before, "since=" + encoded(before), "woke\nboth");
        waitOnBothPaths(topic, "since=" + woke + "&timeout=1", "since=" + encoded(woke) + "&timeout=%31", null);
    }

    /**
     * Two polls of {@code topic} wait, one on the lane and its twin on the resource, until
     * {@code published} wakes them (or, if null, their timeout ends the wait); their answers are
     * compared, then the lane's connection serves another poll.
     *
     * @return the id of the event published, or -1
     */
    private static long waitOnBothPaths(String topic, String directQuery, String portableQuery, String published) throws Exception {
        long id = -1;
        try (Socket direct = new Socket("127.0.0.1", server.port); Socket portable = new Socket("127.0.0.1", server.port)) {
            direct.setSoTimeout(15_000);
            portable.setSoTimeout(15_000);
            send(direct, "GET /topics/" + topic + "/poll?" + directQuery + " HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n");
            send(portable, "GET /topics/" + topic + "/poll?" + portableQuery + " HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n");
            if (published != null) {
                await("both polls waiting").atMost(DEADLINE).until(() -> http.topicInfo(topic).getInt("polls") == 2);
                id = publish(topic, published);
            }
            Answer fromLane = Answer.read(direct.getInputStream());
            Answer fromResource = Answer.read(portable.getInputStream());
            assertThat(fromLane.answeredByTheLane()).as("lane answered %s", directQuery).isTrue();
            assertThat(fromResource.answeredByTheLane()).as("resource answered %s", portableQuery).isFalse();
            assertThat(fromLane.statusLine()).isEqualTo(fromResource.statusLine())
                    .isEqualTo(published != null ? "HTTP/1.1 200 OK" : "HTTP/1.1 204 No Content");
            assertThat(fromLane.heraldHeaders()).isEqualTo(fromResource.heraldHeaders());
            assertThat(fromLane.body()).isEqualTo(fromResource.body());
            if (published != null) {
                assertThat(fromLane.body()).contains(published.replace("\n", "\\n"));
            }
            send(direct, "GET /topics/" + topic + "/poll?since=0 HTTP/1.1\r\nHost: x\r\n\r\n");
            Answer next = Answer.read(direct.getInputStream());
            assertThat(next.statusLine()).as("the next poll on the same connection").isEqualTo("HTTP/1.1 200 OK");
            assertThat(next.body()).contains("before");
        }
        return id;
    }

    private static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    @Test
    void aStreamTheLaneOpensStartsByteForByteAsTheResourcesStreamDoes() throws Exception {
        String topic = "same-streams";
        long first = publish(topic, "one");
        publish(topic, "two\nlines");
        String marker = "data: lines\n\n\r\n";
        Answer direct = streamHead("GET /topics/" + topic + "/stream?lastEventId=0 HTTP/1.1\r\nHost: x\r\n"
                + "Accept: text/event-stream\r\n\r\n", marker);
        Answer portable = streamHead("GET /topics/" + topic + "/stream?lastEventId=%30 HTTP/1.1\r\nHost: x\r\n"
                + "Accept: text/event-stream\r\n\r\n", marker);
        Answer resumed = streamHead("GET /topics/" + topic + "/stream HTTP/1.1\r\nHost: x\r\n"
                + "Last-Event-ID: " + first + "\r\n\r\n", marker);
        assertThat(direct.answeredByTheLane()).isTrue();
        assertThat(resumed.answeredByTheLane()).isTrue();
        assertThat(portable.answeredByTheLane()).isFalse();
        assertThat(direct.statusLine()).isEqualTo(portable.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(direct.heraldHeaders()).isEqualTo(portable.heraldHeaders());
        // the same content; where the chunks are cut is the transfer coding's, not the stream's: the
        // lane sends the retry hint and a replay in one chunk, written with the head
        assertThat(ChunkedBody.content(direct.body())).isEqualTo(ChunkedBody.content(portable.body()))
                .contains("retry: ", "data: one\n", "data: two\ndata: lines\n");
        assertThat(ChunkedBody.content(resumed.body())).doesNotContain("data: one").contains("data: two\ndata: lines\n");
        assertThat(ChunkedBody.chunks(resumed.body()).get(0)).as("a resumed stream's replay goes out with its head")
                .startsWith("retry: ").endsWith("data: two\ndata: lines\n\n");
    }

    /**
     * However a client spells an acceptable type (case, parameters, wildcards), the answer's
     * {@code Content-Type} is the resource's type as declared, on the lane and on the resource
     * alike: never the client's own text echoed into a header.
     */
    @Test
    void everySpellingOfAnAcceptableTypeIsAnsweredWithTheDeclaredTypeOnBothPaths() throws Exception {
        String topic = "accept-spellings";
        publish(topic, "one");
        for (String accept : List.of("APPLICATION/JSON", "Application/Json;charset=UTF-8", "application/json; q=0.9",
                "application/*", "*/*", "text/plain;q=0.1, application/json")) {
            Answer direct = exchange("GET /topics/" + topic + "/poll?since=0 HTTP/1.1\r\nHost: x\r\nAccept: " + accept + "\r\n\r\n");
            Answer portable = exchange("GET /topics/" + topic + "/poll?since=%30 HTTP/1.1\r\nHost: x\r\nAccept: " + accept + "\r\n\r\n");
            assertThat(portable.answeredByTheLane()).as(accept).isFalse();
            assertThat(direct.statusLine()).as(accept).isEqualTo(portable.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(direct.heraldHeaders()).as(accept).isEqualTo(portable.heraldHeaders());
            assertThat(portable.headers().get("content-type")).as(accept).isEqualTo("application/json");
            Answer info = exchange("GET /topics/" + topic + " HTTP/1.1\r\nHost: x\r\nAccept: " + accept + "\r\n\r\n");
            assertThat(info.headers().get("content-type")).as("topic info, " + accept).isEqualTo("application/json");
        }
        String marker = "data: one\n\n\r\n";
        for (String accept : List.of("TEXT/EVENT-STREAM", "Text/Event-Stream;charset=UTF-8", "text/*", "*/*;q=0.8")) {
            Answer direct = streamHead("GET /topics/" + topic + "/stream?lastEventId=0 HTTP/1.1\r\nHost: x\r\n"
                    + "Accept: " + accept + "\r\n\r\n", marker);
            Answer portable = streamHead("GET /topics/" + topic + "/stream?lastEventId=%30 HTTP/1.1\r\nHost: x\r\n"
                    + "Accept: " + accept + "\r\n\r\n", marker);
            assertThat(portable.answeredByTheLane()).as(accept).isFalse();
            assertThat(direct.statusLine()).as(accept).isEqualTo(portable.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(direct.heraldHeaders()).as(accept).isEqualTo(portable.heraldHeaders());
            assertThat(portable.headers().get("content-type")).as(accept).isEqualTo("text/event-stream");
        }
    }

    /**
     * A weight of 0 on the most specific range that matches the resource's type means "not
     * acceptable" (RFC 9110): 406 as a problem, on each endpoint and method, on the lane's form of
     * the request and the resources' alike. Jersey answered such a stream with a stream.
     */
    @Test
    void aTypeWeightedZeroIsRefusedWith406OnEveryEndpoint() throws Exception {
        String topic = "weighted-zero";
        publish(topic, "one");
        String auth = "Authorization: Bearer " + token(List.of("*"), null) + "\r\n";
        Map<String, String> requests = new TreeMap<>();
        for (String form : List.of(topic, "%77eighted-zero")) {
            requests.put("GET /topics/" + form + "/stream", "text/event-stream;q=0");
            requests.put("HEAD /topics/" + form + "/stream", "text/event-stream;q=0");
            requests.put("GET /topics/" + form + "/stream?lastEventId=0", "text/event-stream;q=0, */*");
            requests.put("GET /stream?topic=" + form, "text/*;q=0");
            requests.put("GET /topics/" + form + "/poll?since=0", "application/json;q=0");
            requests.put("GET /topics/" + form + "/events?since=0", "*/*;q=0");
            requests.put("GET /topics/" + form, "Application/Json; q=0.000");
        }
        for (var e : requests.entrySet()) {
            Answer answer = exchange(e.getKey() + " HTTP/1.1\r\nHost: x\r\nAccept: " + e.getValue() + "\r\nConnection: close\r\n\r\n");
            assertThat(answer.statusLine()).as(e.getKey() + " with " + e.getValue()).isEqualTo("HTTP/1.1 406 Not Acceptable");
            assertThat(answer.headers().get("content-type")).as(e.getKey()).isEqualTo("application/problem+json");
        }
        Answer publish = exchange("POST /topics/" + topic + "/events HTTP/1.1\r\nHost: x\r\n" + auth + "Accept: application/json;q=0\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\ntwo");
        assertThat(publish.statusLine()).isEqualTo("HTTP/1.1 406 Not Acceptable");
        assertThat(HeraldHttp.parseArray(http.get("topics/" + topic + "/events?since=0").body())).as("nothing published").hasSize(1);
        // a more specific range above zero wins over a refused wider one
        Answer stream = streamHead("GET /topics/" + topic + "/stream?lastEventId=0 HTTP/1.1\r\nHost: x\r\n"
                + "Accept: text/*;q=0, text/event-stream\r\n\r\n", "data: one\n\n\r\n");
        assertThat(stream.statusLine()).isEqualTo("HTTP/1.1 200 OK");
    }

    /**
     * {@code .} and {@code ..} are URL dot segments, which browsers, curl and proxies remove from a
     * path: a topic of that name could be reached only by a raw request, and was (a stream, a poll,
     * a publish of topic {@code ..}). Each endpoint refuses it as an invalid name, plain or escaped,
     * on the path or in {@code ?topic=}; nothing is created or opened.
     */
    @Test
    void aTopicNamedByADotSegmentIsRefusedAs400OnEveryEndpoint() throws Exception {
        String auth = "Authorization: Bearer " + token(List.of("*"), List.of("*")) + "\r\n";
        List<String> refused = new ArrayList<>();
        for (String name : List.of(".", "..", "%2E", "%2e%2E")) {
            // (a plain dot segment at the path's end is one Grizzly's decoder cannot decode: 400 unreadable-target)
            List<String> targets = new ArrayList<>(List.of("/topics/" + name + "/stream", "/topics/" + name + "/poll?since=0&timeout=0",
                    "/topics/" + name + "/events?since=0", "/stream?topic=a&topic=" + name, "/topics/" + name));
            for (String target : targets) {
                for (String method : List.of("GET", "HEAD")) {
                    refused.add(method + " " + target + " -> "
                            + exchange(method + " " + target + " HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n").statusLine());
                }
            }
            Answer post = exchange("POST /topics/" + name + "/events HTTP/1.1\r\nHost: x\r\n" + auth
                    + "Content-Type: text/plain\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx");
            refused.add("POST /topics/" + name + "/events -> " + post.statusLine());
            if (post.statusLine().startsWith("HTTP/1.1 400")) {
                assertThat(post.headers().get("content-type")).isEqualTo("application/problem+json");
                assertThat(post.body()).contains("invalid-topic");
            }
        }
        assertThat(refused).allSatisfy(line -> assertThat(line).endsWith(" 400 Bad Request"));
    }

    /**
     * A path Grizzly's URI decoder fails on (a {@code %} that starts no escape, an escape of invalid
     * UTF-8, a dot segment at the end) made Payara's Catalina log a SEVERE decoding failure and
     * answer an empty 200, for every method and path; the front door now refuses it with a problem
     * and closes the connection, so a request pipelined behind it is not answered.
     */
    @Test
    void aPathThatCannotBeDecodedIsA400ProblemWhateverTheMethodAndNothingIsLogged() throws Exception {
        int logStart = server.logText().length();
        String auth = "Authorization: Bearer " + token(List.of("*"), List.of("*")) + "\r\n";
        for (String path : List.of("/topics/a%zz", "/topics/a%4/stream", "/topics/a%/poll?since=0", "/topics/a%zz/events", "/%zz",
                "/stream%g1?topic=a", "/topics/private.x%zz/events", "/topics/a%C3%28", "/topics/a/events/.",
                "/topics/private.x/stream/.?lastEventId=0", "/topics/a/..", "/stream/.?topic=a")) {
            for (String method : List.of("GET", "HEAD", "POST", "DELETE", "OPTIONS")) {
                String body = method.equals("POST") ? "Content-Type: text/plain\r\nContent-Length: 1\r\n\r\nx" : "\r\n";
                String request = method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + body;
                String all;
                try (Socket s = new Socket("127.0.0.1", server.port)) {
                    s.setSoTimeout(15_000);
                    // a second request behind it on the same connection: never answered, the connection closes
                    s.getOutputStream().write((request + "GET /topics/a/events HTTP/1.1\r\nHost: x\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                }
                String what = method + " " + path;
                assertThat(all).as(what).startsWith("HTTP/1.1 400 Bad Request\r\n").containsIgnoringCase("\r\nConnection: close\r\n")
                        .containsIgnoringCase("\r\nContent-Type: application/problem+json\r\n");
                assertThat(all.split("HTTP/1.1 ", -1)).as(what + ": one answer").hasSize(2);
                if (!method.equals("HEAD")) {
                    assertThat(all).as(what).contains("\"urn:herald:problem:unreadable-target\",\"title\":\"Bad Request\",\"status\":400,"
                            + "\"detail\":\"The request path cannot be decoded:");
                }
            }
        }
        assertThat(server.logText().substring(logStart)).doesNotContain("SEVERE").doesNotContain("Illegal hex");
        // a well-formed escape is still the resources' to read
        assertThat(exchange("GET /topics/a%2Db/events?since=0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").statusLine())
                .isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void aPrivateTopicIsNeverReadThroughTheLane() throws Exception {
        String topic = "private.lane";
        publish(topic, "secret");
        Answer poll = exchange("GET /topics/" + topic + "/poll?since=0 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(poll.statusLine()).startsWith("HTTP/1.1 401");
        assertThat(poll.body()).doesNotContain("secret");
        Answer stream = exchange("GET /topics/" + topic + "/stream?lastEventId=0 HTTP/1.1\r\nHost: x\r\n"
                + "Accept: text/event-stream\r\n\r\n");
        assertThat(stream.statusLine()).startsWith("HTTP/1.1 401");
        assertThat(stream.body()).doesNotContain("secret");
        Answer allowed = exchange("GET /topics/" + topic + "/poll?since=0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + token(null, List.of(topic)) + "\r\n\r\n");
        assertThat(allowed.statusLine()).startsWith("HTTP/1.1 200");
        assertThat(allowed.answeredByTheLane()).as("a token-checked read").isFalse();
        assertThat(allowed.body()).contains("secret");
    }

    @Test
    void requestsTheLaneDoesNotReadPlainlyGetTheResourcesAnswer() throws Exception {
        String topic = "declined";
        publish(topic, "x");
        Map<String, String> expected = new TreeMap<>(Map.of(
                "GET /topics/%64eclined/poll?since=0", "HTTP/1.1 200",
                "GET /topics/declined/poll?since=abc", "HTTP/1.1 400",
                "GET /topics/declined/poll?since=0&since=1", "HTTP/1.1 200",
                "GET /topics/declined/poll?timeout=-1", "HTTP/1.1 400",
                "GET /topics/declined;x=1/poll?since=0", "HTTP/1.1 200",
                "GET /topics/bad%20topic/poll", "HTTP/1.1 400"));
        for (var e : expected.entrySet()) {
            Answer answer = exchange(e.getKey() + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(answer.statusLine()).as(e.getKey()).startsWith(e.getValue());
            assertThat(answer.answeredByTheLane()).as(e.getKey()).isFalse();
        }
        for (String dotSegment : List.of("GET /topics/./poll?since=0", "GET /topics/../poll?since=0")) {
            // whatever the container makes of a dot segment, the lane never reads it as a topic
            assertThat(exchange(dotSegment + " HTTP/1.1\r\nHost: x\r\n\r\n").answeredByTheLane()).as(dotSegment).isFalse();
        }
        Answer notAcceptable = exchange("GET /topics/declined/poll?since=0 HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\n\r\n");
        assertThat(notAcceptable.statusLine()).startsWith("HTTP/1.1 406");
        // q=0 refuses JSON, which the lane leaves to JAX-RS (Jersey answers it anyway)
        Answer refused = exchange("GET /topics/declined/poll?since=0 HTTP/1.1\r\nHost: x\r\nAccept: application/json;q=0\r\n\r\n");
        assertThat(refused.answeredByTheLane()).isFalse();
    }

    @Test
    void pipelinedRequestsOnOneConnectionAreAnsweredInOrderAcrossBothPaths() throws Exception {
        String topic = "pipelined-lane";
        publish(topic, "p1");
        String poll = "GET /topics/" + topic + "/poll?since=0 HTTP/1.1\r\nHost: x\r\n\r\n";
        String events = "GET /topics/" + topic + "/events?since=0 HTTP/1.1\r\nHost: x\r\n\r\n";
        String empty = "GET /topics/" + topic + "/poll?since=999999999999999999&timeout=0 HTTP/1.1\r\nHost: x\r\n\r\n";
        try (Socket s = new Socket("127.0.0.1", server.port)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write((poll + events + empty + poll).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            Answer a = Answer.read(in);
            Answer b = Answer.read(in);
            Answer c = Answer.read(in);
            Answer d = Answer.read(in);
            assertThat(List.of(a.statusLine(), b.statusLine(), c.statusLine(), d.statusLine()))
                    .containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 204 No Content", "HTTP/1.1 200 OK");
            assertThat(a.answeredByTheLane()).isTrue();
            assertThat(b.answeredByTheLane()).isFalse();
            assertThat(c.answeredByTheLane()).isTrue();
            assertThat(a.body()).isEqualTo(d.body()).contains("p1");
            // and the connection is still good for the next request: keep-alive after both paths
            out.write(poll.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(Answer.read(in).body()).contains("p1");
        }
    }

    /**
     * A poll waiting on the lane is no idle keep-alive connection: Payara closes those after 30 s,
     * and a poll may wait up to its timeout (60 s here). Held 35 s, then woken, it is answered on
     * its connection, which then serves the next poll.
     */
    @Test
    void aDirectPollWaitingPastTheKeepAliveTimeoutIsAnsweredOnItsConnection() throws Exception {
        String topic = "long-wait-lane";
        try (Socket s = new Socket("127.0.0.1", server.port)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /topics/" + topic + "/poll?since=0&timeout=60 HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long start = System.nanoTime();
            await("poll waiting").atMost(DEADLINE).until(() -> http.topicInfo(topic).getInt("polls") == 1);
            // This wait is the point of the test: nothing happens for 35 s.
            await("held 35 s").pollInterval(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(60))
                    .failFast("the poll's place was given back", () -> http.topicInfo(topic).getInt("polls") == 0)
                    .until(() -> System.nanoTime() - start >= Duration.ofSeconds(35).toNanos());
            publish(topic, "after 35 s");
            Answer woken = Answer.read(s.getInputStream());
            assertThat(woken.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(woken.answeredByTheLane()).isTrue();
            assertThat(woken.body()).contains("after 35 s");
            out.write(("GET /topics/" + topic + "/poll?since=0 HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(Answer.read(s.getInputStream()).body()).contains("after 35 s");
        }
    }

    @Test
    void streamsWhoseClientsCloseMidStreamGiveTheirPlacesBack() throws Exception {
        String topic = "closing-lane-streams";
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Socket s = new Socket("127.0.0.1", server.port);
                s.setSoTimeout(15_000);
                s.getOutputStream().write(("GET /topics/" + topic + "/stream HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                clients.add(s);
            }
            for (Socket s : clients) {
                RawSockets.readUntil(s.getInputStream(), "retry: ");
            }
            await("streams open").atMost(DEADLINE).until(() -> http.streams(topic) == 20);
            publish(topic, "while open");
            for (Socket s : clients) {
                RawSockets.readUntil(s.getInputStream(), "data: while open\n\n");
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
        await("closed streams released").atMost(DEADLINE).until(() -> http.streams(topic) == 0);
    }

    private static String encoded(long id) {
        String digits = Long.toString(id);
        return "%3" + digits.charAt(0) + digits.substring(1);
    }

    private static Answer exchange(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port)) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return Answer.read(s.getInputStream());
        }
    }

    /** A stream's head and what follows, up to and including {@code marker}. */
    private static Answer streamHead(String request, String marker) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port)) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            String all = RawSockets.readUntil(s.getInputStream(), marker);
            int end = all.indexOf("\r\n\r\n");
            return Answer.of(all.substring(0, end), all.substring(end + 4));
        }
    }

    /** One HTTP/1.1 response: status line, headers by lower-case name, body (Content-Length framed or none). */
    record Answer(String statusLine, Map<String, String> headers, String body) {

        static Answer of(String head, String body) {
            String[] lines = head.split("\r\n");
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            return new Answer(lines[0], headers, body);
        }

        static Answer read(InputStream in) throws IOException {
            String text = RawSockets.readUntil(in, "\r\n\r\n");
            Answer headOnly = of(text.substring(0, text.length() - 4), "");
            String length = headOnly.headers.get("content-length");
            byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
            return new Answer(headOnly.statusLine, headOnly.headers, new String(body, StandardCharsets.UTF_8));
        }

        boolean answeredByTheLane() {
            return headers.containsKey("date");
        }

        /** Every header but those the container owns. */
        Map<String, String> heraldHeaders() {
            Map<String, String> own = new TreeMap<>(headers);
            own.keySet().removeAll(CONTAINER_HEADERS);
            return own;
        }
    }
}
