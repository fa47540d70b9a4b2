package io.herald.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.awaitility.Awaitility;

/**
 * One Herald server as its own Payara Micro process on a free port: {@code java -jar
 * payara-micro.jar --deploy herald.war --contextroot / --port P --nocluster} with the it-tests' JVM
 * and Payara options (Failsafe's {@code herald.it.jvm} / {@code herald.it.micro}) plus the given
 * {@code herald.*} system properties. For tests that need their own settings (auth on, small
 * limits, Redis), several nodes, or to stop a server. Killed when the test JVM exits.
 */
public final class HeraldProcess implements HeraldServer {

    /** Boot deadline: Payara Micro is ready in 10-40 s, but took over 4 min on a box loaded by other builds. */
    public static final Duration BOOT = Duration.ofMinutes(8);

    public final String name;
    public final int port = ExternalProcess.freePort();
    public final Path log;
    private final ExternalProcess process;

    /** A server whose log goes to {@code target/it-processes/NAME.log}. */
    public HeraldProcess(String name, Map<String, String> properties) {
        this(name, Path.of("target", "it-processes"), properties);
    }

    public HeraldProcess(String name, Path logDir, Map<String, String> properties) {
        this.name = name;
        try {
            this.log = Files.createDirectories(logDir).resolve(name + ".log");
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
        this.process = new ExternalProcess(name, log, cmd);
    }

    @Override
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Starts the process and returns at once; {@link #awaitReady} waits for it. */
    public HeraldProcess start() {
        process.start();
        return this;
    }

    /** Starts the process and waits until it answers HTTP. */
    public HeraldProcess start(Duration deadline) {
        return start().awaitReady(deadline);
    }

    /** Waits until a topic's info answers 200. */
    public HeraldProcess awaitReady(Duration deadline) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(uri().resolve("topics/readiness-probe"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        Awaitility.await(name + " ready (log: " + log.toAbsolutePath() + ")").atMost(deadline)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " exited during boot, see " + log.toAbsolutePath());
                    }
                    return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
        return this;
    }

    @Override
    public String logText() {
        return ServerLaunch.readLog(log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM (a graceful shutdown) and returns at once. */
    public void terminate() {
        process.terminate();
    }

    /** SIGKILL (kill -9), as a crash or the OOM killer would; {@link #start} starts it again on the same port. */
    public void kill() throws InterruptedException {
        process.kill();
    }

    /** Waits for the process to exit; true if it did within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.awaitExit(timeout);
    }

    /** Its pid, for diagnostics in test output. */
    public long pid() {
        return process.pid();
    }

    /** A graceful stop (SIGTERM), killed if it takes longer than 20 s. */
    public void stop() {
        process.stop(20);
    }

    @Override
    public void close() {
        stop();
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
