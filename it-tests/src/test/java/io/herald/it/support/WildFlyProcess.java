package io.herald.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * One Herald server on WildFly, unchanged {@code herald.war} as {@code ROOT.war}, started the way a
 * user would: {@code bin/standalone.sh -c standalone-microprofile.xml} from the distribution the
 * build unpacked ({@code herald.it.wildfly.home}, from {@code org.wildfly:wildfly-dist}).
 *
 * <ul>
 *   <li>Each server gets its own copy of {@code standalone/} under {@code target/it-processes/}
 *       ({@code jboss.server.base.dir}), so servers never share deployments, data or logs.</li>
 *   <li>Free ports: every socket binding moves by one {@code jboss.socket.binding.port-offset},
 *       chosen so that HTTP (8080 + offset), management (9990 + offset) and the others are free.</li>
 *   <li>Herald's keys are passed as {@code -Dkey=value} after the script: WildFly sets them as
 *       system properties, which MicroProfile Config reads. Other JVM options of
 *       {@code herald.it.jvm} (heap) go in {@code JBOSS_JAVA_SIZING}, so WildFly's own defaults
 *       in {@code JAVA_OPTS} stay.</li>
 *   <li>{@code LAUNCH_JBOSS_IN_BACKGROUND} makes the script pass SIGTERM on to the server JVM, so
 *       stopping the process is a graceful shutdown.</li>
 * </ul>
 */
public final class WildFlyProcess implements HeraldServer {

    /** WildFly boots in 9-20 s here; generous for a box loaded by other builds. */
    public static final Duration BOOT = Duration.ofMinutes(5);
    /** WildFly's default ports that move with the offset (standalone-microprofile.xml). */
    private static final int[] DEFAULT_PORTS = {8080, 8443, 8009, 9990, 9993, 4712, 4713};

    public final String name;
    public final int offset = freeOffset();
    public final Path log;
    private final Path baseDir;
    private final ExternalProcess process;

    /** A server whose output goes to {@code target/it-processes/NAME.log}. */
    public WildFlyProcess(String name, Map<String, String> properties) {
        this.name = name;
        Path dir = Path.of("target", "it-processes").toAbsolutePath();
        Path home = Path.of(required("herald.it.wildfly.home")).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            this.log = dir.resolve(name + ".log");
            this.baseDir = dir.resolve(name + "-wildfly");
            copyStandalone(home.resolve("standalone"), baseDir);
            Files.copy(Path.of(required("herald.it.war")), baseDir.resolve("deployments").resolve("ROOT.war"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add("bash"); // the unpacked script may have lost its executable bit
        cmd.add(home.resolve("bin").resolve("standalone.sh").toString());
        cmd.addAll(List.of("-c", "standalone-microprofile.xml",
                "-Djboss.server.base.dir=" + baseDir,
                "-Djboss.socket.binding.port-offset=" + offset,
                "-Djboss.node.name=" + name,
                "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1"));
        List<String> sizing = new ArrayList<>();
        for (String option : split(System.getProperty("herald.it.jvm", ""))) {
            (option.startsWith("-D") ? cmd : sizing).add(option);
        }
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        this.process = new ExternalProcess(name, log, cmd, Map.of(
                "LAUNCH_JBOSS_IN_BACKGROUND", "true",
                "JAVA_HOME", System.getProperty("java.home"),
                "JBOSS_JAVA_SIZING", String.join(" ", sizing)));
    }

    @Override
    public URI uri() {
        return URI.create("http://127.0.0.1:" + (8080 + offset) + "/");
    }

    /** The management interface, where WildFly serves {@code /health} (and its own {@code /metrics}). */
    public URI management() {
        return URI.create("http://127.0.0.1:" + (9990 + offset) + "/");
    }

    /** Starts the server and waits until the deployment answers HTTP. */
    public WildFlyProcess start(Duration deadline) {
        process.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(uri().resolve("topics/readiness-probe"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        Awaitility.await(name + " ready (log: " + log + ")").atMost(deadline)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " exited during boot, see " + log);
                    }
                    String text = logText();
                    if (text.contains("WFLYCTL0013") || text.contains("WFLYSRV0026")) {
                        throw new AssertionError(name + ": the deployment failed, see " + log);
                    }
                    return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
        return this;
    }

    @Override
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.stop(30);
    }

    /** Copies the distribution's {@code standalone/} (configuration and empty deployments only). */
    private static void copyStandalone(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> old = Files.walk(to)) {
                old.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
        for (String sub : List.of("configuration", "deployments")) {
            Path src = from.resolve(sub);
            try (Stream<Path> files = Files.walk(src)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Path target = to.resolve(sub).resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    /** An offset that moves every default port onto a free one (checked now; taken at boot). */
    private static int freeOffset() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(1000, 40000);
            if (Arrays.stream(DEFAULT_PORTS).allMatch(p -> ExternalProcess.isFree(p + offset))) {
                return offset;
            }
        }
        throw new IllegalStateException("no port offset with all WildFly ports free");
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
