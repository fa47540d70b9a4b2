package io.herald.web.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.web.events.PublishSettings;
import io.herald.web.limits.LimitSettings;
import io.herald.web.poll.PollSettings;
import io.herald.web.problem.RetryAfter;
import io.herald.web.security.AuthSettings;
import io.herald.web.security.CorsSettings;
import io.herald.web.stream.StreamSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebSettingsTest {

    @Test
    void withNoKeysEveryRecordHasTheDefaultsTheReadmeLists() {
        Config none = TestConfig.empty();
        assertThat(StreamSettings.from(none)).isEqualTo(new StreamSettings(Duration.ofMillis(3000), Duration.ofSeconds(15), 64));
        assertThat(PollSettings.from(none)).isEqualTo(new PollSettings(Duration.ofSeconds(25), Duration.ofSeconds(120)));
        assertThat(PublishSettings.from(none)).isEqualTo(new PublishSettings(65536));
        assertThat(LimitSettings.from(none)).isEqualTo(new LimitSettings(256, List.of()));
        assertThat(CorsSettings.from(none)).isEqualTo(new CorsSettings(List.of(), Duration.ofSeconds(600)));
        assertThat(RetryAfter.from(none)).isEqualTo(new RetryAfter(Duration.ofSeconds(5)));
        assertThat(AuthSettings.from(none)).isEqualTo(new AuthSettings(false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(30), List.of()));
    }

    @Test
    void everyKeyReachesItsRecord() {
        Config c = TestConfig.of(Map.ofEntries(
                Map.entry("herald.sse.retry-ms", "1500"), Map.entry("herald.sse.keepalive-seconds", "4"),
                Map.entry("herald.limit.topics-per-stream", "3"),
                Map.entry("herald.poll.default-timeout-seconds", "2"), Map.entry("herald.poll.max-timeout-seconds", "9"),
                Map.entry("herald.publish.max-bytes", "1024"),
                Map.entry("herald.limit.streams-per-client", "7"),
                Map.entry("herald.limit.trusted-proxies", " 10.0.0.0/8, ,127.0.0.1 "),
                Map.entry("herald.cors.allowed-origins", "https://a.example,https://b.example"),
                Map.entry("herald.cors.max-age-seconds", "60"),
                Map.entry("herald.limit.retry-after-seconds", "11"),
                Map.entry("herald.auth.dev-mode", "true"), Map.entry("herald.auth.jwt.secret", "  s3cret  "),
                Map.entry("herald.auth.jwt.issuer", "iss"), Map.entry("herald.auth.jwt.audience", "aud"),
                Map.entry("herald.auth.jwt.public-key-location", "/k.pem"),
                Map.entry("herald.auth.jwt.clock-skew-seconds", "0"),
                Map.entry("herald.auth.private-topics", "private.*,ops")));
        assertThat(StreamSettings.from(c)).isEqualTo(new StreamSettings(Duration.ofMillis(1500), Duration.ofSeconds(4), 3));
        assertThat(PollSettings.from(c)).isEqualTo(new PollSettings(Duration.ofSeconds(2), Duration.ofSeconds(9)));
        assertThat(PublishSettings.from(c).maxBodyBytes()).isEqualTo(1024);
        assertThat(LimitSettings.from(c)).isEqualTo(new LimitSettings(7, List.of("10.0.0.0/8", "127.0.0.1")));
        assertThat(CorsSettings.from(c)).isEqualTo(new CorsSettings(List.of("https://a.example", "https://b.example"),
                Duration.ofSeconds(60)));
        assertThat(RetryAfter.from(c).headerValue()).isEqualTo("11");
        AuthSettings auth = AuthSettings.from(c);
        assertThat(auth).isEqualTo(new AuthSettings(true, Optional.of("s3cret"), Optional.empty(), Optional.of("/k.pem"),
                Optional.of("iss"), Optional.of("aud"), Duration.ZERO, List.of("private.*", "ops")));
        assertThat(auth.toString()).doesNotContain("s3cret");
    }

    /** As before the split: a value below 1 fails start-up with a message naming its key. */
    @ParameterizedTest
    @ValueSource(strings = {"herald.sse.retry-ms", "herald.sse.keepalive-seconds", "herald.limit.topics-per-stream",
            "herald.poll.default-timeout-seconds", "herald.poll.max-timeout-seconds", "herald.publish.max-bytes",
            "herald.limit.streams-per-client", "herald.cors.max-age-seconds", "herald.limit.retry-after-seconds"})
    void aValueBelowOneFailsNamingItsKey(String key) {
        Config c = TestConfig.of(Map.of(key, "0"));
        List<Function<Config, Object>> readers = List.of(StreamSettings::from, PollSettings::from, PublishSettings::from,
                LimitSettings::from, CorsSettings::from, RetryAfter::from, AuthSettings::from);
        long failures = readers.stream().filter(read -> {
            try {
                read.apply(c);
                return false;
            } catch (IllegalArgumentException e) {
                assertThat(e).hasMessageContaining(key).hasMessageContaining("at least 1");
                return true;
            }
        }).count();
        assertThat(failures).as("records refusing " + key).isEqualTo(1);
    }

    @Test
    void aNegativeClockSkewFailsNamingItsKeyAndZeroIsNoTolerance() {
        assertThatThrownBy(() -> AuthSettings.from(TestConfig.of(Map.of("herald.auth.jwt.clock-skew-seconds", "-1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("herald.auth.jwt.clock-skew-seconds")
                .hasMessageContaining("at least 0");
        assertThat(AuthSettings.from(TestConfig.of(Map.of("herald.auth.jwt.clock-skew-seconds", "0"))).clockSkew()).isZero();
    }

    @Test
    void aValueThatIsNoNumberFailsNamingItsKey() {
        assertThatThrownBy(() -> PollSettings.from(TestConfig.of(Map.of("herald.poll.max-timeout-seconds", "soon"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("herald.poll.max-timeout-seconds");
    }
}
