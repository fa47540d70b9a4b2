package io.herald.core.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.api.HubUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** {@code herald.redis.uri} may carry a password: it must never reach a message, a log or a response. */
class RedactionTest {

    private static final String PASSWORD = "s3cr3t-Pa55%2Fword";

    @Test
    void userInfoIsMaskedInEveryUriOfATextAndTheConfiguredCredentialsWhereverTheyAppear() {
        Redaction r = Redaction.of("redis://herald:" + PASSWORD + "@redis.internal:6380/2");
        assertThat(r.apply("Redis connect failed at redis://herald:" + PASSWORD + "@redis.internal:6380/2: refused"))
                .isEqualTo("Redis connect failed at redis://****@redis.internal:6380/2: refused");
        assertThat(r.apply("AUTH failed for password " + PASSWORD + " (decoded: s3cr3t-Pa55/word)"))
                .doesNotContain(PASSWORD).doesNotContain("s3cr3t-Pa55/word");
        assertThat(r.apply("other rediss://u:p@h and redis-sentinel://x@s:26379#m"))
                .isEqualTo("other rediss://****@h and redis-sentinel://****@s:26379#m");
        assertThat(Redaction.of("redis://just-a-password@host").apply("redis://just-a-password@host"))
                .isEqualTo("redis://****@host");
        // without user-info nothing changes, short parts do not mask ordinary words
        assertThat(Redaction.of("redis://127.0.0.1:6379").apply("redis://127.0.0.1:6379 down")).isEqualTo("redis://127.0.0.1:6379 down");
        assertThat(Redaction.of("redis://:a@h").apply("a cat")).isEqualTo("a cat");
        assertThat(r.apply(null)).isNull();
    }

    @Test
    void settingsPrintedOrLoggedShowNoPassword() {
        RedisSettings settings = RedisSettings.of("redis://:" + PASSWORD + "@127.0.0.1:6379", "p:");
        assertThat(settings.toString()).doesNotContain(PASSWORD).contains("redis://****@127.0.0.1:6379");
        assertThat(settings.safeUri()).isEqualTo("redis://****@127.0.0.1:6379");
    }

    @Test
    void aRealConnectionFailureWithAPasswordInTheUriNamesNeitherPasswordInItsMessagesNorInTheLog() throws Exception {
        int closed = RedisTestSupport.freePort(); // nothing listens there
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
                if (record.getParameters() != null) {
                    for (Object p : record.getParameters()) {
                        text.append(' ').append(p);
                    }
                }
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    text.append(' ').append(t);
                }
                logged.add(text.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(RedisTransport.class.getName());
        log.addHandler(capture);
        RedisSettings settings = RedisSettings.of("redis://herald:" + PASSWORD + "@127.0.0.1:" + closed, "redaction-test:")
                .withCommandTimeout(Duration.ofMillis(300));
        try (RedisTransport transport = new RedisTransport(settings)) {
            transport.start(e -> { });
            for (int attempt = 0; attempt < 2; attempt++) { // a fresh connect, then the remembered failure
                assertThatThrownBy(() -> transport.publish("t", null, "x"))
                        .isInstanceOfSatisfying(HubUnavailableException.class, e -> {
                            for (Throwable t = e; t != null; t = t.getCause()) {
                                assertThat(t.toString()).doesNotContain(PASSWORD).doesNotContain("herald:" + "s3cr3t");
                                for (StackTraceElement frame : t.getStackTrace()) {
                                    assertThat(frame.toString()).doesNotContain(PASSWORD);
                                }
                            }
                            assertThat(e.getMessage()).contains("redis://****@127.0.0.1:" + closed);
                        });
            }
            assertThat(transport.toString()).doesNotContain(PASSWORD);
        } finally {
            log.removeHandler(capture);
        }
        assertThat(logged).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(PASSWORD));
    }

    @Test
    void anInvalidUriIsRefusedWithoutQuotingItsPassword() {
        // Lettuce's own message quotes the whole URI here
        assertThatThrownBy(() -> new RedisTransport(RedisSettings.of("rediss://u:" + PASSWORD + "@[::1", "p:")))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t)).doesNotContain(PASSWORD);
                    }
                });
    }
}
