package io.herald.jakarta.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.BadRequestException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing a {@code Last-Event-ID} / {@code lastEventId} as Herald's own streams do. */
class ResumePositionTest {

    @Test
    void absentIsNoPosition() {
        assertThat(ResumePosition.parse(ResumePosition.HEADER, null)).isEmpty();
    }

    @Test
    void aNonNegativeDecimalIdIsThePosition() {
        assertThat(ResumePosition.parse(ResumePosition.HEADER, "0")).isEqualTo(OptionalLong.of(0));
        assertThat(ResumePosition.parse(ResumePosition.QUERY, "1764368400000001")).isEqualTo(OptionalLong.of(1764368400000001L));
        assertThat(ResumePosition.parse(ResumePosition.HEADER, Long.toString(Long.MAX_VALUE)))
                .isEqualTo(OptionalLong.of(Long.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12x", "-1", "+1", " 1", "1.0", "0x10", "9223372036854775808", "99999999999999999999"})
    void anythingElseIsABadRequestNamingItsSource(String value) {
        assertThatThrownBy(() -> ResumePosition.parse(ResumePosition.QUERY, value))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("lastEventId must be");
    }
}
