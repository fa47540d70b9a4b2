package io.herald.it.cluster;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * One Herald node: {@code java -jar payara-micro.jar --deploy herald.war --contextroot / --port P
 * --nocluster} plus the it-tests' JVM and Payara options, as its own process, with the given
 * {@code herald.*} system properties. Payara's own clustering is off: the nodes share state only
 * through Redis.
 */
final class HeraldNode implements AutoCloseable {

    final String name;
    final int port = ExternalProcess.freePort();
    private final ExternalProcess process;

    HeraldNode(String name, Path workDir, Map<String, String> properties) {
        this.name = name;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(split(System.getProperty("herald.it.jvm", "")));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(required("payara.microJar"));
        cmd.addAll(List.of("--deploy", required("herald.it.war"), "--contextroot", "/",
                "--port", Integer.toString(port), "--nocluster", "--name", name));
        cmd.addAll(split(System.getProperty("herald.it.micro", "")));
        process = new ExternalProcess(name, workDir.resolve("cluster-" + name + ".log"), cmd);
    }

    URL base() {
        try {
            return new URL("http://127.0.0.1:" + port + "/");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the process; {@link #awaitReady} waits for it. */
    void start() {
        process.start();
    }

    /** Waits until the node answers HTTP (Payara Micro boots in 10-40 s on a busy 2-core box). */
    void awaitReady(Duration deadline) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(base() + "topics/readiness-probe"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        Awaitility.await(name + " ready (log: " + process.log + ")").atMost(deadline)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(java.io.IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " exited during boot, see " + process.log);
                    }
                    return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** A graceful stop (SIGTERM), killed if it takes longer than 20 s. */
    void stop() {
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
