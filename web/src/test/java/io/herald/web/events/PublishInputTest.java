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

    @Test
    void numbersTheParserCannotMakeABigDecimalOfAreKeptAsTheirExactText() {
        String digits = "9".repeat(2000);
        String fraction = "0." + "1".repeat(5000);
        for (String number : new String[] {digits, "-" + digits, fraction, "1e99999999999", "1E-99999999999",
                "-0", "0.0", "1e2", "1.50", "123456789012345678901234567890e+2147483648", "-1.0E-400"}) {
            assertThat(PublishRequest.fromJson(utf8("{\"data\":" + number + "}")).data()).isEqualTo(number);
            assertThat(PublishRequest.fromJson(utf8("{\"data\":[" + number + ",{\"n\":" + number + "}]}")).data())
                    .isEqualTo("[" + number + ",{\"n\":" + number + "}]");
        }
        // an ignored member with such a number is still accepted, and a bad number anywhere is 400
        assertThat(PublishRequest.fromJson(utf8("{\"x\":1e99999999999,\"data\":1}")).data()).isEqualTo("1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"data\":NaN}", "{\"data\":Infinity}", "{\"data\":-Infinity}", "{\"data\":+1}",
            "{\"data\":01}", "{\"data\":1.}", "{\"data\":.5}", "{\"data\":1e}", "{\"data\":0x10}",
            "{\"data\":1}}", "{\"data\":1},", "{\"data\":1} {}", "{\"data\":1}\u0000", "{\"data\":tru}",
            "{'data':1}", "{data:1}", "{\"data\":1,}", "{\"data\":[1,]}", "{\"data\":\"\u0001\"}",
            "{\"data\":\"\\x41\"}", "{\"data\":\"\\u12\"}", "\uFEFF\uFEFF{\"data\":1}", "null", "1e99999999999",
            "{\"data\":1,\"data\":2}", "{\"type\":\"a\",\"type\":\"b\",\"data\":1}",
            "{\"data\":{\"a\":1,\"a\":2}}", "{\"data\":[{\"k\":{\"a\":1,\"b\":{},\"a\":3}}]}",
            "{\"data\":\"\\ud800\"}", "{\"data\":\"\\udc00x\"}", "{\"data\":{\"\\ud800\":1}}",
            "{\"type\":\"\\ud800\",\"data\":1}", "{\"type\":[\"x\"],\"data\":1}"})
    void malformedJsonOfEveryKindIs400(String body) {
        assertThatThrownBy(() -> PublishRequest.fromJson(utf8(body)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().detail()).isNotBlank();
                });
    }

    @Test
    void deepNestingIs400OrKeptNeverAStackOverflow() {
        for (int depth : new int[] {10, 500, 100_000}) {
            String body = "{\"data\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            try {
                assertThat(PublishRequest.fromJson(utf8(body)).data()).isEqualTo("[".repeat(depth) + "]".repeat(depth));
            } catch (ProblemException refused) {
                assertThat(refused.problem().status()).isEqualTo(400);
                assertThat(depth).as("only very deep nesting is refused").isGreaterThan(500);
            }
        }
    }

    @Test
    void utf8IsStrictAndALeadingByteOrderMarkIsIgnored() {
        assertThat(PublishRequest.fromJson(utf8("\uFEFF{\"data\":\"\u00e9\u4e2d\ud83d\ude00\"}")).data())
                .isEqualTo("\"\u00e9\u4e2d\ud83d\ude00\"");
        assertThat(PublishRequest.fromJson(utf8("{\"data\":\"\\ud83d\\ude00\"}")).data()).isEqualTo("\"\ud83d\ude00\"");
        byte[][] invalid = {
                {'{', '"', 'd', 'a', 't', 'a', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'},           // bad continuation
                {'{', '"', 'd', 'a', 't', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // encoded surrogate
                {'{', '"', 'd', 'a', 't', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'},  // overlong
                {'{', '"', 'd', 'a', 't', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'},
                {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'},                                          // UTF-16
        };
        for (byte[] body : invalid) {
            assertThat(statusOf(() -> PublishRequest.fromJson(body))).isEqualTo(400);
        }
    }

    @Test
    void membersOtherThanTypeAndDataAreValidatedButIgnored() {
        assertThat(PublishRequest.fromJson(utf8("{\"id\":{\"x\":[1,2]},\"data\":true,\"more\":\"s\"}")))
                .isEqualTo(new PublishRequest(null, "true"));
        assertThat(PublishRequest.fromJson(utf8(" { \"data\" : { \"a\" : [ 1 , \"x\\ny\" , null , false ] } } \n")).data())
                .isEqualTo("{\"a\":[1,\"x\\ny\",null,false]}");
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

    /** A published event named "reset" would read, in a browser, as Herald's frame saying events were missed. */
    @Test
    void theTypeOfHeraldsMissedEventsFrameIsReservedInBothBodyForms() {
        assertThat(statusOf(() -> PublishRequest.fromJson(utf8("{\"type\":\"reset\",\"data\":1}")))).isEqualTo(400);
        assertThat(statusOf(() -> PublishRequest.fromText(utf8("x"), StandardCharsets.UTF_8, "reset"))).isEqualTo(400);
        // event names are case-sensitive in EventSource: only the frame's own name is reserved
        assertThat(PublishRequest.fromText(utf8("x"), StandardCharsets.UTF_8, "Reset").type()).isEqualTo("Reset");
        assertThat(PublishRequest.fromText(utf8("x"), StandardCharsets.UTF_8, "reset-password").type()).isEqualTo("reset-password");
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
