package io.herald.core.transport.redis;

import io.herald.api.Event;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Reading what Redis answers: stream entries as events, stream ids and numbers. */
final class StreamEntries {

    private static final Logger LOG = Logger.getLogger(StreamEntries.class.getName());

    private StreamEntries() {
    }

    /**
     * The event of a stream entry, or null (logged) if the entry is not one Herald wrote. The
     * event's own checks run here too: an entry of the shared Redis is the one input a node does
     * not get from its own hub, so a foreign one is skipped rather than handed to subscribers.
     */
    static Event decode(long id, Map<String, String> fields) {
        try {
            return new Event(id, fields.get("topic"), fields.get("type"), fields.getOrDefault("data", ""),
                    micros(Long.parseLong(fields.get("ts"))));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring malformed stream entry " + id + ": " + fields, e);
            return null;
        }
    }

    static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /** The event id of a stream entry id {@code <id>-0}. */
    static long idNumber(String streamId) {
        int dash = streamId.indexOf('-');
        return Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
    }

    static long parseLong(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        return Long.parseLong(value.toString());
    }

    static void closeQuietly(StatefulRedisConnection<?, ?> c) {
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
    }
}
