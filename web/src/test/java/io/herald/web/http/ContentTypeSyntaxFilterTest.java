package io.herald.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentTypeSyntaxFilterTest {

    @Test
    void contentTypesJaxRsCannotParseAreRefusedOthersPassOnToTheResources() {
        for (String bad : new String[] {"text/plain; charset=", "a/b; c", "application/", ";", "text/plain;;x"}) {
            assertThat(ContentTypeSyntaxFilter.parses(bad)).as(bad).isFalse();
        }
        for (String good : new String[] {"text/plain", "application/json; charset=utf-8", "TEXT/PLAIN",
                "text/plain; charset=\"utf-8\"", "application/xml", "text/plain; charset=x-unknown"}) {
            assertThat(ContentTypeSyntaxFilter.parses(good)).as(good).isTrue();
        }
        assertThat(ContentTypeSyntaxFilter.acceptable(java.util.List.of())).isTrue();
        assertThat(ContentTypeSyntaxFilter.acceptable(java.util.List.of("text/plain"))).isTrue();
        assertThat(ContentTypeSyntaxFilter.acceptable(java.util.List.of("text/plain", "text/plain"))).isFalse();
        assertThat(ContentTypeSyntaxFilter.acceptable(java.util.List.of("x"))).isFalse();
        assertThat(ContentTypeSyntaxFilter.problem().status()).isEqualTo(415);
    }
}
