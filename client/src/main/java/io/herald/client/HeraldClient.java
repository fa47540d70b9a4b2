package io.herald.client;

import io.herald.api.Event;
import io.herald.api.Topic;
import io.herald.api.TopicInfo;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * A client of one Herald server (or cluster): publish, history, topic info, and subscriptions that
 * survive drops, buffering proxies and restarts. Thread-safe; one instance per server is enough.
 *
 * <pre>{@code
 * try (HeraldClient herald = HeraldClient.builder(URI.create("http://localhost:8080/")).build()) {
 *     Subscription s = herald.subscribe(e -> System.out.println(e.id() + " " + e.data()), "notifications");
 *     Event stored = herald.publish("notifications", "notice", "hello");
 * }
 * }</pre>
 *
 * <p>Threads: a subscription's open stream (or each topic's waiting long-poll) occupies one thread
 * of the executor while it reads, because the JAX-RS client reads blocking; waiting between
 * attempts and in fallback takes no thread (one shared timer thread per client).
 */
public final class HeraldClient implements AutoCloseable {

    private final ClientSettings settings;
    private final TokenCache tokens;
    private final ClientThreads threads;
    private final HeraldHttp http;
    private final HeraldEndpoints endpoints;
    private final Set<StreamingSubscription> subscriptions = ConcurrentHashMap.newKeySet();

    private HeraldClient(Builder b) {
        this.settings = new ClientSettings(b.connectTimeout, b.requestTimeout, b.keepAlive, b.pollTimeout,
                b.streamRetryInterval, new Backoff(b.backoffInitial, b.backoffMax));
        this.tokens = new TokenCache(b.tokens);
        this.threads = new ClientThreads(b.executor);
        this.http = new HeraldHttp(b.base, settings, tokens, threads);
        this.endpoints = new HeraldEndpoints(http, settings);
    }

    /** A builder for a client of the server at {@code base} (e.g. {@code http://localhost:8080/}). */
    public static Builder builder(URI base) {
        return new Builder(base);
    }

    // ---- publish, history, info ------------------------------------------------------------------

    /**
     * Publishes {@code text} as the event's data (sent as {@code text/plain}), with an optional
     * {@code type}; returns the stored event with its id.
     *
     * @throws IllegalArgumentException for a topic or type the server would refuse ({@link io.herald.api.Topic},
     *                                  {@link Event#isPublishableType}), before anything is sent
     * @throws HeraldProblemException   for an error answer (400, 401, 403, 413, 429, 503 ...)
     * @throws HeraldException          when no answer came
     */
    public Event publish(String topic, String type, String text) {
        Event.requirePublishableType(type);
        Objects.requireNonNull(text, "text");
        return endpoints.publish(topic, type, text);
    }

    /**
     * Publishes a JSON value as the event's data (subscribers get its JSON text), with an optional
     * {@code type}; returns the stored event.
     *
     * @throws IllegalArgumentException for a topic or type the server would refuse, before anything is sent
     * @throws HeraldProblemException   for an error answer
     * @throws HeraldException          when no answer came
     */
    public Event publish(String topic, String type, JsonValue data) {
        Event.requirePublishableType(type);
        Objects.requireNonNull(data, "data");
        return endpoints.publish(topic, type, data);
    }

    /** The retained events of {@code topic} after id {@code since} (0: all retained). */
    public History history(String topic, long since) {
        return endpoints.history(topic, since);
    }

    /** What the server knows of {@code topic}: open streams, waiting polls, last id, events retained. */
    public TopicInfo info(String topic) {
        return endpoints.info(topic);
    }

    // ---- subscribe ----------------------------------------------------------------------------------

    /**
     * Subscribes to {@code topics} from now on: events published after the subscription first
     * reached the server, in id order, until {@link Subscription#close()}.
     */
    public Subscription subscribe(HeraldListener listener, String... topics) {
        return subscribe(-1, listener, topics);
    }

    /**
     * Subscribes to {@code topics} from the events after {@code lastEventId} (0: everything retained;
     * -1: from now on), then live.
     */
    public Subscription subscribe(long lastEventId, HeraldListener listener, String... topics) {
        Objects.requireNonNull(listener, "listener");
        if (topics.length == 0) {
            throw new IllegalArgumentException("name at least one topic");
        }
        if (lastEventId < -1) {
            throw new IllegalArgumentException("lastEventId must be -1 (from now), 0 or more");
        }
        List<String> names = new ArrayList<>();
        for (String topic : topics) {
            String name = Topic.requireValid(topic);
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        if (http.isClosed()) {
            throw new IllegalStateException("client closed");
        }
        StreamingSubscription s = new StreamingSubscription(List.copyOf(names), listener, lastEventId, endpoints,
                threads, settings, new ReconnectPolicy(settings.backoff(), tokens.enabled()), subscriptions::remove);
        subscriptions.add(s);
        s.start();
        return s;
    }

    /** Closes every subscription, then the JAX-RS client, and the executor if the client made it. */
    @Override
    public void close() {
        if (http.isClosed()) {
            return;
        }
        for (StreamingSubscription s : List.copyOf(subscriptions)) {
            s.close();
        }
        http.refuseRequests();
        threads.stopTimer();
        http.close(threads);
        threads.shutdown();
    }

    /** Options of a {@link HeraldClient}; every one has a default. */
    public static final class Builder {

        private final URI base;
        private Supplier<String> tokens;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration keepAlive = Duration.ofSeconds(15);
        private Duration pollTimeout = Duration.ofSeconds(25);
        private Duration streamRetryInterval = Duration.ofSeconds(60);
        private Duration backoffInitial = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofSeconds(30);
        private ExecutorService executor;

        private Builder(URI base) {
            this.base = Objects.requireNonNull(base, "base");
            if (!base.isAbsolute()) {
                throw new IllegalArgumentException("base URI must be absolute: " + base);
            }
        }

        /**
         * Bearer tokens (to publish, and to read private topics): asked once, kept, and asked again
         * whenever the server answers 401 to the one kept (expired, rotated).
         */
        public Builder token(Supplier<String> tokens) {
            this.tokens = tokens;
            return this;
        }

        /** Longest wait for a TCP connection (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout);
            return this;
        }

        /** Longest wait for the answer of a publish, history or info call (default 30 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout);
            return this;
        }

        /**
         * The server's keepalive interval ({@code herald.sse.keepalive-seconds}, default 15 s): a
         * stream that delivers no byte for twice this long is taken as stalled or buffered by a
         * proxy, and the subscription falls back to long-poll.
         */
        public Builder keepAlive(Duration interval) {
            this.keepAlive = positive(interval);
            return this;
        }

        /** How long one long-poll waits on the server in fallback (default 25 s, at most the server's maximum). */
        public Builder pollTimeout(Duration timeout) {
            this.pollTimeout = positive(timeout);
            return this;
        }

        /** How long a subscription stays on long-poll before trying to stream again (default 60 s). */
        public Builder streamRetryInterval(Duration interval) {
            this.streamRetryInterval = positive(interval);
            return this;
        }

        /** Reconnect backoff: first step and cap (default 1 s and 30 s), jittered; never below the server's {@code retry:}. */
        public Builder backoff(Duration initial, Duration max) {
            this.backoffInitial = positive(initial);
            this.backoffMax = positive(max);
            new Backoff(backoffInitial, backoffMax); // validates
            return this;
        }

        /**
         * Runs the reads of streams and polls and the listener calls (default: a cached pool of
         * daemon threads owned by the client). Needs as many threads as streams plus waiting polls
         * are open at once; a client-owned pool grows to that.
         */
        public Builder executor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public HeraldClient build() {
            return new HeraldClient(this);
        }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration must be positive: " + d);
            }
            return d;
        }
    }
}
