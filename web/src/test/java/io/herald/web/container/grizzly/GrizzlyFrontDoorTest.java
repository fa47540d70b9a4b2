package io.herald.web.container.grizzly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.api.Event;
import io.herald.testing.ChunkedBody;
import io.herald.web.container.DirectAnswer;
import io.herald.web.container.DirectExchange;
import io.herald.web.container.DirectLane;
import io.herald.web.container.DirectStreamChannel;
import io.herald.web.container.DisconnectWatch;
import io.herald.web.container.FrameChannel;
import io.herald.web.sse.SseFrame;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.threadpool.Threads;
import static org.assertj.core.api.Assertions.tuple;

import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The direct lane's front door against a real Grizzly HTTP server (the version Payara Micro ships)
 * and raw sockets. An ordinary {@link HttpHandler} plays the container: it answers every request
 * it gets with {@code container:<path>}, and the first request it serves opens the lane
 * ({@link GrizzlyDirectLanes#open}), as Herald's first request does on Payara. The {@link TestLane}
 * answers {@code /direct/now} at once, suspends {@code /direct/wait} until the test answers it,
 * opens an event stream on {@code /direct/stream}, and declines everything else.
 */
class GrizzlyFrontDoorTest {

    private static final String NOW_BODY = "{\"direct\":\"now\"}";
    private static final String UNREADABLE_BODY = "{\"status\":400}";
    private static final String WAIT_BODY = "{\"direct\":\"waited\"}";
    private static final Map<String, String> STREAM_HEAD;

    static {
        Map<String, String> head = new LinkedHashMap<>();
        head.put("Connection", "close");
        head.put("Cache-Control", "no-cache");
        head.put("Content-Type", "text/event-stream");
        STREAM_HEAD = java.util.Collections.unmodifiableMap(head);
    }

    /** The first frame every direct stream here opens with, and how it must reach the client: the body's first chunk. */
    private static final SseFrame RETRY = SseFrame.retry(Duration.ofMillis(1500));
    private static final String RETRY_CHUNK = chunk("retry: 1500\n\n");

    private HttpServer server;
    private TCPNIOTransport transport;
    private int port;
    private final TestLane lane = new TestLane();
    /** Set: the next request the container serves opens the lane. */
    private final AtomicBoolean openOnNextRequest = new AtomicBoolean(true);
    private final AtomicReference<AutoCloseable> openLane = new AtomicReference<>();
    /** Every request the container served, in order. */
    private final List<Seen> container = new CopyOnWriteArrayList<>();
    private final List<Client> clients = new ArrayList<>();

    /** What the container was asked. */
    private record Seen(String method, String path, String query, String protocol, String testHeader, String body,
                        String thread) {
    }

    @BeforeEach
    void start() throws IOException {
        server = new HttpServer();
        NetworkListener listener = new NetworkListener("door", "127.0.0.1", 0);
        listener.getKeepAlive().setIdleTimeoutInSeconds(30); // no idle close while a test runs
        // one selector thread: every connection is served on it, so what one request leaves in
        // the thread's caches (Grizzly recycles its contexts per thread) meets the next ones
        listener.getTransport().setSelectorRunnersCount(1);
        configure(listener.getTransport());
        lane.mayWait = laneOffersMayWait();
        server.addListener(listener);
        server.getServerConfiguration().addHttpHandler(new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws Exception {
                if (openOnNextRequest.getAndSet(false)) {
                    AutoCloseable opened = GrizzlyDirectLanes.open(response, lane);
                    assertThat(opened).as("lane opened").isNotNull();
                    openLane.set(opened);
                }
                // (an upgrade request's "body" is the connection's bytes until it ends: not read)
                String body = request.getContentLength() > 0
                        ? new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
                container.add(new Seen(request.getMethod().getMethodString(), request.getRequestURI(),
                        request.getQueryString(), request.getProtocol().getProtocolString(), request.getHeader("X-Test"), body,
                        Thread.currentThread().getName()));
                byte[] answer = ("container:" + request.getRequestURI()).getBytes(StandardCharsets.UTF_8);
                response.setContentType("text/plain");
                response.setContentLength(answer.length);
                response.getOutputStream().write(answer);
            }
        }, "/");
        server.start();
        transport = listener.getTransport();
        port = listener.getPort();
    }

    /**
     * The listener's transport before it starts. Grizzly's defaults here: requests read on the
     * selector threads (its same-thread strategy, which Herald's Payara preboot sets too), the
     * container's handler run on its worker threads.
     */
    void configure(TCPNIOTransport transport) {
    }

    /** Whether the lane says its offers may wait on a round trip (a cluster's hub). */
    boolean laneOffersMayWait() {
        return false;
    }

    /** Whether offers of this class's lane are expected on the selector thread that read them. */
    boolean offersExpectedOnSelector() {
        return true;
    }

    @AfterEach
    void stop() throws Exception {
        for (Client client : clients) {
            client.close();
        }
        AutoCloseable lane = openLane.get();
        if (lane != null) {
            lane.close();
        }
        server.shutdownNow();
    }

    // --- 1. what the door does not take

    @Test
    void requestsTheDoorMustNotOfferReachTheContainerUnchangedAndADirectAnswerNeverDoes() throws Exception {
        openTheLane();
        int offeredBefore = lane.offers.get();

        Client post = connect();
        post.send("POST /direct/now?a=1 HTTP/1.1\r\nHost: localhost\r\nX-Test: post\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 5\r\n\r\nhello");
        assertContainerAnswer(post.read(), "/direct/now");

        Client head = connect();
        head.send("HEAD /direct/now HTTP/1.1\r\nHost: localhost\r\nX-Test: head\r\n\r\n");
        Reply headReply = head.readHeadOnly();
        assertThat(headReply.status()).isEqualTo(200);
        assertThat(headReply.header("Content-Type")).startsWith("text/plain"); // the container's, not the lane's JSON

        Client http10 = connect();
        http10.send("GET /direct/now HTTP/1.0\r\nHost: localhost\r\nX-Test: http10\r\n\r\n");
        assertContainerAnswer(http10.read(), "/direct/now");


        // Grizzly's codec refuses a GET with a body before either sees it, as it does without the lane
        Client getWithBody = connect();
        getWithBody.send("GET /direct/now HTTP/1.1\r\nHost: localhost\r\nX-Test: body\r\nContent-Length: 4\r\n\r\nbody");
        Reply refused = getWithBody.read();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).doesNotContain(NOW_BODY);

        Client declined = connect();
        declined.send("GET /elsewhere?x=1&y=%20 HTTP/1.1\r\nHost: localhost\r\nX-Test: declined\r\n\r\n");
        assertContainerAnswer(declined.read(), "/elsewhere");

        Client direct = connect();
        direct.send(get("/direct/now"));
        assertDirectNow(direct.read());

        assertThat(container).as("what the container was asked, as sent")
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("thread").containsExactly(
                new Seen("GET", "/open", null, "HTTP/1.1", null, "", null),
                new Seen("POST", "/direct/now", "a=1", "HTTP/1.1", "post", "hello", null),
                new Seen("HEAD", "/direct/now", null, "HTTP/1.1", "head", "", null),
                new Seen("GET", "/direct/now", null, "HTTP/1.0", "http10", "", null),
                new Seen("GET", "/elsewhere", "x=1&y=%20", "HTTP/1.1", "declined", "", null));
        assertThat(lane.offers.get() - offeredBefore).as("offered: the declined GET and the direct one only").isEqualTo(2);
        assertThat(lane.declinedPaths).containsExactly("/elsewhere");
    }

    // --- 1a. upgrades no filter here takes: served as the HTTP/1.1 requests they also are

    @Test
    void aRequestToUpgradeToAProtocolNothingHereSpeaksIsServedAsPlainHttpItsBodyFramedByItsLength() throws Exception {
        openTheLane();
        assertThat(GrizzlyFrontDoor.upgradesTakenBy(transport.getProcessor() instanceof FilterChain chain ? chain : null))
                .as("this listener takes no upgrade").isEmpty();
        Client client = connect();
        // Java's HttpClient asks for h2c on every plain-HTTP request; Grizzly's codec then read the rest of the
        // connection as the POST's body and it waited for ever; behind it on the same connection, a GET and a POST
        client.send("POST /elsewhere/publish HTTP/1.1\r\nHost: localhost\r\nX-Test: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /direct/now HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
                + "POST /elsewhere/again HTTP/1.1\r\nHost: localhost\r\nX-Test: foo\r\nUpgrade: foo/2, bar\r\n"
                + "Content-Length: 3\r\n\r\nabc");
        assertContainerAnswer(client.read(), "/elsewhere/publish");
        assertDirectNow(client.read());
        assertContainerAnswer(client.read(), "/elsewhere/again");
        assertThat(container).filteredOn(seen -> seen.path().startsWith("/elsewhere/"))
                .extracting(Seen::method, Seen::path, Seen::body)
                .containsExactly(tuple("POST", "/elsewhere/publish", "hello"), tuple("POST", "/elsewhere/again", "abc"));
    }

    @Test
    void theUpgradesAListenerTakesAreReadFromItsFilters() {
        FilterChain chain = FilterChainBuilder.stateless().add(new TransportFilter()).add(new FakeWebSocketFilter())
                .add(new FakeHttp2ServerFilter()).build();
        assertThat(GrizzlyFrontDoor.upgradesTakenBy(chain)).containsExactly("h2c", "websocket");
        assertThat(GrizzlyFrontDoor.upgradesTakenBy(FilterChainBuilder.stateless().add(new TransportFilter()).build())).isEmpty();
    }

    /** Stand-ins named as Grizzly's WebSocket and HTTP/2 filters are. */
    private static final class FakeWebSocketFilter extends BaseFilter {
    }

    private static final class FakeHttp2ServerFilter extends BaseFilter {
    }

    // --- 1b. what no one can read: Catalina answered these with an empty 200 after failing to decode them

    @ParameterizedTest
    @ValueSource(strings = {"GET /topics/a%zz/stream HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /direct/now%4 HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /% HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n",
            "HEAD /x%g0 HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /x%zz HTTP/1.0\r\nHost: localhost\r\n\r\n",
            "POST /topics/a%zz/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
            "POST /topics/a%%/events HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "DELETE /a%z HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /direct/now%C3%28 HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /topics/a/events/. HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /topics/a/stream/..?lastEventId=1 HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "POST /topics/a/events/. HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello"})
    void aPathGrizzlysDecoderFailsOnGetsTheLanesRefusalWhateverTheMethodAndTheConnectionCloses(String request) throws Exception {
        openTheLane();
        int offeredBefore = lane.offers.get();
        int servedBefore = container.size();
        Client client = connect();
        // a request pipelined behind it on the same connection must not be answered: the connection closes
        client.send(request + get("/direct/now"));
        boolean head = request.startsWith("HEAD");
        Reply refused = head ? client.readHeadOnly() : client.read();
        assertThat(refused.statusLine()).startsWith("HTTP/1.1 400");
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.header("Connection")).isEqualToIgnoringCase("close");
        if (!head) {
            assertThat(refused.body()).isEqualTo(UNREADABLE_BODY);
        }
        assertThat(client.readToTheEnd()).as("nothing after the refusal").isEmpty();
        assertThat(container).as("the container was not asked").hasSize(servedBefore);
        assertThat(lane.offers.get()).as("nor the lane").isEqualTo(offeredBefore);

        // the server goes on serving, well-formed escapes included
        Client next = connect();
        next.send("GET /elsewhere/a%20b%2F/./c/../d.e HTTP/1.1\r\nHost: localhost\r\n\r\n" + get("/direct/now"));
        assertContainerAnswer(next.read(), "/elsewhere/a%20b%2F/./c/../d.e");
        assertDirectNow(next.read());
    }

    @Test
    void theLaneReadsAPathAndQueryAsTheContainerReadsThemWhetherTheirBytesAreAsciiOrNot() throws Exception {
        openTheLane();
        Client ascii = connect();
        ascii.send("GET /elsewhere/plain?since=5&timeout=1 HTTP/1.1\r\nHost: localhost\r\nX-Test: ascii\r\n\r\n");
        assertContainerAnswer(ascii.read(), "/elsewhere/plain");
        Client raw = connect(); // raw UTF-8 bytes, which some clients send unescaped
        raw.send("GET /elsewhere/caf\u00e9?q=\u00e9t\u00e9 HTTP/1.1\r\nHost: localhost\r\nX-Test: raw\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(raw.read().status()).isEqualTo(200);

        List<Seen> asked = container.stream().filter(seen -> seen.path().startsWith("/elsewhere/")).toList();
        assertThat(asked).hasSize(2);
        assertThat(lane.declinedPaths).containsExactly(asked.get(0).path(), asked.get(1).path());
        assertThat(lane.declinedQueries).containsExactly(asked.get(0).query(), asked.get(1).query());
        assertThat(asked.get(0).query()).isEqualTo("since=5&timeout=1");
    }

    @Test
    void whetherAHeaderIsOneValueIsAnsweredAsItsTextWouldAnswerIt() throws Exception {
        openTheLane();
        String[] accepts = {"Accept: text/event-stream\r\n", "Accept: TEXT/Event-Stream\r\n", "Accept: text/event-stream;q=1\r\n",
            "Accept: text/event\r\n", "Accept: text/event-streams\r\n", "", "Accept: text/event-stream\r\nAccept: text/plain\r\n",
            "Accept: text/plain\r\nAccept: text/event-stream\r\n"};
        for (String accept : accepts) {
            Client client = connect();
            client.send("GET /elsewhere/accept HTTP/1.1\r\nHost: localhost\r\n" + accept + "\r\n");
            assertContainerAnswer(client.read(), "/elsewhere/accept");
        }
        assertThat(lane.declinedAccepts).hasSize(accepts.length).allSatisfy(read -> assertThat(read.isEventStream())
                .as(String.valueOf(read.text())).isEqualTo("text/event-stream".equalsIgnoreCase(read.text())));
        assertThat(lane.declinedAccepts).extracting(AcceptAsRead::isEventStream)
                .containsExactly(true, true, false, false, false, false, true, false);
    }

    // --- 2. keep-alive

    @Test
    void oneKeptAliveConnectionCarriesDirectWaitingAndContainerAnswersInTurnEachFramedByItsContentLength() throws Exception {
        openTheLane();
        Client client = connect();

        client.send(get("/direct/now"));
        assertDirectNow(client.read());

        client.send(get("/direct/wait"));
        Waiting waiting = lane.nextWaiting();
        assertThat(waiting.answer()).as("Connection: close asked").isFalse();
        Reply waited = client.read();
        assertThat(waited.status()).isEqualTo(200);
        assertThat(waited.body()).isEqualTo(WAIT_BODY);
        assertThat(waited.header("Connection")).isNotEqualToIgnoringCase("close");

        client.send(get("/container/one"));
        assertContainerAnswer(client.read(), "/container/one");

        client.send(get("/direct/now"));
        assertDirectNow(client.read());

        // the last one closes: whatever came before was framed exactly, or this would not parse
        client.send("GET /container/last HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertContainerAnswer(client.read(), "/container/last");
        assertThat(client.readToTheEnd()).as("nothing after the last answer").isEmpty();
        assertThat(container).extracting(Seen::path).containsExactly("/open", "/container/one", "/container/last");
    }

    // --- 3. pipelining

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndThoseBehindAWaitingPollOnlyAfterItsAnswer() throws Exception {
        openTheLane();
        Client client = connect();
        client.send(get("/direct/now") + get("/direct/wait") + get("/container/pipelined") + get("/direct/now"));

        assertDirectNow(client.read());
        Waiting waiting = lane.nextWaiting();
        // while the poll waits, nothing behind it is served
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> container.size() == 1 && lane.offers.get() == 2);

        boolean closeAfter = waiting.answer();
        Reply waited = client.read();
        assertThat(waited.body()).isEqualTo(WAIT_BODY);
        if (closeAfter) {
            // the watch dropped the bytes behind the poll: the answer says so and the connection ends
            assertThat(waited.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(client.readToTheEnd()).as("nothing after an answer with Connection: close").isEmpty();
            assertThat(container).extracting(Seen::path).containsExactly("/open");
        } else {
            // Grizzly held them (one read took all four): they are served in order, after the answer
            assertThat(waited.header("Connection")).isNotEqualToIgnoringCase("close");
            assertContainerAnswer(client.read(), "/container/pipelined");
            assertDirectNow(client.read());
            assertThat(container).extracting(Seen::path).containsExactly("/open", "/container/pipelined");
            assertThat(container).extracting(Seen::thread).as("served on a worker, never on the thread that answered the poll")
                    .doesNotContain(Thread.currentThread().getName());
            client.send("GET /container/last HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertContainerAnswer(client.read(), "/container/last");
            assertThat(client.readToTheEnd()).isEmpty();
        }
    }

    @Test
    void theLaneIsOfferedRequestsOnTheSelectorThreadOnlyWhereThatThreadReadsThemAndTheLaneNeverWaits() throws Exception {
        openTheLane();
        Client client = connect();
        client.send(get("/direct/now"));
        assertDirectNow(client.read());
        client.send(get("/direct/wait"));
        lane.nextWaiting().answer();
        assertThat(client.read().body()).isEqualTo(WAIT_BODY);
        assertThat(lane.offeredOnSelector).hasSize(2).containsOnly(offersExpectedOnSelector());
    }

    @Test
    void requestsSentWhileAPollWaitsAreDroppedAndItsAnswerSaysConnectionCloseAndClosesTheConnection() throws Exception {
        openTheLane();
        Client client = connect();
        client.send(get("/direct/wait"));
        Waiting waiting = lane.nextWaiting();
        client.send(get("/container/late") + get("/direct/now")); // the watch reads these while the poll waits
        await().atMost(Duration.ofSeconds(10)).until(() -> sawBytes(waiting.watch()));

        assertThat(waiting.answer()).as("the watch reports the bytes").isTrue();
        assertWaitedAnswerThenTheConnectionCloses(client);
        assertThat(container).extracting(Seen::path).containsExactly("/open");
        assertThat(lane.offers).as("the dropped request was never offered").hasValue(1);

        Client again = connect(); // the client sends them again on a new connection
        again.send(get("/container/late") + get("/direct/now"));
        assertContainerAnswer(again.read(), "/container/late");
        assertDirectNow(again.read());
    }

    /**
     * A waiting poll gives its request back while it waits; its answer still says what the
     * request asked of the connection: closed after the answer, here.
     */
    @Test
    void aPollThatAskedForConnectionCloseIsAnsweredAfterItsWaitWithConnectionCloseAndTheConnectionCloses() throws Exception {
        openTheLane();
        Client client = connect();
        client.send("GET /direct/wait HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Waiting waiting = lane.nextWaiting();

        assertThat(waiting.answer()).isFalse();
        assertWaitedAnswerThenTheConnectionCloses(client);
    }

    /** The waiting poll's answer, saying {@code Connection: close}; then the connection closes with nothing else answered. */
    private static void assertWaitedAnswerThenTheConnectionCloses(Client client) throws IOException {
        Reply waited = client.read();
        assertThat(waited.status()).isEqualTo(200);
        assertThat(waited.body()).isEqualTo(WAIT_BODY);
        assertThat(waited.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(client.readToTheEnd()).as("the connection closes right after; nothing else is answered").isEmpty();
    }

    /** What a waiting exchange gave back is never read again through it: the packets may serve another request. */
    @Test
    void aWaitingExchangeNoLongerAnswersQuestionsAboutItsRequest() throws Exception {
        openTheLane();
        Client client = connect();
        client.send(get("/direct/wait"));
        Waiting waiting = lane.nextWaiting();

        assertThatThrownBy(() -> waiting.exchange().header("Host")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> waiting.exchange().path()).isInstanceOf(IllegalStateException.class);
        assertThat(waiting.answer()).isFalse();
        assertThat(client.read().body()).isEqualTo(WAIT_BODY);
    }

    // --- 4. a client that goes while its poll waits

    @ParameterizedTest
    @EnumSource(Leaving.class)
    void aClientThatLeavesWhileItsPollWaitsIsSeenAtOnceAndTheServerGoesOnServing(Leaving leaving) throws Exception {
        openTheLane();
        Client client = connect();
        client.send(get("/direct/wait"));
        Waiting waiting = lane.nextWaiting();
        leaving.leave(client);

        assertThat(waiting.closed().await(10, TimeUnit.SECONDS)).as("onClosed ran").isTrue();
        // the lane's later answer finds the exchange done: nothing happens, nothing is thrown
        assertThat(waiting.watch().stop()).isFalse();
        waiting.exchange().answer(200, Map.of(), WAIT_BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(waiting.closedCount().get()).as("onClosed ran once").isEqualTo(1);

        Client next = connect();
        next.send(get("/direct/now"));
        assertDirectNow(next.read());
        next.send(get("/container/after"));
        assertContainerAnswer(next.read(), "/container/after");
        next.send(get("/direct/wait"));
        lane.nextWaiting().answer();
        assertThat(next.read().body()).isEqualTo(WAIT_BODY);
    }

    // --- 5. event streams

    @Test
    void aDirectStreamIsItsHeadWithTheFirstFrameThenOneChunkPerFrameThenTheLastChunkAndTheClose() throws Exception {
        openTheLane();
        Client client = connect();
        client.send(get("/direct/stream"));
        Stream stream = lane.nextStream();
        assertThat(stream.channel().ownsConnection()).isTrue();

        Reply head = client.readHeadOnly();
        assertThat(head.statusLine()).startsWith("HTTP/1.1 200");
        assertThat(head.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(head.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(head.header("Content-Type")).startsWith("text/event-stream");
        assertThat(head.header("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
        assertThat(head.header("Content-Length")).isNull();
        assertThat(client.readExactly(RETRY_CHUNK.length())).as("the first frame, as the first chunk").isEqualTo(RETRY_CHUNK);

        stream.channel().write(frame(1, "a"));
        stream.channel().flush();
        String first = chunk("id: 1\ndata: a\n\n");
        assertThat(client.readExactly(first.length())).isEqualTo(first);

        stream.channel().write(frame(2, "b\nc"));
        stream.channel().flush();
        stream.channel().write(frame(3, "d"));
        stream.channel().flush();
        stream.channel().close();
        assertThat(client.readToTheEnd()).isEqualTo(
                chunk("id: 2\ndata: b\ndata: c\n\n") + chunk("id: 3\ndata: d\n\n") + "0\r\n\r\n");
        assertThat(container).extracting(Seen::path).containsExactly("/open");
    }

    @Test
    void framesWrittenBeforeAStreamsHeadGoOutWithItAsTheFirstChunkThenFollowAsUsual() throws Exception {
        openTheLane();
        lane.heldBeforeHead = List.of(frame(1, "a"), frame(2, "b\nc"));
        Client client = connect();
        client.send(get("/direct/stream-held"));
        Stream stream = lane.nextStream();
        assertThat(stream.channel()).isInstanceOf(DirectStreamChannel.class);

        Reply head = client.readHeadOnly();
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
        // one chunk of the codec's, so one write with the head: the retry hint and the frames held
        String first = chunk("retry: 1500\n\n" + "id: 1\ndata: a\n\n" + "id: 2\ndata: b\ndata: c\n\n");
        assertThat(client.readExactly(first.length())).isEqualTo(first);

        stream.channel().write(frame(3, "d"));
        stream.channel().flush();
        assertThat(stream.failures()).hasValue(0);
        stream.channel().close();
        assertThat(client.readToTheEnd()).isEqualTo(chunk("id: 3\ndata: d\n\n") + "0\r\n\r\n");
        assertThat(container).extracting(Seen::path).containsExactly("/open");
    }

    @Test
    void framesHeldBeyondWhatGoesWithTheHeadFollowItAsChunksOfTheirOwnInOrder() throws Exception {
        openTheLane();
        String big = "x".repeat(DirectStreamChannel.MAX_BYTES_WITH_HEAD / 3);
        List<SseFrame> held = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            held.add(frame(i, big));
        }
        lane.heldBeforeHead = held;
        Client client = connect();
        client.send(get("/direct/stream-held"));
        Stream stream = lane.nextStream();
        client.readHeadOnly();
        String message = "data: " + big + "\n\n";
        String withHead = chunk("retry: 1500\n\n" + "id: 1\n" + message + "id: 2\n" + message);
        assertThat(client.readExactly(withHead.length())).as("what fits with the head").isEqualTo(withHead);
        stream.channel().close();
        // the rest through the connection's channel, which joins what fits in one chunk
        String rest = client.readToTheEnd();
        assertThat(ChunkedBody.content(rest)).isEqualTo("id: 3\n" + message + "id: 4\n" + message + "id: 5\n" + message);
    }

    @Test
    void aClientThatResetsItsConnectionBeforeItsStreamsHeadIsWrittenEndsTheStreamAndTheDoorGoesOn() throws Exception {
        openTheLane();
        lane.heldBeforeHead = List.of(frame(1, "replayed"));
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        lane.beforeHead = () -> {
            reached.countDown();
            try {
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Client client = connect();
        client.send(get("/direct/stream-held"));
        assertThat(reached.await(10, TimeUnit.SECONDS)).as("the lane took the stream").isTrue();
        client.reset();
        release.countDown();

        Stream stream = lane.nextStream();
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.failures().get() > 0);
        assertThatThrownBy(() -> {
            stream.channel().write(frame(2, "after"));
            stream.channel().flush();
        }).isInstanceOf(IOException.class);
        lane.beforeHead = () -> { };

        Client next = connect();
        next.send(get("/direct/now"));
        assertDirectNow(next.read());
        assertThat(container).extracting(Seen::path).containsExactly("/open");
    }

    @Test
    void aStreamThatEndsBeforeItsHeadIsWrittenWritesNothingAndTheContainerServesTheRequest() throws Exception {
        openTheLane();
        lane.heldBeforeHead = List.of(frame(1, "never sent"));
        lane.endBeforeHead = true;
        Client client = connect();
        client.send(get("/direct/stream-held"));
        assertContainerAnswer(client.read(), "/direct/stream-held");
        assertThat(lane.heldChannelOpened).as("open() said nothing was written").hasValue(0);
    }

    @Test
    void aDirectStreamSaysConnectionCloseEvenWhenTheLaneDidNotAndEndsWithItsLastChunk() throws Exception {
        openTheLane();
        Client client = connect();
        client.send(get("/direct/stream-unsaid"));
        Stream stream = lane.nextStream();
        Reply head = client.readHeadOnly();
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(head.header("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
        stream.channel().write(frame(1, "a"));
        stream.channel().flush();
        stream.channel().close();
        assertThat(client.readToTheEnd()).isEqualTo(RETRY_CHUNK + chunk("id: 1\ndata: a\n\n") + "0\r\n\r\n");
    }

    @Test
    void aRequestPipelinedBehindADirectStreamIsNeverAnswered() throws Exception {
        openTheLane();
        Client client = connect();
        client.send(get("/direct/stream") + get("/container/behind"));
        Stream stream = lane.nextStream();
        client.readHeadOnly();
        client.send(get("/container/later")); // and one more once the stream is open
        stream.channel().write(frame(1, "only"));
        stream.channel().flush();
        stream.channel().close();

        String rest = client.readToTheEnd();
        assertThat(rest).isEqualTo(RETRY_CHUNK + chunk("id: 1\ndata: only\n\n") + "0\r\n\r\n");
        assertThat(container).extracting(Seen::path).containsExactly("/open");
        assertThat(lane.offers).as("nothing after the stream was offered").hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(Leaving.class)
    void aClientThatLeavesInTheMiddleOfAStreamIsReportedAndLaterFramesFailOrAreDroppedQuietly(Leaving leaving) throws Exception {
        openTheLane();
        Client client = connect();
        client.send(get("/direct/stream"));
        Stream stream = lane.nextStream();
        client.readHeadOnly();
        assertThat(client.readExactly(RETRY_CHUNK.length())).isEqualTo(RETRY_CHUNK);
        stream.channel().write(frame(1, "a"));
        stream.channel().flush();
        String first = chunk("id: 1\ndata: a\n\n");
        assertThat(client.readExactly(first.length())).isEqualTo(first);

        leaving.leave(client);
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.failures().get() > 0);

        // later writes: an IOException, or taken and dropped; nothing else escapes
        for (int i = 2; i < 20; i++) {
            stream.channel().write(frame(i, "after the close"));
            try {
                stream.channel().flush();
            } catch (IOException expected) {
                // the stream ends on it
            }
        }
        stream.channel().close();
        stream.channel().close(); // idempotent

        Client next = connect();
        next.send(get("/direct/now") + get("/container/after"));
        assertDirectNow(next.read());
        assertContainerAnswer(next.read(), "/container/after");
    }

    // --- 6. closing the lane

    @Test
    void closingTheLanePutsTheServerFilterBackAndTheLaneCanBeOpenedAgain() throws Exception {
        FilterChain chain = (FilterChain) transport.getProcessor();
        Filter serverFilter = onlyServerFilter(chain);
        int at = chain.indexOf(serverFilter);
        openTheLane();
        assertThat(chain.get(at)).isInstanceOf(GrizzlyFrontDoor.class);
        assertThat(((GrizzlyFrontDoor) chain.get(at)).container()).isSameAs(serverFilter);

        Client keptAlive = connect();
        keptAlive.send(get("/direct/now"));
        assertDirectNow(keptAlive.read());

        openLane.getAndSet(null).close();
        assertThat(chain.get(at)).as("the server filter, back in its slot").isSameAs(serverFilter);
        assertThat(chain.stream().filter(GrizzlyFrontDoor.class::isInstance)).isEmpty();

        keptAlive.send(get("/direct/now")); // on a connection opened while the lane was open
        assertContainerAnswer(keptAlive.read(), "/direct/now");
        Client fresh = connect();
        fresh.send(get("/direct/now") + get("/direct/wait"));
        assertContainerAnswer(fresh.read(), "/direct/now");
        assertContainerAnswer(fresh.read(), "/direct/wait");
        int offered = lane.offers.get();

        openOnNextRequest.set(true);
        fresh.send(get("/reopen") + get("/direct/now"));
        assertContainerAnswer(fresh.read(), "/reopen");
        assertDirectNow(fresh.read());
        assertThat(chain.get(at)).isInstanceOf(GrizzlyFrontDoor.class);
        assertThat(((GrizzlyFrontDoor) chain.get(at)).container()).isSameAs(serverFilter);
        keptAlive.send(get("/direct/now"));
        assertDirectNow(keptAlive.read());
        assertThat(lane.offers.get() - offered).isEqualTo(2);
        assertThat(container).extracting(Seen::path)
                .containsExactly("/open", "/direct/now", "/direct/now", "/direct/wait", "/reopen");
    }

    // --- 7. a lane that fails

    @Test
    void aLaneThatThrowsBeforeTouchingTheExchangeLeavesTheRequestToTheContainer() throws Exception {
        openTheLane();
        Client client = connect();
        lane.failBeforeTouching.set(true);
        client.send(get("/direct/now"));
        assertContainerAnswer(client.read(), "/direct/now");
        lane.failBeforeTouching.set(false);

        client.send(get("/direct/now")); // the same connection goes on
        assertDirectNow(client.read());
        assertThat(container).extracting(Seen::path).containsExactly("/open", "/direct/now");
    }

    @Test
    void aLaneThatThrowsAfterSuspendingTheExchangeClosesTheConnectionWithoutAnAnswer() throws Exception {
        openTheLane();
        Client client = connect();
        client.send(get("/direct/fail-after-suspend") + get("/container/behind"));
        assertThat(client.readToTheEnd()).as("no answer, the connection closed").isEmpty();
        assertThat(container).extracting(Seen::path).containsExactly("/open");

        for (int i = 0; i < 5; i++) { // served on the same thread, one after the other
            Client next = connect();
            next.send(get("/direct/now"));
            assertDirectNow(next.read());
            next.send(get("/container/after"));
            assertContainerAnswer(next.read(), "/container/after");
            next.send(get("/direct/now") + get("/container/after"));
            assertDirectNow(next.read());
            assertContainerAnswer(next.read(), "/container/after");
            next.close();
        }
    }

    // --- the lane

    /** A poll the lane suspended; the test answers it. */
    /** How a client goes away: it closes its end (FIN), or drops the connection with a reset (RST). */
    enum Leaving {
        CLOSE, RESET;

        void leave(Client client) throws IOException {
            if (this == CLOSE) {
                client.close();
            } else {
                client.reset();
            }
        }
    }

    private record Waiting(DirectExchange exchange, DisconnectWatch watch, CountDownLatch closed, AtomicInteger closedCount) {

        /** Answers as a real poll does: stops the watch first; {@code Connection: close} if it saw bytes. */
        boolean answer() {
            boolean closeAfter = watch.stop();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            if (closeAfter) {
                headers.put("Connection", "close");
            }
            exchange.answer(200, headers, WAIT_BODY.getBytes(StandardCharsets.UTF_8));
            return closeAfter;
        }
    }

    /** A declined request's {@code Accept} as text, and whether the exchange said it is {@code text/event-stream}. */
    private record AcceptAsRead(String text, boolean isEventStream) {
    }

    /** A stream the lane opened. */
    private record Stream(FrameChannel channel, AtomicInteger failures) {
    }

    /** Herald's side, as the test plays it. */
    private static final class TestLane implements DirectLane {

        final AtomicInteger offers = new AtomicInteger();
        /** For each offer, whether it ran on a selector thread. */
        final List<Boolean> offeredOnSelector = new CopyOnWriteArrayList<>();
        volatile boolean mayWait;
        final List<String> declinedPaths = new CopyOnWriteArrayList<>();
        final List<String> declinedQueries = new CopyOnWriteArrayList<>();
        final List<AcceptAsRead> declinedAccepts = new CopyOnWriteArrayList<>();
        final AtomicBoolean failBeforeTouching = new AtomicBoolean();
        final BlockingQueue<Waiting> waiting = new LinkedBlockingQueue<>();
        final BlockingQueue<Stream> streams = new LinkedBlockingQueue<>();
        /** What {@code /direct/stream-held} writes before the head, and whether it then ends the stream. */
        volatile List<SseFrame> heldBeforeHead = List.of();
        volatile boolean endBeforeHead;
        /** Run just before {@code /direct/stream-held} writes its head. */
        volatile Runnable beforeHead = () -> { };
        final AtomicInteger heldChannelOpened = new AtomicInteger();

        @Override
        public boolean offersMayWait() {
            return mayWait;
        }

        @Override
        public DirectAnswer unreadableTarget() {
            return new DirectAnswer(400, Map.of("Content-Type", "application/problem+json"),
                    UNREADABLE_BODY.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean offer(DirectExchange exchange) {
            offers.incrementAndGet();
            offeredOnSelector.add(Threads.isService());
            if (failBeforeTouching.get()) {
                throw new IllegalStateException("the lane broke before touching the exchange");
            }
            switch (exchange.path()) {
                case "/direct/now" -> {
                    exchange.answer(200, Map.of("Content-Type", "application/json"), NOW_BODY.getBytes(StandardCharsets.UTF_8));
                    return true;
                }
                case "/direct/wait" -> {
                    CountDownLatch closed = new CountDownLatch(1);
                    AtomicInteger closedCount = new AtomicInteger();
                    DisconnectWatch watch = exchange.suspend(() -> {
                        closedCount.incrementAndGet();
                        closed.countDown();
                    });
                    waiting.add(new Waiting(exchange, watch, closed, closedCount));
                    return true;
                }
                case "/direct/stream" -> {
                    AtomicInteger failures = new AtomicInteger();
                    FrameChannel channel = exchange.openEventStream(STREAM_HEAD, List.of(RETRY), failures::incrementAndGet);
                    if (channel == null) {
                        return false;
                    }
                    streams.add(new Stream(channel, failures));
                    return true;
                }
                case "/direct/stream-held" -> { // frames written before the head, as a reconnect's replay is
                    AtomicInteger failures = new AtomicInteger();
                    DirectStreamChannel channel = new DirectStreamChannel(exchange, STREAM_HEAD, RETRY);
                    try {
                        for (SseFrame frame : heldBeforeHead) {
                            channel.write(frame);
                        }
                        channel.flush(); // before the head: nothing goes out yet
                        if (endBeforeHead) {
                            channel.close();
                        }
                        beforeHead.run();
                        if (!channel.open(failures::incrementAndGet)) {
                            return false;
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    heldChannelOpened.incrementAndGet();
                    streams.add(new Stream(channel, failures));
                    return true;
                }
                case "/direct/stream-unsaid" -> { // a head that does not say Connection: close
                    AtomicInteger failures = new AtomicInteger();
                    FrameChannel channel = exchange.openEventStream(
                            Map.of("Content-Type", "text/event-stream"), List.of(RETRY), failures::incrementAndGet);
                    if (channel == null) {
                        return false;
                    }
                    streams.add(new Stream(channel, failures));
                    return true;
                }
                case "/direct/fail-after-suspend" -> {
                    exchange.suspend(() -> { });
                    throw new IllegalStateException("the lane broke after suspending the exchange");
                }
                default -> {
                    declinedPaths.add(exchange.path());
                    declinedQueries.add(String.valueOf(exchange.query()));
                    declinedAccepts.add(new AcceptAsRead(exchange.header("Accept"), exchange.headerIs("Accept", "text/event-stream")));
                    return false;
                }
            }
        }

        Waiting nextWaiting() throws InterruptedException {
            Waiting next = waiting.poll(10, TimeUnit.SECONDS);
            assertThat(next).as("a poll reached the lane").isNotNull();
            return next;
        }

        Stream nextStream() throws InterruptedException {
            Stream next = streams.poll(10, TimeUnit.SECONDS);
            assertThat(next).as("a stream reached the lane").isNotNull();
            return next;
        }
    }

    // --- helpers

    /** The first request the container serves opens the lane on its listener. */
    private void openTheLane() throws IOException {
        try (Client first = connect()) {
            first.send(get("/open"));
            assertContainerAnswer(first.read(), "/open");
        }
        assertThat(openLane.get()).isNotNull();
    }

    /** Whether the watch has read bytes the client sent while its poll waited (no other sign of it outside). */
    private static boolean sawBytes(DisconnectWatch watch) throws ReflectiveOperationException {
        Field field = GrizzlyDisconnectWatch.class.getDeclaredField("sawBytes");
        field.setAccessible(true);
        return ((AtomicBoolean) field.get(watch)).get();
    }

    private static Filter onlyServerFilter(FilterChain chain) {
        List<Filter> found = chain.stream().filter(HttpServerFilter.class::isInstance).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static void assertDirectNow(Reply reply) {
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("Content-Length")).isEqualTo(Integer.toString(NOW_BODY.length()));
        assertThat(reply.body()).isEqualTo(NOW_BODY);
    }

    private static void assertContainerAnswer(Reply reply, String path) {
        assertThat(reply.status()).as(reply.statusLine()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/plain");
        assertThat(reply.body()).isEqualTo("container:" + path);
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    private static String chunk(String frames) {
        return Integer.toHexString(frames.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + frames + "\r\n";
    }

    private static SseFrame frame(long id, String data) {
        return SseFrame.of(new Event(id, "t", null, data, Instant.now()));
    }

    private Client connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        Client client = new Client(socket);
        clients.add(client);
        return client;
    }

    /** One response as read off the wire; header names lower-cased. */
    private record Reply(String statusLine, Map<String, List<String>> headers, String body) {

        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            assertThat(values == null || values.size() == 1).as("header %s once: %s", name, values).isTrue();
            return values == null ? null : values.get(0);
        }
    }

    /** A raw HTTP/1.1 client on one connection. */
    private static final class Client implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;

        Client(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
        }

        void send(String requests) throws IOException {
            send(requests.getBytes(StandardCharsets.US_ASCII));
        }

        void send(byte[] requests) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(requests); // one write
            out.flush();
        }

        /** The next whole response, its body framed by Content-Length or chunked. */
        Reply read() throws IOException {
            Reply head = readHeadOnly();
            String length = head.header("Content-Length");
            String body;
            if (length != null) {
                body = readExactly(Integer.parseInt(length.trim()));
            } else if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
                body = readChunks();
            } else {
                throw new AssertionError("a response without framing: " + head);
            }
            return new Reply(head.statusLine(), head.headers(), body);
        }

        /** A response's status line and headers (a HEAD answer, a stream's head). */
        Reply readHeadOnly() throws IOException {
            String text = readLine();
            String statusLine = text;
            assertThat(statusLine).as("a status line").startsWith("HTTP/1.1 ");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            while (!(text = readLine()).isEmpty()) {
                int colon = text.indexOf(':');
                headers.computeIfAbsent(text.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(text.substring(colon + 1).trim());
            }
            return new Reply(statusLine, headers, "");
        }

        private String readChunks() throws IOException {
            StringBuilder body = new StringBuilder();
            for (int size; (size = Integer.parseInt(readLine().trim(), 16)) > 0; ) {
                body.append(readExactly(size));
                assertThat(readLine()).isEmpty();
            }
            assertThat(readLine()).isEmpty();
            return body.toString();
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new AssertionError("the connection ended in a response: " + line.toString(StandardCharsets.UTF_8));
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.UTF_8);
            assertThat(text).as("line ends in CRLF").endsWith("\r");
            return text.substring(0, text.length() - 1);
        }

        String readExactly(int bytes) throws IOException {
            byte[] read = in.readNBytes(bytes);
            assertThat(read).as("%d bytes before the end", bytes).hasSize(bytes);
            return new String(read, StandardCharsets.UTF_8);
        }

        /** Everything until the server closes the connection (end of stream or reset); fails if it stays open. */
        String readToTheEnd() throws IOException {
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            try {
                for (int b; (b = in.read()) >= 0; ) {
                    seen.write(b);
                }
            } catch (SocketTimeoutException open) {
                throw new AssertionError("the connection is still open after: " + seen.toString(StandardCharsets.UTF_8), open);
            } catch (SocketException reset) {
                // ended by a reset
            }
            return seen.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        /** Closes with a reset (RST), as a client that drops its connection does. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }
}
