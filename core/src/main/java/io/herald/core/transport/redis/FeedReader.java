package io.herald.core.transport.redis;

import static io.herald.core.transport.redis.StreamEntries.closeQuietly;
import static io.herald.core.transport.redis.StreamEntries.parseLong;

import io.herald.api.Event;
import io.herald.core.transport.Transport.Listener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's one reader of the global stream, and the feed it hands up: a daemon thread on its
 * own connection doing {@code XREAD BLOCK} after the last id it delivered and calling the listener
 * once per entry, in stream (id) order, holding no lock. When its connection drops it reconnects
 * with backoff (50 ms doubling to 1 s) and continues after that id. It tells the listener of a gap
 * when the next entry's {@code prev} is not the last id delivered (it fell behind the stream's
 * trimming), when Redis came back without ids this node had seen, and when it could not learn
 * where to start (Redis down at start). See {@link RedisTransport} for why a stream and not pub/sub.
 */
final class FeedReader {

    private static final Logger LOG = Logger.getLogger(FeedReader.class.getName());
    static final long READ_BLOCK_MS = 2000;
    private static final int READ_BATCH = 512;

    private final RedisClient client;
    private final RedisURI uri;
    private final RedisSettings settings;
    private final RedisKeys keys;
    /** Shared with the transport: the highest id this node has published or delivered. */
    private final AtomicLong highestSeen;
    private final Listener listener;

    private volatile boolean closed;
    private volatile Thread thread;
    /** The reader's current connection; whoever takes it out (reader or close) closes it. */
    private final AtomicReference<StatefulRedisConnection<String, String>> connection = new AtomicReference<>();
    /** Last id handed to the listener; -1 until known. Only the reader thread writes it after start. */
    private volatile long position = -1;

    FeedReader(RedisClient client, RedisURI uri, RedisSettings settings, RedisKeys keys, AtomicLong highestSeen,
               Listener listener) {
        this.client = client;
        this.uri = uri;
        this.settings = settings;
        this.keys = keys;
        this.highestSeen = highestSeen;
        this.listener = listener;
    }

    /**
     * Starts reading after {@code sequence} (the sequence's value now), or, if it is unknown (-1:
     * Redis could not be asked), from the sequence's value when the reader first connects.
     */
    void start(long sequence) {
        if (sequence >= 0) {
            position = Math.max(sequence, highestSeen.get());
        }
        Thread t = new Thread(this::readLoop, "herald-redis-reader-" + settings.nodeName());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            closeQuietly(connection.getAndSet(null));
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void readLoop() {
        long pauseMs = 50;
        boolean outageLogged = false;
        while (!closed) {
            StatefulRedisConnection<String, String> conn = null;
            try {
                conn = client.connect(StringCodec.UTF8, uri);
                connection.set(conn);
                if (closed) {
                    break;
                }
                RedisCommands<String, String> r = conn.sync();
                resume(r);
                if (outageLogged) {
                    LOG.log(Level.INFO, "Redis reader of node {0} reconnected, continuing after id {1}",
                            new Object[] {settings.nodeName(), position});
                    outageLogged = false;
                }
                pauseMs = 50;
                while (!closed) {
                    List<StreamMessage<String, String>> batch = r.xread(
                            XReadArgs.Builder.block(READ_BLOCK_MS).count(READ_BATCH),
                            XReadArgs.StreamOffset.from(keys.all(), position + "-0"));
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
                            new Object[] {settings.nodeName(), settings.redaction().describe(e)});
                    outageLogged = true;
                }
            } finally {
                if (conn != null && connection.compareAndSet(conn, null)) {
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

    /**
     * On every (re)connect: keeps the sequence above what this node has seen (Redis may have come
     * back without its data), and reports the gaps that a lost sequence or an unknown start leave.
     */
    private void resume(RedisCommands<String, String> r) {
        long floor = Math.max(Math.max(position, 0), highestSeen.get());
        long before = parseLong(CommandConnection.runOn(r, RedisScripts.RAISE_SEQUENCE,
                new String[] {keys.seq(), keys.horizon()}, Long.toString(floor)));
        long seq = Math.max(before, floor);
        if (before < floor && position >= 0) {
            // Redis lost ids this node has seen (or published): whatever it held after this
            // node's position and had not reached it yet is gone. Whoever listens here is told.
            LOG.log(Level.WARNING, "node {0} found Redis without the events after id {1,number,#}",
                    new Object[] {settings.nodeName(), position});
            gap(position);
        }
        if (position < 0) {
            // Redis could not be asked at start: this node reads from now on, and whoever
            // subscribed here meanwhile may have missed what was published in between.
            position = seq;
            gap(seq);
        }
    }

    private void deliver(StreamMessage<String, String> m) {
        long id = StreamEntries.idNumber(m.getId());
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
            gap(delivered);
        }
        position = id;
        highestSeen.accumulateAndGet(id, Math::max);
        Event e = StreamEntries.decode(id, m.getBody());
        if (e == null) {
            return;
        }
        try {
            listener.onEvent(e);
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "listener failed on event " + id, ex);
        }
    }

    private void gap(long afterId) {
        try {
            listener.onGap(afterId);
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "listener failed on a gap after " + afterId, ex);
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
}
