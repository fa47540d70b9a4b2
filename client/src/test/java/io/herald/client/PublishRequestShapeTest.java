package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import jakarta.json.JsonValue;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the client puts on the wire for a publish, read back by a real HTTP server. */
class PublishRequestShapeTest {

    ScriptedServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * A text publish sends its type as {@code ?type=}: every character of it must reach the
     * server as it was given, including those a URI template or an encoder reads specially.
     */
    @Test
    void aTextPublishsTypeReachesTheServerExactlyAsGiven() throws Exception {
        server = new ScriptedServer();
        List<String> types = List.of("plain", "100%25", "100%", "a b", "a+b", "a&type=evil", "{x}", "a#b", "a?b", "a/b",
                "caf\u00e9", "\u4e2d", "%zz", ";x=1");
        String answer = "{\"id\":7,\"topic\":\"t\",\"data\":\"x\",\"timestamp\":\"2026-11-30T00:00:00Z\"}";
        for (int i = 0; i < types.size(); i++) {
            server.on("/topics/t/events", ScriptedServer.json(201, answer));
        }
        try (HeraldClient client = server.client().build()) {
            for (String type : types) {
                client.publish("t", type, "x");
            }
        }
        List<String> received = server.requestsTo("/topics/t/events").stream()
                .map(r -> {
                    String query = r.query();
                    assertThat(query).as("one type parameter").startsWith("type=").doesNotContain("&");
                    return URLDecoder.decode(query.substring("type=".length()), StandardCharsets.UTF_8);
                })
                .toList();
        assertThat(received).containsExactlyElementsOf(types);
    }

    /** What the server would refuse is refused before sending: a type with a line break, or Herald's reset. */
    @Test
    void aTypeOrTopicTheServerWouldRefuseIsRefusedBeforeAnythingIsSent() throws Exception {
        server = new ScriptedServer();
        try (HeraldClient client = server.client().build()) {
            for (String type : List.of("a\nb", "a\rb", "", "reset", "t".repeat(65))) {
                assertThatIllegalArgumentException().as(type).isThrownBy(() -> client.publish("t", type, "x"));
                assertThatIllegalArgumentException().as(type).isThrownBy(() -> client.publish("t", type, JsonValue.TRUE));
            }
            assertThatIllegalArgumentException().isThrownBy(() -> client.publish("..", null, "x"));
        }
        assertThat(server.requests).isEmpty();
    }
}
