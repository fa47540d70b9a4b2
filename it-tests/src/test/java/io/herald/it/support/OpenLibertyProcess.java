package io.herald.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One Herald server on Open Liberty, the unchanged {@code herald.war} at {@code /}, started with
 * {@code bin/server run} from the runtime the build unpacked ({@code herald.it.openliberty.home},
 * from {@code io.openliberty:openliberty-runtime}).
 *
 * <ul>
 *   <li>Its own user directory under {@code target/it-processes/} ({@code WLP_USER_DIR}) with a
 *       {@code server.xml} ({@link #SERVER_XML}) that enables just the features Herald uses.</li>
 *   <li>A free HTTP port as the {@code http.port} variable; no HTTPS.</li>
 *   <li>Herald's keys and the heap as JVM options ({@code JVM_ARGS}); MicroProfile Config reads
 *       the system properties.</li>
 * </ul>
 */
public final class OpenLibertyProcess implements HeraldServer {

    /** Open Liberty boots in 15-25 s here. */
    public static final Duration BOOT = Duration.ofMinutes(5);

    /**
     * Servlet, JAX-RS, CDI and JSON-P (Jakarta EE 10), MicroProfile Config, Health and Metrics;
     * application messages on the console, so the process log has Herald's own lines.
     */
    static final String SERVER_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <server description="Herald">
              <featureManager>
                <feature>servlet-6.0</feature>
                <feature>restfulWS-3.1</feature>
                <feature>cdi-4.0</feature>
                <feature>jsonp-2.1</feature>
                <feature>mpConfig-3.1</feature>
                <feature>mpHealth-4.0</feature>
                <feature>mpMetrics-5.1</feature>
              </featureManager>
              <variable name="http.port" defaultValue="9080"/>
              <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="${http.port}" httpsPort="-1"/>
              <mpMetrics authentication="false"/>
              <logging consoleLogLevel="INFO"/>
              <webApplication location="herald.war" contextRoot="/"/>
            </server>
            """;

    public final String name;
    public final int port = ExternalProcess.freePort();
    public final Path log;
    private final ExternalProcess process;

    /** A server whose output goes to {@code target/it-processes/NAME.log}. */
    public OpenLibertyProcess(String name, Map<String, String> properties) {
        this.name = name;
        Path dir = Path.of("target", "it-processes").toAbsolutePath();
        Path home = Path.of(ServerLaunch.required("herald.it.openliberty.home")).toAbsolutePath();
        Path userDir = dir.resolve(name + "-liberty");
        try {
            Files.createDirectories(dir);
            this.log = dir.resolve(name + ".log");
            // a new server, a new log: the boot check reads it for this run's deployment outcome
            Files.deleteIfExists(log);
            ServerLaunch.deleteTree(userDir);
            Path server = Files.createDirectories(userDir.resolve("servers").resolve("herald").resolve("apps"))
                    .getParent();
            Files.writeString(server.resolve("server.xml"), SERVER_XML);
            Files.copy(Path.of(ServerLaunch.required("herald.it.war")), server.resolve("apps").resolve("herald.war"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> jvm = new java.util.ArrayList<>(ServerLaunch.jvmOptions());
        jvm.add("-Dhttp.port=" + port);
        properties.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
        this.process = new ExternalProcess(name, log,
                List.of("bash", home.resolve("bin").resolve("server").toString(), "run", "herald"),
                Map.of("WLP_USER_DIR", userDir.toString(),
                        "JAVA_HOME", System.getProperty("java.home"),
                        "JVM_ARGS", String.join(" ", jvm)));
    }

    @Override
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Starts the server and waits until the application answers HTTP. */
    public OpenLibertyProcess start(Duration deadline) {
        process.start();
        // CWWKZ0002E: an application failed to start; CWWKF0001E/CWWKF0042E: a feature is missing
        ServerLaunch.awaitAnswering(name, uri(), log, process, () -> {
            String text = logText();
            return text.contains("CWWKZ0002E") || text.contains("CWWKF0001E") || text.contains("CWWKF0042E");
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
}
