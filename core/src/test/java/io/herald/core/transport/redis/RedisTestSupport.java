package io.herald.core.transport.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The real Redis the tests run against ({@code -Dherald.test.redis.uri}, default 127.0.0.1:6379), a
 * random key prefix per test, and removal of that prefix's keys afterwards.
 */
public final class RedisTestSupport implements AutoCloseable {

    public static final String URI = System.getProperty("herald.test.redis.uri", "redis://127.0.0.1:6379");

    public final String prefix = "herald-test:" + UUID.randomUUID().toString().substring(0, 12) + ":";
    private final RedisClient client = RedisClient.create(URI);
    private final StatefulRedisConnection<String, String> connection;

    public RedisTestSupport() {
        try {
            connection = client.connect();
        } catch (RuntimeException e) {
            client.shutdown();
            throw new IllegalStateException("these tests need a Redis at " + URI + " (start one: redis-server)", e);
        }
    }

    public RedisCommands<String, String> redis() {
        return connection.sync();
    }

    RedisSettings settings() {
        return RedisSettings.of(URI, prefix);
    }

    /** Kills the connections whose client name is {@code name}; returns how many. */
    int killClient(String name) {
        int killed = 0;
        for (String line : redis().clientList().split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                redis().clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id)));
                killed++;
            }
        }
        return killed;
    }

    List<String> keys() {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            List<String> keys = keys();
            if (!keys.isEmpty()) {
                redis().del(keys.toArray(String[]::new));
            }
        } finally {
            connection.close();
            client.shutdown();
        }
    }
}
