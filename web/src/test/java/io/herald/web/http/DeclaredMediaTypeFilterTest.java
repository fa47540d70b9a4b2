package io.herald.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeclaredMediaTypeFilterTest {

    @Test
    void anyClientSpellingOfADeclaredTypeIsAnsweredWithTheDeclaredText() {
        List<String> stream = List.of(MediaType.SERVER_SENT_EVENTS);
        for (String spelling : new String[] {"TEXT/EVENT-STREAM", "Text/Event-Stream;charset=UTF-8", "text/event-stream;x=\"a b\"",
                "text/event-stream"}) {
            assertThat(DeclaredMediaTypeFilter.declaredFor(MediaType.valueOf(spelling), stream)).as(spelling)
                    .isEqualTo("text/event-stream");
        }
        assertThat(DeclaredMediaTypeFilter.declaredFor(MediaType.valueOf("APPLICATION/JSON;q=0.5"),
                DeclaredTypes.split(new String[] {"text/plain, application/json"}))).isEqualTo("application/json");
    }

    @Test
    void aTypeTheResourceDidNotDeclareIsLeftAsItIs() {
        List<String> json = List.of(MediaType.APPLICATION_JSON);
        assertThat(DeclaredMediaTypeFilter.declaredFor(MediaType.valueOf("application/problem+json"), json)).isNull();
        assertThat(DeclaredMediaTypeFilter.declaredFor(MediaType.valueOf("text/html"), json)).isNull();
        assertThat(DeclaredMediaTypeFilter.declaredFor(MediaType.valueOf("application/json"), List.of("*/*"))).isNull();
    }
}
