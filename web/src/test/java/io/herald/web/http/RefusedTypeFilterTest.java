package io.herald.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which {@code Accept} headers refuse a resource's declared types by weighting them {@code q=0}. */
class RefusedTypeFilterTest {

    private static final List<String> STREAM = List.of("text/event-stream");
    private static final List<String> JSON = List.of("application/json");

    @ParameterizedTest
    @ValueSource(strings = {"text/event-stream;q=0", "TEXT/EVENT-STREAM; q=0.000", "text/event-stream;q=0, */*",
            "text/*;q=0", "*/*;q=0", "text/*;q=0, application/json", "text/event-stream;charset=utf-8;q=0"})
    void aWeightOfZeroOnTheMostSpecificMatchingRangeRefuses(String accept) {
        assertThat(RefusedTypeFilter.refusesEvery(accept, STREAM)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/event-stream", "text/*;q=0, text/event-stream", "*/*;q=0, text/*;q=0.1",
            "text/event-stream;q=0.001", "*/*"})
    void aWeightAboveZeroOnTheMostSpecificMatchingRangeAccepts(String accept) {
        assertThat(RefusedTypeFilter.refusesEvery(accept, STREAM)).isFalse();
    }

    @Test
    void whatJerseyDecidesItselfIsLeftToIt() {
        assertThat(RefusedTypeFilter.refusesEvery(null, JSON)).as("no Accept").isFalse();
        assertThat(RefusedTypeFilter.refusesEvery("*/*;q=0", List.of())).as("no declared type").isFalse();
        assertThat(RefusedTypeFilter.refusesEvery("application/json;q=x", JSON)).as("unreadable: Jersey's 400").isFalse();
        assertThat(RefusedTypeFilter.refusesEvery("application/json;q=0, text/plain", List.of("application/json", "text/plain")))
                .as("another declared type stays acceptable").isFalse();
        assertThat(RefusedTypeFilter.refusesEvery("text/plain;q=0", List.of("text/*")))
                .as("a resource that produces a range").isFalse();
        assertThat(RefusedTypeFilter.refusesEvery("application/json;q=0, text/plain;q=0", DeclaredTypes.split(new String[] {"application/json, text/plain"})))
                .as("every declared type refused").isTrue();
    }
}
