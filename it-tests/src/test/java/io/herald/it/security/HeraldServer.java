package io.herald.it.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * Herald on its own Payara Micro process (like the cluster and hardening tests' servers), on a free
 * port on 127.0.0.1, with the it-tests' JVM and Payara options <em>except</em> any
 * {@code -Dherald.auth.*} (the shared options turn development mode on), plus the given properties:
 * so authentication is really on. Killed when the test JVM exits.
 */
final class HeraldServer implements AutoCloseable {

    final String name;
    final int port = freePort();
    final Path log;
    private final List<String> command;
    private Process process;

    HeraldServer(String name, Map<String, String> properties) {
        this.name = name;
        try {
            this.log = Files.createDirectories(Path.of("target", "security-it")).resolve(name + ".log");
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        split(System.getProperty("herald.it.jvm", "")).stream()
                .filter(option -> !option.startsWith("-Dherald.auth."))
                .forEach(cmd::add);
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(required("payara.microJar"));
        cmd.addAll(List.of("--deploy", required("herald.it.war"), "--contextroot", "/",
                "--port", Integer.toString(port), "--nocluster", "--name", name));
        cmd.addAll(split(System.getProperty("herald.it.micro", "")));
        this.command = List.copyOf(cmd);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    synchronized void start() {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        Process p = process;
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    }

    /** Waits until a public topic's info answers 200 (Payara Micro boots in 10-40 s on a busy 2-core box). */
    void awaitReady(Duration deadline) {
        Process p;
        synchronized (this) {
            p = process;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(base().resolve("topics/readiness-probe"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        Awaitility.await(name + " ready (log: " + log.toAbsolutePath() + ")").atMost(deadline)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!p.isAlive()) {
                        throw new AssertionError(name + " exited during boot, see " + log.toAbsolutePath());
                    }
                    return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String key) {
        String v = System.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + key + " is not set (run through Failsafe: mvn verify)");
        }
        return v;
    }

    private static List<String> split(String options) {
        return options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+"));
    }
}
