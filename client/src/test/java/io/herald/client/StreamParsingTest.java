package io.herald.client;

import static io.herald.client.ScriptedServer.json;
import static io.herald.client.ScriptedServer.noContent;
import static io.herald.client.ScriptedServer.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.client.Subscription.Mode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The frames a Herald server writes, over real HTTP (the JDK's server answering scripted bytes),
 * read by the client: what is delivered, what is skipped, and what the reconnect sends.
 */
class StreamParsingTest {

    static final Duration DEADLINE = Duration.ofSeconds(20);
    static final String STREAM = "/topics/news/stream";
    static final String POLL = "/topics/news/poll";

    ScriptedServer server;
    HeraldClient client;
    final Recorder recorder = new Recorder();

    static final class Recorder implements HeraldListener {
        final List<ReceivedEvent> events = new CopyOnWriteArrayList<>();
        final List<Long> resets = new CopyOnWriteArrayList<>();
        final List<Mode> modes = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(ReceivedEvent event) {
            events.add(event);
        }

        @Override
        public void onReset(long lastEventId) {
            resets.add(lastEventId);
        }

        @Override
        public void onModeChange(Mode mode) {
            modes.add(mode);
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedServer();
        client = server.client().build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void deliversEveryFrameShapeTheServerWritesAndSkipsCommentsAndRetry() {
        server.on(STREAM, stream("retry: 400\n\n"
                + "id: 1\nevent: notice\ndata: {\"alert\":1}\n\n"
                + ": keepalive\n\n"
                + "id: 2\ndata: line one\ndata: line two\ndata: \ndata: line four\n\n"   // CR/LF in the payload
                + "id: 1764370800123456\ndata: an id in microseconds\n\n"
                + "id: 1764370800123457\nevent: t\ndata: key: value\n\n"                     // a colon in the data
                + "id: 1764370800123458\ndata:  kept leading space\n\n"                      // only one space is syntax
                + "id: 1764370800123459\ndata: émoji ✓ 😀\n\n"),
                server.streamThenSilence("retry: 400\n\n"));

        client.subscribe(0, recorder, "news");
        await().atMost(DEADLINE).until(() -> recorder.events.size() == 6);
        assertThat(recorder.events).containsExactly(
                new ReceivedEvent(1, "news", "notice", "{\"alert\":1}"),
                new ReceivedEvent(2, "news", null, "line one\nline two\n\nline four"),
                new ReceivedEvent(1764370800123456L, "news", null, "an id in microseconds"),
                new ReceivedEvent(1764370800123457L, "news", "t", "key: value"),
                new ReceivedEvent(1764370800123458L, "news", null, " kept leading space"),
                new ReceivedEvent(1764370800123459L, "news", null, "émoji ✓ 😀"));
        assertThat(recorder.resets).isEmpty();

        // the stream ended: reconnect from the last id, no sooner than the server's retry:
        await().atMost(DEADLINE).until(() -> server.requestsTo(STREAM).size() == 2);
        List<ScriptedServer.Request> streams = server.requestsTo(STREAM);
        assertThat(streams.get(0).header("Last-Event-ID")).isEqualTo("0");
        assertThat(streams.get(1).header("Last-Event-ID")).isEqualTo("1764370800123459");
        assertThat(streams.get(1).header("Accept")).contains("text/event-stream");
        // the first answer's last bytes went out just before its end; allow scheduling slack below 400 ms
        assertThat(Duration.ofNanos(streams.get(1).nanos() - streams.get(0).nanos())).isGreaterThanOrEqualTo(Duration.ofMillis(350));
    }

    @Test
    void aResetIsReportedWithItsIdAndTheRetainedEventsAfterItAreDeliveredEvenFromARestartedSequence() {
        server.on(STREAM,
                stream("retry: 10\n\nid: 41\ndata: a\n\nid: 42\ndata: b\n\n"),
                // a restarted node: it does not know 42, says so, and its own ids start over
                server.streamThenSilence("retry: 10\n\nevent: reset\ndata: {\"lastEventId\":42}\n\n"
                        + "id: 1\ndata: c\n\nid: 2\ndata: d\n\n"));

        Subscription s = client.subscribe(40, recorder, "news");
        await().atMost(DEADLINE).until(() -> recorder.events.size() == 4);
        assertThat(recorder.events).extracting(ReceivedEvent::id).containsExactly(41L, 42L, 1L, 2L);
        assertThat(recorder.resets).containsExactly(42L);
        assertThat(s.lastEventId()).isEqualTo(2);
        assertThat(server.requestsTo(STREAM).get(1).header("Last-Event-ID")).isEqualTo("42");
    }

    @Test
    void eventsReplayedAgainAfterAReconnectAreNotDeliveredTwice() {
        server.on(STREAM,
                stream("retry: 10\n\nid: 5\ndata: a\n\nid: 6\ndata: b\n\n"),
                server.streamThenSilence("retry: 10\n\nid: 6\ndata: b\n\nid: 7\ndata: c\n\n"));

        client.subscribe(4, recorder, "news");
        await().atMost(DEADLINE).until(() -> recorder.events.size() >= 3);
        await().during(Duration.ofMillis(300)).atMost(DEADLINE).until(() -> recorder.events.size() == 3);
        assertThat(recorder.events).extracting(ReceivedEvent::id).containsExactly(5L, 6L, 7L);
    }

    @Test
    void aStreamThatGoesSilentFallsBackToLongPollAndAMissedAnswerIsAReset() {
        server.on(STREAM, server.streamThenSilence("retry: 10\n\nid: 8\ndata: a\n\n"))
                .on(POLL,
                        json(200, "[{\"id\":12,\"topic\":\"news\",\"type\":\"n\",\"data\":\"b\",\"timestamp\":\"2026-11-28T19:00:00Z\"}]",
                                "Herald-Missed", "true"),
                        noContent(),
                        json(200, "[{\"id\":13,\"topic\":\"news\",\"data\":\"c\",\"timestamp\":\"2026-11-28T19:00:01Z\"}]"));

        long subscribed = System.nanoTime();
        Subscription s = client.subscribe(7, recorder, "news");
        await().atMost(DEADLINE).until(() -> recorder.events.size() == 3);
        // no byte for twice the keepalive (600 ms): polling from the last id
        assertThat(Duration.ofNanos(server.requestsTo(POLL).get(0).nanos() - subscribed)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(s.mode()).isEqualTo(Mode.POLLING);
        assertThat(recorder.modes).containsSubsequence(Mode.STREAMING, Mode.POLLING);
        assertThat(recorder.events).containsExactly(
                new ReceivedEvent(8, "news", null, "a"),
                new ReceivedEvent(12, "news", "n", "b"),
                new ReceivedEvent(13, "news", null, "c"));
        assertThat(recorder.resets).as("Herald-Missed on a poll answer").containsExactly(8L);
        List<ScriptedServer.Request> polls = server.requestsTo(POLL);
        assertThat(polls.get(0).query()).contains("since=8");
        assertThat(polls.get(1).query()).contains("since=12");
        assertThat(polls.get(2).query()).contains("since=12");
    }

    @Test
    void nothingIsDeliveredAfterCloseEvenWhileTheConnectionIsStillBeingRead() {
        CountDownLatch more = new CountDownLatch(1);
        server.on(STREAM, exchange -> {
            stream("retry: 10\n\nid: 1\ndata: a\n\n").write(exchange);
            more.await(10, TimeUnit.SECONDS);
            exchange.getResponseBody().write("id: 2\ndata: b\n\n".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            server.closing.await(10, TimeUnit.SECONDS);
        });
        Subscription s = client.subscribe(0, recorder, "news");
        await().atMost(DEADLINE).until(() -> recorder.events.size() == 1);
        s.close();
        assertThat(s.mode()).isEqualTo(Mode.CLOSED);
        more.countDown();
        await().during(Duration.ofMillis(500)).atMost(DEADLINE).until(() -> recorder.events.size() == 1);
        assertThat(server.requestsTo(STREAM)).hasSize(1);
    }

    @Test
    void aForbiddenStreamEndsTheSubscriptionWithTheProblem() {
        server.on(STREAM, json(403, "{\"type\":\"urn:herald:problem:forbidden-topic\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"no\"}"));
        List<HeraldException> ended = new CopyOnWriteArrayList<>();
        Subscription s = client.subscribe(0, new HeraldListener() {
            @Override
            public void onEvent(ReceivedEvent event) {
            }

            @Override
            public void onError(HeraldException error, boolean closed) {
                if (closed) {
                    ended.add(error);
                }
            }
        }, "news");
        await().atMost(DEADLINE).until(() -> !ended.isEmpty());
        assertThat(ended.get(0)).isInstanceOfSatisfying(HeraldProblemException.class, p -> {
            assertThat(p.status()).isEqualTo(403);
            assertThat(p.type()).isEqualTo("urn:herald:problem:forbidden-topic");
        });
        assertThat(s.mode()).isEqualTo(Mode.CLOSED);
    }
}
