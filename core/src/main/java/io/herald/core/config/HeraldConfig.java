package io.herald.core.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every Herald setting, read once from MicroProfile Config (system properties, environment,
 * {@code META-INF/microprofile-config.properties}); the README lists the same keys and defaults.
 */
@ApplicationScoped
public class HeraldConfig {

    private boolean authDevMode;
    private Optional<String> authJwtSecret;
    private Optional<String> authJwtPublicKey;
    private Optional<String> authJwtPublicKeyLocation;
    private Optional<String> authJwtIssuer;
    private Optional<String> authJwtAudience;
    private Duration authJwtClockSkew;
    private List<String> authPrivateTopics;
    private List<String> corsAllowedOrigins;
    private List<String> limitTrustedProxies;
    private Duration corsMaxAge;
    private int replaySize;
    private long replayMaxBytesPerTopic;
    private long replayMaxBytes;
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
    private int limitSubscribers;
    private int deliveryExtraThreads;
    private int limitStreamsPerClient;
    private int limitTopicsPerStream;
    private int limitTopics;
    private Duration limitRetryAfter;

    @PostConstruct
    void load() {
        Config c = ConfigProvider.getConfig();
        loadSecurity(c);
        replaySize = positive(c, "herald.replay.size", 50);
        replayMaxBytesPerTopic = positiveLong(c, "herald.replay.max-bytes-per-topic", 1L << 20);
        replayMaxBytes = positiveLong(c, "herald.replay.max-bytes", 256L << 20);
        topicIdleTtl = Duration.ofSeconds(positive(c, "herald.topic.idle-ttl-seconds", 3600));
        sseRetry = Duration.ofMillis(positive(c, "herald.sse.retry-ms", 3000));
        sseKeepAlive = Duration.ofSeconds(positive(c, "herald.sse.keepalive-seconds", 15));
        pollDefaultTimeout = Duration.ofSeconds(positive(c, "herald.poll.default-timeout-seconds", 25));
        pollMaxTimeout = Duration.ofSeconds(positive(c, "herald.poll.max-timeout-seconds", 120));
        publishMaxBytes = positive(c, "herald.publish.max-bytes", 65536);
        subscriberQueueSize = positive(c, "herald.subscriber.queue-size", 8192);
        deliveryThreads = positive(c, "herald.delivery.threads",
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        transport = c.getOptionalValue("herald.transport", String.class).orElse("memory");
        redisUri = c.getOptionalValue("herald.redis.uri", String.class).orElse("redis://127.0.0.1:6379");
        redisKeyPrefix = c.getOptionalValue("herald.redis.key-prefix", String.class).orElse("herald:");
        redisCommandTimeout = Duration.ofMillis(positive(c, "herald.redis.command-timeout-ms", 2000));
        redisGlobalStreamSize = positive(c, "herald.redis.global-stream-size", 10000);
        limitSubscribers = positive(c, "herald.limit.subscribers", 15000);
        deliveryExtraThreads = c.getOptionalValue("herald.delivery.extra-threads", Integer.class).orElse(64);
        if (deliveryExtraThreads < 0) {
            throw new IllegalArgumentException("herald.delivery.extra-threads must be at least 0, was " + deliveryExtraThreads);
        }
        limitStreamsPerClient = positive(c, "herald.limit.streams-per-client", 256);
        limitTopicsPerStream = positive(c, "herald.limit.topics-per-stream", 64);
        limitTopics = positive(c, "herald.limit.topics", 10000);
        limitRetryAfter = Duration.ofSeconds(positive(c, "herald.limit.retry-after-seconds", 5));
    }

    private static long positiveLong(Config c, String key, long fallback) {
        long value = c.getOptionalValue(key, Long.class).orElse(fallback);
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, was " + value);
        }
        return value;
    }

    private static int positive(Config c, String key, int fallback) {
        int value = c.getOptionalValue(key, Integer.class).orElse(fallback);
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, was " + value);
        }
        return value;
    }

    private void loadSecurity(Config c) {
        authDevMode = c.getOptionalValue("herald.auth.dev-mode", Boolean.class).orElse(false);
        authJwtSecret = text(c, "herald.auth.jwt.secret");
        authJwtPublicKey = text(c, "herald.auth.jwt.public-key");
        authJwtPublicKeyLocation = text(c, "herald.auth.jwt.public-key-location");
        authJwtIssuer = text(c, "herald.auth.jwt.issuer");
        authJwtAudience = text(c, "herald.auth.jwt.audience");
        authJwtClockSkew = Duration.ofSeconds(c.getOptionalValue("herald.auth.jwt.clock-skew-seconds", Integer.class)
                .filter(v -> v >= 0).orElse(30));
        authPrivateTopics = list(c, "herald.auth.private-topics");
        corsAllowedOrigins = list(c, "herald.cors.allowed-origins");
        limitTrustedProxies = list(c, "herald.limit.trusted-proxies");
        corsMaxAge = Duration.ofSeconds(positive(c, "herald.cors.max-age-seconds", 600));
    }

    private static Optional<String> text(Config c, String key) {
        return c.getOptionalValue(key, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** A comma-separated list; blanks dropped. Read as one string so a value's commas are never escaped. */
    private static List<String> list(Config c, String key) {
        return text(c, key).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList())
                .orElse(List.of());
    }

    /**
     * {@code herald.auth.dev-mode}: {@code true} turns authentication off (anyone may publish, private
     * topics are open) and is logged loudly at start-up; for local development only (default false).
     */
    public boolean authDevMode() {
        return authDevMode;
    }

    /**
     * {@code herald.auth.jwt.secret}: HS256 key for publish/subscribe tokens, its UTF-8 bytes; at least
     * 32 bytes (256 bits). Unset by default: then only a public key verifies tokens, and with neither,
     * publishing is refused (401).
     */
    public Optional<String> authJwtSecret() {
        return authJwtSecret;
    }

    /**
     * {@code herald.auth.jwt.public-key}: PEM public key (or X.509 certificate) verifying RS256 (RSA)
     * or ES256 (EC P-256) tokens; unset by default.
     */
    public Optional<String> authJwtPublicKey() {
        return authJwtPublicKey;
    }

    /** {@code herald.auth.jwt.public-key-location}: a file holding that PEM instead; unset by default. */
    public Optional<String> authJwtPublicKeyLocation() {
        return authJwtPublicKeyLocation;
    }

    /** {@code herald.auth.jwt.issuer}: when set, a token's {@code iss} must equal it (default unset: not checked). */
    public Optional<String> authJwtIssuer() {
        return authJwtIssuer;
    }

    /** {@code herald.auth.jwt.audience}: when set, a token's {@code aud} must contain it (default unset: not checked). */
    public Optional<String> authJwtAudience() {
        return authJwtAudience;
    }

    /** {@code herald.auth.jwt.clock-skew-seconds}: tolerance on {@code exp}/{@code nbf} (default 30). */
    public Duration authJwtClockSkew() {
        return authJwtClockSkew;
    }

    /**
     * {@code herald.auth.private-topics}: comma list of topics whose stream, poll, history and info
     * need a token listing them in {@code herald.subscribe}; an entry ending in {@code *} is a prefix
     * ({@code private.*}, or {@code *} for every topic). Empty by default: every topic is public.
     */
    public List<String> authPrivateTopics() {
        return authPrivateTopics;
    }

    /**
     * {@code herald.cors.allowed-origins}: comma list of origins (e.g. {@code https://app.example.com})
     * allowed to call Herald from a browser, with credentials; {@code *} allows any origin without
     * credentials. Empty by default: no CORS headers at all.
     */
    public List<String> corsAllowedOrigins() {
        return corsAllowedOrigins;
    }

    /**
     * {@code herald.limit.trusted-proxies}: comma-separated IP addresses or CIDR ranges of the
     * reverse proxies / load balancers in front of Herald; for a request from one of them, the
     * per-client stream limit counts the client named in {@code X-Forwarded-For} (default none:
     * the TCP peer is the client).
     */
    public List<String> limitTrustedProxies() {
        return limitTrustedProxies;
    }

    /** {@code herald.cors.max-age-seconds}: how long browsers may cache a preflight answer (default 600). */
    public Duration corsMaxAge() {
        return corsMaxAge;
    }

    /** {@code herald.replay.size}: events kept per topic for replay (default 50). */
    public int replaySize() {
        return replaySize;
    }

    /**
     * {@code herald.replay.max-bytes-per-topic}: most bytes (UTF-8 length of data, type and topic)
     * one topic's history keeps; past it the oldest events go (default 1 MiB).
     */
    public long replayMaxBytesPerTopic() {
        return replayMaxBytesPerTopic;
    }

    /**
     * {@code herald.replay.max-bytes}: most bytes all topics' histories keep together (on a node in
     * memory, in Redis for a cluster); past it the oldest events of any topic go (default 256 MiB).
     */
    public long replayMaxBytes() {
        return replayMaxBytes;
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

    /** {@code herald.subscriber.queue-size}: events queued per subscriber before it is dropped as slow (default 8192). */
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

    /**
     * {@code herald.delivery.extra-threads}: most delivery threads added while others are stuck in a
     * write to a client that stopped reading (each such write lasts at most the container's write
     * timeout), so stalled clients cannot hold up everyone else (default 64; 0 disables).
     */
    public int deliveryExtraThreads() {
        return deliveryExtraThreads;
    }

    /**
     * {@code herald.limit.subscribers}: most subscribers on this node, SSE streams and waiting
     * long-polls together; past it a new one gets 503 with {@code Retry-After} (default 15000, below
     * the ~20000 open files a process gets here: each subscriber is a connection).
     */
    public int limitSubscribers() {
        return limitSubscribers;
    }

    /**
     * {@code herald.limit.streams-per-client}: most open SSE streams from one client IP address (the
     * TCP peer; behind a proxy that is the proxy); past it 429 with {@code Retry-After} (default 256).
     */
    public int limitStreamsPerClient() {
        return limitStreamsPerClient;
    }

    /** {@code herald.limit.topics-per-stream}: most topics one {@code /stream?topic=..} may name; more is 400 (default 64). */
    public int limitTopicsPerStream() {
        return limitTopicsPerStream;
    }

    /**
     * {@code herald.limit.topics}: most topics with a history (memory transport); a publish that would
     * create one more is refused with 503 and {@code Retry-After} until idle topics expire (default 10000).
     */
    public int limitTopics() {
        return limitTopics;
    }

    /** {@code herald.limit.retry-after-seconds}: the {@code Retry-After} sent with 429 and 503 for limits (default 5). */
    public Duration limitRetryAfter() {
        return limitRetryAfter;
    }
}
