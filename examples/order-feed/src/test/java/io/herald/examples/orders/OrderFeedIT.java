package io.herald.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testing.RawSseStream;
import io.herald.testing.RawSseStream.Frame;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The order feed on Payara Micro through Arquillian (one server for the class, the real WAR of this
 * module under its own context root, Herald inside it as a library): transactional publishing, the
 * standard {@code SseBroadcaster} backed by Herald, and Herald's own endpoints in the same application.
 * Memory transport; the server runs with {@code herald.replay.size=20} and a keepalive every second
 * (pom.xml, {@code it.server.jvm}). The topic is shared by the tests, so each one picks its items and
 * texts by a unique mark and reads what follows its own events.
 */
@ExtendWith(ArquillianExtension.class)
class OrderFeedIT {

    static final Duration DEADLINE = Duration.ofSeconds(20);
    static final int REPLAY_SIZE = 20;

    @Deployment(testable = false)
    static WebArchive application() {
        return ShrinkWrap.create(ZipImporter.class, "order-feed.war")
                .importFrom(new File(System.getProperty("herald.example.war"))).as(WebArchive.class);
    }

    @ArquillianResource
    URL base;

    FeedHttp app;
    String mark;
    final List<RawSseStream> opened = new ArrayList<>();

    @BeforeEach
    void setUp() throws URISyntaxException {
        app = new FeedHttp(base.toURI());
        mark = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeStreams() {
        opened.forEach(RawSseStream::close);
    }

    RawSseStream feed(String... headers) {
        RawSseStream s = app.feed(headers);
        opened.add(s);
        assertThat(s.status()).as("feed status").isEqualTo(200);
        // the retry hint is written at registration, as Herald's own streams do
        await().atMost(DEADLINE).until(() -> !s.retries().isEmpty());
        return s;
    }

    static List<Frame> framesWith(RawSseStream s, String text) {
        return s.frames().stream().filter(f -> f.data() != null && f.data().contains(text)).toList();
    }

    static void awaitFrame(RawSseStream s, String text) {
        await().atMost(DEADLINE).until(() -> !framesWith(s, text).isEmpty());
    }

    @Test
    void committedOrderReachesEverySubscriberOnceWithTheStandardApi() {
        List<RawSseStream> subscribers = List.of(feed(), feed(), feed());
        String item = "book-" + mark;

        FeedHttp.requireStatus(app.placeOrder(item, false), 201);
        String marker = "after-" + mark;
        app.notice(marker);

        for (RawSseStream s : subscribers) {
            awaitFrame(s, marker);
            List<Frame> created = framesWith(s, item);
            assertThat(created).hasSize(1);
            assertThat(created.get(0).event()).isEqualTo("created");
            assertThat(created.get(0).id()).isNotBlank();
            assertThat(s.ids()).isSorted().doesNotHaveDuplicates();
        }
        assertThat(app.ordersSaved(item)).isEqualTo(1);
    }

    @Test
    void rolledBackOrderReachesNobody() {
        RawSseStream s = feed();
        String item = "rejected-" + mark;

        HttpResponse<String> answer = app.placeOrder(item, true);
        assertThat(answer.statusCode()).isEqualTo(409);
        String marker = "after-" + mark;
        app.notice(marker);

        awaitFrame(s, marker);
        assertThat(framesWith(s, item)).isEmpty();
        assertThat(app.ordersSaved(item)).isZero();
    }

    @Test
    void broadcastInsideATransactionGoesOutAfterCommitAndNeverOnRollback() {
        RawSseStream s = feed();
        String item = "lamp-" + mark;
        long orderId = FeedHttp.json(FeedHttp.requireStatus(app.placeOrder(item, false), 201)).getJsonNumber("id").longValue();

        assertThat(app.ship(orderId, true).statusCode()).isEqualTo(409);   // broadcast, then rollback
        String marker = "between-" + mark;
        app.notice(marker);
        FeedHttp.requireStatus(app.ship(orderId, false), 200);              // broadcast, then commit
        String end = "end-" + mark;
        app.notice(end);

        awaitFrame(s, end);
        List<String> seen = s.frames().stream()
                .filter(f -> f.data() != null && (f.data().contains(item) || f.data().contains(mark)))
                .map(f -> f.event() + (f.data().contains(marker) ? ":between" : f.data().contains(end) ? ":end" : ""))
                .toList();
        assertThat(seen).containsExactly("created", "notice:between", "shipped", "notice:end");
    }

    @Test
    void broadcastOutsideATransactionIsPublishedAtOnce() {
        RawSseStream s = feed();
        String text = "notice-" + mark;

        // the answer carries the event's id: it was published before the resource returned
        long id = app.notice(text);

        awaitFrame(s, text);
        assertThat(framesWith(s, text)).containsExactly(new Frame(Long.toString(id), "notice", text));
    }

    @Test
    void broadcastAndHttpPublishAreOneStreamWithOneIdSequence() {
        RawSseStream s = feed();
        long first = app.publishOverHttp("http", "one-" + mark);
        long second = app.notice("two-" + mark);
        long third = app.publishOverHttp("http", "three-" + mark);

        awaitFrame(s, "three-" + mark);
        assertThat(s.frames().stream().filter(f -> f.data() != null && f.data().contains(mark)).toList())
                .containsExactly(new Frame(Long.toString(first), "http", "one-" + mark),
                        new Frame(Long.toString(second), "notice", "two-" + mark),
                        new Frame(Long.toString(third), "http", "three-" + mark));
        assertThat(first).isLessThan(second);
        assertThat(second).isLessThan(third);
    }

    @Test
    void lineBreaksInDataAreFramedAsHeraldFramesThem() {
        RawSseStream s = feed();
        app.notice("a-" + mark + "\r\nb\rc\nd");

        awaitFrame(s, "a-" + mark);
        assertThat(framesWith(s, "a-" + mark).get(0).data()).isEqualTo("a-" + mark + "\nb\nc\nd");
    }

    @Test
    void registerResumesAfterTheRequestsLastEventId() {
        long a = app.notice("a-" + mark);
        long b = app.notice("b-" + mark);
        long c = app.notice("c-" + mark);

        RawSseStream header = feed("Last-Event-ID", Long.toString(a));
        RawSseStream query = RawSseStream.open(app.http, app.base.resolve("api/orders/stream?lastEventId=" + a));
        opened.add(query);
        String live = "d-" + mark;
        long d = app.notice(live);

        for (RawSseStream s : List.of(header, query)) {
            awaitFrame(s, live);
            assertThat(s.frames()).noneMatch(f -> "reset".equals(f.event()));
            assertThat(s.ids()).containsExactly(b, c, d);
        }
    }

    @Test
    void registerSendsAResetFrameWhenEventsAfterTheLastEventIdAreGone() {
        long first = app.notice("first-" + mark);
        long evicted = app.notice("evicted-" + mark);
        long last = 0;
        for (int i = 0; i < REPLAY_SIZE; i++) {
            last = app.notice("fill-" + i + "-" + mark);
        }

        RawSseStream s = feed("Last-Event-ID", Long.toString(first));
        long lastId = last;
        await().atMost(DEADLINE).until(() -> s.ids().contains(lastId));

        // as Herald's own streams: event "reset" with the requested id and no id line, then what is retained
        Frame reset = s.frames().get(0);
        assertThat(reset).isEqualTo(new Frame(null, "reset", "{\"lastEventId\":" + first + "}"));
        assertThat(s.ids()).hasSize(REPLAY_SIZE).doesNotContain(evicted).endsWith(lastId).isSorted();
    }

    @Test
    void theStandardApisStreamIsFramedAsHeraldsOwnStreams() {
        RawSseStream s = feed();
        assertThat(s.retries()).containsExactly(500L); // herald.sse.retry-ms (pom.xml)
        assertThat(s.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(s.headers().firstValue("X-Accel-Buffering")).hasValue("no");
        await().atMost(DEADLINE).until(() -> s.comments().contains("keepalive")); // every second here
    }

    /**
     * Container-dependent (Payara): the application's own endpoint is handed over to Herald's fast
     * channel (herald-library's handoff filter marks the response {@code Connection: close}, which
     * the chunk channel needs), so a client that stops reading never holds a delivery thread: while
     * its socket is full the healthy subscriber gets every event promptly and
     * {@code herald.delivery.threads.stuck} stays 0 (on JAX-RS's sink, Jersey's {@code send} would
     * block a delivery thread, which the hub counts there). It is then closed as too slow once it
     * read nothing for the connection's write timeout (3 s, src/test/payara/preboot.asadmin):
     * {@code onError}, then {@code onClose}, its place given back, counted as a slow consumer.
     */
    @Test
    void aStalledReaderOfTheStandardApiDelaysNobodyAndIsClosedAsTooSlow() throws Exception {
        int before = app.streams();
        long failedBefore = app.failedSinks();
        double droppedBefore = app.metric("herald_slow_consumers_dropped");
        try (StalledReader stalled = new StalledReader(app.base.resolve("api/orders/stream"))) {
            assertThat(stalled.head()).containsIgnoringCase("Connection: close");
            RawSseStream healthy = feed();
            await().atMost(DEADLINE).until(() -> app.streams() >= before + 2);

            String payload = "x".repeat(16 * 1024);
            double stuck = 0;
            List<Long> lags = new ArrayList<>();
            for (int i = 0; i < 64; i++) { // 1 MiB: far more than the stalled socket and its queue take
                String text = "bulk-" + i + "-" + mark + "-";
                long sent = System.nanoTime();
                app.notice(text + payload);
                await().atMost(Duration.ofSeconds(2)).until(() -> !framesWith(healthy, text).isEmpty());
                lags.add(Duration.ofNanos(System.nanoTime() - sent).toMillis());
                stuck = Math.max(stuck, app.metric("herald_delivery_threads_stuck"));
            }
            assertThat(stuck).as("delivery threads blocked in a write to the stalled client").isZero();
            assertThat(java.util.Collections.max(lags)).as("healthy subscriber's worst lag (ms)").isLessThan(2000);

            await("stalled reader closed as too slow").atMost(Duration.ofSeconds(30))
                    .until(() -> app.failedSinks() > failedBefore);
            await().atMost(DEADLINE).until(() -> app.streams() == before + 1);
            assertThat(app.metric("herald_slow_consumers_dropped")).isGreaterThan(droppedBefore);
            assertThat(stalled.drainedToEnd()).as("server closed the stalled connection").isTrue();
            assertThat(healthy.ended()).isFalse();
        }
    }

    @Test
    void malformedLastEventIdIsABadRequest() {
        RawSseStream s = app.feed("Last-Event-ID", "12x");
        opened.add(s);
        assertThat(s.status()).isEqualTo(400);
    }

    /**
     * Container-dependent: Payara (Jersey) does not report a client that went away to the sink; the
     * broadcaster finds it by the keepalive comment it writes every second here, which fails once the
     * connection is gone. Herald's topic info and the onClose listener both count the sinks.
     */
    @Test
    void hundredClientsThatCloseAreAllUnregistered() {
        int before = app.streams();
        long closedBefore = app.closedSinks();
        List<RawSseStream> clients = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            RawSseStream s = app.feed();
            opened.add(s);
            clients.add(s);
        }
        await().atMost(DEADLINE).until(() -> app.streams() >= before + 100);

        clients.forEach(RawSseStream::close);

        await().atMost(Duration.ofSeconds(30)).until(() -> app.streams() <= before);
        await().atMost(DEADLINE).until(() -> app.closedSinks() >= closedBefore + 100);
    }

    @Test
    void thePageIsServedUnderTheApplicationsContextRoot() {
        HttpResponse<String> page = app.get("");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Order feed").contains("api/orders/stream");
        assertThat(app.base.getPath()).isNotEqualTo("/");
    }
}
