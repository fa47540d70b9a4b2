package io.herald.it.hardening;

import io.herald.it.support.Tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.it.support.HeraldHttp;
import io.herald.it.support.HeraldProcess;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * No input reaches a 500, over real HTTP against Herald on its own Payara Micro with authentication
 * ON (HS256, private topics {@code private.*}) and small limits: tokens valid for millennia, the
 * status line of every status Herald sets, and a generator-driven fuzz of JSON bodies and HTTP
 * edges ({@link InputFuzz}) whose invariant is checked on every answer and on the server's log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InputFuzzIT {

    static final String SECRET = "input-fuzz-it-secret-0123456789-abcdefghijkl";
    static final int STREAMS_PER_CLIENT = 8;
    static final int SUBSCRIBERS = 12;
    static final int MAX_BYTES = 65536;
    static final Duration DEADLINE = Duration.ofSeconds(20);

    static HeraldProcess server;
    static HeraldHttp http;

    @BeforeAll
    static void boot() {
        // the shared JVM options turn development mode on; a later -D wins, so auth is on here
        server = new HeraldProcess("herald-input-fuzz", Map.of(
                "herald.auth.dev-mode", "false",
                "herald.auth.jwt.secret", SECRET,
                "herald.auth.private-topics", "private.*",
                "herald.limit.streams-per-client", Integer.toString(STREAMS_PER_CLIENT),
                "herald.limit.subscribers", Integer.toString(SUBSCRIBERS),
                "herald.limit.trusted-proxies", "127.0.0.1,::1",
                "herald.publish.max-bytes", Integer.toString(MAX_BYTES))).start(HeraldProcess.BOOT);
        http = new HeraldHttp(server.base());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String token(Instant expires, List<String> publish, List<String> subscribe) {
        return Tokens.hs256(SECRET, "fuzz", expires, publish, subscribe);
    }

    /** {@code exp} 99999999999: the year 5138, beyond what a long of nanoseconds holds from now. */
    static final Instant YEAR_5138 = Instant.ofEpochSecond(99_999_999_999L);

    static byte[] get(String target, String... headers) {
        StringBuilder r = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : headers) {
            r.append(h).append("\r\n");
        }
        return r.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] post(String target, String contentType, byte[] body, String... headers) {
        StringBuilder r = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (contentType != null) {
            r.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (String h : headers) {
            r.append(h).append("\r\n");
        }
        r.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(r.toString().getBytes(StandardCharsets.UTF_8));
        all.writeBytes(body);
        return all.toByteArray();
    }

    /** Open streams + waiting polls, from the metrics. */
    static int subscribersNow() {
        String metrics = http.get("metrics?scope=application").body();
        int total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("herald_subscribers{")) {
                total += (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** A stream held open on a raw socket, to take a place. */
    static Socket holdStream(String target, String... headers) throws IOException {
        Socket s = RawClients.connect(server.port, 0, RawHttp.READ_TIMEOUT_MS);
        s.getOutputStream().write(get(target, headers));
        String head = RawClients.readUntil(s.getInputStream(), "\r\n\r\n");
        assertThat(head).as(target).startsWith("HTTP/1.1 200 OK");
        return s;
    }

    @Test
    @Order(1)
    void aTokenValidForMillenniaOpensStreamsAndEveryPlaceTakenIsGivenBack() throws Exception {
        String far = token(YEAR_5138, null, List.of("private.*"));
        String[] targets = {"/topics/private.far/stream", "/stream?topic=private.far&topic=open",
                "/topics/private.far/stream?access_token=" + far};
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String target = targets[i % targets.length];
            RawHttp.Answer answer = target.contains("access_token")
                    ? RawHttp.exchange(server.port, get(target))
                    : RawHttp.exchange(server.port, get(target, "Authorization: Bearer " + far));
            assertThat(answer).as(target).isNotNull();
            // a stream closed by the client may still hold its place for a moment: 429 is fair, 5xx never
            assertThat(answer.status()).as("request %d: %s -> %s %s", i, target, answer.statusLine(), answer.body())
                    .isIn(200, 429);
            if (answer.status() != 200) {
                refused.add(answer.statusLine());
            }
            if (answer.status() == 200) {
                assertThat(answer.contentType()).startsWith("text/event-stream");
            }
        }
        System.out.println("far-exp streams: 300 requests, refused while places were being given back: " + refused.size());
        // every place is back: the server's count, and this address can open its whole allowance again
        await("subscribers released").atMost(DEADLINE).until(() -> subscribersNow() == 0);
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS_PER_CLIENT; i++) {
                held.add(holdStream("/topics/private.far/stream", "Authorization: Bearer " + far));
            }
            await().atMost(DEADLINE).until(() -> subscribersNow() == STREAMS_PER_CLIENT);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        await("subscribers released").atMost(DEADLINE).until(() -> subscribersNow() == 0);
    }

    @Test
    @Order(2)
    void aStreamOfAFarTokenIsStillLiveAndAnExpiredOneIsRefused() throws Exception {
        String far = token(YEAR_5138, List.of("private.*"), List.of("private.*"));
        try (RawClients.TimedReader reader = new RawClients.TimedReader(server.port, "/topics/private.live/stream?access_token=" + far)) {
            long id = Long.parseLong(HeraldHttp.parseObject(RawHttp.exchange(server.port, post("/topics/private.live/events",
                    "text/plain", "hi".getBytes(StandardCharsets.UTF_8), "Authorization: Bearer " + far)).body())
                    .getJsonNumber("id").toString());
            await().atMost(DEADLINE).until(() -> reader.arrivals.containsKey(id));
        }
        RawHttp.Answer expired = RawHttp.exchange(server.port, get("/topics/private.live/stream",
                "Authorization: Bearer " + token(Instant.now().minusSeconds(3600), null, List.of("private.*"))));
        assertThat(expired.status()).isEqualTo(401);
        await("subscribers released").atMost(DEADLINE).until(() -> subscribersNow() == 0);
    }

    @Test
    @Order(3)
    void everyStatusHeraldSetsGoesOutWithItsStandardReasonPhrase() throws Exception {
        String publisher = token(Instant.now().plusSeconds(600), List.of("phrases"), null);
        String auth = "Authorization: Bearer " + publisher;
        Map<String, RawHttp.Answer> answers = new java.util.LinkedHashMap<>();
        answers.put("200 OK", RawHttp.exchange(server.port, get("/topics/phrases/events")));
        answers.put("201 Created", RawHttp.exchange(server.port, post("/topics/phrases/events", "text/plain", new byte[] {'x'}, auth)));
        long last = HeraldHttp.parseObject(answers.get("201 Created").body()).getJsonNumber("id").longValue();
        answers.put("204 No Content", RawHttp.exchange(server.port, get("/topics/phrases/poll?since=" + last + "&timeout=0")));
        answers.put("400 Bad Request", RawHttp.exchange(server.port, get("/topics/phrases/events?since=-1")));
        answers.put("401 Unauthorized", RawHttp.exchange(server.port, post("/topics/phrases/events", "text/plain", new byte[] {'x'})));
        answers.put("403 Forbidden", RawHttp.exchange(server.port, post("/topics/other/events", "text/plain", new byte[] {'x'}, auth)));
        answers.put("404 Not Found", RawHttp.exchange(server.port, get("/topics/phrases/nothing-here")));
        answers.put("405 Method Not Allowed", RawHttp.exchange(server.port,
                "DELETE /topics/phrases/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        answers.put("406 Not Acceptable", RawHttp.exchange(server.port, get("/topics/phrases/events", "Accept: image/png")));
        answers.put("413 Content Too Large", RawHttp.exchange(server.port,
                post("/topics/phrases/events", "text/plain", new byte[MAX_BYTES + 1], auth)));
        answers.put("415 Unsupported Media Type", RawHttp.exchange(server.port,
                post("/topics/phrases/events", "application/xml", "<x/>".getBytes(StandardCharsets.UTF_8), auth)));
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS_PER_CLIENT; i++) {
                held.add(holdStream("/topics/phrases/stream"));
            }
            answers.put("429 Too Many Requests", RawHttp.exchange(server.port, get("/topics/phrases/stream")));
            for (int i = STREAMS_PER_CLIENT; i < SUBSCRIBERS; i++) { // other clients, named by the trusted proxy
                held.add(holdStream("/topics/phrases/stream", "X-Forwarded-For: 10.9.0." + i));
            }
            answers.put("503 Service Unavailable", RawHttp.exchange(server.port,
                    get("/topics/phrases/stream", "X-Forwarded-For: 10.9.1.1")));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        answers.forEach((expected, answer) -> {
            assertThat(answer).as(expected).isNotNull();
            assertThat(answer.statusLine()).as(answer.body()).isEqualTo("HTTP/1.1 " + expected);
            if (answer.status() >= 400) {
                assertProblem(answer, expected);
            }
        });
        // one Retry-After source (herald.limit.retry-after-seconds, default 5) for the client's and the server's limit
        assertThat(answers.get("429 Too Many Requests").headers()).containsEntry("retry-after", "5");
        assertThat(answers.get("503 Service Unavailable").headers()).containsEntry("retry-after", "5");
        await("subscribers released").atMost(DEADLINE).until(() -> subscribersNow() == 0);
    }

    @Test
    @Order(4)
    void generatedRequestsNeverGet5xxEvery4xxIsAProblemAndTheLogHasNoStackTrace() throws Exception {
        long seed = Long.getLong("herald.fuzz.seed", 20261128L);
        Duration budget = Duration.ofSeconds(Long.getLong("herald.fuzz.seconds", 45L));
        int maxCases = Integer.getInteger("herald.fuzz.cases", 6000);
        String publisher = token(Instant.now().plusSeconds(3600), List.of("fuzz.*", "private.*"), null);
        String reader = token(Instant.now().plusSeconds(3600), null, List.of("private.*"));
        InputFuzz fuzz = new InputFuzz(seed, publisher, reader, token(YEAR_5138, List.of("*"), List.of("*")));
        int logStart = server.logText().length();

        Fuzzed run = fuzz(server.port, fuzz, budget, maxCases, true);
        System.out.printf("fuzz: seed %d, %s%n", seed, run);
        String log = server.logText().substring(logStart);
        List<String> logged = new ArrayList<>();
        Matcher bad = Pattern.compile("(?m)^.*(levelValue: 1000|Unexpected failure|^\\s+at [\\w.$]+\\().*$").matcher(log);
        while (bad.find() && logged.size() < 10) {
            logged.add(bad.group());
        }
        assertThat(run.failures()).as("fuzz failures (seed %d; rerun with -Dherald.fuzz.seed=%d)", seed, seed).isEmpty();
        assertThat(logged).as("SEVERE or stack traces in the server log during the fuzz (seed %d)", seed).isEmpty();
        assertThat(run.cases()).as("requests sent").isGreaterThan(200);
        // the server still serves: publish, and a stream opens once fuzzed streams gave their places back
        await("subscribers released").atMost(DEADLINE).until(() -> subscribersNow() == 0);
        RawHttp.Answer published = RawHttp.exchange(server.port, post("/topics/fuzz.after/events", "application/json",
                "{\"data\":1e99999999999}".getBytes(StandardCharsets.UTF_8), "Authorization: Bearer " + publisher));
        assertThat(published.status()).isEqualTo(201);
        assertThat(HeraldHttp.parseObject(published.body()).getString("data")).isEqualTo("1e99999999999");
        holdStream("/topics/fuzz.after/stream").close();
    }

    /** What a fuzz run sent and what broke the invariant ({@link #check}). */
    record Fuzzed(int cases, long seconds, Map<Integer, Integer> statuses, List<String> failures) {
        @Override
        public String toString() {
            return cases + " requests in " + seconds + " s, statuses " + statuses + ", failures " + failures.size();
        }
    }

    /**
     * Sends generated requests to {@code port} until the budget, the case count or 20 failures.
     * {@code ownStatusLine}: the container writes the phrase Herald gives a status (Payara); on the
     * others, where Servlet 6 has no way to set one, the status line is the container's own.
     */
    static Fuzzed fuzz(int port, InputFuzz fuzz, Duration budget, int maxCases, boolean ownStatusLine) {
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        int cases = 0;
        for (; cases < maxCases && System.nanoTime() < deadline && failures.size() < 20; cases++) {
            InputFuzz.Case c = fuzz.next();
            RawHttp.Answer answer;
            try {
                answer = RawHttp.exchange(port, c.request());
            } catch (IOException hang) {
                failures.add(c + ": " + hang.getMessage());
                continue;
            }
            if (answer == null) {
                failures.add(c + ": connection closed without an answer");
                continue;
            }
            statuses.merge(answer.status(), 1, Integer::sum);
            String problem = check(c, answer, ownStatusLine);
            if (problem != null) {
                failures.add(c + ": " + problem);
            }
        }
        return new Fuzzed(cases, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), statuses, failures);
    }

    /** The invariant for one answer; null when it holds. */
    static String check(InputFuzz.Case c, RawHttp.Answer answer, boolean ownStatusLine) {
        int status = answer.status();
        if (status < 100) {
            return "not an HTTP answer: " + answer.statusLine();
        }
        if (status >= 500) {
            return answer.statusLine() + " " + answer.body();
        }
        if (c.container() && List.of(400, 404, 413, 414, 431).contains(status)
                && !answer.contentType().startsWith("application/problem+json")) {
            return null; // refused by the container before Herald saw it (see InputFuzz.Case)
        }
        if (!c.allowed().isEmpty() && !c.allowed().contains(status)) {
            return "status " + status + " not among " + c.allowed() + ": " + answer.body();
        }
        if (ownStatusLine && !answer.statusLine().equals("HTTP/1.1 " + status + " " + InputFuzz.PHRASES.get(status))) {
            return "status line " + answer.statusLine();
        }
        if (status >= 400 && !c.head()) {
            try {
                assertProblem(answer, answer.statusLine());
            } catch (AssertionError notAProblem) {
                return "4xx without a problem body: " + answer.contentType() + " " + answer.body();
            }
        }
        if (status == 201 && c.expectedData() != null) {
            String data = HeraldHttp.parseObject(answer.body()).getString("data");
            if (!data.equals(c.expectedData())) {
                return "data stored as " + abbreviate(data) + ", sent " + abbreviate(c.expectedData());
            }
        }
        return null;
    }

    static void assertProblem(RawHttp.Answer answer, String what) {
        assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
        JsonObject problem = HeraldHttp.parseObject(answer.body());
        assertThat(problem.getInt("status")).as(what).isEqualTo(answer.status());
        assertThat(problem.getString("title")).as(what).isNotBlank();
        assertThat(problem.getString("detail")).as(what).isNotBlank();
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 60) + "...(" + s.length() + " chars)";
    }
}
