package io.herald.core.transport.redis;

import io.herald.api.Event;
import io.herald.api.ReplayResult;
import io.herald.api.Topic;
import io.herald.core.time.Saturating;
import io.herald.core.transport.Transport;
import io.herald.api.HubUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The transport for several nodes: ids, histories and the event feed live in Redis, so every node
 * sharing the Redis and the key prefix sees one sequence, one history per topic and every event.
 *
 * <h2>Keys (all under {@code herald.redis.key-prefix}, {@code P} below)</h2>
 * <ul>
 *   <li>{@code P seq} — the one id sequence. Never expires.</li>
 *   <li>{@code P horizon} — set when Redis is found without its sequence (it lost its data), by the
 *       first publish (its id) or node reconnecting (the time in microseconds): every id Redis lost is
 *       below it, and ids below it are reported missed.</li>
 *   <li>{@code P all} — the global stream: every event of every topic, entry id {@code <id>-0}, with a
 *       field {@code prev} (the id of the entry before it), capped at about
 *       {@code herald.redis.global-stream-size} entries ({@code MAXLEN ~}). This is the feed the nodes read.</li>
 *   <li>{@code P topic:<t>} — the topic's history: a stream of its newest events (at most
 *       {@code herald.replay.size}, within the byte budgets), entry id {@code <id>-0}.</li>
 *   <li>{@code P meta:<t>} — hash {@code evicted} (id of the newest event gone from the history),
 *       {@code last} (the topic's newest id) and {@code bytes} (what its history holds).</li>
 *   <li>{@code P topics} / {@code P oldest} — sorted sets of the topics by their newest / oldest
 *       retained id: which topics are idle past the TTL, and where the byte budget of all histories
 *       ({@code P bytes}) evicts first.</li>
 *   <li>{@code P forgotten} — the newest id of any topic forgotten for being idle.</li>
 * </ul>
 * Stream entries have the fields {@code topic}, {@code type} (absent when unset), {@code data} and
 * {@code ts} (microseconds since the epoch, from Redis's clock, so all nodes agree); no JSON involved.
 *
 * <h2>Publish</h2>
 * One Lua script, atomic in Redis ({@link RedisScripts#PUBLISH}): forget idle topics, take the next
 * id (above the sequence, the caller's highest seen id, the newest ids of both streams and Redis's
 * clock in microseconds, so ids never repeat even if Redis lost everything and every node
 * restarted), XADD to the topic stream, trim it to the replay size and the byte budgets, note the
 * evicted id, XADD the same entry to the global stream. Because the id is assigned and appended in
 * one atomic step, the global stream is in id order, and a history read can never see an id
 * without every smaller one of its topic.
 *
 * <h2>Delivery: one reader per node over the global stream (not pub/sub)</h2>
 * Each node runs one daemon thread ({@code herald-redis-reader}) on its own connection doing
 * {@code XREAD BLOCK 2000 COUNT 512 STREAMS P all <last delivered id>}, and hands each entry to the
 * listener in stream order, on that one thread. XREAD returns as soon as an entry is appended, so a
 * publish on one node reaches the others within a millisecond or two. Pub/sub was rejected: it is
 * fire-and-forget, so a dropped connection loses events and needs a second mechanism to find and
 * refill the gap, with its own ordering races. Reading a stream from a remembered position makes
 * catch-up the normal path: when the reader's connection drops (Redis restart, network, {@code CLIENT
 * KILL}), the thread reconnects with backoff (50 ms doubling to 1 s) and continues after the last id it
 * delivered, so each event is delivered once, in order, without loss as long as the global stream still
 * holds it. A node more than {@code herald.redis.global-stream-size} events behind finds that the next
 * entry's {@code prev} is not the last id it delivered: it logs the gap and tells its listener
 * ({@link Listener#onGap}), which resets every stream on the node. The reader starts at the sequence's value when {@link #start} is
 * called; if Redis cannot be asked then, at its value when the reader first connects, and the listener
 * is told of a gap then (streams opened meanwhile may have missed events published in between).
 *
 * <h2>Failure</h2>
 * Commands use their own connection with a bounded timeout ({@code herald.redis.command-timeout-ms},
 * default 2 s) for connect and reply. Lettuce's auto-reconnect is off: it would re-send a publish
 * script that was in flight when a connection dropped, publishing the event twice. Instead a closed
 * connection is replaced on the next command, at most one attempt per 250 ms; meanwhile commands fail
 * at once. Any failure is a {@link HubUnavailableException} (503 at the web layer); nothing
 * blocks longer than the timeout. A publish whose reply is lost (connection dropped after Redis ran the
 * script) reports failure although the event was stored; subscribers still receive it.
 * If Redis restarts without its data, ids continue above the highest id any live node has seen (the
 * reader raises the sequence after reconnecting, and publishes pass their node's highest id), so
 * {@code Last-Event-ID} stays meaningful; the histories are gone, which a reconnecting client sees as
 * "missed". Durability of acknowledged events across a Redis restart is Redis's persistence setting
 * (AOF with {@code appendfsync always} for none lost).
 *
 * <h2>History and "missed"</h2>
 * {@link #history} reads the streams and marks of all the topics asked for in one script (one
 * consistent cut). {@code missed} is {@code afterId < evicted} while the topic's stream exists; after
 * the topic was forgotten it is {@code afterId < forgotten}; and an {@code afterId} below the horizon
 * is always missed. A topic stream created anew takes the marks of what came before it (its old
 * {@code last} and the forgotten mark) as its {@code evicted}. An {@code afterId} above
 * {@link #lastId()} is the Broadcaster's business.
 */
public final class RedisTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(RedisTransport.class.getName());
    private static final long READ_BLOCK_MS = 2000;
    private static final int READ_BATCH = 512;
    private static final long RECONNECT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final RedisSettings settings;
    /** Every message that may mention Redis goes through it: the URI may carry a password. */
    private final Redaction redaction;
    private final String seqKey;
    private final String allKey;
    private final String horizonKey;
    private final String forgottenKey;
    private final String bytesKey;
    private final String topicsKey;
    private final String oldestKey;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI commandUri;
    private final RedisURI readerUri;

    private final Object connectLock = new Object();
    private volatile StatefulRedisConnection<String, String> commandConnection;
    private long nextConnectNanos;
    private RuntimeException lastConnectFailure;

    /** The highest id this node has published or delivered: the floor for new ids. */
    private final AtomicLong highestSeen = new AtomicLong();
    private volatile boolean closed;
    private volatile Listener listener;
    private volatile Thread reader;
    /** The reader's current connection; whoever takes it out (reader or close) closes it. */
    private final AtomicReference<StatefulRedisConnection<String, String>> readerConnection = new AtomicReference<>();
    /** Last id handed to the listener; -1 until known. Only the reader thread writes it after start. */
    private volatile long position = -1;

    /** Creates the transport without connecting: a node may start while Redis is down. */
    public RedisTransport(RedisSettings settings) {
        this.settings = Objects.requireNonNull(settings);
        this.redaction = settings.redaction();
        this.seqKey = settings.keyPrefix() + "seq";
        this.allKey = settings.keyPrefix() + "all";
        this.horizonKey = settings.keyPrefix() + "horizon";
        this.forgottenKey = settings.keyPrefix() + "forgotten";
        this.bytesKey = settings.keyPrefix() + "bytes";
        this.topicsKey = settings.keyPrefix() + "topics";
        this.oldestKey = settings.keyPrefix() + "oldest";
        this.commandUri = uri(settings, "cmd", settings.commandTimeout());
        this.readerUri = uri(settings, "reader", Saturating.plus(settings.commandTimeout(), Duration.ofMillis(READ_BLOCK_MS)));
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.commandTimeout()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled())
                .build());
    }

    private static RedisURI uri(RedisSettings settings, String role, Duration timeout) {
        RedisURI uri;
        try {
            uri = RedisURI.create(settings.uri());
        } catch (RuntimeException invalid) { // its message may quote the URI, password included
            throw new IllegalArgumentException("herald.redis.uri is not a valid Redis URI: " + settings.safeUri()
                    + " (" + settings.redaction().apply(invalid.getMessage()) + ")");
        }
        uri.setTimeout(timeout);
        uri.setClientName("herald-" + settings.nodeName() + "-" + role);
        return uri;
    }

    /** The settings this transport runs with. */
    public RedisSettings settings() {
        return settings;
    }

    @Override
    public void start(Listener listener) {
        Objects.requireNonNull(listener);
        synchronized (this) {
            if (this.listener != null) {
                throw new IllegalStateException("already started");
            }
            if (closed) {
                throw new IllegalStateException("closed");
            }
            this.listener = listener;
        }
        try {
            long seq = parseLong(commands().get(seqKey));
            position = Math.max(seq, highestSeen.get());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Redis not reachable at start ({0}); events will be delivered from when it is",
                    redaction.describe(e));
        }
        Thread t = new Thread(this::readLoop, "herald-redis-reader-" + settings.nodeName());
        t.setDaemon(true);
        reader = t;
        t.start();
    }

    @Override
    public Event publish(String topic, String type, String data) {
        Topic.requireValid(topic);
        Event.requireValidType(type);
        Objects.requireNonNull(data, "data");
        String[] keys = {seqKey, allKey, topicKey(topic), metaKey(topic), horizonKey, forgottenKey, bytesKey,
                topicsKey, oldestKey};
        String[] args = {topic, data, type == null ? "" : type, Integer.toString(settings.replaySize()),
                Long.toString(ttlMicros()), Integer.toString(settings.globalStreamSize()),
                Long.toString(highestSeen.get()), Long.toString(settings.maxBytesPerTopic()),
                Long.toString(settings.maxBytes()), settings.keyPrefix()};
        List<Object> reply = run(RedisScripts.PUBLISH, keys, args);
        long id = Long.parseLong(String.valueOf(reply.get(0)));
        Instant ts = micros(Long.parseLong(String.valueOf(reply.get(1))));
        highestSeen.accumulateAndGet(id, Math::max);
        return new Event(id, topic, type, data, ts);
    }

    @Override
    public ReplayResult history(Set<String> topics, long afterId) {
        topics.forEach(Topic::requireValid);
        if (afterId < 0) {
            throw new IllegalArgumentException("afterId must not be negative: " + afterId);
        }
        List<String> names = List.copyOf(topics);
        List<String> keys = new ArrayList<>(List.of(seqKey, horizonKey, forgottenKey, bytesKey, topicsKey, oldestKey));
        for (String name : names) {
            keys.add(topicKey(name));
            keys.add(metaKey(name));
        }
        List<Object> reply = run(RedisScripts.HISTORY, keys.toArray(String[]::new), (afterId + 1) + "-0",
                Long.toString(ttlMicros()), settings.keyPrefix());
        // No sequence at all: Redis lost everything and nobody has published or reconnected since,
        // so no id is known (a fresh install has no ids either, and the Broadcaster treats any as unknown).
        long horizon = parseLong(reply.get(0)) == 0 ? Long.MAX_VALUE : parseLong(reply.get(1));
        long forgotten = parseLong(reply.get(2));
        // Ids below the horizon are from before Redis lost its data: nothing can be vouched for them.
        boolean missed = afterId > 0 && afterId < horizon;
        List<Event> events = new ArrayList<>();
        for (int t = 0; t < names.size(); t++) {
            List<?> one = (List<?>) reply.get(3 + t);
            boolean exists = parseLong(one.get(0)) == 1;
            long evicted = parseLong(one.get(1));
            long last = parseLong(one.get(2));
            missed |= exists ? afterId < evicted : afterId < Math.max(last, forgotten);
            for (Object entry : (List<?>) one.get(3)) {
                List<?> pair = (List<?>) entry;
                long id = streamIdNumber(String.valueOf(pair.get(0)));
                List<?> flat = (List<?>) pair.get(1);
                Map<String, String> fields = new HashMap<>();
                for (int i = 0; i + 1 < flat.size(); i += 2) {
                    fields.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
                }
                Event e = decode(id, fields);
                if (e != null) {
                    events.add(e);
                }
            }
        }
        if (names.size() > 1) {
            events.sort(Comparator.comparingLong(Event::id));
        }
        return new ReplayResult(events, missed);
    }

    private long ttlMicros() {
        return TimeUnit.MILLISECONDS.toMicros(Saturating.millis(settings.topicIdleTtl())); // saturates too
    }

    /**
     * The sequence's value in Redis, or this node's highest seen id if that is higher (Redis lost the
     * sequence) or Redis cannot be asked now; never throws.
     */
    @Override
    public long lastId() {
        try {
            return Math.max(parseLong(commands().get(seqKey)), highestSeen.get());
        } catch (HubUnavailableException | RedisException e) {
            return highestSeen.get();
        }
    }

    @Override
    public boolean isAvailable() {
        try {
            return "PONG".equalsIgnoreCase(commands().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public Retained retained(String topic) {
        List<Object> reply = run(RedisScripts.RETAINED, new String[] {topicKey(topic)});
        long count = parseLong(reply.get(0));
        return new Retained((int) count, count == 0 ? 0 : streamIdNumber(String.valueOf(reply.get(1))));
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Thread t = reader;
        if (t != null) {
            t.interrupt();
            closeQuietly(readerConnection.getAndSet(null));
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (connectLock) {
            closeQuietly(commandConnection);
            commandConnection = null;
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "RedisTransport[node=" + settings.nodeName() + ", uri=" + settings.safeUri() + ", prefix="
                + settings.keyPrefix() + "]";
    }

    // ---- delivery ---------------------------------------------------------------------------

    private void readLoop() {
        long pauseMs = 50;
        boolean outageLogged = false;
        while (!closed) {
            StatefulRedisConnection<String, String> conn = null;
            try {
                conn = client.connect(StringCodec.UTF8, readerUri);
                readerConnection.set(conn);
                if (closed) {
                    break;
                }
                RedisCommands<String, String> r = conn.sync();
                // Redis may have come back without its data: keep ids above what this node delivered.
                long floor = Math.max(Math.max(position, 0), highestSeen.get());
                long before = parseLong(runOn(r, RedisScripts.RAISE_SEQUENCE, new String[] {seqKey, horizonKey},
                        Long.toString(floor)));
                long seq = Math.max(before, floor);
                if (before < floor && position >= 0) {
                    // Redis lost ids this node has seen (or published): whatever it held after this
                    // node's position and had not reached it yet is gone. Whoever listens here is told.
                    LOG.log(Level.WARNING, "node {0} found Redis without the events after id {1,number,#}",
                            new Object[] {settings.nodeName(), position});
                    try {
                        listener.onGap(position);
                    } catch (RuntimeException ex) {
                        LOG.log(Level.WARNING, "listener failed on a gap after " + position, ex);
                    }
                }
                if (position < 0) {
                    // Redis could not be asked at start: this node reads from now on, and whoever
                    // subscribed here meanwhile may have missed what was published in between.
                    position = seq;
                    try {
                        listener.onGap(seq);
                    } catch (RuntimeException ex) {
                        LOG.log(Level.WARNING, "listener failed on a gap at start", ex);
                    }
                }
                if (outageLogged) {
                    LOG.log(Level.INFO, "Redis reader of node {0} reconnected, continuing after id {1}",
                            new Object[] {settings.nodeName(), position});
                    outageLogged = false;
                }
                pauseMs = 50;
                while (!closed) {
                    List<StreamMessage<String, String>> batch = r.xread(
                            XReadArgs.Builder.block(READ_BLOCK_MS).count(READ_BATCH),
                            XReadArgs.StreamOffset.from(allKey, position + "-0"));
                    if (batch != null) {
                        for (StreamMessage<String, String> m : batch) {
                            deliver(m);
                        }
                    }
                }
            } catch (RuntimeException e) {
                if (closed) {
                    break;
                }
                if (!outageLogged) {
                    LOG.log(Level.WARNING, "Redis reader of node {0} lost its connection ({1}); retrying",
                            new Object[] {settings.nodeName(), redaction.describe(e)});
                    outageLogged = true;
                }
            } finally {
                if (conn != null && readerConnection.compareAndSet(conn, null)) {
                    closeQuietly(conn);
                }
            }
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                // only close() may end the reader: a stray interrupt must not leave the node deaf
            }
            pauseMs = Math.min(pauseMs * 2, 1000);
        }
    }

    private void deliver(StreamMessage<String, String> m) {
        long id = streamIdNumber(m.getId());
        long delivered = position;
        if (id <= delivered) {
            return;
        }
        long prev = prevOf(m);
        if (prev >= 0 && prev != delivered) {
            // The entry before this one is not the last one delivered: this node fell behind the
            // global stream's trimming (or Redis lost entries). Whoever listens here is told.
            LOG.log(Level.WARNING, "node {0} lost the events between ids {1,number,#} and {2,number,#}: no longer in the global stream",
                    new Object[] {settings.nodeName(), delivered, id});
            try {
                listener.onGap(delivered);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "listener failed on a gap after " + delivered, ex);
            }
        }
        position = id;
        highestSeen.accumulateAndGet(id, Math::max);
        Event e = decode(id, m.getBody());
        if (e == null) {
            return;
        }
        try {
            listener.onEvent(e);
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "listener failed on event " + id, ex);
        }
    }

    /** The id of the global stream entry before this one, or -1 if the entry does not say (not written by Herald). */
    private static long prevOf(StreamMessage<String, String> m) {
        try {
            String prev = m.getBody().get("prev");
            return prev == null ? -1 : Long.parseLong(prev);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---- commands ---------------------------------------------------------------------------

    private RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> c = commandConnection;
        if (c != null && c.isOpen()) {
            return c.sync();
        }
        synchronized (connectLock) {
            c = commandConnection;
            if (c != null && c.isOpen()) {
                return c.sync();
            }
            if (closed) {
                throw new HubUnavailableException("Redis transport is closed", null);
            }
            if (c != null) {
                closeQuietly(c);
                commandConnection = null;
            }
            long now = System.nanoTime();
            if (lastConnectFailure != null && now - nextConnectNanos < 0) {
                throw new HubUnavailableException("Redis unreachable at " + settings.safeUri()
                        + " (" + redaction.apply(lastConnectFailure.getMessage()) + ")", redacted(lastConnectFailure, 0));
            }
            try {
                c = client.connect(StringCodec.UTF8, commandUri);
                commandConnection = c;
                lastConnectFailure = null;
                return c.sync();
            } catch (RedisException e) {
                lastConnectFailure = e;
                nextConnectNanos = System.nanoTime() + RECONNECT_PAUSE_NANOS;
                throw unavailable("connect", e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T run(RedisScripts.Script script, String[] keys, String... args) {
        try {
            return runOn(commands(), script, keys, args);
        } catch (RedisException e) {
            throw unavailable("script", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T runOn(RedisCommands<String, String> c, RedisScripts.Script script, String[] keys,
                               String... args) {
        ScriptOutputType out = ScriptOutputType.MULTI;
        if (script == RedisScripts.RAISE_SEQUENCE) {
            out = ScriptOutputType.VALUE;
        }
        try {
            return (T) c.evalsha(script.sha(), out, keys, args);
        } catch (RedisNoScriptException e) {
            return (T) c.eval(script.body(), out, keys, args);
        } catch (RedisCommandExecutionException e) {
            if (String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) {
                return (T) c.eval(script.body(), out, keys, args);
            }
            throw e;
        }
    }

    private HubUnavailableException unavailable(String what, RedisException e) {
        return new HubUnavailableException("Redis " + what + " failed at " + settings.safeUri() + ": "
                + redaction.apply(e.getMessage()), redacted(e, 0));
    }

    /** Printed as the original's class and message. */
    private static final class RedactedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedactedFailure(String originalClassAndMessage, Throwable cause) {
            super(originalClassAndMessage, cause, false, true);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /**
     * A stand-in for a client library failure, for the cause of what this transport throws: the
     * same class name, message (redacted) and stack, so logs keep the diagnosis without a password
     * that a message of the library might quote.
     */
    private RuntimeException redacted(Throwable failure, int depth) {
        Throwable cause = failure.getCause();
        RuntimeException copy = new RedactedFailure(redaction.describe(failure),
                cause != null && cause != failure && depth < 8 ? redacted(cause, depth + 1) : null);
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }

    // ---- encoding ---------------------------------------------------------------------------

    private String topicKey(String topic) {
        return settings.keyPrefix() + "topic:" + topic;
    }

    private String metaKey(String topic) {
        return settings.keyPrefix() + "meta:" + topic;
    }

    /** The event of a stream entry, or null (logged) if the entry is not one Herald wrote. */
    private static Event decode(long id, Map<String, String> fields) {
        try {
            return new Event(id, fields.get("topic"), fields.get("type"), fields.getOrDefault("data", ""),
                    micros(Long.parseLong(fields.get("ts"))));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring malformed stream entry " + id + ": " + fields, e);
            return null;
        }
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private static long streamIdNumber(String streamId) {
        int dash = streamId.indexOf('-');
        return Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
    }

    private static long parseLong(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        return Long.parseLong(value.toString());
    }

    private static void closeQuietly(StatefulRedisConnection<?, ?> c) {
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
    }
}
