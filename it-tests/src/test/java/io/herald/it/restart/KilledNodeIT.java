package io.herald.it.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.it.support.HeraldHttp;
import io.herald.it.support.HeraldProcess;
import io.herald.testing.RawSseStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node killed with {@code kill -9} and started again (in-memory transport: its history is gone):
 * a client resuming with an id from before gets a reset and then every newer event, never a
 * silent skip, and ids handed out after the restart are above every id from before.
 */
class KilledNodeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void aClientResumingAfterTheNodeWasKilledGetsAResetAndEveryNewerEvent() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "restart-it"));
        try (HeraldProcess node = new HeraldProcess("herald-killed", work, Map.of("herald.auth.dev-mode", "true"))) {
            node.start(HeraldProcess.BOOT);
            HeraldHttp http = new HeraldHttp(node.base());
            for (int i = 0; i < 12; i++) {
                http.publish("other", null, "before " + i);
            }
            long held = http.publish("k", "notice", "seen before the crash");
            long unseen = http.publish("k", "notice", "published before the crash, never seen");

            node.kill();
            node.start(HeraldProcess.BOOT);

            List<Long> after = new ArrayList<>();
            after.add(http.publish("k", "notice", "after 1"));
            for (int i = 0; i < 20; i++) {
                http.publish("other", null, "after " + i);
            }
            after.add(http.publish("k", "notice", "after 2"));
            assertThat(after.get(0)).as("ids never go backwards across a restart").isGreaterThan(unseen);

            HttpClient client = RawSseStream.newClient();
            try (RawSseStream resumed = RawSseStream.open(client, http.uri("topics/k/stream"),
                    "Last-Event-ID", Long.toString(held))) {
                assertThat(resumed.status()).isEqualTo(200);
                await().atMost(DEADLINE).until(() -> resumed.ids().size() >= 2);
                assertThat(resumed.frames().get(0).event()).as("told first that it missed events").isEqualTo("reset");
                assertThat(resumed.ids()).containsExactlyElementsOf(after);
            }
            // the long-poll and the history read say so too
            HttpResponse<String> poll = http.get("topics/k/poll?since=" + held + "&timeout=1");
            assertThat(poll.statusCode()).isEqualTo(200);
            assertThat(poll.headers().firstValue("Herald-Missed")).hasValue("true");
            assertThat(HeraldHttp.parseArray(poll.body())).hasSize(2);
            HttpResponse<String> history = http.get("topics/k/events?since=" + held);
            assertThat(history.headers().firstValue("Herald-Missed")).hasValue("true");
        }
    }
}
