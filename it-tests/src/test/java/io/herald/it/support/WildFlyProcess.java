package io.herald.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

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
        Path home = Path.of(ServerLaunch.required("herald.it.wildfly.home")).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            this.log = dir.resolve(name + ".log");
            // a new server, a new log: the boot check reads it for this run's deployment outcome
            Files.deleteIfExists(log);
            this.baseDir = dir.resolve(name + "-wildfly");
            ServerLaunch.deleteTree(baseDir);
            for (String sub : List.of("configuration", "deployments")) { // not data, log, tmp
                ServerLaunch.copyTree(home.resolve("standalone").resolve(sub), baseDir.resolve(sub));
            }
            Files.copy(Path.of(ServerLaunch.required("herald.it.war")), baseDir.resolve("deployments").resolve("ROOT.war"),
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
        for (String option : ServerLaunch.jvmOptions()) {
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
        ServerLaunch.awaitAnswering(name, uri(), log, process, () -> {
            String text = logText();
            return text.contains("WFLYCTL0013") || text.contains("WFLYSRV0026");
        }, deadline);
        return this;
    }

    @Override
    public String logText() {
        return ServerLaunch.readLog(log);
    }

    @Override
    public void close() {
        process.stop(30);
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
}
