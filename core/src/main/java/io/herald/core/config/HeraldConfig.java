package io.herald.core.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every Herald setting, read once from MicroProfile Config (system properties, environment,
 * {@code META-INF/microprofile-config.properties}); the README lists the same keys and defaults.
 */
@ApplicationScoped
public class HeraldConfig {

    private int replaySize;
    private Duration topicIdleTtl;
    private Duration sseRetry;
    private Duration sseKeepAlive;
    private Duration pollDefaultTimeout;
    private Duration pollMaxTimeout;
    private int publishMaxBytes;
    private int subscriberQueueSize;
    private int deliveryThreads;
    private String transport;
    private String redisUri;
    private String redisKeyPrefix;
    private Duration redisCommandTimeout;
    private int redisGlobalStreamSize;

    @PostConstruct
    void load() {
        Config c = ConfigProvider.getConfig();
        replaySize = positive(c, "herald.replay.size", 50);
        topicIdleTtl = Duration.ofSeconds(positive(c, "herald.topic.idle-ttl-seconds", 3600));
        sseRetry = Duration.ofMillis(positive(c, "herald.sse.retry-ms", 3000));
        sseKeepAlive = Duration.ofSeconds(positive(c, "herald.sse.keepalive-seconds", 15));
        pollDefaultTimeout = Duration.ofSeconds(positive(c, "herald.poll.default-timeout-seconds", 25));
        pollMaxTimeout = Duration.ofSeconds(positive(c, "herald.poll.max-timeout-seconds", 120));
        publishMaxBytes = positive(c, "herald.publish.max-bytes", 65536);
        subscriberQueueSize = positive(c, "herald.subscriber.queue-size", 1024);
        deliveryThreads = positive(c, "herald.delivery.threads",
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        transport = c.getOptionalValue("herald.transport", String.class).orElse("memory");
        redisUri = c.getOptionalValue("herald.redis.uri", String.class).orElse("redis://127.0.0.1:6379");
        redisKeyPrefix = c.getOptionalValue("herald.redis.key-prefix", String.class).orElse("herald:");
        redisCommandTimeout = Duration.ofMillis(positive(c, "herald.redis.command-timeout-ms", 2000));
        redisGlobalStreamSize = positive(c, "herald.redis.global-stream-size", 10000);
    }

    private static int positive(Config c, String key, int fallback) {
        int value = c.getOptionalValue(key, Integer.class).orElse(fallback);
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, was " + value);
        }
        return value;
    }

    /** {@code herald.replay.size}: events kept per topic for replay (default 50). */
    public int replaySize() {
        return replaySize;
    }

    /** {@code herald.topic.idle-ttl-seconds}: a topic with no event for this long is forgotten (default 3600). */
    public Duration topicIdleTtl() {
        return topicIdleTtl;
    }

    /** {@code herald.sse.retry-ms}: the reconnect delay sent as {@code retry:} (default 3000). */
    public Duration sseRetry() {
        return sseRetry;
    }

    /** {@code herald.sse.keepalive-seconds}: interval of {@code : keepalive} comments (default 15). */
    public Duration sseKeepAlive() {
        return sseKeepAlive;
    }

    /** {@code herald.poll.default-timeout-seconds}: long-poll wait when none is asked (default 25). */
    public Duration pollDefaultTimeout() {
        return pollDefaultTimeout;
    }

    /** {@code herald.poll.max-timeout-seconds}: longest long-poll wait a client may ask (default 120). */
    public Duration pollMaxTimeout() {
        return pollMaxTimeout;
    }

    /** {@code herald.publish.max-bytes}: largest publish body (default 65536; larger is 413). */
    public int publishMaxBytes() {
        return publishMaxBytes;
    }

    /** {@code herald.subscriber.queue-size}: events queued per subscriber before it is dropped as slow (default 1024). */
    public int subscriberQueueSize() {
        return subscriberQueueSize;
    }

    /** {@code herald.delivery.threads}: threads writing to subscribers (default max(4, 2 x cores)). */
    public int deliveryThreads() {
        return deliveryThreads;
    }

    /** {@code herald.transport}: {@code memory} (default, single node) or {@code redis}. */
    public String transport() {
        return transport;
    }

    /** {@code herald.redis.uri}: Redis to use when the transport is redis (default redis://127.0.0.1:6379). */
    public String redisUri() {
        return redisUri;
    }

    /** {@code herald.redis.key-prefix}: prefix of every Redis key Herald writes (default {@code herald:}). */
    public String redisKeyPrefix() {
        return redisKeyPrefix;
    }

    /**
     * {@code herald.redis.command-timeout-ms}: longest wait for one Redis command or connect; a publish
     * that cannot be stored within it fails with 503 (default 2000).
     */
    public Duration redisCommandTimeout() {
        return redisCommandTimeout;
    }

    /**
     * {@code herald.redis.global-stream-size}: events kept (approximately, at least this many) in the
     * cluster-wide stream every node reads; how far a node may fall behind, e.g. while its Redis
     * connection is down, and still catch up without loss (default 10000).
     */
    public int redisGlobalStreamSize() {
        return redisGlobalStreamSize;
    }
}
