package io.herald.core.transport.redis;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.api.Event;
import io.herald.core.broadcast.Broadcaster;
import io.herald.core.broadcast.RecordingSubscriber;
import io.herald.core.config.CoreSettings;
import io.herald.core.transport.Transport;
import io.herald.core.transport.TransportProducer;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Broadcaster end to end over Redis in real CDI containers (Weld SE): two containers in one JVM,
 * configured with {@code herald.transport=redis} and the same key prefix, are two nodes.
 *
 * <p>Configuration goes through a SmallRye config registered for the test's class loader rather than
 * system properties, so other tests in the same JVM keep the in-memory transport.
 */
class RedisBroadcasterWeldTest {

    private static final Duration DEADLINE = ofSeconds(20);

    private RedisTestSupport redis;
    private Config config;
    private WeldContainer nodeA;
    private WeldContainer nodeB;

    @BeforeEach
    void start() {
        redis = new RedisTestSupport();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(resolver.getConfig(loader));
        config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(
                        "herald.transport", "redis",
                        "herald.redis.uri", RedisTestSupport.URI,
                        "herald.redis.key-prefix", redis.prefix,
                        "herald.replay.size", "5"), "redis-test", 500))
                .addDefaultSources()
                .build();
        resolver.registerConfig(config, loader);
        nodeA = container("node-a");
        nodeB = container("node-b");
    }

    private static WeldContainer container(String id) {
        return new Weld(id)
                .disableDiscovery()
                .addBeanClasses(CoreSettings.class, TransportProducer.class, Broadcaster.class)
                .initialize();
    }

    @AfterEach
    void stop() {
        if (nodeA != null) {
            nodeA.shutdown();
        }
        if (nodeB != null) {
            nodeB.shutdown();
        }
        ConfigProviderResolver.instance().releaseConfig(config);
        redis.close();
    }

    @Test
    void theSelectedTransportIsRedis() {
        Transport t = nodeA.select(Transport.class).get();
        // a client proxy of the @ApplicationScoped producer result: ask it something only Redis knows
        assertThat(t.toString()).contains("RedisTransport");
    }

    @Test
    void aHubOnRedisSaysItsReadsMayWaitSoThatIoThreadsHandThemOn() {
        assertThat(nodeA.select(Broadcaster.class).get().readsMayWait()).isTrue();
    }

    @Test
    void publishOnOneNodeReachesSubscribersOnBothAndReplayWorksAcrossNodes() {
        Broadcaster a = nodeA.select(Broadcaster.class).get();
        Broadcaster b = nodeB.select(Broadcaster.class).get();
        RecordingSubscriber onA = new RecordingSubscriber();
        RecordingSubscriber onB = new RecordingSubscriber();
        a.subscribe(Set.of("notifications"), OptionalLong.empty(), onA);
        b.subscribe(Set.of("notifications"), OptionalLong.empty(), onB);

        Event e1 = a.publish("notifications", "notice", "one");
        Event e2 = b.publish("notifications", null, "two");
        Event e3 = a.publish("notifications", "notice", "three");

        await().atMost(DEADLINE).until(() -> onA.events.size() >= 3 && onB.events.size() >= 3);
        assertThat(onA.events).containsExactly(e1, e2, e3);
        assertThat(onB.events).containsExactly(e1, e2, e3);

        // a client that saw e1 on A reconnects to B with Last-Event-ID e1
        RecordingSubscriber back = new RecordingSubscriber();
        b.subscribe(Set.of("notifications"), OptionalLong.of(e1.id()), back);
        Event e4 = a.publish("notifications", null, "four");
        await().atMost(DEADLINE).until(() -> back.events.size() >= 3);
        assertThat(back.events).containsExactly(e2, e3, e4);
        assertThat(back.missed).isEmpty();
        assertThat(b.after(Set.of("notifications"), e2.id()).events()).containsExactly(e3, e4);
        assertThat(b.info("notifications").lastId()).isEqualTo(e4.id());
    }

    @Test
    void aClientTooFarBehindIsToldItMissedEventsOnTheOtherNode() {
        Broadcaster a = nodeA.select(Broadcaster.class).get();
        Broadcaster b = nodeB.select(Broadcaster.class).get();
        Event first = a.publish("t", null, "0");
        for (int i = 1; i <= 7; i++) {
            a.publish("t", null, Integer.toString(i));
        }
        RecordingSubscriber late = new RecordingSubscriber();
        b.subscribe(Set.of("t"), OptionalLong.of(first.id()), late);
        await().atMost(DEADLINE).until(() -> late.events.size() >= 5);
        assertThat(late.missed).containsExactly(first.id());
        assertThat(late.events).extracting(Event::data).containsExactly("3", "4", "5", "6", "7");
    }

    @Test
    void aLongPollOnOneNodeIsWokenByAPublishOnTheOther() throws Exception {
        Broadcaster a = nodeA.select(Broadcaster.class).get();
        Broadcaster b = nodeB.select(Broadcaster.class).get();
        long since = a.publish("poll", null, "old").id();
        CompletableFuture<io.herald.api.ReplayResult> waiting =
                b.awaitAfter(Set.of("poll"), since, Duration.ofSeconds(15)).toCompletableFuture();
        assertThat(waiting).isNotDone();
        long start = System.nanoTime();
        Event fresh = a.publish("poll", "wake", "new");
        List<Event> got = waiting.get(10, TimeUnit.SECONDS).events();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(got).containsExactly(fresh);
        assertThat(tookMs).isLessThan(2000);
    }
}
