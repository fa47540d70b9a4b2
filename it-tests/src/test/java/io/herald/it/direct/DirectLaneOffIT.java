package io.herald.it.direct;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.it.support.HeraldProcess;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code herald.direct-lane.enabled=false} on Payara Micro: every request takes the JAX-RS path,
 * and the door below Catalina still refuses the paths Grizzly's URI decoder fails on (Catalina
 * answered them with an empty 200), from the first request the application serves.
 */
class DirectLaneOffIT {

    static HeraldProcess server;

    @BeforeAll
    static void boot() {
        server = new HeraldProcess("herald-direct-off", Map.of("herald.direct-lane.enabled", "false")).start(HeraldProcess.BOOT);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pollsAndStreamsAreTheResourcesAndAnUndecodablePathIsStillA400Problem() throws IOException {
        String poll = exchange("GET /topics/off/poll?since=0&timeout=0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(poll).startsWith("HTTP/1.1 204 No Content\r\n");
        assertThat(poll.toLowerCase()).as("no Date: the codec below Catalina did not answer").doesNotContain("\r\ndate:");
        for (String path : new String[] {"/topics/off%zz/poll", "/topics/off/events/.", "/%"}) {
            String refused = exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(refused).as(path).startsWith("HTTP/1.1 400 Bad Request\r\n")
                    .contains("application/problem+json").contains("urn:herald:problem:unreadable-target");
        }
        assertThat(server.logText()).contains("direct lane opened: every request is declined to the container")
                .doesNotContain("Illegal hex");
    }

    /** One request on its own connection; everything until the server closes it. */
    private static String exchange(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port)) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
