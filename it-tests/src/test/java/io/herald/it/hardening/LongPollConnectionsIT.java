package io.herald.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.it.support.HeraldHttp;
import io.herald.it.support.HeraldProcess;
import io.herald.testing.RawSockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Long-polls hold connections as streams do, and are limited and released like them: they count
 * against the per-client limit, and a poll whose client closes its connection gives its place
 * back at once, not at its timeout. The connection a poll waits on stays usable: keep-alive reuse
 * after the answer, and a request pipelined behind a waiting poll is never left hanging. On its
 * own Herald process (Payara Micro) with a per-client limit of {@value #PER_CLIENT}; every client
 * here is 127.0.0.1.
 */
class LongPollConnectionsIT {

    static final int PER_CLIENT = 300;
    static final Duration DEADLINE = Duration.ofSeconds(20);

    static HeraldProcess server;
    static HeraldHttp http;

    @BeforeAll
    static void boot() {
        server = new HeraldProcess("herald-polls", Map.of(
                "herald.limit.streams-per-client", Integer.toString(PER_CLIENT))).start(HeraldProcess.BOOT);
        http = new HeraldHttp(server.base());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Socket poll(String topic, int timeoutSeconds) throws IOException {
        Socket s = RawClients.connect(server.port, 0, 30_000);
        send(s, "GET /topics/" + topic + "/poll?since=0&timeout=" + timeoutSeconds + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        return s;
    }

    private static void send(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static int polls(String topic) {
        return http.topicInfo(topic).getInt("polls");
    }

    @Test
    void pollsCountAgainstThePerClientLimitAndClosedPollersGiveTheirPlacesBackAtOnce() throws Exception {
        String topic = "closing-pollers";
        List<Socket> pollers = new ArrayList<>();
        try {
            for (int i = 0; i < PER_CLIENT; i++) {
                pollers.add(poll(topic, 60)); // the it-tests servers allow at most 60 s
            }
            await("all polls waiting").atMost(DEADLINE).until(() -> polls(topic) == PER_CLIENT);

            assertThat(http.get("topics/" + topic + "/poll?timeout=1").statusCode())
                    .as("a poll past the per-client limit").isEqualTo(429);
            assertThat(http.get("topics/" + topic + "/stream", "Accept", "text/event-stream").statusCode())
                    .as("a stream past the per-client limit polls took").isEqualTo(429);
        } finally {
            for (Socket s : pollers) {
                s.close();
            }
        }
        long closed = System.nanoTime();
        // their timeout is 60 s: only noticing the closes releases them within the deadline
        await("closed polls released").atMost(DEADLINE).until(() -> polls(topic) == 0);
        System.out.printf("%d closed pollers released after %d ms%n", PER_CLIENT,
                Duration.ofNanos(System.nanoTime() - closed).toMillis());
        assertThat(http.get("topics/" + topic + "/poll?timeout=0").statusCode()).as("slots given back").isEqualTo(204);
    }

    @Test
    void aPollConnectionIsReusedForTheNextRequestAfterEachAnswer() throws Exception {
        String topic = "keep-alive-polls";
        try (Socket s = RawClients.connect(server.port, 0, 30_000)) {
            InputStream in = s.getInputStream();
            send(s, "GET /topics/" + topic + "/poll?since=0&timeout=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 204");

            send(s, "GET /topics/" + topic + "/poll?since=0&timeout=60 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            await("poll waiting").atMost(DEADLINE).until(() -> polls(topic) == 1);
            long id = http.publish(topic, null, "woken");
            String woken = readResponse(in);
            assertThat(woken).startsWith("HTTP/1.1 200").contains("\"id\":" + id, "woken");

            send(s, "GET /topics/" + topic + "/events?since=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200").contains("woken");
        }
    }

    @Test
    void aRequestPipelinedBehindAWaitingPollIsNeverLeftHanging() throws Exception {
        String topic = "pipelined-polls";
        try (Socket s = RawClients.connect(server.port, 0, 30_000)) {
            InputStream in = s.getInputStream();
            send(s, "GET /topics/" + topic + "/poll?since=0&timeout=60 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "GET /topics/" + topic + "/events?since=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            await("poll waiting").atMost(DEADLINE).until(() -> polls(topic) == 1);
            http.publish(topic, null, "answer");
            String first = readResponse(in);
            assertThat(first).startsWith("HTTP/1.1 200").contains("answer");
            // the second request is answered on this connection, or the connection is closed so the
            // client sends it again: either way the client is not left waiting
            String rest = readUntilClosed(in);
            assertThat(rest.isEmpty() || rest.startsWith("HTTP/1.1 200"))
                    .as("after the poll's answer: %s", rest).isTrue();
        }
    }

    /** One response with a Content-Length body (or none), read off the socket. */
    private static String readResponse(InputStream in) throws IOException {
        String text = RawSockets.readUntil(in, "\r\n\r\n");
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return text + new String(body, StandardCharsets.UTF_8);
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                seen.write(buf, 0, n);
                String text = seen.toString(StandardCharsets.ISO_8859_1);
                if (text.startsWith("HTTP/1.1 200") && text.contains("]")) {
                    break; // the second answer came whole (a JSON array)
                }
            }
        } catch (SocketTimeoutException hanging) {
            throw new AssertionError("the pipelined request was neither answered nor its connection closed: "
                    + seen.toString(StandardCharsets.ISO_8859_1));
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }
}
