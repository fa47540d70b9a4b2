package io.herald.it;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.it.support.DemoPage;
import io.herald.it.support.HeraldHttp;
import io.herald.it.support.HeraldProcess;
import io.herald.it.support.HeraldServer;
import io.herald.testing.RawSseStream;
import io.herald.it.support.SseSubscriber;
import io.herald.it.support.TcpProxy;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import java.net.URL;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * Herald end to end: the real WAR from the web module on Payara Micro, started on a free port
 * ({@link HeraldProcess}), used over HTTP by Jersey's SSE client, JAX-RS async long-polls, raw
 * HTTP and a real browser. One server boot for the whole class; every test uses its own topic.
 * {@link HeraldWildFlyIT} runs the same scenarios against WildFly ({@link #startServer}).
 *
 * <p>The server runs with short timings (see {@code it.server.jvm} in it-tests/pom.xml):
 * keepalive every 1 s, retry 500 ms, replay buffer 50.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeraldIT {

    static final int REPLAY_SIZE = 50;
    static final Duration DEADLINE = ofSeconds(20);

    HeraldServer server;
    URL base;

    /** The server under test, started and ready: Payara Micro here (the product's default). */
    HeraldServer startServer() {
        return new HeraldProcess("herald-it", Map.of()).start(HeraldProcess.BOOT);
    }

    /**
     * What the server logs (once) about the write path its event streams take: on Payara the
     * Grizzly fast path (frames as chunks straight to the connection, which the stream takes over),
     * chosen at start-up where it applies; elsewhere the servlet output stream.
     */
    String expectedStreamWritePath() {
        // a plain stream GET is opened by the direct lane on Payara (the JAX-RS path's own line,
        // "event streams write their frames as chunks straight to the connection", shows when a
        // stream is declined to JAX-RS and handed off there)
        return "event streams opened by the direct lane write their frames straight to the connection (Grizzly)";
    }

    /** Appended to screenshot names, so that runs on several servers keep theirs apart. */
    String screenshotSuffix() {
        return "";
    }

    @BeforeAll
    void startHerald() {
        server = startServer();
        base = server.base();
    }

    @AfterAll
    void stopHerald() {
        if (server != null) {
            server.close();
        }
    }

    HeraldHttp http;
    Client jaxrs;
    final List<AutoCloseable> cleanup = Collections.synchronizedList(new ArrayList<>());
    String topic;

    @BeforeEach
    void setUp(TestInfo test) {
        http = new HeraldHttp(base);
        jaxrs = ClientBuilder.newClient();
        topic = test.getTestMethod().orElseThrow().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() throws Exception {
        synchronized (cleanup) {
            for (AutoCloseable c : cleanup) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort
                }
            }
            cleanup.clear();
        }
        jaxrs.close();
    }

    WebTarget stream(String t) {
        return jaxrs.target(http.uri("topics/" + t + "/stream"));
    }

    SseSubscriber subscribe(String name, WebTarget target) {
        SseSubscriber s = SseSubscriber.open(name, target);
        cleanup.add(s);
        return s;
    }

    RawSseStream raw(String relative, String... headers) {
        RawSseStream s = RawSseStream.open(http.client(), http.uri(relative), headers);
        cleanup.add(s);
        return s;
    }

    void awaitSubscribers(String t, int atLeast) {
        await("subscribers of " + t + " >= " + atLeast).atMost(DEADLINE)
                .until(() -> http.subscribers(t) >= atLeast);
    }

    // ---------------------------------------------------------------- smoke

    @Test
    void deployedWarAnswersTopicInfo() {
        JsonObject info = http.topicInfo(topic);
        assertThat(info.getString("topic")).isEqualTo(topic);
        assertThat(info.getInt("subscribers")).isZero();
    }

    // ---------------------------------------------------------------- SSE + replay

    /**
     * The seed's worked example: three dashboards; one publish reaches all three; B drops after
     * event 4; 5, 6, 7 are published; B reconnects with Last-Event-ID: 4 and gets exactly 5, 6, 7
     * and then live events, so its count matches A's and C's.
     */
    @Test
    void seedWorkedExampleThreeSubscribersDropAndReplay() {
        SseSubscriber a = subscribe("A", stream(topic));
        SseSubscriber b = subscribe("B", stream(topic));
        SseSubscriber c = subscribe("C", stream(topic));
        awaitSubscribers(topic, 3);

        List<Long> published = new ArrayList<>();
        long first = http.publish(topic, "notice", "alert 1");
        published.add(first);
        await("one publish fans out to all three").atMost(DEADLINE).until(() ->
                a.ids().equals(published) && b.ids().equals(published) && c.ids().equals(published));

        for (int i = 2; i <= 4; i++) {
            published.add(http.publish(topic, "notice", "alert " + i));
        }
        await("events 1-4 everywhere").atMost(DEADLINE).until(() ->
                a.ids().equals(published) && b.ids().equals(published) && c.ids().equals(published));
        long fourth = published.get(3);

        b.close();   // B's laptop sleeps
        await("B is gone from the topic").atMost(DEADLINE).until(() -> http.subscribers(topic) == 2);

        List<Long> missed = new ArrayList<>();
        for (int i = 5; i <= 7; i++) {
            missed.add(http.publish(topic, "notice", "alert " + i));
        }
        published.addAll(missed);

        SseSubscriber b2 = SseSubscriber.resume("B'", stream(topic), fourth);
        cleanup.add(b2);
        await("B gets exactly 5, 6, 7").atMost(DEADLINE).until(() -> b2.ids().equals(missed));
        awaitSubscribers(topic, 3);

        long live = http.publish(topic, "notice", "alert 8");
        published.add(live);
        await("then live events, everywhere").atMost(DEADLINE).until(() ->
                a.ids().equals(published) && c.ids().equals(published)
                        && b2.ids().equals(List.of(missed.get(0), missed.get(1), missed.get(2), live)));

        int bTotal = b.ids().size() + b2.ids().size();
        assertThat(bTotal).as("B's count matches A's and C's").isEqualTo(a.ids().size()).isEqualTo(c.ids().size());
        assertThat(b2.events()).as("no reset: nothing was missed")
                .noneMatch(e -> "reset".equals(e.name()));
        assertThat(b2.events().get(0).data()).isEqualTo("\"alert 5\"");
        assertThat(b2.events().get(0).name()).isEqualTo("notice");
    }

    /** Resuming from an id older than the buffer: the stream says so and then replays what remains. */
    @Test
    void idOlderThanBufferIsReportedAndRemainderReplayed() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < REPLAY_SIZE + 10; i++) {
            ids.add(http.publishText(topic, "event " + i));
        }
        List<Long> retained = ids.subList(ids.size() - REPLAY_SIZE, ids.size());

        // Jersey client, resuming from the very first id (evicted long ago)
        SseSubscriber resumed = SseSubscriber.resume("resumed", stream(topic), ids.get(0));
        cleanup.add(resumed);
        await("what remains is replayed").atMost(DEADLINE).until(() -> resumed.ids().equals(retained));
        assertThat(resumed.events().get(0).name()).as("told first: an event named reset").isEqualTo("reset");

        // raw, to pin the exact wire form
        RawSseStream wire = raw("topics/" + topic + "/stream", "Last-Event-ID", Long.toString(ids.get(0)));
        await("raw replay").atMost(DEADLINE).until(() -> wire.ids().equals(retained));
        RawSseStream.Frame reset = wire.frames().get(0);
        assertThat(reset.event()).isEqualTo("reset");
        assertThat(wire.frames().stream().filter(f -> "reset".equals(f.event()))).hasSize(1);
    }

    /**
     * The server side closes the connection: Jersey's SseEventSource reconnects by itself after
     * the {@code retry:} delay, sends {@code Last-Event-ID}, and gets the gap replayed. The stream
     * runs through a loopback relay that closes it (Herald has no endpoint that closes streams).
     */
    @Test
    void jaxrsClientReconnectsByItselfWithLastEventIdAfterServerCloses() throws Exception {
        try (TcpProxy proxy = new TcpProxy(base.getHost(), base.getPort())) {
            WebTarget viaRelay = jaxrs.target("http://127.0.0.1:" + proxy.port() + base.getPath()
                    + "topics/" + topic + "/stream");
            SseSubscriber s = subscribe("s", viaRelay);
            awaitSubscribers(topic, 1);
            long before = http.publish(topic, "notice", "before the close");
            await().atMost(DEADLINE).until(() -> s.ids().equals(List.of(before)));

            proxy.pause();
            proxy.cutAll();
            await("the server released the closed stream").atMost(DEADLINE)
                    .until(() -> http.subscribers(topic) == 0);
            long gap1 = http.publish(topic, "notice", "during the gap 1");
            long gap2 = http.publish(topic, "notice", "during the gap 2");
            proxy.resume();

            await("gap replayed after the client's own reconnect").atMost(DEADLINE)
                    .until(() -> s.ids().equals(List.of(before, gap1, gap2)));
            assertThat(proxy.requestHeads()).anySatisfy(head ->
                    assertThat(head).containsIgnoringCase("Last-Event-ID: " + before));
            long live = http.publish(topic, "notice", "live again");
            await().atMost(DEADLINE).until(() -> s.ids().equals(List.of(before, gap1, gap2, live)));
        }
    }

    /** The stream opens with retry:, carries the headers, and sends keepalive comments while idle. */
    @Test
    void retryAndKeepaliveCommentsOnIdleStream() {
        RawSseStream s = raw("topics/" + topic + "/stream");
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
        assertThat(s.headers().firstValue("Cache-Control")).get().asString().contains("no-cache");
        assertThat(s.headers().firstValue("X-Accel-Buffering")).hasValue("no");
        // frames are written beside the container's codec only on responses that close at their end
        assertThat(s.headers().firstValue("Connection")).hasValue("close");

        // the same bytes on every server: RESTEasy (WildFly, Open Liberty) commits a stream with two
        // empty lines ahead of it, which Herald leaves out
        await("retry: first").atMost(DEADLINE).until(() -> s.lines().stream().anyMatch(l -> !l.isEmpty()));
        assertThat(s.lines().get(0)).isEqualTo("retry: 500");
        assertThat(s.retries()).containsExactly(500L);

        await("keepalive comments (every 1 s in tests)").atMost(DEADLINE)
                .until(() -> s.comments().stream().filter("keepalive"::equals).count() >= 3);
        assertThat(s.frames()).as("no events on an idle topic").isEmpty();
        assertThat(s.ended()).isFalse();
    }

    /**
     * A {@code HEAD} of a stream carries the head its {@code GET} starts with (RFC 9110 9.3.2),
     * and no {@code Content-Length}: only the {@code GET}'s length may be sent (8.6), and an endless
     * stream has none. Jersey and RESTEasy gave it 0, as to any answer without a body.
     */
    @Test
    void aHeadOfAStreamCarriesTheHeadOfItsGetAndNoLength() throws Exception {
        for (String path : List.of("topics/" + topic + "/stream", "stream?topic=" + topic + "&topic=" + topic + "-b")) {
            RawSseStream get = raw(path);
            HttpResponse<String> head = http.client().send(HttpRequest.newBuilder(http.uri(path)).timeout(ofSeconds(10))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Length")).as(path + ": the HEAD's length").isEmpty();
            assertThat(comparable(head.headers())).as(path + ": the HEAD's head against the GET's")
                    .isEqualTo(comparable(get.headers()));
        }
    }

    /**
     * Names in lower case with their values, without {@code Date} (it differs by the second) and
     * {@code Transfer-Encoding} (the container's framing, which it may leave out of a {@code HEAD}'s
     * answer: Open Liberty does).
     */
    static Map<String, List<String>> comparable(java.net.http.HttpHeaders headers) {
        Map<String, List<String>> named = new java.util.TreeMap<>();
        headers.map().forEach((name, values) -> named.put(name.toLowerCase(java.util.Locale.ROOT), values));
        named.remove("date");
        named.remove("transfer-encoding");
        return named;
    }

    /** Streams take the write path this server allows, and the server says which. */
    @Test
    void streamsTakeTheWritePathThisServerAllows() {
        RawSseStream s = raw("topics/" + topic + "/stream");
        await("retry: first").atMost(DEADLINE).until(() -> s.lines().stream().anyMatch(l -> !l.isEmpty()));
        long id = http.publish(topic, "notice", "on the chosen path");
        await("delivered").atMost(DEADLINE).until(() -> s.ids().equals(List.of(id)));
        assertThat(server.logText()).contains(expectedStreamWritePath());
    }

    /**
     * A stream's connection is the stream's until it closes: a request the client sends after the
     * stream's on the same connection (pipelined, or later) is never answered, so nothing but
     * frames ever appears in the stream, and events keep coming.
     */
    @Test
    void requestsSentBehindAStreamOnItsConnectionAreNeverAnsweredInsideIt() throws Exception {
        String other = "GET /topics/" + topic + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", base.getPort()), 5000);
            socket.setSoTimeout(20_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.InputStream in = socket.getInputStream();
            out.write(("GET /topics/" + topic + "/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                    + other).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            String wire = readUntil(in, "retry:");
            awaitSubscribers(topic, 1);
            long first = http.publish(topic, null, "one");
            wire += readUntil(in, "id: " + first + "\n");
            out.write(other.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            long second = http.publish(topic, null, "two");
            wire += readUntil(in, "id: " + second + "\ndata: \"two\"\n");
            assertThat(wire.split("HTTP/1.1 ", -1)).as("one response on the connection: " + wire).hasSize(2);
            assertThat(wire).doesNotContain("\"topic\"").contains("id: " + first + "\ndata: \"one\"\n");
        }
    }

    private static String readUntil(java.io.InputStream in, String marker) throws java.io.IOException {
        java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            seen.write(b);
            if (seen.toString(java.nio.charset.StandardCharsets.ISO_8859_1).endsWith(marker)) {
                return seen.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
        throw new java.io.EOFException("connection closed before " + marker + ": " + seen);
    }

    /** Async/idle timeouts must not end a stream: hold one well past 30 s, then it still delivers. */
    @Test
    void idleStreamHeldPast30SecondsStaysOpenAndDelivers() {
        RawSseStream s = raw("topics/" + topic + "/stream");
        long start = System.nanoTime();
        await("retry: first").atMost(DEADLINE).until(() -> !s.lines().isEmpty());
        // This wait is the point of the test: nothing happens for 35 s except keepalives.
        await("held 35 s without the server ending it").pollInterval(ofSeconds(1)).atMost(ofSeconds(60))
                .failFast("the server ended the stream", s::ended)
                .until(() -> System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(35));
        long id = http.publish(topic, "notice", "still there");
        await("delivered after 35 s idle").atMost(DEADLINE).until(() -> s.ids().equals(List.of(id)));
        assertThat(http.subscribers(topic)).isEqualTo(1);
    }

    /** Payloads with CR, LF and CRLF become several data: lines; nothing can inject SSE fields. */
    @Test
    void multiLinePayloadCannotInjectFields() {
        RawSseStream s = raw("topics/" + topic + "/stream");
        awaitSubscribers(topic, 1);
        String evil = "line1\nid: 999999\r\nevent: evil\rdata: x\n\nretry: 1";
        long id = http.publishText(topic, evil);
        await().atMost(DEADLINE).until(() -> s.ids().equals(List.of(id)));
        RawSseStream.Frame f = s.frames().get(0);
        assertThat(f.id()).isEqualTo(Long.toString(id));
        assertThat(f.event()).isNull();
        assertThat(f.data()).isEqualTo("line1\nid: 999999\nevent: evil\ndata: x\n\nretry: 1");
        assertThat(s.retries()).containsExactly(500L);
    }

    // ---------------------------------------------------------------- topics

    /** One stream for several topics: ids interleave in one increasing sequence. */
    @Test
    void manyTopicsOnOneStream() {
        String t1 = topic + "-one";
        String t2 = topic + "-two";
        String t3 = topic + "-three";
        WebTarget multi = jaxrs.target(http.uri("stream"))
                .queryParam("topic", t1).queryParam("topic", t2).queryParam("topic", t3);
        SseSubscriber s = subscribe("multi", multi);
        await().atMost(DEADLINE).until(() ->
                http.subscribers(t1) == 1 && http.subscribers(t2) == 1 && http.subscribers(t3) == 1);

        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(http.publish(t1, "one", "1-" + i));
            expected.add(http.publish(t2, "two", "2-" + i));
            expected.add(http.publish(t3, null, "3-" + i));
        }
        await("all three topics on the one stream").atMost(DEADLINE).until(() -> s.ids().equals(expected));
        assertThat(s.events().stream().map(SseSubscriber.Received::name).distinct()).contains("one", "two");

        // resume the multi-topic stream in the middle, with one Last-Event-ID
        long resumeAt = expected.get(7);
        SseSubscriber resumed = SseSubscriber.resume("resumed", multi, resumeAt);
        cleanup.add(resumed);
        await("replay across topics after one id").atMost(DEADLINE)
                .until(() -> resumed.ids().equals(expected.subList(8, expected.size())));
    }

    /** A publish on a never reaches b. */
    @Test
    void topicIsolation() {
        String a = topic + "-a";
        String b = topic + "-b";
        SseSubscriber onA = subscribe("onA", stream(a));
        SseSubscriber onB = subscribe("onB", stream(b));
        awaitSubscribers(a, 1);
        awaitSubscribers(b, 1);

        List<Long> toA = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            toA.add(http.publish(a, "notice", "for a " + i));
        }
        long toB = http.publish(b, "notice", "for b");
        await().atMost(DEADLINE).until(() -> onA.ids().equals(toA) && onB.ids().equals(List.of(toB)));
        // b received its own event after all of a's were published: a's would have arrived before it
        assertThat(onB.events()).extracting(SseSubscriber.Received::data).containsExactly("\"for b\"");
        JsonArray history = HeraldHttp.parseArray(http.get("topics/" + b + "/events?since=0").body());
        assertThat(history).hasSize(1);
    }

    // ---------------------------------------------------------------- long-poll

    WebTarget poll(String t, long since, int timeoutSeconds) {
        return jaxrs.target(http.uri("topics/" + t + "/poll"))
                .queryParam("since", since).queryParam("timeout", timeoutSeconds);
    }

    @Test
    void longPollReturnsAtOnceWhenNewerEventsExist() throws Exception {
        long e1 = http.publish(topic, "notice", "one");
        long e2 = http.publish(topic, "notice", "two");
        long start = System.nanoTime();
        Response r = poll(topic, e1 - 1, 20).request("application/json").async().get().get(10, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r.getStatus()).isEqualTo(200);
        JsonArray events = HeraldHttp.parseArray(r.readEntity(String.class));
        assertThat(events).extracting(v -> v.asJsonObject().getJsonNumber("id").longValue()).containsExactly(e1, e2);
        assertThat(events.getJsonObject(0).getString("data")).isEqualTo("\"one\"");
        assertThat(millis).as("immediate, not after the 20 s timeout").isLessThan(5_000);
    }

    @Test
    void longPollWaitsAndWakesOnPublish() throws Exception {
        long since = http.publish(topic, "notice", "before");
        Future<Response> pending = poll(topic, since, 30).request("application/json").async().get();
        awaitSubscribers(topic, 1);   // the poll is waiting on the server
        assertThat(pending.isDone()).isFalse();

        long published = System.nanoTime();
        long id = http.publish(topic, "notice", "wake up");
        Response r = pending.get(10, TimeUnit.SECONDS);
        long wakeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - published);
        assertThat(r.getStatus()).isEqualTo(200);
        JsonArray events = HeraldHttp.parseArray(r.readEntity(String.class));
        assertThat(events).extracting(v -> v.asJsonObject().getJsonNumber("id").longValue()).containsExactly(id);
        assertThat(wakeMillis).as("woken by the publish, long before its 30 s timeout").isLessThan(5_000);
        await("the poll no longer counts as subscriber").atMost(DEADLINE).until(() -> http.subscribers(topic) == 0);
    }

    @Test
    void longPollTimesOutWith204() throws Exception {
        long since = http.publish(topic, "notice", "old news");
        long start = System.nanoTime();
        Response r = poll(topic, since, 1).request("application/json").async().get().get(20, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r.getStatus()).isEqualTo(204);
        assertThat(millis).as("after about the 1 s asked for").isBetween(900L, 10_000L);
        await().atMost(DEADLINE).until(() -> http.subscribers(topic) == 0);
    }

    @Test
    void manyConcurrentPollersAllWokenByOnePublish() throws Exception {
        int pollers = 50;
        long since = http.publish(topic, "notice", "before");
        List<Future<Response>> pending = new ArrayList<>();
        for (int i = 0; i < pollers; i++) {
            pending.add(poll(topic, since, 30).request("application/json").async().get());
        }
        await("all pollers waiting").atMost(DEADLINE).until(() -> http.subscribers(topic) == pollers);
        assertThat(pending).noneMatch(Future::isDone);

        long id = http.publish(topic, "notice", "everyone");
        for (Future<Response> f : pending) {
            Response r = f.get(10, TimeUnit.SECONDS);
            assertThat(r.getStatus()).isEqualTo(200);
            JsonArray events = HeraldHttp.parseArray(r.readEntity(String.class));
            assertThat(events).extracting(v -> v.asJsonObject().getJsonNumber("id").longValue()).containsExactly(id);
        }
    }

    // ---------------------------------------------------------------- concurrency and cleanup

    /** 8 publisher threads x 500 events against 50 subscribers: every event exactly once, in id order. */
    @Test
    void concurrentPublishersFanOutExactlyOnceInOrder() throws Exception {
        int subscriberCount = 50;
        int publishers = 8;
        int perPublisher = 500;
        List<SseSubscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < subscriberCount; i++) {
            subscribers.add(subscribe("s" + i, stream(topic)));
        }
        awaitSubscribers(topic, subscriberCount);

        Set<Long> published = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                int publisher = p;
                done.add(CompletableFuture.runAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < perPublisher; i++) {
                        published.add(http.publish(topic, "load", "p" + publisher + "-" + i));
                    }
                }, pool));
            }
            go.countDown();
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(published).hasSize(publishers * perPublisher);
        List<Long> expected = published.stream().sorted().toList();

        await("every subscriber has every event").atMost(ofSeconds(120)).pollInterval(ofSeconds(1))
                .until(() -> subscribers.stream().allMatch(s -> s.ids().size() >= expected.size()));
        SoftAssertions soft = new SoftAssertions();
        for (SseSubscriber s : subscribers) {
            soft.assertThat(s.ids()).as("events of %s, exactly once in id order", s.name()).isEqualTo(expected);
            soft.assertThat(s.events()).as("no reset for %s", s.name()).noneMatch(e -> "reset".equals(e.name()));
        }
        soft.assertAll();
    }

    /** Closed connections are noticed and released: 100 clients gone leaves 0 subscribers. */
    @Test
    void disconnectingHundredClientsLeavesNoSubscribers() {
        int clients = 100;
        HttpClient rawClient = RawSseStream.newClient();
        List<RawSseStream> rawStreams = new ArrayList<>();
        List<SseSubscriber> jerseyStreams = new ArrayList<>();
        for (int i = 0; i < clients / 2; i++) {
            rawStreams.add(RawSseStream.open(rawClient, http.uri("topics/" + topic + "/stream")));
            jerseyStreams.add(subscribe("j" + i, stream(topic)));
        }
        await("all connected").atMost(DEADLINE).until(() -> http.subscribers(topic) == clients);

        rawStreams.forEach(RawSseStream::close);
        jerseyStreams.forEach(SseSubscriber::close);
        await("all released").atMost(DEADLINE).until(() -> http.subscribers(topic) == 0);

        // and the topic still works for whoever comes next
        RawSseStream next = raw("topics/" + topic + "/stream");
        awaitSubscribers(topic, 1);
        long id = http.publish(topic, "notice", "after the crowd left");
        await().atMost(DEADLINE).until(() -> next.ids().equals(List.of(id)));
    }

    // ---------------------------------------------------------------- bad input

    /** Each malformed request gets its 4xx with a problem+json body, and the server keeps serving. */
    @Test
    void badInputGetsProblemJsonAndServerKeepsServing() {
        String t = topic;
        String big = "\"" + "x".repeat(70 * 1024) + "\"";
        SoftAssertions soft = new SoftAssertions();
        checkProblem(soft, "bad topic name (stream)", http.get("topics/b@d/stream"), 400);
        checkProblem(soft, "bad topic name (publish)",
                http.post("topics/b@d/events", "application/json", "{\"data\":1}"), 400);
        checkProblem(soft, "topic name over 128 chars", http.get("topics/" + "t".repeat(129)), 400);
        checkProblem(soft, "bad topic on multi-topic stream", http.get("stream?topic=ok&topic=no*pe"), 400);
        checkProblem(soft, "no topic on multi-topic stream", http.get("stream"), 400);
        checkProblem(soft, "non-numeric since (poll)", http.get("topics/" + t + "/poll?since=abc&timeout=1"), 400);
        checkProblem(soft, "negative since (poll)", http.get("topics/" + t + "/poll?since=-1&timeout=1"), 400);
        checkProblem(soft, "non-numeric since (events)", http.get("topics/" + t + "/events?since=x"), 400);
        checkProblem(soft, "non-numeric Last-Event-ID",
                http.get("topics/" + t + "/stream", "Last-Event-ID", "abc"), 400);
        checkProblem(soft, "negative lastEventId", http.get("topics/" + t + "/stream?lastEventId=-4"), 400);
        checkProblem(soft, "negative timeout", http.get("topics/" + t + "/poll?since=0&timeout=-1"), 400);
        checkProblem(soft, "non-numeric timeout", http.get("topics/" + t + "/poll?since=0&timeout=soon"), 400);
        checkProblem(soft, "timeout too large", http.get("topics/" + t + "/poll?since=0&timeout=100000"), 400);
        checkProblem(soft, "malformed JSON",
                http.post("topics/" + t + "/events", "application/json", "{\"type\":\"notice\",\"data\":"), 400);
        checkProblem(soft, "JSON that is not an object",
                http.post("topics/" + t + "/events", "application/json", "[1,2]"), 400);
        checkProblem(soft, "missing data",
                http.post("topics/" + t + "/events", "application/json", "{\"type\":\"notice\"}"), 400);
        checkProblem(soft, "body over 64 KiB (JSON)",
                http.post("topics/" + t + "/events", "application/json", "{\"data\":" + big + "}"), 413);
        checkProblem(soft, "body over 64 KiB (text)",
                http.post("topics/" + t + "/events", "text/plain", "y".repeat(70 * 1024)), 413);
        checkProblem(soft, "type with LF",
                http.post("topics/" + t + "/events", "application/json", "{\"type\":\"a\\nb\",\"data\":1}"), 400);
        checkProblem(soft, "type with CR (text/plain ?type=)",
                http.post("topics/" + t + "/events?type=a%0Dretry:1", "text/plain", "x"), 400);
        checkProblem(soft, "type reset, Herald's missed-events frame (JSON)",
                http.post("topics/" + t + "/events", "application/json", "{\"type\":\"reset\",\"data\":{\"lastEventId\":1}}"), 400);
        checkProblem(soft, "type reset, Herald's missed-events frame (text/plain ?type=)",
                http.post("topics/" + t + "/events?type=reset", "text/plain", "{\"lastEventId\":1}"), 400);
        checkProblem(soft, "poll with JSON weighted q=0",
                http.get("topics/" + t + "/poll?since=0&timeout=0", "Accept", "application/json;q=0"), 406);
        checkProblem(soft, "topic info with every type weighted q=0", http.get("topics/" + t, "Accept", "*/*;q=0"), 406);
        checkProblem(soft, "type over 64 chars",
                http.post("topics/" + t + "/events", "application/json",
                        "{\"type\":\"" + "t".repeat(65) + "\",\"data\":1}"), 400);
        checkProblem(soft, "unsupported media type",
                http.post("topics/" + t + "/events", "application/xml", "<data>1</data>"), 415);
        checkProblem(soft, "no Content-Type", http.send(HttpRequest.newBuilder(http.uri("topics/" + t + "/events"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":1}")).build()), 415);
        checkProblem(soft, "trailing text after the JSON object",
                http.post("topics/" + t + "/events", "application/json", "{\"data\":1} {\"data\":2}"), 400);
        soft.assertAll();

        // nothing of the above was published, and the server still serves
        assertThat(HeraldHttp.parseArray(http.get("topics/" + t + "/events?since=0").body())).isEmpty();
        RawSseStream s = raw("topics/" + t + "/stream");
        awaitSubscribers(t, 1);
        long id = http.publish(t, "notice", "fine");
        await().atMost(DEADLINE).until(() -> s.ids().equals(List.of(id)));
    }

    /**
     * An {@code Accept} header is read one way whatever JAX-RS runtime the server has: what is not a
     * list of media ranges is a 400 problem on every endpoint, the demo page included (RESTEasy
     * answered {@code q=x} with a 500 and a quoted comma with its container's HTML page; Jersey took
     * {@code garbage} for a type), and the forms clients send are served: the JDK's
     * {@code HttpURLConnection} default (a lone {@code *}, {@code q=.2}), empty elements, quoted
     * parameters. An {@code Accept-Language} whose weight does not read is disregarded everywhere
     * (RESTEasy answered it with its container's HTML 400).
     */
    @Test
    void anAcceptHeaderIsReadTheSameWayOnEveryServer() {
        String t = topic;
        SoftAssertions soft = new SoftAssertions();
        for (String unreadable : List.of("garbage", "*/*;q=x", "text/plain;q=2", "*/json", "*/*;q=1.0000", "a/b/c",
                "application/json;v=\"a", "text/plain;foo", "application/json;q=0.5;q=1")) {
            for (String target : List.of("topics/" + t + "/events?since=0", "topics/" + t + "/stream", "topics/" + t,
                    "topics/" + t + "/poll?since=0&timeout=0", "")) {
                checkProblem(soft, "Accept: " + unreadable + " on /" + target, http.get(target, "Accept", unreadable), 400);
            }
        }
        for (String served : List.of("text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2", ", application/json",
                "application/json;v=\"a,b\";q=0.5", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")) {
            HttpResponse<String> history = http.get("topics/" + t + "/events?since=0", "Accept", served);
            soft.assertThat(history.statusCode()).as("history with Accept: %s (%s)", served, history.body()).isEqualTo(200);
            soft.assertThat(history.headers().firstValue("Content-Type")).as(served).hasValue("application/json");
            HttpResponse<String> info = http.get("topics/" + t, "Accept", served);
            soft.assertThat(info.statusCode()).as("topic info with Accept: %s (%s)", served, info.body()).isEqualTo(200);
        }
        for (String languages : List.of("en;q=x", "de, en;q=2", "en_US, *;q=.5")) {
            HttpResponse<String> info = http.get("topics/" + t, "Accept-Language", languages);
            soft.assertThat(info.statusCode()).as("topic info with Accept-Language: %s (%s)", languages, info.body()).isEqualTo(200);
        }
        HttpResponse<String> page = http.get("", "Accept", "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2");
        soft.assertThat(page.statusCode()).as("demo page for HttpURLConnection's default Accept").isEqualTo(200);
        checkProblem(soft, "a type refused after a blank element", http.get("topics/" + t + "/events?since=0", "Accept", ", text/html"), 406);
        soft.assertAll();
    }

    /**
     * Java's {@code HttpClient} left to its defaults asks every plain-HTTP request to upgrade to
     * HTTP/2 ({@code Upgrade: h2c}); a server that does not speak it must serve the HTTP/1.1 request
     * it also is. On Payara (HTTP/2 off in Herald's preboot) Grizzly read the rest of the connection
     * as such a POST's body, and the publish hung until the client gave up.
     */
    @Test
    void aClientThatAsksForHttp2PublishesPollsAndReadsOnEveryServer() throws Exception {
        java.net.http.HttpClient defaults = java.net.http.HttpClient.newHttpClient();
        HttpResponse<String> published = defaults.send(HttpRequest.newBuilder(http.uri("topics/" + topic + "/events"))
                .timeout(ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"notice\",\"data\":{\"n\":1}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        long id = HeraldHttp.parseObject(published.body()).getJsonNumber("id").longValue();
        HttpResponse<String> history = defaults.send(HttpRequest.newBuilder(http.uri("topics/" + topic + "/events?since=0"))
                .timeout(ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(history.body()).contains("\"id\":" + id);
        HttpResponse<String> poll = defaults.send(HttpRequest.newBuilder(http.uri("topics/" + topic + "/poll?since=0&timeout=5"))
                .timeout(ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(poll.statusCode()).isEqualTo(200);
        assertThat(poll.body()).contains("\"id\":" + id);
        HttpResponse<String> text = defaults.send(HttpRequest.newBuilder(http.uri("topics/" + topic + "/events?type=t"))
                .timeout(ofSeconds(20)).header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x".repeat(20_000)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(text.statusCode()).as("a body larger than one read").isEqualTo(201);
    }

    /**
     * A refusal the JAX-RS runtime makes itself (no such path, a method the resource lacks) has the
     * same body on every server, and none echoes the request: RESTEasy's messages carried its codes
     * and the request's full path.
     */
    @Test
    void theRuntimesOwnRefusalsHaveOneBodyOnEveryServerAndEchoNothing() {
        HttpResponse<String> notAllowed = http.send(HttpRequest.newBuilder(http.uri("topics/" + topic + "/events"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(notAllowed.statusCode()).isEqualTo(405);
        assertThat(notAllowed.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Method Not Allowed\",\"status\":405,"
                + "\"detail\":\"HTTP 405 Method Not Allowed\"}");
        HttpResponse<String> notFound = http.get("topics/" + topic + "/no-such-thing-marker");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"HTTP 404 Not Found\"}");
    }

    private static void checkProblem(SoftAssertions soft, String what, HttpResponse<String> r, int status) {
        soft.assertThat(r.statusCode()).as(what + ": status (body " + abbreviate(r.body()) + ")").isEqualTo(status);
        soft.assertThat(r.headers().firstValue("Content-Type")).as(what + ": content type")
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            JsonObject problem = HeraldHttp.parseObject(r.body());
            soft.assertThat(problem.getInt("status", -1)).as(what + ": problem status").isEqualTo(status);
            soft.assertThat(problem.getString("title", "")).as(what + ": problem title").isNotBlank();
            soft.assertThat(problem.getString("detail", "")).as(what + ": problem detail").isNotBlank();
        }
    }

    private static String abbreviate(String s) {
        return s == null || s.length() < 200 ? s : s.substring(0, 200) + "...";
    }

    /**
     * The application serves the demo page at {@code /} and its assets itself (it is mapped at
     * {@code /*}), and nothing else of the WAR: descriptors and classes are unknown paths.
     */
    @Test
    void demoPageAndItsAssetsAreServedAndNothingElseOfTheWar() {
        HttpResponse<String> page = http.get("");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        assertThat(page.body()).contains("<title>Herald", "demo.js", "demo.css");
        assertThat(http.get("index.html").body()).isEqualTo(page.body());
        for (String asset : List.of("demo.js", "demo.css")) {
            HttpResponse<String> r = http.get(asset);
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            assertThat(r.body()).as(asset).isNotBlank();
        }
        assertThat(http.get("demo.css").headers().firstValue("Content-Type")).get().asString().startsWith("text/css");
        for (String hidden : List.of("WEB-INF/web.xml", "WEB-INF/classes/io/herald/web/HeraldApplication.class",
                "META-INF/MANIFEST.MF", "web.xml", "nothing.html")) {
            HttpResponse<String> r = http.get(hidden);
            assertThat(r.statusCode()).as(hidden).isEqualTo(404);
            assertThat(r.body()).as(hidden).doesNotContain("<web-app", "jakarta.ws.rs");
        }
    }

    // ---------------------------------------------------------------- a real browser

    /**
     * The demo page in headless Chromium: its three EventSources receive a publish; a dropped
     * panel catches up through {@code ?lastEventId}; and when the server side closes every stream
     * the browser reconnects by itself, sends {@code Last-Event-ID}, and the page shows the missed
     * events replayed. The page is loaded through a loopback relay so the test can close the
     * connections from the server side (Herald has no endpoint that closes streams).
     */
    @Test
    void browserDemoPageFansOutAndReplaysAfterServerClosesStream() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("herald.it.browser.skip"), "browser test skipped");
        Path shots = Path.of(System.getProperty("herald.it.screenshots", "target"));
        Duration deadline = DemoPage.pageDeadline();
        List<String> panels = List.of("a", "b", "c");
        String topic = "notifications-" + UUID.randomUUID().toString().substring(0, 6);
        try (TcpProxy proxy = new TcpProxy(base.getHost(), base.getPort()); DemoPage page = DemoPage.start()) {
            page.open("http://127.0.0.1:" + proxy.port() + base.getPath() + "?topic=" + topic + "&sleep=0");
            await("three panels open").atMost(deadline)
                    .until(() -> panels.stream().allMatch(p -> page.state(p).equals("open")));
            await("three streams on the server").atMost(deadline).until(() -> http.streams(topic) == 3);

            // 1. one publish from the page's box lands in all three panels
            page.publish("notice", "{\"headline\":\"Breaking: one publish, three subscribers\"}");
            await("publish answered").atMost(deadline).until(() -> page.text("publish-result").startsWith("published id"));
            long first = Long.parseLong(page.text("publish-result").replace("published id ", "").trim());
            await("fan-out to A, B, C").atMost(deadline).until(() ->
                    panels.stream().allMatch(p -> page.ids("events-" + p).equals(List.of(first))));
            await("long-poll view too").atMost(deadline).until(() -> page.ids("lp-events").contains(first));
            page.screenshot(shots.resolve("demo-first-publish" + screenshotSuffix() + ".png"));

            // 2. the demo's "drop connection" (sleeping laptop), then catch up with ?lastEventId
            page.clickDrop("b");
            await("B dropped").atMost(deadline).until(() -> page.state("b").startsWith("dropped"));
            await("B's stream released").atMost(deadline).until(() -> http.streams(topic) == 2);
            List<Long> whileAsleep = List.of(
                    http.publish(topic, "notice", "missed by B (1)"),
                    http.publish(topic, "notice", "missed by B (2)"));
            await("A and C got them").atMost(deadline).until(() ->
                    page.ids("events-a").containsAll(whileAsleep) && page.ids("events-c").containsAll(whileAsleep));
            page.clickDrop("b");   // "Reconnect now"
            await("B caught up, marked replayed").atMost(deadline).until(() ->
                    page.ids("events-b").equals(page.ids("events-a"))
                            && page.replayedIds("b").equals(whileAsleep));

            // 3. the server side closes every stream; the browser reconnects on its own
            long lastBeforeClose = whileAsleep.get(1);
            proxy.pause();
            proxy.cutAll();
            await("all three see the close").atMost(deadline)
                    .until(() -> panels.stream().allMatch(p -> page.state(p).equals("reconnecting")));
            List<Long> duringGap = List.of(
                    http.publish(topic, "notice", "published while disconnected (1)"),
                    http.publish(topic, "notice", "published while disconnected (2)"),
                    http.publish(topic, "alert", "published while disconnected (3)"));
            proxy.resume();
            await("every panel replayed the gap").atMost(deadline).until(() -> panels.stream().allMatch(p ->
                    page.ids("events-" + p).containsAll(duringGap)
                            && page.replayedIds(p).containsAll(duringGap)
                            && page.state(p).equals("open")));
            assertThat(proxy.requestHeads())
                    .as("the browser's own reconnect sent Last-Event-ID")
                    .anySatisfy(head -> assertThat(head)
                            .startsWith("GET " + base.getPath() + "topics/" + topic + "/stream")
                            .containsIgnoringCase("Last-Event-ID: " + lastBeforeClose));
            for (String p : List.of("a", "c")) {
                assertThat(page.connections(p)).as("panel %s reconnected once", p).isEqualTo(2);
            }

            // 4. live again: one more publish from the page reaches everyone; all counts equal
            page.publish("notice", "{\"headline\":\"Back live after the reconnect\"}");
            await("live after reconnect").atMost(deadline).until(() -> {
                List<Long> a = page.ids("events-a");
                return a.size() == 7 && a.equals(page.ids("events-b")) && a.equals(page.ids("events-c"));
            });
            await("long-poll view caught up").atMost(deadline)
                    .until(() -> page.ids("lp-events").containsAll(page.ids("events-a")));
            for (String p : panels) {
                assertThat(page.ids("events-" + p)).as("panel %s: each event once, in order", p)
                        .isSorted().doesNotHaveDuplicates().hasSize(7);
            }
            page.screenshot(shots.resolve("demo" + screenshotSuffix() + ".png"));
        }
    }
}
