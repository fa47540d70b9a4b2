package io.herald.core.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A redis-server of the test's own, on a free port, for the tests that stop, restart or pause
 * Redis (never the shared one). {@link #available()} says whether redis-server is installed.
 */
public final class PrivateRedis implements AutoCloseable {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private Process server;

    public PrivateRedis() throws IOException {
        dir = Files.createTempDirectory("herald-redis-");
        port = RedisTestSupport.freePort();
    }

    public static boolean available() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, "redis-server"))) {
                return true;
            }
        }
        return false;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again); with {@code persistent}, every write is in the AOF before it is answered. */
    public void start(boolean persistent) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--dir", dir.toString(), "--daemonize", "no"));
        cmd.addAll(persistent ? List.of("--appendonly", "yes", "--appendfsync", "always") : List.of("--appendonly", "no"));
        server = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        await().atMost(DEADLINE).ignoreExceptions().until(this::ping);
    }

    public long pid() {
        return server.pid();
    }

    /** Sends a signal ({@code STOP}, {@code CONT}) to the server process. */
    public void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(server.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).isTrue();
    }

    public boolean ping() {
        RedisClient c = RedisClient.create(uri());
        try (StatefulRedisConnection<String, String> conn = c.connect()) {
            return "PONG".equals(conn.sync().ping());
        } finally {
            c.shutdown();
        }
    }

    /** SIGTERM: Redis flushes the AOF and exits. */
    public void stop() {
        if (server != null && server.isAlive()) {
            server.destroy();
            try {
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server = null;
    }

    @Override
    public void close() throws IOException {
        if (server != null && server.isAlive()) {
            try {
                signal("CONT");
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
