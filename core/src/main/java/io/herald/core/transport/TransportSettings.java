package io.herald.core.transport;

import io.herald.core.config.ConfigValues;
import io.herald.core.transport.redis.RedisSettings;
import java.util.Objects;
import org.eclipse.microprofile.config.Config;

/**
 * Which transport to run and how.
 *
 * @param kind      {@code memory} (one node) or {@code redis} (several) ({@code herald.transport}, default memory)
 * @param replay    the history both transports keep
 * @param maxTopics most topics with a history (memory transport); a publish creating one more is
 *                  refused with 503 until idle topics expire ({@code herald.limit.topics}, default 10000)
 * @param redis     the Redis transport's settings (read whatever the kind, so a bad value fails start-up either way)
 */
public record TransportSettings(String kind, ReplaySettings replay, int maxTopics, RedisSettings redis) {

    /** The key naming the transport. */
    public static final String KIND_KEY = "herald.transport";

    public TransportSettings {
        Objects.requireNonNull(replay, "replay");
        Objects.requireNonNull(redis, "redis");
        if (!"memory".equals(kind) && !"redis".equals(kind)) {
            throw new IllegalArgumentException(KIND_KEY + " must be 'memory' or 'redis', was '" + kind + "'");
        }
        if (maxTopics < 1) {
            throw new IllegalArgumentException("maxTopics must be at least 1");
        }
    }

    /** The keys {@value #KIND_KEY}, {@code herald.limit.topics}, and those of {@link ReplaySettings} and {@link RedisSettings}. */
    public static TransportSettings from(Config c) {
        ReplaySettings replay = ReplaySettings.from(c);
        return new TransportSettings(ConfigValues.string(c, KIND_KEY, "memory"), replay,
                ConfigValues.positive(c, "herald.limit.topics", 10000), RedisSettings.from(c, replay));
    }
}
