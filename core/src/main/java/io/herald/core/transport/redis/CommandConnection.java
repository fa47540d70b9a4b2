package io.herald.core.transport.redis;

import static io.herald.core.transport.redis.StreamEntries.closeQuietly;

import io.herald.api.HubUnavailableException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import java.util.concurrent.TimeUnit;

/**
 * The connection for commands (publish, history reads, PING), and how its failures are reported.
 * Lettuce's auto-reconnect is off (it would re-send a publish script in flight when a connection
 * dropped, publishing twice): a closed connection is replaced on the next command, at most one
 * attempt per 250 ms, and meanwhile commands fail at once. Every failure is a
 * {@link HubUnavailableException} whose message and causes are redacted (the URI may carry a
 * password).
 *
 * <p>Locking: {@code connectLock} guards replacing the connection; commands run on the current
 * one without a lock (Lettuce connections are thread-safe).
 */
final class CommandConnection {

    private static final long RECONNECT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final RedisClient client;
    private final RedisURI uri;
    private final RedisSettings settings;
    private final Redaction redaction;

    private final Object connectLock = new Object();
    private volatile StatefulRedisConnection<String, String> connection;
    private long nextConnectNanos;
    private RuntimeException lastConnectFailure;
    private volatile boolean closed;

    CommandConnection(RedisClient client, RedisURI uri, RedisSettings settings) {
        this.client = client;
        this.uri = uri;
        this.settings = settings;
        this.redaction = settings.redaction();
    }

    /** The commands of the current connection, connecting if there is none. */
    RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> c = connection;
        if (c != null && c.isOpen()) {
            return c.sync();
        }
        synchronized (connectLock) {
            c = connection;
            if (c != null && c.isOpen()) {
                return c.sync();
            }
            if (closed) {
                throw new HubUnavailableException("Redis transport is closed", null);
            }
            if (c != null) {
                closeQuietly(c);
                connection = null;
            }
            long now = System.nanoTime();
            if (lastConnectFailure != null && now - nextConnectNanos < 0) {
                throw new HubUnavailableException("Redis unreachable at " + settings.safeUri()
                        + " (" + redaction.apply(lastConnectFailure.getMessage()) + ")", redacted(lastConnectFailure, 0));
            }
            try {
                c = client.connect(StringCodec.UTF8, uri);
                connection = c;
                lastConnectFailure = null;
                return c.sync();
            } catch (RedisException e) {
                lastConnectFailure = e;
                nextConnectNanos = System.nanoTime() + RECONNECT_PAUSE_NANOS;
                throw unavailable("connect", e);
            }
        }
    }

    /** Runs {@code script} on the command connection. */
    <T> T run(RedisScripts.Script script, String[] keys, String... args) {
        try {
            return runOn(commands(), script, keys, args);
        } catch (RedisException e) {
            throw unavailable("script", e);
        }
    }

    /** Runs {@code script} by its SHA, sending its body once if Redis does not know it (yet, or after a restart). */
    @SuppressWarnings("unchecked")
    static <T> T runOn(RedisCommands<String, String> c, RedisScripts.Script script, String[] keys, String... args) {
        ScriptOutputType out = script == RedisScripts.RAISE_SEQUENCE ? ScriptOutputType.VALUE : ScriptOutputType.MULTI;
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

    HubUnavailableException unavailable(String what, RedisException e) {
        return new HubUnavailableException("Redis " + what + " failed at " + settings.safeUri() + ": "
                + redaction.apply(e.getMessage()), redacted(e, 0));
    }

    void close() {
        closed = true;
        synchronized (connectLock) {
            closeQuietly(connection);
            connection = null;
        }
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
}
