package io.herald.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.web.http.ReasonPhrases;
import org.junit.jupiter.api.Test;

/** Every status Herald sets has its RFC 9110 phrase (Grizzly alone writes "429 CUSTOM", "413 Request Entity Too Large"). */
class ReasonPhrasesTest {

    @Test
    void everyStatusHeraldSetsHasItsStandardPhrase() {
        assertThat(ReasonPhrases.of(200)).isEqualTo("OK");
        assertThat(ReasonPhrases.of(201)).isEqualTo("Created");
        assertThat(ReasonPhrases.of(204)).isEqualTo("No Content");
        assertThat(ReasonPhrases.of(400)).isEqualTo("Bad Request");
        assertThat(ReasonPhrases.of(401)).isEqualTo("Unauthorized");
        assertThat(ReasonPhrases.of(403)).isEqualTo("Forbidden");
        assertThat(ReasonPhrases.of(404)).isEqualTo("Not Found");
        assertThat(ReasonPhrases.of(405)).isEqualTo("Method Not Allowed");
        assertThat(ReasonPhrases.of(406)).isEqualTo("Not Acceptable");
        assertThat(ReasonPhrases.of(413)).isEqualTo("Content Too Large");
        assertThat(ReasonPhrases.of(415)).isEqualTo("Unsupported Media Type");
        assertThat(ReasonPhrases.of(429)).isEqualTo("Too Many Requests");
        assertThat(ReasonPhrases.of(500)).isEqualTo("Internal Server Error");
        assertThat(ReasonPhrases.of(503)).isEqualTo("Service Unavailable");
        assertThat(ReasonPhrases.of(299)).isNull();
    }
}
