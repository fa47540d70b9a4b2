package io.herald.core.transport;

import io.herald.core.config.ConfigValues;
import io.herald.core.time.Saturating;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.microprofile.config.Config;

/**
 * How much history a transport keeps, the same for the memory and the Redis transport.
 *
 * @param size             events kept per topic ({@code herald.replay.size}, default 50)
 * @param maxBytesPerTopic most bytes (UTF-8 length of data, type and topic) one topic's history
 *                         keeps; past it the oldest go ({@code herald.replay.max-bytes-per-topic}, default 1 MiB)
 * @param maxBytes         most bytes all histories keep together (per node in memory, in Redis for
 *                         the cluster) ({@code herald.replay.max-bytes}, default 256 MiB)
 * @param topicIdleTtl     a topic with no event for this long is forgotten
 *                         ({@code herald.topic.idle-ttl-seconds}, default 3600)
 */
public record ReplaySettings(int size, long maxBytesPerTopic, long maxBytes, Duration topicIdleTtl) {

    public ReplaySettings {
        Objects.requireNonNull(topicIdleTtl, "topicIdleTtl");
        if (size < 1 || maxBytesPerTopic < 1 || maxBytes < 1 || Saturating.millis(topicIdleTtl) < 1) {
            throw new IllegalArgumentException("replay size, byte budgets and topic idle TTL must be positive");
        }
    }

    /** The keys {@code herald.replay.*} and {@code herald.topic.idle-ttl-seconds}. */
    public static ReplaySettings from(Config c) {
        return new ReplaySettings(ConfigValues.positive(c, "herald.replay.size", 50),
                ConfigValues.positiveLong(c, "herald.replay.max-bytes-per-topic", 1L << 20),
                ConfigValues.positiveLong(c, "herald.replay.max-bytes", 256L << 20),
                Duration.ofSeconds(ConfigValues.positive(c, "herald.topic.idle-ttl-seconds", 3600)));
    }
}
