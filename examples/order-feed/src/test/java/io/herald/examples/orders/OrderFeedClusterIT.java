package io.herald.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testing.RawSseStream;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two nodes of the order-feed application share the feed through Redis ({@code herald.transport=redis},
 * the Redis at 127.0.0.1:6379, a key prefix of its own per run, nothing flushed). Each node is its own
 * Payara Micro process with this module's WAR (Arquillian's Payara Micro container runs one server
 * per deployment, and both nodes need the same WAR with the same settings), on free ports, booted
 * once for the class. Each node has its own database (the default datasource is embedded): the
 * nodes share the feed, not the orders.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderFeedClusterIT {

    static final Duration BOOT = Duration.ofMinutes(6);
    static final Duration DEADLINE = Duration.ofSeconds(20);
    static final String NODE_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    final String prefix = "herald-example-it:" + UUID.randomUUID() + ":";
    final List<Process> nodes = new ArrayList<>();
    FeedHttp a;
    FeedHttp b;

    @BeforeAll
    void startNodes() throws IOException {
        a = new FeedHttp(start("node-a"));
        b = new FeedHttp(start("node-b"));
        for (FeedHttp node : List.of(a, b)) {
            await("node at " + node.base).atMost(BOOT).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> node.get("herald/topics/orders").statusCode() == 200);
        }
    }

    @AfterAll
    void stopNodes() throws InterruptedException {
        for (Process p : nodes) {
            p.destroy();
        }
        for (Process p : nodes) {
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        // only this run's keys go (never FLUSHALL on the shared Redis)
        RedisClient redis = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> c = redis.connect()) {
            List<String> keys = c.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                c.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            redis.shutdown();
        }
    }

    private URI start(String name) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(System.getProperty("herald.it.jvm").trim().split("\\s+")));
        // What these nodes spend is their boot, both at once on a small box: the client compiler only
        // and the serial collector leave the cores to the boots instead of to C2 and GC threads.
        // Nothing here measures throughput (README: the example's test times). -Dherald.it.node.jvm replaces them.
        cmd.addAll(Arrays.asList(System.getProperty("herald.it.node.jvm", NODE_JVM).trim().split("\\s+")));
        cmd.addAll(List.of("-Dherald.transport=redis", "-Dherald.redis.uri=redis://127.0.0.1:6379",
                "-Dherald.redis.key-prefix=" + prefix,
                "-jar", System.getProperty("payara.microJar"),
                "--deploy", System.getProperty("herald.example.war"), "--contextroot", "shop",
                "--port", Integer.toString(port), "--nocluster", "--name", name));
        cmd.addAll(Arrays.asList(System.getProperty("herald.it.micro").trim().split("\\s+")));
        Path log = Files.createDirectories(Path.of("target", "it-processes")).resolve(name + ".log");
        nodes.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        return URI.create("http://127.0.0.1:" + port + "/shop/");
    }

    @Test
    void anOrderCommittedOnOneNodeReachesTheFeedOfBothOnceWithOneIdSequence() {
        try (RawSseStream onA = a.feed(); RawSseStream onB = b.feed()) {
            await().atMost(DEADLINE).until(() -> !onA.retries().isEmpty() && !onB.retries().isEmpty());
            String item = "crate-" + UUID.randomUUID().toString().substring(0, 8);

            FeedHttp.requireStatus(a.placeOrder(item, false), 201);
            assertThat(b.placeOrder(item + "-rejected", true).statusCode()).isEqualTo(409);
            long notice = b.notice("from-b-" + item);

            for (RawSseStream s : List.of(onA, onB)) {
                await().atMost(DEADLINE).until(() -> s.ids().contains(notice));
                assertThat(OrderFeedIT.framesWith(s, item)).extracting(RawSseStream.Frame::event)
                        .containsExactly("created", "notice");
                assertThat(s.ids()).isSorted().doesNotHaveDuplicates();
            }
            assertThat(onA.ids()).isEqualTo(onB.ids());
        }
    }

    @Test
    void aClientResumesOnTheOtherNodeFromAnIdItGotOnTheFirst() {
        long first = a.notice("resume-1");
        long second = a.notice("resume-2");
        try (RawSseStream onB = b.feed("Last-Event-ID", Long.toString(first))) {
            await().atMost(DEADLINE).until(() -> onB.ids().contains(second));
            assertThat(onB.ids()).containsExactly(second);
            assertThat(onB.frames()).noneMatch(f -> "reset".equals(f.event()));
        }
    }
}
