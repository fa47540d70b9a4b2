package io.herald.core.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import io.herald.core.broadcast.Broadcaster;
import io.herald.core.broadcast.RecordingSubscriber;
import io.herald.core.broadcast.TestHub;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node whose reader falls behind the cluster-wide stream's trimming (it is cut off from Redis
 * while the other node publishes more than the stream keeps) must not skip the lost events
 * silently: each of its streams gets a reset before the next event, and goes on.
 */
class LaggingNodeTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final RedisTestSupport redis = new RedisTestSupport();
    private PausableProxy proxy;
    private TestHub hubA;
    private TestHub hubB;

    @AfterEach
    void stop() throws Exception {
        if (hubB != null) {
            hubB.close();
        }
        if (hubA != null) {
            hubA.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        redis.close();
    }

    @Test
    void aNodeThatFellBehindTheGlobalStreamTellsItsStreamsTheyMissedEvents() throws Exception {
        URI target = URI.create(RedisTestSupport.URI);
        proxy = new PausableProxy(target.getHost(), target.getPort());
        Map<String, String> common = Map.of("herald.transport", "redis", "herald.redis.key-prefix", redis.prefix,
                "herald.redis.global-stream-size", "20", "herald.redis.command-timeout-ms", "2000",
                "herald.replay.size", "2000");
        hubA = TestHub.start(with(common, "herald.redis.uri", RedisTestSupport.URI));
        Broadcaster a = hubA.broadcaster();
        a.status().placesTaken(); // creates node A (and reads its configuration) before B's is registered
        hubB = TestHub.start(with(common, "herald.redis.uri", proxy.uri())); // B reaches Redis through the proxy
        Broadcaster b = hubB.broadcaster();

        RecordingSubscriber one = new RecordingSubscriber();
        RecordingSubscriber several = new RecordingSubscriber();
        b.subscribe(Set.of("t"), OptionalLong.empty(), one);
        b.subscribe(Set.of("t", "u"), OptionalLong.empty(), several);
        Event before = a.publish("t", null, "before");
        await().atMost(DEADLINE).until(() -> one.events.size() == 1 && several.events.size() == 1);
        CompletableFuture<ReplayResult> poll = b.awaitAfter(Set.of("t"), before.id(), Duration.ofSeconds(60))
                .toCompletableFuture();

        proxy.pause(); // node B hears nothing from Redis
        List<Event> published = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            published.add(a.publish(i % 2 == 0 ? "t" : "u", null, "while B lags " + i));
        }
        proxy.resume();
        Event after = a.publish("t", null, "after");

        await().atMost(DEADLINE).until(() -> one.events.contains(after) && several.events.contains(after));
        for (RecordingSubscriber s : List.of(one, several)) {
            assertThat(s.ids()).isSorted().doesNotHaveDuplicates();
            assertThat(s.missed).as("a reset, not a silent gap").hasSize(1);
        }
        assertThat(one.events.size()).as("most events were trimmed before B read them").isLessThan(501);
        // the waiting poll was answered so that it reads the history again: nothing is lost there
        ReplayResult woke = poll.get(30, java.util.concurrent.TimeUnit.SECONDS);
        ReplayResult again = b.after(Set.of("t"), woke.lastIdOr(before.id()));
        List<Event> seenByPoll = new ArrayList<>(woke.events());
        seenByPoll.addAll(again.events());
        assertThat(seenByPoll).containsAll(published.stream().filter(e -> e.topic().equals("t")).toList());
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }
}
