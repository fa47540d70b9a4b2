package io.herald.core.transport.redis;

import static io.herald.core.transport.redis.StreamEntries.parseLong;

import io.herald.api.Event;
import io.herald.api.HubUnavailableException;
import io.herald.api.ReplayResult;
import io.herald.core.time.Saturating;
import io.herald.core.transport.Transport;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * at once. Any failure is a {@link HubUnavailableException} (503 at the web layer; see {@link CommandConnection}); nothing
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
 * {@link #lastId()} is the hub's business.
 *
 * <h2>Where the code is</h2>
 * This class: publish, history, counts, life cycle. {@link FeedReader}: the reader thread and its
 * gap reports. {@link CommandConnection}: the command connection, scripts by SHA, redacted
 * failures. {@link RedisScripts}: the Lua. {@link RedisKeys} and {@link StreamEntries}: key names
 * and decoding. Input (topics, types, positions) is trusted: the hub validated it.
 */
public final class RedisTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(RedisTransport.class.getName());

    private final RedisSettings settings;
    private final RedisKeys keys;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI readerUri;
    private final CommandConnection commands;

    /** The highest id this node has published or delivered: the floor for new ids. */
    private final AtomicLong highestSeen = new AtomicLong();
    private boolean closed;
    private FeedReader reader;

    /** Creates the transport without connecting: a node may start while Redis is down. */
    public RedisTransport(RedisSettings settings) {
        this.settings = Objects.requireNonNull(settings);
        this.keys = new RedisKeys(settings.keyPrefix());
        this.readerUri = uri(settings, "reader",
                Saturating.plus(settings.commandTimeout(), Duration.ofMillis(FeedReader.READ_BLOCK_MS)));
        RedisURI commandUri = uri(settings, "cmd", settings.commandTimeout());
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.commandTimeout()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled())
                .build());
        this.commands = new CommandConnection(client, commandUri, settings);
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
        FeedReader started;
        synchronized (this) {
            if (reader != null) {
                throw new IllegalStateException("already started");
            }
            if (closed) {
                throw new IllegalStateException("closed");
            }
            started = new FeedReader(client, readerUri, settings, keys, highestSeen, listener);
            reader = started;
        }
        long sequence = -1;
        try {
            sequence = parseLong(commands.commands().get(keys.seq()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Redis not reachable at start ({0}); events will be delivered from when it is",
                    settings.redaction().describe(e));
        }
        started.start(sequence);
    }

    @Override
    public Event publish(String topic, String type, String data) {
        String[] scriptKeys = {keys.seq(), keys.all(), keys.topic(topic), keys.meta(topic), keys.horizon(),
                keys.forgotten(), keys.bytes(), keys.topics(), keys.oldest()};
        String[] args = {topic, data, type == null ? "" : type, Integer.toString(settings.replaySize()),
                Long.toString(ttlMicros()), Integer.toString(settings.globalStreamSize()),
                Long.toString(highestSeen.get()), Long.toString(settings.maxBytesPerTopic()),
                Long.toString(settings.maxBytes()), settings.keyPrefix()};
        List<Object> reply = commands.run(RedisScripts.PUBLISH, scriptKeys, args);
        long id = Long.parseLong(String.valueOf(reply.get(0)));
        Instant ts = StreamEntries.micros(Long.parseLong(String.valueOf(reply.get(1))));
        highestSeen.accumulateAndGet(id, Math::max);
        return new Event(id, topic, type, data, ts);
    }

    @Override
    public ReplayResult history(Set<String> topics, long afterId) {
        List<String> names = List.copyOf(topics);
        List<String> scriptKeys = new ArrayList<>(List.of(keys.seq(), keys.horizon(), keys.forgotten(), keys.bytes(),
                keys.topics(), keys.oldest()));
        for (String name : names) {
            scriptKeys.add(keys.topic(name));
            scriptKeys.add(keys.meta(name));
        }
        List<Object> reply = commands.run(RedisScripts.HISTORY, scriptKeys.toArray(String[]::new), (afterId + 1) + "-0",
                Long.toString(ttlMicros()), settings.keyPrefix());
        // No sequence at all: Redis lost everything and nobody has published or reconnected since,
        // so no id is known (a fresh install has no ids either, and the hub treats any as unknown).
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
                long id = StreamEntries.idNumber(String.valueOf(pair.get(0)));
                List<?> flat = (List<?>) pair.get(1);
                Map<String, String> fields = new HashMap<>();
                for (int i = 0; i + 1 < flat.size(); i += 2) {
                    fields.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
                }
                Event e = StreamEntries.decode(id, fields);
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
            return Math.max(parseLong(commands.commands().get(keys.seq())), highestSeen.get());
        } catch (HubUnavailableException | RedisException e) {
            return highestSeen.get();
        }
    }

    /** Every history read is a script run in Redis: one round trip. */
    @Override
    public boolean readsMayWait() {
        return true;
    }

    @Override
    public boolean isAvailable() {
        try {
            return "PONG".equalsIgnoreCase(commands.commands().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public Retained retained(String topic) {
        List<Object> reply = commands.run(RedisScripts.RETAINED, new String[] {keys.topic(topic)});
        long count = parseLong(reply.get(0));
        return new Retained((int) count, count == 0 ? 0 : StreamEntries.idNumber(String.valueOf(reply.get(1))));
    }

    @Override
    public void close() {
        FeedReader r;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            r = reader;
        }
        if (r != null) {
            r.close();
        }
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "RedisTransport[node=" + settings.nodeName() + ", uri=" + settings.safeUri() + ", prefix="
                + settings.keyPrefix() + "]";
    }
}
