package io.herald.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.core.broadcast.HubSettings;
import io.herald.core.broadcast.TestHub;
import io.herald.core.transport.ReplaySettings;
import io.herald.core.transport.TransportSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoreSettingsTest {

    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(values, "test", 500)).build();
    }

    @Test
    void withNoKeysTheRecordsHaveTheDefaultsTheReadmeLists() {
        Config none = config(Map.of());
        assertThat(HubSettings.from(none)).isEqualTo(new HubSettings(
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), 64, 8192, 15000));
        TransportSettings transport = TransportSettings.from(none);
        assertThat(transport.kind()).isEqualTo("memory");
        assertThat(transport.maxTopics()).isEqualTo(10000);
        assertThat(transport.replay()).isEqualTo(new ReplaySettings(50, 1L << 20, 256L << 20, Duration.ofHours(1)));
        assertThat(transport.redis().uri()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(transport.redis().keyPrefix()).isEqualTo("herald:");
        assertThat(transport.redis().commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(transport.redis().globalStreamSize()).isEqualTo(10000);
        assertThat(transport.redis().replaySize()).isEqualTo(50);
    }

    @Test
    void theReplayKeysReachBothTransports() {
        TransportSettings t = TransportSettings.from(config(Map.of("herald.replay.size", "7",
                "herald.replay.max-bytes-per-topic", "100", "herald.replay.max-bytes", "1000",
                "herald.topic.idle-ttl-seconds", "9", "herald.transport", "redis")));
        assertThat(t.replay()).isEqualTo(new ReplaySettings(7, 100, 1000, Duration.ofSeconds(9)));
        assertThat(t.redis().replaySize()).isEqualTo(7);
        assertThat(t.redis().maxBytesPerTopic()).isEqualTo(100);
        assertThat(t.redis().maxBytes()).isEqualTo(1000);
        assertThat(t.redis().topicIdleTtl()).isEqualTo(Duration.ofSeconds(9));
    }

    @ParameterizedTest
    @CsvSource({
            "herald.delivery.threads, 0, at least 1",
            "herald.delivery.extra-threads, -1, at least 0",
            "herald.subscriber.queue-size, 0, at least 1",
            "herald.limit.subscribers, 0, at least 1",
            "herald.limit.topics, 0, at least 1",
            "herald.replay.size, 0, at least 1",
            "herald.replay.max-bytes, 0, at least 1",
            "herald.topic.idle-ttl-seconds, 0, at least 1",
            "herald.redis.command-timeout-ms, 0, at least 1",
            "herald.transport, kafka, 'memory' or 'redis'"})
    void aBadValueFailsStartUpNamingItsKey(String key, String value, String expected) {
        assertThatThrownBy(() -> TestHub.start(Map.of(key, value)).close())
                .hasStackTraceContaining(key).hasStackTraceContaining(expected);
    }
}
