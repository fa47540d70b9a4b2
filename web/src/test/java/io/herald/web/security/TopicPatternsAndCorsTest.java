package io.herald.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicPatternsAndCorsTest {

    @Test
    void namesPrefixesAndStar() {
        TopicPatterns p = TopicPatterns.of(List.of("alerts", " private.* ", ""));
        assertThat(p.matches("alerts")).isTrue();
        assertThat(p.matches("alerts2")).isFalse();
        assertThat(p.matches("private.ops")).isTrue();
        assertThat(p.matches("private")).isFalse();
        assertThat(TopicPatterns.of(List.of("*")).matches("x")).isTrue();
        assertThat(TopicPatterns.of(List.of()).isEmpty()).isTrue();
        assertThat(TopicPatterns.none().matches("x")).isFalse();
    }

    @Test
    void corsListedOriginsGetCredentialsStarGetsAnonymous() {
        CorsPolicy off = new CorsPolicy(List.of());
        assertThat(off.enabled()).isFalse();
        assertThat(off.grant("https://a.example")).isEqualTo(CorsPolicy.Grant.NONE);

        CorsPolicy listed = new CorsPolicy(List.of("https://app.example.com/", "http://localhost:3000"));
        assertThat(listed.grant("https://app.example.com")).isEqualTo(CorsPolicy.Grant.WITH_CREDENTIALS);
        assertThat(listed.grant("HTTPS://APP.example.com")).isEqualTo(CorsPolicy.Grant.WITH_CREDENTIALS);
        assertThat(listed.grant("http://localhost:3000")).isEqualTo(CorsPolicy.Grant.WITH_CREDENTIALS);
        assertThat(listed.grant("https://evil.example")).isEqualTo(CorsPolicy.Grant.NONE);
        assertThat(listed.grant("null")).isEqualTo(CorsPolicy.Grant.NONE);
        assertThat(listed.grant(null)).isEqualTo(CorsPolicy.Grant.NONE);

        CorsPolicy star = new CorsPolicy(List.of("*", "https://app.example.com"));
        assertThat(star.grant("https://app.example.com")).isEqualTo(CorsPolicy.Grant.WITH_CREDENTIALS);
        assertThat(star.grant("https://any.example")).isEqualTo(CorsPolicy.Grant.ANY_ORIGIN);
    }
}
