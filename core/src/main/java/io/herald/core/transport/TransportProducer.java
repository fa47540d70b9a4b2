package io.herald.core.transport;

import io.herald.core.transport.memory.InMemoryTransport;
import io.herald.core.transport.redis.RedisTransport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** Chooses the transport named by {@code herald.transport}; the only place that knows the choice. */
@ApplicationScoped
public class TransportProducer {

    @Produces
    @ApplicationScoped
    Transport transport(TransportSettings settings) {
        ReplaySettings replay = settings.replay();
        return switch (settings.kind()) {
            case "memory" -> new InMemoryTransport(replay.size(), replay.topicIdleTtl(), settings.maxTopics(),
                    replay.maxBytesPerTopic(), replay.maxBytes());
            case "redis" -> new RedisTransport(settings.redis());
            default -> throw new IllegalArgumentException(
                    TransportSettings.KIND_KEY + " must be 'memory' or 'redis', was '" + settings.kind() + "'");
        };
    }

    void close(@Disposes Transport transport) {
        transport.close();
    }
}
