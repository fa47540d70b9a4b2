package io.herald.it.cluster;

import io.herald.it.support.ExternalProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A private redis-server on a free port (never the shared one on 6379), with an append-only file
 * synced on every write, so events acknowledged with 201 survive a restart of this server.
 */
public final class RedisServer implements AutoCloseable {

    public final int port = ExternalProcess.freePort();
    private final ExternalProcess process;

    public RedisServer(Path workDir) {
        try {
            Path dir = Files.createDirectories(workDir.resolve("redis-" + port));
            process = new ExternalProcess("redis-server:" + port, dir.resolve("redis.log"), List.of(
                    "redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                    "--daemonize", "no"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public void start() {
        process.start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(this::ping);
    }

    /** SIGTERM: Redis flushes its append-only file and exits. */
    public void stop() {
        process.stop(15);
    }

    private boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, 7);
            return new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
