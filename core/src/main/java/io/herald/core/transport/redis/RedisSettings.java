package io.herald.core.transport.redis;

import io.herald.core.config.ConfigValues;
import io.herald.core.transport.ReplaySettings;
import io.herald.core.time.Saturating;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;

/**
 * What a {@link RedisTransport} needs to know.
 *
 * @param uri              Redis to use, e.g. {@code redis://127.0.0.1:6379} ({@code herald.redis.uri})
 * @param keyPrefix        prefix of every key written ({@code herald.redis.key-prefix}); nodes that
 *                         share a prefix form one cluster. For Redis Cluster use a hash tag, e.g.
 *                         {@code {herald}:}, so that all keys live in one slot (the scripts touch several)
 * @param replaySize       events kept per topic ({@code herald.replay.size})
 * @param topicIdleTtl     a topic with no publish for this long expires from Redis
 *                         ({@code herald.topic.idle-ttl-seconds})
 * @param commandTimeout   longest wait for one command or connect ({@code herald.redis.command-timeout-ms})
 * @param globalStreamSize events kept (at least, approximately) in the cluster-wide stream
 *                         ({@code herald.redis.global-stream-size})
 * @param maxBytesPerTopic most bytes one topic's history keeps ({@code herald.replay.max-bytes-per-topic})
 * @param maxBytes         most bytes all histories in Redis keep together ({@code herald.replay.max-bytes})
 * @param nodeName         this node's name, used in the Redis client names
 *                         {@code herald-<node>-cmd} and {@code herald-<node>-reader}
 */
public record RedisSettings(String uri, String keyPrefix, int replaySize, Duration topicIdleTtl,
                            Duration commandTimeout, int globalStreamSize, long maxBytesPerTopic, long maxBytes,
                            String nodeName) {

    public RedisSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(topicIdleTtl, "topicIdleTtl");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(nodeName, "nodeName");
        if (maxBytesPerTopic < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("byte budgets must be at least 1");
        }
        if (replaySize < 1 || globalStreamSize < 1) {
            throw new IllegalArgumentException("replaySize and globalStreamSize must be at least 1");
        }
        if (Saturating.millis(topicIdleTtl) < 1 || Saturating.millis(commandTimeout) < 1) {
            throw new IllegalArgumentException("topicIdleTtl and commandTimeout must be at least 1 ms");
        }
    }

    /** The keys {@code herald.redis.*}, with {@code replay} (read once for both transports) and a random node name. */
    public static RedisSettings from(Config c, ReplaySettings replay) {
        return new RedisSettings(ConfigValues.string(c, "herald.redis.uri", "redis://127.0.0.1:6379"),
                ConfigValues.string(c, "herald.redis.key-prefix", "herald:"), replay.size(), replay.topicIdleTtl(),
                Duration.ofMillis(ConfigValues.positive(c, "herald.redis.command-timeout-ms", 2000)),
                ConfigValues.positive(c, "herald.redis.global-stream-size", 10000),
                replay.maxBytesPerTopic(), replay.maxBytes(), randomNodeName());
    }

    /** Defaults for everything but the Redis address and key prefix (tests, tools). */
    public static RedisSettings of(String uri, String keyPrefix) {
        return new RedisSettings(uri, keyPrefix, 50, Duration.ofHours(1), Duration.ofSeconds(2), 10000,
                1L << 20, 256L << 20, randomNodeName());
    }

    public RedisSettings withReplaySize(int size) {
        return new RedisSettings(uri, keyPrefix, size, topicIdleTtl, commandTimeout, globalStreamSize, maxBytesPerTopic, maxBytes, nodeName);
    }

    public RedisSettings withTopicIdleTtl(Duration ttl) {
        return new RedisSettings(uri, keyPrefix, replaySize, ttl, commandTimeout, globalStreamSize, maxBytesPerTopic, maxBytes, nodeName);
    }

    public RedisSettings withCommandTimeout(Duration timeout) {
        return new RedisSettings(uri, keyPrefix, replaySize, topicIdleTtl, timeout, globalStreamSize, maxBytesPerTopic, maxBytes, nodeName);
    }

    public RedisSettings withGlobalStreamSize(int size) {
        return new RedisSettings(uri, keyPrefix, replaySize, topicIdleTtl, commandTimeout, size, maxBytesPerTopic, maxBytes, nodeName);
    }

    public RedisSettings withByteBudgets(long perTopic, long total) {
        return new RedisSettings(uri, keyPrefix, replaySize, topicIdleTtl, commandTimeout, globalStreamSize, perTopic,
                total, nodeName);
    }

    public RedisSettings withNodeName(String name) {
        return new RedisSettings(uri, keyPrefix, replaySize, topicIdleTtl, commandTimeout, globalStreamSize, maxBytesPerTopic, maxBytes, name);
    }

    /** Removes this URI's credentials from a text (see {@link Redaction}). */
    public Redaction redaction() {
        return Redaction.of(uri);
    }

    /** The URI without its user-info, for messages and logs. */
    public String safeUri() {
        return redaction().apply(uri);
    }

    /** Without the URI's credentials: a record's own toString would print the password. */
    @Override
    public String toString() {
        return "RedisSettings[uri=" + safeUri() + ", keyPrefix=" + keyPrefix + ", replaySize=" + replaySize
                + ", topicIdleTtl=" + topicIdleTtl + ", commandTimeout=" + commandTimeout
                + ", globalStreamSize=" + globalStreamSize + ", nodeName=" + nodeName + "]";
    }

    private static String randomNodeName() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
