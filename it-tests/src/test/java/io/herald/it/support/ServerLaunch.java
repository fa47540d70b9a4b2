package io.herald.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/** What the launchers of servers other than Payara Micro share: settings from Failsafe, copies, the ready probe. */
final class ServerLaunch {

    private ServerLaunch() {
    }

    /** A system property Failsafe sets (it-tests/pom.xml). */
    /** What a server logged so far; empty if nothing was written yet. */
    static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException notYet) {
            return "";
        }
    }

    static String required(String key) {
        String v = System.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + key + " is not set (run through Failsafe: mvn verify)");
        }
        return v;
    }

    /** The it-tests' server JVM options ({@code herald.it.jvm}: heap and Herald's {@code -D} keys). */
    static List<String> jvmOptions() {
        String options = System.getProperty("herald.it.jvm", "");
        return options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+"));
    }

    /** Deletes {@code dir} and everything in it, if it exists. */
    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Copies the tree at {@code from} into {@code to}. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Waits until a topic's info answers 200 at {@code base}; fails at once if the process exited
     * or {@code failed} says the deployment failed (from the server's log).
     */
    static void awaitAnswering(String name, URI base, Path log, ExternalProcess process, BooleanSupplier failed,
                               Duration deadline) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(base.resolve("topics/readiness-probe"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        Awaitility.await(name + " ready (log: " + log + ")").atMost(deadline)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " exited during boot, see " + log);
                    }
                    if (failed.getAsBoolean()) {
                        throw new AssertionError(name + ": the deployment failed, see " + log);
                    }
                    return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }
}
