package io.herald.it.hardening;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
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
 * One Herald server as its own Payara Micro process on a free port (like the cluster tests' nodes),
 * with the it-tests' JVM and Payara options plus the given {@code herald.*} system properties, so a
 * test can use small limits without touching the shared Arquillian server, and can stop it with
 * SIGTERM. Always killed when the test JVM exits.
 */
final class HeraldProcess implements AutoCloseable {

    final String name;
    final int port = freePort();
    final Path log;
    private final List<String> command;
    private Process process;

    HeraldProcess(String name, Map<String, String> properties) {
        this.name = name;
        try {
            this.log = Files.createDirectories(Path.of("target", "hardening-it")).resolve(name + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(split(System.getProperty("herald.it.jvm", "")));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(required("payara.microJar"));
        cmd.addAll(List.of("--deploy", required("herald.it.war"), "--contextroot", "/",
                "--port", Integer.toString(port), "--nocluster", "--name", name));
        cmd.addAll(split(System.getProperty("herald.it.micro", "")));
        this.command = List.copyOf(cmd);
    }

    URL base() {
        try {
            return new URL("http://127.0.0.1:" + port + "/");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the process and waits until it answers HTTP (Payara Micro boots in 10-40 s on a busy 2-core box). */
    synchronized HeraldProcess start(Duration deadline) {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        Process p = process;
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(base() + "topics/readiness-probe"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        Awaitility.await(name + " ready (log: " + log + ")").atMost(deadline)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!p.isAlive()) {
                        throw new AssertionError(name + " exited during boot, see " + log);
                    }
                    return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
        return this;
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Sends SIGTERM (a graceful shutdown) and returns at once. */
    synchronized void terminate() {
        if (process != null) {
            process.destroy();
        }
    }

    /** Waits for the process to exit; true if it did within {@code timeout}. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
        }
        return p == null || p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Its pid, for jstack-style diagnostics in test output. */
    synchronized long pid() {
        return process == null ? -1 : process.pid();
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

    static int freePort() {
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
