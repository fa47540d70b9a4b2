package io.herald.client;

import static io.herald.client.ScriptedServer.json;
import static io.herald.client.ScriptedServer.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.client.Subscription.Mode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Token refresh, limits and the several-topic poll merge, against scripted answers over real HTTP. */
class SubscriptionBehaviourTest {

    static final Duration DEADLINE = Duration.ofSeconds(20);

    ScriptedServer server;
    HeraldClient client;

    HeraldClient client(ScriptedServer s, String... tokens) {
        AtomicInteger n = new AtomicInteger();
        HeraldClient.Builder b = s.client();
        if (tokens.length > 0) {
            b.token(() -> tokens[Math.min(n.getAndIncrement(), tokens.length - 1)]);
        }
        return b.build();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static String event(long id, String topic) {
        return "{\"id\":" + id + ",\"topic\":\"" + topic + "\",\"data\":\"d" + id + "\",\"timestamp\":\"2026-11-28T19:00:00Z\"}";
    }

    @Test
    void a401AsksTheSupplierForANewTokenOnceAndSendsAgain() throws Exception {
        server = new ScriptedServer();
        server.on("/topics/news/events",
                json(401, "{\"type\":\"urn:herald:problem:unauthorized\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"expired\"}"),
                json(201, event(9, "news")));
        client = client(server, "old", "new", "newer");
        assertThat(client.publish("news", null, "hi").id()).isEqualTo(9);
        List<ScriptedServer.Request> sent = server.requestsTo("/topics/news/events");
        assertThat(sent).extracting(r -> r.header("Authorization")).containsExactly("Bearer old", "Bearer new");
        assertThat(sent.get(1).header("Content-Type")).startsWith("text/plain");

        // the kept token is used from then on, without asking again
        server.on("/topics/news", json(200, "{\"topic\":\"news\",\"streams\":0,\"polls\":0,\"subscribers\":0,\"lastId\":9,\"buffered\":1}"));
        assertThat(client.info("news").lastId()).isEqualTo(9);
        assertThat(server.requestsTo("/topics/news").get(0).header("Authorization")).isEqualTo("Bearer new");
    }

    @Test
    void aListenerThatThrowsOnARetriedFailureStillGetsReconnected() throws Exception {
        server = new ScriptedServer();
        server.on("/topics/news/stream",
                json(429, "{\"type\":\"urn:herald:problem:limit\",\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\"x\"}",
                        "Retry-After", "0"),
                server.streamThenSilence("retry: 10\n\nid: 3\ndata: a\n\n"));
        client = client(server);
        List<ReceivedEvent> got = new CopyOnWriteArrayList<>();
        AtomicInteger errors = new AtomicInteger();
        client.subscribe(2, new HeraldListener() {
            @Override
            public void onEvent(ReceivedEvent event) {
                got.add(event);
            }

            @Override
            public void onError(HeraldException error, boolean ended) {
                errors.incrementAndGet();
                throw new IllegalStateException("a listener bug");
            }
        }, "news");
        await().atMost(DEADLINE).until(() -> got.size() == 1);
        assertThat(errors.get()).isEqualTo(1);
        assertThat(got.get(0).id()).isEqualTo(3);
    }

    @Test
    void aStreamRefusedByALimitWaitsRetryAfterAndDoesNotFallBackToPolling() throws Exception {
        server = new ScriptedServer();
        server.on("/topics/news/stream",
                json(429, "{\"type\":\"urn:herald:problem:limit\",\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\"x\"}",
                        "Retry-After", "1"),
                server.streamThenSilence("retry: 10\n\nid: 3\ndata: a\n\n"));
        client = client(server);
        List<ReceivedEvent> got = new CopyOnWriteArrayList<>();
        client.subscribe(2, got::add, "news");
        await().atMost(DEADLINE).until(() -> got.size() == 1);
        List<ScriptedServer.Request> streams = server.requestsTo("/topics/news/stream");
        assertThat(Duration.ofNanos(streams.get(1).nanos() - streams.get(0).nanos())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(server.requestsTo("/topics/news/poll")).isEmpty();
    }

    @Test
    void severalTopicsArePolledAndMergedByIdUpToTheWakingAnswersHighestId() throws Exception {
        server = new ScriptedServer();
        // the stream stalls (a buffering proxy): fall back to polling both topics
        server.on("/stream", server.streamThenSilence(""), server.streamThenSilence(""))
                // a's answer (10) wakes a read of b's history: 8 and 9 are merged in; 12 is above the
                // answer's id and waits, since 11 (on a) may not be visible yet - and is, next round
                .on("/topics/a/poll", json(200, "[" + event(10, "a") + "]"), json(200, "[" + event(11, "a") + "]"),
                        server.longPollThenNoContent(), server.longPollThenNoContent())
                .on("/topics/b/events", json(200, "[" + event(8, "b") + "," + event(9, "b") + "," + event(12, "b") + "]"),
                        json(200, "[" + event(12, "b") + "]"))
                .on("/topics/b/poll", server.longPollThenNoContent(), json(200, "[" + event(12, "b") + "]"),
                        server.longPollThenNoContent(), server.longPollThenNoContent())
                .on("/topics/a/events", json(200, "[]"), json(200, "[]"));
        client = client(server);
        List<ReceivedEvent> got = new CopyOnWriteArrayList<>();
        Subscription s = client.subscribe(7, got::add, "a", "b");
        await().atMost(DEADLINE).until(() -> got.size() == 5);
        assertThat(got).extracting(ReceivedEvent::id).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(got).extracting(ReceivedEvent::topic).containsExactly("b", "b", "a", "a", "b");
        assertThat(s.mode()).isEqualTo(Mode.POLLING);
        assertThat(server.requestsTo("/topics/b/events").get(0).query()).isEqualTo("since=7");
    }
}
