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

    /** Lua helpers shared by the scripts that write. */
    private static final String HELPERS = """
            local function num(streamId) return tonumber(string.match(streamId, '^(%d+)')) end
            local function fmt(n) return string.format('%d', n) end
            local function size(fields)
              local n = 0
              for i = 1, #fields, 2 do
                local f = fields[i]
                if f == 'data' or f == 'type' or f == 'topic' then n = n + #fields[i + 1] end
              end
              return n
            end
            local function nowMicros()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000000 + tonumber(t[2]), t[1] .. string.format('%06d', tonumber(t[2]))
            end
            -- Forgets topics idle for longer than the TTL: a topic's score is its last id, which is at
            -- least its last publish time in microseconds, so a score below now - ttl is a topic idle
            -- at least that long. Its last id raises the forgotten mark first, so a client coming back
            -- from before it is told it missed events. At most 16 per call.
            local function sweep(forgottenKey, bytesKey, topicsKey, oldestKey, prefix, now, ttl)
              local idle = redis.call('ZRANGEBYSCORE', topicsKey, '-inf', '(' .. fmt(now - ttl), 'WITHSCORES', 'LIMIT', 0, 16)
              for i = 1, #idle, 2 do
                local name = idle[i]
                local last = tonumber(idle[i + 1])
                local forgotten = tonumber(redis.call('GET', forgottenKey) or '0')
                if last > forgotten then redis.call('SET', forgottenKey, fmt(last)) end
                local mk = prefix .. 'meta:' .. name
                local b = tonumber(redis.call('HGET', mk, 'bytes') or '0')
                if b ~= 0 then redis.call('DECRBY', bytesKey, b) end
                redis.call('DEL', prefix .. 'topic:' .. name, mk)
                redis.call('ZREM', topicsKey, name)
                redis.call('ZREM', oldestKey, name)
              end
            end
            """;

    /**
     * Publish one event. KEYS: 1 sequence, 2 global stream, 3 topic stream, 4 topic meta hash,
     * 5 horizon, 6 forgotten mark, 7 history bytes, 8 topics by last id, 9 topics by oldest id.
     * ARGV: 1 topic, 2 data, 3 type ('' when unset), 4 replay size, 5 topic TTL in microseconds,
     * 6 global stream size, 7 id floor (the highest id the calling node has seen), 8 byte budget of
     * one topic, 9 byte budget of all histories, 10 key prefix.
     *
     * <p>The id is INCR of the sequence, raised above the floor, the newest id of both streams and
     * the time in microseconds, so ids keep increasing even if Redis lost everything (and every
     * node restarted too). The first publish on a sequence Redis does not have sets the horizon:
     * ids below it are from before Redis lost its data. A topic stream that is created (anew) takes
     * as eviction mark what the topic had before and the forgotten mark, so a client coming back
     * from before is told it missed events. The topic stream is trimmed from the oldest end to the
     * replay size and the topic's byte budget, then the oldest events of any topic go while all
     * histories are over their budget; the id of the newest event a topic lost is its
     * {@code evicted} mark. The global stream entry also carries {@code prev}, the id of the entry
     * before it, so that a node whose reader finds another {@code prev} knows it lost events.
     * Returns {id, timestamp in microseconds}, both as strings.
     */
    static final Script PUBLISH = Script.of("redis.replicate_commands()\n" + HELPERS + """
            local prefix = ARGV[10]
            local now, ts = nowMicros()
            sweep(KEYS[6], KEYS[7], KEYS[8], KEYS[9], prefix, now, tonumber(ARGV[5]))
            local seqExisted = redis.call('EXISTS', KEYS[1])
            local id = redis.call('INCR', KEYS[1])
            local floor = math.max(tonumber(ARGV[7]), now - 1)
            local prev = 0
            local newest = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
            if newest[1] then
              prev = num(newest[1][1])
              floor = math.max(floor, prev)
            end
            local topicLast = tonumber(redis.call('HGET', KEYS[4], 'last') or '0')
            floor = math.max(floor, topicLast)
            if id <= floor then
              id = floor + 1
              redis.call('SET', KEYS[1], fmt(id))
            end
            if redis.call('EXISTS', KEYS[5]) == 0 then
              redis.call('SET', KEYS[5], seqExisted == 1 and '1' or fmt(id))
            end
            local idText = fmt(id)
            local sid = idText .. '-0'
            local fields = {'topic', ARGV[1]}
            if ARGV[3] ~= '' then
              fields[#fields + 1] = 'type'
              fields[#fields + 1] = ARGV[3]
            end
            fields[#fields + 1] = 'data'
            fields[#fields + 1] = ARGV[2]
            fields[#fields + 1] = 'ts'
            fields[#fields + 1] = ts
            if redis.call('EXISTS', KEYS[3]) == 0 then
              local mark = math.max(tonumber(redis.call('GET', KEYS[6]) or '0'), topicLast,
                  tonumber(redis.call('HGET', KEYS[4], 'evicted') or '0'))
              if mark > 0 then redis.call('HSET', KEYS[4], 'evicted', fmt(mark)) end
              local stale = tonumber(redis.call('HGET', KEYS[4], 'bytes') or '0')
              if stale ~= 0 then
                redis.call('DECRBY', KEYS[7], stale) -- what the lost stream held is no longer held
                redis.call('HSET', KEYS[4], 'bytes', '0')
              end
            end
            redis.call('XADD', KEYS[3], sid, unpack(fields))
            local s = #ARGV[1] + #ARGV[2] + #ARGV[3]
            local topicBytes = redis.call('HINCRBY', KEYS[4], 'bytes', s)
            redis.call('INCRBY', KEYS[7], s)
            local max = tonumber(ARGV[4])
            local maxTopic = tonumber(ARGV[8])
            local len = redis.call('XLEN', KEYS[3])
            while len > 0 and (len > max or topicBytes > maxTopic) do
              local oldest = redis.call('XRANGE', KEYS[3], '-', '+', 'COUNT', 1)[1]
              local gone = size(oldest[2])
              redis.call('XTRIM', KEYS[3], 'MAXLEN', len - 1)
              len = len - 1
              topicBytes = redis.call('HINCRBY', KEYS[4], 'bytes', -gone)
              redis.call('DECRBY', KEYS[7], gone)
              redis.call('HSET', KEYS[4], 'evicted', fmt(num(oldest[1])))
            end
            redis.call('HSET', KEYS[4], 'last', idText)
            redis.call('ZADD', KEYS[8], id, ARGV[1])
            if len > 0 then
              redis.call('ZADD', KEYS[9], num(redis.call('XRANGE', KEYS[3], '-', '+', 'COUNT', 1)[1][1]), ARGV[1])
            else
              redis.call('ZREM', KEYS[9], ARGV[1])
            end
            local total = tonumber(redis.call('GET', KEYS[7]) or '0')
            local maxTotal = tonumber(ARGV[9])
            local rounds = 0
            while total > maxTotal and rounds < 1000 do
              rounds = rounds + 1
              local victim = redis.call('ZRANGE', KEYS[9], 0, 0)[1]
              if not victim then break end
              local sk = prefix .. 'topic:' .. victim
              local mk = prefix .. 'meta:' .. victim
              local oldest = redis.call('XRANGE', sk, '-', '+', 'COUNT', 1)[1]
              if not oldest then
                redis.call('ZREM', KEYS[9], victim)
              else
                local gone = size(oldest[2])
                redis.call('XTRIM', sk, 'MAXLEN', redis.call('XLEN', sk) - 1)
                redis.call('HINCRBY', mk, 'bytes', -gone)
                total = redis.call('DECRBY', KEYS[7], gone)
                redis.call('HSET', mk, 'evicted', fmt(num(oldest[1])))
                local nxt = redis.call('XRANGE', sk, '-', '+', 'COUNT', 1)[1]
                if nxt then redis.call('ZADD', KEYS[9], num(nxt[1]), victim) else redis.call('ZREM', KEYS[9], victim) end
              end
            end
            fields[#fields + 1] = 'prev'
            fields[#fields + 1] = fmt(prev)
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], sid, unpack(fields))
            return {idText, ts}
            """);

    /**
     * Read the histories of several topics as one atomic cut. KEYS: 1 sequence, 2 horizon,
     * 3 forgotten mark, 4 history bytes, 5 topics by last id, 6 topics by oldest id, then per
     * topic its stream and its meta hash. ARGV: 1 first stream id wanted, 2 topic TTL in
     * microseconds, 3 key prefix. Forgets idle topics first (as a publish does). Returns
     * {sequence, horizon, forgotten mark, then per topic {stream exists (0/1), evicted id, last id,
     * XRANGE entries}}.
     */
    static final Script HISTORY = Script.of("redis.replicate_commands()\n" + HELPERS + """
            local now = nowMicros()
            sweep(KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[3], now, tonumber(ARGV[2]))
            local out = {redis.call('GET', KEYS[1]) or '0', redis.call('GET', KEYS[2]) or '0',
                redis.call('GET', KEYS[3]) or '0'}
            for i = 7, #KEYS, 2 do
              local exists = redis.call('EXISTS', KEYS[i])
              local evicted = redis.call('HGET', KEYS[i + 1], 'evicted') or '0'
              local last = redis.call('HGET', KEYS[i + 1], 'last') or '0'
              local entries = {}
              if exists == 1 then entries = redis.call('XRANGE', KEYS[i], ARGV[1], '+') end
              out[#out + 1] = {exists, evicted, last, entries}
            end
            return out
            """);

    /**
     * Raise the sequence to at least ARGV[1] (the highest id a node has seen) if Redis lost it; KEYS:
     * 1 sequence, 2 horizon (set, if absent, to now in microseconds: every id Redis lost is below it,
     * while this node may not have seen the newest of them). Returns the sequence as it was before,
     * as a string: below ARGV[1] means Redis lost data.
     */
    static final Script RAISE_SEQUENCE = Script.of("""
            redis.replicate_commands()
            local current = tonumber(redis.call('GET', KEYS[1]) or '0')
            local floor = tonumber(ARGV[1])
            if current < floor then
              redis.call('SET', KEYS[1], ARGV[1])
              if redis.call('EXISTS', KEYS[2]) == 0 then
                local t = redis.call('TIME')
                local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
                redis.call('SET', KEYS[2], string.format('%d', math.max(floor + 1, now)))
              end
            end
            return string.format('%d', current)
            """);

    /**
     * What a topic's history holds, counted without reading it; KEYS: 1 topic stream. Returns
     * {count, id of the newest entry or '0'}.
     */
    static final Script RETAINED = Script.of("""
            local n = redis.call('XLEN', KEYS[1])
            local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
            if #newest == 0 then return {n, '0'} end
            return {n, newest[1][1]}
            """);
}
