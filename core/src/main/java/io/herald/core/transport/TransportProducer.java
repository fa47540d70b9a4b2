package io.herald.core.transport;

import io.herald.core.config.HeraldConfig;
import io.herald.core.transport.memory.InMemoryTransport;
import io.herald.core.transport.redis.RedisSettings;
import io.herald.core.transport.redis.RedisTransport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** Chooses the transport named by {@code herald.transport}; the only place that knows the choice. */
@ApplicationScoped
public class TransportProducer {

    @Produces
    @ApplicationScoped
    Transport transport(HeraldConfig config) {
        return switch (config.transport()) {
            case "memory" -> new InMemoryTransport(config.replaySize(), config.topicIdleTtl(), config.limitTopics(),
                    config.replayMaxBytesPerTopic(), config.replayMaxBytes());
            case "redis" -> new RedisTransport(RedisSettings.from(config));
            default -> throw new IllegalArgumentException(
                    "herald.transport must be 'memory' or 'redis', was '" + config.transport() + "'");
        };
    }

    void close(@Disposes Transport transport) {
        transport.close();
    }
}
