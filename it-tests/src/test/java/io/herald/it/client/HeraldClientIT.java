package io.herald.it.client;

import io.herald.it.support.Tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.api.Event;
import io.herald.api.TopicInfo;
import io.herald.client.HeraldClient;
import io.herald.client.HeraldException;
import io.herald.client.HeraldListener;
import io.herald.client.HeraldProblemException;
import io.herald.client.History;
import io.herald.client.ReceivedEvent;
import io.herald.client.Subscription;
import io.herald.client.Subscription.Mode;
import io.herald.it.support.HeraldProcess;
import io.herald.it.support.TcpProxy;
import jakarta.json.Json;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * herald-client against the real WAR on two Payara Micro processes booted once: an open one
 * (development mode, keepalive 1 s, {@code retry: 500}) reached directly or through a proxy the
 * tests control ({@link TcpProxy}: relays, cuts, or buffers whole responses), and a secured one
 * (HS256 tokens, {@code private.*}, no clock skew, at most 6 topics). The last test restarts the
 * open server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeraldClientIT {

    static final String SECRET = "client-it-secret-0123456789-abcdefghijklmnopq";
    static final Duration KEEPALIVE = Duration.ofSeconds(1); // herald.sse.keepalive-seconds of herald.it.jvm
    static final Duration DEADLINE = Duration.ofSeconds(30);

    static HeraldProcess open;
    static HeraldProcess secured;
    static HeraldClient direct;
    static final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        open = new HeraldProcess("herald-client-open", Map.of());
        secured = new HeraldProcess("herald-client-secured", Map.of(
                "herald.auth.dev-mode", "false",
                "herald.auth.jwt.secret", SECRET,
                "herald.auth.private-topics", "private.*",
                "herald.auth.jwt.clock-skew-seconds", "0",
                "herald.limit.topics", "6"));
        open.start();
        secured.start();
        open.awaitReady(HeraldProcess.BOOT);
        secured.awaitReady(HeraldProcess.BOOT);
        direct = client(open.uri(), null);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                // keep closing the others
            }
        }
        if (direct != null) {
            direct.close();
        }
        if (open != null) {
            open.close();
        }
        if (secured != null) {
            secured.close();
        }
    }

    /** Short timings, so fallback and recovery fit in a test: stall after 2 s, probe every 3 s. */
    static HeraldClient client(URI base, Supplier<String> tokens) {
        HeraldClient.Builder b = HeraldClient.builder(base)
                .keepAlive(KEEPALIVE)
                .pollTimeout(Duration.ofSeconds(2))
                .streamRetryInterval(Duration.ofSeconds(3))
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
                .connectTimeout(Duration.ofSeconds(5))
                .requestTimeout(Duration.ofSeconds(20));
        if (tokens != null) {
            b.token(tokens);
        }
        HeraldClient c = b.build();
        toClose.add(c);
        return c;
    }

    static URI via(TcpProxy proxy) {
        return URI.create("http://127.0.0.1:" + proxy.port() + "/");
    }

    static String topic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String token(Instant expires, List<String> publish, List<String> subscribe) {
        return Tokens.hs256(SECRET, "client-it", expires, publish, subscribe);
    }

    /** Records what a subscription delivers, and in which mode each event came. */
    static final class Recorder implements HeraldListener {
        final List<ReceivedEvent> events = new CopyOnWriteArrayList<>();
        final List<Mode> modeOfEvent = new CopyOnWriteArrayList<>();
        final List<Long> resets = new CopyOnWriteArrayList<>();
        final List<Mode> modes = new CopyOnWriteArrayList<>();
        volatile Mode mode = Mode.CONNECTING;

        @Override
        public void onEvent(ReceivedEvent event) {
            events.add(event);
            modeOfEvent.add(mode);
        }

        @Override
        public void onReset(long lastEventId) {
            resets.add(lastEventId);
        }

        @Override
        public void onModeChange(Mode next) {
            mode = next;
            modes.add(next);
        }

        List<Long> ids() {
            return events.stream().map(ReceivedEvent::id).toList();
        }
    }

    /**
     * Publishes at a steady rate on a timer (not in bursts: a client away for a moment must find its
     * events still in the 50-event history) until stopped; {@code topicOf} picks each event's topic.
     */
    static final class Publisher implements AutoCloseable {
        final List<Long> ids = new CopyOnWriteArrayList<>();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        Publisher(Duration every, IntFunction<String> topicOf, IntConsumer afterEach) {
            AtomicInteger n = new AtomicInteger();
            timer.scheduleAtFixedRate(() -> {
                int i = n.getAndIncrement();
                ids.add(direct.publish(topicOf.apply(i), null, "event " + i).id());
                afterEach.accept(i);
            }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }

        List<Long> awaitCount(int count) {
            await("published " + count).atMost(DEADLINE).until(() -> ids.size() >= count);
            close();
            return List.copyOf(ids);
        }

        @Override
        public void close() {
            timer.shutdown();
            try {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void awaitMode(Subscription s, Mode mode, Duration within) {
        await("subscription " + mode).atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> s.mode() == mode);
    }

    static void awaitIds(Recorder r, List<Long> expected) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(r.ids())
                .as("delivered so far (expected %s; resets %s; modes %s)", expected, r.resets, r.modes)
                .hasSizeGreaterThanOrEqualTo(expected.size()));
        assertThat(r.ids()).as("delivered ids: in order, none lost, none twice").isEqualTo(expected);
    }

    // ---- publish, history, info --------------------------------------------------------------

    @Test
    @Order(1)
    void publishReturnsTheStoredEventAndHistoryAndInfoReadItBack() {
        String t = topic("basics");
        Event text = direct.publish(t, "notice", "line one\nline two");
        Event json = direct.publish(t, null, Json.createObjectBuilder().add("alert", 5).build());
        assertThat(text.id()).isPositive();
        assertThat(json.id()).isGreaterThan(text.id());
        assertThat(text.type()).isEqualTo("notice");
        assertThat(text.data()).isEqualTo("line one\nline two");
        assertThat(json.data()).isEqualTo("{\"alert\":5}");
        assertThat(json.type()).isNull();

        History all = direct.history(t, 0);
        assertThat(all.events()).containsExactly(text, json);
        assertThat(all.missed()).isFalse();
        assertThat(direct.history(t, text.id()).events()).containsExactly(json);

        TopicInfo info = direct.info(t);
        assertThat(info.lastId()).isEqualTo(json.id());
        assertThat(info.buffered()).isEqualTo(2);
    }

    // ---- drops --------------------------------------------------------------------------------

    @Test
    @Order(2)
    void resumesWithLastEventIdAfterTheConnectionIsCutMidStreamWithNothingLostOrRepeated() throws Exception {
        String t = topic("cut");
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", open.port)) {
            Recorder r = new Recorder();
            Subscription s = client(via(proxy), null).subscribe(r, t);
            awaitMode(s, Mode.STREAMING, DEADLINE);
            // the next events after each cut are published while the client is away
            List<Long> published = new Publisher(Duration.ofMillis(100), i -> t, i -> {
                if (i % 20 == 10) {
                    proxy.cutAll();
                }
            }).awaitCount(60);
            awaitIds(r, published);
            assertThat(r.resets).isEmpty();
            long resumed = proxy.requestHeads().stream()
                    .filter(h -> h.contains("/stream") && h.toLowerCase().contains("last-event-id:")).count();
            assertThat(resumed).as("stream requests resuming with Last-Event-ID").isGreaterThanOrEqualTo(3);
            s.close();
            assertThat(s.mode()).isEqualTo(Mode.CLOSED);
        }
    }

    // ---- buffering proxy: fallback and back -----------------------------------------------------

    @Test
    @Order(3)
    void fallsBackToLongPollBehindABufferingProxyAndStreamsAgainOnceItIsGone() throws Exception {
        String a = topic("buf-a");
        String b = topic("buf-b");
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", open.port)) {
            proxy.mode(TcpProxy.Mode.BUFFER);
            Recorder r = new Recorder();
            long started = System.nanoTime();
            Subscription s = client(via(proxy), null).subscribe(r, a, b);
            // nothing of the stream gets through: after twice the keepalive without a byte, poll
            awaitMode(s, Mode.POLLING, DEADLINE);
            Duration toFallback = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("buffering proxy: fallback to long-poll after " + toFallback.toMillis() + " ms");
            assertThat(toFallback).isLessThan(KEEPALIVE.multipliedBy(2).plusSeconds(10));
            assertThat(r.modes).doesNotContain(Mode.STREAMING);

            List<Long> published = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                published.add(direct.publish(i % 3 == 0 ? b : a, null, "polled " + i).id());
            }
            awaitIds(r, published);
            assertThat(r.modeOfEvent).containsOnly(Mode.POLLING);
            assertThat(r.events).extracting(ReceivedEvent::topic).containsOnly(a, b);

            proxy.mode(TcpProxy.Mode.RELAY); // the proxy is gone: new connections stream again
            long relayed = System.nanoTime();
            awaitMode(s, Mode.STREAMING, DEADLINE);
            System.out.println("proxy removed: streaming again after " + (System.nanoTime() - relayed) / 1_000_000 + " ms");
            for (int i = 0; i < 20; i++) {
                published.add(direct.publish(i % 2 == 0 ? a : b, null, "streamed " + i).id());
            }
            awaitIds(r, published);
            assertThat(r.modeOfEvent.subList(20, 40)).containsOnly(Mode.STREAMING);
            assertThat(r.resets).isEmpty();
        }
    }

    @Test
    @Order(4)
    void aSubscriptionPublishedToDuringTheSwitchesSeesOneOrderedSequence() throws Exception {
        String a = topic("sw-a");
        String b = topic("sw-b");
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", open.port)) {
            Recorder r = new Recorder();
            Subscription s = client(via(proxy), null).subscribe(r, a, b);
            awaitMode(s, Mode.STREAMING, DEADLINE);
            // publish steadily while the stream is buffered, polled, and streamed again
            List<Long> published = new ArrayList<>();
            try (Publisher p = new Publisher(Duration.ofMillis(200), i -> i % 2 == 0 ? a : b, i -> { })) {
                proxy.mode(TcpProxy.Mode.BUFFER);
                proxy.cutAll();
                awaitMode(s, Mode.POLLING, DEADLINE);
                proxy.mode(TcpProxy.Mode.RELAY);
                awaitMode(s, Mode.STREAMING, DEADLINE);
                p.close();
                published.addAll(p.ids);
            }
            for (int k = 0; k < 20; k++) {
                published.add(direct.publish(k % 2 == 0 ? a : b, null, "z").id());
            }
            System.out.println("switch test: " + published.size() + " events published across the switches");
            awaitIds(r, published);
        }
    }

    // ---- tokens -------------------------------------------------------------------------------

    @Test
    @Order(5)
    void refreshesTheTokenOn401AndResumesWhenTheStreamEndsWithItsToken() {
        String t = "private." + topic("refresh");
        AtomicInteger calls = new AtomicInteger();
        // first an expired token (401), then tokens that live 4 s: the server ends the stream when
        // each expires, the reconnect gets 401, and the client asks for a new one
        Supplier<String> tokens = () -> calls.incrementAndGet() == 1
                ? token(Instant.now().minusSeconds(60), List.of("private.*"), List.of("private.*"))
                : token(Instant.now().plusSeconds(4), List.of("private.*"), List.of("private.*"));
        HeraldClient publisher = client(secured.uri(), () -> token(Instant.now().plusSeconds(600), List.of("*"), null));
        HeraldClient reader = client(secured.uri(), tokens);

        Event first = reader.publish(t, null, "published with a refreshed token");
        assertThat(calls.get()).as("expired token refused, new one asked for").isEqualTo(2);

        Recorder r = new Recorder();
        Subscription s = reader.subscribe(first.id() - 1, r, t);
        List<Long> published = new ArrayList<>(List.of(first.id()));
        awaitIds(r, published);
        for (int round = 0; round < 3; round++) {
            int before = calls.get();
            for (int i = 0; i < 5; i++) {
                published.add(publisher.publish(t, null, "round " + round).id());
            }
            await("token refreshed").atMost(DEADLINE).until(() -> calls.get() > before);
        }
        published.add(publisher.publish(t, null, "last").id());
        awaitIds(r, published);
        assertThat(r.resets).isEmpty();
        s.close();
    }

    // ---- publish errors -----------------------------------------------------------------------

    @Test
    @Order(6)
    void publishErrorsAreProblemExceptionsWithTheServersStatusAndType() {
        String t = topic("errors");
        assertThatThrownBy(() -> direct.publish(t, null, ""))
                .isInstanceOfSatisfying(HeraldProblemException.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.type()).isEqualTo("urn:herald:problem:missing-data");
                    assertThat(p.detail()).isNotBlank();
                    assertThat(p.isRetryable()).isFalse();
                });
        // what the client can tell is wrong is refused before anything is sent
        assertThatThrownBy(() -> direct.publish(t, "x".repeat(65), "too long a type")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> direct.publish(t, "reset", "Herald's own frame")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> direct.publish(t, null, "x".repeat(70_000)))
                .isInstanceOfSatisfying(HeraldProblemException.class, p -> assertThat(p.status()).isEqualTo(413));

        HeraldClient anonymous = client(secured.uri(), null);
        assertThatThrownBy(() -> anonymous.publish(t, null, "no token"))
                .isInstanceOfSatisfying(HeraldProblemException.class, p -> assertThat(p.status()).isEqualTo(401));
        AtomicInteger asked = new AtomicInteger();
        HeraldClient wrongTopic = client(secured.uri(), () -> {
            asked.incrementAndGet();
            return token(Instant.now().plusSeconds(600), List.of("other"), null);
        });
        assertThatThrownBy(() -> wrongTopic.publish(t, null, "not mine"))
                .isInstanceOfSatisfying(HeraldProblemException.class, p -> {
                    assertThat(p.status()).isEqualTo(403);
                    assertThat(p.type()).isEqualTo("urn:herald:problem:forbidden-topic");
                });
        assertThat(asked.get()).as("a 403 is not a reason to refresh the token").isEqualTo(1);

        // the secured server holds at most 6 topics: creating more is 503 with Retry-After
        HeraldClient publisher = client(secured.uri(), () -> token(Instant.now().plusSeconds(600), List.of("*"), null));
        HeraldProblemException full = null;
        for (int i = 0; i < 8 && full == null; i++) {
            try {
                publisher.publish(topic("limit"), null, "one more topic");
            } catch (HeraldProblemException p) {
                full = p;
            }
        }
        assertThat(full).as("refused past herald.limit.topics").isNotNull();
        assertThat(full.status()).isEqualTo(503);
        assertThat(full.retryAfter()).isPresent();
        assertThat(full.isRetryable()).isTrue();

        HeraldClient nowhere = client(URI.create("http://127.0.0.1:" + io.herald.it.support.ExternalProcess.freePort() + "/"), null);
        assertThatThrownBy(() -> nowhere.publish(t, null, "nobody listens"))
                .isInstanceOf(HeraldException.class).isNotInstanceOf(HeraldProblemException.class);
    }

    // ---- restart ------------------------------------------------------------------------------

    @Test
    @Order(7)
    void aServerRestartEndsInAResetOrAFullResumeAndDeliveryGoesOn() {
        String t = topic("restart");
        Recorder r = new Recorder();
        Subscription s = client(open.uri(), null).subscribe(r, t);
        awaitMode(s, Mode.STREAMING, DEADLINE);
        List<Long> before = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            before.add(direct.publish(t, null, "before " + i).id());
        }
        awaitIds(r, before);

        open.stop();
        await("client notices the server is gone").atMost(DEADLINE).until(() -> s.mode() != Mode.STREAMING);
        open.start(HeraldProcess.BOOT);
        List<Long> after = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            after.add(direct.publish(t, null, "after " + i).id());
        }
        List<Long> expected = new ArrayList<>(before);
        expected.addAll(after);
        awaitIds(r, expected);
        await().atMost(DEADLINE).until(() -> s.mode() == Mode.STREAMING);
        boolean fullResume = after.get(0) > before.get(before.size() - 1);
        if (!fullResume) {
            // the restarted node's ids started over: the client must have been told
            assertThat(r.resets).as("reset reported").isNotEmpty();
        }
        assertThat(r.resets).allMatch(id -> id.equals(before.get(before.size() - 1)));
        System.out.println("restart: resets " + r.resets + ", ids after " + after);
    }
}
