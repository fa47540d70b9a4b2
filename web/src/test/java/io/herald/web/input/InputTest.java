package io.herald.web.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.web.problem.ProblemException;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputTest {

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "1.5", "+3", " 4", "4 ", "", "99999999999999999999", "0x10", "\u0661", "1\u0662", "12345678901234567890", "9999999999999999999"})
    void malformedPositionsAre400(String raw) {
        assertThatThrownBy(() -> EventPosition.parse("since", raw))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().detail()).startsWith("since ");
                });
    }

    @Test
    void positions() {
        assertThat(EventPosition.parse("since", null)).isEmpty();
        assertThat(EventPosition.parse("since", "0")).hasValue(0);
        assertThat(EventPosition.parse("since", "9223372036854775807")).hasValue(Long.MAX_VALUE);
        assertThat(EventPosition.parseOrZero("since", null)).isZero();
    }

    @Test
    void headerWinsOverQueryButBothAreValidated() {
        assertThat(EventPosition.resumeFrom("7", "3")).hasValue(7);
        assertThat(EventPosition.resumeFrom(null, "3")).hasValue(3);
        assertThat(EventPosition.resumeFrom("", null)).isEqualTo(OptionalLong.empty());
        assertThatThrownBy(() -> EventPosition.resumeFrom("7", "x")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> EventPosition.resumeFrom("-7", "3"))
                .hasMessageContaining("Last-Event-ID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a/b", "é", "a%2F", ".", "..", "%2E%2E"})
    void invalidTopicsAre400(String name) {
        assertThatThrownBy(() -> TopicParam.require(name))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(400));
    }

    @Test
    void topics() {
        assertThat(TopicParam.require("a.B_c~d-9")).isEqualTo("a.B_c~d-9");
        // dots are fine in a name, but not a name that is a URL's dot segment
        assertThat(TopicParam.require("...")).isEqualTo("...");
        assertThat(TopicParam.require(".a")).isEqualTo(".a");
        assertThatThrownBy(() -> TopicParam.require("x".repeat(129))).isInstanceOf(ProblemException.class);
        assertThat(TopicParam.requireAll(List.of("a", "b", "a"), 64)).containsExactlyInAnyOrder("a", "b");
        assertThatThrownBy(() -> TopicParam.requireAll(List.of(), 64)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> TopicParam.requireAll(null, 64)).isInstanceOf(ProblemException.class);
    }
}
