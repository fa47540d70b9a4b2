package io.herald.core.transport.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The Lua scripts of {@link RedisTransport}; each runs atomically inside Redis. */
final class RedisScripts {

    private RedisScripts() {
    }

    /** A script's body and SHA-1, for EVALSHA with EVAL as the fallback (the cache is empty after a restart). */
    record Script(String body, String sha) {
        static Script of(String body) {
            try {
                byte[] d = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
                return new Script(body, HexFormat.of().formatHex(d));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Publish one event. KEYS: 1 sequence, 2 global stream, 3 topic stream, 4 topic meta hash.
     * ARGV: 1 topic, 2 data, 3 replay size, 4 topic TTL ms, 5 meta TTL ms, 6 global stream size,
     * 7 id floor (the highest id the calling node has seen), 8 type (absent when unset).
     *
     * <p>The id is INCR of the sequence, raised above the floor and above the newest id of both
     * streams, so ids stay increasing even if the sequence key was lost (Redis restarted without
     * persistence, key deleted) while nodes or streams remember higher ids. The topic stream is
     * trimmed exactly to the replay size and the id of the newest entry trimmed is kept in the
     * meta hash ({@code evicted}), with the topic's newest id ({@code last}); the meta hash lives
     * twice as long as the stream, so that a client coming back to an expired topic can still be
     * told whether it missed something. Returns {id, timestamp in microseconds}, both as strings.
     */
    static final Script PUBLISH = Script.of("""
            redis.replicate_commands()
            local function num(streamId) return tonumber(string.match(streamId, '^(%d+)')) end
            local id = redis.call('INCR', KEYS[1])
            local floor = tonumber(ARGV[7])
            local newest = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
            if newest[1] then floor = math.max(floor, num(newest[1][1])) end
            local topicLast = redis.call('HGET', KEYS[4], 'last')
            if topicLast then floor = math.max(floor, tonumber(topicLast)) end
            if id <= floor then
              id = floor + 1
              redis.call('SET', KEYS[1], string.format('%d', id))
            end
            local t = redis.call('TIME')
            local ts = t[1] .. string.format('%06d', tonumber(t[2]))
            local idText = string.format('%d', id)
            local sid = idText .. '-0'
            local fields
            if ARGV[8] then
              fields = {'topic', ARGV[1], 'type', ARGV[8], 'data', ARGV[2], 'ts', ts}
            else
              fields = {'topic', ARGV[1], 'data', ARGV[2], 'ts', ts}
            end
            redis.call('XADD', KEYS[3], sid, unpack(fields))
            local max = tonumber(ARGV[3])
            local len = redis.call('XLEN', KEYS[3])
            if len > max then
              local gone = redis.call('XRANGE', KEYS[3], '-', '+', 'COUNT', len - max)
              redis.call('XTRIM', KEYS[3], 'MAXLEN', max)
              redis.call('HSET', KEYS[4], 'evicted', string.format('%d', num(gone[#gone][1])))
            end
            redis.call('HSET', KEYS[4], 'last', idText)
            redis.call('PEXPIRE', KEYS[3], ARGV[4])
            redis.call('PEXPIRE', KEYS[4], ARGV[5])
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], sid, unpack(fields))
            return {idText, ts}
            """);

    /**
     * Read a topic's history. KEYS: 1 topic stream, 2 topic meta hash. ARGV: 1 first stream id wanted.
     * Returns {stream exists (0/1), evicted id, topic's last id, XRANGE entries}; atomic, so the
     * eviction mark always matches the entries returned.
     */
    static final Script HISTORY = Script.of("""
            local exists = redis.call('EXISTS', KEYS[1])
            local evicted = redis.call('HGET', KEYS[2], 'evicted') or '0'
            local last = redis.call('HGET', KEYS[2], 'last') or '0'
            local entries = {}
            if exists == 1 then entries = redis.call('XRANGE', KEYS[1], ARGV[1], '+') end
            return {exists, evicted, last, entries}
            """);

    /**
     * Raise the sequence to at least ARGV[1] (a node's last delivered id) if Redis lost it; KEYS: 1 sequence.
     * Returns the sequence afterwards, as a string.
     */
    static final Script RAISE_SEQUENCE = Script.of("""
            local current = tonumber(redis.call('GET', KEYS[1]) or '0')
            local floor = tonumber(ARGV[1])
            if current < floor then
              redis.call('SET', KEYS[1], ARGV[1])
              current = floor
            end
            return string.format('%d', current)
            """);
}
