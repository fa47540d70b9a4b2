package io.herald.web.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.web.problem.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublishInputTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int statusOf(Runnable r) {
        try {
            r.run();
            return 0;
        } catch (ProblemException e) {
            return e.problem().status();
        }
    }

    @Test
    void jsonDataIsKeptAsItsJsonText() {
        assertThat(PublishRequest.fromJson(utf8("{\"type\":\"notice\",\"data\":{\"a\": [1, 2]}}")))
                .isEqualTo(new PublishRequest("notice", "{\"a\":[1,2]}"));
        assertThat(PublishRequest.fromJson(utf8("{\"data\":\"hi\"}")))
                .isEqualTo(new PublishRequest(null, "\"hi\""));
        assertThat(PublishRequest.fromJson(utf8("{\"data\":42,\"type\":null}")).data()).isEqualTo("42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"data\":}", "[1]", "\"x\"", "{\"data\":1} trailing"})
    void malformedOrNonObjectJsonIs400(String body) {
        assertThat(statusOf(() -> PublishRequest.fromJson(utf8(body)))).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"type\":\"x\"}", "{\"data\":null}"})
    void missingDataIs400(String body) {
        assertThatThrownBy(() -> PublishRequest.fromJson(utf8(body)))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().type()).endsWith("missing-data"));
    }

    @Test
    void typesAreValidated() {
        assertThat(statusOf(() -> PublishRequest.fromJson(utf8("{\"type\":\"a\\nb\",\"data\":1}")))).isEqualTo(400);
        assertThat(statusOf(() -> PublishRequest.fromJson(utf8("{\"type\":5,\"data\":1}")))).isEqualTo(400);
        assertThat(statusOf(() -> PublishRequest.fromText(utf8("x"), StandardCharsets.UTF_8, "a\rb"))).isEqualTo(400);
        assertThat(statusOf(() -> PublishRequest.fromText(utf8("x"), StandardCharsets.UTF_8, "t".repeat(65))))
                .isEqualTo(400);
        assertThat(PublishRequest.fromText(utf8("x"), StandardCharsets.UTF_8, "t".repeat(64)).type()).hasSize(64);
    }

    @Test
    void textBodies() {
        assertThat(PublishRequest.fromText(utf8("a\nb"), StandardCharsets.UTF_8, null))
                .isEqualTo(new PublishRequest(null, "a\nb"));
        assertThat(statusOf(() -> PublishRequest.fromText(new byte[0], StandardCharsets.UTF_8, null))).isEqualTo(400);
        assertThat(statusOf(() -> PublishRequest.fromText(new byte[] {(byte) 0xff}, StandardCharsets.UTF_8, null)))
                .isEqualTo(400);
    }

    @Test
    void bodyLimitIsEnforcedWhileReading() {
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[10]), -1, 10)).hasSize(10);
        assertThat(statusOf(() -> BoundedBody.read(new ByteArrayInputStream(new byte[11]), -1, 10))).isEqualTo(413);
        // a declared length over the limit is refused before reading a byte
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("must not read");
            }
        };
        assertThat(statusOf(() -> BoundedBody.read(untouchable, 11, 10))).isEqualTo(413);
        // an endless body is cut off just past the limit
        InputStream endless = new InputStream() {
            long served;

            @Override
            public int read() {
                served++;
                return 'a';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                served += len;
                java.util.Arrays.fill(b, off, off + len, (byte) 'a');
                return len;
            }
        };
        assertThat(statusOf(() -> BoundedBody.read(endless, -1, 1000))).isEqualTo(413);
    }
}
