package io.herald.client;

import io.herald.api.Event;
import io.herald.api.Topic;
import io.herald.api.TopicInfo;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.glassfish.jersey.client.ClientProperties;

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

    static final String LAST_EVENT_ID = "Last-Event-ID";
    static final String MISSED_HEADER = "Herald-Missed";
    static final MediaType PROBLEM = MediaType.valueOf("application/problem+json");

    final Settings settings;
    final TokenCache tokens;
    final ExecutorService executor;
    final ScheduledExecutorService timer;
    private final boolean ownExecutor;
    private final Client jaxrs;
    private final WebTarget root;
    private final Set<StreamingSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Settings of one client, fixed at build time. */
    record Settings(Duration connectTimeout, Duration requestTimeout, Duration keepAlive, Duration pollTimeout,
                    Duration streamRetryInterval, Backoff backoff) {

        /** A stream that delivers no byte for this long is stalled (a buffering proxy, a dead link). */
        Duration stallTimeout() {
            return keepAlive.multipliedBy(2);
        }
    }

    private HeraldClient(Builder b) {
        this.settings = new Settings(b.connectTimeout, b.requestTimeout, b.keepAlive, b.pollTimeout,
                b.streamRetryInterval, new Backoff(b.backoffInitial, b.backoffMax));
        this.tokens = new TokenCache(b.tokens);
        this.ownExecutor = b.executor == null;
        this.executor = ownExecutor ? Executors.newCachedThreadPool(daemons("herald-client")) : b.executor;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemons("herald-client-timer"));
        this.jaxrs = ClientBuilder.newBuilder()
                .connectTimeout(b.connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(b.requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .executorService(executor)
                .build();
        URI base = b.base.getPath().endsWith("/") ? b.base : URI.create(b.base + "/");
        this.root = jaxrs.target(base);
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
     * @throws HeraldProblemException for an error answer (400, 401, 403, 413, 429, 503 ...)
     * @throws HeraldException        when no answer came
     */
    public Event publish(String topic, String type, String text) {
        Objects.requireNonNull(text, "text");
        WebTarget t = topicTarget(topic, "events");
        if (type != null) {
            t = t.queryParam("type", type);
        }
        Entity<String> body = Entity.entity(text, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"));
        return WireJson.event(expect(201, t, call -> call.post(body), settings.requestTimeout));
    }

    /**
     * Publishes a JSON value as the event's data (subscribers get its JSON text), with an optional
     * {@code type}; returns the stored event.
     *
     * @throws HeraldProblemException for an error answer
     * @throws HeraldException        when no answer came
     */
    public Event publish(String topic, String type, JsonValue data) {
        Objects.requireNonNull(data, "data");
        Entity<String> body = Entity.entity(WireJson.publishBody(type, data), MediaType.APPLICATION_JSON_TYPE);
        return WireJson.event(expect(201, topicTarget(topic, "events"), call -> call.post(body), settings.requestTimeout));
    }

    /** The retained events of {@code topic} after id {@code since} (0: all retained). */
    public History history(String topic, long since) {
        try (Response r = send(topicTarget(topic, "events").queryParam("since", since),
                Invocation.Builder::get, settings.requestTimeout,
                call -> call.accept(MediaType.APPLICATION_JSON_TYPE, PROBLEM))) {
            String body = requireStatus(r, 200);
            return new History(WireJson.events(body), "true".equalsIgnoreCase(r.getHeaderString(MISSED_HEADER)));
        }
    }

    /** What the server knows of {@code topic}: open streams, waiting polls, last id, events retained. */
    public TopicInfo info(String topic) {
        return WireJson.info(expect(200, topicTarget(topic, null), Invocation.Builder::get, settings.requestTimeout));
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
        if (closed) {
            throw new IllegalStateException("client closed");
        }
        StreamingSubscription s = new StreamingSubscription(this, List.copyOf(names), listener, lastEventId);
        subscriptions.add(s);
        s.start();
        return s;
    }

    void forget(StreamingSubscription s) {
        subscriptions.remove(s);
    }

    // ---- HTTP plumbing (JAX-RS) ------------------------------------------------------------------

    WebTarget topicTarget(String topic, String leaf) {
        WebTarget t = root.path("topics").path(Topic.requireValid(topic));
        return leaf == null ? t : t.path(leaf);
    }

    WebTarget streamTarget(List<String> topics) {
        if (topics.size() == 1) {
            return topicTarget(topics.get(0), "stream");
        }
        WebTarget t = root.path("stream");
        for (String topic : topics) {
            t = t.queryParam("topic", topic);
        }
        return t;
    }

    /**
     * Sends a request with the bearer token (if any) and {@code readTimeout}; after a 401 it asks
     * the token supplier for a new token and sends once more. The caller closes the response.
     */
    Response send(WebTarget target, Function<Invocation.Builder, Response> method, Duration readTimeout,
                  Function<Invocation.Builder, Invocation.Builder> extra) {
        String token = token(() -> tokens.current());
        Response r = sendOnce(target, method, readTimeout, extra, token);
        // A 401 is decided before the body is read, so re-sending a publish cannot store it twice.
        if (r.getStatus() == 401 && token(() -> tokens.refresh(token) ? "" : null) != null) {
            r.close();
            r = sendOnce(target, method, readTimeout, extra, token(tokens::current));
        }
        return r;
    }

    private static String token(Supplier<String> call) {
        try {
            return call.get();
        } catch (HeraldException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new HeraldException("the token supplier failed: " + e, e);
        }
    }

    private Response sendOnce(WebTarget target, Function<Invocation.Builder, Response> method, Duration readTimeout,
                              Function<Invocation.Builder, Invocation.Builder> extra, String token) {
        if (closed) {
            throw new HeraldException("client closed");
        }
        Invocation.Builder call = target.request()
                .property(ClientProperties.READ_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        if (token != null) {
            call = call.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        if (extra != null) {
            call = extra.apply(call);
        }
        try {
            return method.apply(call);
        } catch (ProcessingException e) {
            throw new HeraldException("no answer from " + target.getUri() + ": " + e.getMessage(), e);
        }
    }

    private String expect(int status, WebTarget target, Function<Invocation.Builder, Response> method, Duration timeout) {
        try (Response r = send(target, method, timeout, call -> call.accept(MediaType.APPLICATION_JSON_TYPE, PROBLEM))) {
            return requireStatus(r, status);
        }
    }

    /** The body when the answer has {@code status}, else the answer as an exception. */
    static String requireStatus(Response r, int status) {
        if (r.getStatus() != status) {
            throw problem(r);
        }
        try {
            return r.readEntity(String.class);
        } catch (ProcessingException e) {
            throw new HeraldException("answer cut short: " + e.getMessage(), e);
        }
    }

    /** An error answer as an exception: its problem+json body if it has one, else its status line. */
    static HeraldProblemException problem(Response r) {
        Duration retryAfter = retryAfter(r.getHeaderString(HttpHeaders.RETRY_AFTER));
        String reason = r.getStatusInfo().getReasonPhrase();
        MediaType type = r.getMediaType();
        if (type != null && type.isCompatible(PROBLEM) && r.hasEntity()) {
            try {
                JsonValue body = WireJson.parse(r.readEntity(String.class));
                if (body instanceof JsonObject o) {
                    return new HeraldProblemException(r.getStatus(), o.getString("type", "about:blank"),
                            o.getString("title", reason), o.getString("detail", ""), retryAfter);
                }
            } catch (RuntimeException unreadable) {
                // fall through to the status line
            }
        }
        return new HeraldProblemException(r.getStatus(), "about:blank", reason == null ? "HTTP " + r.getStatus() : reason,
                "", retryAfter);
    }

    /** {@code Retry-After} in seconds (Herald's form); an HTTP-date or garbage counts as absent. */
    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes every subscription, then the JAX-RS client, and the executor if the client made it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (StreamingSubscription s : List.copyOf(subscriptions)) {
            s.close();
        }
        closed = true;
        timer.shutdownNow();
        // connections still being read end as their reads return (see StreamingSubscription.close)
        try {
            executor.execute(jaxrs::close);
        } catch (RejectedExecutionException e) {
            jaxrs.close(); // the caller's executor is already shut down
        }
        if (ownExecutor) {
            executor.shutdown();
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
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
