package io.herald.core.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.api.Event;
import io.herald.core.broadcast.Broadcaster;
import io.herald.core.broadcast.RecordingSubscriber;
import io.herald.core.broadcast.TestHub;
import io.herald.api.HubUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stream or long-poll whose setup fails on a transport error (Redis down: the history cannot be
 * read) leaves nothing behind: no registered mailbox parking events, no place taken, no count.
 */
class FailedSubscribeTest {

    private PrivateRedis redis;
    private TestHub hub;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(PrivateRedis.available(), "redis-server is not installed");
        redis = new PrivateRedis();
        redis.start(false);
        hub = TestHub.start(Map.of("herald.transport", "redis", "herald.redis.uri", redis.uri(),
                "herald.redis.key-prefix", "fail:", "herald.redis.command-timeout-ms", "500"));
    }

    @AfterEach
    void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void subscribesThatFailWhileRedisIsDownLeaveNothingRegistered() throws Exception {
        Broadcaster b = hub.broadcaster();
        long known = b.publish("t", null, "before").id();
        redis.stop();

        List<RecordingSubscriber> refused = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            RecordingSubscriber s = new RecordingSubscriber();
            refused.add(s);
            Set<String> topics = i % 2 == 0 ? Set.of("t") : Set.of("t", "u");
            assertThatThrownBy(() -> b.subscribe(topics, OptionalLong.of(known), s))
                    .isInstanceOf(HubUnavailableException.class);
            assertThatThrownBy(() -> b.awaitAfter(topics, known, Duration.ofSeconds(60)))
                    .isInstanceOf(HubUnavailableException.class);
        }
        assertThat(b.status().openStreams()).isZero();
        assertThat(b.status().waitingPolls()).isZero();
        assertThat(b.status().placesTaken()).isZero();

        redis.start(false);
        await().atMost(Duration.ofSeconds(20)).ignoreException(HubUnavailableException.class)
                .until(() -> b.after(Set.of("t"), known) != null);
        RecordingSubscriber healthy = new RecordingSubscriber();
        b.subscribe(Set.of("t", "u"), OptionalLong.of(known), healthy);
        Event after = b.publish("t", null, "after");
        await().atMost(Duration.ofSeconds(20)).until(() -> healthy.events.contains(after));
        assertThat(b.info("t").streams()).isEqualTo(1);
        assertThat(b.info("u").streams()).isEqualTo(1);
        refused.forEach(s -> assertThat(s.events).isEmpty());
    }
}
