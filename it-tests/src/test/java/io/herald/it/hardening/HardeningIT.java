package io.herald.it.hardening;

import io.herald.api.Topic;
import io.herald.it.support.HeraldProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.it.support.HeraldHttp;
import io.herald.testing.RawSseStream;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Limits, operator endpoints, fuzzing and graceful shutdown, on one Herald process of its own
 * (Payara Micro on a free port) with small limits. Every client here is 127.0.0.1, so they all
 * share the per-client stream limit. The last test stops the server with SIGTERM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HardeningIT {

    static final Duration DEADLINE = Duration.ofSeconds(20);
    static final int STREAMS_PER_CLIENT = 4;
    static final int SUBSCRIBERS = 6;
    static final int TOPICS = 400;

    static HeraldProcess server;
    static HeraldHttp http;
    static HttpClient streams;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void boot() {
        server = new HeraldProcess("herald-hardening", Map.of(
                "herald.limit.streams-per-client", Integer.toString(STREAMS_PER_CLIENT),
                "herald.limit.trusted-proxies", "127.0.0.1,::1",
                "herald.limit.subscribers", Integer.toString(SUBSCRIBERS),
                "herald.limit.topics-per-stream", "3",
                "herald.limit.topics", Integer.toString(TOPICS),
                "herald.limit.retry-after-seconds", "7",
                "herald.publish.max-bytes", "1024")).start(HeraldProcess.BOOT);
        http = new HeraldHttp(server.base());
        streams = RawSseStream.newClient();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
        if (!server.isAlive()) {
            return;
        }
        // every stream and poll of a test is released before the next one starts
        await("subscribers released").atMost(DEADLINE).until(() -> subscribersNow() == 0);
    }

    private RawSseStream stream(String path, String... headers) {
        RawSseStream s = RawSseStream.open(streams, http.uri(path), headers);
        open.add(s);
        return s;
    }

    private static void assertLimitProblem(int status, String bodyText, java.net.http.HttpHeaders headers, int expected) {
        assertThat(status).as(bodyText).isEqualTo(expected);
        assertThat(headers.firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(headers.firstValue("Retry-After")).hasValue("7");
        assertThat(HeraldHttp.parseObject(bodyText).getInt("status")).isEqualTo(expected);
    }

    /** Open streams + waiting polls, from the metrics. */
    private static int subscribersNow() {
        String metrics = http.get("metrics?scope=application").body();
        int total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("herald_subscribers{")) {
                total += (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    @Test
    @Order(1)
    void streamsPerClientPastTheLimitAre429AndASlotIsGivenBackWhenAStreamEnds() {
        List<RawSseStream> mine = new ArrayList<>();
        for (int i = 0; i < STREAMS_PER_CLIENT; i++) {
            RawSseStream s = stream("topics/per-client/stream");
            assertThat(s.status()).isEqualTo(200);
            mine.add(s);
        }
        RawSseStream refused = stream("topics/per-client/stream");
        HttpResponse<String> again = http.get("topics/per-client/stream", "Accept", "text/event-stream");
        assertLimitProblem(again.statusCode(), again.body(), again.headers(), 429);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(again.headers().firstValue("Herald-Limit")).hasValue("herald.limit.streams-per-client");

        mine.get(0).close(); // the server notices at the next keepalive (1 s) and releases the slot
        streamWhenSlotFree("topics/per-client/stream");
    }

    @Test
    @Order(2)
    void behindATrustedProxyEachForwardedClientHasItsOwnStreamLimit() {
        // the test client connects from 127.0.0.1, configured here as a trusted proxy
        for (int i = 0; i < STREAMS_PER_CLIENT; i++) {
            assertThat(stream("topics/proxied/stream", "X-Forwarded-For", "198.51.100.1, 203.0.113.7").status())
                    .isEqualTo(200);
        }
        RawSseStream sameClient = stream("topics/proxied/stream", "X-Forwarded-For", "203.0.113.7");
        assertThat(sameClient.status()).as("the same forwarded client, past its limit").isEqualTo(429);
        RawSseStream forged = stream("topics/proxied/stream", "X-Forwarded-For", "203.0.113.7, 127.0.0.1");
        assertThat(forged.status()).as("trusted hops are skipped from the right").isEqualTo(429);
        RawSseStream otherClient = stream("topics/proxied/stream", "X-Forwarded-For", "198.51.100.1, 203.0.113.8");
        assertThat(otherClient.status()).as("another client behind the same proxy").isEqualTo(200);
    }

    private RawSseStream streamWhenSlotFree(String path) {
        RawSseStream[] opened = new RawSseStream[1];
        await("stream slot free").atMost(DEADLINE).until(() -> {
            RawSseStream s = stream(path);
            opened[0] = s;
            return s.status() == 200;
        });
        return opened[0];
    }

    @Test
    @Order(3)
    void subscribersInTotalPastTheLimitAre503ForStreamsAndPolls() {
        for (int i = 0; i < STREAMS_PER_CLIENT; i++) {
            assertThat(stream("topics/total/stream").status()).isEqualTo(200);
        }
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        // polls count against the per-client limit too, which the streams filled: other clients
        // (behind the trusted proxy 127.0.0.1) take the remaining places
        for (int i = 0; i < SUBSCRIBERS - STREAMS_PER_CLIENT; i++) {
            polls.add(http.client().sendAsync(HttpRequest.newBuilder(http.uri("topics/total/poll?timeout=30"))
                            .header("X-Forwarded-For", "203.0.113.1" + i).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        await("polls waiting").atMost(DEADLINE).until(() -> subscribersNow() == SUBSCRIBERS);

        HttpResponse<String> poll = http.get("topics/total/poll?timeout=30", "X-Forwarded-For", "203.0.113.99");
        assertLimitProblem(poll.statusCode(), poll.body(), poll.headers(), 503);
        assertThat(poll.headers().firstValue("Herald-Limit")).hasValue("herald.limit.subscribers");

        long id = http.publish("total", null, "wake");
        for (CompletableFuture<HttpResponse<String>> p : polls) {
            assertThat(p.join().statusCode()).isEqualTo(200);
        }
        // the answered polls gave their places back
        assertThat(http.get("topics/total/events?since=" + (id - 1)).statusCode()).isEqualTo(200);
        await().atMost(DEADLINE).until(() -> subscribersNow() == STREAMS_PER_CLIENT);
        HttpResponse<String> fits = http.get("topics/total/poll?timeout=0", "X-Forwarded-For", "203.0.113.99");
        assertThat(fits.statusCode()).isIn(200, 204);
    }

    @Test
    @Order(3)
    void waitingPollsCountAgainstTheClientsLimitWithItsStreams() {
        String client = "198.51.100.77";
        assertThat(stream("topics/mixed/stream", "X-Forwarded-For", client).status()).isEqualTo(200);
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 1; i < STREAMS_PER_CLIENT; i++) {
            polls.add(http.client().sendAsync(HttpRequest.newBuilder(http.uri("topics/mixed/poll?timeout=30"))
                    .header("X-Forwarded-For", client).build(), HttpResponse.BodyHandlers.ofString()));
        }
        await("polls waiting").atMost(DEADLINE).until(() -> subscribersNow() == STREAMS_PER_CLIENT);
        HttpResponse<String> poll = http.get("topics/mixed/poll?timeout=30", "X-Forwarded-For", client);
        assertLimitProblem(poll.statusCode(), poll.body(), poll.headers(), 429);
        assertThat(poll.headers().firstValue("Herald-Limit")).hasValue("herald.limit.streams-per-client");
        assertThat(stream("topics/mixed/stream", "X-Forwarded-For", client).status()).isEqualTo(429);

        http.publish("mixed", null, "wake");
        for (CompletableFuture<HttpResponse<String>> p : polls) {
            assertThat(p.join().statusCode()).isEqualTo(200);
        }
        // the answered polls gave their slots back
        HttpResponse<String> fits = http.get("topics/mixed/poll?timeout=0", "X-Forwarded-For", client);
        assertThat(fits.statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void topicsPerStreamAndPayloadSizeHaveTheirStatus() {
        HttpResponse<String> tooManyTopics = http.get("stream?topic=a&topic=b&topic=c&topic=d", "Accept", "text/event-stream");
        assertThat(tooManyTopics.statusCode()).isEqualTo(400);
        assertThat(tooManyTopics.body()).contains("at most 3 topics");
        assertThat(stream("stream?topic=a&topic=b&topic=c").status()).isEqualTo(200);

        HttpResponse<String> big = http.post("topics/big/events", "text/plain", "x".repeat(1025));
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(http.post("topics/big/events", "text/plain", "x".repeat(1024)).statusCode()).isEqualTo(201);
    }

    @Test
    @Order(7)
    void aNewTopicPastTheTopicsLimitIs503() {
        HttpResponse<String> refused = null;
        for (int i = 0; i <= TOPICS && refused == null; i++) {
            HttpResponse<String> r = http.post("topics/alive-" + i + "/events", "text/plain", "x");
            if (r.statusCode() != 201) {
                refused = r;
            }
        }
        assertThat(refused).as("a publish past herald.limit.topics").isNotNull();
        assertLimitProblem(refused.statusCode(), refused.body(), refused.headers(), 503);
        assertThat(refused.headers().firstValue("Herald-Limit")).hasValue("herald.limit.topics");
        assertThat(http.post("topics/big/events", "text/plain", "existing topics still take events").statusCode())
                .isEqualTo(201);
    }

    @Test
    @Order(5)
    void healthMetricsAndOpenApi() {
        HttpResponse<String> live = http.get("health/live");
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
        assertThat(live.body()).contains("\"UP\"").contains("herald");
        HttpResponse<String> ready = http.get("health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("herald-transport");

        stream("topics/metered/stream");
        long id = http.publish("metered", null, "m");
        String metrics = http.get("metrics?scope=application").body();
        assertThat(metrics).contains("herald_subscribers{kind=\"sse\"", "herald_subscribers{kind=\"long-poll\"",
                "herald_events_published", "herald_deliveries", "herald_replays", "herald_slow_consumers_dropped",
                "herald_limit_rejections");
        assertThat(metrics).containsPattern("herald_limit_rejections\\w*\\{[^}]*limit=\"herald.limit.streams-per-client\"");
        assertThat(metrics).containsPattern("herald_auth_failures\\w*\\{[^}]*reason=\"missing-token\"");
        assertThat(id).isPositive();

        HttpResponse<String> openapi = http.get("openapi");
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.body()).contains("/topics/{topic}/stream", "/topics/{topic}/poll", "/stream");
    }

    @Test
    @Order(6)
    void fuzzedRequestsGet4xxOrAClosedConnectionAndTheServerKeepsServing() throws Exception {
        Random random = new Random(20261125);
        List<String> failures = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);

        // 1. not HTTP at all: random bytes, then an empty line
        for (int i = 0; i < 40 && System.nanoTime() < deadline; i++) {
            byte[] junk = new byte[1 + random.nextInt(2000)];
            random.nextBytes(junk);
            junk[0] = (byte) (0x80 | junk[0]); // never a valid method's first letter
            check("random bytes #" + i, rawExchange(concat(junk, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))), failures);
        }
        // 2. HTTP with hostile parts: huge headers, invalid UTF-8, control characters
        String[] paths = {"/topics/%s/stream", "/stream?topic=%s", "/topics/%s/poll?since=%s&timeout=1",
                "/topics/%s/events?since=%s", "/topics/%s", "/topics/%s/events"};
        check("huge header", rawExchange(("GET /topics/a/stream HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(200_000)
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)), failures);
        check("many headers", rawExchange(("GET /topics/a/events HTTP/1.1\r\nHost: x\r\n" + "X-H: v\r\n".repeat(20_000)
                + "\r\n").getBytes(StandardCharsets.ISO_8859_1)), failures);
        check("huge url", rawExchange(("GET /topics/" + "a".repeat(100_000) + "/events HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1)), failures);
        for (String p : paths) {
            byte[] head = ("GET " + p.formatted("%C3%28", "%FF%FE") + " HTTP/1.1\r\nHost: x\r\nLast-Event-ID: ")
                    .getBytes(StandardCharsets.ISO_8859_1);
            check("invalid UTF-8 in " + p, rawExchange(concat(head, new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, '\r', '\n', '\r', '\n'})),
                    failures);
        }
        byte[] badBody = {(byte) 0xC3, 0x28, (byte) 0xA0, (byte) 0xA1, (byte) 0xFF};
        for (String type : new String[] {"text/plain; charset=UTF-8", "application/json"}) {
            byte[] head = ("POST /topics/utf/events HTTP/1.1\r\nHost: x\r\nContent-Type: " + type + "\r\nContent-Length: "
                    + badBody.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            check("invalid UTF-8 body " + type, rawExchange(concat(head, badBody)), failures);
        }
        check("negative length", rawExchange(("POST /topics/a/events HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                + "Content-Length: -5\r\n\r\nabc").getBytes(StandardCharsets.ISO_8859_1)), failures);
        check("bad chunked", rawExchange(("POST /topics/a/events HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)), failures);

        // 3. random ids, topics and parameters at every endpoint through a real HTTP client
        String alphabet = "abcXYZ019._~-!$&'()*+,;=:@%/?#[] \"<>\\^`{|}\u00e9\u4e2d\u0000\u0007";
        for (int i = 0; i < 150 && System.nanoTime() < deadline; i++) {
            String topic = enc(randomString(random, alphabet, random.nextInt(140)));
            String id = random.nextBoolean() ? enc(randomString(random, alphabet, 1 + random.nextInt(25)))
                    : Long.toString(random.nextLong());
            String path = paths[random.nextInt(paths.length)].formatted(topic, id);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + path.substring(1)))
                    .timeout(Duration.ofSeconds(15));
            if (path.endsWith("/events") && random.nextBoolean()) {
                request.header("Content-Type", random.nextBoolean() ? "application/json" : "text/plain; charset=" + enc(topic))
                        .POST(HttpRequest.BodyPublishers.ofString(randomString(random, alphabet + "{}[]\"", random.nextInt(300))));
            } else if (path.contains("stream")) {
                request.header("Accept", "text/event-stream").header("Last-Event-ID", id.replaceAll("[^ -~]", "x"));
            }
            try {
                HttpResponse<InputStream> r = http.client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                int status = r.statusCode();
                r.body().close(); // a stream that opened (a random but valid request) is just closed
                boolean validTopic = Topic.isValid(topic);
                if (status >= 500 || (!validTopic && status < 400 && !path.startsWith("/stream"))) {
                    failures.add(status + " for " + path);
                }
            } catch (IllegalArgumentException notAUri) {
                // java.net.URI refused it; nothing was sent
            } catch (IOException closed) {
                // the server closed the connection: acceptable for garbage
            }
        }
        assertThat(failures).isEmpty();

        // the server still serves: publish + subscribe (once fuzzed streams gave their slots back)
        RawSseStream s = streamWhenSlotFree("topics/after-fuzz/stream");
        await().atMost(DEADLINE).until(() -> !s.retries().isEmpty());
        long id = http.publish("after-fuzz", null, "still here");
        await().atMost(DEADLINE).until(() -> s.ids().contains(id));
    }

    /** Uses the existing topic "big": the topics limit is reached by now. */
    @Test
    @Order(8)
    void sigtermEndsOpenStreamsAndAnswersWaitingPollsAt204() throws Exception {
        RawSseStream s = streamWhenSlotFree("topics/big/stream");
        await().atMost(DEADLINE).until(() -> !s.retries().isEmpty());
        long id = http.publish("big", null, "before");
        await().atMost(DEADLINE).until(() -> s.ids().contains(id));
        CompletableFuture<HttpResponse<String>> poll = http.client().sendAsync(
                HttpRequest.newBuilder(http.uri("topics/big/poll?since=" + id + "&timeout=60")).build(),
                HttpResponse.BodyHandlers.ofString());
        await("poll waiting").atMost(DEADLINE).until(() -> http.topicInfo("big").getInt("polls") == 1);

        long start = System.nanoTime();
        server.terminate();
        HttpResponse<String> answer = poll.get(15, TimeUnit.SECONDS);
        long pollMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        await("stream ended").atMost(Duration.ofSeconds(15)).until(s::ended);
        long streamMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("SIGTERM: poll answered %d after %d ms, stream ended after %d ms%n",
                answer.statusCode(), pollMs, streamMs);
        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(server.awaitExit(Duration.ofSeconds(30))).as("process exited").isTrue();
        open.clear();
    }

    // ---- helpers

    /** Writes {@code request}, half-closes, and returns what came back (empty if closed without an answer). */
    private static String rawExchange(byte[] request) {
        try (Socket socket = RawClients.connect(server.port, 0, 10_000)) {
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException resetWhileWriting) {
                // the server gave up on us mid-request: fine, see what it said
            }
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[256];
            int n = 0;
            try {
                int r;
                while (n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0) {
                    n += r;
                }
            } catch (java.net.SocketTimeoutException hang) {
                return n == 0 ? "HANG" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            } catch (IOException reset) {
                // closed
            }
            return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        } catch (IOException refused) {
            return "";
        }
    }

    private static void check(String what, String answer, List<String> failures) {
        if (answer.equals("HANG")) {
            failures.add(what + ": no answer and not closed within 10 s");
        } else if (!answer.isEmpty() && !answer.matches("(?s)HTTP/1\\.[01] 4\\d\\d.*")) {
            failures.add(what + ": " + answer.lines().findFirst().orElse(""));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String randomString(Random random, String alphabet, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
