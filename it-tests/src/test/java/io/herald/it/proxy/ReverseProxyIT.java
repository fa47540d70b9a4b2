package io.herald.it.proxy;

import static io.herald.it.proxy.NginxProxy.remove;
import static io.herald.it.proxy.NginxProxy.replace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.herald.it.cluster.RedisServer;
import io.herald.it.support.DemoPage;
import io.herald.it.support.HeraldHttp;
import io.herald.it.support.HeraldProcess;
import io.herald.testing.RawSseStream;
import jakarta.json.JsonArray;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Herald behind nginx running the documented {@code docs/nginx/herald.conf} (ports, certificate and
 * upstream servers filled in, nothing else changed), with TLS from a self-signed certificate made
 * for this run: two Herald nodes on a private Redis, {@code single} (an nginx whose upstream is node
 * A only) and {@code pair} (both nodes). Both nodes trust 127.0.0.1 (nginx) as a proxy and allow 12
 * streams per client. Variants of the file, with one setting removed or changed, show what each
 * setting is for; each is an nginx of its own, started where it is used.
 *
 * <p>The tests run in order; the last two stop a node (SIGTERM), then start it again and kill a node
 * (SIGKILL).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReverseProxyIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int PER_CLIENT = 12;
    private static final Path WORK = Path.of("target", "reverse-proxy-it");

    private static RedisServer redis;
    private static HeraldProcess nodeA;
    private static HeraldProcess nodeB;
    private static HeraldHttp directA;
    private static HeraldHttp directB;
    private static TestCertificate tls;
    private static NginxProxy single;
    private static NginxProxy pair;
    /** HTTP/2 over TLS (ALPN), verifying the test certificate. */
    private static HttpClient h2;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(WORK);
        tls = TestCertificate.create(WORK.resolve("tls"));
        redis = new RedisServer(WORK);
        redis.start();
        Map<String, String> props = Map.of(
                "herald.auth.dev-mode", "true",
                "herald.transport", "redis",
                "herald.redis.uri", redis.uri(),
                "herald.redis.key-prefix", "proxy-it-" + UUID.randomUUID().toString().substring(0, 8) + ":",
                "herald.limit.trusted-proxies", "127.0.0.1",
                "herald.limit.streams-per-client", Integer.toString(PER_CLIENT),
                "herald.sse.keepalive-seconds", "2",
                "herald.replay.size", "1000");
        nodeA = new HeraldProcess("proxy-node-a", WORK, props).start();
        nodeB = new HeraldProcess("proxy-node-b", WORK, props).start();
        nodeA.awaitReady(HeraldProcess.BOOT);
        nodeB.awaitReady(HeraldProcess.BOOT);
        directA = new HeraldHttp(nodeA.base());
        directB = new HeraldHttp(nodeB.base());
        single = proxy("single", List.of(nodeA.uri()), UnaryOperator.identity());
        pair = proxy("pair", List.of(nodeA.uri(), nodeB.uri()), UnaryOperator.identity());
        h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls.trusting())
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static NginxProxy proxy(String name, List<URI> nodes, UnaryOperator<String> variant) {
        return new NginxProxy(name, WORK, tls.certificate(), tls.key(), nodes, variant).start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {single, pair, nodeA, nodeB, redis}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep stopping the others
            }
        }
    }

    @AfterEach
    void closeClients() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        open.clear();
        // every client of the test is gone from the nodes still running, so the next test starts clean
        for (HeraldProcess node : List.of(nodeA, nodeB)) {
            if (node.isAlive()) {
                HeraldHttp http = node == nodeA ? directA : directB;
                await("subscribers gone from " + node.name).atMost(DEADLINE).until(() -> subscribersOn(http) == 0);
            }
        }
    }

    private static final Pattern SUBSCRIBERS = Pattern.compile("(?m)^herald_subscribers\\{[^}]*\\}\\s+([0-9.eE+]+)");

    /** Open streams and waiting polls on a node, all topics (its metrics). */
    private static long subscribersOn(HeraldHttp node) {
        Matcher m = SUBSCRIBERS.matcher(node.get("metrics?scope=application").body());
        long sum = 0;
        int found = 0;
        while (m.find()) {
            sum += (long) Double.parseDouble(m.group(1));
            found++;
        }
        assertThat(found).as("herald_subscribers in the metrics").isEqualTo(2);
        return sum;
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private static String topic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static HttpResponse<String> publish(NginxProxy via, String topic, String text) {
        try {
            return h2.send(HttpRequest.newBuilder(via.https().resolve("topics/" + topic + "/events"))
                    .header("Content-Type", "text/plain; charset=UTF-8").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long published(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return HeraldHttp.parseObject(response.body()).getJsonNumber("id").longValue();
    }

    private static HttpResponse<String> get(NginxProxy via, String relative) throws Exception {
        return h2.send(HttpRequest.newBuilder(via.https().resolve(relative)).timeout(Duration.ofSeconds(90)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private RawSseStream stream(NginxProxy via, String relative, String... headers) {
        RawSseStream s = keep(RawSseStream.open(h2, via.https().resolve(relative), headers));
        assertThat(s.status()).isEqualTo(200);
        await().atMost(DEADLINE).until(() -> !s.retries().isEmpty());
        return s;
    }

    private TlsClient tlsStream(String source, NginxProxy via, String relative, String... headers) throws IOException {
        return keep(TlsClient.get(tls.trusting(), source, via.httpsPort, "/" + relative, headers));
    }

    /** The value of a directive in the location block of the documented file, in seconds. */
    private static int documentedSeconds(String directive) throws IOException {
        Matcher m = Pattern.compile("(?m)^\\s*" + directive + "\\s+(\\d+)s;").matcher(Files.readString(NginxProxy.documentedConfig()));
        assertThat(m.find()).as(directive + " in docs/nginx/herald.conf").isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    @Order(1)
    void theDocumentedFileServesHttp2OverTlsAndStreamsEachPublishAtOnce() throws Exception {
        String topic = topic("h2");
        RawSseStream s = stream(single, "topics/" + topic + "/stream");
        assertThat(s.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<Long> millis = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = publish(single, topic, "event " + i);
            assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
            ids.add(published(answer));
            int expected = i + 1;
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(2)).until(() -> s.ids().size() >= expected);
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        assertThat(s.ids()).containsExactlyElementsOf(ids);
        assertThat(s.frames().get(0).data()).isEqualTo("event 0");
        // the stream lives on idle across several keepalives (2 s apart here): no proxy timeout cuts it
        int before = s.comments().size();
        await().atMost(DEADLINE).until(() -> s.comments().size() >= before + 3);
        assertThat(s.ended()).isFalse();
        System.out.printf("[proxy] publish (HTTP/2 through nginx) until the event arrived on an HTTP/2 stream"
                + " through nginx, ms: %s%n", millis);

        // the same through HTTP/1.1 over TLS
        TlsClient h1 = tlsStream("127.0.0.1", single, "topics/" + topic + "/stream");
        h1.readUntil("retry:", DEADLINE);
        long next = published(publish(single, topic, "for HTTP/1.1"));
        assertThat(h1.readUntil("id: " + next + "\n", DEADLINE)).startsWith("HTTP/1.1 200").contains("data: for HTTP/1.1");

        // nginx spoke HTTP/2 to this client and chunked HTTP/1.1 to Herald
        s.close();
        await().atMost(DEADLINE).until(() -> single.accessLog().stream()
                .anyMatch(a -> a.request().equals("GET /topics/" + topic + "/stream") && a.protocol().equals("HTTP/2.0")));
        NginxProxy.Access streamed = single.accessLog().stream()
                .filter(a -> a.request().equals("GET /topics/" + topic + "/stream")).findFirst().orElseThrow();
        assertThat(streamed.status()).isEqualTo(200);
        assertThat(streamed.upstreamTransferEncoding()).isEqualTo("chunked");
    }

    @Test
    @Order(2)
    void aStreamResumedWithLastEventIdThroughTheProxyGetsExactlyWhatItMissed() {
        String topic = topic("resume");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(published(publish(single, topic, "e" + i)));
        }
        RawSseStream byHeader = stream(single, "topics/" + topic + "/stream", "Last-Event-ID", ids.get(1).toString());
        RawSseStream byQuery = stream(pair, "topics/" + topic + "/stream?lastEventId=" + ids.get(2));
        long live = published(publish(pair, topic, "live"));
        await().atMost(DEADLINE).until(() -> byHeader.ids().size() >= 4 && byQuery.ids().size() >= 3);
        assertThat(byHeader.ids()).containsExactly(ids.get(2), ids.get(3), ids.get(4), live);
        assertThat(byQuery.ids()).containsExactly(ids.get(3), ids.get(4), live);
        assertThat(byHeader.frames()).noneMatch(f -> "reset".equals(f.event()));
    }

    @Test
    @Order(3)
    void aLongPollWaitsThroughTheProxyAndItsTimeoutsFitTheDocumentedReadTimeout() throws Exception {
        String topic = topic("poll");
        long since = published(publish(single, topic, "old"));
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return get(single, "topics/" + topic + "/poll?since=" + since + "&timeout=30");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(DEADLINE).until(() -> directA.topicInfo(topic).getInt("polls") == 1);
        long fresh = published(publish(single, topic, "wake"));
        HttpResponse<String> answer = waiting.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonArray events = HeraldHttp.parseArray(answer.body());
        assertThat(events).hasSize(1);
        assertThat(events.getJsonObject(0).getJsonNumber("id").longValue()).isEqualTo(fresh);

        // a poll that times out is Herald's 204, not nginx's 504
        HttpResponse<String> empty = get(single, "topics/" + topic + "/poll?since=" + fresh + "&timeout=3");
        assertThat(empty.statusCode()).isEqualTo(204);
        // the file's read timeout exceeds Herald's defaults for the longest poll and the keepalive
        assertThat(documentedSeconds("proxy_read_timeout")).isGreaterThan(120).isGreaterThan(15);
        assertThat(documentedSeconds("send_timeout")).isGreaterThan(15);
    }

    @Test
    @Order(4)
    void thePerClientLimitCountsEachClientBehindTheProxyNotTheProxy() throws Exception {
        String topic = topic("limit");
        for (int i = 0; i < PER_CLIENT; i++) {
            TlsClient c = tlsStream("127.0.0.2", single, "topics/" + topic + "/stream");
            assertThat(c.readUntil("retry:", DEADLINE)).startsWith("HTTP/1.1 200");
        }
        TlsClient over = tlsStream("127.0.0.2", single, "topics/" + topic + "/stream");
        assertThat(over.readUntil("\r\n\r\n", DEADLINE)).startsWith("HTTP/1.1 429")
                .containsIgnoringCase("Herald-Limit: herald.limit.streams-per-client");
        // an X-Forwarded-For the client writes itself changes nothing: nginx appends the real address
        TlsClient spoofed = tlsStream("127.0.0.2", single, "topics/" + topic + "/stream",
                "X-Forwarded-For", "198.51.100.7");
        assertThat(spoofed.readUntil("\r\n\r\n", DEADLINE)).startsWith("HTTP/1.1 429");
        // another client, through the same nginx, still gets its streams
        TlsClient other = tlsStream("127.0.0.3", single, "topics/" + topic + "/stream");
        assertThat(other.readUntil("retry:", DEADLINE)).startsWith("HTTP/1.1 200");
        assertThat(directA.streams(topic)).isEqualTo(PER_CLIENT + 1);
    }

    @Test
    @Order(5)
    void withoutForwardedForEveryClientIsTheProxyAndOneClientLocksOutAllOthers() throws Exception {
        try (NginxProxy noXff = proxy("no-x-forwarded-for", List.of(nodeA.uri()),
                remove("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;"))) {
            String topic = topic("noxff");
            for (int i = 0; i < PER_CLIENT; i++) {
                TlsClient c = tlsStream("127.0.0.2", noXff, "topics/" + topic + "/stream");
                assertThat(c.readUntil("retry:", DEADLINE)).startsWith("HTTP/1.1 200");
            }
            TlsClient other = tlsStream("127.0.0.3", noXff, "topics/" + topic + "/stream");
            assertThat(other.readUntil("\r\n\r\n", DEADLINE)).startsWith("HTTP/1.1 429");
        }
    }

    @Test
    @Order(6)
    void eventsAreNotBufferedByNginxThanksToHeraldsHeaderOrTheFilesBufferingOff() throws Exception {
        String topic = topic("buffer");
        try (NginxProxy withoutLine = proxy("buffering-default", List.of(nodeA.uri()), remove("proxy_buffering off;"));
             NginxProxy headerIgnored = proxy("buffering-header-ignored", List.of(nodeA.uri()),
                     replace("proxy_buffering off;", "proxy_ignore_headers X-Accel-Buffering;"));
             NginxProxy fileWithHeaderIgnored = proxy("buffering-off-header-ignored", List.of(nodeA.uri()),
                     replace("proxy_buffering off;", "proxy_buffering off; proxy_ignore_headers X-Accel-Buffering;"))) {
            String path = "topics/" + topic + "/stream";
            TlsClient asDocumented = tlsStream("127.0.0.1", single, path);
            TlsClient onHeaderAlone = tlsStream("127.0.0.1", withoutLine, path);
            TlsClient onLineAlone = tlsStream("127.0.0.1", fileWithHeaderIgnored, path);
            TlsClient buffered = tlsStream("127.0.0.1", headerIgnored, path);
            for (TlsClient c : List.of(asDocumented, onHeaderAlone, onLineAlone)) {
                c.readUntil("retry:", DEADLINE);
            }
            await().atMost(DEADLINE).until(() -> directA.streams(topic) == 4);
            long id = published(publish(single, topic, "now"));
            String marker = "id: " + id + "\n";
            for (TlsClient c : List.of(asDocumented, onHeaderAlone, onLineAlone)) {
                assertThat(c.readUntil(marker, Duration.ofSeconds(5))).contains(marker);
            }
            // buffering on and Herald's header ignored: 3 s after the others had the event, this
            // HTTP/1.1 client has nothing, not even the response head
            assertThat(buffered.readUntil(marker, Duration.ofSeconds(3))).isEmpty();
        }
    }

    @Test
    @Order(7)
    void withoutHttp11AndAnEmptyConnectionHeaderUpstreamStreamsAreNotChunkedAndConnectionsAreNotReused() throws Exception {
        try (NginxProxy http10 = proxy("upstream-http-1.0", List.of(nodeA.uri()), remove("proxy_http_version 1.1;"));
             NginxProxy connectionClose = proxy("upstream-connection-close", List.of(nodeA.uri()),
                     remove("proxy_set_header Connection \"\";"))) {
            String topic = topic("upstream");
            for (NginxProxy via : List.of(single, http10, connectionClose)) {
                RawSseStream s = stream(via, "topics/" + topic + "/stream");
                long id = published(publish(via, topic, via.name));
                await().atMost(DEADLINE).until(() -> s.ids().contains(id));
                s.close();
                await().atMost(DEADLINE).until(() -> via.accessLog().stream()
                        .anyMatch(a -> a.request().equals("GET /topics/" + topic + "/stream")));
            }
            NginxProxy.Access documentedStream = access(single, "GET /topics/" + topic + "/stream");
            NginxProxy.Access documentedPublish = access(single, "POST /topics/" + topic + "/events");
            assertThat(documentedStream.upstreamTransferEncoding()).isEqualTo("chunked");
            assertThat(documentedPublish.upstreamConnection()).isNotEqualToIgnoringCase("close");

            // HTTP/1.0 upstream: no chunked encoding, so Herald takes its slower servlet write path
            assertThat(access(http10, "GET /topics/" + topic + "/stream").upstreamTransferEncoding()).isEqualTo("-");
            // nginx's default "Connection: close": Herald closes the connection after every request
            assertThat(access(connectionClose, "POST /topics/" + topic + "/events").upstreamConnection())
                    .isEqualToIgnoringCase("close");
            System.out.printf("[proxy] upstream answers: documented %s / %s; HTTP/1.0 %s / %s; Connection close %s / %s%n",
                    documentedStream, documentedPublish, access(http10, "GET /topics/" + topic + "/stream"),
                    access(http10, "POST /topics/" + topic + "/events"),
                    access(connectionClose, "GET /topics/" + topic + "/stream"),
                    access(connectionClose, "POST /topics/" + topic + "/events"));
        }
    }

    private static NginxProxy.Access access(NginxProxy via, String request) {
        return via.accessLog().stream().filter(a -> a.request().equals(request)).findFirst()
                .orElseThrow(() -> new AssertionError(via.name + " did not log " + request));
    }

    @Test
    @Order(8)
    void aReadTimeoutShorterThanTheKeepaliveOrThePollCutsStreamsAndPolls() throws Exception {
        // Herald's keepalive is 2 s here; this nginx waits 1 s for upstream bytes
        try (NginxProxy short1s = proxy("read-timeout-1s", List.of(nodeA.uri()),
                replace("proxy_read_timeout 150s;", "proxy_read_timeout 1s;"))) {
            String topic = topic("timeout");
            long start = System.nanoTime();
            TlsClient cut = tlsStream("127.0.0.1", short1s, "topics/" + topic + "/stream");
            cut.readUntil("never sent", Duration.ofSeconds(20));
            assertThat(cut.ended()).as("stream ended by nginx").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            TlsClient poll = tlsStream("127.0.0.1", short1s, "topics/" + topic + "/poll?since=0&timeout=3",
                    "Accept", "application/json");
            assertThat(poll.readUntil("\r\n\r\n", DEADLINE)).startsWith("HTTP/1.1 504");
            assertThat(short1s.errorLog()).contains("upstream timed out");
        }
    }

    @Test
    @Order(9)
    void operatorEndpointsAreNotReachableThroughTheProxy() throws Exception {
        for (String path : List.of("health/ready", "metrics?scope=application", "openapi")) {
            assertThat(get(single, path).statusCode()).as(path).isEqualTo(403);
            assertThat(directA.get(path).statusCode()).as(path + " on the node").isEqualTo(200);
        }
        // the plain-HTTP port only redirects to HTTPS
        HttpResponse<String> redirect = HttpClient.newHttpClient().send(HttpRequest.newBuilder(single.http()
                .resolve("topics/x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("location")).hasValueSatisfying(l -> assertThat(l).startsWith("https://"));
    }

    @Test
    @Order(10)
    void aBrowserHoldsTenStreamsOnOneOriginOverHttp2WhereHttp11StallsAfterSix() throws Exception {
        assumeFalse(Boolean.getBoolean("herald.it.browser.skip"), "browser test skipped");
        String topic = topic("browser");
        int n = 10;
        try (DemoPage browser = DemoPage.start("--ignore-certificate-errors")) {
            JavascriptExecutor js = (JavascriptExecutor) browser.driver();
            browser.open(single.https().resolve("topics/" + topic).toString());
            assertThat(js.executeScript("return performance.getEntriesByType('navigation')[0].nextHopProtocol"))
                    .isEqualTo("h2");
            openEventSources(js, "/topics/" + topic + "/stream", n);
            await().atMost(DEADLINE).until(() -> openCount(js) == n);
            await().atMost(DEADLINE).until(() -> directA.streams(topic) == n);
            // a publish from the page itself still gets through, next to its ten streams
            js.executeScript("window.pub = 0; fetch('/topics/" + topic + "/events', {method: 'POST',"
                    + " headers: {'Content-Type': 'text/plain'}, body: 'from the page'}).then(r => window.pub = r.status);");
            await().atMost(DEADLINE).until(() -> ((Number) js.executeScript("return window.pub")).intValue() == 201);
            long second = published(publish(single, topic, "from java"));
            await().atMost(DEADLINE).until(() -> received(js).stream().allMatch(ids -> ids.contains(second)));
            assertThat(received(js)).allSatisfy(ids -> assertThat(ids).hasSize(2).endsWith(second));

            // the same page straight against Herald (HTTP/1.1): six streams, the others wait for a connection
            String direct = topic("browser-http11");
            js.executeScript("window.sources.forEach(s => s.close())");
            await().atMost(DEADLINE).until(() -> directA.streams(topic) == 0);
            browser.open(nodeA.uri().resolve("topics/" + direct).toString());
            openEventSources(js, "/topics/" + direct + "/stream", n);
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(List.of(openCount(js), (long) directA.streams(direct)))
                    .as("EventSources open in the page, streams on the node; ready states %s",
                            js.executeScript("return window.sources.map(s => s.readyState)"))
                    .containsExactly(6L, 6L));
            long id = published(publish(single, direct, "only six"));
            await().atMost(DEADLINE).until(() -> received(js).stream().filter(ids -> ids.contains(id)).count() == 6);
            assertThat(openCount(js)).isEqualTo(6);
            assertThat(directA.streams(direct)).isEqualTo(6);
            browser.screenshot(Path.of(System.getProperty("herald.it.screenshots", "target"), "reverse-proxy.png"));
        }
        // all ten streams came over one HTTP/2 connection
        await().atMost(DEADLINE).until(() -> single.accessLog().stream()
                .filter(a -> a.request().equals("GET /topics/" + topic + "/stream")).count() == n);
        List<NginxProxy.Access> streams = single.accessLog().stream()
                .filter(a -> a.request().equals("GET /topics/" + topic + "/stream")).toList();
        assertThat(streams).allMatch(a -> a.protocol().equals("HTTP/2.0") && a.status() == 200);
        assertThat(streams.stream().map(NginxProxy.Access::connection).distinct()).hasSize(1);
    }

    private static void openEventSources(JavascriptExecutor js, String url, int n) {
        js.executeScript("""
                window.sources = []; window.got = [];
                for (let i = 0; i < arguments[1]; i++) {
                  const rec = {ids: [], resets: 0, errors: 0};
                  const es = new EventSource(arguments[0]);
                  es.onmessage = e => rec.ids.push(Number(e.lastEventId));
                  es.addEventListener('reset', () => rec.resets++);
                  es.onerror = () => rec.errors++;
                  window.sources.push(es); window.got.push(rec);
                }""", url, n);
    }

    private static long openCount(JavascriptExecutor js) {
        return ((Number) js.executeScript("return window.sources.filter(s => s.readyState === 1).length")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<List<Long>> received(JavascriptExecutor js) {
        List<List<Object>> raw = (List<List<Object>>) js.executeScript("return window.got.map(r => r.ids)");
        return raw.stream().map(l -> l.stream().map(o -> ((Number) o).longValue()).toList()).toList();
    }

    @Test
    @Order(11)
    void browserStreamsAndAPollerWhoseNodeStopsReconnectThroughTheProxyToTheOtherAndMissNothing() throws Exception {
        failover("failover", null);
    }

    @Test
    @Order(12)
    void browserStreamsAndAPollerWhoseNodeIsKilledReconnectThroughTheProxyToTheOtherAndMissNothing() throws Exception {
        assumeFalse(Boolean.getBoolean("herald.it.browser.skip"), "browser test skipped");
        // the node the previous test stopped starts again on its port; the other one, which stayed up, is killed
        HeraldProcess restarted = nodeA.isAlive() ? nodeB : nodeA;
        assertThat(restarted.isAlive()).isFalse();
        restarted.start(HeraldProcess.BOOT);
        failover("crash", restarted == nodeA ? nodeB : nodeA);
    }

    /**
     * A page with 4 EventSources and a long-poll loop through {@code pair} while events are
     * published through it; the node holding most of the streams is stopped (SIGTERM), or
     * {@code kill} is killed (SIGKILL); every client must end with exactly the topic's history.
     */
    private void failover(String prefix, HeraldProcess kill) throws Exception {
        boolean crash = kill != null;
        assumeFalse(Boolean.getBoolean("herald.it.browser.skip"), "browser test skipped");
        String topic = topic(prefix);
        int n = 4;
        List<Long> acknowledged = new CopyOnWriteArrayList<>();
        List<Long> polled = new CopyOnWriteArrayList<>();
        List<Integer> otherStatuses = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (DemoPage browser = DemoPage.start("--ignore-certificate-errors")) {
            JavascriptExecutor js = (JavascriptExecutor) browser.driver();
            browser.open(pair.https().resolve("topics/" + topic).toString());
            openEventSources(js, "/topics/" + topic + "/stream", n);
            await().atMost(DEADLINE).until(() -> openCount(js) == n
                    && directA.streams(topic) + directB.streams(topic) == n);
            int onA = directA.streams(topic);
            HeraldProcess victim = crash ? kill : onA >= n - onA ? nodeA : nodeB;
            // round robin gives each node some of the streams (nginx takes no node out: max_fails=0)
            assertThat(victim == nodeA ? onA : n - onA).as("streams on " + victim.name).isPositive();
            HeraldHttp survivor = victim == nodeA ? directB : directA;
            System.out.printf("[proxy] %s: %d of %d browser streams on node A, %d on node B; %s %s%n",
                    prefix, onA, n, n - onA, crash ? "killing" : "stopping", victim.name);

            Thread publisher = new Thread(() -> {
                int i = 0;
                while (!stop.get()) {
                    try {
                        HttpResponse<String> r = publish(pair, topic, "n" + i++);
                        if (r.statusCode() == 201) {
                            acknowledged.add(HeraldHttp.parseObject(r.body()).getJsonNumber("id").longValue());
                        } else {
                            otherStatuses.add(r.statusCode()); // a client would retry
                            System.out.printf("[proxy] " + prefix + ": a publish answered %d %s: %s%n", r.statusCode(),
                                    r.headers().map(), r.body());
                        }
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        otherStatuses.add(-1);
                    }
                }
            }, "proxy-publisher");
            Thread poller = new Thread(() -> {
                long since = 0;
                while (!stop.get()) {
                    try {
                        HttpResponse<String> r = get(pair, "topics/" + topic + "/poll?since=" + since + "&timeout=5");
                        if (r.statusCode() == 200) {
                            for (var v : HeraldHttp.parseArray(r.body())) {
                                since = v.asJsonObject().getJsonNumber("id").longValue();
                                polled.add(since);
                            }
                        } else if (r.statusCode() != 204) {
                            otherStatuses.add(1000 + r.statusCode());
                            System.out.printf("[proxy] " + prefix + ": a poll answered %d: %s%n", r.statusCode(), r.body());
                            Thread.sleep(200);
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        otherStatuses.add(-2);
                    }
                }
            }, "proxy-poller");
            publisher.start();
            poller.start();
            try {
                await().atMost(DEADLINE).until(() -> received(js).stream().allMatch(ids -> ids.size() >= 5));
                if (crash) {
                    ProcessHandle.of(victim.pid()).ifPresent(p -> {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    });
                    assertThat(victim.awaitExit(DEADLINE)).isTrue();
                } else {
                    victim.stop();
                }
                int ackedAtStop = acknowledged.size();
                await().atMost(DEADLINE).until(() -> survivor.streams(topic) == n && openCount(js) == n);
                await().atMost(DEADLINE).until(() -> acknowledged.size() >= ackedAtStop + 10);
            } finally {
                stop.set(true);
                publisher.join();
                poller.join(TimeUnit.SECONDS.toMillis(10));
            }
            List<Long> history = HeraldHttp.parseArray(survivor.get("topics/" + topic + "/events?since=0").body())
                    .stream().map(v -> v.asJsonObject().getJsonNumber("id").longValue()).toList();
            assertThat(history).containsAll(acknowledged).isSorted().doesNotHaveDuplicates();
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(received(js))
                    .as("ids per EventSource; ready states %s, errors %s",
                            js.executeScript("return window.sources.map(s => s.readyState)"),
                            js.executeScript("return window.got.map(r => r.errors)"))
                    .allSatisfy(ids -> assertThat(ids).containsExactlyElementsOf(history)));
            assertThat((List<?>) js.executeScript("return window.got.map(r => r.resets)")).allMatch(r -> ((Number) r).intValue() == 0);
            await().atMost(DEADLINE).until(() -> polled.size() >= history.size());
            assertThat(polled).containsExactlyElementsOf(history);
            assertThat(otherStatuses).as("poller: only 200 and 204").noneMatch(status -> status >= 1000 || status == -2);
            List<String> passedOn = pair.accessLog().stream()
                    .filter(a -> a.request().contains(topic) && a.upstreamStatus().contains(","))
                    .map(a -> a.request() + " " + a.upstreamStatus()).toList();
            System.out.printf("[proxy] " + prefix + ": %d events, %d publishes acknowledged, other answers %s;"
                    + " %d requests nginx passed on to the next node: %s%n", history.size(), acknowledged.size(),
                    otherStatuses, passedOn.size(), passedOn);
        }
    }
}
