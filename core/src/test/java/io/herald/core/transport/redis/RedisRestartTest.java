package io.herald.core.transport.redis;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.api.Event;
import io.herald.core.transport.TransportUnavailableException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis going away and coming back, on a private redis-server this test launches on a free port
 * (never the shared one): publishes fail fast while it is down, both nodes resume by themselves,
 * and every acknowledged event reaches the listener once, in order.
 */
class RedisRestartTest {

    private static final Duration DEADLINE = ofSeconds(30);

    private Path dir;
    private int port;
    private Process server;
    private final List<RedisTransport> transports = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        Assumptions.assumeTrue(onPath("redis-server"), "redis-server is not installed");
        dir = Files.createTempDirectory("herald-redis-");
        port = RedisTestSupport.freePort();
    }

    @AfterEach
    void tearDown() throws IOException {
        transports.forEach(RedisTransport::close);
        stopServer();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @ParameterizedTest(name = "persistent={0}")
    @ValueSource(booleans = {true, false})
    void nodesResumeAfterARedisRestartAndNoAcknowledgedEventIsLost(boolean persistent) throws Exception {
        startServer(persistent);
        String uri = "redis://127.0.0.1:" + port;
        RedisTransportTest.Recorder onA = new RedisTransportTest.Recorder();
        RedisTransportTest.Recorder onB = new RedisTransportTest.Recorder();
        RedisTransport a = node(RedisSettings.of(uri, "r:").withNodeName("ra"), onA);
        RedisTransport b = node(RedisSettings.of(uri, "r:").withNodeName("rb"), onB);

        List<Event> acknowledged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            acknowledged.add((i % 2 == 0 ? a : b).publish("t", null, "before " + i));
        }
        await().atMost(DEADLINE).until(() -> onB.events.size() == 20 && onA.events.size() == 20);

        stopServer();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> a.publish("t", null, "while down"))
                    .isInstanceOf(TransportUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ofSeconds(3));
        }

        startServer(persistent);
        // the first publishes after the restart may still meet the old, dead connection
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).ignoreException(TransportUnavailableException.class)
                .until(() -> acknowledged.add(a.publish("t", null, "after")));
        for (int i = 0; i < 20; i++) {
            acknowledged.add((i % 2 == 0 ? a : b).publish("t", null, "after " + i));
        }

        int total = acknowledged.size();
        await().atMost(DEADLINE).until(() -> onA.events.size() >= total && onB.events.size() >= total);
        assertThat(onA.events).containsExactlyElementsOf(acknowledged);
        assertThat(onB.events).containsExactlyElementsOf(acknowledged);
        assertThat(onB.ids()).isSorted().doesNotHaveDuplicates();
        if (persistent) {
            assertThat(b.history("t", 0).events()).hasSize(Math.min(total, 50));
            assertThat(onB.gaps).as("nothing was lost: no reset").isEmpty();
        } else {
            // Redis came back empty: what it held after each node's last delivered id cannot be vouched for
            assertThat(onB.gaps).isNotEmpty();
            assertThat(b.history("t", acknowledged.get(19).id()).missed()).isTrue();
        }
    }

    @org.junit.jupiter.api.Test
    void aHungRedisMakesPublishFailWithinTheCommandTimeoutAndDeliveryResumesAfterwards() throws Exception {
        startServer(false);
        String uri = "redis://127.0.0.1:" + port;
        RedisTransportTest.Recorder onB = new RedisTransportTest.Recorder();
        RedisTransport a = node(RedisSettings.of(uri, "h:").withNodeName("ha")
                .withCommandTimeout(Duration.ofMillis(500)), new RedisTransportTest.Recorder());
        node(RedisSettings.of(uri, "h:").withNodeName("hb").withCommandTimeout(Duration.ofMillis(500)), onB);
        List<Event> acknowledged = new ArrayList<>();
        acknowledged.add(a.publish("t", null, "before"));

        signal("STOP"); // the process is there but answers nothing (GC pause, overloaded host, network partition)
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> a.publish("t", null, "while hung"))
                    .isInstanceOf(TransportUnavailableException.class);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isBetween(Duration.ofMillis(400), ofSeconds(2));
        } finally {
            signal("CONT");
        }
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).ignoreException(TransportUnavailableException.class)
                .until(() -> acknowledged.add(a.publish("t", null, "after")));
        // the publish that timed out may still have been stored: the listener sees it too, in order
        await().atMost(DEADLINE).until(() -> onB.ids().containsAll(acknowledged.stream().map(Event::id).toList()));
        assertThat(onB.ids()).isSorted().doesNotHaveDuplicates();
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(server.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).isTrue();
    }

    private RedisTransport node(RedisSettings settings, RedisTransportTest.Recorder listener) {
        RedisTransport t = new RedisTransport(settings);
        transports.add(t);
        t.start(listener);
        return t;
    }

    private void startServer(boolean persistent) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--dir", dir.toString(), "--daemonize", "no"));
        cmd.addAll(persistent ? List.of("--appendonly", "yes", "--appendfsync", "always") : List.of("--appendonly", "no"));
        server = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        await().atMost(DEADLINE).ignoreExceptions().until(this::ping);
    }

    private boolean ping() {
        RedisClient c = RedisClient.create("redis://127.0.0.1:" + port);
        try (StatefulRedisConnection<String, String> conn = c.connect()) {
            return "PONG".equals(conn.sync().ping());
        } finally {
            c.shutdown();
        }
    }

    private void stopServer() {
        if (server != null && server.isAlive()) {
            server.destroy(); // SIGTERM: Redis flushes the AOF and exits
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

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
