package io.herald.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one grammar an {@code Accept} header is read with ({@link MediaRange#parseAccept}), by the
 * edge filter on every container and by the direct lane, and the form the JAX-RS runtime is given.
 */
class AcceptSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "*/*;q=x", "text/plain;q=2", "*/*;q=1.0000", "*/*;q=1.5", "*/*;q=-0", "*/*;q=",
            "*/*;q=\"0.5\"", "text/plain; q=0.5; q=0.1", "a/b/c", "*/json", "/json", "text/", "text/plain;foo",
            "text/plain;=x", "text/plain;a b=c", "text/plain;a=\"b", "text/plain;a=b c", "te xt/plain", "text/pl@in",
            "application/json;v=\"a\\\"", "text/plain\u0000", "text/plain;a=\"\u0001\"", "\u00e9/x", "**", "*/*/*"})
    void whatIsNotAListOfMediaRangesIsUnreadable(String accept) {
        assertThat(MediaRange.parseAccept(accept)).as(accept).isNull();
        assertThat(MediaRange.negotiate(accept, MediaRange.of("application/json"))).isEqualTo(MediaRange.Negotiation.UNREADABLE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "text/event-stream | text/event-stream",
            "TEXT/Event-Stream;Q=0.5 | text/event-stream;q=0.5",
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
                    + " | text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8,application/signed-exchange;q=0.7",
            "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2 | text/html,image/gif,image/jpeg,*/*;q=0.2,*/*;q=0.2",
            "'  ,text/plain ,, ' | text/plain",
            "application/json;v=\"a,b;c\";q=1.000 | application/json;q=1.000",
            "'text/plain;;q=0;' | text/plain;q=0",
            "application/json; charset=\"ut\\\"f\" | application/json",
            "text/plain;q=0.001;level=1 | text/plain;q=0.001",
            "\t*/*\t | */*"})
    void aListOfMediaRangesIsReadAndGivenToJaxRsInOneForm(String accept, String canonical) {
        List<MediaRange.Weighted> ranges = MediaRange.parseAccept(accept);
        assertThat(ranges).as(accept).isNotNull();
        assertThat(ranges.stream().map(MediaRange.Weighted::canonical).collect(Collectors.joining(","))).isEqualTo(canonical);
    }

    @Test
    void aBlankHeaderIsAnEmptyListAndSaysNothing() {
        assertThat(MediaRange.parseAccept("")).isEmpty();
        assertThat(MediaRange.parseAccept(" , ")).isEmpty();
        assertThat(MediaRange.negotiate(" ", MediaRange.of("text/event-stream"))).isEqualTo(MediaRange.Negotiation.ACCEPTED);
    }

    @Test
    void anAcceptLanguageIsKeptFromTheRuntimeOnlyWhenAWeightDoesNotRead() {
        for (String readable : List.of("en", "en-US,fr;q=0.5", "*;q=.5", "en_US", "de;Q=1.000, *;q=0", "", "en;level=1")) {
            assertThat(AcceptSyntaxFilter.hasReadableWeights(readable)).as(readable).isTrue();
        }
        for (String unreadable : List.of("en;q=x", "en;q=2", "fr, en;q=1.0001", "en; q = abc", "en;q=")) {
            assertThat(AcceptSyntaxFilter.hasReadableWeights(unreadable)).as(unreadable).isFalse();
        }
    }

    @Test
    void severalAcceptFieldsAreOneList() {
        assertThat(AcceptSyntaxFilter.joined(Collections.enumeration(List.of("text/plain;q=0", "*/*")))).isEqualTo("text/plain;q=0,*/*");
        assertThat(AcceptSyntaxFilter.joined(Collections.enumeration(List.of("*/*")))).isEqualTo("*/*");
        assertThat(AcceptSyntaxFilter.joined(Collections.emptyEnumeration())).isNull();
    }

    @Test
    void theRuntimeSeesTheCanonicalHeaderOrNoneAndEveryOtherHeaderAsSent() {
        Map<String, List<String>> sent = Map.of("Accept", List.of("*; q=.2", "text/plain"), "X-Other", List.of("1"));
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> sent.getOrDefault((String) args[0], List.of()).stream().findFirst().orElse(null);
                    case "getHeaders" -> Collections.enumeration(sent.getOrDefault((String) args[0], List.of()));
                    case "getHeaderNames" -> Collections.enumeration(List.of("Accept", "X-Other"));
                    default -> null;
                });
        var rewritten = new AcceptSyntaxFilter.RuntimeHeaders(request, Map.of("Accept", "*/*;q=0.2,text/plain"));
        assertThat(rewritten.getHeader("accept")).isEqualTo("*/*;q=0.2,text/plain");
        assertThat(Collections.list(rewritten.getHeaders("ACCEPT"))).containsExactly("*/*;q=0.2,text/plain");
        assertThat(rewritten.getHeader("X-Other")).isEqualTo("1");
        Map<String, String> absent = new java.util.HashMap<>();
        absent.put("accept", null);
        var blank = new AcceptSyntaxFilter.RuntimeHeaders(request, absent);
        assertThat(blank.getHeader("Accept")).isNull();
        assertThat(Collections.list(blank.getHeaders("Accept"))).isEmpty();
        assertThat(Collections.list(blank.getHeaderNames())).containsExactly("X-Other");
        assertThat(AcceptSyntaxFilter.problem().status()).isEqualTo(400);
    }
}
