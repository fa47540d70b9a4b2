package io.herald.web.direct;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.web.http.MediaRange;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lane takes a request only when content negotiation and the query have one plain reading,
 * the one JAX-RS gives them; everything else is declined to the resources.
 */
class DirectRoutesTest {

    private static final MediaRange JSON = new MediaRange("application", "json");
    private static final MediaRange EVENT_STREAM = new MediaRange("text", "event-stream");

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "*/*", "application/*", "Application/JSON", "text/html, */*;q=0.1",
            "application/json;q=0.5, text/plain", "application/json; charset=utf-8", " application/json ",
            "*/*;q=0, application/json", "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2", "", "application/json,",
            ", application/json", "application/json;v=\"a,b\";q=0.5"})
    void aPollIsTakenWhenTheAcceptHeaderLetsJsonThrough(String accept) {
        assertThat(DirectRoutes.accepts(accept, JSON)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/json;q=0", "*/*;q=0", "application/*;q=0.0, */*",
            "application/json;q=2", "application/json;q=abc", "application/json;q=1.0000", "application/json;q=0.5;q=1",
            "application", "/json", "application/json/x", "*/json", "application/json;q", "application/json;v=\"a"})
    void aPollIsDeclinedWhenTheAcceptHeaderRefusesJsonOrCannotBeReadPlainly(String accept) {
        assertThat(DirectRoutes.accepts(accept, JSON)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/event-stream", "Text/Event-Stream", "text/*", "*/*", "text/event-stream, application/json;q=0.9"})
    void aStreamIsTakenWhenTheAcceptHeaderLetsEventStreamsThrough(String accept) {
        assertThat(DirectRoutes.accepts(accept, EVENT_STREAM)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/event-stream;q=0", "text/*;q=0, */*", "text/event-streams", "text/event-strea", "text-event-stream", "text/event-stream;q=0.0"})
    void aStreamIsDeclinedWhenTheAcceptHeaderRefusesEventStreams(String accept) {
        assertThat(DirectRoutes.accepts(accept, EVENT_STREAM)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"since=5", "since=5&timeout=10", "timeout=1&since=0", "since=&timeout=x", "since==5"})
    void aPlainQueryOfKnownParametersIsRead(String query) {
        assertThat(QueryParameters.parse(query, Set.of("since", "timeout"))).isNotNull();
    }

    @Test
    void aPlainQueryGivesEachKnownParameterItsValueAsSent() {
        QueryParameters both = QueryParameters.parse("timeout=10&since=5", Set.of("since", "timeout"));
        QueryParameters three = QueryParameters.parse("a=1&b=2&c=3", Set.of("a", "b", "c"));
        assertThat(three.values()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2", "c", "3"));
        assertThat(both.get("since")).isEqualTo("5");
        assertThat(both.get("timeout")).isEqualTo("10");
        QueryParameters odd = QueryParameters.parse("since==5", Set.of("since", "timeout"));
        assertThat(odd.get("since")).isEqualTo("=5");
        assertThat(odd.get("timeout")).isNull();
        assertThat(QueryParameters.parse("since=&timeout=x", Set.of("since", "timeout")).get("since")).isEmpty();
        assertThat(QueryParameters.parse("", Set.of("since")).get("since")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"since=5&since=6", "since=%35", "since=5+", "other=1", "since", "=5", "since=5&",
            "&since=5", "since=5&&timeout=1", "access_token=abc", "sinc=5", "sincee=5", "since=5&since=", "&", "="})
    void aQueryIsDeclinedWhenItIsNotPlainOrNamesAnotherParameter(String query) {
        assertThat(QueryParameters.parse(query, Set.of("since", "timeout"))).isNull();
    }
}
